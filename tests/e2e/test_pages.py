"""Every page of the built site, in light and dark: nothing off-origin, no console or CSP error,
no serious or critical axe-core violation, and tools that survive instant navigation."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from scripts.screenshots import settle

from .conftest import PageWatch

pytestmark = pytest.mark.e2e

AXE = Axe()
BLOCKING = {"serious", "critical"}


def _page_paths(site: Path) -> list[str]:
    paths = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search", "runtime")):
            continue
        paths.append("" if rel == "." else rel + "/")
    return paths


@pytest.fixture(scope="module")
def page_paths(site_dir) -> list[str]:
    paths = _page_paths(site_dir)
    assert len(paths) >= 4
    return paths


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_is_clean_and_accessible(browser, site_url, page_paths, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    origin = site_url.split("/mlops-hiring-kit/")[0]
    watch = PageWatch(origin=origin)
    watch.attach(page)
    problems = []
    try:
        for path in page_paths:
            page.goto(site_url + path, wait_until="load")
            want = "slate" if scheme == "dark" else "default"
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", want)
            settle(page)  # Mermaid diagrams drawn, fonts loaded, tools mounted
            result = AXE.run(page)
            for v in result.response["violations"]:
                if v["impact"] in BLOCKING:
                    targets = [n["target"] for n in v["nodes"]][:3]
                    problems.append(f"{path} [{scheme}] {v['id']} ({v['impact']}): {v['help']} at {targets}")
            watch.assert_clean(f"{path} [{scheme}]")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_tools_survive_instant_navigation_away_and_back(page, site_url, watch):
    page.goto(site_url + "about/runtime-check/")
    runtime = page.locator(".kit-runtime")
    expect(runtime).to_have_attribute("data-state", "ready", timeout=90_000)
    page.evaluate("() => { window.__sameDocument = true; }")
    # Instant navigation: click an internal link; the document is swapped, not reloaded.
    page.get_by_role("link", name="How it works").first.click()
    expect(page).to_have_url(site_url + "about/how-it-works/")
    assert page.evaluate("() => window.__sameDocument === true"), "navigation reloaded the page; instant navigation is off"
    page.go_back()
    expect(page).to_have_url(site_url + "about/runtime-check/")
    expect(page.locator(".kit-runtime")).to_have_count(1)
    # The runtime is kept for the visit, so coming back finds it ready at once.
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=5_000)
    page.fill("textarea", "2 4")
    page.click("button[type=submit]")
    expect(page.locator('td[data-stat="mean"]')).to_have_text("3")
    watch.assert_clean("instant navigation")
