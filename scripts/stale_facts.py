"""List the dated facts (pay-transparency rules, EU member states, pay sources, and the guide's
footnotes that say "Checked YYYY-MM-DD") whose last check is older than six months:
`python -m scripts.stale_facts [--months N] [--today YYYY-MM-DD]`.
Exit status 1 when there are any, so a scheduled job can fail on them."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from evaluator.pay.stale import MONTHS, months_before, stale_facts

DOCS = Path(__file__).resolve().parent.parent / "docs"
_FOOTNOTE = re.compile(r"^\[\^(?P<name>[^\]]+)\]:(?P<body>.*?)(?=^\[\^|^\S|\Z)", re.M | re.S)
_CHECKED = re.compile(r"Checked (\d{4}-\d{2}-\d{2})")


def page_facts(docs: Path = DOCS) -> list[dict]:
    """The guide's footnotes that carry a "Checked YYYY-MM-DD" date, one fact per footnote."""
    facts = []
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for note in _FOOTNOTE.finditer(text):
            dates = _CHECKED.findall(note["body"])
            if dates:
                facts.append({"file": str(page.relative_to(docs.parent)), "fact": f"footnote [^{note['name']}]",
                              "source": " ".join(note["body"].split())[:90], "checked": min(dt.date.fromisoformat(d) for d in dates)})
    return facts


def stale_page_facts(today: dt.date, months: int = MONTHS, docs: Path = DOCS) -> list[dict]:
    cutoff = months_before(today, months)
    return sorted((f for f in page_facts(docs) if f["checked"] < cutoff), key=lambda f: (f["checked"], f["file"], f["fact"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.stale_facts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--months", type=int, default=MONTHS, help=f"how old a check may be (default {MONTHS})")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="the day to count from (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    stale = stale_facts(args.today, args.months) + stale_page_facts(args.today, args.months)
    if not stale:
        print(f"No fact was last checked more than {args.months} months before {args.today}.")
        return 0
    print(f"{len(stale)} fact(s) last checked more than {args.months} months before {args.today}:")
    for fact in stale:
        print(f"  {fact['checked']}  {fact['fact']}  [{fact['file']}]  {fact['source']}")
    print("Re-check each against its source, then update its `checked` (or `reviewed`) date.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
