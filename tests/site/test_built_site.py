"""The built site as files: pages, links, anchors, descriptions, CSP, the runtime and the wheel."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from scripts import vendor
from scripts.wheel import data_files


class PageParser(HTMLParser):
    """Collects the title, the meta tags and the inline scripts of a page. (Links, anchors and what
    a page loads are checked for every page by test_content.py.)"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        self.inline_scripts: list[str] = []
        self._in_title = False
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        if tag == "meta":
            key = a.get("name") or a.get("http-equiv")
            if key:
                self.meta[key.lower()] = a.get("content", "")
        if tag == "script" and "src" not in a and "json" not in (a.get("type") or ""):
            self._script = []

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._script is not None:
            self._script.append(data)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def parsed(site_dir):
    return {p: _parse(p) for p in _pages(site_dir)}


def test_every_page_has_a_title_and_its_own_description(parsed, site_dir):
    assert len(parsed) >= 4
    site_description = " ".join(
        re.search(r"^site_description:\s*(.+)$", (ROOT / "mkdocs.yml").read_text(), re.M).group(1).split()
    )
    for path, page in parsed.items():
        rel = path.relative_to(site_dir)
        assert page.title.strip(), f"{rel}: no <title>"
        desc = page.meta.get("description", "")
        assert len(desc) >= 40, f"{rel}: meta description missing or too short: {desc!r}"
        if rel.name == "index.html" and rel.parent != Path("."):
            assert desc != site_description, f"{rel}: uses the site-wide description; give the page its own"


THIRD_PARTY = re.compile(r"""(?:https?:)?//(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*""", re.I)
# A URL in these places is inert: XML namespaces, licence comments and plain hyperlinks.
INERT = re.compile(r"^(?:https?:)?//(?:www\.w3\.org/|www\.sitemaps\.org/)")


def test_no_third_party_url_in_our_css_and_javascript(site_dir):
    ours = [*site_dir.glob("assets/stylesheets/*.css"), *site_dir.glob("assets/javascripts/*.js"),
            *site_dir.glob("assets/javascripts/**/*.js")]
    ours = [p for p in ours if not p.name.startswith(("bundle.", "main.", "palette.")) and "workers" not in p.parts and "lunr" not in p.parts]
    assert any(p.name == "client.js" for p in ours)
    for path in ours:
        urls = [u for u in THIRD_PARTY.findall(path.read_text(encoding="utf-8")) if not INERT.match(u)]
        assert not urls, f"{path.relative_to(site_dir)} mentions {urls}"


def test_material_bundle_loads_mermaid_from_this_site(site_dir):
    (bundle,) = site_dir.glob("assets/javascripts/bundle.*.min.js")
    text = bundle.read_text(encoding="utf-8")
    assert "unpkg.com/mermaid" not in text
    local = re.search(r'new URL\("(assets/vendor/mermaid-[\d.]+/mermaid\.min\.js)",__md_scope\)', text)
    assert local and (site_dir / local.group(1)).is_file()


def test_every_page_has_a_csp_that_allows_exactly_its_inline_scripts(parsed, site_dir):
    for path, page in parsed.items():
        rel = path.relative_to(site_dir)
        csp = page.meta.get("content-security-policy")
        assert csp, f"{rel}: no Content-Security-Policy"
        directives = dict((d.split()[0], d.split()[1:]) for d in csp.split(";") if d.strip())
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        scripts = directives["script-src"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, rel
        needed = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in page.inline_scripts}
        assert needed == set(scripts) - {"'self'"}, f"{rel}: CSP hashes do not match the inline scripts"
        head = path.read_text(encoding="utf-8").split("<head>", 1)[1]
        assert head.index("Content-Security-Policy") < head.index("<script"), f"{rel}: CSP must precede scripts"


def test_runtime_in_the_site_is_exactly_the_pinned_files(site_dir):
    manifest = json.loads((site_dir / "runtime/manifest.json").read_text())
    assert manifest["pyodide_version"] == vendor.PYODIDE_VERSION
    runtime = site_dir / "runtime" / manifest["pyodide"]
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    expected = dict(vendor.PYODIDE_CORE) | vendor.package_files(lock)
    assert {"numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", "openblas-0.3.26.zip"} <= set(expected)
    shipped = {p.name for p in runtime.iterdir()}
    assert shipped == set(expected), f"only the files the site uses are shipped; extra: {shipped - set(expected)}"
    for name, digest in expected.items():
        assert vendor.sha256(runtime / name) == digest, name


def test_the_wheel_is_pure_python_and_holds_the_current_evaluator(site_dir):
    manifest = json.loads((site_dir / "runtime/manifest.json").read_text())
    wheel = site_dir / "runtime" / manifest["wheel"]
    assert wheel.name.endswith("-py3-none-any.whl")
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == manifest["wheel_sha256"]
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        sources = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "evaluator").rglob("*.py"))
        assert set(sources) <= names
        for name in sources:
            assert zf.read(name) == (ROOT / name).read_bytes(), f"{name} in the wheel differs from the source"
        assert not [n for n in names if n.endswith((".pyc", ".so"))]
        # The maintainers' data files ride along, byte for byte, so the browser reads what the build checked.
        bundled = data_files()
        assert "evaluator/_data/data/compensation.toml" in bundled and "evaluator/_data/interview/data/scorecards.toml" in bundled
        for name, source in bundled.items():
            assert zf.read(name) == source.read_bytes(), f"{name} in the wheel differs from {source}"
        # and the wheel's RECORD lists every file with its hash, as installers expect
        (record,) = [n for n in names if n.endswith(".dist-info/RECORD")]
        listed = {line.split(",")[0]: line.split(",")[1] for line in zf.read(record).decode().splitlines()}
        assert set(listed) == names
        for name in names - {record}:
            digest = base64.urlsafe_b64encode(hashlib.sha256(zf.read(name)).digest()).rstrip(b"=").decode()
            assert listed[name] == "sha256=" + digest, name


def test_no_runtime_file_is_committed():
    tracked = __import__("subprocess").run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [t for t in tracked if t.endswith((".wasm", ".whl", "pyodide.js", "python_stdlib.zip", "mermaid.min.js"))]
