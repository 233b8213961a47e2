"""The package's layers: imports only point down, and no module imports itself round a cycle.

Read from the source with ``ast``: every import, absolute or relative, at module level or inside a
function, so an import hidden in a function to dodge a cycle is still an arrow. Imports under
``if TYPE_CHECKING:`` never run, so they cannot make a cycle, but they must still point down.
"""

from __future__ import annotations

import ast
from pathlib import Path

from simulator.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "simulator"

# Top to bottom; a module may import its own layer and the layers below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("simulator.cli", "simulator.bench", "simulator.__main__"),
    ("simulator.ui", "simulator.reports", "simulator.studio", "simulator.lrs"),
    ("simulator.voice", "simulator.listen", "simulator.analysis", "simulator.store"),
    ("simulator.engine", "simulator.validation"),
    ("simulator.scenario", "simulator.schema"),
    ("simulator.clock", "simulator.paths", "simulator"),
)


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


def _absolute(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The module a ``from ... import`` names, with a relative one (``from .x``) made absolute."""
    if node.level == 0:
        return node.module or ""
    parts = importer.split(".") if is_package else importer.split(".")[:-1]
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(
    tree: ast.AST, importer: str = "", is_package: bool = False, *, type_only: bool = False
) -> list[str]:
    """Module names imported anywhere in ``tree``; those under ``if TYPE_CHECKING:`` only with ``type_only``."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test) and not type_only:
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            module = _absolute(node, importer, is_package)
            found.extend(f"{module}.{a.name}" for a in node.names)
            found.append(module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _runtime_imports(tree: ast.AST, importer: str = "", is_package: bool = False) -> list[str]:
    """Module names imported anywhere in ``tree`` except inside ``if TYPE_CHECKING:`` blocks."""
    return _imports(tree, importer, is_package)


def import_graph(*, type_only: bool = False) -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports (at run time, or at all)."""
    mods = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        targets = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        for imported in _imports(tree, name, is_package, type_only=type_only):
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
    for root, targets in graph.items():
        if root in index:
            continue
        work = [(root, iter(sorted(targets)))]
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
    # Type-only imports count too: a lower layer must not even name an upper layer's types.
    upward = [
        f"{src} -> {dst}"
        for src, targets in sorted(import_graph(type_only=True).items())
        for dst in sorted(targets)
        if layer_of(dst) > layer_of(src)
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    # Any cycle fails, in any layer: scenes open each other by name (simulator.ui.scene_registry).
    assert sorted(map(sorted, cycles(import_graph()))) == []


def test_the_walk_sees_an_upward_import_and_a_cycle() -> None:
    # The checks above are only as good as the walk: a hand-made graph proves they can fail.
    graph = {
        "simulator.scenario.model": {"simulator.engine.best"},
        "simulator.engine.best": {"simulator.scenario.model"},
    }
    assert layer_of("simulator.engine.best") > layer_of("simulator.scenario.model")
    assert cycles(graph) == [frozenset(graph)]
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import simulator.ui.app\n"
        "def f():\n    from simulator.engine import best\n"
    )
    assert "simulator.ui.app" not in _runtime_imports(tree)
    assert "simulator.ui.app" in _imports(tree, type_only=True)
    assert "simulator.engine.best" in _runtime_imports(tree)
    # Relative imports are arrows too, resolved from the importing module (or package).
    relative = ast.parse("from . import scoring\nfrom ..scenario.model import Node\n")
    found = _runtime_imports(relative, "simulator.engine.best")
    assert {"simulator.engine.scoring", "simulator.scenario.model"} <= set(found)
    assert "simulator.engine.scoring" in _runtime_imports(
        ast.parse("from .scoring import x\n"), "simulator.engine", is_package=True
    )
