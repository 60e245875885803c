"""The JD builder: a filled form plus a template become an advert that follows the guide's include list.

The advert comes back twice: as Markdown (to copy into an applicant tracking system or download)
and as sections (for the page, where each requirement links to the scorecard dimension that tests
it). Notes for the hiring manager (pay figures from our sources, the pay-transparency rules where
the job is) come back apart from the advert, so they never end up in a posting by accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import datetime as dt

from .form import JobForm, read_form
from .linter import lint_job_description
from .rules import LintRules, default_rules
from .templates import Requirement, Templates, default_templates


@dataclass(frozen=True)
class MarketPay:
    """A market range from our pay sources, for one level and market, in whole currency units."""

    low: int
    high: int
    symbol: str
    measure: str
    open_ended: bool
    source: str
    as_of: str


def money(amount: int, symbol: str) -> str:
    return f"{symbol}{amount:,}"


def _count(n: int) -> str:
    """3 -> "Three": a count that starts a sentence."""
    return ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")[n] if n < 10 else str(n)


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _assessed_by(req: Requirement, templates: Templates) -> dict:
    stage = templates.stages[req.stage]
    return {
        "stage": req.stage,
        "stage_title": stage.title,
        "dimension": req.dimension,
        "page": stage.page,
        "anchor": req.anchor,
    }


def _requirement_line(req: Requirement, templates: Templates) -> str:
    number = req.stage.removeprefix("stage-")
    return f"{req.text} (interview stage {number}: {req.dimension})"


def build_job_description(
    form: JobForm,
    templates: Templates,
    rules: LintRules,
    market_pay: MarketPay | None,
    transparency: dict[str, dict],
) -> dict:
    """The advert for `form`, its sections, the hiring manager's notes and the linter's check of it."""
    role = templates.role(form.role)
    level = templates.level(form.level)
    location = next(loc for loc in templates.locations if loc.id == form.location)
    warnings: list[str] = []

    title = f"{level.title_prefix}{role.title}"
    scenario = form.scenario or role.scenario
    if not form.scenario:
        warnings.append("The scenario is the template's example: replace it with one true sentence about your job.")
    elif not re.match(r"(?i)you(?:'ll|\u2019ll| will)\b", scenario):
        warnings.append("Start the scenario with \"You will\": it should describe the job, not the company.")
    if scenario[-1] not in ".!?":
        scenario += "."

    team = []
    if form.ml_engineers is not None:
        team.append(f"{form.ml_engineers} ML engineer{'s' if form.ml_engineers != 1 else ''}")
    if form.models_in_production is not None:
        team.append(f"{form.models_in_production} model{'s' if form.models_in_production != 1 else ''} in production")
    about = [role.lead, role.problem]
    if team:
        sentence = f"{'We have' if not form.company else form.company + ' has'} {_join(team)}"
        if form.deployment_frequency:
            phrase = next(f.phrase for f in templates.frequencies if f.id == form.deployment_frequency)
            sentence += f", and a new model version reaches production {phrase}"
        about.append(sentence + ".")
    elif form.deployment_frequency:
        phrase = next(f.phrase for f in templates.frequencies if f.id == form.deployment_frequency)
        about.append(f"A new model version reaches production {phrase}.")

    must = [*role.must, level.must]
    if form.tools:
        tools_text = f"{_join(list(form.tools))}."
    else:
        tools_text = "[Name the ML tools you run today, for example MLflow, Airflow and Feast.]"
        warnings.append("Name the tools you use: candidates judge the fit by them.")

    pay_text, pay_note = _pay(form, market_pay, location.market, warnings)

    sections = [
        {"id": "about", "heading": "About the role", "paragraphs": [" ".join(about)], "items": []},
        {"id": "do", "heading": "What you will do", "paragraphs": [],
         "items": [{"text": d} for d in (*role.duties, level.scope)]},
        {"id": "must", "heading": "What you bring", "paragraphs": [],
         "items": [{"text": r.text, "assessed_by": _assessed_by(r, templates)} for r in must]},
        {"id": "nice", "heading": "Nice to have", "paragraphs": [],
         "items": [{"text": r.text, "assessed_by": _assessed_by(r, templates)} for r in role.nice]},
        {"id": "tools", "heading": "Our tools", "paragraphs": [tools_text], "items": []},
        {"id": "success", "heading": "What success looks like", "paragraphs": [], "items": [],
         "groups": [{"heading": "After 6 months", "items": list(role.six_months)},
                    {"heading": "After 12 months", "items": list(role.twelve_months)}]},
        {"id": "pay", "heading": "Pay", "paragraphs": [pay_text], "items": []},
        {"id": "interview", "heading": "How we interview", "paragraphs": [
            f"{_count(len(templates.interview))} steps over {templates.interview_span}; beside each requirement "
            "above is the stage that tests it:"],
         "items": [{"text": step} for step in templates.interview], "ordered": True},
    ]

    lines = [f"# {title}", "", f"**Location:** {location.label}", "", scenario, ""]
    for section in sections:
        lines += [f"## {section['heading']}", ""]
        for paragraph in section["paragraphs"]:
            lines += [paragraph, ""]
        for i, item in enumerate(section["items"], start=1):
            text = item["text"]
            if "assessed_by" in item:
                req = next(r for r in (*must, *role.nice) if r.text == text)
                text = _requirement_line(req, templates)
            lines.append(f"{i}. {text}" if section.get("ordered") else f"- {text}")
        for group in section.get("groups", []):
            lines += [f"**{group['heading']}**", ""]
            lines += [f"- {item}" for item in group["items"]]
            lines.append("")
        if section["items"]:
            lines.append("")
    markdown = "\n".join(lines).rstrip() + "\n"

    notes = [pay_note] if pay_note else []
    if location.note:
        notes.append(location.note)
    check = lint_job_description(markdown, rules)
    return {
        "title": title,
        "location": location.label,
        "scenario": scenario,
        "sections": sections,
        "markdown": markdown,
        "filename": f"{_slug(title)}-{_slug(location.label)}.md",
        "notes": notes,
        "rules": [transparency[rule_id] for rule_id in location.rules],
        "warnings": warnings,
        "check": {
            "problems": [f["title"] for f in check["findings"] if f["severity"] == "problem"],
            "warnings": [f["title"] for f in check["findings"] if f["severity"] == "warning"],
        },
    }


def _pay(form: JobForm, market: MarketPay | None, market_id: str, warnings: list[str]) -> tuple[str, str]:
    """The advert's pay line and the hiring manager's note about market figures."""
    symbol = market.symbol if market else ("€" if market_id == "" else "$")
    note = ""
    if market:
        plus = " or more" if market.open_ended else ""
        note = (f"Market range for this level: {money(market.low, market.symbol)}–{money(market.high, market.symbol)}{plus} "
                f"({market.measure}; {market.source}, {market.as_of}). Set your band from your own pay structure.")
    if form.pay_low is not None and form.pay_high is not None:
        return f"{money(form.pay_low, symbol)}–{money(form.pay_high, symbol)} {form.pay_basis}.", note
    if market:
        warnings.append("The pay line shows the market range from our sources: replace it with the band you will really pay.")
        return (f"{money(market.low, market.symbol)}–{money(market.high, market.symbol)} {market.measure.lower()} "
                "[market range for the level: replace with your band]."), note
    warnings.append("Add the pay band: our sources have no figures for this location, and the law there may require a range.")
    return "[Add the pay band you will really pay, for example 70,000–90,000 base salary.]", note


def market_pay(level: str, market_id: str) -> MarketPay | None:
    """The market range our pay sources give for a level and market, in whole units; None if none."""
    from ..pay import load_compensation

    comp = load_compensation()
    market = next((m for m in comp.markets if m.id == market_id), None)
    pay = next(lv for lv in comp.levels if lv.id == level).pay.get(market_id) if market else None
    if market is None or pay is None:
        return None
    source = comp.source(pay.source)
    return MarketPay(pay.low * 1000, pay.high * 1000, market.symbol, market.measure, pay.open_ended, source.name, source.as_of)


def build_from_form(raw_form: dict, today: dt.date) -> dict:
    """`build_job_description` for a filled form, with the site's templates, rules, pay figures and
    pay-transparency rules (as of `today`)."""
    from ..pay.transparency import default_transparency

    templates = default_templates()
    job = read_form(raw_form, templates)
    location = next(loc for loc in templates.locations if loc.id == job.location)
    rules = {r.id: r.as_json(today) for r in default_transparency().rules}
    return build_job_description(job, templates, default_rules(), market_pay(job.level, location.market), rules)
