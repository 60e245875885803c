"""Screenshot every page of a built site in Chromium: 390 px and 1280 px wide, light and dark.

    scripts/screenshots [OUT_DIR] [PAGE_FILTER]

Look at the PNGs before a release. PAGE_FILTER is a substring of the page path ("guide/").
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from scripts.browser import launch_args
from scripts.site_server import SiteServer

WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")


def page_paths(site: Path, only: str = "") -> list[str]:
    paths = sorted(
        p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
        if p.relative_to(site).parts[0] not in ("assets", "search", "runtime")
    )
    return [("" if p == "." else p + "/") for p in paths if only in p]


def settle(page) -> None:
    """Wait for what changes a page's look after load: Mermaid diagrams, fonts, mounted tools.

    No `wait_for_function` with a string: when its first check fails, Playwright polls it with
    eval() inside the page, which the site's CSP forbids. Locators and one-shot evaluate() are safe.
    """
    # Material swaps each <pre class="mermaid"> for a div with a closed shadow root.
    expect(page.locator("pre.mermaid")).to_have_count(0, timeout=15_000)
    page.evaluate("document.fonts.ready.then(() => document.fonts.status)")
    expect(page.locator("[data-tool][data-tool-mounted='loading']")).to_have_count(0)


def shoot(site: Path, out: Path, only: str = "") -> int:
    out.mkdir(parents=True, exist_ok=True)
    paths = page_paths(site, only)
    with SiteServer(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_args())
        for scheme in SCHEMES:
            for width in WIDTHS:
                ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = ctx.new_page()
                for path in paths:
                    page.goto(base + path, wait_until="load")
                    settle(page)
                    name = (path.strip("/").replace("/", "_") or "home") + f"-{width}-{scheme}.png"
                    page.screenshot(path=str(out / name), full_page=True)
                ctx.close()
        browser.close()
    return len(paths) * len(SCHEMES) * len(WIDTHS)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    site, out = Path(argv[0]), Path(argv[1])
    count = shoot(site, out, argv[2] if len(argv) > 2 else "")
    print(f"{count} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
