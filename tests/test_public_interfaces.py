"""Tests reach the game only through its public names, so a refactor that keeps behaviour keeps them green.

Read from the test sources with ``ast``, as tests/test_architecture.py reads the package: no
``from simulator... import _name``, no ``thing._name`` (except a test class's own ``self._name``,
and names of other libraries such as ``pygame._sdl2``), no ``setattr``/``getattr``/``monkeypatch``
with a ``"_name"``, and the same inside Python code a test hands to a child process as a string.
Where a test needs a fault or a seam, the package offers a public one (a ``connect`` for the store,
a ``known_ceiling`` for a restored call, the YAML ``Parser``, ``forget_exercise``).
"""

from __future__ import annotations

import ast
import re
import textwrap
import warnings
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# A namedtuple's documented methods start with an underscore so they never clash with a field.
NAMEDTUPLE_API = frozenset({"_replace", "_asdict", "_fields", "_make"})
REFLECTION = frozenset({"setattr", "getattr", "hasattr", "delattr"})


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in NAMEDTUPLE_API


def _other_libraries(tree: ast.AST) -> set[str]:
    """Names a file binds to modules of other libraries (``import pygame``, ``from yaml import x``)."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "simulator":
                    bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            if (node.module or "").split(".")[0] != "simulator":
                bound.update(alias.asname or alias.name for alias in node.names)
    return bound


def _root(node: ast.expr) -> str | None:
    """The plain name an attribute chain starts from (``a`` in ``a.b[0].c``), if any."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _reach(node: ast.AST, others: set[str]) -> str | None:
    """What ``node`` reaches that is private to the package, in words, or None."""
    if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("simulator"):
        hidden = [a.name for a in node.names if _private(a.name)]
        return f"imports {', '.join(hidden)} from {node.module}" if hidden else None
    if isinstance(node, ast.Attribute) and _private(node.attr):
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            return None  # a test's own helper class using its own state
        if _root(owner) in others:
            return None
        return f"reads {ast.unparse(node)}"
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if name in REFLECTION and any(isinstance(a, str) and _private(a) for a in args):
            return f"uses {ast.unparse(node)}"
        dotted = [a for a in args if isinstance(a, str) and a.startswith("simulator.")]
        if name in REFLECTION and any(_private(part) for a in dotted for part in a.split(".")):
            return f"uses {ast.unparse(node)}"
    return None


def _as_python(text: str) -> ast.Module | None:
    """``text`` parsed as Python, also when it is a ``str.format`` template; None when it is not code."""
    code = textwrap.dedent(text)
    filled = re.sub(r"(?<!\{)\{\w+(![rs])?\}(?!\})", "None", code)
    for attempt in (code, filled.replace("{{", "{").replace("}}", "}")):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a string's own escapes are not ours to judge
                return ast.parse(attempt)
        except SyntaxError:
            continue
    return None


def _code_in_strings(tree: ast.AST) -> list[tuple[int, ast.Module]]:
    """Multi-line strings that are Python (scripts a test runs in a child process), by first line."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value:
            parsed = _as_python(node.value)
            if parsed is not None:
                found.append((node.lineno - 1, parsed))
    return found


def private_reaches(source: str) -> list[tuple[int, str]]:
    """Each line of a test file that reaches a private name of the package, with what it reaches."""
    tree = ast.parse(source)
    found = []
    for offset, part in [(0, tree), *_code_in_strings(tree)]:
        others = _other_libraries(part)
        for node in ast.walk(part):
            what = _reach(node, others)
            if what is not None:
                found.append((offset + getattr(node, "lineno", 0), what))
    return sorted(found)


def test_no_test_reaches_private_state_of_the_package() -> None:
    found = [
        f"{path.relative_to(TESTS)}:{line}: {what}"
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__).resolve()  # this file's examples of what is caught
        for line, what in private_reaches(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "tests must use public interfaces:\n" + "\n".join(found)


def test_each_kind_of_private_reach_is_caught() -> None:
    child = (
        'CHILD = """\n    import sys\n    sys.path[:0] = [{root!r}]\n    store = open_store(sys.argv[1])\n'
        '    store._conn.execute("SELECT {{x: 1}}")\n    """.format(root="/")\n'
    )
    cases = {
        "from simulator.cli.report import _rubric_titles\n": "imports _rubric_titles",
        "store = open_store(p)\nstore._conn.close()\n": "reads store._conn",
        "self.app.store._conn.close()\n": "reads self.app.store._conn",
        "monkeypatch.setattr(store, '_write', full)\n": "uses monkeypatch.setattr",
        "monkeypatch.setattr('simulator.paths._on_disk', f)\n": "uses monkeypatch.setattr",
        "getattr(conv, '_ceiling')\n": "uses getattr",
        child: "reads store._conn",
    }
    for source, what in cases.items():
        found = private_reaches(source)
        assert found and what in found[0][1], (source, found)
    allowed = (
        "import pygame\npygame._sdl2.audio\n"
        "class Fake:\n    def go(self):\n        return self._seen\n"
        "point = Point(1, 2)._replace(x=3)\n"
        "from simulator.store import exercise_cache\nexercise_cache.forget()\n"
    )
    assert private_reaches(allowed) == []
