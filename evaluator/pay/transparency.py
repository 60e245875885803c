"""Pay-transparency rules for job adverts (docs/data/pay-transparency.toml), checked and typed: where
each rule applies, its status on a given day, what an advert must carry to satisfy it, and which
rules reach a remote advert."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from ..datafile import DataError, load, optional, require, require_choice, require_list, unique
from ..errors import InputError

FILE = "data/pay-transparency.toml"
REACH = ("yes", "office", "employer", "no", "unclear")
SOURCE_KINDS = ("law", "government", "law firm", "publisher")
MEMBER_STATUSES = ("in force", "partly in force", "missed the deadline")
ALL = "all"

# What an advert may have to carry, in the hiring manager's words. The builder writes each of these
# and its check (evaluator.jd.builder.check_advert_elements) looks for each in the advert's text.
ELEMENTS = {
    "pay_range": "the pay, or a pay range with both a minimum and a maximum (not \"from $X\" or \"up to $Y\")",
    "benefits": "a general description of the benefits and other compensation (health, retirement, bonus, equity)",
    "close_date": "the date applications close",
    "good_faith": "a range set in good faith: what you really expect to pay at hire, not the widest band",
    "range_width": "a range no wider than CAD 50,000 a year (unless the pay, or the top of the range, is over CAD 200,000)",
    "ai_use": "whether AI is used to screen, assess or select applicants",
    "vacancy_status": "whether the advert is for an existing vacancy",
}
REACH_TEXT = {
    "yes": "covers remote jobs that could be done from there",
    "office": "covers remote jobs that report to an office or supervisor there",
    "employer": "covers remote jobs offered by employers based there",
    "no": "covers only jobs done there",
    "unclear": "coverage of remote jobs not settled in our sources",
}


@dataclass(frozen=True)
class TransparencyRule:
    id: str
    jurisdiction: str
    group: str
    kind: str
    scope: str
    min_employees: int | None
    remote: str
    reaches_remote: str
    requirement: str
    advert_must: tuple[str, ...]
    effective: dt.date
    enforced_from: dt.date | None
    depends_on_national_law: bool
    effective_note: str
    source: str
    source_url: str
    source_kind: str
    checked: dt.date
    confirmed: bool

    def in_force(self, today: dt.date) -> bool:
        return self.effective <= today

    def status(self, today: dt.date) -> str:
        """The rule's status on `today` in words: in force / enacted, from DATE / deadline passed."""
        day = _day(self.effective)
        if self.depends_on_national_law:
            if self.in_force(today):
                return f"Transposition deadline passed ({day}): what applies depends on national law"
            return f"Member states must transpose it by {day}"
        text = f"In force since {day}" if self.in_force(today) else f"Enacted, in force from {day}"
        if self.enforced_from:
            text += f"; enforced from {_day(self.enforced_from)}"
        return text

    def as_json(self, today: dt.date) -> dict:
        return {
            "id": self.id, "jurisdiction": self.jurisdiction, "group": self.group, "kind": self.kind,
            "scope": self.scope, "min_employees": self.min_employees, "remote": self.remote,
            "reaches_remote": self.reaches_remote, "reaches_remote_text": REACH_TEXT[self.reaches_remote],
            "requirement": self.requirement,
            "advert_must": [{"id": e, "text": ELEMENTS[e]} for e in self.advert_must],
            "effective": self.effective.isoformat(),
            "enforced_from": self.enforced_from.isoformat() if self.enforced_from else None,
            "in_force": self.in_force(today), "status": self.status(today),
            "depends_on_national_law": self.depends_on_national_law, "effective_note": self.effective_note,
            "source": self.source, "source_url": self.source_url, "source_kind": self.source_kind,
            "checked": self.checked.isoformat(), "confirmed": self.confirmed,
        }


@dataclass(frozen=True)
class MemberState:
    """How far one EU member state has brought the directive into its own law."""

    country: str
    status: str
    adverts: str
    since: str
    source: str
    source_url: str
    checked: dt.date
    confirmed: bool
    note: str

    def as_json(self) -> dict:
        return {"country": self.country, "status": self.status, "adverts": self.adverts, "since": self.since,
                "source": self.source, "source_url": self.source_url, "checked": self.checked.isoformat(),
                "confirmed": self.confirmed, "note": self.note}


@dataclass(frozen=True)
class Transparency:
    checked: dt.date
    caveat: str
    rules: tuple[TransparencyRule, ...]
    member_states: tuple[MemberState, ...] = ()

    def by_id(self) -> dict[str, TransparencyRule]:
        return {r.id: r for r in self.rules}

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(r.group for r in self.rules))


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _https(raw: dict, where: str) -> str:
    url = require(raw, "source_url", str, where)
    if not url.startswith("https://"):
        raise DataError(f"{where}: 'source_url' must be an https:// address, got {url!r}")
    return url


def _rule(raw: dict, i: int) -> TransparencyRule:
    rule_id = require(raw, "id", str, f"[[rule]] #{i + 1}")
    where = f"[[rule]] '{rule_id}'"
    must = tuple(require_list(raw, "advert_must", str, where))
    unknown = [e for e in must if e not in ELEMENTS]
    if unknown:
        raise DataError(f"{where}: 'advert_must' has {unknown}; choose from {', '.join(ELEMENTS)}")
    if "pay_range" not in must:
        raise DataError(f"{where}: 'advert_must' must include pay_range (every rule here asks for pay in the advert)")
    min_employees = optional(raw, "min_employees", int, where)
    if min_employees is not None and min_employees < 1:
        raise DataError(f"{where}: 'min_employees' must be 1 or more (leave it out for all employers)")
    effective = require(raw, "effective", dt.date, where)
    enforced = optional(raw, "enforced_from", dt.date, where)
    if enforced is not None and enforced < effective:
        raise DataError(f"{where}: 'enforced_from' {enforced} is before 'effective' {effective}")
    return TransparencyRule(
        id=rule_id,
        jurisdiction=require(raw, "jurisdiction", str, where),
        group=require(raw, "group", str, where),
        kind=require(raw, "kind", str, where),
        scope=require(raw, "scope", str, where),
        min_employees=min_employees,
        remote=require(raw, "remote", str, where),
        reaches_remote=require_choice(raw, "reaches_remote", REACH, where),
        requirement=require(raw, "requirement", str, where),
        advert_must=must,
        effective=effective,
        enforced_from=enforced,
        depends_on_national_law=optional(raw, "depends_on_national_law", bool, where, default=False),
        effective_note=optional(raw, "effective_note", str, where, default=""),
        source=require(raw, "source", str, where),
        source_url=_https(raw, where),
        source_kind=require_choice(raw, "source_kind", SOURCE_KINDS, where),
        checked=require(raw, "checked", dt.date, where),
        confirmed=optional(raw, "confirmed", bool, where, default=True),
    )


def parse_transparency(data: dict) -> Transparency:
    """Check the rules against their schema and return them typed; DataError names the problem."""
    rules = tuple(_rule(raw, i) for i, raw in enumerate(require(data, "rule", list, "top level")))
    if not rules:
        raise DataError("top level: no [[rule]] tables")
    unique([r.id for r in rules], "rule ids", "[[rule]]")
    states = []
    for i, raw in enumerate(optional(data, "member_state", list, "top level", default=[])):
        country = require(raw, "country", str, f"[[member_state]] #{i + 1}")
        where = f"[[member_state]] '{country}'"
        states.append(MemberState(
            country=country,
            status=require_choice(raw, "status", MEMBER_STATUSES, where),
            adverts=require(raw, "adverts", str, where),
            since=optional(raw, "since", str, where, default=""),
            source=require(raw, "source", str, where),
            source_url=_https(raw, where),
            checked=require(raw, "checked", dt.date, where),
            confirmed=optional(raw, "confirmed", bool, where, default=True),
            note=optional(raw, "note", str, where, default=""),
        ))
    unique([s.country for s in states], "countries", "[[member_state]]")
    return Transparency(require(data, "checked", dt.date, "top level"), require(data, "caveat", str, "top level"),
                        rules, tuple(states))


@lru_cache(maxsize=1)
def default_transparency() -> Transparency:
    """The rules shipped with the site (read once per process)."""
    return load(FILE, parse_transparency)


def remote_rules(transparency: Transparency) -> list[TransparencyRule]:
    """The rules that reach a remote advert open to applicants anywhere in their country: those
    covering remote jobs that could be done there."""
    return [r for r in transparency.rules if r.reaches_remote == "yes"]


def required_elements(rules: list[TransparencyRule] | tuple[TransparencyRule, ...], today: dt.date) -> dict[str, list[str]]:
    """What an advert must carry to satisfy the given rules in force on `today`: element id -> the
    jurisdictions that ask for it, in the order of ELEMENTS. A directive that binds states, not
    employers (the EU's), asks for nothing by itself: the national law does."""
    needed: dict[str, list[str]] = {}
    for element in ELEMENTS:
        places = [r.jurisdiction for r in rules
                  if r.in_force(today) and not r.depends_on_national_law and element in r.advert_must]
        if places:
            needed[element] = places
    return needed


def _names(places: list[str]) -> str:
    return places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]


def remote_summary(transparency: Transparency, today: dt.date) -> dict:
    """In plain words: what a remote advert open to applicants across a country must carry to
    satisfy the rules that reach it (and, to be safe, those that may), and which rules are coming."""
    reaching = [r for r in remote_rules(transparency) if r.in_force(today)]
    maybe = [r for r in transparency.rules
             if r.reaches_remote in ("office", "employer", "unclear") and not r.depends_on_national_law]
    considered = reaching + [r for r in maybe if r.reaches_remote != "employer"]
    needed = required_elements(considered, today)
    in_force = [r for r in considered if r.in_force(today)]
    must = []
    for element, places in needed.items():
        who = "every one of these rules" if len(places) == len(in_force) else _names(places)
        must.append({"id": element, "text": f"{ELEMENTS[element][0].upper()}{ELEMENTS[element][1:]}: asked by {who}.",
                     "jurisdictions": places})
    return {
        "intro": ("A remote job open to applicants who live in " + _names([r.jurisdiction for r in reaching])
                  + " is covered by their rules wherever your office is; several other rules may cover it too, "
                  "depending on where the job reports or where you are based. To satisfy all of them, the advert must carry:"),
        "must": must,
        "may_reach": [{"jurisdiction": r.jurisdiction, "reach": REACH_TEXT[r.reaches_remote]} for r in maybe],
        "upcoming": [{"jurisdiction": r.jurisdiction, "status": r.status(today)}
                     for r in [*remote_rules(transparency), *maybe] if not r.in_force(today)],
        "eu": ("In the EU, what a remote advert must carry depends on each country's law (see the member states); "
               "a range in the advert meets the directive's Article 5, but a national law may ask for more."),
        "advice": ("Saying a remote job is closed to applicants from one place does not take it out of Washington's "
                   "rule; name the places the job is open to, and carry everything above."),
    }


def transparency_view(transparency: Transparency, jurisdiction: str | None, today: dt.date) -> dict:
    """The rules for the pay explorer, filtered by `jurisdiction` (a group such as "US", a rule id,
    or "all"), with each rule's status on `today`, the EU member states and the remote summary."""
    jurisdiction = jurisdiction or ALL
    groups = transparency.groups
    ids = [r.id for r in transparency.rules]
    if jurisdiction != ALL and jurisdiction not in groups and jurisdiction not in ids:
        raise InputError(f"jurisdiction {jurisdiction!r} is not one of: {ALL}, {', '.join(groups)}, or a rule id ({', '.join(ids)})")
    rules = [r for r in transparency.rules if jurisdiction in (ALL, r.group, r.id)]
    show_states = any(r.depends_on_national_law for r in rules)
    return {
        "checked": transparency.checked.isoformat(),
        "caveat": transparency.caveat,
        "jurisdiction": jurisdiction,
        "options": [{"id": ALL, "label": "All jurisdictions"}]
                   + [{"id": g, "label": f"{g}: all rules"} for g in groups]
                   + [{"id": r.id, "label": r.jurisdiction} for r in sorted(transparency.rules, key=lambda r: r.jurisdiction)],
        "rules": [r.as_json(today) for r in rules],
        "member_states": [s.as_json() for s in transparency.member_states] if show_states else [],
        "remote": remote_summary(transparency, today),
    }
