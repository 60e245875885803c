"""Playwright in Debian's Chromium (one browser for every e2e test), with a watch on everything a
page does that it must not."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from scripts.browser import launch_args

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    try:
        return {**browser_type_launch_args, **launch_args()}
    except FileNotFoundError as exc:
        pytest.fail(str(exc))


@dataclass
class PageWatch:
    """What a page did that a test may forbid: off-origin requests, console errors, CSP violations."""

    origin: str
    off_origin: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_logs: list[str] = field(default_factory=list)

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
        else:
            self.console_logs.append(text)

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
