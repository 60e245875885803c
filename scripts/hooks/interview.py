"""MkDocs hook: the interview kit's generated parts, built from data files and the exercise code.

- Scorecards and rating scales come from docs/interview/data/scorecards.toml, checked here.
- The stage-3 answer key comes from docs/interview/data/stage3-key.toml; every citation must
  still match its line in docs/interview/files/stage3-pipeline/, or the build stops.
- The stage-2 dataset (interview/files/stage2/*.csv) is generated from the default seed on every
  build, with scripts/stage2_dataset.py, so no data is committed; the answer key's figures are
  computed from the same rows.
- The stage-3 pipeline is also offered as one zip (interview/files/stage3-pipeline.zip).
- The data files themselves are not published.

Markers in the interview pages, each on a line of its own:
  <!-- interview:scale STAGE -->      the anchored rating scale for a stage
  <!-- interview:scorecard STAGE -->  the printable scorecard for a stage
  <!-- interview:brief FILE -->       a candidate brief (another page in docs/interview/), inlined
  <!-- interview:stage3-key -->       the stage-3 answer key with the cited lines
and inline, anywhere in those pages: %stage2.NAME% for a figure of the stage-2 dataset.
"""

from __future__ import annotations

import html
import io
import re
import sys
import tomllib
import zipfile
from functools import lru_cache
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
import stage2_dataset  # noqa: E402  (scripts/stage2_dataset.py)

INTERVIEW = ROOT / "docs" / "interview"
SCORECARDS = INTERVIEW / "data" / "scorecards.toml"
STAGE3_KEY = INTERVIEW / "data" / "stage3-key.toml"
PIPELINE = INTERVIEW / "files" / "stage3-pipeline"
STAGE2_FILES = {"interview/files/stage2/reference.csv": "reference_csv", "interview/files/stage2/current.csv": "current_csv"}
PIPELINE_ZIP = "interview/files/stage3-pipeline.zip"
# Files a candidate's local run may leave in the pipeline folder; never published.
PIPELINE_SKIP = re.compile(r"(^|/)(__pycache__|registry|\.[^/]*)(/|$)|\.pyc$")
ZIP_DATE = (2026, 1, 1, 0, 0, 0)

_MARKER = re.compile(r"^<!-- interview:(?P<kind>[a-z0-9-]+)(?: (?P<arg>\S+))? -->$", re.MULTILINE)
_FIGURE = re.compile(r"%stage2\.([a-z0-9_]+)%")


# ---------------------------------------------------------------- data files and their checks

def load_scorecards(path: Path = SCORECARDS) -> dict:
    """Read scorecards.toml and check its shape; ValueError names the first problem."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    where = path.name
    levels = data.get("levels")
    if not (isinstance(levels, list) and len(levels) == 4 and all(isinstance(x, str) and x for x in levels)):
        raise ValueError(f"{where}: 'levels' must list four level names (1 to 4)")
    recs = data.get("recommendations")
    if not (isinstance(recs, list) and recs and all(isinstance(x, str) and x for x in recs)):
        raise ValueError(f"{where}: 'recommendations' must be a non-empty list of strings")
    if not any(r.lower().startswith("no decision") for r in recs):
        raise ValueError(f"{where}: 'recommendations' must offer a 'No decision' option")
    stages = data.get("stage")
    if not isinstance(stages, list) or not stages:
        raise ValueError(f"{where}: no [[stage]] tables")
    seen = set()
    for s in stages:
        sid = s.get("id")
        for key in ("id", "title", "page", "time_box"):
            if not isinstance(s.get(key), str) or not s[key].strip():
                raise ValueError(f"{where}: stage {sid or '?'} needs a non-empty '{key}'")
        if sid in seen:
            raise ValueError(f"{where}: stage id {sid!r} appears twice")
        seen.add(sid)
        if not (INTERVIEW / s["page"]).is_file():
            raise ValueError(f"{where}: stage {sid}: page {s['page']!r} is not in docs/interview/")
        dims = s.get("dimension")
        if not isinstance(dims, list) or not 3 <= len(dims) <= 6:
            raise ValueError(f"{where}: stage {sid} needs 3 to 6 [[stage.dimension]] tables")
        names = set()
        for d in dims:
            name = d.get("name")
            if not isinstance(name, str) or not name.strip() or name in names:
                raise ValueError(f"{where}: stage {sid}: every dimension needs a unique 'name' (got {name!r})")
            names.add(name)
            if not isinstance(d.get("question"), str) or not d["question"].strip():
                raise ValueError(f"{where}: stage {sid}, {name}: 'question' is missing")
            anchors = d.get("anchors")
            if not (isinstance(anchors, list) and len(anchors) == 4 and all(isinstance(a, str) and a.strip() for a in anchors)):
                raise ValueError(f"{where}: stage {sid}, {name}: 'anchors' must hold four descriptions, one per level")
            long = [i + 1 for i, a in enumerate(anchors) if len(a) > 160]
            if long:
                raise ValueError(f"{where}: stage {sid}, {name}: anchor for level {long[0]} is over 160 characters; "
                                 "shorten it so the scorecard still prints on one page")
    return data


def load_stage3_key(path: Path = STAGE3_KEY, pipeline: Path = PIPELINE) -> list[dict]:
    """Read stage3-key.toml and check that every citation still matches its line."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    faults = data.get("fault")
    if not isinstance(faults, list) or not faults:
        raise ValueError(f"{path.name}: no [[fault]] tables")
    for f in faults:
        for key in ("id", "title", "severity", "what", "fix", "probe"):
            if not isinstance(f.get(key), str) or not f[key].strip():
                raise ValueError(f"{path.name}: fault {f.get('id', '?')} needs a non-empty '{key}'")
        cites = f.get("citation")
        if not isinstance(cites, list) or not cites:
            raise ValueError(f"{path.name}: fault {f['id']} cites no lines")
        for c in cites:
            lines = _pipeline_lines(pipeline, c.get("file", ""))
            line = c.get("line")
            if not isinstance(line, int) or not 1 <= line <= len(lines):
                raise ValueError(f"{path.name}: fault {f['id']}: {c.get('file')} has no line {line!r}")
            if c.get("text", "") not in lines[line - 1] or not c.get("text"):
                raise ValueError(
                    f"{path.name}: fault {f['id']}: {c['file']} line {line} no longer holds {c.get('text')!r} "
                    f"(it reads {lines[line - 1].strip()!r}); update the key to the code"
                )
    return faults


def _pipeline_lines(pipeline: Path, name: str) -> list[str]:
    path = (pipeline / name).resolve()
    if pipeline.resolve() not in path.parents or not path.is_file():
        raise ValueError(f"stage3-key.toml cites {name!r}, which is not a file of the stage-3 pipeline")
    return path.read_text(encoding="utf-8").splitlines()


@lru_cache(maxsize=1)
def stage2() -> stage2_dataset.Stage2Dataset:
    return stage2_dataset.make_dataset(stage2_dataset.DEFAULT_SEED)


def stage2_figures() -> dict[str, str]:
    """The figures the stage-2 answer key quotes, computed from the generated rows."""
    import numpy as np

    from evaluator.performance import compare_windows

    data = stage2()
    ref, cur = data.reference, data.current
    perf = compare_windows(data.reference_csv, data.current_csv, "churned", "predicted_churn",
                           ("region", "contract_type"))
    seg = next(s for s in perf["segments"] if s["values"] == stage2_dataset.CONCEPT_SEGMENT)
    others = [s for s in perf["segments"] if s["values"]["contract_type"] == "month-to-month" and s is not seg]
    dates = cur["scored_on"]
    cents = dates >= stage2_dataset.UNIT_CHANGE_DATE.isoformat()
    expired_from = (stage2_dataset.STALE_SINCE + stage2_dataset.dt.timedelta(days=stage2_dataset.STALE_TTL_DAYS)).isoformat()
    expired = dates >= expired_from

    from evaluator.api import drift_report
    from evaluator.performance import classification_summary

    def window(rows, mask=None):
        label, predicted = rows["churned"] == 1, rows["predicted_churn"] == 1
        if mask is not None:
            label, predicted = label[mask], predicted[mask]
        summary = classification_summary(label, predicted)
        c = summary["confusion"]
        return summary["recall"], c["fp"] / (c["fp"] + c["tn"])

    stale_only = (dates >= expired_from) & ~cents
    recall_ref, false_alarm_ref = window(ref)
    recall_stale_only, _ = window(cur, stale_only)
    _, false_alarm_cents = window(cur, cents)

    drift = {c["name"]: c["headline"] for c in drift_report(data.reference_csv.encode(), data.current_csv.encode())["columns"]}
    untouched = [drift[n] for n in ("region", "contract_type", "payment_method", "tenure_months", "support_calls_30d")]

    def headline(name: str) -> str:
        h = drift[name]
        return f"{h['label']} {h['value']:.2f} ({'drift' if h['drifted'] else 'no drift'}; threshold {h['threshold']:g})"

    def pct(x: float) -> str:
        return f"{100 * x:.1f}%"

    def day(d) -> str:
        return f"{d.day} {d.strftime('%B')} {d.year}"

    return {
        "seed": str(data.seed),
        "reference_rows": f"{len(ref['churned']):,}",
        "current_rows": f"{len(cur['churned']):,}",
        "accuracy_reference": pct(perf["reference"]["accuracy"]),
        "accuracy_current": pct(perf["current"]["accuracy"]),
        "accuracy_drop_points": f"{-100 * perf['accuracy_change']:.1f}",
        "recall_reference": pct(perf["reference"]["recall"]),
        "recall_current": pct(perf["current"]["recall"]),
        "unit_change_date": day(stage2_dataset.UNIT_CHANGE_DATE),
        "cents_share": pct(cents.mean()),
        "charges_median_before": f"{np.median(cur['monthly_charges_usd'][~cents]):.2f}",
        "charges_median_after": f"{np.median(cur['monthly_charges_usd'][cents]):,.0f}",
        "charges_median_reference": f"{np.median(ref['monthly_charges_usd']):.2f}",
        "stale_since": day(stage2_dataset.STALE_SINCE),
        "stale_ttl_days": str(stage2_dataset.STALE_TTL_DAYS),
        "stale_expired_from": day(stage2_dataset.dt.date.fromisoformat(expired_from)),
        "login_zero_reference": pct((ref["last_login_days"] == 0).mean()),
        "login_zero_current": pct((cur["last_login_days"] == 0).mean()),
        "login_zero_expired": pct((cur["last_login_days"][expired] == 0).mean()),
        "usage_median_reference": f"{np.median(ref['data_usage_gb']):.1f}",
        "usage_median_current": f"{np.median(cur['data_usage_gb']):.1f}",
        "unlimited_share": f"{100 * stage2_dataset.UNLIMITED_PLAN_SHARE:.0f}%",
        "segment_churn_reference": pct(seg["reference"]["positive_rate"]),
        "segment_churn_current": pct(seg["current"]["positive_rate"]),
        "segment_predicted_reference": pct(seg["reference"]["predicted_positive_rate"]),
        "segment_predicted_current": pct(seg["current"]["predicted_positive_rate"]),
        "segment_accuracy_reference": pct(seg["reference"]["accuracy"]),
        "segment_accuracy_current": pct(seg["current"]["accuracy"]),
        "false_alarm_reference": pct(false_alarm_ref),
        "false_alarm_cents": pct(false_alarm_cents),
        "recall_stale_only": pct(recall_stale_only),
        "stale_only_last_day": day(stage2_dataset.UNIT_CHANGE_DATE - stage2_dataset.dt.timedelta(days=1)),
        "drift_charges": headline("monthly_charges_usd"),
        "drift_login": headline("last_login_days"),
        "drift_usage": headline("data_usage_gb"),
        "drift_untouched_max": f"{max(h['value'] for h in untouched):.3f}",
        "drift_untouched_flagged": str(sum(h["drifted"] for h in untouched)),
        "other_mtm_churn_range": (
            f"{100 * min(s['current']['positive_rate'] for s in others):.0f}–"
            f"{100 * max(s['current']['positive_rate'] for s in others):.0f}%"
        ),
    }


# ---------------------------------------------------------------- rendering

def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _inline(text: str) -> str:
    """Escape text, then turn `code` spans into <code> (the key's prose uses backticks)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _stage(data: dict, sid: str) -> dict:
    for s in data["stage"]:
        if s["id"] == sid:
            return s
    raise PluginError(f"interview: no stage {sid!r} in scorecards.toml")


def render_scale(data: dict, sid: str) -> str:
    """The anchored 1-4 scale of every dimension of a stage, as one table per dimension."""
    stage = _stage(data, sid)
    parts = []
    for d in stage["dimension"]:
        rows = "".join(
            f'<tr><th scope="row">{_e(level)}</th><td>{_e(anchor)}</td></tr>'
            for level, anchor in zip(data["levels"], d["anchors"])
        )
        parts.append(
            f'<h3 id="scale-{_slug(d["name"])}">{_e(d["name"])}</h3>\n'
            f"<p>{_e(d['question'])}</p>\n"
            f'<table class="kit-scale"><thead><tr><th scope="col">Level</th>'
            f'<th scope="col">What the candidate does</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    return "\n".join(parts)


def render_scorecard(data: dict, sid: str) -> str:
    """A printable one-page scorecard: fields, a tick box per level and dimension, notes."""
    stage = _stage(data, sid)
    p = f"sc-{sid}"
    fields = "".join(
        f'<div class="kit-scorecard__field"><label for="{p}-{_slug(name)}">{name}</label>'
        f'<input type="text" id="{p}-{_slug(name)}" autocomplete="off"></div>'
        for name in ("Candidate", "Interviewer", "Date")
    )
    head = "".join(f'<th scope="col">{_e(level)}</th>' for level in data["levels"])
    body = []
    for d in stage["dimension"]:
        dim = _slug(d["name"])
        cells = "".join(
            f'<td><input type="checkbox" id="{p}-{dim}-{i}">'
            f'<label for="{p}-{dim}-{i}"><span class="kit-visually-hidden">{_e(d["name"])}, </span>'
            f'<span class="kit-scorecard__level">{_e(level)}</span><span class="kit-visually-hidden">: </span>'
            f"{_e(anchor)}</label></td>"
            for i, (level, anchor) in enumerate(zip(data["levels"], d["anchors"]), start=1)
        )
        body.append(
            f'<tr><th scope="row"><span class="kit-scorecard__dim">{_e(d["name"])}</span>'
            f'<span class="kit-scorecard__question">{_e(d["question"])}</span></th>{cells}</tr>'
            f'<tr class="kit-scorecard__evidence"><td colspan="5">'
            f'<label for="{p}-{dim}-evidence">Evidence (what they said or did)</label>'
            f'<textarea id="{p}-{dim}-evidence" rows="1"></textarea></td></tr>'
        )
    recs = "".join(
        f'<span class="kit-scorecard__choice"><input type="checkbox" id="{p}-rec-{i}">'
        f'<label for="{p}-rec-{i}">{_e(r)}</label></span>'
        for i, r in enumerate(data["recommendations"])
    )
    return (
        f'<div class="kit-scorecard" id="scorecard-{sid}">\n'
        f'<p class="kit-scorecard__title">{_e(stage["title"])} · scorecard'
        f'<span class="kit-scorecard__timebox">Time box: {_e(stage["time_box"])}</span></p>\n'
        f'<div class="kit-scorecard__fields">{fields}</div>\n'
        f'<table class="kit-scorecard__table"><caption>Tick one level per dimension. '
        f"Write your ratings and evidence before the debrief; do not compare notes first.</caption>"
        f'<thead><tr><th scope="col">Dimension</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>\n'
        f'<fieldset class="kit-scorecard__recommendation"><legend>Recommendation (tick one)</legend>{recs}</fieldset>\n'
        f'<div class="kit-scorecard__notes"><label for="{p}-notes">Notes: strongest evidence, concerns, '
        f'and for "No decision" the evidence that is missing and how to get it</label>'
        f'<textarea id="{p}-notes" rows="6"></textarea></div>\n'
        f'<p class="kit-scorecard__sign"><span class="kit-scorecard__choice"><input type="checkbox" id="{p}-written">'
        f'<label for="{p}-written">Written before the debrief</label></span></p>\n'
        "</div>"
    )


def render_stage3_key(faults: list[dict], pipeline: Path = PIPELINE) -> str:
    """The answer key: each fault with its cited lines, read from the real files."""
    parts = []
    for n, f in enumerate(faults, start=1):
        quotes = []
        for c in f["citation"]:
            line = _pipeline_lines(pipeline, c["file"])[c["line"] - 1]
            quotes.append(
                f'<div class="kit-citation"><p class="kit-citation__where"><code>{_e(c["file"])}</code>, '
                f'line {c["line"]}</p><p class="kit-citation__line"><code>{_e(line.strip())}</code></p></div>'
            )
        parts.append(
            f'<h3 id="fault-{_e(f["id"])}">{n}. {_e(f["title"])}</h3>\n'
            f'<p><strong>Severity:</strong> {_e(f["severity"])}</p>\n'
            f'{"".join(quotes)}\n'
            f'<p><strong>What is wrong.</strong> {_inline(f["what"])}</p>\n'
            f'<p><strong>What a good answer proposes.</strong> {_inline(f["fix"])}</p>\n'
            f'<p><strong>Probe if they miss it.</strong> {_inline(f["probe"])}</p>'
        )
    return "\n".join(parts)


def _demote_headings(markdown: str) -> str:
    """Make a brief's ## headings ### so it nests under the stage page's own heading."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"#{1,5} ", line):
            line = "#" + line
        out.append(line)
    return "\n".join(out)


def brief_body(name: str) -> str:
    """A candidate brief page's Markdown without its front matter and its title."""
    path = (INTERVIEW / name).resolve()
    if path.parent != INTERVIEW.resolve() or not path.is_file():
        raise PluginError(f"interview: brief {name!r} is not a page in docs/interview/")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = re.sub(r"\A\s*# .*\n", "", text)
    return _demote_headings(text.strip())


def pipeline_zip(pipeline: Path = PIPELINE) -> bytes:
    """The stage-3 pipeline as a zip with fixed dates and order, so it is the same on every build."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(pipeline.rglob("*")):
            rel = path.relative_to(pipeline).as_posix()
            if path.is_file() and not PIPELINE_SKIP.search(rel):
                info = zipfile.ZipInfo(f"stage3-pipeline/{rel}", date_time=ZIP_DATE)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, path.read_bytes())
    return buffer.getvalue()


# ---------------------------------------------------------------- MkDocs events

_state: dict = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        _state["scorecards"] = load_scorecards()
        _state["faults"] = load_stage3_key()
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise PluginError(f"interview: {exc}") from None
    _state["figures"] = None  # computed on first use, once per build
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for f in list(files):
        uri = f.src_uri
        if uri.startswith("interview/data/") or (
            uri.startswith("interview/files/stage3-pipeline/") and PIPELINE_SKIP.search(uri)
        ):
            files.remove(f)
    data = stage2()
    for uri, attr in STAGE2_FILES.items():
        files.append(File.generated(config, uri, content=getattr(data, attr).encode("utf-8")))
    files.append(File.generated(config, PIPELINE_ZIP, content=pipeline_zip()))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.file.src_uri.startswith("interview/"):
        return markdown

    def marker(match: re.Match) -> str:
        kind, arg = match["kind"], match["arg"]
        if kind == "scale" and arg:
            return render_scale(_state["scorecards"], arg)
        if kind == "scorecard" and arg:
            return render_scorecard(_state["scorecards"], arg)
        if kind == "brief" and arg:
            # Blank lines around the body, so md_in_html parses it as Markdown inside the box.
            return f'<div class="kit-brief" markdown="1">\n\n{brief_body(arg)}\n\n</div>'

        if kind == "stage3-key" and not arg:
            return render_stage3_key(_state["faults"])
        raise PluginError(f"interview: {page.file.src_uri}: unknown marker {match.group(0)!r}")

    markdown = _MARKER.sub(marker, markdown)
    if _FIGURE.search(markdown):
        if _state.get("figures") is None:
            _state["figures"] = stage2_figures()
        figures = _state["figures"]

        def figure(match: re.Match) -> str:
            if match[1] not in figures:
                raise PluginError(f"interview: {page.file.src_uri}: unknown figure %stage2.{match[1]}%; "
                                  f"known: {', '.join(sorted(figures))}")
            return figures[match[1]]

        markdown = _FIGURE.sub(figure, markdown)
    return markdown
