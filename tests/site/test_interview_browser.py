"""The interview pages in Chromium: each scorecard prints on one page (A4 and Letter) without the
site's navigation, in either colour scheme. (Accessibility and off-origin requests of every page,
these included, are checked by the site-wide sweep in tests/e2e/test_pages.py.)"""

from __future__ import annotations

import os
import re

import pytest

pytestmark = pytest.mark.e2e

SCORECARDS = ["scorecard-stage-1/", "scorecard-stage-2/", "scorecard-stage-3/"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


# The same launch settings as tests/e2e/conftest.py, so pytest-playwright's one browser serves both.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not found: scripts/test installs Debian's chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("page", SCORECARDS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_scorecard_prints_on_one_page(browser, site_url, page, scheme):
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.goto(site_url + "interview/" + page)
    tab.wait_for_load_state("networkidle")
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
