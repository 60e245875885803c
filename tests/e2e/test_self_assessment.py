"""The self-assessment in Chromium: by keyboard alone, resume, delete, refusals, bad input, no requests, axe, print.

Expected results come from the native evaluator (`evaluator.assessment`): the page must show and
export exactly what native scoring of the same answers gives.
"""

from __future__ import annotations

import json
import re
import zlib

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from evaluator import api
from evaluator.assessment.load import load_bank
from evaluator.assessment.result import state
from evaluator.assessment.tokens import codec

pytestmark = pytest.mark.e2e

PAGE = "tools/self-assessment/"
KEY = "mlops-kit:assessment:v1"
BOOT_TIMEOUT = 90_000  # ms: Pyodide's core on a loaded 2-core machine
BANK = load_bank()
CHOICE_IDS = [i.id for i in BANK.items if i.kind != "evidence"]


def view(page, name):
    return page.locator(f".kit-assessment__view [data-view={name}]")


def open_assessment(page, site_url, expect_view="start"):
    page.goto(site_url + PAGE)
    expect(view(page, expect_view)).to_be_visible(timeout=BOOT_TIMEOUT)
    # The start screen is there before Python (from the build's setup); these flows need Python.
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT)


def saved(page):
    return page.evaluate(f"() => localStorage.getItem({KEY!r})")


def put_saved(page, text):
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, text])


def page_seed(page):
    return json.loads(saved(page))["seed"]


def public_state(answers, seed):
    """Saved state as the page writes it: the answers under this seed's opaque tokens."""
    return state(BANK, codec(BANK, seed).encode_answers(answers), seed)


def on_page(page, qid, value=None):
    """The selector of a question (and one of its options) by the page's tokens for the bank's ids."""
    names = codec(BANK, page_seed(page))
    question = f'fieldset[data-question="{names.item(qid)}"]'
    return question if value is None else f'{question} input[value="{names.option(qid, value)}"]'


def answer_here(page, answers):
    """Check the given answers (bank ids) for the questions of the area on screen (mouse: these tests are not about the keyboard)."""
    names = codec(BANK, page_seed(page))
    for token in page.eval_on_selector_all("fieldset[data-question]", "els => els.map(e => e.dataset.question)"):
        qid = names.item_from[token]
        if qid in answers:
            page.check(f'fieldset[data-question="{token}"] input[value="{names.option(qid, answers[qid])}"]')
    for token in page.eval_on_selector_all("textarea[data-question]", "els => els.map(e => e.dataset.question)"):
        qid = names.item_from[token]
        if qid in answers:
            page.fill(f'textarea[data-question="{token}"]', answers[qid])


def answer_everything(page, answers):
    page.get_by_role("button", name=re.compile("Start the assessment|Continue where you left off")).click()
    for n in range(len(BANK.areas)):
        expect(view(page, "questions")).to_have_attribute("data-area", BANK.areas[n].id)
        answer_here(page, answers)
        page.get_by_role("button", name="See my result" if n == len(BANK.areas) - 1 else "Next area").click()
    expect(view(page, "result")).to_be_visible()


def some_answers(pick=lambda item, n: n % 3):
    """A varied answer set: option number `pick(item, n)` of each choice question in bank order."""
    out = {}
    for n, item in enumerate(BANK.items):
        if item.kind in ("scope", "foil"):
            out[item.id] = str(pick(item, n) % 5)
        elif item.kind != "evidence":
            out[item.id] = item.options[pick(item, n) % len(item.options)].id
    return out


def shown_figures(page):
    return {
        "floor": int(page.locator('[data-figure="floor"] .kit-result__value').text_content()),
        "mean": int(page.locator('[data-figure="mean"] .kit-result__value').text_content()),
        "level": page.locator('[data-figure="level"] .kit-result__value').text_content(),
        "areas": {a.id: int(page.locator(f'[data-score="{a.id}"]').text_content()) for a in BANK.areas},
    }


def native_figures(result):
    return {"floor": result["floor"]["score"], "mean": result["mean"], "level": result["level"]["label"],
            "areas": {a["id"]: a["score"] for a in result["areas"]}}


# ------------------------------------------------------------------------------- keyboard only

def _focused(page):
    return page.evaluate(
        """() => { const e = document.activeElement;
            return {tag: e.tagName, type: e.type || null, text: (e.textContent || '').trim(), value: e.value ?? null,
                    name: e.name || null, question: e.closest('[data-question]')?.dataset.question
                       || e.dataset?.question || null}; }"""
    )


def _tab_until(page, wanted, limit=250):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted(_focused(page)):
            return _focused(page)
    raise AssertionError("the keyboard never reached the control")


def test_complete_by_keyboard_alone_and_the_export_rescores_the_same(page, site_url, watch, tmp_path):
    open_assessment(page, site_url)
    _tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Start the assessment")
    page.keyboard.press("Enter")
    chosen = {}
    for n, area in enumerate(BANK.areas):
        expect(view(page, "questions")).to_have_attribute("data-area", area.id)
        heading = page.locator(".kit-assessment__questions h2")
        expect(heading).to_be_focused()
        names = codec(BANK, page_seed(page))
        shown = page.eval_on_selector_all(".kit-assessment__questions [data-question]", "els => els.map(e => e.dataset.question)")
        for item in sorted(BANK.area_items(area.id), key=lambda i: shown.index(names.item(i.id))):  # the page's (seeded) order
            token = names.item(item.id)
            if item.kind == "evidence":
                _tab_until(page, lambda f: f["tag"] == "TEXTAREA")
                page.keyboard.type(f"Evidence for {area.title}, typed with the keyboard.")
                chosen[token] = f"Evidence for {area.title}, typed with the keyboard."
                continue
            focus = _tab_until(page, lambda f, t=token: f["type"] == "radio" and f["question"] == t)
            order = page.eval_on_selector_all(f'fieldset[data-question="{token}"] input', "els => els.map(e => e.value)")
            assert focus["value"] == order[0]  # Tab enters an unanswered group at its first option
            k = zlib.crc32(item.id.encode()) % len(order)
            page.keyboard.press("Space")
            for _ in range(k):
                page.keyboard.press("ArrowDown")
            chosen[token] = order[k]
            assert _focused(page)["value"] == order[k]
        last = n == len(BANK.areas) - 1
        _tab_until(page, lambda f, last=last: f["tag"] == "BUTTON" and f["text"] == ("See my result" if last else "Next area"))
        page.keyboard.press("Enter")
    expect(view(page, "result")).to_be_visible()
    expect(page.locator(".kit-result__heading")).to_be_focused()

    _tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Download JSON")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    exported = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert exported["answers"] == chosen
    assert exported["bank"] == {"version": BANK.version, "hash": BANK.hash}
    native = api.assessment_score(answers=exported["answers"], seed=exported["seed"])
    assert exported["result"] == native
    assert shown_figures(page) == native_figures(native)
    # nothing in the export names a question or an option by the bank's ids
    bank_ids = {i.id for i in BANK.items} | {o.id for i in BANK.items for o in i.options if not i.reading or not i.reading.columns}
    assert not bank_ids & set(re.findall(r'"([a-z0-9_-]+)"', json.dumps(exported)))

    _tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Download Markdown")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"mlops-self-assessment-{BANK.version}-{BANK.hash}.md"
    markdown = download.value.path().read_text(encoding="utf-8")
    assert markdown == api.assessment_export(answers=chosen, seed=exported["seed"], site_url=site_url)["markdown"]
    watch.assert_clean(PAGE)


# ------------------------------------------------------------------------ resume, delete, refuse

def test_the_start_screen_is_there_before_python_has_loaded(page, site_url):
    """Regression (issue 16, tool pages do not jump): the start screen waited for Python (seconds),
    and the Python worker's start competed with the page's first paint. Now the start screen is
    drawn from the build's setup file; here Python never arrives (its manifest is held back)."""
    page.route("**/runtime/manifest.json", lambda route: None)  # never answered
    page.goto(site_url + PAGE)
    start = view(page, "start")
    expect(start).to_be_visible(timeout=10_000)
    questions = sum(1 for i in BANK.items if i.kind != "evidence")
    expect(start).to_contain_text(f"{questions} questions in {len(BANK.areas)} areas")
    expect(page.locator(".kit-runtime")).not_to_have_attribute("data-state", "ready")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.locator(".kit-assessment__status")).to_contain_text("Loading the questions")


def test_reload_resumes_answers_option_order_and_area(page, site_url, watch):
    open_assessment(page, site_url)
    answers = some_answers()
    page.get_by_role("button", name="Start the assessment").click()
    answer_here(page, answers)
    first_area_order = page.eval_on_selector_all("fieldset[data-question] input", "els => els.map(e => e.name.split('-').slice(2).join('-') + ':' + e.value)")
    page.get_by_role("button", name="Next area").click()
    second = BANK.areas[1]
    partial = {i.id: answers[i.id] for i in BANK.area_items(second.id)[:3] if i.id in answers}
    answer_here(page, partial)
    done = len([i for i in BANK.area_items(BANK.areas[0].id) if i.kind != "evidence"]) + len(partial)

    page.reload()
    expect(view(page, "start")).to_contain_text(f"You have answered {done} of {len(CHOICE_IDS)} questions", timeout=BOOT_TIMEOUT)
    page.get_by_role("button", name="Continue where you left off").click()
    expect(view(page, "questions")).to_have_attribute("data-area", second.id)
    for qid, value in partial.items():
        expect(page.locator(on_page(page, qid, value))).to_be_checked()
    page.get_by_role("button", name="Previous area").click()
    assert page.eval_on_selector_all("fieldset[data-question] input", "els => els.map(e => e.name.split('-').slice(2).join('-') + ':' + e.value)") == first_area_order
    kept = json.loads(saved(page))
    assert kept["bank"] == {"version": BANK.version, "hash": BANK.hash} and len(kept["answers"]) == done
    watch.assert_clean(PAGE)


def test_delete_clears_storage(page, site_url, watch):
    open_assessment(page, site_url)
    page.get_by_role("button", name="Start the assessment").click()
    answer_here(page, some_answers())
    assert saved(page) is not None
    page.get_by_role("button", name="Delete my answers").click()
    expect(page.get_by_role("group", name="Confirm deletion")).to_be_visible()
    expect(page.get_by_role("button", name="Keep them")).to_be_focused()
    page.get_by_role("button", name="Yes, delete my answers").click()
    expect(page.locator(".kit-assessment__status")).to_have_text("Your answers were deleted from this browser.")
    expect(page.get_by_role("button", name="Start the assessment")).to_be_focused()  # not lost with the removed buttons
    assert saved(page) is None
    expect(view(page, "start")).to_contain_text("Start the assessment")
    page.reload()
    expect(view(page, "start")).to_be_visible(timeout=BOOT_TIMEOUT)
    expect(page.get_by_role("button", name="Continue where you left off")).to_have_count(0)
    watch.assert_clean(PAGE)


def test_a_changed_bank_version_refuses_stale_answers(page, site_url, watch):
    stale = public_state(some_answers(), 7)
    stale["bank"]["version"] = "0.9.0"
    text = json.dumps(stale)
    open_assessment(page, site_url)
    put_saved(page, text)
    page.reload()
    refused = view(page, "refused")
    expect(refused).to_be_visible(timeout=BOOT_TIMEOUT)
    expect(refused.get_by_role("heading")).to_have_text("Your saved answers belong to another version of the questions")
    expect(refused).to_contain_text(f"Your saved answers were given to version 0.9.0 of the questions")
    expect(refused).to_contain_text(f"this page asks version {BANK.version} (content {BANK.hash})")
    assert saved(page) == text  # untouched until the candidate decides
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the old answers").click()
    assert download.value.path().read_text(encoding="utf-8") == text
    page.get_by_role("button", name="Delete them and start again").click()
    expect(view(page, "start")).to_contain_text("Start the assessment")
    assert saved(page) is None
    watch.assert_clean(PAGE)


# -------------------------------------------------------------------------------- bad input

def _truncated():
    text = json.dumps(public_state(some_answers(), 21))
    return text[: int(len(text) * 0.6)]


def _hand_edited():
    doc = public_state(some_answers(), 21)
    names = codec(BANK, 21)
    doc["answers"][names.item("cicd-gate-fails")] = "promote-it-anyway"
    doc["answers"]["retired-question"] = "a"
    doc["answers"][names.item("mon-scope-drift")] = 9
    return json.dumps(doc)


@pytest.mark.parametrize("make", [_truncated, _hand_edited], ids=["truncated", "hand-edited"])
def test_bad_saved_state_says_what_was_lost_and_keeps_the_rest(page, site_url, watch, make):
    text = make()
    expected = api.assessment_restore(saved=text)
    assert not expected["refused"] and expected["problems"] and expected["answers"]
    open_assessment(page, site_url)
    put_saved(page, text)
    page.reload()
    expect(view(page, "start")).to_be_visible(timeout=BOOT_TIMEOUT)
    notices = page.locator(".kit-assessment__notices li")
    expect(notices).to_have_text(expected["problems"])
    kept = [k for k in codec(BANK, 21).decode_answers(expected["answers"]) if k in CHOICE_IDS]
    expect(view(page, "start")).to_contain_text(f"You have answered {len(kept)} of {len(CHOICE_IDS)} questions")
    page.get_by_role("button", name="See my result").click()
    expect(view(page, "result")).to_be_visible()
    assert shown_figures(page) == native_figures(api.assessment_score(answers=expected["answers"], seed=expected["seed"] or 0))
    watch.assert_clean(PAGE)


def test_unreadable_saved_state_is_refused_plainly(page, site_url, watch):
    open_assessment(page, site_url)
    put_saved(page, "}{ not json")
    page.reload()
    refused = view(page, "refused")
    expect(refused).to_be_visible(timeout=BOOT_TIMEOUT)
    expect(refused.get_by_role("heading")).to_have_text("Your saved answers could not be read")
    expect(refused).to_contain_text("is not valid JSON")
    watch.assert_clean(PAGE)


def test_imports_refuse_another_version_and_drop_unknown_questions(page, site_url, watch):
    open_assessment(page, site_url)
    mine = {k: v for k, v in list(some_answers().items())[:4]}
    page.get_by_role("button", name="Start the assessment").click()
    answer_here(page, mine)
    before = saved(page)

    other = json.loads(api.assessment_export(answers=codec(BANK, 5).encode_answers(some_answers(lambda i, n: n + 1)), seed=5)["json"])
    other["bank"]["version"] = "1.0.0"
    page.set_input_files("input[type=file]", files=[{"name": "old.json", "mimeType": "application/json", "buffer": json.dumps(other).encode()}])
    alert = page.locator(".kit-assessment__notices [role=alert]")
    expect(alert).to_contain_text("The answers in this file were given to version 1.0.0 of the questions")
    expect(alert).to_contain_text("Nothing was changed: the answers you had on this page are still here.")
    assert saved(page) == before
    for qid, value in mine.items():
        expect(page.locator(on_page(page, qid, value))).to_be_checked()

    good = json.loads(api.assessment_export(answers=codec(BANK, 5).encode_answers(some_answers(lambda i, n: n + 1)), seed=5)["json"])
    good["answers"]["no-such-question"] = "x"
    page.set_input_files("input[type=file]", files=[{"name": "mine.json", "mimeType": "application/json", "buffer": json.dumps(good).encode()}])
    notices = page.locator(".kit-assessment__notices li")
    expect(notices).to_have_text([
        f"Loaded {len(good['answers']) - 1} answers from mine.json.",
        f"An answer for question 'no-such-question' was dropped: version {BANK.version} of the questions has no such question.",
    ])
    assert json.loads(saved(page))["answers"] == {k: v for k, v in good["answers"].items() if k != "no-such-question"}

    # an export whose figures were edited by hand: loaded and scored again, and said plainly
    edited = json.loads(api.assessment_export(answers=codec(BANK, 5).encode_answers(some_answers()), seed=5)["json"])
    true_mean = edited["result"]["mean"]
    edited["result"]["mean"] = 99
    page.set_input_files("input[type=file]", files=[{"name": "edited.json", "mimeType": "application/json", "buffer": json.dumps(edited).encode()}])
    alert = page.locator(".kit-assessment__notices [role=alert]")
    expect(alert).to_contain_text("were changed after they were exported")
    expect(alert).to_contain_text("mean 99")
    expect(alert).to_contain_text(f"mean {true_mean}")
    watch.assert_clean(PAGE)


# --------------------------------------------------------------- privacy, accessibility, print

def test_no_request_at_all_after_the_page_has_loaded(page, site_url, watch):
    open_assessment(page, site_url)
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready")
    requests = []
    record = lambda r: None if r.url.startswith(("blob:", "data:")) else requests.append(r.url)  # noqa: E731
    page.on("request", record)
    page.context.on("request", record)  # the worker's requests too
    answer_everything(page, {**some_answers(), "dbg-evidence": "A frozen feature after a cache change."})
    for name in ("Download JSON", "Download Markdown"):
        with page.expect_download():
            page.get_by_role("button", name=name).click()
    page.get_by_role("button", name="Change my answers").click()
    page.get_by_role("button", name="Next area").click()
    page.get_by_role("button", name="Delete my answers").click()
    page.get_by_role("button", name="Yes, delete my answers").click()
    expect(view(page, "start")).to_be_visible()
    assert requests == []
    watch.assert_clean(PAGE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_questions_and_result_pass_axe(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_assessment(page, site_url)
        problems = []

        def check(where):
            # Colours are judged once they have settled: a clicked button is still fading to its
            # hover colours for Material's 125 ms transition.
            page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
            for v in Axe().run(page).response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    problems.append(f"{where} [{scheme}] {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}")

        check("start")
        page.get_by_role("button", name="Start the assessment").click()
        for n in range(3):  # an area with reading tables is among them
            answer_here(page, some_answers())
            check(f"area {n + 1}")
            page.get_by_role("button", name="Next area").click()
        page.get_by_role("navigation", name="Areas of the assessment").get_by_role("button", name=BANK.areas[-1].short).click()
        page.get_by_role("button", name="See my result").click()
        expect(view(page, "result")).to_be_visible()
        for details in page.locator(".kit-result__review").all():
            details.locator("summary").click()
        check("result")
        page.get_by_role("button", name="Delete my answers").click()
        check("delete confirmation")
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def _worst_case():
    """Everything that lengthens a result: top scope claims, every foil claimed, red flags, long evidence."""
    answers = {}
    for item in BANK.items:
        if item.kind in ("scope", "foil"):
            answers[item.id] = "4"
        elif item.kind == "scenario":
            answers[item.id] = min(item.options, key=lambda o: (not o.red_flag, o.credit)).id
        elif item.kind == "computed":
            answers[item.id] = next(o.id for o in item.options if o.id != BANK.keys[item.id])
        else:
            answers[item.id] = "A long account of what happened. " * 100
    return answers


@pytest.mark.parametrize("answers", [_worst_case(), some_answers()], ids=["worst-case", "typical"])
def test_the_result_prints_on_two_pages(page, site_url, answers):
    open_assessment(page, site_url)
    put_saved(page, json.dumps({**public_state(answers, 9), "view": "result"}))
    page.reload()
    expect(view(page, "result")).to_be_visible(timeout=BOOT_TIMEOUT)
    result = api.assessment_score(answers=codec(BANK, 9).encode_answers(answers), seed=9)
    assert shown_figures(page) == native_figures(result)
    if answers.get("cicd-foil") == "4":
        assert len(result["probes"]) == 10 and len(result["red_flags"]) >= 8  # it is the long case
    page.emulate_media(media="print")
    for hidden in ("h1", ".kit-runtime", ".kit-assessment__manage", ".kit-assessment__actions", ".kit-result__evidence"):
        expect(page.locator(hidden).first).to_be_hidden()
    for shown in (".kit-result__summary", ".kit-radar", ".kit-result__probes", ".kit-result__gaps"):
        expect(page.locator(shown)).to_be_visible()
    for size in ("A4", "Letter"):
        pages = _pdf_pages(page.pdf(format=size))
        assert 1 <= pages <= 2, f"{size}: {pages} pages"


def test_the_dismiss_button_passes_contrast_in_dark_mode(browser, site_url):
    """Issue 17: the notices' Dismiss button measured 4.12:1 on the dark scheme's tinted notice."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        open_assessment(page, site_url)
        put_saved(page, _hand_edited())
        page.reload()
        expect(page.locator(".kit-assessment__dismiss")).to_be_visible(timeout=BOOT_TIMEOUT)
        page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
        response = Axe().run(page, options={"runOnly": ["color-contrast"]}).response
        ratios = [n["any"][0]["data"]["contrastRatio"] for r in response["passes"] + response["violations"]
                  for n in r["nodes"] if "kit-assessment__dismiss" in json.dumps(n["target"])]
        assert ratios and min(ratios) >= 4.5, ratios
    finally:
        context.close()
