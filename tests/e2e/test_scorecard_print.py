"""The interview scorecards in Chromium: each prints on one page (A4 and Letter) without the site's
navigation, in either colour scheme. (Accessibility and off-origin requests of every page, these
included, are checked by the site-wide sweep in test_pages.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SCORECARDS = ["scorecard-screen/", "scorecard-stage-1/", "scorecard-stage-2/", "scorecard-stage-3/"]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("page", SCORECARDS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_scorecard_prints_on_one_page(browser, site_url, page, scheme):
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.goto(site_url + "interview/" + page)
    # What the printout depends on: the scorecard laid out and the page's scheme applied.
    expect(tab.locator(".kit-scorecard")).to_be_visible()
    expect(tab.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    tab.evaluate("() => document.fonts.ready.then(() => true)")  # no polling: the CSP forbids its eval
    for paper in ("A4", "Letter"):
        assert pdf_pages(tab.pdf(format=paper)) == 1, f"{page} in {paper} ({scheme})"
    tab.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", "article > h1"):
        assert not tab.locator(chrome).first.is_visible(), chrome
    assert tab.locator(".kit-scorecard").is_visible()
    # Black on white in print, also in the dark scheme.
    colour = tab.locator(".kit-scorecard__dim").first.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(0, 0, 0)"
    context.close()
