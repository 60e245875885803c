"""Stage-2 variants over many seeds: every planted cause shows where the key says it does, and
nothing shows that the key does not explain.

The checks read the CSV text the candidate gets, with the kit's drift report (the engine the drift
lab runs) and a separate implementation of the segment rule, so they do not lean on the
generator's own bookkeeping. Measured on the development machine: about 1.3 s per seed.
"""

from __future__ import annotations

import csv
import io
import tomllib
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from evaluator.interview import stage2 as generator
from evaluator.datafile import DataError
from evaluator.interview.stage2_causes import draw_causes, load_menu, parse_menu
from evaluator.interview.stage2_key import stage2_key

from .stage2_build import variant_drift_key

SEEDS = range(50)
MENU = load_menu()
ROOT = Path(__file__).resolve().parents[3]
CATEGORY_VALUES = {
    "region": ["north", "south", "east", "west"],
    "contract_type": ["month-to-month", "one-year", "two-year"],
    "payment_method": ["card", "direct-debit", "bank-transfer", "paper-invoice"],
}


@lru_cache(maxsize=None)
def built(seed: int):
    """The variant, the candidate's two files parsed back, the drift report and the key."""
    variant, columns, key = variant_drift_key(seed)
    reference = list(csv.DictReader(io.StringIO(variant.reference_csv)))
    current = list(csv.DictReader(io.StringIO(variant.current_csv)))
    return variant, columns, key, reference, current


def accuracy(rows: list[dict[str, str]]) -> float:
    return sum(r["predicted_churn"] == r["churned"] for r in rows) / len(rows)


def title(variant, planted) -> str:
    from evaluator.interview.stage2_key import cause_figures, fill

    texts = MENU.cause(planted.cause).texts(planted.option)
    return fill(texts["title"], cause_figures(variant, planted.cause, MENU), planted.cause)


# ---------------------------------------------------------------- the draw

def test_menu_offers_at_least_eight_causes_and_the_seeds_cover_every_option():
    assert len(MENU.causes) >= 8
    seen = set()
    for seed in SEEDS:
        seen |= {(p.cause, p.option) for p in built(seed)[0].causes}
    offered = {(c.id, o.id) for c in MENU.causes for o in c.options} | {(c.id, None) for c in MENU.causes if not c.options}
    assert seen == offered, f"never drawn in these seeds: {offered - seen}"


@pytest.mark.parametrize("seed", range(300))
def test_every_draw_has_the_same_kinds_of_cause(seed):
    causes = draw_causes(MENU, np.random.default_rng([seed, 0, 0]))
    groups = [MENU.cause(p.cause).group for p in causes]
    assert groups.count("input-fault") == MENU.input_faults
    assert groups.count("log-fault") == MENU.log_faults
    assert {p.cause for p in causes} >= {c.id for c in MENU.group("world")}
    assert len(causes) >= 3
    columns = [p.column for p in causes if p.column]
    assert len(columns) == len(set(columns)), "two causes on one column"
    concept = next(p for p in causes if p.cause == "concept-drift").params
    renamed = next((p for p in causes if p.cause == "renamed-category"), None)
    assert not renamed or renamed.params["old"] != concept["contract"]


def test_same_seed_same_bytes_other_seed_differs():
    a, b = generator.make_variant(11), generator.make_variant(11)
    assert (a.reference_csv, a.current_csv) == (b.reference_csv, b.current_csv)
    assert stage2_key(a) == stage2_key(b)
    c = generator.make_variant(12)
    assert c.current_csv != a.current_csv and c.reference_csv != a.reference_csv


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["variant"].update(input_faults=9), "asks for 9"),
    (lambda d: d["cause"][0].update(id="nonsense"), "unknown id"),
    (lambda d: d["cause"][2]["option"][0].update(first_day=["2026-10-20", "2026-10-01"]), "comes after"),
    (lambda d: d["cause"][4]["option"][0].update(old="weekly"), "is not a value"),
    (lambda d: d["cause"][1]["offer"].pop("one-year"), "says nothing about"),
    (lambda d: d["cause"][6].pop("looks"), "no 'looks' text"),
])
def test_menu_schema_errors_name_the_problem(edit, message):
    data = tomllib.loads((ROOT / "docs" / "data" / "stage2-causes.toml").read_text())
    edit(data)
    with pytest.raises(DataError, match=message):
        parse_menu(data)


# ---------------------------------------------------------------- the files

@pytest.mark.parametrize("seed", SEEDS)
def test_files_have_the_brief_s_shape(seed):
    variant, _, _, reference, current = built(seed)
    for rows in (reference, current):
        assert list(rows[0]) == generator.COLUMNS
        for r in rows[:500]:
            assert r["predicted_churn"] == ("1" if float(r["churn_score"]) >= 0.5 else "0")
            assert r["churned"] in ("0", "1")
    assert len(reference) == generator.REFERENCE_ROWS
    assert {r["scored_on"][:7] for r in reference} == {f"2026-{m:02d}" for m in range(4, 10)}
    assert {r["scored_on"][:7] for r in current} == {"2026-10"}
    assert len(variant.reference_csv) + len(variant.current_csv) < 1_500_000


@pytest.mark.parametrize("seed", SEEDS)
def test_accuracy_drop_is_within_the_stated_range_and_the_key_states_it(seed):
    variant, _, key, reference, current = built(seed)
    drop = 100 * (accuracy(reference) - accuracy(current))
    low, high = MENU.accuracy_drop_points
    assert low <= drop <= high
    assert f"**{drop:.1f} percentage points**" in key


# ---------------------------------------------------------------- each cause, in the raw rows

def _values(rows, column, keep=lambda r: True):
    return np.array([float(r[column]) for r in rows if keep(r) and r[column] != ""])


@pytest.mark.parametrize("seed", SEEDS)
def test_each_planted_cause_shows_in_the_rows_where_the_key_says(seed):
    variant, _, key, reference, current = built(seed)
    for p in variant.causes:
        assert title(variant, p) in key, p
        day = p.params.get("first_day")
        if p.cause == "unit-change":
            before = _values(current, p.column, lambda r: r["scored_on"] < day)
            after = _values(current, p.column, lambda r: r["scored_on"] >= day)
            assert np.all(after == np.round(after)) and np.median(after) > 50 * np.median(before)
        elif p.cause == "stale-feature":
            import datetime as dt

            expired = (dt.date.fromisoformat(p.params["frozen_from"]) + dt.timedelta(days=p.params["ttl_days"])).isoformat()
            gone = _values(current, p.column, lambda r: r["scored_on"] >= expired)
            assert gone.size and np.all(gone == 0)
            assert np.mean(_values(reference, p.column) == 0) < 0.6
        elif p.cause == "renamed-category":
            assert not any(r[p.column] == p.params["new"] for r in current if r["scored_on"] < day)
            assert not any(r[p.column] == p.params["old"] for r in current if r["scored_on"] >= day)
            assert any(r[p.column] == p.params["new"] for r in current)
        elif p.cause == "missing-values":
            assert not any(r[p.column] == "" for r in current if r["scored_on"] < day)
            share = np.mean([r[p.column] == "" for r in current if r["scored_on"] >= day])
            assert abs(share - p.params["share"]) < 0.06
        elif p.cause == "duplicated-rows":
            lines = variant.current_csv.splitlines()[1:]
            counts = {}
            for line in lines:
                counts[line] = counts.get(line, 0) + 1
            doubled = {line.split(",")[0] for line, n in counts.items() if n == 2}
            import datetime as dt

            first = dt.date.fromisoformat(day)
            expected = {(first + dt.timedelta(days=i)).isoformat() for i in range(p.params["days"])}
            assert doubled == expected and max(counts.values()) == 2
        elif p.cause == "label-delay":
            import datetime as dt

            immature = (dt.date.fromisoformat(p.params["export_day"]) - dt.timedelta(days=29)).isoformat()
            early = np.mean([int(r["churned"]) for r in current if r["scored_on"] < immature])
            last_week = np.mean([int(r["churned"]) for r in current if r["scored_on"] >= "2026-10-25"])
            assert last_week < 0.75 * early
        elif p.cause == "covariate-shift":
            ref, cur = np.median(_values(reference, p.column)), np.median(_values(current, p.column))
            assert cur > 1.04 * ref


# ---------------------------------------------------------------- the drift report

@pytest.mark.parametrize("seed", SEEDS)
def test_drift_report_flags_every_planted_input_cause_and_no_untouched_feature(seed):
    variant, columns, key, _, _ = built(seed)
    touched = {p.column: p for p in variant.causes if p.column}
    for name in generator.FEATURES:
        entry = columns[name]
        if name in touched:
            p = touched[name]
            flagged = entry["headline"]["drifted"] or (
                p.cause == "missing-values" and any(n.startswith("missing values changed") for n in entry["notes"]))
            assert flagged, (seed, name, p.cause, entry["headline"], entry["notes"])
            row = next(line for line in key.splitlines() if line.startswith(f"| `{name}` |"))
            assert row.endswith(f"| {title(variant, p)} |")
        else:
            assert entry["headline"]["drifted"] is False, (seed, name, entry["headline"])
            assert not any(n.startswith("missing values changed") for n in entry["notes"])


# ---------------------------------------------------------------- segments: one planted effect, no other

def _segment_rule(reference, current, variant):
    """Every segment's churn change against its contract types' change, recomputed from the CSVs.

    October rows are counted once (exact duplicates dropped) and a renamed category is read with
    its old name, as a candidate who found those faults would read them."""
    renamed = next((p for p in variant.causes if p.cause == "renamed-category"), None)
    seen, october = set(), []
    for line, row in zip(variant.current_csv.splitlines()[1:], current):
        if line not in seen:
            seen.add(line)
            october.append(row)

    def columns(rows):
        table = {c: np.array([r[c] for r in rows]) for c in CATEGORY_VALUES}
        table["churned"] = np.array([int(r["churned"]) for r in rows])
        return table

    ref, cur = columns(reference), columns(october)
    if renamed:
        cur[renamed.column][cur[renamed.column] == renamed.params["new"]] = renamed.params["old"]
    concept = next(p for p in variant.causes if p.cause == "concept-drift").params
    drifting = {"region": concept["region"], "contract_type": concept["contract"]}

    def inside(table, values):
        mask = np.ones(len(table["churned"]), dtype=bool)
        for k, v in values.items():
            mask &= table[k] == v
        return mask

    in_ref, in_cur = inside(ref, drifting), inside(cur, drifting)
    by_contract = {}
    for c in CATEGORY_VALUES["contract_type"]:
        r, k = (ref["contract_type"] == c) & ~in_ref, (cur["contract_type"] == c) & ~in_cur
        by_contract[c] = cur["churned"][k].mean() - ref["churned"][r].mean()
    results = []
    for size in (1, 2):
        for cols in combinations(CATEGORY_VALUES, size):
            grids = [{}]
            for col in cols:
                grids = [{**g, col: v} for g in grids for v in CATEGORY_VALUES[col]]
            for values in grids:
                r, k = inside(ref, values), inside(cur, values)
                pr, pc = ref["churned"][r].mean(), cur["churned"][k].mean()
                mix = {c: np.mean(ref["contract_type"][r] == c) for c in CATEGORY_VALUES["contract_type"]}
                gap = (pc - pr) - sum(mix[c] * by_contract[c] for c in mix)
                se = np.sqrt(pr * (1 - pr) / r.sum() + pc * (1 - pc) / k.sum())
                results.append((values, int(k.sum()), gap, se, bool((k & in_cur).any())))
    return drifting, results


@pytest.mark.parametrize("seed", SEEDS)
def test_no_unplanted_segment_effect_and_the_planted_one_stands_out(seed):
    variant, _, key, reference, current = built(seed)
    drifting, results = _segment_rule(reference, current, variant)
    for values, rows, gap, se, overlaps in results:
        if values == drifting:
            assert gap > 0.15 and gap > 4 * se, (seed, values, gap, se)
        elif not overlaps and rows >= 150:
            assert abs(gap) < max(0.05, 2.5 * se), (seed, values, rows, gap, se)
    assert f"{drifting['region']} region, {drifting['contract_type']} contracts" in key
