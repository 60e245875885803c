"""The evaluator runtime in a real browser: boot, progress, numbers from numpy, errors, Stop."""

from __future__ import annotations

import json

import numpy as np
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

BOOT_TIMEOUT = 90_000  # ms; a 2-core machine under load boots Pyodide + numpy in 6 to 20 s
CHECK_PAGE = "about/runtime-check/"


def _status(page):
    return page.locator(".kit-runtime__text")


def test_boot_shows_progress_then_ready_and_numpy_computes(page, site_url, watch):
    seen: list[str] = []
    page.expose_binding("recordStatus", lambda _source, text: seen.append(text))
    page.goto(site_url + CHECK_PAGE)
    page.wait_for_selector(".kit-runtime__text")  # the tool mounts once its module has loaded
    # Record every text the live region shows from here on (the core takes seconds to load).
    page.evaluate(
        """() => {
          const el = document.querySelector('.kit-runtime__text');
          window.recordStatus(el.textContent);
          new MutationObserver(() => window.recordStatus(el.textContent))
            .observe(el, {childList: true, characterData: true, subtree: true});
        }"""
    )
    status = _status(page)
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT)
    expect(status).to_contain_text("numpy 2.0.2")
    expect(page.locator(".kit-runtime__bar")).to_be_hidden()
    assert any("Loading numpy" in s for s in seen), seen
    assert any("Loading the evaluator" in s for s in seen), seen
    assert seen[-1].startswith("Evaluator ready"), seen

    rng = np.random.default_rng(2026)
    values = rng.lognormal(0.0, 1.0, size=257)
    page.fill("textarea", "\n".join(repr(float(v)) for v in values))
    page.click("button[type=submit]")
    cell = page.locator('td[data-stat="standard deviation"]')
    expect(cell).to_be_visible()
    # The browser's numpy must agree with native numpy to the last printed digit.
    assert float(cell.text_content()) == pytest.approx(np.std(values, ddof=1), rel=1e-14)
    assert float(page.locator('td[data-stat="median"]').text_content()) == pytest.approx(np.median(values), rel=1e-14)
    watch.assert_clean(CHECK_PAGE)


def test_python_error_reaches_the_page_and_the_next_call_works(page, site_url, watch):
    page.goto(site_url + CHECK_PAGE)
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT)
    page.fill("textarea", "1 2 three 4")
    page.click("button[type=submit]")
    error = page.locator(".kit-error")
    expect(error).to_be_visible()
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_have_text("Could not summarise: item 3 ('three') is not a number")
    expect(page.locator("textarea")).to_have_value("1 2 three 4")  # the reader's input is kept

    page.fill("textarea", "1 2 3 4")
    page.click("button[type=submit]")
    expect(page.locator('td[data-stat="mean"]')).to_have_text("2.5")
    expect(error).to_be_hidden()
    watch.assert_clean(CHECK_PAGE)


def test_client_reports_python_exceptions_with_kind_and_trimmed_frames(page, site_url):
    page.goto(site_url + CHECK_PAGE)
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT)
    client = site_url + "assets/javascripts/runtime/client.js"
    outcome = page.evaluate(
        """async (client) => {
          const { runtimeFor } = await import(client);
          const rt = runtimeFor(["numpy"]);
          const out = [];
          for (const [fn, args] of [["no_such_function", {}], ["summarize", {valuez: [1]}], ["summarize", {values: [1, 2]}]]) {
            try { out.push({ok: true, result: await rt.call(fn, args)}); }
            catch (e) { out.push({ok: false, kind: e.kind, message: e.message, name: e.name}); }
          }
          return out;
        }""",
        client,
    )
    unknown, bad_call, good = outcome
    assert unknown["ok"] is False and unknown["kind"] == "unknown-function" and unknown["name"] == "EvaluatorError"
    assert "'no_such_function'" in unknown["message"]
    assert bad_call["kind"] == "bad-call" and "valuez" in bad_call["message"]
    assert "pyodide" not in json.dumps(outcome).lower()
    assert good == {"ok": True, "result": good["result"]} and good["result"]["mean"] == 1.5


def test_stop_ends_a_long_call_keeps_input_and_restarts(page, site_url, watch):
    page.goto(site_url + CHECK_PAGE)
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT)
    big = " ".join(["0.5"] * 3_000_000)  # seconds of parsing in the worker
    page.evaluate("(text) => { document.querySelector('textarea').value = text; }", big)
    page.click("button[type=submit]")
    stop = page.get_by_role("button", name="Stop the evaluator and restart it")
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "busy")
    expect(stop).to_be_enabled()
    stop.click()
    expect(page.locator(".kit-error")).to_contain_text("Stopped")
    assert page.evaluate("() => document.querySelector('textarea').value.length") == len(big)
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT)
    page.fill("textarea", "10 20")
    page.click("button[type=submit]")
    expect(page.locator('td[data-stat="mean"]')).to_have_text("15")
    watch.assert_clean(CHECK_PAGE)


def test_pure_python_runtime_does_not_load_numpy(page, site_url, watch):
    requested: list[str] = []
    page.context.on("request", lambda r: requested.append(r.url))
    page.goto(site_url + "about/how-it-works/")  # a page with no numpy tool on it
    env = page.evaluate(
        """async (client) => {
          const { runtimeFor } = await import(client);
          const rt = runtimeFor([]);
          await rt.ready;
          return rt.call("environment");
        }""",
        site_url + "assets/javascripts/runtime/client.js",
    )
    assert env["python"].startswith("3.12")
    assert env["libraries"] == {"numpy": None, "scipy": None}
    assert any(u.endswith("pyodide.asm.wasm") for u in requested)
    assert any(u.endswith("-py3-none-any.whl") for u in requested)
    assert not [u for u in requested if "numpy-" in u or "scipy-" in u or "openblas" in u]
    watch.assert_clean("about/how-it-works/")
