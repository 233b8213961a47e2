"""Ways to show problems: standard lines, lines with the source, GitHub annotations."""

from __future__ import annotations

from pathlib import Path

from simulator.scenario.problems import Problem

FORMATS: tuple[str, ...] = ("standard", "context", "github")


def standard(problem: Problem) -> str:
    """``file:line:col: severity: message [rule]``."""
    return str(problem)


def github(problem: Problem) -> str:
    """A GitHub Actions workflow annotation."""
    msg = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    p = problem.pos
    return f"::{problem.severity.value} file={p.file},line={p.line},col={p.col},title={problem.rule}::{msg}"


def context(problem: Problem, lines_cache: dict[str, list[str]]) -> str:
    """The standard line, then the offending source line with a caret under the column."""
    head = standard(problem)
    path = problem.pos.file
    if path not in lines_cache:
        try:
            lines_cache[path] = Path(path).read_text("utf-8", errors="replace").splitlines()
        except OSError:
            lines_cache[path] = []
    src = lines_cache[path]
    if not 1 <= problem.pos.line <= len(src):
        return head
    line = src[problem.pos.line - 1].replace("\t", " ")
    caret = " " * (problem.pos.col - 1) + "^"
    num = f"{problem.pos.line:>5} | "
    return f"{head}\n{num}{line}\n{' ' * (len(num) - 2)}| {caret}"


def render(problems: list[Problem], fmt: str) -> list[str]:
    """Every problem as text in format ``fmt``."""
    if fmt == "github":
        return [github(p) for p in problems]
    if fmt == "context":
        cache: dict[str, list[str]] = {}
        return [context(p, cache) for p in problems]
    return [standard(p) for p in problems]
