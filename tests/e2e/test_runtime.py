"""The evaluator runtime in a real browser: boot, progress, numbers from numpy, errors, Stop."""

from __future__ import annotations

import json

import numpy as np
import pytest
from playwright.sync_api import expect

from evaluator import api

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
    # The status line speaks plainly; the versions are on this technical page's own line.
    expect(page.locator(".kit-runtime-check__environment")).to_contain_text("numpy 2.0.2")
    expect(page.locator(".kit-runtime-check__environment")).to_contain_text("Python 3.12")
    expect(page.locator(".kit-runtime__bar")).to_be_hidden()
    assert any("Loading the statistics libraries" in s for s in seen), seen
    assert any("Loading the kit's own calculations" in s for s in seen), seen
    assert seen[-1].startswith("Ready."), seen
    assert not any("Python" in s or "evaluator" in s.lower() for s in seen), seen

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
    client = site_url + "assets/javascripts/evaluator/client.js"
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
    assert good == {"ok": True, "result": api.summarize(values=[1, 2])}


def _ready_and_computing(page) -> None:
    """The check page's runtime reaches "ready" and answers a call (after a stop or a failure)."""
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT)
    page.fill("textarea", "10 20")
    page.click("button[type=submit]")
    expect(page.locator('td[data-stat="mean"]')).to_have_text("15")


def _hold(page, pattern: str):
    """Hold every request matching ``pattern`` until the returned release() is called."""
    held = []
    page.context.route(pattern, lambda route: held.append(route))

    def release():
        page.context.unroute(pattern)
        for route in held:
            try:
                route.continue_()
            except Exception:  # noqa: BLE001 - the stopped worker's request may be gone already
                pass

    return held, release


def test_stop_cancels_a_pending_call_keeps_input_and_restarts(page, site_url, watch):
    """Deterministic on any machine: the boot is held at the evaluator wheel, so the call is
    certainly pending when Stop is pressed."""
    held, release = _hold(page, "**/runtime/evaluator/**/*.whl")
    page.goto(site_url + CHECK_PAGE)
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "busy")
    page.fill("textarea", "1 2 3 kept")
    page.click("button[type=submit]")
    # The worker announces the evaluator step, then asks for the wheel, which is held.
    expect(page.locator(".kit-runtime__text")).to_contain_text("Loading the kit's own calculations", timeout=BOOT_TIMEOUT)
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the wheel request was never held: the test would not test a pending call"
    stop = page.get_by_role("button", name="Stop the calculation and start again")
    expect(stop).to_be_enabled()
    stop.click()
    expect(page.locator(".kit-error")).to_contain_text("Stopped")
    expect(page.locator("textarea")).to_have_value("1 2 3 kept")
    release()
    _ready_and_computing(page)
    watch.assert_clean(CHECK_PAGE)


def test_stop_ends_a_running_computation_at_its_first_progress_report(page, site_url, watch):
    """The page stops the worker from inside the first progress callback of a long call, so the
    call is certainly running (with most of its work ahead) however fast the machine is."""
    page.goto(site_url + CHECK_PAGE)
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT)
    outcome = page.evaluate(
        """async (client) => {
          const { runtimeFor } = await import(client);
          const rt = runtimeFor(["numpy"]);
          await rt.ready;
          // 400,000 rows in each file: the first progress report comes after 50,000 of them.
          const rows = ["a,b"];
          for (let i = 0; i < 400000; i++) rows.push(`${i % 97},${(i * 7) % 13}`);
          const bytes = () => new TextEncoder().encode(rows.join("\\n"));
          const reports = [];
          const started = performance.now();
          try {
            await rt.call("drift_report", { reference: bytes(), current: bytes() }, {
              onProgress: (p) => { reports.push(p); if (reports.length === 1) rt.stop(); },
            });
            return { finished: true, reports };
          } catch (e) {
            return { finished: false, kind: e.kind, message: e.message, reports, ms: performance.now() - started };
          }
        }""",
        site_url + "assets/javascripts/evaluator/client.js",
    )
    assert outcome["finished"] is False and outcome["kind"] == "stopped", outcome
    first = outcome["reports"][0]
    assert first["stage"] == "reading reference.csv" and 0 < first["done"] < first["total"], first
    # The worker was replaced: the next call runs on a fresh one.
    _ready_and_computing(page)
    watch.assert_clean(CHECK_PAGE)


def test_a_failed_manifest_fetch_can_be_retried_with_stop(page, site_url, watch):
    failures = []

    def fail_once(route):
        if not failures:
            failures.append(route.request.url)
            route.fulfill(status=503, body="busy")
        else:
            route.continue_()

    page.context.route("**/runtime/manifest.json", fail_once)
    page.goto(site_url + CHECK_PAGE)
    box = page.locator(".kit-runtime")
    expect(box).to_have_attribute("data-state", "failed", timeout=BOOT_TIMEOUT)
    expect(page.locator(".kit-runtime__text")).to_contain_text("HTTP 503")
    page.get_by_role("button", name="Stop the calculation and start again").click()
    _ready_and_computing(page)
    assert len(failures) == 1
    # The 503 is the one console error this test causes on purpose.
    watch.console_errors = [e for e in watch.console_errors if "503" not in e]
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
        site_url + "assets/javascripts/evaluator/client.js",
    )
    assert env["python"].startswith("3.12")
    assert env["libraries"] == {"numpy": None, "scipy": None}
    assert any(u.endswith("pyodide.asm.wasm") for u in requested)
    assert any(u.endswith("-py3-none-any.whl") for u in requested)
    assert not [u for u in requested if "numpy-" in u or "scipy-" in u or "openblas" in u]
    watch.assert_clean("about/how-it-works/")
