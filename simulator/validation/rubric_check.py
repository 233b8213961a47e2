"""Checks for the rubric file itself."""

from __future__ import annotations

from simulator.located import YMap
from simulator.problems import Problem, did_you_mean, error, warning
from simulator.rubric import CUSTOMER_KEYS
from simulator.validation.schema_walk import SchemaWalker


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
                            f"'{key}' is not a principle of this rubric nor mood/patience{did_you_mean(key, names + list(CUSTOMER_KEYS))}",
                            "unknown-principle",
                        )
                    )
    return problems
