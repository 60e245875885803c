"""Stage-3 variants: the generated pipeline runs, every planted fault behaves as its key says, and
every fault left out really is absent (the clean code does the right thing).

Each variant is written to a temporary folder and run there, as a candidate would run it: training
in-process (imported from the folder), the command-line handler as a subprocess.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import json
import logging
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import numpy as np
import pytest

from evaluator.interview import stage3
from evaluator.interview.variants import candidate_pack
from evaluator.datafile import DataError
from evaluator.interview.stage3_faults import PlantedFault, load_fault_menu, parse_fault_menu
from evaluator.interview.templates import TemplateError, flags_used, render

SEEDS = range(20, 40)  # together they plant, and leave out, every fault and option (checked below)
MODULES = ("features", "registry", "serve", "train")
MENU = load_fault_menu()
CONTRACT_AS_THE_APP_SENDS_IT = {"month-to-month": "Month-to-month", "one-year": "One-year", "two-year": "Two-year"}


class Pipeline:
    """One variant, written to a folder, with its modules importable from there."""

    def __init__(self, variant: stage3.Stage3Variant, folder: Path):
        self.variant = variant
        self.folder = folder
        for name, text in variant.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)

    def module(self, name: str):
        return importlib.import_module(name)

    def fn(self, module: str, name: str):
        """A function or constant of the variant, by the template's name for it ({{build_features}})."""
        return getattr(self.module(module), self.variant.names[name])

    @property
    def registry(self) -> Path:
        return self.folder / self.variant.names["registry_folder"]

    def train(self, capsys) -> dict:
        """Run train.py's main(); return the model it just saved (promoted or not)."""
        before = set((self.registry / "versions").glob("*.json"))
        self.module("train").main()
        self.last_output = capsys.readouterr().out
        (saved,) = set((self.registry / "versions").glob("*.json")) - before
        return json.loads(saved.read_text())

    def production(self) -> dict:
        return json.loads((self.registry / "production" / "model.json").read_text())

    def export(self) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.variant.files[stage3.EXPORT_FILE])))

    def write_export(self, rows: list[dict[str, str]]) -> None:
        with open(self.folder / stage3.EXPORT_FILE, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)

    def request(self, row: dict[str, str]) -> dict:
        """A request as the app sends it (README.txt): numbers as numbers, the contract as displayed."""
        request = {
            "tenure_months": int(row["tenure_months"]),
            "contract_type": CONTRACT_AS_THE_APP_SENDS_IT[row["contract_type"]],
            "monthly_charges_usd": float(row["monthly_charges_usd"]),
            "data_usage_gb": float(row["data_usage_gb"]),
            "support_calls_30d": int(row["support_calls_30d"]),
        }
        if self.variant.planted("leakage"):
            request["days_since_last_payment"] = int(row["days_since_last_payment"])
        return request


@pytest.fixture
def open_pipeline(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)

    def forget():
        for name in MODULES:
            sys.modules.pop(name, None)

    def make(variant: stage3.Stage3Variant) -> Pipeline:
        forget()
        folder = tmp_path / f"variant-{variant.seed}"
        folder.mkdir()
        monkeypatch.syspath_prepend(str(folder))
        return Pipeline(variant, folder)

    yield make
    forget()


def variants() -> list[stage3.Stage3Variant]:
    return [stage3.make_variant(seed) for seed in SEEDS]


# ---------------------------------------------------------------- the draw and the menu

def test_the_seeds_under_test_plant_every_fault_and_option_and_leave_each_out_too():
    """Otherwise the behaviour tests below could pass without ever running some fault's code."""
    planted, absent = set(), set()
    for v in variants():
        planted |= v.flags
        absent |= {f.id for f in MENU.faults} - v.flags
    everything = {f.id for f in MENU.faults} | {f"{f.id}.{o.id}" for f in MENU.faults for o in f.options}
    assert planted == everything
    assert absent == {f.id for f in MENU.faults}


def test_every_variant_plants_one_fault_per_scorecard_dimension_and_no_excluded_pair():
    low, high = MENU.extra
    for seed in range(200):
        faults = stage3.make_variant(seed).faults
        ids = [f.fault for f in faults]
        assert len(ids) == len(set(ids))
        assert len(MENU.groups) + low <= len(ids) <= len(MENU.groups) + high
        assert {MENU.fault(i).group for i in ids} == {g.id for g in MENU.groups}
        for i in ids:
            assert not set(MENU.fault(i).excludes) & set(ids), (seed, ids)


def test_the_menu_has_at_least_eight_faults_each_plantable_by_the_templates():
    assert len(MENU.faults) >= 8
    used = set().union(*(flags_used(stage3.template_text(name)) for name in stage3.CODE_FILES))
    for fault in MENU.faults:
        names = {f"{fault.id}.{o.id}" for o in fault.options} or {fault.id}
        assert names <= used, f"no template line depends on {names - used}"
    known = {f.id for f in MENU.faults} | {f"{f.id}.{o.id}" for f in MENU.faults for o in f.options}
    from evaluator.interview.stage3_style import STYLE_FLAGS
    assert used <= known | set(STYLE_FLAGS), f"templates name unknown flags: {used - known - set(STYLE_FLAGS)}"
    assert {u for u in used if u.startswith("style.")} == set(STYLE_FLAGS)


def test_same_seed_same_files_and_zip_other_seed_differs():
    a, b = candidate_pack("stage-3", 7), candidate_pack("stage-3", 7)
    assert a["zip"] == b["zip"] and a["key"] == b["key"]
    assert stage3.make_variant(8).files[stage3.EXPORT_FILE] != stage3.make_variant(7).files[stage3.EXPORT_FILE]


def test_zip_holds_exactly_the_files_and_the_brief():
    v = stage3.make_variant(4)
    pack = candidate_pack("stage-3", 4)
    archive = zipfile.ZipFile(io.BytesIO(pack["zip"]))
    assert sorted(archive.namelist()) == sorted(f"{stage3.FOLDER}/{n}" for n in [*v.files, "BRIEF.md"])
    for name, text in v.files.items():
        assert archive.read(f"{stage3.FOLDER}/{name}").decode() == text
    brief = archive.read(f"{stage3.FOLDER}/BRIEF.md").decode()
    assert "(README.txt)" in brief and "%" not in brief.replace("% of", "")
    assert hashlib.sha256(pack["zip"]).hexdigest() in pack["key"]


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["fault"][0].update(group="nowhere"), r"is not a \[\[group\]\]"),
    (lambda d: d["fault"][1].update(excludes=["skew"]), "must exclude"),
    (lambda d: d["fault"][0]["option"][0].pop("what"), "no 'what' text"),
    (lambda d: d["fault"][2].update(severity="Bad"), "severity"),
    (lambda d: d["variant"].update(extra=[3, 2]), "extra"),
    (lambda d: d["fault"].append(dict(d["fault"][0])), "appears twice"),
])
def test_fault_menu_schema_errors_name_the_problem(edit, message):
    data = tomllib.loads(stage3.Path(stage3.__file__).parents[2].joinpath("docs/data/stage3-faults.toml").read_text())
    edit(data)
    with pytest.raises(DataError, match=message):
        parse_fault_menu(data)


@pytest.mark.parametrize(("template", "message"), [
    ("#% if skew\nx\n", "never closed"),
    ("#% else\nx\n", "without an open"),
    ("#% if skew or\nx\n#% end\n", "cannot read"),
    ("#% if skew\nx\n#% end skew\n", "takes no condition"),
])
def test_template_errors_name_the_line(template, message):
    with pytest.raises(TemplateError, match=message):
        render("t.py", template, {"skew"})


def test_templates_nest_and_cite():
    text = "a\n#% if x\n#% if y\nb  #@ y\n#% else\nc\n#% end\n#% elif z\nd\n#% end\ne  #@ x z\n"
    assert render("t", text, {"x", "y"})[0] == "a\nb\ne\n"
    assert render("t", text, {"x"})[0] == "a\nc\ne\n"
    assert render("t", text, {"z"})[0] == "a\nd\ne\n"
    out, cited = render("t", text, {"x", "y"})
    assert [(c.flag, c.line, c.text) for c in cited] == [("y", 2, "b"), ("x", 3, "e")]


# ---------------------------------------------------------------- the key and the files

@pytest.mark.parametrize("seed", SEEDS)
def test_key_cites_real_lines_of_every_planted_fault_and_only_those(seed):
    v = stage3.make_variant(seed)
    key = stage3.stage3_key(v, zip_sha256="0" * 64)
    for planted in v.faults:
        cites = v.cited(planted.fault)
        assert cites, f"{planted.fault} cites no line"
        for c in cites:
            lines = v.files[c.file].splitlines()
            assert lines[c.line - 1] == c.text
            assert f"`{c.file}`, line {c.line}:" in key
            assert c.text.strip() in key
        title = MENU.fault(planted.fault).text("title", planted.option).split("{")[0]
        assert title in key
    assert {c.flag.split(".")[0] for c in v.citations} == {f.fault for f in v.faults}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_files_give_no_fault_away(seed):
    v = stage3.make_variant(seed)
    text = "\n".join(t for n, t in v.files.items() if n != stage3.EXPORT_FILE).lower()
    for giveaway in ("bug", "fault", "skew", "todo", "fixme", "unseeded", "no validation", "planted", "leak",
                     "variant", "#%", "#@"):
        assert not re.search(rf"(?<![a-z]){re.escape(giveaway)}(?![a-z])", text), (seed, giveaway)


GIVEAWAYS = ("bug", "fault", "skew", "todo", "fixme", "unseeded", "no validation", "planted", "leak", "variant",
             "wrong", "broken", "hack", "stale", "default")


def test_no_word_a_variant_may_use_gives_a_fault_away():
    """Every name, value and phrase a seed may draw (stage3_style.py), checked once for all seeds."""
    from evaluator.interview.stage3_style import NAME_CHOICES, VALUE_CHOICES

    for key, choices in {**NAME_CHOICES, **VALUE_CHOICES}.items():
        for choice in choices:
            for giveaway in GIVEAWAYS:
                assert not re.search(rf"(?<![a-z]){re.escape(giveaway)}", choice.lower()), (key, choice)


def test_two_names_of_one_file_never_draw_the_same_word():
    """A drawn word shared by two names of one file would make one shadow the other."""
    from evaluator.interview.stage3_style import NAME_CHOICES

    for name in stage3.CODE_FILES:
        keys = sorted(set(re.findall(r"\{\{([a-z_0-9]+)\}\}", stage3.template_text(name))) & set(NAME_CHOICES))
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                assert not set(NAME_CHOICES[a]) & set(NAME_CHOICES[b]), (name, a, b)


def test_over_1000_seeds_the_code_names_no_fault():
    for seed in range(2**48, 2**48 + 1000):
        text = "\n".join(stage3.drawn_code(seed).values()).lower()
        for giveaway in GIVEAWAYS[:10]:
            assert not re.search(rf"(?<![a-z]){re.escape(giveaway)}(?![a-z])", text), (seed, giveaway)


# ---------------------------------------------------------------- behaviour, by running the code

def _features_both_ways(p: Pipeline):
    build, request_features, read = p.fn("features", "build_features"), p.fn("serve", "request_features"), p.fn("serve", "read_request")
    for row in p.export():
        yield row, build(row), request_features(read(p.request(row)))


SKEW_FEATURES = {"tenure": {"f_tenure"}, "log": {"f_usage"}, "case": {"f_monthly", "f_two_year"}}


@pytest.mark.parametrize("seed", SEEDS)
def test_variant_behaves_as_planted(seed, open_pipeline, capsys, caplog):
    v = stage3.make_variant(seed)
    p = open_pipeline(v)
    names = p.fn("features", "feature_names")
    n = v.names

    # --- it runs end to end, as the README says
    good = p.train(capsys)
    assert p.production() == good, "a first, sound model goes to production"
    assert len(good["weights"]) == len(names)
    readme_request = re.search(r"python serve\.py '(\{.*\})'", v.files["README.txt"]).group(1)
    done = subprocess.run([sys.executable, "serve.py", readme_request], cwd=p.folder, check=True,
                          capture_output=True, text=True, env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"})
    answer = json.loads(done.stdout)
    assert 0.0 < answer["churn_probability"] < 1.0 and isinstance(answer["churn"], bool)

    # --- training/serving consistency: skew and zip truncation
    skew, truncated = v.planted("skew"), v.planted("zip-truncation")
    pairs = list(_features_both_ways(p))
    for row, trained, served in pairs:
        assert len(served) == len(trained) - (1 if truncated else 0)
    if skew:
        skewed = {names.index(n[k]) for k in SKEW_FEATURES[skew.option]}
        differ = [row for row, t, s in pairs if any(t[i] != pytest.approx(s[i]) for i in skewed)]
        for row, t, s in pairs:  # every other feature agrees
            assert [x for i, x in enumerate(t[:len(s)]) if i not in skewed] == pytest.approx(
                [x for i, x in enumerate(s) if i not in skewed])
        if skew.option == "tenure":
            assert all(int(r["tenure_months"]) % 12 for r in differ) and len(differ) > 0.8 * len(pairs)
        elif skew.option == "log":
            assert len(differ) == len(pairs)
        else:
            assert {r["contract_type"] for r in differ} == {"month-to-month", "two-year"}
            assert len(differ) == sum(r["contract_type"] != "one-year" for r in p.export())
    else:
        for row, t, s in pairs:
            assert t[:len(s)] == pytest.approx(s)
    serve = p.module("serve")
    if truncated:
        # The score silently leaves out the last feature: it equals the dot product without it.
        row = next(r for r in p.export() if int(r["support_calls_30d"]) > 0)
        served = p.fn("serve", "request_features")(p.fn("serve", "read_request")(p.request(row)))
        z = sum(w * x for w, x in zip(good["weights"][:-1], served))
        assert serve.predict(p.request(row))["churn_probability"] == pytest.approx(1 / (1 + np.exp(-z)), abs=1e-4)
    else:
        setattr(serve, n["cache"], {**good, "weights": good["weights"] + [0.0]})
        with pytest.raises(ValueError):
            serve.predict(p.request(p.export()[0]))
        setattr(serve, n["cache"], None)

    # --- validation gate and leakage
    leak = v.planted("leakage")
    if leak:
        assert n["f_payment"] in names
        # The leak carries the model: a high validation accuracy (about 0.77 without it) and by
        # far the largest weight. Unseeded runs differ, so these are bounds: over 120 training
        # runs of 40 exports the lowest accuracy was 0.90, and the weight was always the largest.
        assert good["metrics"]["val_accuracy"] >= 0.85
        leak_weight = good["weights"][names.index(n["f_payment"])]
        assert leak_weight > max(abs(w) for name, w in zip(names, good["weights"]) if name not in ("bias", n["f_payment"]))
        setattr(serve, n["cache"], None)
        flagged = [serve.predict({**p.request(r), "days_since_last_payment": int(r["days_since_last_payment"]) % 31})["churn"]
                   for r in p.export()]
        assert np.mean(flagged) < 0.05  # paying customers look safe, whatever else is true
    else:
        assert "days_since_last_payment" not in v.files["features.py"]
    rows = p.export()
    p.write_export([{**r, "churned": "0"} for r in rows])  # a broken export: nobody churned
    for name in ("train",):
        sys.modules.pop(name, None)
    broken = p.train(capsys)
    if v.planted("no-gate") or v.planted("accuracy-gate"):
        assert p.production() == broken != good  # the broken model now serves
        setattr(serve, n["cache"], None)
        assert not any(serve.predict(p.request(r))["churn"] for r in rows[:100])
    else:
        assert p.production() == good
        assert "not promoted" in p.last_output
    if v.planted("accuracy-gate"):
        threshold = p.fn("train", "min_accuracy_const")
        no_skill = 1 - np.mean([int(r["churned"]) for r in rows])
        assert no_skill >= threshold  # a model that never predicts churn passes
    p.write_export(rows)
    (p.registry / "production" / "model.json").write_text(json.dumps(good))

    # --- reproducibility
    again = p.train(capsys)
    if v.planted("unseeded"):
        assert again["weights"] != good["weights"]
    else:
        assert again["weights"] == good["weights"] and good["seed"] == p.fn("train", "seed_name")
    digest = hashlib.sha256(v.files[stage3.EXPORT_FILE].encode()).hexdigest()
    if v.planted("data-version"):
        text = json.dumps(good)
        assert digest[:12] not in text and "customers.csv" not in text
        assert not {k for k in good if "data" in k or "hash" in k or "snapshot" in k}
    else:
        assert good["training_data"]["sha256"] == digest
    setattr(serve, n["cache"], None)
    answer = serve.predict(p.request(rows[0]))
    if v.planted("no-model-version"):
        assert "version" not in again and not any("version" in k for k in answer)
    else:
        assert again["version"] != good["version"]
        assert answer["model_version"] == p.production()["version"]

    # --- observability
    caplog.clear()
    before = sorted(q.relative_to(p.folder) for q in p.folder.rglob("*"))
    with caplog.at_level(logging.DEBUG):
        for r in rows[:3]:
            serve.predict(p.request(r))
    if v.planted("no-monitoring"):
        assert caplog.records == [] and capsys.readouterr() == ("", "")
        assert sorted(q.relative_to(p.folder) for q in p.folder.rglob("*")) == before
    else:
        records = [json.loads(r.getMessage()) for r in caplog.records if r.name == n["logger"]]
        assert len(records) == 3 and len({r["request_id"] for r in records}) == 3
        for record in records:
            assert {"features", "churn_probability", "churn", "latency_ms"} <= set(record)
    partial = {k: val for k, val in p.request(rows[0]).items() if k != "support_calls_30d"}
    if v.planted("silent-default"):
        assert serve.predict(partial) == serve.predict({**partial, "support_calls_30d": 0})
    else:
        with pytest.raises(ValueError, match="support_calls_30d"):
            serve.predict(partial)


def test_published_style_explicit_faults_override_the_draw():
    chosen = [PlantedFault("skew", "tenure"), PlantedFault("no-gate", None)]
    v = stage3.make_variant(1, faults=chosen)
    assert v.faults == tuple(chosen)
    assert "// 12" in v.files["serve.py"] and f"registry.{v.names['promote']}({v.names['meta']})" in v.files["train.py"]
