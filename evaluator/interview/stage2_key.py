"""The stage-2 answer key of a variant, as Markdown: what was planted, how it shows, what it costs.

Every figure comes from the variant's generated rows (stage2_figures.py) and every sentence about
a cause from the cause menu (docs/data/stage2-causes.toml), so the published example's key and a
private variant's key are written by the same code.
"""

from __future__ import annotations

import hashlib
import re

from .stage2_causes import Menu, load_menu
from .stage2_figures import CAUSE_FIGURES, headline, pct
from .stage2_segments import MIN_POINTS, MIN_ROWS, Z, unplanted
from .stage2 import FEATURES, Stage2Variant

PRIVATE_NOTE = (
    "**Private: for the interviewers of one candidate.** Never send this key or publish it, and "
    "keep the seed with it: anyone with the seed can rebuild this key from the kit's public page."
)
# Order of the sections: what breaks the pipeline first, then the log, then the world.
SECTION_ORDER = ("unit-change", "stale-feature", "renamed-category", "missing-values",
                 "duplicated-rows", "label-delay", "covariate-shift", "concept-drift")

# Figures a cause's "What it looks like" may quote that the candidate's files cannot show: the
# planted truth or October rebuilt without the cause. Every other figure there is recomputed from
# the files by the tests (tests/unit/interview/test_stage2_key_statements.py).
PROSE_FIGURES_FROM_THE_GENERATOR = {
    "label-delay": {"immature_from", "churn_last_week_mature", "missing_churners"},
}

_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def fill(text: str, figures: dict[str, str], where: str) -> str:
    """Replace {name} placeholders; a name with no figure is a bug in the menu or the code."""

    def one(match: re.Match) -> str:
        if match[1] not in figures:
            raise KeyError(f"{where}: no figure {{{match[1]}}}; known: {', '.join(sorted(figures))}")
        return figures[match[1]]

    return _PLACEHOLDER.sub(one, text)


def cost_phrase(points: float) -> str:
    if points >= 0.5:
        return f"costs October about {points:.1f} points of accuracy"
    if points <= -0.5:
        return f"makes October about {-points:.1f} points easier for the model"
    return "changes October's accuracy by less than half a point"


def cause_figures(variant: Stage2Variant, cause_id: str, menu: Menu) -> dict[str, str]:
    figures = CAUSE_FIGURES[cause_id](variant)
    figures["cost_phrase"] = cost_phrase(variant.cost_points(cause_id))
    if cause_id == "concept-drift":
        figures["offer"] = menu.cause(cause_id).settings["offer"][variant.planted(cause_id).params["contract"]]
    return figures


def drift_columns(variant: Stage2Variant) -> dict[str, dict]:
    """The kit's drift report on the two files, default settings: column name -> its entry."""
    from ..drift import resolve
    from ..drift.report import compare_files

    report = compare_files(variant.reference_csv.encode(), variant.current_csv.encode(), resolve(None))
    return {c["name"]: c for c in report["columns"]}


def _verdict(entry: dict) -> str:
    h = entry["headline"]
    value = "n/a" if h["value"] is None else (f"{h['value']:.3g}" if abs(h["value"]) < 1000 else f"{h['value']:,.0f}")
    return f"{h['label']} {value} (threshold {h['threshold']:g}): {'drift' if h['drifted'] else 'no drift'}"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stage2_key(variant: Stage2Variant, *, published: bool = False, menu: Menu | None = None,
               drift: dict[str, dict] | None = None) -> str:
    """The key as Markdown: a private key has its own title and a warning; the published example's
    (``published``) has neither, because its page gives both. ``drift`` may pass the drift report's
    columns (name -> entry) when the caller has already run it."""
    menu = menu or load_menu()
    hh = "##"
    top = headline(variant)
    out: list[str] = []
    if not published:
        out += [f"# Stage 2 answer key: variant {variant.seed}", "", PRIVATE_NOTE, ""]
    out += [
        f"Seed **{variant.seed}**. The candidate's files: `reference.csv` ({top['reference_rows']} rows, "
        f"April to September 2026) and `current.csv` ({top['current_rows']} rows, October 2026). "
        "Their SHA-256, to check that you sent the files this key belongs to:",
        "",
        f"- `reference.csv`: `{sha256(variant.reference_csv)}`",
        f"- `current.csv`: `{sha256(variant.current_csv)}`",
        "",
        f"**Headline.** Accuracy fell from **{top['accuracy_reference']}** to **{top['accuracy_current']}**, "
        f"**{top['accuracy_drop_points']} percentage points**. The share of churners the model catches (recall) "
        f"went from {top['recall_reference']} to {top['recall_current']}; the share of customers who stay but "
        f"are flagged anyway, from {top['false_alarm_reference']} to {top['false_alarm_current']}. The churn rate in "
        f"the log went from {top['churn_reference']} to {top['churn_current']}, the model's flag rate from "
        f"{top['flag_reference']} to {top['flag_current']}.",
        "",
        f"**Volume.** The log samples about {top['reference_per_day']} scored customers a day from April to "
        f"September and about {top['current_per_day']} a day in October: the team doubled October's sample, "
        "as the brief tells the candidate. The step in rows per day on 1 October is by design, not a fault; "
        "a candidate who notices it and checks the brief has read the data well.",
        "",
    ]
    if any(p.cause == "duplicated-rows" for p in variant.causes):
        out += ["Below, figures about October count each row once (the log's second copies left out), "
                "except where a figure says \"as logged\".", ""]

    planted = sorted(variant.causes, key=lambda p: SECTION_ORDER.index(p.cause))
    out += [f"{hh} What is planted", ""]
    out += [
        "| # | Cause | Kind | When | What it does to October's accuracy |",
        "|---|---|---|---|---|",
    ]
    sections = []
    for n, p in enumerate(planted, start=1):
        cause = menu.cause(p.cause)
        texts = cause.texts(p.option)
        figures = cause_figures(variant, p.cause, menu)
        where = f"{p.cause}/{p.option}"
        title = fill(texts["title"], figures, where)
        when = _when(p, figures)
        effect = (f"as logged {figures['accuracy_as_logged']}, without copies {figures['accuracy_deduplicated']}"
                  if p.cause == "duplicated-rows" else
                  f"as logged {figures['accuracy_as_logged']}, with mature labels {figures['accuracy_mature']}"
                  if p.cause == "label-delay" else
                  _cost_cell(variant.cost_points(p.cause)))
        out.append(f"| {n} | {title} | {cause.kind} | {when} | {effect} |")
        sections += [
            f"{hh} {n}. {title}",
            "",
            f"**Kind:** {cause.kind}.",
            "",
            f"- **What happened:** {fill(texts['happened'], figures, where)}",
            f"- **What it looks like:** {fill(texts['looks'], figures, where)}",
            f"- **Effect on the model:** {fill(texts['effect'], figures, where)}",
            f"- **Fix:** {fill(texts['fix'], figures, where)}",
            f"- **Probe if they miss it:** {fill(texts['probe'], figures, where)}",
            "",
        ]
    out += [
        "",
        "The last column compares October as generated with October rebuilt without that one cause "
        "(same customers, same draws), in expected accuracy. The figures need not add up to the drop: "
        "causes interact, and a fault in the log changes the measurement rather than the model.",
        "",
    ]
    out += sections

    drift = drift if drift is not None else drift_columns(variant)
    touched = {p.column: p for p in variant.causes if p.column and p.cause != "concept-drift"}
    out += [f"{hh} What the kit's drift report shows", "",
            "Run on the two files with default settings (`python -m evaluator drift reference.csv current.csv` "
            "from the kit's repository, or the drift lab), per input column"
            + (" (the report reads the file as logged, copies included, so its shares can differ a little "
               "from the figures above)" if any(p.cause == "duplicated-rows" for p in variant.causes) else "")
            + ":", "",
            "| Column | Headline metric | Planted cause |", "|---|---|---|"]
    for name in FEATURES:
        entry = drift[name]
        notes = "; ".join(entry["notes"])
        cause = touched.get(name)
        label = fill(menu.cause(cause.cause).texts(cause.option)["title"], cause_figures(variant, cause.cause, menu),
                     cause.cause) if cause else "none"
        out.append(f"| `{name}` | {_verdict(entry)}{' · ' + notes if notes else ''} | {label} |")
    untouched = [drift[n] for n in FEATURES if n not in touched]
    largest = max(untouched, key=lambda e: (e["headline"]["value"] or 0) / e["headline"]["threshold"])
    unexplained = [e["name"] for e in untouched if e["headline"]["drifted"]]
    quiet = (f"No column without a planted cause is flagged; the closest is `{largest['name']}` at {_verdict(largest)}."
             if not unexplained else
             f"Flagged without a planted cause: {', '.join(f'`{n}`' for n in unexplained)}, a chance result to "
             "expect now and then when every column is tested.")
    out += ["",
            f"{quiet} The model's `churn_score` is {'flagged' if drift['churn_score']['headline']['drifted'] else 'not flagged'} "
            f"(its inputs changed); the label `churned` is {'flagged' if drift['churned']['headline']['drifted'] else 'not flagged'}.",
            ""]

    segments = variant.segments()
    surprise = max((s for s in segments if not s.in_drifting_segment and s.current_rows >= MIN_ROWS),
                   key=lambda s: abs(s.gap))
    assert not unplanted(segments), "the generator accepts no variant with an unplanted segment effect"
    out += [f"{hh} Churn by segment", "",
            "A candidate who breaks churn down by region and contract type should find one segment that "
            "moved on its own; every other segment moved with its contract type. The churn rate "
            "(April to September → October, each October row counted once):", ""]
    out += _segment_table(variant, segments)
    out += ["",
            f"Outside the drifting segment, no segment of one or two of region, contract and payment method "
            f"(with at least {MIN_ROWS} October rows) moved more than {MIN_POINTS:g} points and {Z:g} standard "
            f"errors beyond its contract types' own move. The largest such gap is {100 * surprise.gap:+.1f} "
            f"points ({surprise.label()}, {surprise.current_rows} rows, standard error "
            f"{100 * surprise.standard_error:.1f} points): chance, not a cause.", ""]
    return "\n".join(out).rstrip() + "\n"


def _when(p, figures: dict[str, str]) -> str:
    if p.cause == "stale-feature":
        return f"frozen from {figures['frozen_from']}, default 0 from {figures['expired_from']}"
    if p.cause == "duplicated-rows":
        return figures["days_span"]
    if p.cause == "label-delay":
        return f"labels immature from {figures['immature_from']}"
    if "first_day" in figures:
        return f"from {figures['first_day']}"
    return "all October"


def _cost_cell(points: float) -> str:
    if abs(points) < 0.5:
        return "less than half a point"
    return f"costs about {points:.1f} points" if points > 0 else f"makes it about {-points:.1f} points easier"


def _segment_table(variant: Stage2Variant, segments) -> list[str]:
    from .customers import CATEGORIES

    contracts = CATEGORIES["contract_type"][0]
    lines = ["| Region | " + " | ".join(contracts) + " |", "|---|" + "---|" * len(contracts)]
    grid = {(s.values["region"], s.values["contract_type"]): s for s in segments
            if set(s.values) == {"region", "contract_type"}}
    for region in CATEGORIES["region"][0]:
        cells = []
        for contract in contracts:
            s = grid[(region, contract)]
            cell = f"{pct(s.reference_rate, 0)} → {pct(s.current_rate, 0)}"
            cells.append(f"**{cell}**" if s.in_drifting_segment else cell)
        lines.append(f"| {region} | " + " | ".join(cells) + " |")
    return lines
