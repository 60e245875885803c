"""The job-description linter's rules (docs/data/jd-rules.toml), checked and typed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..datafile import DataError, load, optional, require, require_choice, require_list, unique

FILE = "data/jd-rules.toml"
# Where an omit rule's phrase hurts (see the data file's comments).
WHERE = ("anywhere", "headline", "required", "first-requirement")
CONFIDENCE = ("high", "medium", "low")
# Heading classes: what the list under a heading is about.
SECTION_KINDS = ("nice", "other", "requirements", "duties")


@dataclass(frozen=True)
class OmitRule:
    """A phrase to drop or move down, with why it hurts and what to write instead."""

    id: str
    title: str
    where: str
    count: int
    patterns: tuple[re.Pattern, ...]
    why: str
    rewrite: str
    confidence: str = "high"
    # Not reported when any of these rules is reported (one finding per problem).
    suppressed_by: tuple[str, ...] = ()
    # "pay-range": reported only when the advert states no pay range.
    unless: str = ""


@dataclass(frozen=True)
class IncludeRule:
    """Something every MLOps advert should say (an include-list item, or a pay range); missing
    when no pattern matches."""

    id: str
    title: str
    patterns: tuple[re.Pattern, ...]
    why: str
    suggestion: str
    confidence: str = "medium"


@dataclass(frozen=True)
class BalanceRule:
    id: str
    title: str
    mlops_share_min: float
    min_signals: int
    why: str
    suggestion: str
    devops: tuple[re.Pattern, ...]
    mlops: tuple[re.Pattern, ...]
    confidence: str = "medium"


@dataclass(frozen=True)
class DocumentRule:
    """A finding about the text as a whole or a computed place (a wide range, the language)."""

    id: str
    title: str
    why: str
    suggestion: str
    confidence: str


@dataclass(frozen=True)
class PayRules:
    """How a pay range is recognised: words that say an amount is pay, and what counts as too wide."""

    missing: IncludeRule
    context: re.Pattern
    wide: DocumentRule
    max_ratio: float


@dataclass(frozen=True)
class LanguageRule:
    rule: DocumentRule
    stopwords: dict[str, frozenset[str]]
    names: dict[str, str]
    sample_chars: int
    min_hits: int


@dataclass(frozen=True)
class LintRules:
    omit: tuple[OmitRule, ...]
    include: tuple[IncludeRule, ...]
    pay: IncludeRule
    balance: BalanceRule
    headline_items: int
    opening_chars: int
    # Optional parts (older rule files and hand-built test rules may leave them out).
    pay_rules: PayRules | None = None
    language: LanguageRule | None = None
    sections: tuple[tuple[str, re.Pattern], ...] = ()
    optional_words: re.Pattern | None = None


def _patterns(table: dict, key: str, where: str) -> tuple[re.Pattern, ...]:
    """A list of regular expressions, compiled case-insensitively; a bad one is named."""
    compiled = []
    for i, source in enumerate(require_list(table, key, str, where)):
        compiled.append(_compile(source, f"'{key}' item {i + 1}", where))
    return tuple(compiled)


def _compile(source: str, what: str, where: str) -> re.Pattern:
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as e:
        raise DataError(f"{where}: {what} is not a valid regular expression ({e}): {source!r}") from None


def _alternation(table: dict, key: str, where: str) -> re.Pattern:
    """A list of patterns joined into one (each checked on its own first, so a bad one is named)."""
    sources = require_list(table, key, str, where)
    for i, source in enumerate(sources):
        _compile(source, f"'{key}' item {i + 1}", where)
    return _compile("|".join(f"(?:{s})" for s in sources), f"'{key}'", where)


def _confidence(raw: dict, where: str, default: str) -> str:
    value = optional(raw, "confidence", str, where, default=default)
    if value not in CONFIDENCE:
        raise DataError(f"{where}: 'confidence' must be one of {', '.join(CONFIDENCE)}, got {value!r}")
    return value


def _include_rule(raw: dict, rule_id: str, where: str) -> IncludeRule:
    return IncludeRule(
        id=rule_id,
        title=require(raw, "title", str, where),
        patterns=_patterns(raw, "patterns", where),
        why=require(raw, "why", str, where),
        suggestion=require(raw, "suggestion", str, where),
        confidence=_confidence(raw, where, "medium"),
    )


def _document_rule(raw: dict, where: str, default_confidence: str) -> DocumentRule:
    return DocumentRule(
        id=require(raw, "id", str, where),
        title=require(raw, "title", str, where),
        why=require(raw, "why", str, where),
        suggestion=require(raw, "suggestion", str, where),
        confidence=_confidence(raw, where, default_confidence),
    )


def parse_rules(data: dict) -> LintRules:
    """Check the rules against their schema and return them typed; DataError names the problem."""
    omit = []
    for i, raw in enumerate(require(data, "omit", list, "top level")):
        where = f"[[omit]] #{i + 1}"
        rule_id = require(raw, "id", str, where)
        where = f"[[omit]] '{rule_id}'"
        count = optional(raw, "count", int, where, default=1)
        if count < 1:
            raise DataError(f"{where}: 'count' must be 1 or more, got {count}")
        unless = optional(raw, "unless", str, where, default="")
        if unless not in ("", "pay-range"):
            raise DataError(f"{where}: 'unless' must be \"pay-range\" or left out, got {unless!r}")
        omit.append(OmitRule(
            id=rule_id,
            title=require(raw, "title", str, where),
            where=require_choice(raw, "where", WHERE, where),
            count=count,
            patterns=_patterns(raw, "patterns", where),
            why=require(raw, "why", str, where),
            rewrite=require(raw, "rewrite", str, where),
            confidence=_confidence(raw, where, "high"),
            suppressed_by=tuple(optional(raw, "suppressed_by", list, where, default=[])),
            unless=unless,
        ))
    include = []
    for i, raw in enumerate(require(data, "include", list, "top level")):
        where = f"[[include]] #{i + 1}"
        rule_id = require(raw, "id", str, where)
        where = f"[[include]] '{rule_id}'"
        include.append(_include_rule(raw, rule_id, where))
    if not omit or not include:
        raise DataError("top level: needs at least one [[omit]] and one [[include]] rule")

    raw_pay = require(data, "pay", dict, "top level")
    where = "[pay]"
    pay = _include_rule(raw_pay, require(raw_pay, "id", str, where), where)
    pay_rules = None
    if "context" in raw_pay:
        raw_wide = require(raw_pay, "wide", dict, where)
        max_ratio = require(raw_wide, "max_ratio", (int, float), "[pay.wide]")
        if max_ratio <= 1:
            raise DataError(f"[pay.wide]: 'max_ratio' must be more than 1, got {max_ratio}")
        pay_rules = PayRules(pay, _alternation(raw_pay, "context", where),
                             _document_rule(raw_wide, "[pay.wide]", "high"), float(max_ratio))

    raw_balance = require(data, "balance", dict, "top level")
    where = "[balance]"
    share = require(raw_balance, "mlops_share_min", (int, float), where)
    if not 0 < share < 1:
        raise DataError(f"{where}: 'mlops_share_min' must be between 0 and 1, got {share}")
    min_signals = require(raw_balance, "min_signals", int, where)
    if min_signals < 1:
        raise DataError(f"{where}: 'min_signals' must be 1 or more, got {min_signals}")
    balance = BalanceRule(
        id=require(raw_balance, "id", str, where),
        title=require(raw_balance, "title", str, where),
        mlops_share_min=float(share),
        min_signals=min_signals,
        why=require(raw_balance, "why", str, where),
        suggestion=require(raw_balance, "suggestion", str, where),
        devops=_patterns(raw_balance, "devops", where),
        mlops=_patterns(raw_balance, "mlops", where),
        confidence=_confidence(raw_balance, where, "medium"),
    )

    raw_headline = require(data, "headline", dict, "top level")
    where = "[headline]"
    headline_items = require(raw_headline, "headline_items", int, where)
    opening_chars = require(raw_headline, "opening_chars", int, where)
    if headline_items < 1 or opening_chars < 1:
        raise DataError(f"{where}: 'headline_items' and 'opening_chars' must be 1 or more")

    sections: list[tuple[str, re.Pattern]] = []
    optional_words = None
    if "sections" in data:
        raw_sections = require(data, "sections", dict, "top level")
        for kind in SECTION_KINDS:
            sections.append((kind, _alternation(raw_sections, kind, "[sections]")))
        optional_words = _alternation(raw_sections, "optional_words", "[sections]")

    language = None
    if "language" in data:
        raw_language = require(data, "language", dict, "top level")
        where = "[language]"
        raw_words = require(raw_language, "stopwords", dict, where)
        if "en" not in raw_words or len(raw_words) < 2:
            raise DataError(f"{where}: 'stopwords' needs 'en' and at least one other language")
        stopwords = {lang: frozenset(w.lower() for w in require_list(raw_words, lang, str, "[language.stopwords]"))
                     for lang in raw_words}
        names = require(raw_language, "names", dict, where)
        missing_names = sorted(set(stopwords) - set(names))
        if missing_names:
            raise DataError(f"{where}: 'names' has no name for {', '.join(missing_names)}")
        language = LanguageRule(
            rule=_document_rule(raw_language, where, "medium"),
            stopwords=stopwords,
            names={k: str(v) for k, v in names.items()},
            sample_chars=require(raw_language, "sample_chars", int, where),
            min_hits=require(raw_language, "min_hits", int, where),
        )

    rules = LintRules(tuple(omit), tuple(include), pay, balance, headline_items, opening_chars,
                      pay_rules, language, tuple(sections), optional_words)
    ids = [r.id for r in (*rules.omit, *rules.include, rules.pay, rules.balance)]
    if pay_rules:
        ids.append(pay_rules.wide.id)
    if language:
        ids.append(language.rule.id)
    unique(ids, "rule ids", "top level")
    for rule in rules.omit:
        unknown = [r for r in rule.suppressed_by if r not in ids]
        if unknown:
            raise DataError(f"[[omit]] '{rule.id}': 'suppressed_by' names no rule: {', '.join(unknown)}")
    return rules


@lru_cache(maxsize=1)
def default_rules() -> LintRules:
    """The rules shipped with the site (read once per process)."""
    return load(FILE, parse_rules)
