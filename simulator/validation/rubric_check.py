"""Checks for the rubric file itself, and loading a rubric file through them."""

from __future__ import annotations

from pathlib import Path

from simulator.scenario.located import YMap
from simulator.scenario.problems import Problem, did_you_mean, error, warning
from simulator.scenario.rubric import CUSTOMER_KEYS, Rubric, rubric_from_doc
from simulator.scenario.yaml_loader import load_file
from simulator.validation.schema_walk import SchemaWalker, load_schema


def check_rubric(doc: YMap, path: str, walker: SchemaWalker) -> list[Problem]:
    """Schema findings for a rubric, plus mechanics that name unknown principles."""
    problems = [
        (warning if f.warning else error)(f.pos, f.message, f.rule) for f in walker.run(doc)
    ]
    principles = doc.get("principles")
    names = list(principles) if isinstance(principles, YMap) else []
    mechanics = doc.get("mechanics")
    if isinstance(mechanics, YMap):
        for adj in mechanics.items.values():
            if not isinstance(adj, YMap):
                continue
            for key in adj:
                if key not in names and key not in CUSTOMER_KEYS:
                    problems.append(
                        error(
                            adj.key_pos[key],
                            f"'{key}' is not a principle of this rubric nor "
                            f"mood/patience{did_you_mean(key, names + list(CUSTOMER_KEYS))}",
                            "unknown-principle",
                        )
                    )
    return problems


def load_rubric(path: str | Path) -> tuple[Rubric | None, list[Problem]]:
    """Load and check a rubric file; the rubric is None when it has errors."""
    result = load_file(path)
    problems = list(result.problems)
    if result.doc is None:
        return None, problems
    problems += check_rubric(result.doc, str(path), SchemaWalker(load_schema("rubric")))
    if any(p.is_error for p in problems):
        return None, sorted(problems)
    return rubric_from_doc(result.doc, str(path)), sorted(problems)
