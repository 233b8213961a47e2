"""`make bench`: every performance claim of the project, measured with its anchor in the same run."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Metric:
    """One measured figure, its budget, and (where there is one) the anchor it is compared with.

    ``budget_on`` says what the budget limits: the ``value`` itself or the
    ``ratio`` of value to anchor. ``cpu`` is the CPU time behind a wall-clock value. ``ok`` is
    None when the figure could not be measured here (``note`` says why).
    """

    name: str
    value: float | None
    unit: str
    budget: float | None
    budget_on: str = "value"  # "value" or "ratio"
    anchor: float | None = None
    anchor_name: str = ""
    note: str = ""
    # CPU seconds (user + system) of the measured process(es), beside a wall time: on a shared,
    # loaded machine the wall time stretches while the CPU time barely moves.
    cpu: float | None = None

    @property
    def ratio(self) -> float | None:
        """value / anchor, when both are known."""
        if self.value is None or not self.anchor:
            return None
        return self.value / self.anchor

    @property
    def ok(self) -> bool | None:
        """True within budget, False over it, None when not measured."""
        limited = self.ratio if self.budget_on == "ratio" else self.value
        if limited is None:
            return None
        return self.budget is None or limited <= self.budget

    def to_dict(self) -> dict[str, Any]:
        """Plain data for bench-results.json."""
        data = asdict(self)
        data["ratio"] = self.ratio
        data["ok"] = self.ok
        return data
