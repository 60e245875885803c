"""Private variants in the browser: the page makes the candidate's ZIP and the key in its worker,
and they are the very bytes the evaluator writes natively for the same stage and seed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

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


def make(page, stage: str, seed: str, practice: bool = False):
    page.get_by_label(re.compile(f"^Stage {stage[-1]}:")).check()
    page.get_by_label("Seed", exact=True).fill(seed)
    page.get_by_label(re.compile("^Practice variant")).set_checked(practice)
    page.get_by_role("button", name="Make the variant").click()


def downloaded(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(name)).click()
    return open(info.value.path(), "rb").read()


def axe_problems(page) -> list:
    return [(v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in AXE.run(page).response["violations"] if v["impact"] in ("serious", "critical")]


def test_the_browser_s_zip_and_key_are_the_native_bytes(page, site_url, watch):
    # One page, one worker boot (numpy and scipy load once), both stages.
    open_page(page, site_url)
    for stage, seed in (("stage-2", "4 482 199 301 175 026"), ("stage-3", "907 355 118 402 771")):
        native = api.interview_variant(stage=stage, seed=seed)
        make(page, stage, seed)
        grouped = f"{native['seed']:,}".replace(",", " ")
        expect(page.get_by_role("heading", name=f"Stage {stage[-1]} variant, seed {grouped}")).to_be_visible(timeout=120_000)
        status = page.locator(".kit-variants__progress [role=status]")
        expect(status).to_have_text(f"Variant ready: {native['zip_name']} and {native['key_name']}.")
        assert downloaded(page, "Download the candidate's ZIP") == native["zip"], stage
        assert downloaded(page, "Download the private key").decode("utf-8") == native["key"], stage
        assert re.fullmatch(r"stage-\d-[a-z]+\.zip", native["zip_name"])  # both stages' ZIPs are named alike
        # What the page shows comes from the same result.
        text = page.locator(".kit-variants__result").inner_text()
        assert native["zip_sha256"] in text and all(f["sha256"] in text for f in native["files"])
    # The candidate's ZIP and the private key look different at a glance: not two primary buttons.
    zip_link = page.get_by_role("link", name=re.compile("Download the candidate's ZIP"))
    key_link = page.get_by_role("link", name=re.compile("Download the private key"))
    style = "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color, e.className]"
    zip_style, key_style = zip_link.evaluate(style), key_link.evaluate(style)
    assert "md-button--primary" in zip_style[2] and "md-button--primary" not in key_style[2]
    assert zip_style[:2] != key_style[:2]
    expect(page.locator(".kit-variants__private")).to_contain_text("Private: for the interviewers only")
    # The result state, the key open, is accessible (light scheme; the dark one below).
    page.locator(".kit-variants__preview summary").click()
    assert not axe_problems(page)
    watch.assert_clean("variants")


def test_bad_seeds_are_explained_inputs_kept_the_worker_survives_and_it_all_works_by_keyboard(page, site_url, watch):
    open_page(page, site_url)
    seed = page.get_by_label("Seed", exact=True)
    first = seed.input_value()
    assert re.fullmatch(r"\d{1,3}( \d{3}){4,5}", first) and 2**48 <= int(first.replace(" ", "")) < 2**53
    page.get_by_role("button", name="Roll a new seed").click()
    second = seed.input_value()
    assert re.fullmatch(r"\d{1,3}( \d{3}){4,5}", second) and second != first
    expect(seed).to_be_focused()
    for bad, said in (("12ab", "'12ab' is not one"), ("", "enter one, or roll a new one"),
                      ("9007199254740992", "is too large"), ("2024", "too short for a real candidate")):
        make(page, "stage-3", bad)
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("Check the seed:", timeout=60_000)
        expect(alert).to_contain_text(said)
        expect(seed).to_have_value(bad)
        expect(page.get_by_role("button", name="Make the variant")).to_be_enabled()
    # Keyboard only: stage 2 to stage 3 with an arrow key, type a seed, press Enter.
    page.get_by_label(re.compile("^Stage 3:")).focus()
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label(re.compile("^Stage 2:"))).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label(re.compile("^Stage 3:"))).to_be_checked()
    seed.fill("")
    seed.type("31")
    page.get_by_label(re.compile("^Practice variant")).focus()
    page.keyboard.press("Space")
    seed.press("Enter")
    expect(page.get_by_role("heading", name="Stage 3 variant, seed 31")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("alert")).to_be_hidden()
    expect(page.locator(".kit-variants__warning")).to_contain_text("Practice variant")
    watch.assert_clean("bad seeds and keyboard")


def test_a_private_pack_is_read_in_the_tab_and_named_in_the_key(page, site_url, watch):
    """The pack goes in by the file picker, stays in the tab (no request carries it), and the
    variant is byte for byte the native one made with the same pack."""
    menu = (Path(__file__).parents[2] / "docs/data/stage3-faults.toml").read_bytes()
    pack = b'[pack]\nname = "Platform team 2026"\n' + menu.replace(b"extra = [2, 3]", b"extra = [0, 1]")
    seed = "5 000 000 000 000 123"
    native = api.interview_variant(stage="stage-3", seed=seed, pack=pack, pack_name="team.toml")
    requests = []
    page.on("request", lambda r: requests.append((r.url, r.method)))
    open_page(page, site_url)
    page.get_by_label("Your team's pack for this stage (a TOML file)").set_input_files(
        files=[{"name": "team.toml", "mimeType": "text/plain", "buffer": pack}])
    expect(page.locator(".kit-variants__pack [role=status]")).to_contain_text("Pack loaded: team.toml")
    before = len(requests)
    make(page, "stage-3", seed)
    expect(page.get_by_role("heading", name="Stage 3 variant, seed 5 000 000 000 000 123")).to_be_visible(timeout=120_000)
    assert downloaded(page, "Download the candidate's ZIP") == native["zip"]
    key = downloaded(page, "Download the private key").decode("utf-8")
    assert key == native["key"] and "Platform team 2026" in key and hashlib.sha256(pack).hexdigest() in key
    # Nothing carries the pack anywhere: only reads of the site's own files, and nothing stored.
    assert all((url.startswith(site_url) or url.startswith("blob:")) and method == "GET" for url, method in requests[before:])
    stored = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert "Platform team" not in stored and "extra = [0, 1]" not in stored
    # A stage-2 choice with this stage-3 pack is explained, and the pack can be forgotten.
    make(page, "stage-2", seed)
    expect(page.get_by_role("alert")).to_contain_text("Check the pack: this is a stage-3 pack", timeout=120_000)
    page.get_by_role("button", name="Forget the pack").click()
    expect(page.locator(".kit-variants__pack [role=status]")).to_contain_text("No pack")
    watch.assert_clean("private pack")


def test_the_result_is_accessible_in_the_dark_scheme(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        open_page(page, site_url)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        make(page, "stage-3", "5", practice=True)
        expect(page.get_by_role("heading", name="Stage 3 variant, seed 5")).to_be_visible(timeout=60_000)
        page.locator(".kit-variants__preview summary").click()
        assert not axe_problems(page)
    finally:
        context.close()
