"""Helpers for posting input events to the game in tests."""

from __future__ import annotations

from typing import Any

from simulator.ui.pg import pygame


def key(k: int, mod: int = 0, unicode: str = "") -> pygame.event.Event:
    """A KEYDOWN event."""
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0)


def click(pos: tuple[int, int]) -> list[pygame.event.Event]:
    """A left click at ``pos`` (motion, press)."""
    return [
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
    ]


def send(app: Any, *events: pygame.event.Event | list[pygame.event.Event]) -> None:
    """Post events through the real queue and run one frame."""
    flat: list[pygame.event.Event] = []
    for e in events:
        flat.extend(e if isinstance(e, list) else [e])
    pygame.event.clear()
    for e in flat:
        pygame.event.post(e)
    app.step()


def shown_number(call: Any, authored_index: int) -> int:
    """The number the call shows now for the node's choice ``authored_index`` (0-based, as written in the file)."""
    return next(oc.number for oc in call.conv.choices if oc.choice_index == authored_index)


def answer_key(call: Any, authored_index: int) -> pygame.event.Event:
    """The key that picks the node's choice ``authored_index`` (0-based, as written), whatever order it is shown in."""
    return key(pygame.K_0 + shown_number(call, authored_index))
