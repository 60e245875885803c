"""Bad input in the drift lab, each in the browser: a clear message in the page, the page still
usable, both files still in place; names and values that look like HTML stay text."""

from __future__ import annotations

import struct
import zlib

import pytest
from playwright.sync_api import expect

from evaluator import api

from .lab import open_lab

pytestmark = pytest.mark.e2e

GOOD_REFERENCE = b"age,plan\n31,basic\n45,plus\n52,basic\n38,pro\n29,basic\n61,plus\n"
GOOD_CURRENT = b"age,plan\n33,basic\n47,plus\n55,pro\n39,pro\n28,basic\n66,plus\n"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def lab(browser, site_url):
    context, lab = open_lab(browser, site_url)
    yield lab
    context.close()


@pytest.fixture(autouse=True)
def fresh_options(lab):
    """Each case starts from the default options, with the files of the case."""
    lab.open_options()
    lab.page.get_by_role("button", name="Reset options to defaults").click()
    yield
    lab.watch.console_errors.clear()


def _recovers(lab, bad_role: str, bad_name: str, good_name: str) -> None:
    """Both files are still in place after the error; a good file in place of the bad one compares."""
    other = "current" if bad_role == "reference" else "reference"
    expect(lab.slot(bad_role).locator(".drift-file__status")).to_contain_text(bad_name)
    expect(lab.slot(other).locator(".drift-file__status")).to_contain_text(good_name)
    lab.set_file(bad_role, f"fixed-{bad_role}.csv", GOOD_REFERENCE if bad_role == "reference" else GOOD_CURRENT)
    lab.compare()
    expect(lab.error).to_be_hidden()
    expect(lab.report.locator(".drift-verdict")).to_be_visible()
    expect(lab.report.locator(".drift-facts")).to_contain_text(f"fixed-{bad_role}.csv")


CASES = {
    # case: (role of the bad file, its name, its bytes, what the page must say)
    "empty file": ("current", "empty.csv", b"", "empty.csv is empty: it needs a header row and at least two data rows"),
    "a PNG": ("reference", "picture.png", _png(), "picture.png is not a text file"),
    "one data row": ("current", "one-row.csv", b"age,plan\n30,basic\n", "one-row.csv has a single data row"),
    "no shared column": ("current", "other.csv", b"height,colour\n1,red\n2,blue\n3,red\n", "share no column names"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_file_that_cannot_be_compared_is_named_in_a_clear_message(lab, case):
    role, name, data, message = CASES[case]
    other = "current" if role == "reference" else "reference"
    lab.set_file(other, f"good-{other}.csv", GOOD_REFERENCE if other == "reference" else GOOD_CURRENT)
    if data:
        lab.set_file(role, name, data)
    else:
        lab.slot(role).locator("input[type=file]").set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": b""}])
    lab.compare()
    expect(lab.error).to_be_visible()
    expect(lab.error).to_contain_text("Could not compare the files: ")
    expect(lab.error).to_contain_text(message)
    expect(lab.error).not_to_contain_text("Traceback")
    _recovers(lab, role, name, f"good-{other}.csv")
    lab.assert_clean(case)


def test_an_all_missing_column_and_text_in_a_numeric_column_are_skipped_with_reasons(lab):
    lab.set_file("reference", "ref.csv", b"age,score,note\n31,1.5,\n45,2.5,\n52,3.5,\n38,4.5,\n")
    lab.set_file("current", "cur.csv", b"age,score,note\n33,1.0,\n47,two,\n55,3.0,\n39,4.0,\n")
    lab.compare()
    expect(lab.error).to_be_hidden()
    skipped = lab.report.locator(".drift-skipped")
    expect(skipped).to_contain_text("note: no usable values in ref.csv (all missing")
    expect(skipped).to_contain_text("score: numeric in ref.csv but text in cur.csv (line 3: 'two')")
    expect(lab.report.locator(".drift-table tbody tr")).to_have_count(1)
    lab.assert_clean("skipped columns")


def test_a_file_over_the_size_limit_is_refused_before_reading_and_the_other_is_kept(lab):
    setup = api.drift_lab_setup()
    lab.set_file("reference", "kept.csv", GOOD_REFERENCE)
    lab.set_file("current", "small-current.csv", GOOD_CURRENT)
    # Dropped on the current box: a file one byte over the limit (zeros, made in the page).
    lab.page.evaluate(
        """(size) => {
          const zone = document.querySelector('.drift-file[data-role="current"] .drift-file__zone');
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(size)], 'huge.csv', { type: 'text/csv' }));
          zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        }""",
        setup["max_file_bytes"] + 1,
    )
    message = lab.slot("current").locator(".drift-file__error")
    expect(message).to_be_visible()
    expect(message).to_contain_text(f"huge.csv is {setup['max_file_mb']}.0 MB; the lab reads files of up to {setup['max_file_mb']} MB each")
    expect(message).to_contain_text("small-current.csv is still the current file.")
    expect(lab.slot("current").locator(".drift-file__status")).to_contain_text("small-current.csv")
    expect(lab.slot("reference").locator(".drift-file__status")).to_contain_text("kept.csv")
    lab.compare()
    expect(lab.report.locator(".drift-facts")).to_contain_text("small-current.csv")
    lab.assert_clean("size limit")


def test_a_100000_column_header_is_refused_at_once(lab):
    n = 100_000
    header = ",".join(f"c{i}" for i in range(n))
    rows = "\n".join(",".join(str((i * r) % 10) for i in range(n)) for r in (1, 2, 3))
    lab.set_file("reference", "wide.csv", f"{header}\n{rows}\n".encode())
    lab.set_file("current", "cur.csv", GOOD_CURRENT)
    lab.compare()
    expect(lab.error).to_contain_text(f"wide.csv has 100,000 columns; the drift lab compares at most {api.LAB_MAX_COLUMNS:,} at a time")
    _recovers(lab, "reference", "wide.csv", "cur.csv")
    lab.assert_clean("wide header")


def test_a_date_column_with_unparseable_dates_is_named(lab):
    lab.set_file("reference", "ref.csv", b"when,x\n2026-01-01,1\n2026-01-02,2\n2026-01-03,3\n")
    lab.set_file("current", "cur.csv", b"when,x\n2026-02-01,1\nyesterday,2\nnot a date,3\n")
    lab.open_options()
    lab.field("by").locator("input").fill("when")
    lab.compare()
    expect(lab.error).to_be_visible()
    expect(lab.error).to_contain_text("column 'when' of cur.csv, line ")
    expect(lab.error).to_contain_text("is not a date")
    lab.field("by").locator("input").fill("")
    lab.compare()
    expect(lab.error).to_be_hidden()
    expect(lab.report).to_be_visible()
    lab.assert_clean("dates")


def test_names_and_values_that_look_like_html_are_shown_as_text(lab):
    name = "<img src=x onerror=alert(1)>"
    value = "<script>alert(1)</script>"
    reference = f'"{name}",kind\n' + "".join(f"{(i * 7) % 13 + 0.5},{value if i % 3 == 0 else 'plain'}\n" for i in range(12))
    current = f'"{name}",kind\n' + "".join(f"{(i * 5) % 11 + 0.25},{value if i % 2 == 0 else 'plain'}\n" for i in range(12))
    requests = []
    lab.page.on("request", lambda r: requests.append(r.url))
    lab.set_file("reference", "xss-ref.csv", reference.encode())
    lab.set_file("current", "xss-cur.csv", current.encode())
    lab.open_options()
    lab.compare()
    expect(lab.error).to_be_hidden()
    report = lab.report
    expect(report.locator(".drift-table tbody th a", has_text=name)).to_have_count(1)
    expect(report.locator(".drift-chart__data th", has_text=value).first).to_be_attached()
    expect(report.locator("img")).to_have_count(0)
    expect(report.locator("script")).to_have_count(0)
    # The column pickers show the name as text too.
    picks = lab.page.locator(".drift-pick", has_text=name)
    expect(picks.first).to_have_text(name)
    expect(lab.page.locator(".drift-picks img")).to_have_count(0)
    assert not [u for u in requests if u.endswith("/x")], requests
    lab.assert_clean("html in names and values")


def test_pasted_text_is_compared_and_a_chosen_file_replaces_it(lab):
    for role, data in (("reference", GOOD_REFERENCE), ("current", GOOD_CURRENT)):
        slot = lab.slot(role)
        slot.locator(".drift-file__paste > summary").click()
        slot.locator("textarea").fill(data.decode())
        expect(slot.locator(".drift-file__status")).to_have_text(f"Pasted text ({len(data)} bytes).")
    lab.compare()
    expect(lab.error).to_be_hidden()
    expect(lab.report.locator(".drift-facts")).to_contain_text("pasted-reference.csv: 6 rows, 2 columns")
    expect(lab.report.locator(".drift-facts")).to_contain_text("pasted-current.csv: 6 rows, 2 columns")
    # A file chosen afterwards takes the pasted text's place; Remove empties the box.
    lab.set_file("current", "chosen.csv", GOOD_CURRENT)
    expect(lab.slot("current").locator("textarea")).to_have_value("")
    lab.slot("current").get_by_role("button", name="Remove").click()
    expect(lab.slot("current").locator(".drift-file__status")).to_have_text("No file yet.")
    lab.page.get_by_role("button", name="Compare", exact=True).click()
    expect(lab.error).to_have_text("Choose a current file too.")
    lab.assert_clean("pasted text")
