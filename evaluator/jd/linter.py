"""The job-description linter: findings with their positions, so the page can highlight them.

Positions are counted in UTF-16 code units, the unit of JavaScript strings, so the browser can cut
the reader's text at exactly these offsets without counting anything itself. For text without
characters outside the Basic Multilingual Plane (emoji, some CJK) they equal Python's indices.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .rules import LintRules, OmitRule

# At most this many highlighted places per finding; a 1 MB paste of one phrase repeated must not
# produce a million DOM nodes. The finding says how many more there were.
MAX_SPANS_PER_FINDING = 200

_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+•·‣▪–]|\d{1,3}[.)])[ \t]+", re.MULTILINE)
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+.*$", re.MULTILINE)
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


class _Offsets:
    """Code-point index -> UTF-16 offset: identical unless the text holds astral characters."""

    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, index: int) -> int:
        # Each astral character before `index` takes two UTF-16 units instead of one.
        return index + bisect.bisect_left(self._astral, index)


def headline_ranges(text: str, headline_items: int, opening_chars: int) -> list[tuple[int, int]]:
    """Where a requirement counts as a headline: the title line, headings, the opening, top list items."""
    ranges: list[tuple[int, int]] = [(0, min(len(text), opening_chars))]
    first_line = re.search(r"\S[^\n]*", text)
    if first_line:
        ranges.append(first_line.span())
    ranges.extend(m.span() for m in _HEADING.finditer(text))

    # A list is a run of item lines with nothing but blank lines between them.
    items_in_list = 0
    previous_end = None
    for m in _LIST_ITEM.finditer(text):
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end == -1 else line_end
        between = text[previous_end:m.start()] if previous_end is not None else None
        if between is None or between.strip():
            items_in_list = 0
        items_in_list += 1
        if items_in_list <= headline_items:
            ranges.append((m.start(), line_end))
        previous_end = line_end
    return ranges


def _in_ranges(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in ranges)


def _matches(patterns, text: str) -> list[_Span]:
    spans = {(m.start(), m.end()) for p in patterns for m in p.finditer(text) if m.end() > m.start()}
    return [_Span(s, e) for s, e in sorted(spans)]


def _omit_spans(rule: OmitRule, text: str, headlines: list[tuple[int, int]]) -> list[_Span]:
    spans = _matches(rule.patterns, text)
    if rule.where == "headline":
        spans = [s for s in spans if _in_ranges(s.start, headlines)]
    # Two patterns of one rule can match overlapping text; keep the first of each overlap.
    kept: list[_Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept if len(kept) >= rule.count else []


def _signal_terms(patterns, text: str) -> tuple[int, dict[str, int]]:
    terms: dict[str, int] = {}
    total = 0
    for span in _matches(patterns, text):
        term = " ".join(text[span.start:span.end].lower().split())
        terms[term] = terms.get(term, 0) + 1
        total += 1
    return total, dict(sorted(terms.items(), key=lambda kv: (-kv[1], kv[0])))


def lint_job_description(text: str, rules: LintRules) -> dict:
    """Findings for one job description, each with why it matters, advice and the places it occurs.

    Returns `findings` (problems first, in order of first appearance; then warnings), `segments`
    (non-overlapping highlighted ranges, each naming the findings it belongs to), `balance` (the
    DevOps and MLOps signal counts) and `included` (the include-list items that are present).
    """
    offsets = _Offsets(text)
    headlines = headline_ranges(text, rules.headline_items, rules.opening_chars)

    def span_dict(span: _Span) -> dict:
        return {"start": offsets(span.start), "end": offsets(span.end), "text": text[span.start:span.end]}

    located: list[tuple[int, dict]] = []
    finding_spans: dict[str, list[_Span]] = {}
    for rule in rules.omit:
        spans = _omit_spans(rule, text, headlines)
        if not spans:
            continue
        finding_spans[rule.id] = spans[:MAX_SPANS_PER_FINDING]
        located.append((spans[0].start, {
            "id": rule.id,
            "kind": "omit",
            "severity": "problem",
            "title": rule.title,
            "why": rule.why,
            "advice": rule.rewrite,
            "count": len(spans),
            "spans": [span_dict(s) for s in spans[:MAX_SPANS_PER_FINDING]],
        }))
    findings = [f for _, f in sorted(located, key=lambda pair: pair[0])]

    if not any(p.search(text) for p in rules.pay.patterns):
        findings.append(_document_finding(rules.pay, "pay", "problem"))

    devops_count, devops_terms = _signal_terms(rules.balance.devops, text)
    mlops_count, mlops_terms = _signal_terms(rules.balance.mlops, text)
    total = devops_count + mlops_count
    share = mlops_count / total if total else None
    if total >= rules.balance.min_signals and share is not None and share < rules.balance.mlops_share_min:
        finding = _document_finding(rules.balance, "balance", "warning")
        finding["why"] = (
            f"{rules.balance.why} Here {devops_count} of {total} signals are DevOps words "
            f"({', '.join(list(devops_terms)[:5])}) and {mlops_count} are MLOps words."
        )
        findings.append(finding)

    included = []
    for rule in rules.include:
        if any(p.search(text) for p in rule.patterns):
            included.append({"id": rule.id, "title": rule.title})
        else:
            findings.append(_document_finding(rule, "missing", "warning"))

    return {
        "findings": findings,
        "segments": _segments(finding_spans, offsets),
        "balance": {
            "devops": devops_count,
            "mlops": mlops_count,
            "mlops_share": share,
            "mlops_share_min": rules.balance.mlops_share_min,
            "devops_terms": devops_terms,
            "mlops_terms": mlops_terms,
        },
        "included": included,
        "summary": {
            "problems": sum(f["severity"] == "problem" for f in findings),
            "warnings": sum(f["severity"] == "warning" for f in findings),
            "length": offsets(len(text)),
        },
    }


def _document_finding(rule, kind: str, severity: str) -> dict:
    """A finding about the whole text (something missing), with no place to highlight."""
    return {
        "id": rule.id,
        "kind": kind,
        "severity": severity,
        "title": rule.title,
        "why": rule.why,
        "advice": rule.suggestion,
        "count": 0,
        "spans": [],
    }


def _segments(finding_spans: dict[str, list[_Span]], offsets: _Offsets) -> list[dict]:
    """Cut overlapping finding spans into non-overlapping segments that list every finding covering them."""
    order = list(finding_spans)
    # At one position, ends come before starts so touching spans do not make an empty segment.
    events = sorted(
        (pos, delta, fid)
        for fid, spans in finding_spans.items()
        for s in spans
        for pos, delta in ((s.start, 1), (s.end, -1))
    )
    active = dict.fromkeys(order, 0)
    segments = []
    previous = None
    for position, delta, fid in events:
        if previous is not None and position > previous:
            covering = [f for f in order if active[f] > 0]
            if covering:
                segments.append({"start": offsets(previous), "end": offsets(position), "findings": covering})
        active[fid] += delta
        previous = position
    return segments
