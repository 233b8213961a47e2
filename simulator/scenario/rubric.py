"""The rubric: the principles a call is scored on, their weights and the pass mark."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from simulator.scenario.located import YMap, YScalar

# Apologies a call may make before another one costs the over_apology mechanic.
APOLOGIES_ALLOWED = 2
DEFAULT_CRITICAL_CAP = 50.0
# Keys of a mechanic's adjustment that are not principles.
CUSTOMER_KEYS: tuple[str, ...] = ("mood", "patience")


@dataclass(frozen=True)
class Principle:
    """One service principle."""

    name: str
    title: str
    description: str
    weight: float


@dataclass(frozen=True)
class CriticalError:
    """An auto-fail mistake: a call that commits it cannot pass and its grade is capped."""

    id: str
    title: str
    description: str


@dataclass
class Rubric:
    """Principles by name, the pass mark (percent), the mechanics' adjustments and the critical errors."""

    principles: dict[str, Principle]
    pass_mark: float = 70.0
    mechanics: dict[str, dict[str, int]] = field(default_factory=dict)
    path: str = ""
    critical_cap: float = DEFAULT_CRITICAL_CAP
    critical_errors: dict[str, CriticalError] = field(default_factory=dict)

    def critical_title(self, error_id: str) -> str:
        """The title of critical error ``error_id`` (the id itself when the rubric does not know it)."""
        found = self.critical_errors.get(error_id)
        return found.title if found else error_id.replace("_", " ")

    def weights(self, overrides: dict[str, float] | None = None) -> dict[str, float]:
        """Weight per principle, with a scenario's overrides applied to known principles."""
        result = {name: p.weight for name, p in self.principles.items()}
        for name, w in (overrides or {}).items():
            if name in result:
                result[name] = w
        return result

    def mechanic(self, name: str) -> dict[str, int]:
        """The adjustment for mechanic ``name`` (empty when the rubric sets none)."""
        return self.mechanics.get(name, {})


DEFAULT_MECHANICS: dict[str, dict[str, int]] = {
    "interrupt": {"listening": -2, "mood": -5},
    "keep_listening": {"listening": 1, "mood": 5},
    "premature_fix": {"listening": -2, "mood": -10},
    "recall": {"listening": 2},
    "misrecall": {"listening": -2, "mood": -5},
    "dead_air": {"composure": -1, "patience": -10},
    "over_apology": {"composure": -1},
}


def rubric_from_doc(doc: YMap, path: str) -> Rubric:
    """Build a rubric from a located document that passed the rubric schema."""
    principles: dict[str, Principle] = {}
    pmap = doc.get("principles")
    if isinstance(pmap, YMap):
        for name, value in pmap.items.items():
            if not isinstance(value, YMap):
                continue
            title = value.get("title")
            desc = value.get("description")
            weight = value.get("weight")
            principles[name] = Principle(
                name,
                str(title.value) if isinstance(title, YScalar) else name,
                str(desc.value) if isinstance(desc, YScalar) else "",
                float(weight.value)
                if isinstance(weight, YScalar) and isinstance(weight.value, (int, float))
                else 1.0,
            )
    mechanics = {k: dict(v) for k, v in DEFAULT_MECHANICS.items()}
    mmap = doc.get("mechanics")
    if isinstance(mmap, YMap):
        for name, value in mmap.items.items():
            if isinstance(value, YMap):
                mechanics[name] = {
                    k: int(v.value)
                    for k, v in value.items.items()
                    if isinstance(v, YScalar)
                    and isinstance(v.value, int)
                    and not isinstance(v.value, bool)
                }
    pm = doc.get("pass_mark")
    pass_mark = (
        float(pm.value) if isinstance(pm, YScalar) and isinstance(pm.value, (int, float)) else 70.0
    )
    cap = doc.get("critical_cap")
    critical_cap = (
        float(cap.value)
        if isinstance(cap, YScalar)
        and isinstance(cap.value, (int, float))
        and not isinstance(cap.value, bool)
        else DEFAULT_CRITICAL_CAP
    )
    critical: dict[str, CriticalError] = {}
    cmap = doc.get("critical_errors")
    if isinstance(cmap, YMap):
        for cid, value in cmap.items.items():
            if isinstance(value, YMap):
                title, desc = value.get("title"), value.get("description")
                critical[cid] = CriticalError(
                    cid,
                    str(title.value) if isinstance(title, YScalar) else cid,
                    str(desc.value) if isinstance(desc, YScalar) else "",
                )
    return Rubric(principles, pass_mark, mechanics, path, critical_cap, critical)


def find_rubric_file(scenario_path: str | Path, default: Path) -> Path:
    """The rubric for a scenario: rubric.yaml in its folder or a parent, else ``default``."""
    here = Path(scenario_path).resolve().parent
    for folder in (here, *here.parents):
        candidate = folder / "rubric.yaml"
        if candidate.is_file():
            return candidate
        if (folder / "pyproject.toml").exists() or folder == folder.parent:
            break
    return default
