"""The code keeps its layers: domains never import the api or the dispatcher, unit tests never
need MkDocs or a browser, and nothing edits sys.path to find the kit's own code."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_PACKAGES = ["drift", "tables", "performance", "interview", "pay", "assessment", "jd", "team", "lab"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ("." * node.level) + (node.module or "")
            names.add(base)
            names |= {f"{base}.{a.name}" if node.module else f"{base}{a.name}" for a in node.names}
    return names


def test_domains_never_import_the_api_the_cli_or_the_dispatcher():
    for package in DOMAIN_PACKAGES:
        for path in (ROOT / "evaluator" / package).rglob("*.py"):
            bad = {n for n in _imports(path) if n.lstrip(".").split(".")[-1] in ("api", "cli", "dispatch") or
                   n.startswith(("evaluator.api", "evaluator.cli", "evaluator.dispatch", "..api", "..cli", "..dispatch"))}
            assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_unit_tests_need_neither_mkdocs_nor_a_browser():
    for path in (ROOT / "tests" / "unit").rglob("*.py"):
        heavy = {n for n in _imports(path) if n.split(".")[0] in ("mkdocs", "material", "playwright") or n.startswith("scripts.hooks")}
        assert not heavy, f"{path.relative_to(ROOT)} imports {sorted(heavy)}"


def test_no_code_edits_sys_path_to_find_the_kit():
    for folder in ("evaluator", "scripts", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == Path(__file__).resolve():
                continue
            text = path.read_text(encoding="utf-8")
            assert "sys.path.insert" not in text and "sys.path.append" not in text, path.relative_to(ROOT)


def test_the_evaluator_never_imports_the_build_tools():
    for path in (ROOT / "evaluator").rglob("*.py"):
        bad = {n for n in _imports(path) if n.split(".")[0] in ("mkdocs", "material", "jinja2", "scripts", "playwright")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
