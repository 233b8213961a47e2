"""Scenes opened by name: a scene asks for "debrief" or "picker" instead of importing the module that
defines it, so scenes that lead to each other do not import each other.

Each scene module registers its class with ``register_scene``; ``simulator.ui.scenes`` imports every
scene module, so any scene being importable means all of them are registered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from simulator.ui.scene import Scene

SceneType = TypeVar("SceneType", bound=type[Scene])

_SCENES: dict[str, type[Scene]] = {}


def register_scene(name: str) -> Callable[[SceneType], SceneType]:
    """Class decorator: make the scene class openable as ``name``."""

    def register(cls: SceneType) -> SceneType:
        known = _SCENES.get(name)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise ValueError(
                f"two scenes are called {name!r}: {known.__qualname__} and {cls.__qualname__}"
            )
        _SCENES[name] = cls
        return cls

    return register


def scene_names() -> list[str]:
    """Every registered scene name."""
    return sorted(_SCENES)


def open_scene(name: str, *args: Any, **kwargs: Any) -> Any:
    """A new scene of the kind registered as ``name``, built with these arguments (the app first)."""
    try:
        cls = _SCENES[name]
    except KeyError:
        raise KeyError(
            f"no scene is registered as {name!r}; known: {', '.join(scene_names())}"
        ) from None
    return cls(*args, **kwargs)
