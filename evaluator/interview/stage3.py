"""A variant of the stage-3 exercise: the churn pipeline's code with the variant's faults planted.

The code is written from the templates in stage3_pipeline/ (see templates.py for their marks),
with the faults drawn from the fault menu (stage3_faults.py) and the way the code is written
(names, constants, order, helper shapes, the export's size) drawn from the whole seed
(stage3_style.py), and the customer export it trains on is drawn from the same population as
stage 2. A private pack's hash enters every draw. The same seed (and pack) gives the same files,
natively and in the browser. The answer key quotes the cited lines from the generated files
themselves, with their real line numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..datafile import DataError
from .customers import cells_of, churn_logit, customers, sigmoid, systematic_labels
from .stage3_faults import FaultMenu, PlantedFault, draw_faults, load_fault_menu
from .stage3_style import Style, draw_style, plain_style
from .templates import Citation, flags_used, render

TEMPLATES = Path(__file__).resolve().parent / "stage3_pipeline"
CODE_FILES = ("README.txt", "features.py", "train.py", "registry.py", "serve.py")
EXPORT_FILE = "data/customers.csv"
EXPORT_COLUMNS = ["customer_id", "tenure_months", "contract_type", "monthly_charges_usd", "data_usage_gb",
                  "support_calls_30d", "days_since_last_payment", "churned"]
FOLDER = "stage-3-pipeline"
# Random streams, apart from stage 2's.
_PLAN, _EXPORT, _LABELS, _PAYMENTS, _STYLE = 50, 51, 52, 53, 54


def _rng(seed: int, stream: int, salt: tuple[int, ...] = ()) -> np.random.Generator:
    return np.random.default_rng([seed, 0, stream, *salt])


@dataclass(frozen=True)
class Stage3Variant:
    seed: int
    faults: tuple[PlantedFault, ...]
    files: dict[str, str]             # path inside the pipeline folder -> text
    citations: tuple[Citation, ...]   # every cited line of every planted fault
    export: dict[str, np.ndarray]
    style: Style                      # how this variant writes the code

    @property
    def names(self) -> dict[str, str]:
        """The variant's words for the template's {{name}} marks (function, feature, constant names)."""
        return self.style.names

    @property
    def rows(self) -> int:
        return self.style.rows

    @property
    def flags(self) -> set[str]:
        return set().union(*(f.flags for f in self.faults))

    def planted(self, fault_id: str) -> PlantedFault | None:
        return next((f for f in self.faults if f.fault == fault_id), None)

    def cited(self, fault_id: str) -> list[Citation]:
        planted = self.planted(fault_id)
        return [c for c in self.citations if planted and c.flag in planted.flags]


def _export(seed: int, count: int, salt: tuple[int, ...] = ()) -> dict[str, np.ndarray]:
    """The nightly customer export: ``count`` customers, their churn, and when each last paid."""
    rng = _rng(seed, _EXPORT, salt)
    rows = customers(rng, count, dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    rows["churned"] = systematic_labels(_rng(seed, _LABELS, salt), sigmoid(churn_logit(rows)), cells_of(rows))
    pay = _rng(seed, _PAYMENTS, salt)
    # Measured when the export runs, after the outcome: most who left have stopped paying.
    on_cycle = pay.integers(0, 31, count)
    late = pay.random(count) < 0.02
    stayer = np.where(late, pay.integers(31, 45, count), on_cycle)
    left_unpaid = pay.random(count) < 0.97
    leaver = np.where(left_unpaid, 30 + pay.integers(1, 46, count), on_cycle)
    rows["days_since_last_payment"] = np.where(rows["churned"] == 1, leaver, stayer)
    ids = pay.choice(900000, count, replace=False) + 100000
    rows["customer_id"] = np.array([f"C{i}" for i in ids])
    return rows


def export_columns(style: Style | None = None) -> list[str]:
    """The export's columns in the variant's order (README.txt lists them in the same order)."""
    middle = EXPORT_COLUMNS[1:-1]
    order = style.order("export", len(middle)) if style else range(len(middle))
    return [EXPORT_COLUMNS[0], *(middle[i] for i in order), EXPORT_COLUMNS[-1]]


def export_csv(rows: dict[str, np.ndarray], style: Style | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = export_columns(style)
    writer.writerow(names)
    formats = {"monthly_charges_usd": "{:.2f}", "data_usage_gb": "{:.1f}"}
    columns = []
    for name in names:
        fmt = formats.get(name)
        columns.append([fmt.format(v) for v in rows[name].tolist()] if fmt else [str(v) for v in rows[name].tolist()])
    writer.writerows(zip(*columns))
    return out.getvalue()


@functools.lru_cache(maxsize=None)
def template_text(name: str) -> str:
    return (TEMPLATES / f"{name}.tmpl").read_text(encoding="utf-8")


def check_plantable(menu: FaultMenu) -> None:
    """Every fault and option of a (private) menu must be one the pipeline's templates can plant."""
    used = set().union(*(flags_used(template_text(name)) for name in CODE_FILES))
    for fault in menu.faults:
        for flag in [f"{fault.id}.{o.id}" for o in fault.options] or [fault.id]:
            if flag not in used:
                raise DataError(f"fault {flag!r} is not one the stage-3 pipeline can plant; a pack may re-word, "
                                f"re-weigh, regroup or leave out these: {', '.join(sorted(u for u in used if not u.startswith('style.')))}")


def code_files(planted: tuple[PlantedFault, ...], style: Style) -> tuple[dict[str, str], list[Citation]]:
    """The pipeline's code for these faults, written in this style, and every line it cites."""
    flags = set().union(*(f.flags for f in planted)) if planted else set()
    files: dict[str, str] = {}
    citations: list[Citation] = []
    for name in CODE_FILES:
        text, cited = render(name, template_text(name), flags | style.flags, style.names, style.order)
        files[name] = text
        citations += cited
    return files, citations


def drawn_code(seed: int, menu: FaultMenu | None = None, salt: tuple[int, ...] = ()) -> dict[str, str]:
    """Just the code files a seed writes (no export): what a candidate's search would compare."""
    menu = menu or load_fault_menu()
    planted = tuple(draw_faults(menu, _rng(seed, _PLAN, tuple(salt))))
    return code_files(planted, draw_style(_rng(seed, _STYLE, tuple(salt))))[0]


def make_variant(seed: int, faults: list[PlantedFault] | None = None, menu: FaultMenu | None = None,
                 salt: tuple[int, ...] = (), style: Style | None = None) -> Stage3Variant:
    """The variant for ``seed``; ``faults`` overrides the draw (for tests), ``salt`` is a private
    pack's (Pack.salt()), ``style`` overrides the drawn way of writing the code (for tests)."""
    menu = menu or load_fault_menu()
    salt = tuple(salt)
    planted = tuple(faults if faults is not None else draw_faults(menu, _rng(seed, _PLAN, salt)))
    if style is None and not salt and seed == menu.example_seed:
        # The published example (a practice seed) keeps the plain names and order, so that the
        # pages quoting it (calibration extracts, the brief) read the code as it is.
        style = plain_style()
    style = style or draw_style(_rng(seed, _STYLE, salt))
    files, citations = code_files(planted, style)
    export = _export(seed, style.rows, salt)
    files[EXPORT_FILE] = export_csv(export, style)
    return Stage3Variant(seed, planted, files, tuple(citations), export, style)


# ---------------------------------------------------------------- the answer key

def key_figures(variant: Stage3Variant) -> dict[str, str]:
    e = variant.export
    churned = e["churned"] == 1
    rate = float(churned.mean())
    unpaid = e["days_since_last_payment"] > 30
    return {
        **variant.names,
        "rows": f"{variant.rows:,}",
        "churn_rate": f"{100 * rate:.1f}%",
        "no_skill_accuracy": f"{100 * (1 - rate):.1f}%",
        "min_accuracy": variant.names["min_accuracy_value"],
        "tenure_not_whole": f"{100 * float((e['tenure_months'] % 12 != 0).mean()):.0f}%",
        "usage_median": f"{float(np.median(e['data_usage_gb'])):.1f}",
        "month_to_month": f"{100 * float((e['contract_type'] == 'month-to-month').mean()):.0f}%",
        "churners_unpaid": f"{100 * float(unpaid[churned].mean()):.0f}%",
        "stayers_unpaid": f"{100 * float(unpaid[~churned].mean()):.0f}%",
    }


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _fill(text: str, figures: dict[str, str], where: str) -> str:
    def one(match: re.Match) -> str:
        if match[1] not in figures:
            raise KeyError(f"{where}: no figure {{{match[1]}}}; known: {', '.join(sorted(figures))}")
        return figures[match[1]]

    return _PLACEHOLDER.sub(one, text)


PRIVATE_NOTE = (
    "**Private: for the interviewers of one candidate.** Never send this key or publish it, and "
    "keep the seed with it: anyone with the seed (and the pack, if one was used) can rebuild this key "
    "from the kit's public page."
)


def stage3_key(variant: Stage3Variant, *, zip_sha256: str, published: bool = False,
               menu: FaultMenu | None = None) -> str:
    """The key as Markdown; ``zip_sha256`` is the candidate's ZIP's. A private key has its own
    title and a warning; the published example's (``published``) has neither, its page gives both."""
    menu = menu or load_fault_menu()
    figures = key_figures(variant)
    hh = "##"
    out: list[str] = []
    if not published:
        out += [f"# Stage 3 answer key: variant {variant.seed}", "", PRIVATE_NOTE, ""]
    out += [
        f"Seed **{variant.seed}**. The candidate's ZIP, `{FOLDER}.zip`, has SHA-256 `{zip_sha256}`; its export "
        f"`{EXPORT_FILE}` holds {figures['rows']} customers, {figures['churn_rate']} of whom churned.",
        "",
        f"{len(variant.faults)} faults are planted, at least one for every dimension of the scorecard. The "
        "quoted lines are read from the generated files, with their line numbers.",
        "",
        f"{hh} What is planted",
        "",
        "| # | Fault | Severity | Scorecard dimension |",
        "|---|---|---|---|",
    ]
    order = sorted(variant.faults, key=lambda p: (("Critical", "High", "Medium").index(menu.fault(p.fault).severity),
                                                  menu.faults.index(menu.fault(p.fault))))
    sections: list[str] = []
    for n, planted in enumerate(order, start=1):
        fault = menu.fault(planted.fault)
        where = f"{fault.id}/{planted.option}"
        title = _fill(fault.text("title", planted.option), figures, where)
        dimension = menu.group(fault.group).dimension
        out.append(f"| {n} | {title} | {fault.severity} | {dimension} |")
        sections += [f"{hh} {n}. {title}", "", f"**Severity:** {fault.severity} · **Scorecard dimension:** {dimension}", ""]
        for c in sorted(variant.cited(fault.id), key=lambda c: (CODE_FILES.index(c.file), c.line)):
            sections += [f"`{c.file}`, line {c.line}:", "", "```python", c.text.strip(), "```", ""]
        sections += [
            f"**What is wrong.** {_fill(fault.text('what', planted.option), figures, where)}",
            "",
            f"**What a good answer proposes.** {_fill(fault.text('fix', planted.option), figures, where)}",
            "",
            f"**Probe if they miss it.** {_fill(fault.text('probe', planted.option), figures, where)}",
            "",
        ]
    out.append("")
    out += sections
    absent = [f for f in menu.faults if variant.planted(f.id) is None
              and not any(variant.planted(other) for other in f.clean_unless)]
    out += [f"{hh} What this variant does right", "",
            "Not planted here, so not findings (a candidate who raises them has misread the code):", ""]
    out += [f"- {_fill(f.text('clean', None), figures, f.id)}" for f in absent]
    out += ["", f"{hh} Not faults", "", menu.not_faults, ""]
    return "\n".join(out).rstrip() + "\n"
