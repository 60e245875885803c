"""Serve a built site from a local folder under a sub-path, as a static host would (tests, benchmarks, screenshots)."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def __init__(self, *args, site: Path, sub_path: str, extra: dict[str, tuple[str, bytes]], **kwargs):
        self._site, self._sub_path, self._extra = site, sub_path, extra
        super().__init__(*args, directory=str(site), **kwargs)

    def do_GET(self) -> None:
        if self.path in self._extra:
            content_type, body = self._extra[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        # Only the sub-path exists; anything outside it is a 404, as on a real sub-path host.
        if not path.startswith(self._sub_path):
            return str(self._site / "__outside_sub_path__")
        return super().translate_path("/" + path[len(self._sub_path):])

    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A browser that drops a connection (a worker terminated mid-download) is not an error.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class SiteServer:
    """``with SiteServer(site, port=0, sub_path="/kit/") as url: ...`` serves ``site`` at ``url``.

    ``extra`` maps absolute request paths to ``(content type, body)`` served beside the site
    (a benchmark's own worker, for instance)."""

    def __init__(self, site: Path, port: int = 0, sub_path: str = "/", extra: dict[str, tuple[str, bytes]] | None = None):
        handler = functools.partial(_Handler, site=Path(site), sub_path=sub_path, extra=extra or {})
        self._server = _Server(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{sub_path}"

    def __enter__(self) -> str:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
