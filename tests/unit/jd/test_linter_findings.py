"""Regression tests for each linter finding of issue 19, written so they fail on the old linter."""

from __future__ import annotations

import pytest

from evaluator import api
from evaluator.jd.linter import lint_job_description
from evaluator.jd.pay_ranges import pay_ranges
from evaluator.jd.rules import default_rules

RULES = default_rules()


def ids(text: str) -> list[str]:
    return [f["id"] for f in lint_job_description(text, RULES)["findings"]]


def ranges(text: str) -> list[tuple[float, float]]:
    return [(r.low, r.high) for r in pay_ranges(text, RULES.pay_rules.context)]


@pytest.mark.parametrize(("text", "low", "high"), [
    ("The base pay range is 148,000 USD - 276,000 USD.", 148_000, 276_000),
    ("Rémunération : fourchette de 46,5k et 52,5k brut.", 46_500, 52_500),
    ("Ein Jahresgehalt von 75.000 € – 90.000 €.", 75_000, 90_000),
    ("Salary: $180,000-$220,000", 180_000, 220_000),
    ("Pay: ~$150k–$190k + equity", 150_000, 190_000),
    ("Salary: 150-190k USD base", 150_000, 190_000),
    ("between $135,000 and $160,000 per year", 135_000, 160_000),
    ("Salary: CHF 140'000 – 160'000 per year", 140_000, 160_000),
    ("Salary: 650 000–800 000 SEK per year", 650_000, 800_000),
    ("Salary: CA$140,000 to CA$165,000", 140_000, 165_000),
    ("Compensation: $130K - $160K base", 130_000, 160_000),
    ("Rate: $60–$80 per hour", 60, 80),
    ("£70k to £85k depending on experience", 70_000, 85_000),
    ("Salary: EUR 80.000 - 95.000 gross", 80_000, 95_000),
    ("Salary range: $150,000.00 - $185,000.00", 150_000, 185_000),
])
def test_pay_ranges_in_the_formats_adverts_use(text, low, high):
    assert ranges(text) == [(low, high)]
    assert "no-pay-range" not in ids(text)


@pytest.mark.parametrize("text", [
    "5-7 years of experience with Python 3.11",
    "We have grown 2019-2023 and run 40-60 models.",
    "Version 1.2-1.4 of the API, 10-20 requests",
    "Up to $210,000 base.",
    "Salary: $XXX,XXX - $XXX,XXX",
])
def test_numbers_that_are_not_a_pay_range(text):
    assert ranges(text) == [] or "XXX" in text


def test_a_range_beside_competitive_wording_is_one_range_and_no_vague_pay():
    found = ids("We offer a competitive salary of $160,000–$185,000 plus bonus.")
    assert "vague-pay" not in found and "no-pay-range" not in found


def test_one_finding_per_missing_range():
    found = ids("Salary: DOE. We pay a competitive package.")
    assert found.count("vague-pay") == 1 and "no-pay-range" not in found
    found = ids("MLOps engineer. Salary to be agreed.")
    assert "no-pay-range" in found and "vague-pay" not in found


def test_a_range_wider_than_twice_its_bottom():
    finding = next(f for f in lint_job_description("Compensation: $100,000-$720,000.", RULES)["findings"]
                   if f["id"] == "range-too-wide")
    assert finding["spans"][0]["text"] == "$100,000-$720,000"
    assert "7.2 times" in finding["why"]
    assert "range-too-wide" not in ids("Compensation: $100,000-$190,000.")


def test_up_to_alone_is_one_finding():
    found = ids("We pay up to $210,000 base.")
    assert "pay-up-to" in found and "no-pay-range" not in found


def test_terraform_first_in_a_nice_to_have_list_is_not_a_headline():
    text = "MLOps Engineer\n\n" + "x " * 200 + "\n\nNice to have\n- Terraform\n- 5+ years of Kubernetes\n"
    found = ids(text)
    assert "terraform-headline" not in found and "kubernetes-years-headline" not in found
    assert "terraform-headline" in ids(text.replace("Nice to have", "Requirements"))


def test_an_advert_without_line_breaks_is_not_one_long_title():
    text = ("MLOps Engineer at Corvid. " + "We run models for hospitals and care about patients. " * 8
            + "Nice to have: Terraform. Requirements: you have deployed models to production.")
    assert "terraform-headline" not in ids(text)


@pytest.mark.parametrize("bullet", ["●", "➢", "✓", "→", "•", "▪"])
def test_bullet_characters_make_list_items(bullet):
    text = f"Platform Engineer\n\n{'x ' * 200}\n\nRequirements\n{bullet} 5+ years of Kubernetes\n{bullet} Python\n"
    assert "kubernetes-years-headline" in ids(text)


def test_html_list_items_make_list_items():
    text = "<p>Platform Engineer</p><p>" + "x " * 200 + "</p><h3>Requirements</h3><ul><li>5+ years of Kubernetes</li><li>Python</li></ul>"
    assert "kubernetes-years-headline" in ids(text)
    low = text.replace("<li>5+ years of Kubernetes</li>", "") + "<ul><li>a</li><li>b</li><li>c</li><li>d</li><li>5+ years of Kubernetes</li></ul>"
    assert "kubernetes-years-headline" not in ids(low.replace("Requirements", "Benefits"))


def test_reworded_cs_fundamentals():
    for phrase in ("Strong grasp of fundamental computer science concepts", "Solid understanding of computer science fundamentals",
                   "Excellent knowledge of data structures and algorithms", "strong CS fundamentals"):
        assert "cs-fundamentals" in ids(phrase), phrase
    assert "cs-fundamentals" not in ids("Bachelor's degree in Computer Science or equivalent experience")


def test_years_as_a_devops_engineer_as_the_first_requirement():
    text = "MLOps Engineer\n\nRequirements\n- 4+ years as a DevOps Engineer\n- Python\n"
    assert "devops-years-first" in ids(text)
    later = "MLOps Engineer\n\nRequirements\n- You have deployed models to production\n- 4+ years as a DevOps Engineer\n"
    assert "devops-years-first" not in ids(later)


def test_a_required_certification_and_the_aws_gcp_azure_shorthand():
    assert "required-certification" in ids("Requirements\n- AWS/GCP/Azure certs\n- Python\n")
    assert "required-certification" in ids("Requirements\n- Python\n- AWS Certified Solutions Architect required\n")
    assert "required-certification" not in ids("MLOps Engineer\n\nNice to have\n- AWS/GCP/Azure certs\n")
    assert "required-certification" not in ids("Requirements\n- An AWS certification is welcome but not required\n")
    # A long list is one finding, not two.
    listed = ids("Requirements\n- AWS Certified ML\n- Azure AI certification\n- CKA\n")
    assert "certification-list" in listed and "required-certification" not in listed


@pytest.mark.parametrize("placeholder", ["[...]", "[Company]", "<a named model or product>", "{{team}}", "$XXX,XXX", "TBD", "<COMPANY NAME>"])
def test_placeholders_left_in(placeholder):
    assert "placeholder" in ids(f"MLOps Engineer at Acme. You will own {placeholder} for us.")


@pytest.mark.parametrize("text", ["See [our stack](https://example.org).", "<li class=\"x\">Python</li>", "- [x] done", "<br/>", "<a href=\"#x\">link</a>"])
def test_links_tags_and_checkboxes_are_not_placeholders(text):
    assert "placeholder" not in ids(text)


def test_a_template_with_its_placeholders_does_not_lint_clean():
    result = api.jd_template(role="generalist", level="senior", location="us-ca")
    assert "A placeholder left in the text" in result["check"]["problems"]


def test_outcomes_and_interview_process_are_include_items():
    bare = ids("MLOps Engineer. Salary $100,000-$120,000.")
    assert "outcomes" in bare and "interview-process" in bare
    full = ids("What success looks like: after 6 months, drift alerts. How we interview: three stages.")
    assert "outcomes" not in full and "interview-process" not in full


@pytest.mark.parametrize("wording", ["Productionize ML models built by our scientists", "Deploying scalable machine learning models on Kubernetes",
                                     "You have shipped models to production", "Experience with model deployment"])
def test_deploying_models_in_other_words(wording):
    assert "deploying-models" not in ids(wording)


def test_the_balance_counts_each_term_once_and_knows_champion_challenger():
    repeated = "Kubernetes " * 50 + "Docker. Model monitoring and drift."
    result = lint_job_description(repeated, RULES)
    assert result["balance"]["devops"] == 2 and "devops-heavy" not in ids(repeated)
    text = ("We retrain models and run champion/challenger comparisons, with model monitoring, on Kubernetes, "
            "Docker, Helm and Terraform.")
    assert "devops-heavy" not in ids(text)


def test_non_english_text_gets_one_warning_instead_of_every_include_item():
    text = ("Tu prendras en charge la chaîne de réentraînement de notre modèle, avec la détection de dérive. "
            "Nous cherchons une personne pour notre équipe et pour nos clients, avec des outils simples.")
    result = lint_job_description(text, RULES)
    found = [f["id"] for f in result["findings"]]
    assert "not-english" in found and not any(f["kind"] == "missing" for f in result["findings"])
    assert result["language"]["code"] == "fr"
    assert lint_job_description("We are hiring an engineer to own our models and the pipelines that train them.", RULES)["language"]["english"]


def test_heuristic_findings_say_how_sure_they_are():
    result = lint_job_description((__import__("pathlib").Path(__file__).parent / "adverts" / "03-agency-devops.txt").read_text(), RULES)
    confidence = {f["id"]: f["confidence"] for f in result["findings"]}
    assert confidence["vague-pay"] == "high"
    assert confidence["devops-heavy"] == "medium" and confidence["devops-years-first"] == "medium"
    assert all(c in ("high", "medium", "low") for c in confidence.values())
