"""Driving the drift lab page in the browser tests: a page with the evaluator booted, files in, a
comparison run, and the page's report read back as a structure that can be compared."""

from __future__ import annotations

import json
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import expect

from .conftest import PageWatch

LAB = "tools/drift-lab/"
BOOT_TIMEOUT = 120_000  # ms: Pyodide + numpy + scipy on a loaded 2-core machine
RUN_TIMEOUT = 120_000

# The page's report as [tag, {attributes}, [children]] with text runs merged and trimmed, so the
# prerendered HTML (whitespace between tags) and the DOM the widget builds compare as equal.
# Material wraps the tables that are in the page when it loads in two scrolling <div>s (looked
# through here) and makes their links absolute (compared resolved).
STRUCTURE_JS = """(root) => {
  const WRAPPERS = ["md-typeset__scrollwrap", "md-typeset__table"];
  function children(node) {
    return [...node.childNodes].flatMap((c) =>
      c.nodeType === Node.ELEMENT_NODE && WRAPPERS.some((w) => c.classList.contains(w)) ? children(c) : [c]);
  }
  function norm(node) {
    const attrs = {};
    // Material's instant navigation makes the links that are in the page at load absolute.
    for (const a of node.attributes) attrs[a.name] = a.name === "href" && typeof node.href === "string" ? node.href : a.value;
    const kids = [];
    let text = "";
    const flush = () => { const t = text.replace(/\\s+/g, " ").trim(); if (t) kids.push(t); text = ""; };
    for (const child of children(node)) {
      if (child.nodeType === Node.TEXT_NODE) text += child.data;
      else if (child.nodeType === Node.ELEMENT_NODE) { flush(); kids.push(norm(child)); }
    }
    flush();
    return [node.localName, attrs, kids];
  }
  return norm(root);
}"""


def _numbers(value: str) -> list[float] | None:
    # "12.50%": an x position as a share of a chart's width (the charts' labels and marks)
    parts = value.replace(",", " ").replace("%", " ").split()
    try:
        return [float(p) for p in parts] if parts else None
    except ValueError:
        return None


def assert_same_structure(a, b, path: str = "report") -> None:
    """Equal trees; numeric attributes (SVG coordinates) equal to 0.011 (the two renderers round
    halves of the second decimal differently)."""
    if isinstance(a, str) or isinstance(b, str):
        assert a == b, f"{path}: {a!r} != {b!r}"
        return
    (tag_a, attrs_a, kids_a), (tag_b, attrs_b, kids_b) = a, b
    where = f"{path}/{tag_a}"
    assert tag_a == tag_b, f"{path}: <{tag_a}> != <{tag_b}>"
    assert attrs_a.keys() == attrs_b.keys(), f"{where}: attributes {sorted(attrs_a)} != {sorted(attrs_b)}"
    for name, va in attrs_a.items():
        vb = attrs_b[name]
        na, nb = _numbers(va), _numbers(vb)
        if na is not None and nb is not None and len(na) == len(nb) and name not in ("id", "href", "class"):
            assert all(math.isclose(x, y, abs_tol=0.011) for x, y in zip(na, nb)), f"{where}@{name}: {va} != {vb}"
        else:
            assert va == vb, f"{where}@{name}: {va!r} != {vb!r}"
    assert len(kids_a) == len(kids_b), f"{where}: {len(kids_a)} children != {len(kids_b)}: {kids_a[:3]} / {kids_b[:3]}"
    for i, (x, y) in enumerate(zip(kids_a, kids_b)):
        assert_same_structure(x, y, f"{where}[{i}]")


def assert_close(native, browser, rel: float, path: str = "report") -> None:
    """Equal structure; floats equal to ``rel`` relative."""
    if isinstance(native, float) or isinstance(browser, float):
        assert isinstance(browser, (int, float)) and not isinstance(browser, bool), path
        assert math.isclose(native, browser, rel_tol=rel, abs_tol=1e-300), f"{path}: {native} != {browser}"
    elif isinstance(native, dict):
        assert isinstance(browser, dict) and native.keys() == browser.keys(), f"{path}: keys differ"
        for key in native:
            assert_close(native[key], browser[key], rel, f"{path}.{key}")
    elif isinstance(native, list):
        assert isinstance(browser, list) and len(native) == len(browser), f"{path}: lengths differ"
        for i, (x, y) in enumerate(zip(native, browser)):
            assert_close(x, y, rel, f"{path}[{i}]")
    else:
        assert native == browser, f"{path}: {native!r} != {browser!r}"


@dataclass
class Lab:
    """The lab page and what it did that a test may forbid."""

    page: object
    watch: PageWatch
    dialogs: list[str] = field(default_factory=list)

    def slot(self, role: str):
        return self.page.locator(f'.drift-file[data-role="{role}"]')

    def set_file(self, role: str, name: str, data: bytes) -> None:
        self.slot(role).locator("input[type=file]").set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
        expect(self.slot(role).locator(".drift-file__status")).to_contain_text(name)

    def field(self, key: str):
        return self.page.locator(f'.drift-field[data-key="{key}"]')

    def open_options(self) -> None:
        options = self.page.locator(".drift-options")
        if options.get_attribute("open") is None:
            options.locator("> summary").click()

    def compare(self) -> None:
        self.page.get_by_role("button", name="Compare", exact=True).click()
        self.page.wait_for_function("() => !document.querySelector('.drift-lab').dataset.running", timeout=RUN_TIMEOUT)

    def wait_for_report(self) -> None:
        """Wait until the page shows a live report or an error; fail at once, with the page's
        message, if it is an error."""
        error = self.page.locator(".drift-lab__error:not([hidden])")
        expect(self.report.or_(error).first).to_be_visible(timeout=RUN_TIMEOUT)
        if error.count():
            raise AssertionError(f"the page shows an error instead of a report: {error.inner_text()}")

    @property
    def error(self):
        return self.page.locator(".drift-lab__error")

    @property
    def report(self):
        return self.page.locator(".drift-lab__live .drift-report")

    def structure(self, selector: str):
        return self.page.locator(selector).evaluate(STRUCTURE_JS)

    def download_json(self) -> dict:
        with self.page.expect_download() as info:
            self.page.get_by_role("button", name="Download JSON").click()
        return json.loads(open(info.value.path(), encoding="utf-8").read())

    def assert_clean(self, where: str) -> None:
        assert not self.dialogs, f"{where}: a script ran and opened a dialog: {self.dialogs}"
        self.watch.assert_clean(where)


def open_lab(browser, site_url: str, *, boot: bool = True, **context_args) -> tuple[object, Lab]:
    """A fresh context on the lab page (booted unless ``boot`` is false); close the context after."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, **context_args)
    page = context.new_page()
    parts = urlsplit(site_url)
    watch = PageWatch(origin=f"{parts.scheme}://{parts.netloc}")
    watch.attach(page)
    lab = Lab(page, watch)
    page.on("dialog", lambda d: (lab.dialogs.append(d.message), d.dismiss()))
    page.goto(site_url + LAB)
    expect(page.locator(".drift-lab .drift-options")).to_be_attached()
    if boot:
        expect(page.locator(".drift-lab .kit-runtime")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT)
    return context, lab


# --- the rules by which the lab writes numbers (tools/drift-lab/format.js), implemented independently
# here with exact decimal arithmetic, as the oracle the browser's formatting is checked against


def _round(x: float, places: int) -> Decimal:
    """``x`` rounded to ``places`` significant digits, halves away from zero, on its exact value
    (as JavaScript's toPrecision and toExponential do)."""
    d = Decimal(x)
    return d.quantize(Decimal(1).scaleb(d.adjusted() - places + 1), rounding=ROUND_HALF_UP)


def number_text(x: Any) -> str:
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if x == 0:
        return "0"
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    a = abs(x)
    if 1e-4 <= a < 1e6:
        return format(_round(x, 4).normalize(), "f")
    r = _round(x, 3)
    exponent = r.adjusted()
    mantissa = format(r.scaleb(-exponent).normalize(), "f")
    return f"{mantissa}e{exponent}"


def percent_text(share: Any) -> str:
    if share is None:
        return "n/a"
    return format(Decimal(share * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f") + "%"


def count_text(n: Any) -> str:
    return "n/a" if n is None else f"{int(n):,}"


def points_text(change: Any) -> str:
    if change is None:
        return "n/a"
    text = format(Decimal(abs(change) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")
    sign = "±" if text == "0.0" else "-" if change < 0 else "+"
    return f"{sign}{text} points"
