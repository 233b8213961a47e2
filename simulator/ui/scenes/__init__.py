"""The game's screens, one module each.

Importing any of them imports this package first, which imports them all, so every scene is
registered by name (``simulator.ui.scene_registry``) before one scene opens another.
"""

from simulator.ui.scenes import (
    breath,
    call,
    debrief,
    menu,
    picker,
    problems,
    profile,
    progress,
    settings,
)

__all__ = [
    "breath",
    "call",
    "debrief",
    "menu",
    "picker",
    "problems",
    "profile",
    "progress",
    "settings",
]
