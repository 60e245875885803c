"""Make a private interview variant without a browser: the candidate's ZIP and the key.

    scripts/make-variant STAGE [--seed N] [--pack FILE] [--practice] [--out DIR]   (STAGE: stage-2 or stage-3)

Without --seed, a new seed is rolled (from 2**48 to 2**53 - 1, by the operating system's
cryptographic generator) and printed: record it with the candidate's notes. A seed below 2**48
could be found by a candidate searching the public generator, so it is refused unless the
variant is marked --practice. --pack reads a private pack (a TOML menu in the format of the
stage's public menu); its name and hash go into the key.

The same code runs on the site's variants page, in the browser; the same stage, seed and pack
give the same bytes either way (tests/e2e/test_interview_variants.py checks it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evaluator import api
from evaluator.errors import InputError
from evaluator.interview.seeds import FULL_SEED_MIN, SEED_MAX, grouped, roll_seed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/make-variant", description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=api.VARIANT_STAGES, help="which exercise")
    parser.add_argument("--seed", help=f"a whole number from {FULL_SEED_MIN:,} to {SEED_MAX:,} (keep it private); "
                                       "default: roll a new one")
    parser.add_argument("--practice", action="store_true",
                        help=f"allow a seed below {FULL_SEED_MIN:,}: practice only, a candidate could find it by search")
    parser.add_argument("--pack", type=Path, help="a private pack: your own menu for this stage (TOML, never published)")
    parser.add_argument("--out", type=Path, default=Path("variant"), help="folder to write into (default ./variant)")
    args = parser.parse_args(argv)
    rolled = args.seed is None
    seed = roll_seed() if rolled else args.seed
    pack = None
    if args.pack is not None:
        try:
            pack = args.pack.read_bytes()
        except OSError as exc:
            parser.error(f"cannot read the pack {args.pack}: {exc.strerror or exc}")
    try:
        result = api.interview_variant(stage=args.stage, seed=seed, practice=args.practice, pack=pack,
                                       pack_name=args.pack.name if args.pack else None)
    except InputError as exc:
        parser.error(str(exc).replace("mark the variant as practice", "mark the variant --practice"))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / result["zip_name"]).write_bytes(result["zip"])
    (args.out / result["key_name"]).write_text(result["key"], encoding="utf-8", newline="")
    if rolled:
        print(f"rolled the seed {grouped(result['seed'])}: record it with the candidate's notes, never send it")
    if result["pack"]:
        print(f"drawn from the pack \u201c{result['pack']['name']}\u201d (SHA-256 {result['pack']['sha256']})")
    print(f"wrote {args.out / result['zip_name']} (for the candidate; SHA-256 {result['zip_sha256']}) and "
          f"{args.out / result['key_name']} (the key: keep it private)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
