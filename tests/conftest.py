"""Shared fixtures: the built site (built once per run) and a local server for it under a sub-path."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import vendor
from scripts.site_server import SiteServer

ROOT = Path(__file__).resolve().parents[1]
# The site is served under a sub-path, as on GitHub Pages, so relative paths are tested for real.
SUB_PATH = "/mlops-hiring-kit/"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With pytest-xdist's `--dist loadgroup` (scripts/test runs `-n 2 --dist loadgroup`), every
    browser test (tests/e2e) goes to one worker, in order: one Chromium and one site server at a
    time, as in a serial run; the unit and site tests go one by one to whichever worker is free.

    (xdist's own `xdist_group` marker cannot do this under pytest 9.2: it renames node ids, which
    pytest 9.2 no longer lets a plugin do.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsOnOneWorker(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "e2e" if nodeid.startswith("tests/e2e/") else nodeid

    return BrowserTestsOnOneWorker(config, log)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Material's instant navigation only intercepts links under the site_url it was built with (port
# included), so the site is built for the address the tests serve it at. scripts/test picks the
# port and builds once; a bare `pytest` run picks one here and builds itself.
PORT = int(os.environ.get("MLOPS_KIT_TEST_PORT") or _free_port())
SITE_URL = f"http://127.0.0.1:{PORT}{SUB_PATH}"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The built site: $MLOPS_KIT_SITE (scripts/test builds it once), else a fresh strict build."""
    given = os.environ.get("MLOPS_KIT_SITE")
    if given:
        path = Path(given).resolve()
        assert (path / "index.html").is_file(), f"MLOPS_KIT_SITE={given} holds no built site"
        return path
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MLOPS_KIT_SITE_URL=SITE_URL)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT, check=True, env=env,
    )
    return out


@pytest.fixture(scope="session")
def site_server(site_dir):
    """Serve the built site at SITE_URL for the whole run."""
    with SiteServer(site_dir, port=PORT, sub_path=SUB_PATH) as url:
        assert url == SITE_URL
        yield url


@pytest.fixture(scope="session")
def site_url(site_server) -> str:
    return site_server


@pytest.fixture
def cache_copy(tmp_path, monkeypatch):
    """A private copy of the verified runtime cache that a test may break."""
    real = vendor.cache_dir()
    if vendor.problems():
        pytest.fail(f"the runtime cache at {real} is not verified; run scripts/fetch-runtime")
    copy = tmp_path / "cache"
    shutil.copytree(real, copy)
    monkeypatch.setenv("MLOPS_KIT_CACHE", str(copy))
    return copy
