"""The job-description linter: findings with their positions, so the page can highlight them.

Positions are counted in UTF-16 code units, the unit of JavaScript strings, so the browser can cut
the reader's text at exactly these offsets without counting anything itself. For text without
characters outside the Basic Multilingual Plane (emoji, some CJK) they equal Python's indices.

Time: every rule pattern is a bounded regular expression, the layout (evaluator.jd.layout) and
the pay ranges (evaluator.jd.pay_ranges) are read in linear passes, and every "is this place a
headline / in which section" question is a binary search, so a paste up to the page's limit is
linted in well under a second natively (tests/unit/jd/test_linter_work.py counts the work; scripts/bench-jd-lint times it).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from .layout import Intervals, Layout
from .pay_ranges import pay_ranges
from .rules import LintRules, OmitRule
from .scan import Scanner

# At most this many highlighted places per finding; a 1 MB paste of one phrase repeated must not
# produce a million DOM nodes. The finding says how many more there were.
MAX_SPANS_PER_FINDING = 200
# Matches counted per pattern; past this many a finding says "or more" (`count_capped`), so a paste
# of one phrase repeated a hundred thousand times costs no more than this many.
MAX_COUNT = 10_000

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_WORD = re.compile(r"[^\W\d_]+")


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


def headline_ranges(text: str, headline_items: int, opening_chars: int, sections=()) -> list[tuple[int, int]]:
    """Where a requirement counts as a headline: the title, headings, the opening paragraph and
    the first `headline_items` items of each list that is not a nice-to-have or benefits list
    (merged, sorted ranges)."""
    return Layout(text, sections, headline_items, opening_chars).headline.as_list()


def _matches(patterns, scanner: Scanner) -> list[_Span]:
    spans = {(s, e) for p in patterns for s, e in itertools.islice(scanner.finditer(p), MAX_COUNT) if e > s}
    return [_Span(s, e) for s, e in sorted(spans)]


class _Context:
    """What the position-dependent rules need to know about one text."""

    def __init__(self, text: str, rules: LintRules):
        self.text = text
        self.scanner = Scanner(text)
        self.layout = Layout(text, rules.sections, rules.headline_items, rules.opening_chars)
        self.optional_words = rules.optional_words
        first = self.layout.first_requirement()
        self.first_requirement = Intervals([first] if first else [])
        self._item_starts = [i.start for i in self.layout.items]

    def is_required(self, span: _Span) -> bool:
        """Not in a nice-to-have section, and not worded as optional where it stands."""
        if self.layout.section_at(span.start) == "nice":
            return False
        if self.optional_words is None:
            return True
        start, end = self._enclosing(span)
        return self.optional_words.search(self.text, start, end) is None

    def _enclosing(self, span: _Span) -> tuple[int, int]:
        i = bisect.bisect_right(self._item_starts, span.start) - 1
        if i >= 0 and span.start < self.layout.items[i].end:
            item = self.layout.items[i]
            return item.start, item.end
        text = self.text
        low = max(0, span.start - 200)
        start = max(text.rfind("\n", low, span.start), text.rfind(". ", low, span.start), low)
        high = min(len(text), span.end + 200)
        ends = [e for e in (text.find("\n", span.end, high), text.find(". ", span.end, high)) if e != -1]
        return start, min(ends) if ends else high

    def keep(self, rule: OmitRule, span: _Span) -> bool:
        if rule.where == "headline":
            return span.start in self.layout.headline
        if rule.where == "first-requirement":
            return span.start in self.first_requirement
        if rule.where == "required":
            return self.is_required(span)
        return True


def _omit_spans(rule: OmitRule, text: str, context: _Context) -> list[_Span]:
    spans = [s for s in _matches(rule.patterns, context.scanner) if context.keep(rule, s)]
    # Two patterns of one rule can match overlapping text; keep the first of each overlap.
    kept: list[_Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept if len(kept) >= rule.count else []


def _signal_terms(patterns, scanner: Scanner) -> tuple[int, dict[str, int]]:
    """How many of the patterns occur (each counts once, however often it repeats), and how often
    each matched term occurs."""
    terms: dict[str, int] = {}
    present = 0
    for pattern in patterns:
        hit = False
        for start, end in itertools.islice(scanner.finditer(pattern), MAX_COUNT):
            if end == start:
                continue
            hit = True
            term = " ".join(scanner.text[start:end].lower().split())
            terms[term] = terms.get(term, 0) + 1
        present += hit
    return present, dict(sorted(terms.items(), key=lambda kv: (-kv[1], kv[0])))


def detect_language(text: str, rule) -> tuple[str, dict[str, int]]:
    """The language whose common words are most frequent in the text's opening `sample_chars`
    ("en" when too few common words are found to tell), and the counts per language."""
    hits = dict.fromkeys(rule.stopwords, 0)
    for m in _WORD.finditer(text, 0, rule.sample_chars):
        word = m.group().lower()
        for lang, words in rule.stopwords.items():
            if word in words:
                hits[lang] += 1
    if sum(hits.values()) < rule.min_hits:
        return "en", hits
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    return best, hits


def lint_job_description(text: str, rules: LintRules) -> dict:
    """Findings for one job description, each with why it matters, advice, a confidence ("high"
    for a phrase found as written, "medium" or "low" where the rule is a heuristic) and the places
    it occurs.

    Returns `findings` (problems first, in order of first appearance; then warnings), `segments`
    (non-overlapping highlighted ranges, each naming the findings it belongs to), `balance` (the
    DevOps and MLOps signal counts), `included` (the include-list items that are present),
    `pay_ranges` (each range found, with its bounds) and `language` (the language the text seems
    to be in; the rules read English).
    """
    offsets = _Offsets(text)
    context = _Context(text, rules)

    def span_dict(span: _Span) -> dict:
        return {"start": offsets(span.start), "end": offsets(span.end), "text": text[span.start:span.end]}

    if rules.pay_rules is not None:
        ranges = pay_ranges(text, rules.pay_rules.context, context.scanner)
        has_range = bool(ranges)
    else:
        ranges = []
        has_range = any(p.search(text) for p in rules.pay.patterns)

    # A range inside a placeholder ("[Add the band, for example 70,000-90,000]") is an example,
    # not the advert's pay.
    placeholder_rule = next((r for r in rules.omit if r.id == "placeholder"), None)
    if ranges and placeholder_rule is not None:
        holes = Intervals([(s.start, s.end) for s in _matches(placeholder_rule.patterns, context.scanner)])
        ranges = [r for r in ranges if r.start not in holes]
        has_range = bool(ranges)

    located: list[tuple[int, dict]] = []
    finding_spans: dict[str, list[_Span]] = {}

    def add_located(rule_id: str, spans: list[_Span], finding: dict) -> None:
        finding_spans[rule_id] = spans[:MAX_SPANS_PER_FINDING]
        finding["count"] = len(spans)
        finding["count_capped"] = len(spans) >= MAX_COUNT
        finding["spans"] = [span_dict(s) for s in spans[:MAX_SPANS_PER_FINDING]]
        located.append((spans[0].start, finding))

    reported: set[str] = set()
    omit_spans: dict[str, list[_Span]] = {}
    for rule in rules.omit:
        if rule.unless == "pay-range" and has_range:
            continue
        spans = _omit_spans(rule, text, context)
        if spans:
            omit_spans[rule.id] = spans
            reported.add(rule.id)
    for rule in rules.omit:
        spans = omit_spans.get(rule.id)
        if not spans or any(other in reported for other in rule.suppressed_by):
            continue
        add_located(rule.id, spans, {
            "id": rule.id, "kind": "omit", "severity": "problem", "confidence": rule.confidence,
            "title": rule.title, "why": rule.why, "advice": rule.rewrite,
        })

    if rules.pay_rules is not None:
        wide = [r for r in ranges if r.ratio > rules.pay_rules.max_ratio]
        if wide:
            rule = rules.pay_rules.wide
            worst = max(wide, key=lambda r: r.ratio)
            add_located(rule.id, [_Span(r.start, r.end) for r in wide], {
                "id": rule.id, "kind": "omit", "severity": "problem", "confidence": rule.confidence,
                "title": rule.title,
                "why": f"{rule.why} The widest here goes from {worst.low:,.0f} to {worst.high:,.0f}, {worst.ratio:.1f} times its bottom.",
                "advice": rule.suggestion,
            })
    findings = [f for _, f in sorted(located, key=lambda pair: pair[0])]

    vague_reported = any(r.unless == "pay-range" and r.id in reported for r in rules.omit)
    if not has_range and not vague_reported:
        findings.append(_document_finding(rules.pay, "pay", "problem"))

    devops_count, devops_terms = _signal_terms(rules.balance.devops, context.scanner)
    mlops_count, mlops_terms = _signal_terms(rules.balance.mlops, context.scanner)
    total = devops_count + mlops_count
    share = mlops_count / total if total else None
    if total >= rules.balance.min_signals and share is not None and share < rules.balance.mlops_share_min:
        finding = _document_finding(rules.balance, "balance", "warning")
        finding["why"] = (
            f"{rules.balance.why} Here {devops_count} of the {total} different terms found are DevOps terms "
            f"({', '.join(list(devops_terms)[:5])}) and {mlops_count} are MLOps terms."
        )
        findings.append(finding)

    language = {"code": "en", "name": "English", "english": True}
    if rules.language is not None:
        code, hits = detect_language(text, rules.language)
        language = {"code": code, "name": rules.language.names.get(code, code), "english": code == "en"}
        if code != "en":
            finding = _document_finding(rules.language.rule, "language", "warning")
            finding["why"] = f"This text reads as {language['name']}. {rules.language.rule.why}"
            findings.append(finding)

    included = []
    for rule in rules.include:
        if any(context.scanner.search(p) for p in rule.patterns):
            included.append({"id": rule.id, "title": rule.title})
        elif language["english"]:
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
        "pay_ranges": [{"start": offsets(r.start), "end": offsets(r.end), "text": text[r.start:r.end],
                        "low": r.low, "high": r.high} for r in ranges[:MAX_SPANS_PER_FINDING]],
        "language": language,
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
        "confidence": getattr(rule, "confidence", "high"),
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
