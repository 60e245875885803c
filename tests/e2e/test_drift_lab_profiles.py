"""The drift lab takes drift profiles (issue 20, criterion 5): a profile pair or a profile and a CSV
file give the command line's report, error bounds shown; "Save reference profile" downloads the
command line's profile byte for byte; a bad profile gets a message, and the other file and the
worker stay (criterion 6)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import numpy as np
import pytest
from playwright.sync_api import expect

from evaluator.profiles import VERSION

from .lab import assert_close, open_lab

pytestmark = pytest.mark.e2e


def _csv(rows: int, seed: int, shift: float = 0.0) -> bytes:
    """A bucket-mode numeric column (more than 4,096 distinct values), an exact one, text, and a 0/1 pair."""
    rng = np.random.default_rng(seed)
    amount = rng.lognormal(3 + shift, 1, rows)
    visits = rng.poisson(4 + shift, rows)
    plan = rng.choice(["basic", "plus", "pro"], rows, p=[0.5, 0.3, 0.2] if shift == 0 else [0.3, 0.3, 0.4])
    label = rng.integers(0, 2, rows)
    lines = ["amount,visits,plan,label"] + [f"{a:.6f},{v},{p},{y}" for a, v, p, y in zip(amount, visits, plan, label)]
    return ("\n".join(lines) + "\n").encode()


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "evaluator", *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab-profiles")
    out = {"reference.csv": folder / "reference.csv", "current.csv": folder / "current.csv"}
    out["reference.csv"].write_bytes(_csv(8000, 1))
    out["current.csv"].write_bytes(_csv(6000, 2, shift=0.3))
    for role in ("reference", "current"):
        path = folder / f"{role}.profile.json.gz"
        done = _run("profile", str(out[f"{role}.csv"]), "-o", str(path))
        assert done.returncode == 0, done.stderr
        out[path.name] = path
    # plain JSON reads too (the worker's Python gzip module reads the .gz ones)
    plain = folder / "reference.profile.json"
    plain.write_bytes(gzip.decompress(out["reference.profile.json.gz"].read_bytes()))
    out[plain.name] = plain
    return out


@pytest.fixture(scope="module")
def lab(browser, site_url):
    context, lab = open_lab(browser, site_url)
    yield lab
    context.close()


def _drop(lab, role: str, name: str, data: bytes) -> None:
    lab.page.evaluate(
        """([role, name, bytes]) => {
          const zone = document.querySelector(`.drift-file[data-role="${role}"] .drift-file__zone`);
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(bytes)], name));
          zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        }""",
        [role, name, list(data)],
    )


def _set_profile(lab, role: str, name: str, data: bytes, *, drop: bool = False) -> None:
    if drop:
        _drop(lab, role, name, data)
    else:
        lab.slot(role).locator("input[type=file]").set_input_files(files=[{"name": name, "mimeType": "application/gzip", "buffer": data}])
    expect(lab.slot(role).locator(".drift-file__note")).to_contain_text("A drift profile of", timeout=60_000)
    expect(lab.slot(role)).to_have_attribute("data-input", "profile")


@pytest.mark.parametrize("pair", [("reference.profile.json.gz", "current.profile.json.gz"), ("reference.profile.json", "current.csv")])
def test_profiles_give_the_command_line_s_report_with_error_bounds(lab, files, pair):
    ref, cur = pair
    _set_profile(lab, "reference", ref, files[ref].read_bytes(), drop=True)
    if cur.endswith(".gz"):
        _set_profile(lab, "current", cur, files[cur].read_bytes())
    else:
        lab.set_file("current", cur, files[cur].read_bytes())
    lab.compare()
    lab.wait_for_report()
    exported = lab.download_json()
    done = _run("drift", str(files[ref]), str(files[cur]), "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    native = json.loads(done.stdout)
    assert_close(native, exported, rel=1e-9)
    amount = next(i for i, c in enumerate(native["columns"]) if c["name"] == "amount")
    bound = native["columns"][amount]["metrics"]["psi"]["error_bound"]
    assert isinstance(bound, float)
    table = lab.page.locator(f"#drift-col-{amount} .drift-metrics table")
    expect(table.locator("thead")).to_contain_text("Error bound")
    expect(lab.page.locator(f"#drift-col-{amount} .drift-column__profile")).to_contain_text("Compared from drift profiles")
    # a column compared exactly has no bound column
    visits = next(i for i, c in enumerate(native["columns"]) if c["name"] == "visits")
    expect(lab.page.locator(f"#drift-col-{visits} .drift-metrics table thead")).not_to_contain_text("Error bound")
    lab.assert_clean(f"profiles {pair}")


def _axe_problems(lab) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    lab.page.evaluate("() => document.querySelectorAll('.drift-lab details').forEach((d) => { d.open = true; })")
    result = Axe().run(lab.page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_report_from_profiles_and_a_saved_profile_s_words_pass_axe(browser, site_url, files, scheme):
    context, lab = open_lab(browser, site_url, color_scheme=scheme)
    lab.set_file("reference", "reference.csv", files["reference.csv"].read_bytes())
    with lab.page.expect_download():
        lab.slot("reference").get_by_role("button", name="Save reference profile").click()
    expect(lab.slot("reference").locator(".drift-file__note")).to_contain_text("Saved reference.profile.json.gz")
    _set_profile(lab, "current", "current.profile.json.gz", files["current.profile.json.gz"].read_bytes())
    lab.compare()
    lab.wait_for_report()
    problems = _axe_problems(lab)
    assert not problems, "\n".join(problems)
    lab.assert_clean(f"axe {scheme}")
    context.close()


def test_save_reference_profile_downloads_the_command_line_s_bytes(lab, files):
    lab.set_file("reference", "reference.csv", files["reference.csv"].read_bytes())
    slot = lab.slot("reference")
    with lab.page.expect_download() as info:
        slot.get_by_role("button", name="Save reference profile").click()
    assert info.value.suggested_filename == "reference.profile.json.gz"
    assert open(info.value.path(), "rb").read() == files["reference.profile.json.gz"].read_bytes()
    note = slot.locator(".drift-file__note")
    expect(note).to_contain_text("the counts of 4 columns over 8,000 rows, and no rows")
    expect(note).to_contain_text("Text columns that list each distinct value with its count: plan")
    expect(note).to_contain_text("kept as bucket counts (their metrics will carry an error bound): amount")
    # a loaded profile offers no save
    _set_profile(lab, "current", "current.profile.json.gz", files["current.profile.json.gz"].read_bytes())
    expect(lab.slot("current").get_by_role("button", name="Save current profile")).to_be_hidden()
    lab.assert_clean("save profile")


def _other_version(data: bytes) -> bytes:
    profile = json.loads(gzip.decompress(data))
    profile["version"] = VERSION + 1
    return gzip.compress(json.dumps(profile).encode(), mtime=0)


def test_bad_profiles_get_a_message_and_the_other_file_and_the_worker_stay(lab, files):
    good = files["current.profile.json.gz"].read_bytes()
    lab.set_file("reference", "reference.csv", files["reference.csv"].read_bytes())
    _set_profile(lab, "current", "current.profile.json.gz", good)
    error = lab.slot("current").locator(".drift-file__error")
    bad = {
        "newer.profile.json.gz": (_other_version(good), f"a drift profile of format version {VERSION + 1}; this evaluator reads versions 1 and {VERSION}"),
        "cut.profile.json.gz": (good[: len(good) // 2], "the profile is truncated (its gzip data ends early)"),
        "flipped.profile.json.gz": (good[:20] + bytes(b ^ 0xFF for b in good[20:40]) + good[40:], "the profile is corrupted"),
        "notes.profile.json": (b'{"title": "not a profile"}', "not a valid drift profile"),
    }
    for name, (data, message) in bad.items():
        _drop(lab, "current", name, data)
        expect(error).to_contain_text(f"{name}: {message}", timeout=60_000)
        expect(error).to_contain_text("current.profile.json.gz is still the current file.")
        expect(lab.slot("current").locator(".drift-file__status")).to_contain_text("current.profile.json.gz")
        expect(lab.slot("current").locator(".drift-file__note")).to_contain_text("A drift profile of current.csv: 6,000 rows")
        expect(lab.slot("reference").locator(".drift-file__status")).to_contain_text("reference.csv")
    # columns that do not match: a valid profile of another table, refused when compared
    other = subprocess.run([sys.executable, "-c", "from evaluator import api; import sys; "
                            "sys.stdout.buffer.write(api.drift_lab_profile(b'height,weight\\n1,2\\n3,4\\n', 'other.csv')['bytes'])"],
                           capture_output=True, check=True).stdout
    _set_profile(lab, "current", "other.profile.json.gz", other)
    lab.compare()
    expect(lab.error).to_contain_text("share no column names")
    expect(lab.slot("reference").locator(".drift-file__status")).to_contain_text("reference.csv")
    # the worker is still there: the good pair compares
    _set_profile(lab, "current", "current.profile.json.gz", good)
    lab.compare()
    lab.wait_for_report()
    expect(lab.report.locator(".drift-facts")).to_contain_text("current.csv")
    lab.assert_clean("bad profiles")
