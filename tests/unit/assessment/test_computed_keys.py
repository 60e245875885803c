"""Keys of the computed items, checked against independent implementations and the public drift API.

The bank never states these keys: the drift engine computes them. Here each one is recomputed
three ways (a plain-Python PSI, scipy, and `evaluator.api.drift_metrics`), so a wrong key, a wrong
band boundary or a change in the engine fails a test.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import zipfile

import pytest
from scipy import stats

from evaluator import api
from evaluator.assessment.load import keys_file_text
from evaluator.assessment.readings import column_values, compute
from evaluator.drift.config import Options

from .conftest import BANK_TOML, LEVELS_TOML

EPSILON = 1e-4  # the share every prompt says stands in for an empty bin or category


def plain_psi(reference: list[int], current: list[int], epsilon: float = EPSILON) -> float:
    """PSI from counts, written out by hand: bins empty in both dropped, empty shares set to epsilon."""
    pairs = [(r, c) for r, c in zip(reference, current) if r + c > 0]
    p = [r / sum(reference) for r, _ in pairs]
    q = [c / sum(current) for _, c in pairs]

    def smooth(shares):
        if 0 not in shares:
            return shares
        shares = [s if s > 0 else epsilon for s in shares]
        return [s / sum(shares) for s in shares]

    p, q = smooth(p), smooth(q)
    return sum((b - a) * math.log(b / a) for a, b in zip(p, q))


def band(psi: float) -> str:  # the glossary's bands: below 0.1, 0.1 to 0.25, 0.25 or more
    return "low" if psi < 0.1 else "moderate" if psi < 0.25 else "high"


def computed_items(bank):
    return [i for i in bank.items if i.kind == "computed"]


def test_the_stated_epsilon_is_the_engines_default(bank):
    assert Options().epsilon == EPSILON
    for item in computed_items(bank):
        for number in re.findall(r"0\.0+1\b", item.prompt):
            assert float(number) == EPSILON, item.id


def test_every_key_matches_an_independent_reading(bank):
    assert len(computed_items(bank)) >= 6
    for item in computed_items(bank):
        reading = item.reading
        key = item.option(bank.keys[item.id])
        if reading.ask == "psi_band":
            column = reading.columns[0]
            assert key.band == band(plain_psi(column.reference, column.current)), item.id
        elif reading.ask == "drifted_column":
            drifted = [c.name for c in reading.columns if plain_psi(c.reference, c.current) >= 0.25]
            assert len(drifted) <= 1, item.id
            assert key.column == (drifted[0] if drifted else ""), item.id
            # and no column sits close to the line, where rounding could change the answer
            assert all(abs(plain_psi(c.reference, c.current) - 0.25) > 0.05 for c in reading.columns), item.id
        elif reading.ask == "ks_statistic":
            assert key.value == pytest.approx(stats.ks_2samp(reading.reference, reading.current).statistic, abs=1e-12), item.id
        else:
            assert key.value == pytest.approx(stats.wasserstein_distance(reading.reference, reading.current), abs=1e-12), item.id


def test_band_items_are_not_near_a_band_boundary(bank):
    for item in computed_items(bank):
        if item.reading.ask == "psi_band":
            c = item.reading.columns[0]
            psi = plain_psi(c.reference, c.current)
            assert min(abs(psi - 0.1), abs(psi - 0.25)) > 0.02, (item.id, psi)


def test_public_drift_api_agrees_with_the_shipped_measurements(bank):
    for item in computed_items(bank):
        reading = item.reading
        if reading.columns:
            for column in reading.columns:
                ref, cur = column_values(column)
                if column.edges is None:
                    out = api.drift_metrics(ref, cur, kind="categorical")
                else:
                    out = api.drift_metrics(ref, cur, options={"binning": {"method": "edges", "edges": list(column.edges)}})
                psi = out["metrics"]["psi"]["value"]
                assert psi == pytest.approx(plain_psi(column.reference, column.current), abs=1e-9), (item.id, column.name)
                measured = bank.measured[item.id]["psi"]
                assert (measured[column.name] if isinstance(measured, dict) else measured) == pytest.approx(psi, abs=1e-12)
        else:
            out = api.drift_metrics(list(reading.reference), list(reading.current))
            name = "statistic" if reading.ask == "ks_statistic" else "distance"
            value = out["metrics"]["ks"]["statistic"] if reading.ask == "ks_statistic" else out["metrics"]["wasserstein"]["value"]
            assert bank.measured[item.id][name] == pytest.approx(value, abs=1e-12)


def test_counts_become_samples_with_exactly_those_counts(bank):
    for item in computed_items(bank):
        for column in item.reading.columns:
            ref, cur = column_values(column)
            if column.edges is None:
                assert [ref.count(label) for label in column.labels] == list(column.reference)
            else:
                edges = [-math.inf, *column.edges, math.inf]
                for values, counts in ((ref, column.reference), (cur, column.current)):
                    assert [sum(lo <= v < hi for v in values) for lo, hi in zip(edges, edges[1:])] == list(counts)


def test_numbers_quoted_in_the_explanations_match(bank):
    psi = bank.measured["mon-psi-band"]["psi"]
    assert "about 0.13" in bank.item("mon-psi-band").explain and round(psi, 2) == 0.13
    single_term = (EPSILON - 0.25) * math.log(EPSILON / 0.25)
    assert "about 1.96" in bank.item("mon-empty-bin").explain and round(single_term, 2) == 1.96
    skewed = bank.measured["fs-skewed-feature"]["psi"]["minutes_since_last_order"]
    assert "about 0.32" in bank.item("fs-skewed-feature").explain and round(skewed, 2) == 0.32
    # close calls (issue 17): the runner-up column sits near the line, not far below it
    close = bank.measured["fs-skewed-feature"]["psi"]["basket_size"]
    assert "about 0.19" in bank.item("fs-skewed-feature").explain and round(close, 2) == 0.19
    close = bank.measured["dbg-which-input"]["psi"]["monthly_charges"]
    assert "about 0.20" in bank.item("dbg-which-input").explain and round(close, 2) == 0.20
    assert "about 0.43" in bank.item("dbg-which-input").explain and round(bank.measured["dbg-which-input"]["psi"]["support_calls_30d"], 2) == 0.43
    for item in computed_items(bank):
        if item.reading.ask == "drifted_column":
            values = sorted(bank.measured[item.id]["psi"].values())
            assert 0.15 <= values[-2] < 0.25, (item.id, values)
    assert bank.measured["dp-duplicated-rows"]["psi"] == 0 and "PSI is 0" in bank.item("dp-duplicated-rows").explain
    for item in computed_items(bank):
        if item.reading.ask == "drifted_column":
            assert bank.keys[item.id] in item.explain, item.id


def test_keys_file_is_stable_and_complete(bank):
    text = keys_file_text(BANK_TOML.read_text(encoding="utf-8"), LEVELS_TOML.read_text(encoding="utf-8"))
    data = json.loads(text)
    assert data["bank_version"] == bank.version and data["bank_hash"] == bank.hash
    assert {k: v["key"] for k, v in data["items"].items()} == bank.keys
    assert text == keys_file_text(BANK_TOML.read_text(encoding="utf-8"), LEVELS_TOML.read_text(encoding="utf-8"))


def test_the_wheel_ships_the_keys_the_engine_computes(tmp_path, bank):
    """The browser reads the keys from the wheel: they must be the engine's, recomputed here."""
    from scripts.wheel import build_evaluator_wheel

    wheel = build_evaluator_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as zf:
        shipped = json.loads(zf.read("evaluator/_data/data/assessment-keys.json"))
    assert shipped["bank_hash"] == bank.hash and shipped["bank_version"] == bank.version
    recomputed = compute(bank.items)
    assert {k: v["key"] for k, v in shipped["items"].items()} == {k: v["key"] for k, v in recomputed.items()} == bank.keys
    for item_id, entry in shipped["items"].items():
        assert json.dumps(entry["measured"], sort_keys=True) == json.dumps(recomputed[item_id]["measured"], sort_keys=True)


def test_the_wheel_scores_without_numpy(tmp_path, bank):
    """Installed from the wheel, as in the browser, the assessment never imports numpy or scipy."""
    from scripts.wheel import build_evaluator_wheel

    (tmp_path / "wheel").mkdir()
    wheel = build_evaluator_wheel(tmp_path / "wheel")
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    script = f"""
import json, sys
class NoNumeric:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("numpy", "scipy"):
            raise ImportError("blocked: the self-assessment page loads no " + name)
sys.meta_path.insert(0, NoNumeric())
from evaluator import dispatch
page = dispatch.call("assessment_bank", {{"seed": 3}})
scored = dispatch.call("assessment_score", {{"answers": {{"mon-ks": "half"}}, "seed": 3}})
exported = dispatch.call("assessment_export", {{"answers": {{}}, "seed": 3}})
import evaluator
print(json.dumps([page["ok"], scored["ok"], exported["ok"], page["result"]["hash"], scored["result"]["areas"][6]["accuracy"],
                  evaluator.__file__, sorted(m for m in sys.modules if m.split(".")[0] in ("numpy", "scipy"))]))
"""
    # The extracted wheel comes first on the path, as site-packages does in the browser.
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env, check=True)
    ok_page, ok_score, ok_export, digest, accuracy, location, numeric = json.loads(out.stdout)
    assert (ok_page, ok_score, ok_export) == (True, True, True), out.stdout
    assert location.startswith(str(site)) and numeric == []
    assert digest == bank.hash  # the same bank, read from the wheel with the shipped keys
    assert accuracy == 14  # one of seven debugging questions right (mon-ks moved there): 1/7 -> 14
