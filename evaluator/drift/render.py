"""Render a drift report (the dict from `evaluator.api.drift_report`) as a terminal table or Markdown."""

from __future__ import annotations

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
                LABELS.get(h["metric"], h["metric"]),
                _num(h["value"]),
                _num(h["threshold"]),
                _drift_word(h["drifted"]),
                _num(col["metrics"].get("psi", {}).get("value")),
                f"{cr['missing']}/{cc['missing']}",
            ]
        )
    return rows


_HEAD = ["column", "type", "headline test", "value", "threshold", "drift", "PSI", "missing ref/cur"]


def to_table(report: dict[str, Any]) -> str:
    """A plain-text table for a terminal (no colour codes, so it pipes cleanly)."""
    rows = _rows(report)
    widths = [max(len(r[i]) for r in [_HEAD, *rows]) for i in range(len(_HEAD))]
    numeric = {3, 4, 6}

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    ref, cur = report["inputs"]["reference"], report["inputs"]["current"]
    out = [
        f"Drift report ({report['schema']}, preset {report['options']['preset']})",
        f"reference: {ref['name']} ({ref['rows']} rows)   current: {cur['name']} ({cur['rows']} rows)",
        "",
        line(_HEAD),
        line(["-" * w for w in widths]),
        *[line(r) for r in rows],
        "",
        report["summary"]["verdict"],
    ]
    if report["skipped"]:
        out.append("")
        out.append("Skipped columns:")
        out += [f"  {s['name']}: {s['reason']}" for s in report["skipped"]]
    notes = [(c["name"], n) for c in report["columns"] for n in c["notes"]]
    if notes:
        out.append("")
        out.append("Notes:")
        out += [f"  {name}: {n}" for name, n in notes]
    return "\n".join(out) + "\n"


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: dict[str, Any]) -> str:
    """GitHub-flavoured Markdown: a summary table, then each column's metrics."""
    ref, cur = report["inputs"]["reference"], report["inputs"]["current"]
    out = [
        "# Drift report",
        "",
        f"Reference `{_md_cell(ref['name'])}` ({ref['rows']} rows), current `{_md_cell(cur['name'])}` ({cur['rows']} rows); "
        f"preset `{report['options']['preset']}`; schema `{report['schema']}`.",
        "",
        f"**{_md_cell(report['summary']['verdict'])}**",
        "",
        "| " + " | ".join(_HEAD) + " |",
        "|" + "|".join("---:" if i in (3, 4, 6) else "---" for i in range(len(_HEAD))) + "|",
    ]
    out += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in _rows(report)]
    if report["skipped"]:
        out += ["", "## Skipped columns", "", "| column | reason |", "|---|---|"]
        out += [f"| {_md_cell(s['name'])} | {_md_cell(s['reason'])} |" for s in report["skipped"]]
    out += ["", "## Metrics per column"]
    for col in report["columns"]:
        out += ["", f"### {_md_cell(col['name'])} ({col['type']})", "", "| metric | value | threshold | verdict |", "|---|---:|---:|---|"]
        for name in METRICS:
            entry = col["metrics"].get(name)
            if entry is None:
                continue
            out.append(f"| {LABELS[name]} | {_num(entry['value'])} | {_num(entry['threshold'])} | {_md_cell(entry['verdict'])} |")
        for note in col["notes"]:
            out.append("")
            out.append(f"- {_md_cell(note)}")
    return "\n".join(out) + "\n"
