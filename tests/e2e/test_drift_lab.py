"""The drift lab in Chromium: the prerendered example and the live one agree, the form is the
evaluator's own description, exports, remembered options, Stop, and numbers written alike."""

from __future__ import annotations

import json
import random

import pytest
from playwright.sync_api import expect

from evaluator import api
from scripts.hooks import drift_lab as hook

from .lab import LAB, assert_close, assert_same_structure, number_text, open_lab, percent_text, points_text

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def lab(browser, site_url):
    context, lab = open_lab(browser, site_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.split("/mlops-hiring-kit/")[0])
    yield lab
    context.close()


@pytest.fixture(scope="module")
def example(site_dir):
    """The example's result, computed natively from the files the site publishes."""
    files = {role: (site_dir / path).read_bytes() for role, path in hook.EXAMPLE_FILES.items()}
    return api.drift_lab(files["reference"], files["current"], options=hook.EXAMPLE_OPTIONS or None,
                         performance=hook.EXAMPLE_PERFORMANCE)


def test_the_example_is_in_the_page_before_javascript_runs(browser, site_url, example):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + LAB)
    report = page.locator("#drift-lab-example .drift-report")
    expect(report).to_be_visible()
    expect(report.locator(".drift-verdict")).to_contain_text(example["report"]["summary"]["verdict"])
    rows = report.locator(".drift-table tbody tr")
    expect(rows).to_have_count(len(example["report"]["columns"]))
    first = example["report"]["columns"][example["order"][0]]["name"]
    expect(rows.first.locator("th")).to_contain_text(first)
    expect(report.locator(".drift-performance__note")).to_have_text(example["performance"]["reading"]["note"])
    # Without JavaScript there is no form, so the hint that points at its button is hidden.
    expect(page.locator("#drift-lab-example .drift-lab__js-only")).to_be_hidden()
    expect(page.locator("[data-tool=drift-lab]")).to_be_empty()
    # Charts are drawn without JavaScript too, each with its text alternative.
    expect(report.locator("figure.drift-chart--histogram svg[role=img] title").first).to_contain_text("Distribution of")
    context.close()


def test_the_example_is_drawn_when_the_reader_scrolls_near_it(browser, site_url, example):
    """Regression (issue 16, tool pages do not jump): the prerendered example's ~4,000 elements were
    in the page from the start, and the theme's script and the layout walked them all before the
    page answered a tap (Lighthouse: 76). Now the page starts small and draws the same report when
    the reader scrolls near it."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.goto(site_url + LAB)
    expect(page.locator(".drift-lab .drift-options")).to_be_attached()
    expect(page.locator("#drift-lab-example .drift-lab__example-wait")).to_be_attached()
    assert page.evaluate("document.getElementsByTagName('*').length") < 1500
    expect(page.locator("#drift-lab-example .drift-report")).to_have_count(0)
    page.locator("#drift-lab-example").scroll_into_view_if_needed()
    rows = page.locator("#drift-lab-example .drift-report .drift-table tbody tr")
    expect(rows).to_have_count(len(example["report"]["columns"]))
    assert page.evaluate("document.getElementsByTagName('*').length") > 3000
    context.close()


def test_loading_the_example_computes_what_the_build_prerendered(lab, site_dir, example):
    page = lab.page
    # The example is put into the page as the reader scrolls near it (tools/drift-lab-example.js).
    page.locator("#drift-lab-example").scroll_into_view_if_needed()
    prerendered = lab.structure("#drift-lab-example .drift-report")
    page.get_by_role("button", name="Load the example").click()
    lab.wait_for_report()
    expect(page.locator("#drift-lab-example")).to_have_count(0)  # the live result took its place
    assert_same_structure(prerendered, lab.structure(".drift-lab__live .drift-report"))
    # The form now holds the example's inputs, so a second Compare gives the same result.
    lab.open_options()
    for key, value in hook.EXAMPLE_PERFORMANCE.items():
        expect(lab.field(key).locator("input")).to_have_value(value)
    expect(lab.slot("reference").locator(".drift-file__status")).to_contain_text("reference.csv")
    # JSON export: the CLI's schema, the same numbers as the build's (browser vs native, 1e-12).
    published = json.loads((site_dir / hook.EXAMPLE_REPORT["json"]).read_text(encoding="utf-8"))
    assert_close(published, lab.download_json(), rel=1e-12)
    # Copy as Markdown: the evaluator's own Markdown of the report.
    page.get_by_role("button", name="Copy as Markdown").click()
    expect(page.locator(".drift-lab__export-status")).to_have_text("Copied the report as Markdown.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.splitlines()[:6] == example["markdown"].splitlines()[:6]
    assert len(copied.splitlines()) == len(example["markdown"].splitlines())
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Markdown").click()
    assert info.value.suggested_filename == "drift-report.md"
    assert open(info.value.path(), encoding="utf-8").read() == copied
    assert page.url.endswith(LAB), "the address must never carry data"
    lab.assert_clean("load the example")


def test_numbers_are_written_by_the_lab_s_rules(page, site_url):
    """format.js (the one formatter: the build draws the example with it too) against an independent
    exact-decimal implementation of its rules (tests/e2e/lab.py)."""
    rng = random.Random(20261129)
    values = [0.0, 1.0, -3.0, 12000.0, 0.1, 0.25, 1e-4, 9.99949e-5, 999999.4, 1e6, 123456.5, 2.5625, 0.015625,
              1.0000152587890625, -2.5625, 0.00012345, 1234.5, 5e-324, 1.7976931348623157e308]
    values += [rng.uniform(-1, 1) * 10 ** rng.randint(-9, 9) for _ in range(400)]
    # Ties: numbers that are exactly halfway at the digit where rounding happens (dyadic fractions).
    values += [k / 2**m for k in range(1, 200, 7) for m in (4, 8, 12, 16)]
    shares = [rng.random() for _ in range(200)] + [k / 2**m for k in range(0, 64) for m in (6, 10)]
    changes = [rng.uniform(-1, 1) for _ in range(100)] + [-0.0004, 0.0004, 0.0, -0.00049]
    page.goto(site_url + LAB)
    got = page.evaluate(
        """async ([module, values, shares, changes]) => {
          const f = await import(module);
          return { numbers: values.map(f.numberText), percents: shares.map(f.percentText), points: changes.map(f.pointsText) };
        }""",
        [site_url + "assets/javascripts/tools/drift-lab/format.js", values, shares, changes],
    )
    assert got["numbers"] == [number_text(v) for v in values]
    assert got["percents"] == [percent_text(s) for s in shares]
    assert got["points"] == [points_text(c) for c in changes]


def test_the_form_is_the_evaluators_description_and_reload_keeps_options_not_files(browser, site_url):
    context, lab = open_lab(browser, site_url, boot=False)
    page = lab.page
    setup = api.drift_lab_setup()
    lab.open_options()
    for spec in [*setup["drift"]["options"], *setup["performance"]]:
        field = lab.field(spec["key"])
        expect(field).to_have_count(1)
        expect(field).to_contain_text(spec["label"])
        expect(field.locator(".drift-field__help")).to_have_text(spec["help"])
        if spec["kind"] == "choice":
            values = field.locator("select option").evaluate_all("(os) => os.map((o) => o.value)")
            assert values == [str(c) for c in spec["choices"]]
            expect(field.locator("select")).to_have_value(str(spec["default"]))
    # Threshold placeholders follow the preset (the evidently preset's PSI threshold is 0.1).
    psi = page.locator('.drift-threshold[data-metric="psi"] input')
    expect(psi).to_have_attribute("placeholder", str(setup["drift"]["presets"]["default"]["thresholds"]["psi"]))
    lab.field("preset").locator("select").select_option("evidently")
    expect(psi).to_have_attribute("placeholder", str(setup["drift"]["presets"]["evidently"]["thresholds"]["psi"]))
    lab.field("binning.bins").locator("input").fill("20")
    lab.field("thresholds").locator("summary").click()
    page.locator('.drift-threshold[data-metric="ks"] input').fill("0.01")
    lab.field("label").locator("input").fill("churned")
    lab.set_file("reference", "mine.csv", b"a,b\n1,2\n3,4\n")
    expect(page.locator(".drift-options__changed")).to_contain_text("Preset")
    stored = json.loads(page.evaluate("() => localStorage.getItem('mlops-kit:drift-lab:v1')"))
    assert stored["fields"]["preset"] == "evidently" and "mine.csv" not in json.dumps(stored)

    page.reload()
    lab.open_options()
    expect(lab.field("preset").locator("select")).to_have_value("evidently")
    expect(lab.field("binning.bins").locator("input")).to_have_value("20")
    expect(page.locator('.drift-threshold[data-metric="ks"] input')).to_have_value("0.01")
    expect(lab.field("label").locator("input")).to_have_value("churned")
    expect(lab.slot("reference").locator(".drift-file__status")).to_have_text("No file yet.")
    assert page.url == site_url + LAB
    page.get_by_role("button", name="Reset options to defaults").click()
    expect(lab.field("preset").locator("select")).to_have_value("default")
    expect(lab.field("binning.bins").locator("input")).to_have_value("")
    lab.assert_clean("options")
    context.close()


def _numeric_csv(rows: int, seed: int, shift: float = 0.0) -> bytes:
    rng = random.Random(seed)
    lines = ["a,b,c,d"] + [",".join(f"{rng.gauss(shift, 1):.6f}" for _ in range(4)) for _ in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_stop_while_parsing_keeps_the_inputs_and_the_next_run_works(browser, site_url):
    context, lab = open_lab(browser, site_url)
    page = lab.page
    lab.set_file("reference", "big-reference.csv", _numeric_csv(300_000, 1))
    lab.set_file("current", "big-current.csv", _numeric_csv(300_000, 2, shift=0.2))
    lab.open_options()
    lab.field("binning.bins").locator("input").fill("12")
    # Stop is pressed the moment the worker first reports parsing the reference, so it certainly
    # lands in the middle of the computation, however fast the machine is.
    page.evaluate(
        """() => {
          const stage = document.querySelector('.drift-lab__stage');
          const stop = document.querySelector('.drift-lab__run .drift-lab__stop');
          window.stoppedAt = null;
          const watch = new MutationObserver(() => {
            if (!window.stoppedAt && stage.textContent.startsWith('Reading big-reference.csv')) {
              window.stoppedAt = stage.textContent;
              stop.click();
              watch.disconnect();
            }
          });
          watch.observe(stage, { childList: true, characterData: true, subtree: true });
        }"""
    )
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page.locator(".drift-lab__announce")).to_have_text("Stopped. Your files and options are kept; the calculations are starting again.")
    expect(page.locator(".drift-lab__run")).to_be_hidden()
    expect(lab.report).to_have_count(0)
    stopped_at = page.evaluate("() => window.stoppedAt")
    assert stopped_at and not stopped_at.endswith(": 100%"), stopped_at
    expect(lab.slot("reference").locator(".drift-file__status")).to_contain_text("big-reference.csv")
    expect(lab.slot("current").locator(".drift-file__status")).to_contain_text("big-current.csv")
    expect(lab.field("binning.bins").locator("input")).to_have_value("12")
    expect(lab.error).to_be_hidden()
    # The same inputs again, on the restarted evaluator: a result.
    lab.compare()
    expect(lab.report).to_be_visible()
    expect(lab.report.locator(".drift-facts")).to_contain_text("big-reference.csv: 300,000 rows")
    # The options used were the form's (12 bins), not the defaults.
    assert "12 quantile bins" in lab.report.locator(".drift-facts").inner_text()
    lab.assert_clean("stop")
    context.close()


def test_every_metric_and_threshold_links_to_its_section(lab, site_dir):
    if lab.report.count() == 0:
        lab.page.get_by_role("button", name="Load the example").click()
        lab.wait_for_report()
    methods = (site_dir / "tools/drift-methods/index.html").read_text(encoding="utf-8")
    hrefs = lab.report.locator(".drift-metrics a, .drift-table a[href*='drift-methods']").evaluate_all("(as) => as.map((a) => a.getAttribute('href'))")
    assert len(hrefs) > 20
    for href in set(hrefs):
        page_part, anchor = href.split("#")
        assert page_part == "../drift-methods/"
        assert f'id="{anchor}"' in methods, f"{href}: no such anchor on the drift metrics page"


def _axe_problems_in_every_state(lab) -> list[str]:
    """The live result, the open options, a file's error and the result's open disclosures: the
    site-wide sweep sees only the page as it loads."""
    from axe_playwright_python.sync_playwright import Axe

    page = lab.page
    if lab.report.count() == 0:
        page.get_by_role("button", name="Load the example").click()
        lab.wait_for_report()
    lab.open_options()
    thresholds = lab.field("thresholds").locator("details")
    if thresholds.get_attribute("open") is None:
        thresholds.locator("summary").click()
    lab.report.evaluate("(report) => report.querySelectorAll('details').forEach((d) => { d.open = true; })")
    page.evaluate(
        """(size) => {
          const zone = document.querySelector('.drift-file[data-role="current"] .drift-file__zone');
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(size)], 'huge.csv'));
          zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        }""",
        api.drift_lab_setup()["max_file_bytes"] + 1,
    )
    expect(lab.slot("current").locator(".drift-file__error")).to_be_visible()
    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"] if v["impact"] in ("serious", "critical")]


def test_every_state_of_the_lab_passes_axe_in_light(lab):
    problems = _axe_problems_in_every_state(lab)
    assert not problems, "\n".join(problems)
    lab.assert_clean("axe light")


def test_every_state_of_the_lab_passes_axe_in_dark(browser, site_url):
    context, lab = open_lab(browser, site_url, color_scheme="dark")
    problems = _axe_problems_in_every_state(lab)
    assert not problems, "\n".join(problems)
    lab.assert_clean("axe dark")
    context.close()


# Every visible label of every chart: its stated font size, the size it is drawn at (the stated size
# times the SVG's scale), and how far it stays inside its chart (negative: clipped).
_CHART_LABELS = """() => {
  document.querySelectorAll('#drift-lab-example details').forEach((d) => { d.open = true; });
  return [...document.querySelectorAll('#drift-lab-example svg.drift-chart__svg')].flatMap((svg, chart) => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].filter((t) => getComputedStyle(t).display !== 'none').map((t) => {
      const r = t.getBoundingClientRect();
      const stated = parseFloat(getComputedStyle(t).fontSize);
      return {chart, text: t.textContent, axis: t.parentNode.getAttribute('class'), stated,
              drawn: stated * t.getScreenCTM().a, left: r.left - box.left, right: box.right - r.right,
              x0: r.left, x1: r.right};
    });
  });
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_are_whole_and_drawn_at_their_stated_size(browser, site_url, width):
    """Regression: drift over time clipped its last x label ("2026-W3"), and the detail histograms
    drew their 12 px labels scaled down to about 7-9 px."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + LAB)
    page.locator("#drift-lab-example").scroll_into_view_if_needed()
    page.locator("#drift-lab-example .drift-report").wait_for()
    labels = page.evaluate(_CHART_LABELS)
    context.close()
    assert len(labels) > 50
    assert {round(label["stated"]) for label in labels} == {11, 12}
    wrong = [label for label in labels if abs(label["drawn"] - label["stated"]) > 0.01]
    assert not wrong, f"{len(wrong)} labels drawn at another size, e.g. {wrong[:3]}"
    clipped = [label for label in labels if label["left"] < -0.5 or label["right"] < -0.5]
    assert not clipped, f"labels cut off at the chart's edge: {clipped[:3]}"
    overlapping = []
    by_axis: dict[tuple, list] = {}
    for label in labels:
        if label["axis"] == "drift-chart__xlabels":
            by_axis.setdefault(label["chart"], []).append(label)
    for row in by_axis.values():
        row.sort(key=lambda label: label["x0"])
        overlapping += [(a["text"], b["text"]) for a, b in zip(row, row[1:]) if b["x0"] < a["x1"] - 0.5]
    assert not overlapping, f"x labels drawn over each other: {overlapping[:5]}"
