"""The first command, `scripts/serve`, as a maintainer runs it: the pages load with no console error
and no CSP violation under MkDocs' live-reload server, and an edit reloads the open page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import PageWatch

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 180  # s: scripts/serve checks the venv and the runtime cache, then builds the whole site


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"scripts/serve exited with {proc.returncode}:\n{proc.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"scripts/serve did not answer at {url} within {START_TIMEOUT} s")


@pytest.fixture(scope="module")
def served():
    port = _free_port()
    env = {**os.environ, "MLOPS_KIT_VENV": sys.prefix}
    env.pop("MLOPS_KIT_SITE_URL", None)
    proc = subprocess.Popen(
        [str(ROOT / "scripts" / "serve"), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_serving(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_served_pages_are_clean_and_live_reload_runs(page, served):
    watch = PageWatch(origin=served.rstrip("/"))
    watch.attach(page)
    for path in ("", "guide/compensation/", "about/runtime-check/"):
        page.goto(served + path)
        expect(page.locator("article h1")).to_be_visible()
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=90_000)
    watch.assert_clean("scripts/serve")
    assert any("Enabled live reload" in log for log in watch.console_logs), watch.console_logs

    # An edit (here: a new modification time on a page's source) rebuilds and reloads the open page.
    page.evaluate("() => { window.__beforeReload = true; }")
    source = ROOT / "docs" / "about" / "runtime-check.md"
    with page.expect_event("load", timeout=120_000):
        os.utime(source)
    assert page.evaluate("() => window.__beforeReload === undefined"), "the page was not reloaded"
    watch.assert_clean("scripts/serve after live reload")
