"""Private variants in the browser: the page makes the candidate's ZIP and the key in its worker,
and they are the very bytes the evaluator writes natively for the same stage and seed."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from evaluator import api

pytestmark = pytest.mark.e2e

PAGE = "interview/variants/"
AXE = Axe()


def open_page(page, site_url):
    page.goto(site_url + PAGE)
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=120_000)


def make(page, stage: str, seed: str):
    page.get_by_label(re.compile(f"^Stage {stage[-1]}:")).check()
    page.get_by_label("Seed", exact=True).fill(seed)
    page.get_by_role("button", name="Make the variant").click()


def downloaded(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(name)).click()
    return open(info.value.path(), "rb").read()


@pytest.mark.parametrize(("stage", "seed"), [("stage-2", "482 199 301 175"), ("stage-3", "907 355 118 402")])
def test_the_browser_s_zip_and_key_are_the_native_bytes(page, site_url, watch, stage, seed):
    native = api.interview_variant(stage=stage, seed=seed)
    open_page(page, site_url)
    make(page, stage, seed)
    status = page.locator(".kit-variants__progress [role=status]")
    grouped = f"{native['seed']:,}".replace(",", " ")
    expect(page.get_by_role("heading", name=f"Stage {stage[-1]} variant, seed {grouped}")).to_be_visible(timeout=120_000)
    expect(status).to_have_text(f"Variant ready: {native['zip_name']} and {native['key_name']}.")
    assert downloaded(page, "Download the candidate's ZIP") == native["zip"]
    assert downloaded(page, "Download the key").decode("utf-8") == native["key"]
    # What the page shows comes from the same result.
    text = page.locator(".kit-variants__result").inner_text()
    assert native["zip_sha256"] in text and all(f["sha256"] in text for f in native["files"])
    watch.assert_clean(f"variant {stage}")


def test_a_bad_seed_is_explained_the_input_is_kept_and_the_worker_survives(page, site_url, watch):
    open_page(page, site_url)
    for bad, said in (("12ab", "'12ab' is not one"), ("", "enter one, or roll a new one"),
                      ("9007199254740992", "is too large")):
        make(page, "stage-3", bad)
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("Check the seed:", timeout=60_000)
        expect(alert).to_contain_text(said)
        expect(page.get_by_label("Seed", exact=True)).to_have_value(bad)
        expect(page.get_by_role("button", name="Make the variant")).to_be_enabled()
    make(page, "stage-3", "12")
    expect(page.get_by_role("heading", name="Stage 3 variant, seed 12")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("alert")).to_be_hidden()
    watch.assert_clean("bad seeds")


def test_roll_gives_a_fresh_twelve_digit_seed_and_the_form_works_by_keyboard(page, site_url, watch):
    open_page(page, site_url)
    seed = page.get_by_label("Seed", exact=True)
    first = seed.input_value()
    assert re.fullmatch(r"\d{3} \d{3} \d{3} \d{3}", first)
    page.get_by_role("button", name="Roll a new seed").click()
    second = seed.input_value()
    assert re.fullmatch(r"\d{3} \d{3} \d{3} \d{3}", second) and second != first
    expect(seed).to_be_focused()
    # Keyboard only: choose stage 3 with the arrow keys, type a seed, press Enter.
    page.get_by_label(re.compile("^Stage 2:")).focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label(re.compile("^Stage 3:"))).to_be_checked()
    seed.fill("")
    seed.type("31")
    seed.press("Enter")
    expect(page.get_by_role("heading", name="Stage 3 variant, seed 31")).to_be_visible(timeout=60_000)
    watch.assert_clean("keyboard")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_result_is_accessible_in_both_schemes(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        open_page(page, site_url)
        make(page, "stage-3", "5")
        expect(page.get_by_role("heading", name="Stage 3 variant, seed 5")).to_be_visible(timeout=60_000)
        page.locator(".kit-variants__preview summary").click()
        violations = [v for v in AXE.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    finally:
        context.close()
