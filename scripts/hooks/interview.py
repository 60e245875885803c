"""The interview hook: the interview kit's generated parts, from typed data and the exercise files.

- Scorecards and rating scales: `evaluator.interview.scorecards` reads
  docs/interview/data/scorecards.toml; `overrides/partials/interview/{scale,scorecard}.html`
  render it.
- The stage-3 answer key: `evaluator.interview.stage3_key` reads docs/interview/data/stage3-key.toml
  and checks every citation against its line in docs/interview/files/stage3-pipeline/;
  `overrides/partials/interview/stage3-key.html` shows the cited lines from the real files.
- The stage-2 dataset (interview/files/stage2/*.csv) is generated from the default seed on every
  build by `evaluator.interview.stage2`, so no data is committed; `evaluator.interview.stage2_key`
  computes the answer key's figures from the same rows.
- The stage-3 pipeline is also offered as one zip (interview/files/stage3-pipeline.zip).
- The data files themselves are not published as pages or files.

Markers in the interview pages, each on a line of its own:
  <!-- interview:scale STAGE -->      the anchored rating scale for a stage
  <!-- interview:scorecard STAGE -->  the printable scorecard for a stage
  <!-- interview:brief FILE -->       a candidate brief (another page in docs/interview/), inlined
  <!-- interview:stage3-key -->       the stage-3 answer key with the cited lines
and inline, anywhere in those pages: %stage2.NAME% for a figure of the stage-2 dataset.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from evaluator.datafile import DataError
from evaluator.interview import scorecards, stage2, stage2_key, stage3_key
from evaluator.interview.packaging import zip_files
from scripts.hooks.partials import render

STAGE2_FILES = {"interview/files/stage2/reference.csv": "reference_csv", "interview/files/stage2/current.csv": "current_csv"}
PIPELINE_DIR = "interview/files/stage3-pipeline"
PIPELINE_ZIP = "interview/files/stage3-pipeline.zip"
# Files a candidate's local run may leave in the pipeline folder; never published.
PIPELINE_SKIP = re.compile(r"(^|/)(__pycache__|registry|\.[^/]*)(/|$)|\.pyc$")

_MARKER = re.compile(r"^<!-- interview:(?P<kind>[a-z0-9-]+)(?: (?P<arg>\S+))? -->$", re.MULTILINE)
_FIGURE = re.compile(r"%stage2\.([a-z0-9_]+)%")


@lru_cache(maxsize=1)
def published_stage2() -> stage2.Stage2Dataset:
    return stage2.make_dataset(stage2.DEFAULT_SEED)


def pipeline_files(pipeline: Path) -> dict[str, bytes]:
    """The stage-3 pipeline's files by relative name, without what a local run leaves behind."""
    out = {}
    for path in sorted(pipeline.rglob("*")):
        rel = path.relative_to(pipeline).as_posix()
        if path.is_file() and not PIPELINE_SKIP.search(rel):
            out[rel] = path.read_bytes()
    return out


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


def brief_body(interview: Path, name: str) -> str:
    """A candidate brief page's Markdown without its front matter and its title."""
    path = (interview / name).resolve()
    if path.parent != interview.resolve() or not path.is_file():
        raise PluginError(f"interview: brief {name!r} is not a page in docs/interview/")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = re.sub(r"\A\s*# .*\n", "", text)
    return _demote_headings(text.strip())


# ---------------------------------------------------------------- MkDocs events

_state: dict = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    docs = Path(config["docs_dir"])
    interview = docs / "interview"
    pipeline = docs / PIPELINE_DIR
    try:
        cards = scorecards.load_scorecards(
            (docs / scorecards.FILE).read_text(encoding="utf-8"), pages=[p.name for p in interview.glob("*.md")]
        )
        faults = stage3_key.load_stage3_key((docs / stage3_key.FILE).read_text(encoding="utf-8"))
        stage3_key.check_citations(faults, pipeline)
    except (DataError, OSError) as exc:
        raise PluginError(f"interview: {exc}") from None
    _state.update(
        interview=interview,
        pipeline=pipeline,
        scorecards=cards,
        faults=faults,
        cited={f.id: [stage3_key.cited_line(pipeline, c) for c in f.citations] for f in faults},
        figures=None,  # computed on first use, once per build
    )
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for f in list(files):
        uri = f.src_uri
        if uri.startswith("interview/data/") or (uri.startswith(PIPELINE_DIR + "/") and PIPELINE_SKIP.search(uri)):
            files.remove(f)
    data = published_stage2()
    for uri, attr in STAGE2_FILES.items():
        files.append(File.generated(config, uri, content=getattr(data, attr).encode("utf-8")))
    zipped = zip_files(pipeline_files(_state["pipeline"]), "stage3-pipeline")
    files.append(File.generated(config, PIPELINE_ZIP, content=zipped))
    return files


def _stage(stage_id: str) -> scorecards.Stage:
    try:
        return _state["scorecards"].stage(stage_id)
    except KeyError as exc:
        raise PluginError(f"interview: {exc.args[0]}") from None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.file.src_uri.startswith("interview/"):
        return markdown
    cards = _state["scorecards"]

    def marker(match: re.Match) -> str:
        kind, arg = match["kind"], match["arg"]
        if kind == "scale" and arg:
            return render(config, "interview/scale.html", cards=cards, stage=_stage(arg))
        if kind == "scorecard" and arg:
            return render(config, "interview/scorecard.html", cards=cards, stage=_stage(arg))
        if kind == "brief" and arg:
            # Blank lines around the body, so md_in_html parses it as Markdown inside the box.
            return f'<div class="kit-brief" markdown="1">\n\n{brief_body(_state["interview"], arg)}\n\n</div>'
        if kind == "stage3-key" and not arg:
            return render(config, "interview/stage3-key.html", faults=_state["faults"], cited=_state["cited"])
        raise PluginError(f"interview: {page.file.src_uri}: unknown marker {match.group(0)!r}")

    markdown = _MARKER.sub(marker, markdown)
    if _FIGURE.search(markdown):
        if _state.get("figures") is None:
            _state["figures"] = stage2_key.key_figures(published_stage2())
        figures = _state["figures"]

        def figure(match: re.Match) -> str:
            if match[1] not in figures:
                raise PluginError(f"interview: {page.file.src_uri}: unknown figure %stage2.{match[1]}%; "
                                  f"known: {', '.join(sorted(figures))}")
            return figures[match[1]]

        markdown = _FIGURE.sub(figure, markdown)
    return markdown
