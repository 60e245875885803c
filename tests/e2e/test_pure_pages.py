"""The tools that need no numbers library load none: their pages boot the evaluator on the Pyodide
core alone (the boot benchmark's pure-page figure applies to them), while the drift lab does load
numpy and scipy, so the watch below can see a package download when one happens."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

READY = 90_000  # booting Pyodide on a loaded 2-core machine; no timing decides a test
PURE_TOOLS = ["tools/self-assessment/", "tools/jd-builder/", "tools/jd-linter/", "tools/jd-templates/",
              "tools/pay-explorer/", "tools/team-helper/"]
PACKAGE = re.compile(r"/(numpy|scipy|openblas)[^/]*\.(whl|zip|tar)", re.I)


def packages_fetched(page, site_url, path) -> list[str]:
    seen: list[str] = []
    record = lambda request: seen.append(request.url)  # noqa: E731
    page.context.on("request", record)
    try:
        page.goto(site_url + path)
        expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=READY)
    finally:
        page.context.remove_listener("request", record)
    return [url for url in seen if PACKAGE.search(url)]


def test_the_pure_tools_fetch_no_numpy_or_scipy(page, site_url, watch):
    for path in PURE_TOOLS:
        assert packages_fetched(page, site_url, path) == [], path
        watch.assert_clean(path)


def test_the_drift_lab_does_fetch_them(page, site_url):
    fetched = packages_fetched(page, site_url, "tools/drift-lab/")
    assert any("numpy" in url for url in fetched) and any("scipy" in url for url in fetched), fetched
