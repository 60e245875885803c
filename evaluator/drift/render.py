"""Render a drift report (the dict from `evaluator.api.drift_report`) as a terminal table or Markdown.

The Markdown is what the drift lab exports (``evaluator.api.drift_report_markdown``), so the page
and the CLI give the same text for the same report.
"""

from __future__ import annotations

import re
from typing import Any

from .config import LABELS, METRICS


def _num(x: Any) -> str:
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return str(x)
    if x == 0:
        return "0"
    if abs(x) >= 10000 or abs(x) < 0.001:
        return f"{x:.3e}"
    return f"{x:.4f}"


def _share(x: float) -> str:
    return f"{100 * x:.1f}%"


def _drift_word(drifted: Any) -> str:
    return "DRIFT" if drifted else ("ok" if drifted is False else "-")


def _rows(report: dict[str, Any]) -> list[list[str]]:
    rows = []
    for col in report["columns"]:
        h = col["headline"]
        cr, cc = col["counts"]["reference"], col["counts"]["current"]
        rows.append(
            [
                col["name"],
                col["type"],
                col["severity"]["level"],
                LABELS.get(h["metric"], h["metric"]),
                _num(h["value"]),
                _num(h["threshold"]),
                _drift_word(h["drifted"]),
                _num(col["metrics"].get("psi", {}).get("value")),
                f"{cr['missing']}/{cc['missing']}",
            ]
        )
    return rows


_HEAD = ["column", "type", "severity", "headline test", "value", "threshold", "drift", "PSI", "missing ref/cur"]
_NUMERIC_CELLS = {4, 5, 7}


def _gate_lines(report: dict[str, Any]) -> list[str]:
    gate = report["summary"]["gate"]
    head = f"Gate ({gate['fail_on']}: {report['conventions']['gate']}): {'FAILED' if gate['failed'] else 'passed'}"
    return [head, *[f"  - {r}" for r in gate["reasons"]]]


def _over_time_table(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the over-time table: a row per period, a column per compared column;
    a drifted value is marked with '*', a period with too few values to judge says so."""
    ot = report["over_time"]
    names = list(ot["columns"])
    head = [f"{ot['period']} ({ot['by']})", "rows", *names]
    rows = []
    for i, period in enumerate(ot["periods"]):
        cells = [period["label"], str(period["rows"])]
        for name in names:
            col = ot["columns"][name]
            value = col["values"][i]
            status = col.get("status", [""] * len(ot["periods"]))[i]
            if value is None:
                cells.append("too few rows" if status.startswith("too few rows") else "-")
            else:
                cells.append(_num(value) + ("*" if col["drifted"][i] else ""))
        rows.append(cells)
    return head, rows


def _onsets(report: dict[str, Any]) -> list[str]:
    out = []
    for name, col in report["over_time"]["columns"].items():
        parts = [f"first drifted {col['first_drifted']}"] if col["first_drifted"] else []
        parts += [f"{level} from {label}" for level, label in col["first_at_level"].items() if label]
        if parts:
            out.append(f"{name} ({col['label']}): " + "; ".join(parts))
    return out


def to_table(report: dict[str, Any]) -> str:
    """A plain-text table for a terminal (no colour codes, so it pipes cleanly)."""
    rows = _rows(report)
    widths = [max(len(r[i]) for r in [_HEAD, *rows]) for i in range(len(_HEAD))]

    def line(cells: list[str], widths: list[int], numeric: set[int]) -> str:
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    ref, cur = report["inputs"]["reference"], report["inputs"]["current"]
    out = [
        f"Drift report ({report['schema']}, preset {report['options']['preset']})",
        f"reference: {ref['name']} ({ref['rows']} rows)   current: {cur['name']} ({cur['rows']} rows)",
        "",
        line(_HEAD, widths, _NUMERIC_CELLS),
        line(["-" * w for w in widths], widths, _NUMERIC_CELLS),
        *[line(r, widths, _NUMERIC_CELLS) for r in rows],
        "",
        report["summary"]["verdict"],
        "",
        *_gate_lines(report),
    ]
    severe = [c for c in report["columns"] if c["severity"]["level"] in ("medium", "high")]
    if severe:
        out += ["", "Severity (medium and high):"]
        for col in severe:
            out += [f"  {col['name']}: {col['severity']['level']}", *[f"    {r}" for r in col["severity"]["reasons"]]]
    if report.get("ignored_options"):
        out += ["", "Options ignored by the preset:"]
        out += [f"  {o['option']} = {o['value']}: {o['reason']}" for o in report["ignored_options"]]
    if report["skipped"]:
        out += ["", "Skipped columns:"]
        out += [f"  {s['name']}: {s['reason']}" for s in report["skipped"]]
    notes = [(c["name"], n) for c in report["columns"] for n in c["notes"]]
    if notes:
        out += ["", "Notes:"]
        out += [f"  {name}: {n}" for name, n in notes]
    if report.get("over_time"):
        ot = report["over_time"]
        head, rows = _over_time_table(report)
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        numeric = set(range(1, len(head)))
        out += ["", f"Over time: each {ot['period']} of {cur['name']} against the whole reference, on each column's headline "
                    "metric (* drifted)"]
        out += [line(head, widths, numeric), line(["-" * w for w in widths], widths, numeric), *[line(r, widths, numeric) for r in rows]]
        if ot["rows_without_date"]:
            out.append(f"{ot['rows_without_date']} row(s) without a date are in no period.")
        onsets = _onsets(report)
        if onsets:
            out += ["", *[f"  {o}" for o in onsets]]
    return "\n".join(out) + "\n"


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def _md_cell(text: Any) -> str:
    """Text safe in a Markdown table cell: pipes and backslashes escaped, one line, and no "<"
    that could open an HTML tag (column names and category values come from the files)."""
    text = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return _TAG_START.sub("&lt;", text)


def _md_table(head: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    out = ["| " + " | ".join(_md_cell(h) for h in head) + " |", "|" + "|".join("---:" if i in numeric else "---" for i in range(len(head))) + "|"]
    out += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
    return out


def _binning_line(col: dict[str, Any]) -> str:
    hist = col["histogram"]
    if hist["kind"] == "categories":
        return f"Categories compared: {len(hist['categories'])}."
    words = f"Bins: {len(hist['reference'])}, method `{hist['method']}`"
    if hist.get("point_masses"):
        words += f", point masses with a bin of their own: {', '.join(_num(v) for v in hist['point_masses'])}"
    return words + "."


def _histogram_rows(col: dict[str, Any]) -> list[list[str]]:
    hist = col["histogram"]
    names = hist["categories"] if hist["kind"] == "categories" else hist.get("labels") or [
        f"{_num(a)} to {_num(b)}" for a, b in zip(hist["edges"][:-1], hist["edges"][1:])]
    return [[name, _share(r), _share(c), str(rc), str(cc)] for name, r, c, rc, cc in
            zip(names, hist["reference"], hist["current"], hist["reference_counts"], hist["current_counts"])]


def to_markdown(report: dict[str, Any]) -> str:
    """GitHub-flavoured Markdown: the verdict and gate, a summary table, severity, drift over time,
    then each column's metrics and the bins or categories behind them."""
    ref, cur = report["inputs"]["reference"], report["inputs"]["current"]
    gate = report["summary"]["gate"]
    out = [
        "# Drift report",
        "",
        f"Reference `{_md_cell(ref['name'])}` ({ref['rows']} rows), current `{_md_cell(cur['name'])}` ({cur['rows']} rows); "
        f"preset `{report['options']['preset']}`; schema `{report['schema']}`.",
        "",
        f"**{_md_cell(report['summary']['verdict'])}**",
        "",
        f"## Gate: {'failed' if gate['failed'] else 'passed'}",
        "",
        f"Rule `{gate['fail_on']}`: {_md_cell(report['conventions']['gate'])}.",
    ]
    if gate["reasons"]:
        out += ["", *[f"- {_md_cell(r)}" for r in gate["reasons"]]]
    out += ["", "## Columns", "", *_md_table(_HEAD, _rows(report), _NUMERIC_CELLS)]
    severe = [c for c in report["columns"] if c["severity"]["reasons"]]
    if severe:
        out += ["", "## Severity", ""]
        for col in severe:
            out.append(f"- **{_md_cell(col['name'])}**: {col['severity']['level']}")
            out += [f"  - {_md_cell(r)}" for r in col["severity"]["reasons"]]
    if report.get("ignored_options"):
        out += ["", "## Options ignored by the preset", ""]
        out += [f"- `{o['option']}` = `{_md_cell(o['value'])}`: {_md_cell(o['reason'])}" for o in report["ignored_options"]]
    if report["skipped"]:
        out += ["", "## Skipped columns", "", "| column | reason | severity |", "|---|---|---|"]
        out += [f"| {_md_cell(s['name'])} | {_md_cell(s['reason'])} | {s['severity']['level']} |" for s in report["skipped"]]
    if report.get("over_time"):
        ot = report["over_time"]
        head, rows = _over_time_table(report)
        out += ["", "## Over time", "",
                f"Each {ot['period']} of `{_md_cell(cur['name'])}` (split by `{_md_cell(ot['by'])}`) against the whole reference, "
                "on each column's headline metric; `*` marks a drifted period.", "",
                *_md_table(head, rows, set(range(1, len(head))))]
        if ot["rows_without_date"]:
            out += ["", f"{ot['rows_without_date']} row(s) without a date are in no period."]
        onsets = _onsets(report)
        if onsets:
            out += ["", *[f"- {_md_cell(o)}" for o in onsets]]
    out += ["", "## Metrics per column"]
    for col in report["columns"]:
        out += ["", f"### {_md_cell(col['name'])} ({col['type']})", "", "| metric | value | threshold | verdict |", "|---|---:|---:|---|"]
        for name in METRICS:
            entry = col["metrics"].get(name)
            if entry is None:
                continue
            out.append(f"| {LABELS[name]} | {_num(entry['value'])} | {_num(entry['threshold'])} | {_md_cell(entry['verdict'])} |")
        for name, why in col.get("not_applicable", {}).items():
            out.append(f"| {LABELS[name]} | n/a | | {_md_cell(why)} |")
        out += ["", _binning_line(col), "",
                *_md_table(["bin" if col["histogram"]["kind"] == "bins" else "category", "reference", "current", "reference count", "current count"],
                           _histogram_rows(col), {1, 2, 3, 4})]
        for note in col["notes"]:
            out += ["", f"- {_md_cell(note)}"]
    return "\n".join(out) + "\n"
