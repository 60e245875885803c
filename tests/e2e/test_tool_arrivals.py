"""One battery for every tool page: however the reader arrives, the tool mounts and does its job.

Each tool is reached four ways in one browser tab: by a link on the home page (Material's instant
navigation swaps the page; no reload), by its link in the sidebar (instant again), by the back
button after leaving it, and by loading its address. Each time the tool's main task must complete
(a result from the evaluator, not just a form), and the tab must show no console error, no CSP
violation and no request off the site. Every e2e test before this one opened tools by their URL,
which is how the drift lab's lost setup (an inline JSON script that instant navigation turned into
a blocked executable script) went unseen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from .conftest import PageWatch

pytestmark = pytest.mark.e2e

TASK = 240_000  # ms: booting Pyodide (with numpy and scipy for two tools) and the task, on a loaded 2-core machine


def _drift_lab(page: Page) -> None:
    lab = page.locator('[data-tool="drift-lab"]')
    expect(lab.get_by_role("button", name="Compare")).to_be_visible()
    expect(lab.locator('input[type="file"]')).to_have_count(2)
    lab.get_by_role("button", name="Load the example").click()
    expect(lab.locator(".drift-lab__live .drift-lab__result")).to_be_visible(timeout=TASK)
    expect(lab.locator(".drift-lab__live")).to_contain_text("Gate")


def _self_assessment(page: Page) -> None:
    page.evaluate("() => localStorage.clear()")
    tool = page.locator('[data-tool="self-assessment"]')
    tool.get_by_role("button", name=re.compile("Start the assessment|Continue where you left off")).click(timeout=TASK)
    areas = tool.get_by_role("navigation", name="Areas of the assessment").get_by_role("button")
    areas.last.click()
    tool.get_by_role("button", name="See my result").click()
    expect(tool.locator('[data-view="result"]')).to_be_visible(timeout=TASK)
    page.evaluate("() => localStorage.clear()")


def _jd_templates(page: Page) -> None:
    tool = page.locator('[data-tool="jd-templates"]')
    tool.get_by_label("Level").select_option(index=0)
    expect(tool.locator(".kit-advert")).to_be_visible(timeout=TASK)
    expect(tool.locator(".kit-builder__summary")).to_contain_text("Showing the template", timeout=TASK)


def _jd_builder(page: Page) -> None:
    tool = page.locator('[data-tool="jd-builder"]')
    tool.get_by_role("button", name="Build the advert").click(timeout=TASK)
    expect(tool.locator(".kit-advert")).to_be_visible(timeout=TASK)


def _jd_linter(page: Page) -> None:
    tool = page.locator('[data-tool="jd-linter"]')
    tool.get_by_role("button", name="Paste an example").click(timeout=TASK)
    tool.get_by_role("button", name="Check the advert").click()
    expect(tool.locator(".kit-findings > li").first).to_be_visible(timeout=TASK)


def _pay_explorer(page: Page) -> None:
    tool = page.locator('[data-tool="pay-explorer"]')
    region = tool.get_by_label("Region")
    expect(tool.locator('table[data-source="pay-explorer"]')).to_be_visible(timeout=TASK)
    region.select_option(index=1)
    chosen = region.locator("option").nth(1).text_content()
    expect(tool.locator("table caption").first).to_contain_text(chosen, timeout=TASK)


def _team_helper(page: Page) -> None:
    tool = page.locator('[data-tool="team-helper"]')
    tool.locator("select").first.select_option(index=1, timeout=TASK)  # one answer at least
    tool.get_by_role("button", name="Recommend").click()
    expect(tool.locator(".kit-team__verdict")).to_be_visible(timeout=TASK)


def _variants(page: Page) -> None:
    tool = page.locator('[data-tool="interview-variants"]')
    tool.get_by_label(re.compile("^Stage 3:")).check(timeout=TASK)
    tool.get_by_label("Seed", exact=True).fill("31")
    tool.get_by_label(re.compile("^Practice variant")).check()  # a short seed is a practice variant only
    tool.get_by_role("button", name="Make the variant").click()
    expect(tool.get_by_role("heading", name="Stage 3 variant, seed 31")).to_be_visible(timeout=TASK)


def _runtime_check(page: Page) -> None:
    tool = page.locator('[data-tool="runtime-check"]')
    tool.locator("textarea").fill("2 4")
    tool.get_by_role("button", name="Summarise with numpy").click()
    expect(tool.locator('td[data-stat="mean"]')).to_have_text("3", timeout=TASK)


@dataclass(frozen=True)
class Tool:
    path: str  # the tool page, under the site
    task: Callable[[Page], None]  # the tool's main task, to a result
    beside: str  # a page whose sidebar links to the tool
    on_home: bool = True  # the home page links to it


TOOLS = {
    "drift-lab": Tool("tools/drift-lab/", _drift_lab, beside="tools/drift-methods/"),
    "self-assessment": Tool("tools/self-assessment/", _self_assessment, beside="tools/drift-methods/"),
    "jd-templates": Tool("tools/jd-templates/", _jd_templates, beside="tools/drift-methods/"),
    "jd-builder": Tool("tools/jd-builder/", _jd_builder, beside="tools/drift-methods/"),
    "jd-linter": Tool("tools/jd-linter/", _jd_linter, beside="tools/drift-methods/"),
    "pay-explorer": Tool("tools/pay-explorer/", _pay_explorer, beside="tools/drift-methods/"),
    "team-helper": Tool("tools/team-helper/", _team_helper, beside="tools/drift-methods/"),
    "interview-variants": Tool("interview/variants/", _variants, beside="interview/"),
    "runtime-check": Tool("about/runtime-check/", _runtime_check, beside="about/how-it-works/", on_home=False),
}


def _mark_document(page: Page) -> None:
    page.evaluate("() => { window.__sameDocument = true; }")


def _assert_swapped(page: Page, url: str, how: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(url) + "(#.*)?$"))
    assert page.evaluate("() => window.__sameDocument === true"), f"{how}: the page reloaded; instant navigation is off"


def _click_link_to(page: Page, scope: str, url: str) -> None:
    """Click the first visible link inside ``scope`` whose resolved address is ``url``."""
    links = page.locator(f":is({scope}) a[href]")
    for _ in range(50):  # the page may still be swapping in
        index = links.evaluate_all(
            "(links, url) => links.findIndex((a) => a.href.split('#')[0] === url && a.offsetParent !== null)", url)
        if index >= 0:
            links.nth(index).click()
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"no visible link to {url} in {scope} on {page.url}")


def _mounted(page: Page, name: str) -> None:
    tool = page.locator(f'[data-tool="{name}"]')
    expect(tool).to_have_attribute("data-tool-mounted", "true", timeout=30_000)
    expect(tool.locator(".kit-error[role=alert]:visible")).to_have_count(0)


@pytest.mark.parametrize("name", list(TOOLS))
def test_every_arrival_mounts_the_tool_and_its_task_completes(browser, site_url, name):
    tool = TOOLS[name]
    url = site_url + tool.path
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    watch = PageWatch(origin=re.match(r"https?://[^/]+", site_url).group(0))
    watch.attach(page)
    try:
        # 1. From the home page, by instant navigation (the sidebar when the home page has no link).
        page.goto(site_url)
        _mark_document(page)
        if tool.on_home:
            _click_link_to(page, ".md-content", url)
        else:
            _click_link_to(page, ".md-content", site_url + tool.beside)
            _assert_swapped(page, site_url + tool.beside, "to the page beside")
            _click_link_to(page, ".md-sidebar--primary", url)
        _assert_swapped(page, url, "from the home page")
        _mounted(page, name)
        tool.task(page)
        watch.assert_clean(f"{name}: from the home page")

        # 2. From the sidebar of another page, by instant navigation.
        _click_link_to(page, ".md-header, .md-tabs, .md-sidebar--primary", site_url + tool.beside)
        _assert_swapped(page, site_url + tool.beside, "to the page beside")
        _click_link_to(page, ".md-sidebar--primary", url)
        _assert_swapped(page, url, "from the sidebar")
        _mounted(page, name)
        tool.task(page)
        watch.assert_clean(f"{name}: from the sidebar")

        # 3. By the back button, after leaving for the home page.
        page.locator(".md-header a.md-logo").click()
        _assert_swapped(page, site_url, "to the home page")
        page.go_back()
        _assert_swapped(page, url, "back")
        _mounted(page, name)
        tool.task(page)
        watch.assert_clean(f"{name}: by the back button")

        # 4. By its address.
        page.goto(url)
        _mounted(page, name)
        tool.task(page)
        watch.assert_clean(f"{name}: by its address")
    finally:
        context.close()
