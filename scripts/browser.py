"""Debian's Chromium as the tests, benchmarks and screenshots launch it (one set of flags for all)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium phones home at start; here that is refused and
# would be noise. None of these flags changes how pages load or run.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_args() -> dict:
    """Keyword arguments for Playwright's ``chromium.launch``."""
    if not os.path.exists(CHROMIUM):
        raise FileNotFoundError(f"{CHROMIUM} not found: scripts/test installs Debian's chromium (apt-get install chromium)")
    return {"executable_path": CHROMIUM, "args": list(CHROMIUM_ARGS)}
