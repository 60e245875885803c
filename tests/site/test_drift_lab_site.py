"""The drift lab as built: its page, the form's description and the example prerendered by the native
evaluator, the published example report (the CLI's JSON), links to it and from it."""

from __future__ import annotations

import html
import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from evaluator import api, cli
from scripts.hooks import drift_lab as hook

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lab_html(site_dir) -> str:
    return (site_dir / "tools/drift-lab/index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def example(site_dir):
    files = {role: (site_dir / path).read_bytes() for role, path in hook.EXAMPLE_FILES.items()}
    return api.drift_lab(files["reference"], files["current"], options=hook.EXAMPLE_OPTIONS,
                         performance=hook.EXAMPLE_PERFORMANCE)


def test_the_page_holds_the_tool_the_setup_and_the_example(site_dir, lab_html, example):
    # The setup is a file the placeholder names (scripts/hooks/tools.py), never an inline script:
    # Material's instant navigation would run a JSON <script> as code.
    found = re.findall(r'<div data-tool="drift-lab" data-setup="(drift-lab\.setup\.json)\?v=[0-9a-f]{12}"[^>]*>', lab_html)
    assert len(found) == 1
    assert "drift-lab-setup" not in lab_html
    setup = json.loads((site_dir / "tools/drift-lab" / found[0]).read_text(encoding="utf-8"))
    assert {k: setup[k] for k in api.drift_lab_setup()} == api.drift_lab_setup()
    assert setup["example"] == {
        "files": {"reference": "../../interview/files/stage2/reference.csv", "current": "../../interview/files/stage2/current.csv"},
        "options": hook.EXAMPLE_OPTIONS,
        "performance": hook.EXAMPLE_PERFORMANCE,
    }
    # The example, computed natively at build time, is in the HTML itself.
    example_html = lab_html[lab_html.index('id="drift-lab-example"'):]
    assert html.escape(example["report"]["summary"]["verdict"], quote=False) in example_html
    for column in example["report"]["columns"]:
        assert f'id="drift-col-{example["report"]["columns"].index(column)}"' in example_html
    assert example_html.count('class="drift-multiple"') == len(example["report"]["over_time"]["columns"])
    assert html.escape(example["performance"]["reading"]["note"], quote=False) in example_html


def test_the_published_example_report_is_what_the_cli_writes(site_dir, example, tmp_path):
    published = json.loads((site_dir / hook.EXAMPLE_REPORT["json"]).read_text(encoding="utf-8"))
    # The page's "Download JSON": the CLI's report with the performance comparison the page shows.
    assert published == json.loads(json.dumps(example["export"]))
    assert published["performance"]["reading"]["note"] == example["performance"]["reading"]["note"]
    published = {k: v for k, v in published.items() if k not in ("performance", "performance_error")}
    assert (site_dir / hook.EXAMPLE_REPORT["markdown"]).read_text(encoding="utf-8") == example["markdown"]
    ref, cur = (tmp_path / "reference.csv"), (tmp_path / "current.csv")
    ref.write_bytes((site_dir / hook.EXAMPLE_FILES["reference"]).read_bytes())
    cur.write_bytes((site_dir / hook.EXAMPLE_FILES["current"]).read_bytes())
    out = io.StringIO()
    with redirect_stdout(out):
        cli.main(["drift", str(ref), str(cur), "--by", "scored_on", "--period", "week", "--format", "json"])
    assert json.loads(out.getvalue()) == published


def test_every_metric_and_threshold_has_its_anchor_on_the_drift_metrics_page(site_dir):
    methods = (site_dir / "tools/drift-methods/index.html").read_text(encoding="utf-8")
    missing = []
    for metric in api.drift_options()["metrics"]:
        for anchor in (hook.metric_anchor(metric["name"]), hook.threshold_anchor(metric["name"])):
            if f'id="{anchor}"' not in methods:
                missing.append(anchor)
    assert not missing, f"the drift lab links to these anchors, missing on the drift metrics page: {missing}"


def test_the_lab_is_linked_from_the_home_page_card_the_metrics_page_and_the_nav(site_dir):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    card = home[home.index("ML engineer"):]
    card = card[: card.index("</li>")]
    assert 'href="tools/drift-lab/"' in card
    methods = (site_dir / "tools/drift-methods/index.html").read_text(encoding="utf-8")
    assert 'href="../drift-lab/"' in methods
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^( +)- Drift metrics: tools/drift-methods\.md\n\1- Drift lab: tools/drift-lab\.md$", config, re.MULTILINE)


def test_the_size_limit_is_stated_on_the_page(lab_html):
    assert f"up to {api.LAB_MAX_FILE_MB} MB" in lab_html
