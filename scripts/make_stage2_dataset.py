"""Write the stage-2 interview dataset (reference.csv and current.csv) for a seed.

    scripts/make-stage2-dataset [--seed N] [--out DIR]

The same seed always writes the same bytes. The site's build runs the same generator with the
default seed (scripts/hooks/interview.py), so what candidates download is what this writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evaluator.interview import stage2
from evaluator.performance import classification_summary


def _accuracy(rows) -> float:
    return classification_summary(rows["churned"] == 1, rows["predicted_churn"] == 1)["accuracy"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/make-stage2-dataset", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=stage2.DEFAULT_SEED,
                        help=f"seed for numpy's random generator (default {stage2.DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=Path("stage2-dataset"),
                        help="directory to write reference.csv and current.csv into (default ./stage2-dataset)")
    args = parser.parse_args(argv)
    data = stage2.make_dataset(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in (("reference.csv", data.reference_csv), ("current.csv", data.current_csv)):
        (args.out / name).write_text(text, encoding="utf-8", newline="")
    ref, cur = _accuracy(data.reference), _accuracy(data.current)
    print(f"wrote {args.out}/reference.csv ({len(data.reference['churned'])} rows) and "
          f"{args.out}/current.csv ({len(data.current['churned'])} rows), seed {args.seed}; "
          f"accuracy {ref:.1%} -> {cur:.1%} ({(ref - cur) * 100:.1f} points lower)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
