"""Command line: ``python -m evaluator drift reference.csv current.csv`` (also installed as ``mlops-kit``).

Exit codes, for use as a CI gate: 0 no dataset drift, 1 dataset drift, 2 bad input (a file that
cannot be read or compared, a bad option). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from . import __version__
from .errors import InputError

EXIT_OK, EXIT_DRIFT, EXIT_INPUT = 0, 1, 2
_METRICS = ("psi", "kl", "js", "hellinger", "wasserstein_norm", "ks", "chi_square", "z")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 already; keep the message short
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(EXIT_INPUT)


def _threshold(text: str) -> tuple[str, float]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected METRIC=VALUE (e.g. psi=0.2), got {text!r}")
    name, value = text.split("=", 1)
    name = name.strip().lower().replace("-", "_")
    if name not in _METRICS:
        raise argparse.ArgumentTypeError(f"unknown metric {name!r}; known: {', '.join(_METRICS)}")
    try:
        return name, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"threshold for {name} must be a number, got {value!r}") from None


def _edges(text: str) -> list[float]:
    try:
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"edges must be numbers separated by commas, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m evaluator", description="MLOps Hiring Kit evaluator.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    d = sub.add_parser(
        "drift",
        help="compare a reference and a current CSV file column by column",
        description="Compare two CSV files column by column. Exit code: 0 no dataset drift, 1 dataset drift, 2 bad input.",
    )
    d.add_argument("reference", help="reference CSV file (the data the model was built on)")
    d.add_argument("current", help="current CSV file (the data to check)")
    d.add_argument("--columns", help="comma-separated column names to compare (default: every shared column)")
    d.add_argument("--preset", choices=("default", "evidently"), default="default", help="'evidently' matches Evidently 0.7's stat tests")
    d.add_argument("--binning", choices=("quantile", "equal-width", "edges"), help="binning of numeric columns (default quantile)")
    d.add_argument("--bins", type=int, help="number of bins (default 10)")
    d.add_argument("--edges", type=_edges, help="bin edges, comma-separated (implies --binning edges)")
    d.add_argument("--epsilon", type=float, help="share standing in for an empty bin in PSI and KL (default 0.0001)")
    d.add_argument("--threshold", type=_threshold, action="append", default=[], metavar="METRIC=VALUE", help="override a threshold; repeatable")
    d.add_argument("--bits", action="store_true", help="KL and JS in bits (log base 2) instead of nats")
    d.add_argument("--drift-share", type=float, help="share of drifted columns that calls dataset drift (default 0.5)")
    d.add_argument("--headline", choices=_METRICS, help="use this metric as every column's headline test")
    d.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    d.add_argument("--output", "-o", help="write the report to this file instead of standard output")
    d.add_argument("--progress", choices=("auto", "always", "never"), default="auto", help="progress bar on stderr (auto: on a terminal, for files over 5 MB)")
    return parser


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream: Any = None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.last = 0.0
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished = total > 0 and done >= total
        if stage == self.stage and not finished and now - self.last < 0.1:
            return
        self.stage, self.last = stage, now
        frac = min(done / total, 1.0) if total else 1.0
        filled = int(frac * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{stage[:40]:<40} [{bar}] {frac:4.0%}")
        if finished:
            self.stream.write("\n")
        self.stream.flush()


def _options(args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {"preset": args.preset}
    if args.columns:
        options["columns"] = [c.strip() for c in args.columns.split(",") if c.strip()]
    binning: dict[str, Any] = {}
    if args.binning:
        binning["method"] = args.binning
    if args.bins is not None:
        binning["bins"] = args.bins
    if args.edges is not None:
        binning["edges"] = args.edges
        binning.setdefault("method", "edges")
    if binning:
        options["binning"] = binning
    if args.epsilon is not None:
        options["epsilon"] = args.epsilon
    if args.threshold:
        options["thresholds"] = dict(args.threshold)
    if args.bits:
        options["log_base"] = 2
    if args.drift_share is not None:
        options["drift_share"] = args.drift_share
    if args.headline:
        options["headline"] = args.headline
    return options


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a CSV file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def run_drift(args: argparse.Namespace) -> int:
    from . import api
    from .drift.render import to_markdown, to_table

    ref_bytes, cur_bytes = _read(args.reference), _read(args.current)
    show = args.progress == "always" or (
        args.progress == "auto" and sys.stderr.isatty() and len(ref_bytes) + len(cur_bytes) > 5_000_000
    )
    api._progress = ProgressBar() if show else None
    try:
        report = api.drift_report(
            ref_bytes,
            cur_bytes,
            _options(args),
            reference_name=os.path.basename(args.reference),
            current_name=os.path.basename(args.current),
        )
    finally:
        api._progress = None
    if args.format == "json":
        text = json.dumps(report, indent=2, allow_nan=False) + "\n"
    elif args.format == "markdown":
        text = to_markdown(report)
    else:
        text = to_table(report)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return EXIT_DRIFT if report["summary"]["dataset_drift"] else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "drift":
            return run_drift(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI promises no tracebacks; say it is a bug
        print(f"internal error (please report): {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    parser.error(f"unknown command {args.command!r}")
    return EXIT_INPUT
