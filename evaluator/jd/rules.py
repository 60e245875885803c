"""The job-description linter's rules (docs/data/jd-rules.toml), checked and typed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..datafile import DataError, load, optional, require, require_choice, require_list, unique

FILE = "data/jd-rules.toml"
WHERE = ("anywhere", "headline")


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


@dataclass(frozen=True)
class IncludeRule:
    """Something every MLOps advert should say (an include-list item, or a pay range); missing
    when no pattern matches."""

    id: str
    title: str
    patterns: tuple[re.Pattern, ...]
    why: str
    suggestion: str


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


@dataclass(frozen=True)
class LintRules:
    omit: tuple[OmitRule, ...]
    include: tuple[IncludeRule, ...]
    pay: IncludeRule
    balance: BalanceRule
    headline_items: int
    opening_chars: int


def _patterns(table: dict, key: str, where: str) -> tuple[re.Pattern, ...]:
    """A list of regular expressions, compiled case-insensitively; a bad one is named."""
    compiled = []
    for i, source in enumerate(require_list(table, key, str, where)):
        try:
            compiled.append(re.compile(source, re.IGNORECASE))
        except re.error as e:
            raise DataError(f"{where}: '{key}' item {i + 1} is not a valid regular expression ({e}): {source!r}") from None
    return tuple(compiled)


def _include_rule(raw: dict, rule_id: str, where: str) -> IncludeRule:
    return IncludeRule(
        id=rule_id,
        title=require(raw, "title", str, where),
        patterns=_patterns(raw, "patterns", where),
        why=require(raw, "why", str, where),
        suggestion=require(raw, "suggestion", str, where),
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
        omit.append(OmitRule(
            id=rule_id,
            title=require(raw, "title", str, where),
            where=require_choice(raw, "where", WHERE, where),
            count=count,
            patterns=_patterns(raw, "patterns", where),
            why=require(raw, "why", str, where),
            rewrite=require(raw, "rewrite", str, where),
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
    )

    raw_headline = require(data, "headline", dict, "top level")
    where = "[headline]"
    headline_items = require(raw_headline, "headline_items", int, where)
    opening_chars = require(raw_headline, "opening_chars", int, where)
    if headline_items < 1 or opening_chars < 1:
        raise DataError(f"{where}: 'headline_items' and 'opening_chars' must be 1 or more")

    rules = LintRules(tuple(omit), tuple(include), pay, balance, headline_items, opening_chars)
    unique([r.id for r in (*rules.omit, *rules.include, rules.pay, rules.balance)], "rule ids", "top level")
    return rules


@lru_cache(maxsize=1)
def default_rules() -> LintRules:
    """The rules shipped with the site (read once per process)."""
    return load(FILE, parse_rules)
