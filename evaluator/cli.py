"""Command line: ``python -m evaluator drift reference.csv current.csv`` (also installed as ``mlops-kit``).

Exit codes, for use as a CI gate: 0 the gate passed, 1 the gate failed (by default: a column at
severity high, a broken column, or dataset drift; ``--fail-on`` chooses), 2 bad input (a file
that cannot be read or compared, a bad option), 3 an internal error (a bug in the evaluator: the
message says so and where to report it). Errors are one line on stderr, never a traceback,
unless ``MLOPS_KIT_DEBUG=1`` is set.

The drift options (flags, choices, defaults, help texts) come from `evaluator.drift.config`,
the same description the browser's forms use.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from . import BUG_REPORTS, __version__
from .drift.config import KIND, METRICS, OPTIONS, OptionSpec
from .errors import InputError

EXIT_OK, EXIT_DRIFT, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 already; keep the message short
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(EXIT_INPUT)


def _threshold(text: str) -> tuple[str, float]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected METRIC=VALUE (e.g. psi=0.2), got {text!r}")
    name, value = text.split("=", 1)
    name = name.strip()
    if name not in METRICS:
        raise argparse.ArgumentTypeError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
    try:
        return name, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"threshold for {name} must be a number, got {value!r}") from None


def _numbers(text: str) -> list[float]:
    try:
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, got {text!r}") from None


def _names(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _multi_type(spec: OptionSpec):
    def convert(text: str) -> list[str]:
        names = [n.strip() for n in text.split(",") if n.strip()]
        unknown = [n for n in names if n not in spec.choices]
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown choice(s) {', '.join(map(repr, unknown))} (choose from {', '.join(spec.choices)})")
        return names

    return convert


def _choice_type(spec: OptionSpec):
    by_text = {str(c): c for c in spec.choices}

    def convert(text: str) -> Any:
        if text not in by_text:
            raise argparse.ArgumentTypeError(f"invalid choice {text!r} (choose from {', '.join(by_text)})")
        return by_text[text]

    return convert


def _default_words(spec: OptionSpec) -> str:
    if spec.kind == "thresholds":
        distances = ", ".join(f"{m}={v}" for m, v in spec.default.items() if v is not None and KIND[m] == "distance")
        # the p-value tests all default to the same level
        return f"defaults: {distances}; p-values {spec.default['ks']}"
    if spec.default is None or spec.default == []:
        return ""
    if spec.kind == "boolean":
        return f"default: {'on' if spec.default else 'off'}"
    return f"default: {spec.default}"


def _add_option(parser: argparse.ArgumentParser, spec: OptionSpec) -> None:
    words = _default_words(spec)
    help_text = spec.help + (f" ({words})" if words else "") + (f"; {spec.limits()}" if spec.limits() else "")
    dest = spec.key.replace(".", "__")
    if spec.kind == "choice":
        parser.add_argument(spec.flag, dest=dest, type=_choice_type(spec), metavar="{" + ",".join(map(str, spec.choices)) + "}", help=help_text)
    elif spec.kind == "integer":
        parser.add_argument(spec.flag, dest=dest, type=int, metavar="N", help=help_text)
    elif spec.kind == "number":
        parser.add_argument(spec.flag, dest=dest, type=float, metavar="X", help=help_text)
    elif spec.kind == "boolean":
        parser.add_argument(spec.flag, dest=dest, action=argparse.BooleanOptionalAction, default=None, help=help_text)
    elif spec.kind == "multi":
        parser.add_argument(spec.flag, dest=dest, type=_multi_type(spec), metavar="A,B,...",
                            help=help_text + f" (any of: {', '.join(spec.choices)})")
    elif spec.kind == "names" and spec.maximum == 1:
        parser.add_argument(spec.flag, dest=dest, type=lambda text: [text.strip()], metavar="COLUMN", help=help_text)
    elif spec.kind == "names":
        parser.add_argument(spec.flag, dest=dest, type=_names, metavar="A,B,...", help=help_text)
    elif spec.kind == "numbers":
        parser.add_argument(spec.flag, dest=dest, type=_numbers, metavar="X,Y,...", help=help_text)
    elif spec.kind == "thresholds":
        parser.add_argument(spec.flag, dest=dest, type=_threshold, action="append", metavar="METRIC=VALUE", help=help_text + "; repeatable")
    else:  # a new kind in the vocabulary needs a way in here
        raise AssertionError(f"no CLI form for option kind {spec.kind!r}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m evaluator", description="MLOps Hiring Kit evaluator.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    d = sub.add_parser(
        "drift",
        help="compare a reference and a current CSV file column by column",
        description="Compare two CSV files column by column. Exit code: 0 the gate passed, 1 the gate failed "
        "(see --fail-on), 2 bad input, 3 internal error.",
    )
    d.add_argument("reference", help="reference CSV file (the data the model was built on), or its Parquet, Arrow IPC or drift profile")
    d.add_argument("current", help="current CSV file (the data to check), or its Parquet, Arrow IPC or drift profile")
    for spec in OPTIONS:
        _add_option(d, spec)
    d.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    d.add_argument("--output", "-o", help="write the report to this file instead of standard output")
    d.add_argument("--progress", choices=("auto", "always", "never"), default="auto", help="progress bar on stderr (auto: on a terminal, for files over 5 MB)")
    _add_profile_parser(sub)
    return parser


def _add_profile_parser(sub: Any) -> None:
    """``profile``: a drift profile of tables (see evaluator.profiles and docs/tools/drift-profiles.md)."""
    p = sub.add_parser(
        "profile",
        help="write the drift profile of a table (CSV, Parquet, Arrow IPC or a Spark table)",
        description="Write the drift profile of a table: per column the counts a drift report is computed from. "
        "Several inputs (tables or profiles of parts of one table) are merged in the order given. "
        "`drift` takes profiles in place of files. Exit code: 0 written, 2 bad input, 3 internal error.",
    )
    p.add_argument("tables", nargs="+", metavar="TABLE", help="CSV, Parquet (file or directory), Arrow IPC, a profile, "
                   "or with --engine spark a Spark table name or Parquet path")
    p.add_argument("--output", "-o", required=True, help="the profile file to write (e.g. ref.profile.json.gz)")
    p.add_argument("--engine", choices=("local", "spark"), default="local", help="who counts: this process (local) or Spark")
    p.add_argument("--name", help="the table name the profile records (default: the first input's file name)")


def options_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The options dict of the flags given; `resolve` fills in the rest, exactly as for the browser."""
    options: dict[str, Any] = {}
    for spec in OPTIONS:
        value = getattr(args, spec.key.replace(".", "__"))
        if value is None:
            continue
        if spec.kind == "thresholds":
            value = dict(value)
        target = options
        *parents, leaf = spec.key.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return options


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


def _open(path: str) -> Any:
    """The file opened for reading bytes; `InputError` with a one-line reason when it cannot be."""
    try:
        if os.path.isdir(path):
            raise IsADirectoryError
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a CSV file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def run_profile(args: argparse.Namespace) -> int:
    from .profiles import dumps, merge, profile_table
    from .profiles.inputs import read_any, write_atomically

    merged = None
    for path in args.tables:
        if args.engine == "spark":
            from .profiles.spark import profile_spark

            prof = profile_spark(path)
        else:
            kind, value = read_any(path)
            prof = value if kind == "profile" else profile_table(value)
        merged = prof if merged is None else merge(merged, prof)
    if args.name:
        merged["table"]["name"] = args.name
    write_atomically(args.output, dumps(merged))
    return EXIT_OK


def _drift_from_inputs(args: argparse.Namespace) -> dict[str, Any] | None:
    """The report when an input is a profile, Parquet or Arrow IPC (None: two CSV files)."""
    import importlib.util

    from .profiles.inputs import kind_of

    kinds = [kind_of(p) for p in (args.reference, args.current)]
    if kinds == ["csv", "csv"]:
        return None  # api.drift_report, which reads two CSV files column-wise too (drift.report.compare_files)
    if "profile" not in kinds and importlib.util.find_spec("pyarrow") is not None:
        from .drift import resolve

        options = resolve(options_from_args(args))
        if options.by is None:
            return _drift_of_tables(args, kinds, options)
    from .drift import resolve
    from .drift.report import build_report
    from .profiles import profile_table
    from .profiles.compare import compare_profiles
    from .profiles.inputs import read_any

    options = resolve(options_from_args(args))
    (rk, ref), (ck, cur) = read_any(args.reference), read_any(args.current)
    if rk == ck == "table":
        return build_report(ref, cur, options)
    ref = ref if rk == "profile" else profile_table(ref)
    cur = cur if ck == "profile" else profile_table(cur)
    return compare_profiles(ref, cur, options)


def _drift_of_tables(args: argparse.Namespace, kinds: list[str], options: Any) -> dict[str, Any]:
    """Two tables through Apache Arrow, each column read when the report reaches it (a Parquet
    column alone, CSV columns in groups), two columns computed at a time: the memory of a large
    comparison stays near a group of columns, not both files (`evaluator.tables.arrow_reader`)."""
    from .drift.report import build_report
    from .tables.arrow_reader import open_tables

    size = sum(os.path.getsize(p) for p in (args.reference, args.current) if os.path.isfile(p))
    show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty() and size > 5_000_000)
    progress = ProgressBar() if show else None
    ref, cur = open_tables(args.reference, args.current, os.path.basename(os.path.normpath(args.reference)),
                           os.path.basename(os.path.normpath(args.current)), (kinds[0], kinds[1]),
                           order=options.columns, progress=progress)
    return build_report(ref, cur, options, progress=progress, owned=True, workers=2)


def run_drift(args: argparse.Namespace) -> int:
    from . import api

    report = _drift_from_inputs(args)
    if report is not None:
        return _write_report(args, report)

    # The files go to the reader open, not read: a file of numbers is then read in pieces and
    # never held whole, which keeps the memory of a large comparison to its columns.
    with _open(args.reference) as ref_file, _open(args.current) as cur_file:
        size = os.fstat(ref_file.fileno()).st_size + os.fstat(cur_file.fileno()).st_size
        show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty() and size > 5_000_000)
        report = api.drift_report(
            ref_file,
            cur_file,
            options_from_args(args),
            reference_name=os.path.basename(args.reference),
            current_name=os.path.basename(args.current),
            progress=ProgressBar() if show else None,
            read_in_parallel=True,
        )
    return _write_report(args, report)


def _write_report(args: argparse.Namespace, report: dict[str, Any]) -> int:
    from .drift.render import to_markdown, to_table

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
    return EXIT_DRIFT if report["summary"]["gate"]["failed"] else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "drift":
            return run_drift(args)
        if args.command == "profile":
            return run_profile(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI promises no tracebacks; say it is a bug
        print(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in the evaluator, not a problem with your files or options. "
            f"Please report it at {BUG_REPORTS} with the command you ran and this message "
            "(run it again with MLOPS_KIT_DEBUG=1 to add the traceback).",
            file=sys.stderr,
        )
        if os.environ.get("MLOPS_KIT_DEBUG"):
            import traceback

            traceback.print_exc()
        return EXIT_INTERNAL
    parser.error(f"unknown command {args.command!r}")
    return EXIT_INPUT
