"""Screenshot the drift lab's states in Chromium: 390 px and 1280 px wide, light and dark.

    python -m scripts.screenshots_lab SITE_DIR OUT_DIR

States: empty (as the page opens), running (parsing a large pair), result (the example, in parts:
summary, columns, drift over time, a column in detail), error (a file that is not CSV) and the
options form. `scripts/screenshots` shoots static pages; this one drives the page to each state.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from scripts.browser import launch_args
from scripts.site_server import SiteServer

LAB = "tools/drift-lab/"
WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")
TIMEOUT = 180_000


def _numeric_csv(rows: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return ("a,b,c\n" + "".join(f"{rng.gauss(0, 1):.5f},{rng.gauss(1, 2):.5f},{rng.random():.5f}\n" for _ in range(rows))).encode()


def _part(page, selector: str, path: Path) -> None:
    """A viewport-high screenshot starting at ``selector`` (the sticky header hidden)."""
    page.locator(selector).first.scroll_into_view_if_needed()
    page.evaluate("(s) => { const e = document.querySelector(s); window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 8); }", selector)
    page.screenshot(path=str(path))


def shoot(site: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    big = _numeric_csv(400_000, 1), _numeric_csv(400_000, 2)
    count = 0
    with SiteServer(site, sub_path="/mlops-hiring-kit/") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_args())
        for scheme in SCHEMES:
            for width in WIDTHS:
                tag = f"{width}-{scheme}"
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                page.add_init_script("document.addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); s.textContent = '.md-header, .md-tabs { position: static !important; }'; document.head.append(s); })")
                page.goto(base + LAB)
                expect(page.locator(".drift-lab .drift-options")).to_be_attached()
                _part(page, ".drift-lab", out / f"lab-empty-{tag}.png")
                expect(page.locator(".drift-lab .kit-runtime")).to_have_attribute("data-state", "ready", timeout=TIMEOUT)
                page.locator(".drift-options > summary").click()
                _part(page, ".drift-options", out / f"lab-options-{tag}.png")
                page.locator(".drift-options > summary").click()
                # running: a large pair, shot while the worker parses it
                for role, data in zip(("reference", "current"), big):
                    page.locator(f'.drift-file[data-role="{role}"] input[type=file]').set_input_files(
                        files=[{"name": f"large-{role}.csv", "mimeType": "text/csv", "buffer": data}])
                page.get_by_role("button", name="Compare", exact=True).click()
                expect(page.locator(".drift-lab__stage")).to_contain_text("Reading large-", timeout=TIMEOUT)
                _part(page, ".drift-lab", out / f"lab-running-{tag}.png")
                page.locator(".drift-lab__run .drift-lab__stop").click()
                expect(page.locator(".drift-lab__announce")).to_contain_text("Stopped")
                _part(page, ".drift-lab", out / f"lab-stopped-{tag}.png")
                expect(page.locator(".drift-lab .kit-runtime")).to_have_attribute("data-state", "ready", timeout=TIMEOUT)
                # error: a file that is not CSV
                page.locator('.drift-file[data-role="current"] input[type=file]').set_input_files(
                    files=[{"name": "photo.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50}])
                page.get_by_role("button", name="Compare", exact=True).click()
                expect(page.locator(".drift-lab__error")).to_be_visible(timeout=TIMEOUT)
                _part(page, ".drift-lab__actions", out / f"lab-error-{tag}.png")
                # result: the example
                page.get_by_role("button", name="Load the example").click()
                expect(page.locator(".drift-lab__live .drift-report")).to_be_visible(timeout=TIMEOUT)
                for name, selector in (("result", ".drift-lab__live"), ("columns", ".drift-lab__live .drift-columns"),
                                       ("over-time", ".drift-lab__live .drift-over-time"), ("detail", ".drift-lab__live .drift-column")):
                    _part(page, selector, out / f"lab-{name}-{tag}.png")
                count += 9
                context.close()
        browser.close()
    return count


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    count = shoot(Path(argv[0]), Path(argv[1]))
    print(f"{count} screenshots in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
