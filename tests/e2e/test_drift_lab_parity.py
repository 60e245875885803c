"""Parity: the same files through the drift lab's page and through the native CLI give the same
report, every number to 1e-9 relative (default and evidently presets, with the date split)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from scripts.hooks import drift_lab as hook

from .lab import assert_close, open_lab

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def lab(browser, site_url):
    context, lab = open_lab(browser, site_url)
    yield lab
    context.close()


@pytest.mark.parametrize("preset", ["default", "evidently"])
def test_the_page_and_the_cli_give_the_same_report(lab, site_dir, tmp_path, preset):
    files = {}
    for role, path in hook.EXAMPLE_FILES.items():
        files[role] = tmp_path / f"{role}.csv"
        files[role].write_bytes((site_dir / path).read_bytes())
        lab.set_file(role, f"{role}.csv", files[role].read_bytes())
    lab.open_options()
    lab.page.get_by_role("button", name="Reset options to defaults").click()
    lab.field("preset").locator("select").select_option(preset)
    lab.field("by").locator("input").fill("scored_on")
    lab.field("period").locator("select").select_option("week")
    lab.compare()
    expect(lab.error).to_be_hidden()
    expect(lab.report).to_be_visible()
    browser_report = lab.download_json()

    cli = subprocess.run(
        [sys.executable, "-m", "evaluator", "drift", str(files["reference"]), str(files["current"]),
         "--preset", preset, "--by", "scored_on", "--period", "week", "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    assert cli.returncode in (0, 1), cli.stderr
    native = json.loads(cli.stdout)
    assert native["options"]["preset"] == preset and native["over_time"]["by"] == "scored_on"
    assert len(native["over_time"]["periods"]) == 5
    assert_close(native, browser_report, rel=1e-9)
    lab.assert_clean(f"parity {preset}")
