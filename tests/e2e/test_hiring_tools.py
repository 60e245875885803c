"""The hiring-manager tools in Chromium: fill, result, copy and download, and the bad inputs a
reader will try (an empty paste, a 1 MB paste, markup in the text), with nothing leaving the site."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

READY = 90_000  # booting Pyodide on a loaded 2-core machine; no timing decides a test


def open_tool(page, site_url, path):
    page.goto(site_url + path)
    expect(page.locator(".kit-runtime")).to_have_attribute("data-state", "ready", timeout=READY)


def grant_clipboard(page, site_url):
    origin = re.match(r"https?://[^/]+", site_url).group(0)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)


# --- JD linter ------------------------------------------------------------------------------------


def test_linter_marks_findings_in_the_text_and_lists_them(page, site_url, watch):
    open_tool(page, site_url, "tools/jd-linter/")
    page.get_by_role("button", name="Paste an example").click()
    page.get_by_role("button", name="Check the advert").click()
    findings = page.locator(".kit-findings > li")
    expect(findings.first).to_be_visible(timeout=30_000)
    ids = findings.evaluate_all("items => items.map(li => li.dataset.finding)")
    # One finding for the missing range: "competitive salary" is the vague-pay finding, no second "No pay range".
    assert ids[:4] == ["kubernetes-years-headline", "terraform-headline", "cs-fundamentals", "vague-pay"]
    assert "no-pay-range" not in ids
    marks = page.locator(".kit-lint__text mark")
    assert marks.all_text_contents() == ["5+ years of Kubernetes", "Terraform", "Strong CS fundamentals", "competitive salary"]
    # The marked text is the reader's text, whole and in order.
    example = page.locator("textarea").input_value()
    assert page.locator(".kit-lint__text").text_content() == example
    expect(page.locator(".kit-lint__summary")).to_contain_text("problems")
    # "Show in the text" moves focus to the marked phrase.
    findings.first.get_by_role("button", name="Show in the text").click()
    expect(page.locator(".kit-lint__text mark").first).to_be_focused()
    watch.assert_clean("jd linter")


def test_linter_refuses_an_empty_paste_and_keeps_working(page, site_url, watch):
    open_tool(page, site_url, "tools/jd-linter/")
    page.fill("textarea", "   \n  ")
    page.get_by_role("button", name="Check the advert").click()
    expect(page.locator(".kit-error")).to_contain_text("empty", timeout=30_000)
    assert page.locator("textarea").input_value() == "   \n  "
    page.fill("textarea", "We offer a competitive salary.")
    page.get_by_role("button", name="Check the advert").click()
    expect(page.locator(".kit-error")).to_be_hidden()
    expect(page.locator(".kit-lint__text mark")).to_have_text(["competitive salary"], timeout=30_000)
    watch.assert_clean("jd linter, empty paste")


def test_linter_takes_a_paste_at_the_limit_and_refuses_a_longer_one(page, site_url, watch):
    open_tool(page, site_url, "tools/jd-linter/")
    fill = """(size) => {
        const line = 'You will own model monitoring for our ranking model. We offer a competitive salary.\\n';
        const area = document.querySelector('textarea');
        area.value = line.repeat(Math.ceil(size / line.length)).slice(0, size);
        return area.value.length;
    }"""
    assert page.evaluate(fill, 100_000) == 100_000  # api.JD_MAX_CHARS
    page.get_by_role("button", name="Check the advert").click()
    expect(page.locator(".kit-findings").first).to_be_visible(timeout=60_000)
    finding = page.locator('.kit-findings > li[data-finding="vague-pay"]')
    expect(finding).to_contain_text("more")  # every occurrence counted, a bounded number marked
    assert page.locator(".kit-lint__text mark").count() == 200
    assert page.evaluate("() => document.querySelector('.kit-lint__text').textContent.length") == 100_000
    page.evaluate(fill, 1_000_000)
    page.get_by_role("button", name="Check the advert").click()
    expect(page.locator(".kit-error")).to_contain_text("paste at most 100,000", timeout=30_000)
    watch.assert_clean("jd linter, paste at the limit")


def test_markup_in_the_text_is_shown_as_text_and_never_run(page, site_url, watch):
    open_tool(page, site_url, "tools/jd-linter/")
    text = ('<h1>MLOps Engineer</h1>\n<script>window.__ran = "script"</script>\n'
            '<img src=x onerror="window.__ran = \'img\'">\n- 5 years Kubernetes\nWe offer a competitive salary.')
    page.fill("textarea", text)
    page.get_by_role("button", name="Check the advert").click()
    expect(page.locator(".kit-findings").first).to_be_visible(timeout=30_000)
    shown = page.locator(".kit-lint__text")
    assert shown.text_content() == text
    assert shown.locator("script, img, h1").count() == 0
    assert page.evaluate("() => window.__ran === undefined")
    watch.assert_clean("jd linter, markup")


# --- JD builder and templates ---------------------------------------------------------------------


def test_builder_builds_an_advert_that_copies_and_downloads_as_markdown(page, site_url, watch):
    grant_clipboard(page, site_url)
    open_tool(page, site_url, "tools/jd-builder/")
    page.get_by_label("Role type").select_option("model")
    page.get_by_label("Level", exact=True).select_option("mid")
    page.get_by_label("Scenario sentence").fill("You will run the monitoring and retraining loop for our delivery-time model.")
    page.get_by_label("ML engineers").fill("6")
    page.get_by_label("Models in production").fill("12")
    page.get_by_label("Deployment frequency").select_option("daily")
    page.get_by_label("Tools in use").fill("MLflow, Evidently, Airflow")
    page.get_by_label("Location").select_option("eu")
    page.get_by_label("City").fill("Berlin")
    page.get_by_label("Country").fill("Germany")
    page.get_by_label("Reports to").fill("Head of ML Platform")
    page.get_by_label("Benefits and other pay").fill("Health cover, a pension with employer contributions, 30 days of holiday.")
    page.get_by_label("Pay band from").fill("80000")
    page.get_by_label("Pay band to").fill("95000")
    page.get_by_role("button", name="Build the advert").click()
    advert = page.locator(".kit-advert")
    expect(advert.locator("h3")).to_have_text("MLOps Engineer, model quality", timeout=30_000)
    expect(advert).to_contain_text("You will run the monitoring and retraining loop for our delivery-time model.")
    expect(advert).to_contain_text("€80,000–€95,000 base salary.")
    link = advert.locator(".kit-advert__assessed a").first
    assert re.search(r"interview/stage-\d-[a-z-]+/#scale-[a-z-]+$", link.get_attribute("href"))
    expect(page.locator(".kit-notes")).to_contain_text("European Union")
    expect(page.locator(".kit-notes")).to_contain_text("finds nothing to fix")
    # Issue 19: the advert names the city and country, not "An EU member state".
    expect(advert).to_contain_text("Location: Berlin, Germany")
    expect(advert).to_contain_text("Reports to: Head of ML Platform")
    expect(advert).not_to_contain_text("member state")
    expect(page.locator(".kit-notes [data-check]")).to_have_attribute("data-check", "passes")

    page.get_by_role("button", name="Copy the advert").click()
    expect(page.locator(".kit-export__status")).to_have_text("Copied the advert as Markdown.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("# MLOps Engineer, model quality\n")
    assert "(interview stage 2: Drift reasoning)" in copied

    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Markdown").click()
    download = info.value
    assert download.suggested_filename == "mlops-engineer-model-quality-berlin.md"
    assert open(download.path(), encoding="utf-8").read() == copied

    # The following link to the scorecard dimension lands on its anchor.
    link.click()
    expect(page).to_have_url(re.compile(r"interview/stage-\d-[a-z-]+/#scale-[a-z-]+$"))
    watch.assert_clean("jd builder")


def test_builder_refuses_half_a_pay_band_and_keeps_the_form(page, site_url, watch):
    open_tool(page, site_url, "tools/jd-builder/")
    page.get_by_label("Scenario sentence").fill("You will own our model registry and the rules for promoting a model.")
    page.get_by_label("Pay band from").fill("120000")
    page.get_by_role("button", name="Build the advert").click()
    expect(page.locator(".kit-error")).to_contain_text("give both the bottom and the top", timeout=30_000)
    assert page.get_by_label("Scenario sentence").input_value().startswith("You will own our model registry")
    assert page.get_by_label("Pay band from").input_value() == "120000"
    page.get_by_label("Pay band to").fill("150000")
    page.get_by_role("button", name="Build the advert").click()
    expect(page.locator(".kit-error")).to_be_hidden()
    expect(page.locator(".kit-advert")).to_contain_text("$120,000–$150,000", timeout=30_000)
    watch.assert_clean("jd builder, bad input")


def test_templates_switch_with_the_pickers_and_copy(page, site_url, watch):
    grant_clipboard(page, site_url)
    open_tool(page, site_url, "tools/jd-templates/")
    title = page.locator(".kit-advert h3")
    expect(title).to_have_text("Senior MLOps Engineer, ML platform", timeout=30_000)
    page.get_by_label("Role type").select_option("generalist")
    page.get_by_label("Level").select_option("staff")
    expect(title).to_have_text("Staff MLOps Engineer", timeout=30_000)
    advert = page.locator(".kit-advert")
    for heading in ("What you bring", "Nice to have", "What success looks like", "Pay", "How we interview"):
        expect(advert.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(advert).to_contain_text("After 6 months")
    page.get_by_role("button", name="Copy the template").click()
    expect(page.locator(".kit-export__status")).to_have_text("Copied the template as Markdown.")
    assert page.evaluate("() => navigator.clipboard.readText()").startswith("# Staff MLOps Engineer\n")
    watch.assert_clean("jd templates")


# --- Pay explorer and team helper -----------------------------------------------------------------


def test_pay_explorer_filters_figures_with_their_source_and_suggests_an_offer(page, site_url, watch):
    open_tool(page, site_url, "tools/pay-explorer/")
    table = page.locator('table[data-source="pay-explorer"]')
    expect(table.locator("tbody tr")).to_have_count(3, timeout=30_000)
    page.get_by_label("Region").select_option("uk")
    page.get_by_label("Level", exact=True).select_option("senior")
    expect(table.locator("tbody tr")).to_have_count(1)
    cell = table.locator('tbody td[data-market="uk"]')
    expect(cell).to_contain_text("£130K–£175K")
    expect(cell).to_contain_text("Source: VAMI")
    expect(page.locator(".kit-remote")).to_contain_text("31")
    expect(page.locator(".kit-rules li[data-rule='eu']")).to_contain_text("depends on national law")
    # Regions without figures are named, with what to do instead.
    expect(page.locator(".kit-no-figures")).to_contain_text("Europe outside the UK")
    # What a remote advert must carry, in plain words, and the rules filtered by jurisdiction.
    expect(page.locator(".kit-remote-advert [data-element='close_date']")).to_contain_text("Colorado")
    page.get_by_label("Jurisdiction").select_option("Canada")
    expect(page.locator(".kit-rules > li")).to_have_count(3, timeout=30_000)
    expect(page.locator(".kit-rules li[data-rule='ca-on']")).to_contain_text("CAD 50,000")
    page.get_by_label("Jurisdiction").select_option("EU")
    expect(page.locator('table[data-source="member-states"]')).to_contain_text("Italy")

    page.get_by_label("Your band from").fill("150000")
    page.get_by_label("Your band to").fill("180000")
    page.get_by_label("What the interviews showed").select_option("solid")
    page.get_by_role("button", name="Suggest an offer").click()
    expect(page.locator(".kit-offer__result")).to_contain_text("Offer between 160,000 and 170,000", timeout=30_000)
    page.get_by_label("Your band to").fill("")
    page.get_by_role("button", name="Suggest an offer").click()
    expect(page.locator(".kit-offer-box .kit-error")).to_contain_text("enter the top of the band")
    watch.assert_clean("pay explorer")


def test_builder_check_fails_a_colorado_advert_without_benefits_and_closing_date(page, site_url, watch):
    """Issue 19: Colorado adverts were built without the benefits line its rule requires."""
    open_tool(page, site_url, "tools/jd-builder/")
    page.get_by_label("Scenario sentence").fill("You will own our model registry and the rules for promoting a model.")
    page.get_by_label("Location").select_option("us-co")
    page.get_by_label("City").fill("Denver")
    page.get_by_label("Reports to").fill("Head of ML Platform")
    page.get_by_label("Pay band from").fill("150000")
    page.get_by_label("Pay band to").fill("180000")
    page.get_by_role("button", name="Build the advert").click()
    check = page.locator(".kit-notes [data-check]")
    expect(check).to_have_attribute("data-check", "fails", timeout=30_000)
    expect(check).to_contain_text("benefits")
    expect(check).to_contain_text("applications close")
    page.get_by_label("Benefits and other pay").fill("Health and dental cover, a 401(k) with a 4% match, equity.")
    page.get_by_label("Applications close on").fill("2027-01-31")
    page.get_by_role("button", name="Build the advert").click()
    expect(check).to_have_attribute("data-check", "passes", timeout=30_000)
    expect(page.locator(".kit-advert")).to_contain_text("Applications close: 2027-01-31")
    watch.assert_clean("jd builder, colorado")


def test_on_a_phone_the_pay_tables_reflow_or_say_they_scroll(browser, site_url):
    """Issue 19: on a phone the pay table showed only its US column, with no cue that more sat off-screen."""
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    overflows = "el => [el, el.querySelector('table')].some((x) => x.scrollWidth > x.clientWidth + 1)"
    try:
        # The guide's table reflows: every column fits the screen.
        page.goto(site_url + "guide/compensation/")
        table = page.locator('table[data-source="compensation"]')
        for market in ("us", "uk", "remote"):
            expect(table.locator(f'th[data-market="{market}"]')).to_be_in_viewport()
        assert not table.evaluate("t => t.scrollWidth > t.clientWidth + 1"), "the guide's pay table is cut off"
        # The explorer's table, with a source under every figure, scrolls, and says so.
        open_tool(page, site_url, "tools/pay-explorer/")
        region = page.locator(".kit-table-scroll").first
        expect(region.locator("table")).to_be_visible(timeout=30_000)
        hint = page.locator(".kit-scroll-hint").first
        assert region.evaluate(overflows), "the explorer's table fits: expected it to scroll on a phone"
        expect(hint).to_be_visible()
        # On a wide screen it fits, and the line goes away.
        page.set_viewport_size({"width": 1280, "height": 900})
        expect(hint).to_be_hidden()
        assert not region.evaluate(overflows)
    finally:
        context.close()


def test_team_helper_recommends_with_reasons_and_the_first_split(page, site_url, watch):
    open_tool(page, site_url, "tools/team-helper/")
    page.get_by_label("How many ML engineers").fill("3")
    page.get_by_label("How many models").fill("4")
    page.get_by_role("button", name="Recommend").click()
    result = page.locator(".kit-team__result")
    expect(result.locator("h3")).to_have_text("One generalist, leaning platform", timeout=30_000)
    expect(result).to_contain_text("Fewer than 5 ML engineers")

    page.get_by_label("How many ML engineers").fill("14")
    page.get_by_label("How many models").fill("40")
    page.get_by_label("Are several ML teams").select_option("yes")
    page.get_by_label("How often").select_option("daily")
    page.get_by_label("What share").fill("25")
    page.get_by_role("button", name="Recommend").click()
    expect(result.locator("h3")).to_have_text("Plan a team")
    expect(result).to_contain_text("Platform lead")
    expect(result.get_by_role("link", name="Build this advert").first).to_have_attribute("href", re.compile(r"jd-builder/\?role=platform&level=senior"))

    page.get_by_label("What share").fill("250")
    page.get_by_role("button", name="Recommend").click()
    expect(page.locator(".kit-error")).to_contain_text("outside 0 to 100")
    watch.assert_clean("team helper")


# --- accessibility of the results, light and dark ---------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tool_results_pass_axe_in_light_and_dark(browser, site_url, scheme):
    """The site-wide sweep sees each tool before it runs; this one checks what a result adds."""
    from axe_playwright_python.sync_playwright import Axe

    from .conftest import PageWatch

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch(origin=re.match(r"https?://[^/]+", site_url).group(0))
    watch.attach(page)
    problems = []

    def check(where):
        for v in Axe().run(page, context="[data-tool]").response["violations"]:
            if v["impact"] in ("serious", "critical"):
                problems.append(f"{where} [{scheme}] {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}")

    try:
        open_tool(page, site_url, "tools/jd-linter/")
        page.get_by_role("button", name="Paste an example").click()
        page.get_by_role("button", name="Check the advert").click()
        expect(page.locator(".kit-findings").first).to_be_visible(timeout=30_000)
        check("jd linter")
        open_tool(page, site_url, "tools/jd-builder/")
        page.get_by_label("Pay band from").fill("1")
        page.get_by_role("button", name="Build the advert").click()
        expect(page.locator(".kit-error")).to_be_visible(timeout=30_000)
        check("jd builder, error")
        page.get_by_label("Pay band from").fill("")
        page.get_by_role("button", name="Build the advert").click()
        expect(page.locator(".kit-advert")).to_be_visible(timeout=30_000)
        check("jd builder")
        # With rules beside the advert (Ontario: range width, AI and vacancy lines) and the check's list.
        page.get_by_label("Location").select_option("ca-on")
        page.get_by_role("button", name="Build the advert").click()
        expect(page.locator(".kit-notes .kit-rules li[data-rule='ca-on']")).to_be_visible(timeout=30_000)
        check("jd builder, rules and check")
        open_tool(page, site_url, "tools/pay-explorer/")
        expect(page.locator('table[data-source="pay-explorer"]')).to_be_visible(timeout=30_000)
        expect(page.locator('table[data-source="member-states"]')).to_be_visible()
        check("pay explorer")
        open_tool(page, site_url, "tools/team-helper/")
        page.get_by_label("How many ML engineers").fill("14")
        page.get_by_role("button", name="Recommend").click()
        expect(page.locator(".kit-team__result h3")).to_be_visible(timeout=30_000)
        check("team helper")
        watch.assert_clean(f"tool results [{scheme}]")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
