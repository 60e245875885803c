"""List the dated facts (pay-transparency rules, EU member states, pay sources) whose last check is
older than six months: `python -m scripts.stale_facts [--months N] [--today YYYY-MM-DD]`.
Exit status 1 when there are any, so a scheduled job can fail on them."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from evaluator.pay.stale import MONTHS, stale_facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.stale_facts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--months", type=int, default=MONTHS, help=f"how old a check may be (default {MONTHS})")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="the day to count from (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    stale = stale_facts(args.today, args.months)
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
