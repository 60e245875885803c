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


def _module_graph() -> dict[str, set[str]]:
    """Every module of the evaluator and the evaluator modules it imports (function-level imports
    included: they hide a cycle from Python's import machinery, not from a reader)."""
    paths = {}
    for path in (ROOT / "evaluator").rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        paths[".".join(parts)] = (path, is_package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in paths.items():
        package = name.split(".") if is_package else name.split(".")[:-1]
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - (node.level - 1)] if node.level else []
                module = ".".join(base + (node.module.split(".") if node.module else []))
                targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in paths else module for a in node.names]
            else:
                continue
            edges |= {t for t in targets if t in paths and t != name}
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups




def test_no_import_cycle_in_the_evaluator():
    graph = _module_graph()
    assert "evaluator.drift.engine" in graph and graph["evaluator.drift.engine"], "the graph finds the evaluator's imports"
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
