"""Shared fixtures: the built site (built once per run) and a local server for it under a sub-path."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The site is served under a sub-path, as on GitHub Pages, so relative paths are tested for real.
SUB_PATH = "/mlops-hiring-kit/"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The built site: $MLOPS_KIT_SITE (scripts/test builds it once), else a fresh strict build."""
    given = os.environ.get("MLOPS_KIT_SITE")
    if given:
        path = Path(given)
        assert (path / "index.html").is_file(), f"MLOPS_KIT_SITE={given} holds no built site"
        return path
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT, check=True, env=env,
    )
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript"}

    def __init__(self, *args, site: Path, **kwargs):
        self._site = site
        super().__init__(*args, directory=str(site), **kwargs)

    def translate_path(self, path: str) -> str:
        # Only SUB_PATH exists; anything outside it is a 404, as on a real sub-path host.
        if not path.startswith(SUB_PATH):
            return str(self._site / "__outside_sub_path__")
        return super().translate_path("/" + path[len(SUB_PATH):])

    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A browser that drops a connection (a worker terminated mid-download) is not an error.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_server(site_dir):
    """Serve the built site at http://127.0.0.1:<port>/mlops-hiring-kit/ for the whole run."""
    handler = functools.partial(_QuietHandler, site=site_dir)
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(site_server) -> str:
    return site_server
