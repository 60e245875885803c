"""Benchmark: Lighthouse 12.2.3 on every page with a tool (and the home page as the baseline).

The built site is served under its sub-path with gzip (as GitHub Pages and any CDN serve it), and
Lighthouse runs each page in Debian's Chromium with its default settings (mobile emulation,
simulated throttling). The table gives the four category scores, the cumulative layout shift
(CLS), the largest contentful paint and the total blocking time. Scores depend on the machine's
load through Lighthouse's CPU benchmark: say under what load they were measured.
Each page runs --runs times (default 3) and the table gives the run with the median performance
score, with the machine's load average before and after, so one noisy run does not decide a row.
Run by hand: scripts/bench-lighthouse [--pages tools/jd-builder/ ...] [--runs 3] [--keep DIR] [--preset desktop].
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

SUB_PATH = "/mlops-hiring-kit/"
PAGES = [
    ("Home (baseline)", ""),
    ("Drift lab", "tools/drift-lab/"),
    ("Self-assessment", "tools/self-assessment/"),
    ("JD templates", "tools/jd-templates/"),
    ("JD builder", "tools/jd-builder/"),
    ("JD linter", "tools/jd-linter/"),
    ("Pay explorer", "tools/pay-explorer/"),
    ("Team helper", "tools/team-helper/"),
    ("Interview variants", "interview/variants/"),
    ("Runtime check", "about/runtime-check/"),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".xml", ".md", ".csv", ".map")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under SUB_PATH; text files gzip-compressed when the client accepts it."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript"}

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return "/nonexistent/__outside_sub_path__"
        return super().translate_path("/" + path[len(SUB_PATH):])

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?", 1)[0].split("#", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # Lighthouse closes connections mid-download (the runtime's large files) when a run ends.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def serve(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = lambda *a, **k: GzipHandler(*a, directory=str(site), **k)  # noqa: E731
    server = _Server(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_lighthouse(lighthouse: str, url: str, preset: str | None, keep: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [lighthouse, url, "--output=json", f"--output-path={out}", "--quiet",
               f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
        if preset:
            cmd.append(f"--preset={preset}")
        env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
        text = out.read_text(encoding="utf-8")
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            name = url.split(SUB_PATH, 1)[1].strip("/").replace("/", "_") or "home"
            n = len(list(keep.glob(f"{name}.*.json")))
            (keep / f"{name}.{n + 1}.json").write_text(text, encoding="utf-8")
        return json.loads(text)


def median_run(reports: list[dict]) -> dict:
    """The run with the median performance score (the lower middle one for an even count)."""
    ranked = sorted(reports, key=lambda r: r["categories"]["performance"]["score"] or 0)
    return ranked[(len(ranked) - 1) // 2]


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def row(name: str, report: dict) -> list[str]:
    cats = report["categories"]
    audits = report["audits"]
    scores = [str(round(100 * cats[c]["score"])) if cats[c]["score"] is not None else "n/a" for c in CATEGORIES]
    cls = audits["cumulative-layout-shift"]["numericValue"]
    lcp = audits["largest-contentful-paint"]["numericValue"] / 1000
    tbt = audits["total-blocking-time"]["numericValue"]
    failed = [a for c in CATEGORIES[1:] for ref in cats[c]["auditRefs"]
              if (a := audits[ref["id"]]).get("score") is not None and a["score"] < 1 and ref.get("weight", 0) > 0]
    notes = ", ".join(sorted({a["id"] for a in failed}))
    return [name, *scores, f"{cls:.3f}", f"{lcp:.1f} s", f"{tbt:.0f} ms", notes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8431)
    parser.add_argument("--lighthouse", required=True)
    parser.add_argument("--pages", nargs="*", help="paths under the site (default: every tool page and the home page)")
    parser.add_argument("--preset", choices=["desktop"], default=None, help="Lighthouse's desktop preset (default: mobile)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the table shows the median (default 3)")
    parser.add_argument("--keep", type=Path, help="keep every run's Lighthouse JSON report in this folder")
    args = parser.parse_args(argv)
    pages = [(p, p) for p in args.pages] if args.pages else PAGES
    server = serve(args.site.resolve(), args.port)
    header = ["page", "performance", "all runs", "accessibility", "best practices", "SEO", "CLS", "LCP", "TBT", "audits below 100"]
    rows = []
    load_before = load_average()
    try:
        for name, path in pages:
            url = f"http://127.0.0.1:{args.port}{SUB_PATH}{path}"
            try:
                reports = [run_lighthouse(args.lighthouse, url, args.preset, args.keep) for _ in range(max(1, args.runs))]
                scores = [str(round(100 * (r["categories"]["performance"]["score"] or 0))) for r in reports]
                cells = row(name, median_run(reports))
                rows.append([cells[0], cells[1], "/".join(scores), *cells[2:]])
            except (subprocess.SubprocessError, OSError, KeyError, json.JSONDecodeError) as exc:
                rows.append([name, "failed", "", "", "", "", "", "", "", str(exc)[:80]])
            print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    finally:
        server.shutdown()
    print(f"load average (1, 5, 15 min) before: {load_before}; after: {load_average()}; "
          f"{max(1, args.runs)} run(s) per page, median by performance", file=sys.stderr)
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    if args.json:
        args.json.write_text(json.dumps([dict(zip(header, r)) for r in rows], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
