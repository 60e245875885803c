"""The stage-3 pipeline: it runs, and each planted fault behaves as the answer key says.

The pipeline is copied to a temporary folder and run there, as a candidate would run it, so the
tests leave nothing behind in docs/ (no registry/, no __pycache__).
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evaluator.interview import stage3_key

ROOT = Path(__file__).resolve().parents[2]
PIPELINE = ROOT / "docs" / "interview" / "files" / "stage3-pipeline"

SAMPLE_REQUEST = {"tenure_months": 30, "contract_type": "Month-to-month", "monthly_charges_usd": 70.5,
                  "data_usage_gb": 12.0, "support_calls_30d": 2}


@pytest.fixture
def pipeline(tmp_path, monkeypatch) -> Path:
    """A fresh copy of the pipeline, importable, with its modules forgotten afterwards."""
    copy = tmp_path / "stage3-pipeline"
    shutil.copytree(PIPELINE, copy, ignore=shutil.ignore_patterns("__pycache__", "registry"))
    monkeypatch.syspath_prepend(str(copy))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    for name in ("features", "registry", "serve", "train"):
        sys.modules.pop(name, None)
    yield copy
    for name in ("features", "registry", "serve", "train"):
        sys.modules.pop(name, None)


def run_training(folder: Path) -> dict:
    subprocess.run([sys.executable, "train.py"], cwd=folder, check=True, capture_output=True, text=True,
                   env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"})
    return json.loads((folder / "registry" / "production" / "model.json").read_text())


def sample_rows(folder: Path) -> list[dict[str, str]]:
    with open(folder / "data" / "customers.csv", newline="") as f:
        return list(csv.DictReader(f))


def faults() -> dict[str, stage3_key.Fault]:
    return {f.id: f for f in stage3_key.load_stage3_key()}


def test_the_key_names_the_five_planted_faults():
    assert set(faults()) == {"skew", "gate", "seed", "data-version", "monitoring"}


def test_pipeline_runs_end_to_end(pipeline):
    model = run_training(pipeline)
    assert len(model["weights"]) == len(model["feature_names"])
    done = subprocess.run([sys.executable, "serve.py", json.dumps(SAMPLE_REQUEST)], cwd=pipeline,
                          check=True, capture_output=True, text=True, env={"PYTHONDONTWRITEBYTECODE": "1"})
    answer = json.loads(done.stdout)
    assert 0.0 < answer["churn_probability"] < 1.0 and isinstance(answer["churn"], bool)


def test_skew_the_tenure_feature_differs_between_training_and_serving(pipeline):
    features, serve = importlib.import_module("features"), importlib.import_module("serve")
    index = features.FEATURE_NAMES.index("tenure_years")
    differ = same = 0
    for row in sample_rows(pipeline):
        request = {"tenure_months": int(row["tenure_months"]), "contract_type": row["contract_type"],
                   "monthly_charges_usd": float(row["monthly_charges_usd"]),
                   "data_usage_gb": float(row["data_usage_gb"]), "support_calls_30d": int(row["support_calls_30d"])}
        trained, served = features.build_features(row), serve.request_features(request)
        assert len(trained) == len(served)
        # Every other feature agrees, so the key's claim is about this feature alone.
        assert [x for i, x in enumerate(trained) if i != index] == pytest.approx(
            [x for i, x in enumerate(served) if i != index])
        if trained[index] != pytest.approx(served[index]):
            differ += 1
            assert int(row["tenure_months"]) % 12 != 0
        else:
            same += 1
    assert differ > 0.8 * (differ + same)  # most customers get a different input in production


def test_gate_a_model_trained_on_broken_labels_is_still_promoted(pipeline):
    good = run_training(pipeline)
    data = pipeline / "data" / "customers.csv"
    rows = sample_rows(pipeline)
    for row in rows:
        row["churned"] = "0"  # a broken export: nobody churned
    with open(data, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    broken = run_training(pipeline)
    assert broken["weights"] != good["weights"]
    # The broken model now serves, although it never predicts churn at all.
    importlib.import_module("registry")
    serve = importlib.import_module("serve")
    assert serve.get_model()["weights"] == broken["weights"]
    assert serve.predict(SAMPLE_REQUEST)["churn"] is False


def test_seed_two_runs_on_the_same_data_differ(pipeline):
    first, second = run_training(pipeline), run_training(pipeline)
    assert first["weights"] != second["weights"]


def test_data_version_the_model_records_nothing_about_its_data(pipeline):
    model = run_training(pipeline)
    text = json.dumps(model)
    digest = hashlib.sha256((pipeline / "data" / "customers.csv").read_bytes()).hexdigest()
    assert digest not in text and digest[:12] not in text
    assert not {k for k in model if "data" in k or "version" in k or "hash" in k or "snapshot" in k}
    assert "customers.csv" not in text


def test_monitoring_predict_records_nothing(pipeline, caplog, capsys):
    run_training(pipeline)
    serve = importlib.import_module("serve")
    before = sorted(p.relative_to(pipeline) for p in pipeline.rglob("*"))
    with caplog.at_level(logging.DEBUG):
        for _ in range(3):
            serve.predict(SAMPLE_REQUEST)
    assert caplog.records == []
    assert capsys.readouterr() == ("", "")
    assert sorted(p.relative_to(pipeline) for p in pipeline.rglob("*")) == before
    source = (pipeline / "serve.py").read_text()
    assert "logging" not in source and "metrics" not in source


def test_the_pipeline_gives_the_faults_away_nowhere():
    """The files candidates download must not point at the faults."""
    text = "\n".join(p.read_text() for p in PIPELINE.rglob("*") if p.suffix in {".py", ".txt"}).lower()
    for giveaway in ("bug", "fault", "skew", "todo", "fixme", "unseeded", "no validation", "planted"):
        assert not re.search(rf"\b{giveaway}\b", text), giveaway
