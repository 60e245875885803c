"""The JD builder's form: its fields, choices, defaults and help, and reading a filled form.

Defined once here; the builder page asks for `form_options()` and builds its controls from it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import InputError
from .templates import LEVEL_IDS, Templates

MAX_TEXT = 400
MAX_TOOLS = 20
MAX_TOOL_CHARS = 40
MAX_COUNT = 100_000
MAX_PAY = 100_000_000

HELP = {
    "role": "Platform-focused builds the tools ML engineers use; model-focused owns model quality in production; a first hire is usually a generalist who leans platform.",
    "level": "The level you will pay for and interview against.",
    "ml_engineers": "How many ML engineers the hire will work with.",
    "models_in_production": "How many models serve real traffic today.",
    "deployment_frequency": "How often a new model version reaches production.",
    "scenario": "One true sentence about the first months of the job, starting \"You will\". It is the strongest filter an advert has.",
    "tools": "The ML tools you run today, separated by commas.",
    "location": "Where the job is. It decides which pay figures we show and which pay-transparency rules apply.",
    "company": "Your company's name (optional); the advert says \"we\" without it.",
    "pay": "The band you will really pay, in whole currency units (for example 180000 to 220000). Several US states and EU law require it in the advert.",
    "pay_basis": "What the band covers, for example \"base salary plus equity\".",
    "city": "The city the job is based in (for a remote job, leave it empty). The advert names it with the state or country.",
    "country": "The country, where the location above does not name one (an EU member state, or a remote job limited to one country).",
    "work_arrangement": "Where the work is done: candidates filter on it first.",
    "reports_to": "Who the hire reports to, by role (for example \"Head of ML Platform\").",
    "benefits": "The benefits and other pay in one or two lines: health cover, retirement or pension, bonus, equity, holidays. Colorado, Washington, Illinois, Maryland, Minnesota and New Jersey require a general description in the advert.",
    "close_date": "The day applications close (YYYY-MM-DD). Colorado requires it in the advert.",
    "ai_screening": "Whether you use AI to screen, assess or select applicants. Ontario requires the advert to say.",
    "vacancy": "Whether the advert is for a job that is open now. Ontario requires the advert to say.",
}

WORK_ARRANGEMENTS = (
    {"id": "onsite", "label": "On-site", "phrase": "On-site"},
    {"id": "hybrid", "label": "Hybrid", "phrase": "Hybrid: part of the week in the office, part at home"},
    {"id": "remote", "label": "Remote", "phrase": "Remote"},
)
AI_SCREENING = (
    {"id": "no", "label": "No AI in screening", "phrase": "We do not use artificial intelligence (AI) to screen, assess or select applicants."},
    {"id": "yes", "label": "AI helps screen applicants", "phrase": "We use artificial intelligence (AI) to help screen, assess or select applicants; a person reviews every decision."},
)
VACANCY = (
    {"id": "existing", "label": "An existing vacancy", "phrase": "This advert is for an existing vacancy."},
    {"id": "future", "label": "A future vacancy (a pool of applicants)", "phrase": "This advert is not for an existing vacancy: we are gathering applicants for a role we expect to open."},
)
MAX_CITY = 80

# The form's fields in order, grouped as the page shows them: id (the key read_form reads), label,
# kind ("choice" with the key of its choices in form_options, "text", "long_text", "count",
# "money", "date") and group. The page and any build-time rendering take labels from here.
FIELDS = (
    {"id": "role", "label": "Role type", "kind": "choice", "choices": "roles", "group": "The role"},
    {"id": "level", "label": "Level", "kind": "choice", "choices": "levels", "group": "The role"},
    {"id": "scenario", "label": "Scenario sentence", "kind": "long_text", "group": "The role"},
    {"id": "ml_engineers", "label": "ML engineers", "kind": "count", "group": "Your team"},
    {"id": "models_in_production", "label": "Models in production", "kind": "count", "group": "Your team"},
    {"id": "deployment_frequency", "label": "Deployment frequency", "kind": "choice", "choices": "deployment_frequencies", "group": "Your team"},
    {"id": "tools", "label": "Tools in use", "kind": "text", "group": "Your team"},
    {"id": "company", "label": "Company name", "kind": "text", "group": "Your team"},
    {"id": "location", "label": "Location (whose rules apply)", "kind": "choice", "choices": "locations", "group": "Location and pay"},
    {"id": "city", "label": "City", "kind": "text", "group": "Location and pay"},
    {"id": "country", "label": "Country", "kind": "text", "group": "Location and pay"},
    {"id": "work_arrangement", "label": "Work arrangement", "kind": "choice", "choices": "work_arrangements", "group": "Location and pay"},
    {"id": "reports_to", "label": "Reports to", "kind": "text", "group": "Location and pay"},
    {"id": "pay_low", "label": "Pay band from", "kind": "money", "group": "Location and pay"},
    {"id": "pay_high", "label": "Pay band to", "kind": "money", "group": "Location and pay"},
    {"id": "pay_basis", "label": "The band covers", "kind": "text", "group": "Location and pay"},
    {"id": "benefits", "label": "Benefits and other pay", "kind": "long_text", "group": "What some laws require in the advert"},
    {"id": "close_date", "label": "Applications close on", "kind": "date", "group": "What some laws require in the advert"},
    {"id": "ai_screening", "label": "AI in screening", "kind": "choice", "choices": "ai_screening", "group": "What some laws require in the advert"},
    {"id": "vacancy", "label": "Vacancy", "kind": "choice", "choices": "vacancies", "group": "What some laws require in the advert"},
)


@dataclass(frozen=True)
class JobForm:
    role: str
    level: str
    ml_engineers: int | None
    models_in_production: int | None
    deployment_frequency: str | None
    scenario: str
    tools: tuple[str, ...]
    location: str
    company: str
    pay_low: int | None
    pay_high: int | None
    pay_basis: str
    city: str = ""
    country: str = ""
    work_arrangement: str | None = None
    reports_to: str = ""
    benefits: str = ""
    close_date: dt.date | None = None
    ai_screening: str | None = None
    vacancy: str | None = None


def form_options(templates: Templates) -> dict:
    """The builder form's fields, choices, defaults and help texts, for the page to render."""
    return {
        "roles": [{"id": r.id, "label": r.label, "scenario": r.scenario} for r in templates.roles],
        "levels": [{"id": lv.id, "label": lv.title_prefix.strip() or "Mid-level"} for lv in templates.levels],
        "deployment_frequencies": [{"id": f.id, "label": f.label} for f in templates.frequencies],
        "locations": [{"id": loc.id, "label": loc.label} for loc in templates.locations],
        "tool_suggestions": list(templates.tool_suggestions),
        "work_arrangements": [{"id": w["id"], "label": w["label"]} for w in WORK_ARRANGEMENTS],
        "ai_screening": [{"id": a["id"], "label": a["label"]} for a in AI_SCREENING],
        "vacancies": [{"id": v["id"], "label": v["label"]} for v in VACANCY],
        "defaults": {
            "role": "generalist",
            "level": "senior",
            "deployment_frequency": "weekly",
            "location": "us-other",
            "pay_basis": "base salary",
            "work_arrangement": "hybrid",
            "ai_screening": "no",
            "vacancy": "existing",
        },
        "fields": [dict(f) for f in FIELDS],
        "help": dict(HELP),
        "limits": {"text": MAX_TEXT, "tools": MAX_TOOLS},
    }


def _choice(raw: dict, key: str, choices: list[str], default: str | None) -> str | None:
    value = raw.get(key, default)
    if value in (None, "") and default is None:
        return None
    if value in (None, ""):
        value = default
    if value not in choices:
        raise InputError(f"{key.replace('_', ' ')} {value!r} is not one of: {', '.join(choices)}")
    return value


def _count(raw: dict, key: str, label: str, maximum: int) -> int | None:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        if not re.fullmatch(r"\s*\d[\d,]*\s*", value):
            raise InputError(f"{label} must be a whole number, got {value!r}")
        value = int(value.replace(",", ""))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{label} must be a whole number, got {value!r}")
    if not 0 <= value <= maximum:
        raise InputError(f"{label} must be between 0 and {maximum:,}, got {value:,}")
    return value


def _text(raw: dict, key: str, label: str, limit: int = MAX_TEXT, brackets: bool = True) -> str:
    value = raw.get(key) or ""
    if not isinstance(value, str):
        raise InputError(f"{label} must be text")
    value = " ".join(value.split())
    if len(value) > limit:
        raise InputError(f"{label} is {len(value)} characters long; keep it under {limit}")
    if not brackets and ("[" in value or "]" in value):
        raise InputError(f"{label} contains a square bracket: write the real text, not a placeholder")
    return value


def _date(raw: dict, key: str, label: str) -> dt.date | None:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InputError(f"{label} must be a date such as 2027-01-31")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{label} must be a date such as 2027-01-31, got {value!r}") from None


def read_form(raw: dict, templates: Templates) -> JobForm:
    """A filled builder form, checked; InputError names the first field that is wrong."""
    if not isinstance(raw, dict):
        raise InputError("the form must be a set of named fields")
    tools_raw = raw.get("tools") or []
    if isinstance(tools_raw, str):
        tools_raw = tools_raw.split(",")
    if not isinstance(tools_raw, list) or not all(isinstance(t, str) for t in tools_raw):
        raise InputError("tools must be a list of names, or names separated by commas")
    tools = []
    for tool in tools_raw:
        tool = " ".join(tool.split())
        if not tool or tool.lower() in (t.lower() for t in tools):
            continue
        if len(tool) > MAX_TOOL_CHARS:
            raise InputError(f"tool name {tool[:MAX_TOOL_CHARS]!r}… is too long; keep each under {MAX_TOOL_CHARS} characters")
        tools.append(tool)
    if len(tools) > MAX_TOOLS:
        raise InputError(f"{len(tools)} tools listed; name at most {MAX_TOOLS}, the ones you really use")

    pay_low = _count(raw, "pay_low", "the bottom of the pay band", MAX_PAY)
    pay_high = _count(raw, "pay_high", "the top of the pay band", MAX_PAY)
    if (pay_low is None) != (pay_high is None):
        raise InputError("give both the bottom and the top of the pay band, or neither")
    if pay_low is not None and pay_high is not None and not 0 < pay_low < pay_high:
        raise InputError(f"the pay band's bottom ({pay_low:,}) must be above zero and below its top ({pay_high:,})")

    return JobForm(
        role=_choice(raw, "role", [r.id for r in templates.roles], "generalist"),
        level=_choice(raw, "level", list(LEVEL_IDS), "senior"),
        ml_engineers=_count(raw, "ml_engineers", "ML engineers", MAX_COUNT),
        models_in_production=_count(raw, "models_in_production", "models in production", MAX_COUNT),
        deployment_frequency=_choice(raw, "deployment_frequency", [f.id for f in templates.frequencies], None),
        scenario=_text(raw, "scenario", "the scenario"),
        tools=tuple(tools),
        location=_choice(raw, "location", [loc.id for loc in templates.locations], "us-other"),
        company=_text(raw, "company", "the company name"),
        pay_low=pay_low,
        pay_high=pay_high,
        pay_basis=_text(raw, "pay_basis", "what the pay band covers") or "base salary",
        city=_text(raw, "city", "the city", MAX_CITY, brackets=False),
        country=_text(raw, "country", "the country", MAX_CITY, brackets=False),
        work_arrangement=_choice(raw, "work_arrangement", [w["id"] for w in WORK_ARRANGEMENTS], None),
        reports_to=_text(raw, "reports_to", "who the hire reports to", MAX_CITY, brackets=False),
        benefits=_text(raw, "benefits", "the benefits", brackets=False),
        close_date=_date(raw, "close_date", "the closing date"),
        ai_screening=_choice(raw, "ai_screening", [a["id"] for a in AI_SCREENING], None),
        vacancy=_choice(raw, "vacancy", [v["id"] for v in VACANCY], None),
    )
