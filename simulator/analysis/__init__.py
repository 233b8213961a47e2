"""Trainer analysis: path counts, score ranges, weak choices and branch maps of scenarios.

Plain Python over the scenario model: nothing here draws, speaks or stores.
"""

from __future__ import annotations

from simulator.analysis.stats import ScenarioStats, analyse

__all__ = ["ScenarioStats", "analyse"]
