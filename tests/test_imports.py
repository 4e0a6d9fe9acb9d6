"""App imports run one way (README, "Architecture"): no import hidden in a function, no cycle.

An import inside a function usually dodges a cycle, which says a boundary is wrong. The one
place Django asks for one is `AppConfig.ready()` (apps.py), which imports the app's signal
receivers once the models are loaded. Imports under `if TYPE_CHECKING:` are for the type
checker only and never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("partnership", "behaviours", "examples", "notifications", "people", "sso")


def _modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.Import | ast.ImportFrom, module: str) -> set[str]:
    """The app modules an import statement loads (a package's submodule when it names one)."""
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".")
            if MODULES[module].name != "__init__.py":
                package.pop()
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, *([base] if base else [])])
        names = {f"{base}.{alias.name}" for alias in node.names} | {base}
    found = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name.split(".")[0] in APPS:
            found.add(name)
    return found


def _scan() -> tuple[dict[str, set[str]], list[str]]:
    """The module-level import graph of the apps, and every import hidden in a function."""
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    hidden: list[str] = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node: ast.AST, function: str | None, *, module: str = module) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    visit(child, child.name)
                elif isinstance(child, ast.If) and _is_type_checking(child):
                    visit(ast.Module(body=child.orelse, type_ignores=[]), function)
                elif isinstance(child, ast.Import | ast.ImportFrom):
                    targets = _imported(child, module) - {module}
                    if function is None:
                        graph[module] |= targets
                    elif targets and not (module.endswith(".apps") and function == "ready"):
                        hidden.append(f"{module}.{function} (line {child.lineno}): {targets}")
                else:
                    visit(child, function)

        visit(tree, None)
    return graph, hidden


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, if it has any."""
    done: set[str] = set()
    path: list[str] = []

    def walk(module: str) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if found := walk(target):
                return found
        path.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        if found := walk(module):
            return found
    return None


def test_no_app_module_hides_an_import_of_app_code_inside_a_function() -> None:
    _graph, hidden = _scan()
    assert hidden == []


def test_the_apps_module_imports_have_no_cycle() -> None:
    graph, _hidden = _scan()
    assert _cycle(graph) is None


def test_people_sits_above_partnership_and_nothing_below_imports_it() -> None:
    # people/ (invitations, imports, the people page) builds on partnership's users and
    # organisations; the foundation never reaches up into it.
    graph, _hidden = _scan()
    below = ("partnership", "behaviours", "examples", "notifications")
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        if module.split(".")[0] in below
        for target in targets
        if target.split(".")[0] == "people"
    )
    assert upward == []
    assert "partnership.services" in graph["people.services"]


def test_the_scan_sees_imports_and_cycles() -> None:
    # The checks above would pass on a scan that finds nothing; this one would not.
    graph, _hidden = _scan()
    assert "partnership.models" in graph["behaviours.models"]
    assert "examples.models" in graph["examples.views"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_single_sign_on_sits_above_the_apps_it_uses() -> None:
    # sso reads organisations, members and invitations; none of those may depend on it.
    graph, _hidden = _scan()
    below = [
        f"{module} -> {target}"
        for module, targets in graph.items()
        if not module.startswith("sso")
        for target in targets
        if target.split(".")[0] == "sso"
    ]
    assert below == []
    assert "partnership.models" in graph["sso.models"]
