"""Every function in simulator/ fits in 60 lines of code, so each does one thing (measure, then paint;
parse, then decide).

A function's length is its lines holding code: blank lines, comment lines and its docstring do not
count, so saying why never costs a split. ruff's PLR0915 (50 statements) misses a function whose
statements are long calls the formatter spreads over many lines; this counts what a reader scrolls.
"""

from __future__ import annotations

import ast
from functools import cache

from simulator.paths import PROJECT_ROOT

LIMIT = 60
PACKAGE = PROJECT_ROOT / "simulator"

# Functions longer than LIMIT when this check came in, with their length then. The list may only
# shrink: none may grow, and one split to LIMIT or less must leave the list.
KNOWN_LONG: dict[str, int] = {
    # The YAML file `new` writes, as one template an author reads top to bottom (data, not logic).
    "scenario/starter.py::starter_yaml": 157,
    "bench/store.py::measure": 165,
    "bench/progress_db.py::build_progress_db": 96,
    "bench/ui.py::measure": 94,
    "bench/ui.py::probe_start_db": 61,
    "bench/validation.py::scenario": 82,
    "store/sqlite_progress.py::progress_summary": 88,
    "store/report_rows.py::count_calls": 77,
    "store/sqlite_store.py::SqliteStore._write": 66,
    "cli/report.py::_stream": 75,
    "ui/scenes/debrief.py::DebriefScene._option": 74,
    "ui/scenes/call_layout.py::_lay_out_right": 74,
}


def _code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    """The lines of ``node`` that hold code (not blank, not a comment, not its docstring)."""
    skip: set[int] = set()
    first = node.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        skip = set(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    end = node.end_lineno or node.lineno
    return sum(
        1
        for n in range(node.lineno, end + 1)
        if n not in skip and lines[n - 1].strip() and not lines[n - 1].strip().startswith("#")
    )


def function_lengths(source: str) -> dict[str, int]:
    """Each function and method of a module by qualified name (``Class.method``), with its length."""
    lines = source.splitlines()
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                found[name] = max(found.get(name, 0), _code_lines(child, lines))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


@cache  # both tests read the same sources: parsed once
def _all_lengths() -> dict[str, int]:
    return {
        f"{path.relative_to(PACKAGE).as_posix()}::{name}": length
        for path in sorted(PACKAGE.rglob("*.py"))
        for name, length in function_lengths(path.read_text(encoding="utf-8")).items()
    }


def test_every_function_fits_in_the_limit() -> None:
    lengths = _all_lengths()
    too_long = [
        f"simulator/{name}: {n} lines of code (limit {LIMIT})"
        for name, n in sorted(lengths.items())
        if n > LIMIT and name not in KNOWN_LONG
    ]
    grown = [
        f"simulator/{name}: {lengths[name]} lines of code, was {was}: split it by what it does"
        for name, was in KNOWN_LONG.items()
        if lengths.get(name, 0) > was
    ]
    assert too_long + grown == [], "split these by what they do:\n" + "\n".join(too_long + grown)


def test_the_list_of_long_functions_only_shrinks() -> None:
    lengths = _all_lengths()
    done = [name for name in KNOWN_LONG if lengths.get(name, 0) <= LIMIT]
    assert done == [], f"now within {LIMIT} lines (or gone): take them out of KNOWN_LONG: {done}"


def test_the_length_counts_code_only() -> None:
    source = (
        "class A:\n"
        "    def f(self):\n"
        '        """Docstring\n        over two lines."""\n'
        "        # a comment\n"
        "\n"
        "        x = call(\n            1,\n        )\n"
        "        def inner():\n            return x\n"
        "        return inner\n"
    )
    assert function_lengths(source) == {"A.f": 7, "A.f.inner": 2}
