"""Make a private interview variant without a browser: the candidate's ZIP and the key, for a seed.

    scripts/make-variant STAGE --seed N [--out DIR]      (STAGE: stage-2 or stage-3)

The same code runs on the site's variants page, in the browser; the same stage and seed give the
same bytes either way (tests/e2e/test_interview_variants.py checks it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evaluator import api
from evaluator.errors import InputError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/make-variant", description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=api.VARIANT_STAGES, help="which exercise")
    parser.add_argument("--seed", required=True, help="a whole number from 0 to 2**53 - 1 (keep it private)")
    parser.add_argument("--out", type=Path, default=Path("variant"), help="folder to write into (default ./variant)")
    args = parser.parse_args(argv)
    try:
        pack = api.interview_variant(stage=args.stage, seed=args.seed)
    except InputError as exc:
        parser.error(str(exc))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / pack["zip_name"]).write_bytes(pack["zip"])
    (args.out / pack["key_name"]).write_text(pack["key"], encoding="utf-8", newline="")
    print(f"wrote {args.out / pack['zip_name']} (for the candidate; SHA-256 {pack['zip_sha256']}) and "
          f"{args.out / pack['key_name']} (the key: keep it private)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
