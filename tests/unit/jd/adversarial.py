"""Adversarial pastes at the linter's size limit, shared by the work test (tests/unit/jd/
test_linter_work.py, deterministic) and the timing benchmark (scripts/bench-jd-lint)."""

from __future__ import annotations

from pathlib import Path

from evaluator import api

LIMIT = api.JD_MAX_CHARS
ADVERT = (Path(__file__).parent / "adverts" / "31-good-complete.md").read_text(encoding="utf-8")


def fill(piece: str, size: int = LIMIT) -> str:
    return (piece * (size // len(piece) + 1))[:size]


ADVERSARIAL = {
    "digit-comma run 1,1,1,...": fill("1,"),
    "digits only": fill("1"),
    "amount pairs $1-$1-...": fill("$1-"),
    "10,000 headings": "# K8s\n" * 10_000,
    "headings to the limit": fill("## Terraform 5 years\n"),
    "one line, no breaks": fill("Kubernetes Terraform drift model registry competitive salary "),
    "repeated phrase": fill("We pay a competitive salary. "),
    "inline bullets": fill("● Terraform "),
    "HTML list items": fill("<li>Terraform 5 years Kubernetes</li>"),
    "colons": fill("Requirements: a:"),
    "brackets": fill("[x"),
    "angle brackets": fill("<a b "),
    "spaces": " " * LIMIT,
    "newlines": "\n" * LIMIT,
    "adverts without spaces": fill(ADVERT.replace(" ", "")),
}
# The two catastrophic inputs of the old linter: 32 KB of "1,1,1..." took 25 s with its second pay
# pattern; 200 KB of headings took 9.5 s.
OLD_CATASTROPHIC = {"old: 32 KB of 1,1,1": fill("1,", 32_000), "old: # Terraform headings": fill("# Terraform\n")}
