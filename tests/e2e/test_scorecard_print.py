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


LONG_EVIDENCE = (
    "Plotted every column by day before any drift test and found the charges in cents from the 18th, "
    "with every value a whole number from that day. Said the login feature drops to 0 on the 14th and "
    "called it a stale feature, not drift, and asked who owns the feature store's refresh job. Dropped "
    "the duplicated rows before measuring accuracy, and proposed a row-count check per day. Weighed the "
    "concept drift in the north region against the faults and asked the business what retention needs. "
)


@pytest.mark.parametrize("page", SCORECARDS)
def test_typed_evidence_prints_in_full_and_the_card_grows_to_a_second_page(browser, site_url, page):
    """Four or five sentences in every evidence box and the notes: nothing is cut, no box overlaps
    its label or the next row, on A4 and on Letter; the card takes a second page, as the screen says."""
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(site_url + "interview/" + page)
    expect(tab.locator(".kit-scorecard")).to_be_visible()
    assert "runs onto a second page" in tab.locator(".kit-screen-only").inner_text()
    boxes = tab.locator(".kit-scorecard [role=textbox]")
    assert boxes.count() >= 4
    for i in range(boxes.count()):
        boxes.nth(i).click()
        tab.keyboard.type(LONG_EVIDENCE[:120])  # real typing, then the rest at once
        boxes.nth(i).evaluate("(e, rest) => { e.textContent += rest; }", LONG_EVIDENCE[120:])
    tab.evaluate("() => document.fonts.ready.then(() => true)")
    for paper, width_mm in (("A4", 186), ("Letter", 192)):
        tab.set_viewport_size({"width": round(width_mm / 25.4 * 96), "height": 1000})
        tab.emulate_media(media="print")
        for i in range(boxes.count()):
            box = boxes.nth(i)
            assert box.inner_text().strip() == LONG_EVIDENCE.strip()
            clipped = box.evaluate("e => e.scrollHeight > e.clientHeight + 1 || getComputedStyle(e).overflow === 'hidden' && e.scrollHeight > e.clientHeight")
            assert not clipped, f"{page} {paper}: box {i} cuts its text"
            label = tab.locator("#" + box.get_attribute("aria-labelledby")).bounding_box()
            mine = box.bounding_box()
            assert label["y"] + label["height"] <= mine["y"] + 1, f"{page} {paper}: box {i} overlaps its label"
            after = box.evaluate("""e => { const row = e.closest('tr');
                const next = row ? row.nextElementSibling : e.parentElement.nextElementSibling;
                return next ? next.getBoundingClientRect().top : null; }""")
            if after is not None:
                assert mine["y"] + mine["height"] <= after + 1, f"{page} {paper}: box {i} overlaps what follows"
        pages = pdf_pages(tab.pdf(format=paper))  # print media (set above; pdf() keeps what is emulated)
        assert 2 <= pages <= 3, f"{page} in {paper}: {pages} pages"
    context.close()
