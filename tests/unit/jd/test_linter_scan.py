"""The fast path (evaluator.jd.scan) finds exactly the matches of each rule pattern as written."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from evaluator.jd.rules import default_rules
from evaluator.jd.scan import Scanner, _required, _parser, prepare

RULES = default_rules()
PATTERNS = [p for r in (*RULES.omit, *RULES.include) for p in r.patterns] + list(RULES.balance.devops) + list(RULES.balance.mlops)
PATTERNS.append(RULES.pay_rules.context)
# Pieces of text the patterns care about, mixed with noise, in any case.
PIECES = ["Kubernetes", "k8s", "5+ years", "Terraform", "with terraform", "drift", "model registry", "MLflow",
          "competitive salary", "DOE", "[Company]", "<a named model>", "TBD", "$XXX", "AWS/GCP/Azure certs",
          "CS fundamentals", "strong grasp of computer science", "deployed models to production", "You will own",
          "İstanbul", "Straße", "K", "_", "ß", "\n", ". ", " ", "-", "/", "4+ years as a DevOps engineer", "up to $200"]


def original(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=30),
       st.lists(st.booleans(), min_size=30, max_size=30))
def test_the_fast_path_matches_the_patterns_as_written(pieces, upper):
    text = "".join(p.upper() if up else p for p, up in zip(pieces, upper))
    scanner = Scanner(text)
    for pattern in PATTERNS:
        assert list(scanner.finditer(pattern)) == original(pattern, text), pattern.pattern


def test_the_fast_path_matches_on_every_corpus_advert():
    from pathlib import Path

    for path in sorted((Path(__file__).parent / "adverts").iterdir()):
        text = path.read_text(encoding="utf-8")
        scanner = Scanner(text)
        for pattern in PATTERNS:
            assert list(scanner.finditer(pattern)) == original(pattern, text), (path.name, pattern.pattern)


def test_most_patterns_get_a_keyword_and_a_lower_case_form():
    prepared = [prepare(p) for p in PATTERNS]
    assert sum(f.keywords is not None for f in prepared) >= 0.9 * len(prepared)
    assert sum(f.lowered is not None for f in prepared) >= 0.9 * len(prepared)


def test_required_words_are_those_every_match_contains():
    def words(source):
        return _required(list(_parser.parse(source, re.IGNORECASE)))

    assert words(r"\bterraform\b") == {"terraform"}
    # The parser factors out the shared "s"; each match still contains one of the rest.
    assert words(r"\b(?:strong|solid)\s+cs\b") == {"trong", "olid"}
    assert words(r"\bmodels?\b") == {"model"}
    assert words(r"(?:a|b)?x") == {"x"}
    assert words(r"\d+") is None
