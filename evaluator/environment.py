"""What the evaluator runs on: Python's version and which numeric libraries are installed.

Read without importing numpy or scipy: a pure-Python page in the browser installs neither, and
every import at boot is paid for in load time.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from . import __version__


def installed_version(distribution: str) -> str | None:
    """The installed version of a distribution, read from its .dist-info folder name.

    Cheaper than importlib.metadata (which pulls in email, zipfile and more).
    """
    prefix = distribution.replace("-", "_").lower() + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.lower().startswith(prefix) and name.endswith(".dist-info"):
                return name[len(prefix):-len(".dist-info")]
    return None


def describe() -> dict[str, Any]:
    return {
        "evaluator": __version__,
        "python": "{}.{}.{}".format(*sys.version_info[:3]),
        "platform": sys.platform,
        "libraries": {name: installed_version(name) for name in ("numpy", "scipy")},
    }
