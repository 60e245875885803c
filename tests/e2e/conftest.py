"""Playwright in Debian's Chromium, with a watch on everything a page does that it must not."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium phones home at start; here that is refused
# and would be noise. None of these flags changes how pages load or run.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: scripts/test installs Debian's chromium (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@dataclass
class PageWatch:
    """What a page did that a test may forbid: off-origin requests, console errors, CSP violations."""

    origin: str
    off_origin: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        # Workers' requests go through the context, so watch there too.
        page.context.on("request", self._on_request)

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin and request.url not in self.off_origin:
            self.off_origin.append(request.url)

    def _on_console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp_violations.append(text)
        elif message.type == "error":
            self.console_errors.append(text)

    def assert_clean(self, where: str) -> None:
        assert not self.off_origin, f"{where}: requests left the site's origin: {self.off_origin}"
        assert not self.csp_violations, f"{where}: CSP violations: {self.csp_violations}"
        assert not self.console_errors, f"{where}: console errors: {self.console_errors}"
        assert not self.page_errors, f"{where}: uncaught page errors: {self.page_errors}"


@pytest.fixture
def watch(page, site_url) -> PageWatch:
    parts = urlsplit(site_url)
    w = PageWatch(origin=f"{parts.scheme}://{parts.netloc}")
    w.attach(page)
    return w
