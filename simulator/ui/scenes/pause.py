"""The pause menu (kept as its own name for the call scene)."""

from simulator.ui.scenes.menu import PauseScene

__all__ = ["PauseScene"]
