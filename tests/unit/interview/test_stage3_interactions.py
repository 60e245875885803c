"""Stage-3 faults do not interact: each planted fault's probe behaves as its key says, whatever
else is planted, checked by running the generated code.

For every pair of plantings the menu allows together (a fault, or a fault's option), the pair is
planted alone; and every combination drawn over 1,000 seeds is planted as drawn, in that seed's
own code. In each, every planted fault's probe is put to the code. Pairs the menu forbids are
never drawn (checked over the same seeds), and each forbidden pair is shown to break a probe.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import itertools
import json
import logging
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from evaluator.interview import stage3
from evaluator.interview.stage3_faults import PlantedFault, compatible, draw_faults, load_fault_menu

MENU = load_fault_menu()
PLANTINGS = [PlantedFault(f.id, o.id) for f in MENU.faults for o in f.options] + \
            [PlantedFault(f.id, None) for f in MENU.faults if not f.options]
MODULES = ("features", "registry", "serve", "train")
APP_CONTRACT = {"month-to-month": "Month-to-month", "one-year": "One-year", "two-year": "Two-year"}
SEEDS = np.random.default_rng(4).integers(2**48, 2**53 - 1, 1000, dtype=np.int64).tolist()


class Code:
    """One variant's files in a folder, imported from there, probed as an interviewer would."""

    def __init__(self, variant: stage3.Stage3Variant, folder: Path):
        self.v, self.n, self.folder = variant, variant.names, folder
        for name, text in variant.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
        # Loaded from the folder in dependency order (features and registry first), each entered
        # in sys.modules under its own name, so that `import registry` in serve.py finds this one.
        self.m = {}
        for name in MODULES:
            sys.modules.pop(name, None)
        for name in ("features", "registry", "serve", "train"):
            spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
            self.m[name] = module
        self.rows = list(csv.DictReader(io.StringIO(variant.files[stage3.EXPORT_FILE])))
        self.registry = folder / self.n["registry_folder"]

    def get(self, module: str, name: str):
        return getattr(self.m[module], self.n[name])

    def request(self, row: dict[str, str]) -> dict:
        out = {"tenure_months": int(row["tenure_months"]), "contract_type": APP_CONTRACT[row["contract_type"]],
               "monthly_charges_usd": float(row["monthly_charges_usd"]), "data_usage_gb": float(row["data_usage_gb"]),
               "support_calls_30d": int(row["support_calls_30d"])}
        if self.v.planted("leakage"):
            out["days_since_last_payment"] = int(row["days_since_last_payment"])
        return out

    def served(self, request: dict) -> list[float]:
        return self.get("serve", "request_features")(self.get("serve", "read_request")(request))

    def trained(self, row: dict) -> list[float]:
        return self.get("features", "build_features")(row)

    def train(self, rows: list[dict] | None = None) -> dict:
        """Run train.py's main() on these export rows; the model it saved, and whether it now serves."""
        if rows is not None:
            with open(self.folder / stage3.EXPORT_FILE, "w", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
        versions = self.registry / "versions"
        before = set(versions.glob("*.json")) if versions.exists() else set()
        out = io.StringIO()
        real, sys.stdout = sys.stdout, out
        try:
            self.m["train"].main()
        finally:
            sys.stdout = real
        self.output = out.getvalue()
        (saved,) = set((self.registry / "versions").glob("*.json")) - before
        return json.loads(saved.read_text())

    def production(self) -> dict | None:
        path = self.registry / "production" / "model.json"
        return json.loads(path.read_text()) if path.exists() else None

    def predict(self, request: dict) -> dict:
        setattr(self.m["serve"], self.n["cache"], None)
        return self.m["serve"].predict(request)

    def logged(self, request: dict) -> list[dict]:
        """The prediction log's records for one request (the logger the code itself names)."""
        records: list[logging.LogRecord] = []
        handler = logging.Handler()
        handler.emit = records.append
        root = logging.getLogger()
        root.addHandler(handler)
        level = root.level
        root.setLevel(logging.DEBUG)
        try:
            self.predict(request)
        finally:
            root.removeHandler(handler)
            root.setLevel(level)
        return [json.loads(r.getMessage()) for r in records]


# ---------------------------------------------------------------- one probe per fault, as its key says

def probe_skew(c: Code, option: str) -> None:
    names = c.get("features", "feature_names")
    column = {"tenure": ["f_tenure"], "log": ["f_usage"], "case": ["f_monthly", "f_two_year"]}[option]
    at = [names.index(c.n[k]) for k in column]
    differ = [r for r in c.rows if any(not math.isclose(c.trained(r)[i], c.served(c.request(r))[i]) for i in at)]
    if option == "tenure":  # every tenure that is not whole years differs
        assert {r["tenure_months"] for r in differ} == {r["tenure_months"] for r in c.rows if int(r["tenure_months"]) % 12}
    elif option == "log":  # every row differs, and no data at all fails the handler
        assert len(differ) == len(c.rows)
        with pytest.raises(ValueError):
            c.predict({**c.request(c.rows[0]), "data_usage_gb": 0.0})
    else:  # month-to-month and two-year customers lose their flags
        assert {r["contract_type"] for r in differ} == {"month-to-month", "two-year"}
        assert all(c.served(c.request(r))[i] == 0.0 for r in c.rows for i in at)


def probe_zip_truncation(c: Code) -> None:
    model = c.production()
    row = next(r for r in c.rows if int(r["support_calls_30d"]) > 0)
    served = c.served(c.request(row))
    assert len(served) == len(model["weights"]) - 1 == len(c.trained(row)) - 1
    z = sum(w * x for w, x in zip(model["weights"], served))
    assert c.predict(c.request(row))["churn_probability"] == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-4)


def broken_export_is_promoted(c: Code) -> bool:
    good = c.production()
    broken = c.train([{**r, "churned": "0"} for r in c.rows])
    promoted = c.production() == broken != good
    c.train(c.rows)  # put the sound export back
    return promoted


def probe_no_gate(c: Code) -> None:
    assert broken_export_is_promoted(c)


def probe_accuracy_gate(c: Code) -> None:
    threshold = c.get("train", "min_accuracy_const")
    assert str(threshold) == c.n["min_accuracy_value"]
    churn = np.mean([int(r["churned"]) for r in c.rows])
    assert 1 - churn >= threshold  # a model that never predicts churn passes
    assert broken_export_is_promoted(c)


def probe_leakage(c: Code, model: dict) -> None:
    names = c.get("features", "feature_names")
    assert c.n["f_payment"] in names and len(c.served(c.request(c.rows[0]))) == len(names)
    assert model["metrics"]["val_accuracy"] >= 0.85  # "validation accuracy looks excellent"


def probe_unseeded(c: Code, model: dict) -> None:
    assert c.train()["weights"] != model["weights"]


def probe_data_version(c: Code, model: dict) -> None:
    text = json.dumps(model)
    assert "customers.csv" not in text and not any("data" in k or "hash" in k for k in model)


def probe_no_model_version(c: Code, model: dict) -> None:
    assert not any("version" in k for k in model)
    request = c.request(c.rows[0])
    assert not any("version" in k for k in c.predict(request))
    for record in c.logged(request):  # nothing in any log says which model answered
        assert not ({"version", "model_version", "trained_at", c.n["trained_key"], "model"} & set(record)), record


def probe_no_monitoring(c: Code) -> None:
    assert c.logged(c.request(c.rows[0])) == []


def probe_silent_default(c: Code) -> None:
    """Any one field left out is filled with its default and scored, with no error; leaving out
    support calls (the key's probe) changes the score; a log records the default as sent."""
    defaults = c.m["serve"].DEFAULTS
    row = next(r for r in c.rows if int(r["support_calls_30d"]) > 0)
    full = c.request(row)
    for field in full:
        partial = {k: v for k, v in full.items() if k != field}
        assert c.predict(partial) == c.predict({**partial, field: defaults[field]}), field
    partial = {k: v for k, v in full.items() if k != "support_calls_30d"}
    assert c.served(partial) == c.served({**partial, "support_calls_30d": 0}) != c.served(full)
    for record in c.logged(partial):
        assert record["features"] == c.logged({**partial, "support_calls_30d": 0})[0]["features"]
        assert not any("default" in k or "missing" in k for k in record)


def check(c: Code) -> list[str]:
    """Put every planted fault's probe to the code; the faults probed."""
    model = c.train()
    assert c.production() == model, (c.v.seed, c.v.faults, c.output)
    done = []
    for planted in c.v.faults:
        if planted.fault == "skew":
            probe_skew(c, planted.option)
        elif planted.fault in ("leakage", "unseeded", "data-version", "no-model-version"):
            globals()[f"probe_{planted.fault.replace('-', '_')}"](c, model)
        else:
            globals()[f"probe_{planted.fault.replace('-', '_')}"](c)
        done.append(planted.fault)
    return done


@pytest.fixture
def code_of(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    made = []

    def make(variant: stage3.Stage3Variant) -> Code:
        folder = tmp_path / f"v{len(made)}"
        folder.mkdir()
        made.append(folder)
        return Code(variant, folder)

    yield make
    for name in MODULES:
        sys.modules.pop(name, None)


ALLOWED = [pair for pair in itertools.combinations(PLANTINGS, 2)
           if pair[0].fault != pair[1].fault and compatible(MENU, list(pair))]
FORBIDDEN = [pair for pair in itertools.combinations(PLANTINGS, 2)
             if pair[0].fault != pair[1].fault and not compatible(MENU, list(pair))]


def test_the_menu_forbids_exactly_the_pairs_that_cannot_hold():
    forbidden = {tuple(sorted(f"{p.fault}.{p.option}" if p.option else p.fault for p in pair)) for pair in FORBIDDEN}
    assert forbidden == {("leakage", "zip-truncation"), ("accuracy-gate", "no-gate"),
                         ("silent-default", "zip-truncation"), ("silent-default", "skew.log")}
    assert len(ALLOWED) + len(FORBIDDEN) == sum(1 for a, b in itertools.combinations(PLANTINGS, 2) if a.fault != b.fault)


def test_every_allowed_pair_planted_alone_keeps_both_probes(code_of):
    for i, pair in enumerate(ALLOWED):
        variant = stage3.make_variant(2**48 + i, faults=sorted(pair, key=lambda p: [f.id for f in MENU.faults].index(p.fault)))
        assert sorted(check(code_of(variant))) == sorted(p.fault for p in pair), pair


def test_every_combination_drawn_over_1000_seeds_keeps_every_probe(code_of):
    first: dict[tuple, int] = {}
    for seed in SEEDS:
        faults = tuple(draw_faults(MENU, stage3._rng(seed, stage3._PLAN)))
        assert compatible(MENU, list(faults)), (seed, faults)  # nothing forbidden is ever drawn
        first.setdefault(faults, seed)
    print(f"\n{len(first)} combinations drawn over {len(SEEDS):,} seeds; each checked in its first seed's code")
    for faults, seed in first.items():
        variant = stage3.make_variant(seed)
        assert variant.faults == faults
        check(code_of(variant))


@pytest.mark.parametrize("pair", [("silent-default", "zip-truncation"), ("silent-default", "skew.log")])
def test_a_forbidden_pair_would_break_a_probe(pair, code_of):
    """Why each forbidden pair is forbidden: planted together (never drawn), a probe fails."""
    planted = [PlantedFault(*p.split(".")) if "." in p else PlantedFault(p, None) for p in pair]
    order = [f.id for f in MENU.faults]
    c = code_of(stage3.make_variant(2**48, faults=sorted(planted, key=lambda p: order.index(p.fault))))
    c.train()
    with pytest.raises((AssertionError, ValueError)):
        probe_silent_default(c)
