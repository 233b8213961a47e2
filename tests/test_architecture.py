"""The package's layers: imports only point down, and no module imports itself in a cycle.

Read from the source with ``ast`` (every import, at module level or inside a function, except
those under ``if TYPE_CHECKING:``, which never run), so an import hidden in a function to dodge a
cycle is still an arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

from simulator.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "simulator"

# Top to bottom; a module may import its own layer and the layers below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("simulator.cli", "simulator.bench", "simulator.__main__"),
    ("simulator.ui", "simulator.reports", "simulator.studio"),
    ("simulator.voice", "simulator.analysis", "simulator.store"),
    ("simulator.engine", "simulator.validation"),
    ("simulator.scenario", "simulator.schema"),
    ("simulator.clock", "simulator.paths", "simulator"),
)

# Scenes open each other by name (simulator.ui.scene_registry), so no pair imports each other any
# more; the test below fails on any cycle, so this list stays empty.
KNOWN_UI_CYCLES: tuple[frozenset[str], ...] = ()


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


def _runtime_imports(tree: ast.AST) -> list[str]:
    """Module names imported anywhere in ``tree`` except inside ``if TYPE_CHECKING:`` blocks."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.extend(f"{node.module}.{a.name}" for a in node.names)
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports."""
    mods = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        targets = set()
        for imported in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if imported in mods and imported != name and not name.startswith(imported + "."):
                targets.add(imported)
        graph[name] = targets
    return graph


def layer_of(module: str) -> int:
    """The module's layer, counted from the bottom (0 for a name outside the listed layers)."""
    for depth, names in enumerate(LAYERS):
        for top in names:
            if module == top or (top != "simulator" and module.startswith(top + ".")):
                return len(LAYERS) - depth
    return 0


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[frozenset[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_every_module_sits_in_a_layer() -> None:
    assert [m for m in import_graph() if layer_of(m) == 0] == []


def test_imports_only_point_down() -> None:
    upward = [
        f"{src} -> {dst}"
        for src, targets in sorted(import_graph().items())
        for dst in sorted(targets)
        if layer_of(dst) > layer_of(src)
    ]
    assert upward == []


def test_no_import_cycle_beyond_the_known_ui_pairs() -> None:
    assert sorted(map(sorted, cycles(import_graph()))) == sorted(map(sorted, KNOWN_UI_CYCLES))


def test_the_walk_sees_an_upward_import_and_a_cycle() -> None:
    # The checks above are only as good as the walk: a hand-made graph proves they can fail.
    graph = {
        "simulator.scenario.model": {"simulator.engine.best"},
        "simulator.engine.best": {"simulator.scenario.model"},
    }
    assert layer_of("simulator.engine.best") > layer_of("simulator.scenario.model")
    assert cycles(graph) == [frozenset(graph)]
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import simulator.ui.app\ndef f():\n    from simulator.engine import best\n"
    )
    assert "simulator.ui.app" not in _runtime_imports(tree)
    assert "simulator.engine.best" in _runtime_imports(tree)
