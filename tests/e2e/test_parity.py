"""The same inputs give the same numbers natively and in the browser (Pyodide, numpy, scipy)."""

from __future__ import annotations

import math

import pytest

from evaluator import api

pytestmark = pytest.mark.e2e

STAGE2 = "interview/files/stage2/"


def _compare(native, browser, path="report"):
    """Equal structure; floats equal to 1e-12 relative (CPython 3.11 here, 3.12 in Pyodide)."""
    if isinstance(native, float) or isinstance(browser, float):
        assert isinstance(browser, (int, float)) and not isinstance(browser, bool), path
        assert math.isclose(native, browser, rel_tol=1e-12, abs_tol=1e-300), f"{path}: {native} != {browser}"
    elif isinstance(native, dict):
        assert isinstance(browser, dict) and native.keys() == browser.keys(), f"{path}: keys differ"
        for key in native:
            _compare(native[key], browser[key], f"{path}.{key}")
    elif isinstance(native, list):
        assert isinstance(browser, list) and len(native) == len(browser), f"{path}: lengths differ"
        for i, (a, b) in enumerate(zip(native, browser)):
            _compare(a, b, f"{path}[{i}]")
    else:
        assert native == browser, f"{path}: {native!r} != {browser!r}"


@pytest.mark.parametrize("options", [None, {"preset": "evidently"}, {"binning": {"method": "equal-width", "bins": 7}, "log_base": 2}])
def test_drift_report_in_the_browser_equals_native(page, site_url, site_dir, watch, options):
    reference = (site_dir / STAGE2 / "reference.csv").read_bytes()
    current = (site_dir / STAGE2 / "current.csv").read_bytes()
    native = api.drift_report(reference=reference, current=current, options=options)

    page.goto(site_url + "about/how-it-works/")
    browser = page.evaluate(
        """async ([client, base, options]) => {
          const { runtimeFor } = await import(client);
          const rt = runtimeFor(["numpy", "scipy"]);
          // The files cross into the worker as bytes (transferred), not as JSON text.
          const bytes = async (name) => new Uint8Array(await (await fetch(base + name)).arrayBuffer());
          const reference = await bytes("reference.csv");
          const current = await bytes("current.csv");
          const report = await rt.call("drift_report", { reference, current, options },
                                       { transfer: [reference.buffer, current.buffer] });
          return { report, transferred: reference.byteLength === 0 && current.byteLength === 0 };
        }""",
        [site_url + "assets/javascripts/evaluator/client.js", site_url + STAGE2, options],
    )
    assert browser["transferred"], "the CSV buffers were copied, not transferred"
    report = browser["report"]
    assert report["schema"] == native["schema"] == "mlops-kit/drift-report/v1"
    assert report["summary"]["columns_drifted"] == native["summary"]["columns_drifted"] >= 1
    _compare(native, report)
    watch.assert_clean("drift parity")
