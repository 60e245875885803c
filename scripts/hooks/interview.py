"""The interview hook: the interview kit's generated parts, from typed data and the evaluator.

Typed loaders read every data file (the loop's stages, the scorecards, the levels and pay, the
variant menus, the decision rule's worked examples); Jinja partials under
`overrides/partials/interview/` render them; the published examples of stages 2 and 3 are written
by the same code that writes a private variant in the interviewer's browser
(`evaluator.interview.variants`), with the example seeds named in the menus.

Markers, each on a line of its own (in any page):
  <!-- interview:loop -->                the stages at a glance
  <!-- interview:scale STAGE -->         a stage's anchored rating scale
  <!-- interview:scorecard STAGE -->     a stage's printable scorecard
  <!-- interview:brief FILE -->          a candidate brief page of docs/interview/, inlined
  <!-- interview:candidate-brief STAGE --> a brief written from its template with the example's figures
  <!-- interview:example-key STAGE -->   the published example's answer key (stage-2 or stage-3)
  <!-- interview:levels -->              the levels, each with its pay band
  <!-- interview:level-dimensions -->    per scorecard dimension, what each level looks like
  <!-- interview:levelling-examples -->  worked examples of the decision rule, computed
  <!-- interview:causes -->              the stage-2 cause menu and its ranges
  <!-- interview:faults -->              the stage-3 fault menu
  <!-- interview:requires-example STAGE FLAG... -->  nothing; stops the build unless the published
                                         example plants every FLAG (a cause or fault id, or id.option)
and inline figures: %stage.ID.FIELD% and %stage.loop.FIELD% (the loop), %policy.NAME%,
%stage2.NAME% (the stage-2 example's headline figures), %stage2.cause.CAUSE.NAME% (one of its
causes' figures, as its key quotes them), %stage3.NAME% (the stage-3 example's export) and
%levelling.NAME% (the rule's numbers).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from evaluator.datafile import DataError, load, require, require_list
from evaluator.interview import levelling, scorecards, stage2, stage3, stages, stage2_causes, stage3_faults
from evaluator.interview.briefs import policy_figures, render_brief
from evaluator.interview.stage2_figures import headline
from evaluator.interview.stage2_key import cause_figures
from evaluator.interview.variants import candidate_pack, stage2_brief_figures, stage3_brief_figures
from evaluator.levels import load_levels
from evaluator.pay.compensation import load_compensation
from scripts.hooks.partials import render

LEVELLING_FILE = "interview/data/levelling.toml"
STAGE2_DIR = "interview/files/stage2"
PIPELINE_DIR = "interview/files/stage3-pipeline"
COMPENSATION_PAGE = "guide/compensation.md"
# Never published: the data files of docs/interview/data and the brief templates of docs/data/briefs.
UNPUBLISHED = ("interview/data/", "data/briefs/")

_MARKER = re.compile(r"^<!-- interview:(?P<kind>[a-z0-9-]+)(?: (?P<arg>\S+))? -->$", re.MULTILINE)
# A page that describes the published example says what it relies on; the build stops if the
# example (its seed in the menu) no longer plants it: <!-- interview:requires-example stage-3 skew.tenure -->
_REQUIRES = re.compile(r"^<!-- interview:requires-example (?P<stage>stage-[23])(?P<flags>(?: [a-z0-9.\-]+)+) -->\n?", re.MULTILINE)
_FIGURE = re.compile(r"%((?:stage|stage2|stage3|policy|levelling)\.[a-z0-9][a-z0-9_.\-]*)%")


def parse_examples(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The decision rule's worked examples: a title, each stage's ratings (0: not rated), a comment."""
    examples = []
    for i, raw in enumerate(require(data, "example", list, "top level")):
        where = f"[[example]] #{i + 1}"
        ratings = require(raw, "ratings", dict, where)
        stages_ratings = {}
        for stage_id, values in ratings.items():
            values = require_list(ratings, stage_id, int, f"{where}, ratings")
            if any(not 0 <= v <= 4 for v in values):
                raise DataError(f"{where}, ratings.{stage_id}: ratings are 1 to 4, or 0 for not rated")
            stages_ratings[stage_id] = [v or None for v in values]
        examples.append({"title": require(raw, "title", str, where), "ratings": stages_ratings,
                         "comment": require(raw, "comment", str, where)})
    return examples


@lru_cache(maxsize=2)
def published(stage: str) -> dict[str, Any]:
    """The published example of a stage, written as a private variant would be (its seed is public)."""
    seed = _state["menus"][stage].example_seed
    return candidate_pack(stage, seed, published=True)


# ---------------------------------------------------------------- MkDocs events

_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    docs = Path(config["docs_dir"])
    try:
        loop = stages.load_loop()
        levels = load_levels()
        cards = scorecards.load_scorecards(
            (docs / scorecards.FILE).read_text(encoding="utf-8"),
            pages=[p.name for p in (docs / "interview").glob("*.md")],
            stage_ids=[s.id for s in loop.stages],
            level_ids=[lv.id for lv in levels],
        )
        comp = load_compensation()
        menus = {"stage-2": stage2_causes.load_menu(), "stage-3": stage3_faults.load_fault_menu()}
        examples = load(LEVELLING_FILE, parse_examples, (docs / LEVELLING_FILE).read_text(encoding="utf-8"))
        level_ids = [lv.id for lv in levels]
        decided = []
        for ex in examples:
            unknown = set(ex["ratings"]) - {s.id for s in cards.levelling_stages}
            if unknown:
                raise DataError(f"{LEVELLING_FILE}: example {ex['title']!r} rates {sorted(unknown)}, which do not set the level")
            for stage_id, values in ex["ratings"].items():
                if len(values) != len(cards.stage(stage_id).dimensions):
                    raise DataError(f"{LEVELLING_FILE}: example {ex['title']!r}: {stage_id} has "
                                    f"{len(cards.stage(stage_id).dimensions)} dimensions, the example rates {len(values)}")
            decided.append({**ex, "decision": levelling.decide(ex["ratings"], level_ids)})
        figures = {**stages.stage_figures(loop), **policy_figures(),
                   "levelling.staff_min_strong": str(levelling.STAFF_MIN_STRONG),
                   "levelling.mid_max_partial": str(levelling.MID_MAX_PARTIAL)}
    except (DataError, OSError, ValueError) as exc:
        raise PluginError(f"interview: {exc}") from None
    missing_pay = [lv.id for lv in levels if lv.id not in {c.id for c in comp.levels}]
    if missing_pay:
        raise PluginError(f"interview: levels {missing_pay} have no pay band in {COMPENSATION_PAGE}'s data")
    published.cache_clear()
    _state.clear()
    _state.update(docs=docs, loop=loop, levels=levels, cards=cards, comp=comp, menus=menus,
                  examples=decided, figures=figures)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for f in list(files):
        if f.src_uri.startswith(UNPUBLISHED):
            files.remove(f)
    # The published examples: the files a candidate would get, to read online and as the ZIP.
    for stage, folder in (("stage-2", STAGE2_DIR), ("stage-3", PIPELINE_DIR)):
        pack = published(stage)
        files.append(File.generated(config, f"interview/files/{pack['zip_name']}", content=pack["zip"]))
        with zipfile.ZipFile(io.BytesIO(pack["zip"])) as archive:
            for name in archive.namelist():
                inner = name.split("/", 1)[1]
                if inner != "BRIEF.md":  # the brief has its own page
                    files.append(File.generated(config, f"{folder}/{inner}", content=archive.read(name)))
    return files


def _stage_card(stage_id: str) -> scorecards.Stage:
    try:
        return _state["cards"].stage(stage_id)
    except KeyError as exc:
        raise PluginError(f"interview: {exc.args[0]}") from None


def _url(page: Page, files: Files, target: str) -> str:
    """A link from ``page`` to the docs file ``target``, for HTML that MkDocs does not rewrite."""
    found = files.get_file_from_path(target)
    if found is None:
        raise PluginError(f"interview: {page.file.src_uri} links to {target}, which is not in the docs")
    base = posixpath.dirname(page.url) if not page.url.endswith("/") else page.url.rstrip("/")
    return posixpath.relpath(found.url or ".", base or ".") + ("/" if found.url.endswith("/") else "")


def _brief_body(name: str, expand) -> str:
    """A brief page's Markdown, its markers expanded, without front matter and title, headings one level down."""
    interview = _state["docs"] / "interview"
    path = (interview / name).resolve()
    if path.parent != interview.resolve() or not path.is_file():
        raise PluginError(f"interview: brief {name!r} is not a page in docs/interview/")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = _MARKER.sub(expand, text.strip())
    text = re.sub(r"\A\s*# .*\n", "", text)
    out, fenced = [], False
    for line in text.strip().splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"#{1,5} ", line):
            line = "#" + line
        out.append(line)
    return "\n".join(out)


def _candidate_brief(stage: str) -> str:
    pack = published(stage)
    if stage == "stage-2":
        figures = stage2_brief_figures(stage2.make_variant(pack["seed"]), "files/stage2/")
    else:
        zip_link = f"files/{pack['zip_name']}"
        figures = stage3_brief_figures(stage3.make_variant(pack["seed"]), "files/stage3-pipeline/",
                                       f"Download [{pack['zip_name']}]({zip_link}), or read the files here:")
    return render_brief(stage, figures)


def _marker(match: re.Match, page: Page, config: MkDocsConfig, files: Files) -> str:
    kind, arg = match["kind"], match["arg"]
    s = _state
    names = {st.id: st.name for st in s["loop"].stages}
    if kind == "loop" and not arg:
        pages = {c.id: _url(page, files, f"interview/{c.page}") for c in s["cards"].stages}
        return render(config, "interview/loop.html", loop=s["loop"], pages=pages, figures=s["figures"])
    if kind == "scale" and arg:
        return render(config, "interview/scale.html", cards=s["cards"], stage=_stage_card(arg))
    if kind == "scorecard" and arg:
        rule = (f"any 1: below the bar; at most {levelling.MID_MAX_PARTIAL} at 2: mid; none below 3: senior; none "
                f"below 3 and {levelling.STAFF_MIN_STRONG} or more at 4: staff. The candidate's level is the lowest stage's")
        return render(config, "interview/scorecard.html", cards=s["cards"], stage=_stage_card(arg),
                      loop_stage=s["loop"].stage(arg), time_box=s["figures"][f"stage.{arg}.time_box"],
                      levels=s["levels"], rule=rule)
    if kind == "brief" and arg:
        body = _brief_body(arg, lambda m: _marker(m, page, config, files))
        # Blank lines around the body, so md_in_html parses it as Markdown inside the box.
        return f'<div class="kit-brief" markdown="1">\n\n{body}\n\n</div>'
    if kind == "candidate-brief" and arg in ("stage-2", "stage-3"):
        return _candidate_brief(arg)
    if kind == "example-key" and arg in ("stage-2", "stage-3"):
        return published(arg)["key"]
    if kind == "levels" and not arg:
        pay = {lv.id: lv for lv in s["comp"].levels}
        return render(config, "interview/levels.html", levels=s["levels"], pay=pay, comp=s["comp"],
                      compensation_url=_url(page, files, COMPENSATION_PAGE))
    if kind == "level-dimensions" and not arg:
        return render(config, "interview/level-dimensions.html", stages=s["cards"].levelling_stages,
                      levels=s["levels"], names=names)
    if kind == "levelling-examples" and not arg:
        level_names = {lv.id: lv.label for lv in s["levels"]}
        level_names.update({levelling.BELOW: "Below the bar", None: "Not rated yet"})
        return render(config, "interview/levelling-examples.html", examples=s["examples"], names=names,
                      level_names=level_names)
    if kind == "causes" and not arg:
        return render(config, "interview/causes.html", rows=stage2_causes.menu_rows(s["menus"]["stage-2"]))
    if kind == "faults" and not arg:
        return render(config, "interview/faults.html", rows=stage3_faults.menu_rows(s["menus"]["stage-3"]))
    raise PluginError(f"interview: {page.file.src_uri}: unknown marker {match.group(0)!r}")


def _example_flags(stage: str) -> set[str]:
    seed = published(stage)["seed"]
    if stage == "stage-2":
        return set().union(*({p.cause, f"{p.cause}.{p.option}"} for p in stage2.make_variant(seed).causes))
    return stage3.make_variant(seed).flags


def _example_figures() -> dict[str, str]:
    """The stage-2 example's headline figures and every planted cause's, as its key quotes them."""
    variant = stage2.make_variant(published("stage-2")["seed"])
    menu = _state["menus"]["stage-2"]
    figures = {f"stage2.{k}": v for k, v in headline(variant).items()}
    for p in variant.causes:
        figures.update({f"stage2.cause.{p.cause}.{k}": v for k, v in cause_figures(variant, p.cause, menu).items()})
    figures.update({f"stage3.{k}": v for k, v in stage3.key_figures(stage3.make_variant(published("stage-3")["seed"])).items()})
    return figures


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for need in _REQUIRES.finditer(markdown):
        missing = set(need["flags"].split()) - _example_flags(need["stage"])
        if missing:
            raise PluginError(f"interview: {page.file.src_uri} describes the published {need['stage']} example as "
                              f"planting {sorted(missing)}, which it no longer does (its seed is in the menu file); "
                              "update the page or the seed")
    markdown = _REQUIRES.sub("", markdown)
    markdown = _MARKER.sub(lambda m: _marker(m, page, config, files), markdown)
    if not _FIGURE.search(markdown):
        return markdown
    figures = _state["figures"]
    if "stage2.seed" not in figures and ("%stage2." in markdown or "%stage3." in markdown):
        figures.update(_example_figures())

    def figure(match: re.Match) -> str:
        if match[1] not in figures:
            raise PluginError(f"interview: {page.file.src_uri}: unknown figure %{match[1]}%")
        return figures[match[1]]

    return _FIGURE.sub(figure, markdown)
