"""The drift lab hook: the lab's setup and its example, computed at build time by the native evaluator.

In docs/tools/drift-lab.md, the marker ``<!-- drift-lab:example -->`` (after the tool's placeholder)
becomes, through overrides/partials/drift-lab/example.html, the example's result:
`evaluator.api.drift_lab` on the interview kit's published stage-2 files (as
scripts/hooks/interview.py adds them to the site), exactly as the widget asks for it, drawn by the
widget's own view (tools/drift-lab/report-view.js, charts.js and format.js, run by Node at build
time through drift_lab_view.mjs), so it is readable before and without JavaScript, and the live
result and the example are one renderer's output.
`setup_for` is the lab's setup: `evaluator.api.drift_lab_setup()` (every option's label, kind,
default, choices and help; the size limit) plus what the widget links to (each metric's section on
the drift metrics page, the example's files and options). scripts/hooks/tools.py publishes it as
a file beside the page, so the form appears before Python has loaded and survives instant
navigation, and nothing of it is copied into JavaScript.
A figure of the setup can be quoted in the page's text as ``%drift_lab.max_file_mb%``.
The example's report is also published as tools/drift-lab/example-report.json (the CLI's schema,
with the performance comparison: what the page's "Download JSON" saves) and example-report.md, which the prerendered result offers for download.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from markupsafe import Markup

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from evaluator import api
from evaluator.lab.charts import CHART_GEOMETRY
from scripts.hooks.partials import render

LAB_PAGE = "tools/drift-lab.md"
METHODS_PAGE = "tools/drift-methods.md"
MARKER = "<!-- drift-lab:example -->"
EXAMPLE_FILES = {"reference": "interview/files/stage2/reference.csv", "current": "interview/files/stage2/current.csv"}
EXAMPLE_REPORT = {"json": "tools/drift-lab/example-report.json", "markdown": "tools/drift-lab/example-report.md"}
# What "Load the example" sets in the form, and what the prerendered example was computed with.
# Weekly periods by the scoring date show when each planted fault began (see the stage-2 answer key).
EXAMPLE_OPTIONS: dict[str, Any] = {"by": ["scored_on"], "period": "week"}
EXAMPLE_PERFORMANCE = {"label": "churned", "prediction": "predicted_churn"}


def metric_anchor(metric: str) -> str:
    """The anchor of a metric's entry on the drift metrics page."""
    return "metric-" + metric.replace("_", "-")


def threshold_anchor(metric: str) -> str:
    """The anchor of a metric's threshold (and its source) on the drift metrics page."""
    return "threshold-" + metric.replace("_", "-")


# --- the report's HTML: the page's own view, run by Node (scripts/hooks/drift_lab_view.mjs)

VIEW_RUNNER = Path(__file__).with_name("drift_lab_view.mjs")


def report_html(setup: dict[str, Any], result: dict[str, Any]) -> str:
    """The report as the lab's page draws it (tools/drift-lab/report-view.js, charts.js, format.js),
    from the same setup and result: one renderer for the live result and the prerendered example."""
    data = json.dumps({"setup": setup, "result": result}, allow_nan=False).encode("utf-8")
    try:
        done = subprocess.run(["node", str(VIEW_RUNNER)], input=data, capture_output=True, timeout=120, check=False)
    except FileNotFoundError:
        raise PluginError("drift lab: the example is drawn by the page's own script at build time, which needs Node.js "
                          "(the `node` command; scripts/fetch-runtime needs it too)") from None
    if done.returncode != 0:
        raise PluginError(f"drift lab: drawing the example failed: {done.stderr.decode('utf-8', 'replace')[-2000:]}")
    return done.stdout.decode("utf-8")


# --- the example


def example_result(files: Files) -> dict[str, Any]:
    """The example's result from the stage-2 files as the interview hook publishes them."""
    data = {}
    for role, path in EXAMPLE_FILES.items():
        found = files.get_file_from_path(path)
        if found is None:
            raise PluginError(f"drift lab: the example file {path} is not in the site (the interview hook publishes it)")
        data[role] = found.content_bytes
    return api.drift_lab(
        reference=data["reference"],
        current=data["current"],
        options=EXAMPLE_OPTIONS or None,
        performance=EXAMPLE_PERFORMANCE,
        reference_name="reference.csv",
        current_name="current.csv",
    )


def setup_for(page: Page) -> dict[str, Any]:
    methods = get_relative_url(METHODS_PAGE.replace(".md", "/"), page.url)
    metrics = [m["name"] for m in api.drift_options()["metrics"]]
    return {
        **api.drift_lab_setup(),
        "docs": {
            "page": methods,
            "metric": {m: metric_anchor(m) for m in metrics},
            "threshold": {m: threshold_anchor(m) for m in metrics},
        },
        "charts": CHART_GEOMETRY,
        "example": {
            "files": {role: get_relative_url(path, page.url) for role, path in EXAMPLE_FILES.items()},
            "options": EXAMPLE_OPTIONS,
            "performance": EXAMPLE_PERFORMANCE,
        },
    }


# ---------------------------------------------------------------- MkDocs events


_state: dict[str, Any] = {}


def on_files(files: Files, config) -> Files:
    # After the interview hook's on_files (mkdocs.yml lists this hook later), which adds the files.
    _state["example"] = example_result(files)
    return files


def on_post_build(config) -> None:
    # Written after the build, not added as MkDocs files: a generated .md file would become a page.
    result = _state["example"]
    site = Path(config.site_dir)
    for kind, text in (("json", json.dumps(result["export"], indent=2, allow_nan=False) + "\n"), ("markdown", result["markdown"])):
        path = site / EXAMPLE_REPORT[kind]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def on_page_markdown(markdown: str, page: Page, config, files: Files) -> str:
    if page.file.src_uri != LAB_PAGE:
        if MARKER in markdown:
            raise PluginError(f"drift lab: {page.file.src_uri}: the example marker belongs on {LAB_PAGE} only")
        return markdown
    if markdown.count(MARKER) != 1 or not re.search(r'^<div data-tool="drift-lab"></div>$', markdown, re.MULTILINE):
        raise PluginError(f'drift lab: {LAB_PAGE} needs <div data-tool="drift-lab"></div> and one {MARKER}')
    setup = setup_for(page)
    html = render(
        config,
        "drift-lab/example.html",
        setup=setup,
        report_html=Markup(report_html(setup, _state["example"])),  # noqa: S704 - built from text nodes, escaped
        downloads={kind: get_relative_url(path, page.url) for kind, path in EXAMPLE_REPORT.items()},
    )
    markdown = markdown.replace(MARKER, html)
    return _FIGURE.sub(lambda m: _figure(m[1], setup), markdown)


_FIGURE = re.compile(r"%drift_lab\.([a-z_]+)%")


def _figure(name: str, setup: dict[str, Any]) -> str:
    """A figure of the lab's setup quoted in the page's text, such as %drift_lab.max_file_mb%."""
    if name not in setup or isinstance(setup[name], (dict, list)):
        raise PluginError(f"drift lab: unknown figure %drift_lab.{name}% in {LAB_PAGE}")
    return str(setup[name])
