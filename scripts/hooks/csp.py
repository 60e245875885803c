"""MkDocs hook: fill each page's Content-Security-Policy meta tag, allowing inline scripts by hash.

`overrides/main.html` puts `<meta http-equiv="Content-Security-Policy" content="__CSP__">` at the
top of <head>. After a page is rendered, this hook hashes the page's own inline scripts (Material's
small bootstrap scripts, whose text differs with the page's depth) and writes the policy. No
'unsafe-inline' and no 'unsafe-eval' for scripts.

The exceptions, and why:
- style-src 'unsafe-inline': Mermaid writes <style> elements into the SVG it renders, and
  Material sets a few inline style attributes; styles cannot run code.
- img-src data:: Material's icons are data: URIs in its CSS (mask images).
- worker-src 'self': the evaluator runs in a Web Worker loaded from this site (and Material's
  search worker). WebAssembly compiles inside that worker, which a page's meta policy does not
  govern, so no 'wasm-unsafe-eval' is needed here.

Under `mkdocs serve` (scripts/serve), MkDocs adds its live-reload script to every HTML response
after the build, so that script is not among the hashes. `on_serve` wraps the server's injection
and fills the policy again for each response, with the hash of the script as actually injected:
the policy stays exactly as strict (no 'unsafe-inline'), and the published site is untouched.
"""

from __future__ import annotations

import base64
import hashlib
import re

PLACEHOLDER = "__CSP__"
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_DATA_TYPES = ("application/json", "application/ld+json", "text/template")


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs").lower()
        if "src=" in attrs or any(t in attrs for t in _DATA_TYPES):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        token = f"'sha256-{base64.b64encode(digest).decode()}'"
        if token not in hashes:
            hashes.append(token)
    return hashes


def policy(html: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(inline_script_hashes(html)),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def _fill(html: str) -> str:
    if PLACEHOLDER not in html:
        return html
    return html.replace(PLACEHOLDER, policy(html), 1)


_POLICY_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')


def refill(html: str) -> str:
    """The page's policy again, from the inline scripts it holds now (after live reload's injection)."""
    return _POLICY_META.sub(lambda m: m[1] + policy(html) + m[3], html, count=1)


def on_post_page(output: str, page, config) -> str:
    return _fill(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return _fill(output_content)


def on_serve(server, config, builder):
    """Allow MkDocs' live-reload script by its hash in each served page (see the module's docstring)."""
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:
        raise RuntimeError(
            "MkDocs' live-reload server no longer has _inject_js_into_html; update scripts/hooks/csp.py "
            "for this MkDocs version, or every served page would block live reload"
        )

    def inject_and_allow(content: bytes, epoch: int) -> bytes:
        return refill(inject(content, epoch).decode("utf-8")).encode("utf-8")

    server._inject_js_into_html = inject_and_allow
    return server
