"""A call's whole state as a typed object, and its JSON form for save and restore.

Like ink's ``StoryState``: the conversation reads and writes fields, never string keys,
so a misspelt part is an error the type checker finds rather than a ``KeyError`` mid-call.
``to_json`` and ``CallState.from_json`` round-trip exactly (restore a call, play on, and the
result is the one never saved). The JSON keeps the shape of the saves written before the
state was typed (version 2), which still load; anything else is refused with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.engine.result import Decision, OptionView, TranscriptLine

SAVE_VERSION = 3
# Version 2 is the untyped dict of before: the same keys, "silenced" where 3 counts steps.
READABLE_VERSIONS = (2, 3)
MODES = ("graded", "practice")

# Parts that only ever grow: an undo snapshot keeps their lengths, not copies.
GROWING = ("transcript", "decisions", "visited", "credited", "once_taken")
# Parts older saves may lack: they start empty.
_LATER_LISTS = ("credited", "once_taken", "inherited")
_REQUIRED = (
    "seed",
    "mode",
    "node",
    "mood",
    "patience",
    "flags",
    "heard",
    "points",
    "ending",
    "undo_used",
    "transcript",
    "decisions",
    "visited",
)


class StateError(ValueError):
    """Saved data that cannot be a call of this scenario: says what is wrong and what to do."""


@dataclass
class Undo:
    """What one step of undo puts back: the small parts copied, the growing parts' lengths."""

    node: str
    mood: int
    patience: int
    flags: list[str]
    heard: dict[str, str]
    points: dict[str, int]
    ending: str | None
    undo_used: bool
    silence_steps: int
    apologies: int
    lengths: dict[str, int]


@dataclass
class CallState:
    """Everything a call is at one moment; plain fields, copied whole by save and restore."""

    scenario: str
    scenario_hash: str
    seed: int
    mode: str
    shuffle: bool
    node: str
    mood: int
    patience: int
    flags: list[str] = field(default_factory=list)  # sorted
    inherited: list[str] = field(default_factory=list)  # a follow-up call's flags from part one
    heard: dict[str, str] = field(default_factory=dict)
    visited: list[str] = field(default_factory=list)
    points: dict[str, int] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    transcript: list[TranscriptLine] = field(default_factory=list)
    ending: str | None = None
    undo_used: bool = False
    # Steps of silence the customer has reacted to on this visit (0: none; the first is dead air).
    silence_steps: int = 0
    credited: list[str] = field(default_factory=list)  # "node#index" of every choice taken
    once_taken: list[str] = field(default_factory=list)  # "node#index" of once-only choices taken
    apologies: int = 0
    previous: Undo | None = None

    def snapshot(self) -> Undo:
        """The undo step for the state as it is now (one level deep is all the small parts have)."""
        return Undo(
            self.node,
            self.mood,
            self.patience,
            list(self.flags),
            dict(self.heard),
            dict(self.points),
            self.ending,
            self.undo_used,
            self.silence_steps,
            self.apologies,
            {name: len(getattr(self, name)) for name in GROWING},
        )

    def roll_back(self, undo: Undo) -> None:
        """Put the state back as ``undo`` found it (the growing lists cut to their old lengths)."""
        for name in GROWING:
            del getattr(self, name)[undo.lengths.get(name, 0) :]
        self.node, self.mood, self.patience = undo.node, undo.mood, undo.patience
        self.flags, self.heard, self.points = list(undo.flags), dict(undo.heard), dict(undo.points)
        self.ending, self.undo_used = undo.ending, undo.undo_used
        self.silence_steps, self.apologies = undo.silence_steps, undo.apologies
        self.previous = None

    def to_json(self) -> dict[str, Any]:
        """The state as plain JSON-able data, sharing nothing with the live call."""
        return {
            "version": SAVE_VERSION,
            "scenario": self.scenario,
            "scenario_hash": self.scenario_hash,
            "seed": self.seed,
            "mode": self.mode,
            "shuffle": self.shuffle,
            "node": self.node,
            "mood": self.mood,
            "patience": self.patience,
            "flags": list(self.flags),
            "inherited": list(self.inherited),
            "heard": dict(self.heard),
            "visited": list(self.visited),
            "points": dict(self.points),
            "decisions": [decision_json(d) for d in self.decisions],
            "transcript": [
                {"speaker": t.speaker, "text": t.text, "node_id": t.node_id}
                for t in self.transcript
            ],
            "ending": self.ending,
            "undo_used": self.undo_used,
            "silence_steps": self.silence_steps,
            "credited": list(self.credited),
            "once_taken": list(self.once_taken),
            "apologies": self.apologies,
            "previous": None if self.previous is None else _undo_json(self.previous),
        }

    @classmethod
    def from_json(cls, data: object, scenario_id: str) -> CallState:
        """The state saved as ``data`` for scenario ``scenario_id``; StateError says why it cannot be."""
        if not isinstance(data, dict):
            raise StateError("this saved call is not a saved call at all; start the call again")
        version = data.get("version")
        if version not in READABLE_VERSIONS or data.get("scenario") != scenario_id:
            raise StateError(
                "this saved call does not belong to this scenario or this version of the game"
            )
        missing = [k for k in _REQUIRED if k not in data]
        if missing:
            raise StateError(
                f"this saved call is incomplete (missing {', '.join(missing)}); start the call again"
            )
        if data["mode"] not in MODES:
            raise StateError(
                f"this saved call has an unknown mode {data['mode']!r}; start the call again"
            )
        try:
            return cls(
                scenario=scenario_id,
                scenario_hash=str(data.get("scenario_hash", "")),
                seed=int(data["seed"]),
                mode=data["mode"],
                shuffle=bool(data.get("shuffle", False)),  # calls saved before shuffling existed
                node=str(data["node"]),
                mood=int(data["mood"]),
                patience=int(data["patience"]),
                flags=[str(f) for f in data["flags"]],
                inherited=[str(f) for f in data.get("inherited", [])],
                heard={str(k): str(v) for k, v in data["heard"].items()},
                visited=[str(v) for v in data["visited"]],
                points={str(k): int(v) for k, v in data["points"].items()},
                decisions=[decision_from_json(d) for d in data["decisions"]],
                transcript=[TranscriptLine(**t) for t in data["transcript"]],
                ending=None if data["ending"] is None else str(data["ending"]),
                undo_used=bool(data["undo_used"]),
                silence_steps=_silence_steps(data),
                credited=[str(k) for k in data.get("credited", [])],
                once_taken=[str(k) for k in data.get("once_taken", [])],
                apologies=int(data.get("apologies", 0)),
                previous=_undo_from_json(data.get("previous")),
            )
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise StateError(
                f"this saved call is damaged ({exc.__class__.__name__}: {exc}); start the call again"
            ) from exc


def _silence_steps(data: dict[str, Any]) -> int:
    """Version 3 counts the steps of silence; version 2 only knew whether dead air was charged."""
    if "silence_steps" in data:
        return int(data["silence_steps"])
    return 1 if data.get("silenced") else 0


def _undo_json(undo: Undo) -> dict[str, Any]:
    return {
        "node": undo.node,
        "mood": undo.mood,
        "patience": undo.patience,
        "flags": list(undo.flags),
        "heard": dict(undo.heard),
        "points": dict(undo.points),
        "ending": undo.ending,
        "undo_used": undo.undo_used,
        "silence_steps": undo.silence_steps,
        "apologies": undo.apologies,
        "lengths": dict(undo.lengths),
    }


def _undo_from_json(data: object) -> Undo | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise TypeError("the undo step is not a mapping")
    lengths = {name: int(data.get("lengths", {}).get(name, 0)) for name in GROWING}
    return Undo(
        node=str(data["node"]),
        mood=int(data["mood"]),
        patience=int(data["patience"]),
        flags=[str(f) for f in data["flags"]],
        heard={str(k): str(v) for k, v in data["heard"].items()},
        points={str(k): int(v) for k, v in data["points"].items()},
        ending=None if data["ending"] is None else str(data["ending"]),
        undo_used=bool(data["undo_used"]),
        silence_steps=_silence_steps(data),
        apologies=int(data.get("apologies", 0)),
        lengths=lengths,
    )


def _option_json(o: OptionView) -> dict[str, Any]:
    return {
        "index": o.index,
        "text": o.text,
        "points": dict(o.points),
        "mood": o.mood,
        "patience": o.patience,
        "feedback": o.feedback,
        "next": o.next,
        "mechanics": list(o.mechanics),
        "choice_index": o.choice_index,
        "critical": list(o.critical),
        "reply": o.reply,
    }


def _option_from_json(data: dict[str, Any]) -> OptionView:
    fields = dict(data)
    fields["points"] = dict(data["points"])
    fields["mechanics"] = list(data.get("mechanics", []))
    fields["critical"] = list(data.get("critical", []))
    return OptionView(**fields)


def decision_json(d: Decision) -> dict[str, Any]:
    """A decision as plain data (the shape ``dataclasses.asdict`` gives, written out for speed)."""
    return {
        "node_id": d.node_id,
        "customer_line": d.customer_line,
        "chosen": _option_json(d.chosen),
        "others": [_option_json(o) for o in d.others],
        "points": dict(d.points),
        "mechanics": list(d.mechanics),
        "elapsed": d.elapsed,
        "cut_in": d.cut_in,
        "dead_air": d.dead_air,
        "mood_after": d.mood_after,
        "patience_after": d.patience_after,
        "critical": list(d.critical),
        "repeated": d.repeated,
    }


def decision_from_json(data: dict[str, Any]) -> Decision:
    """A decision from its plain data, nothing shared with ``data``."""
    fields = dict(data)
    fields["chosen"] = _option_from_json(data["chosen"])
    fields["others"] = [_option_from_json(o) for o in data["others"]]
    fields["points"] = dict(data["points"])
    fields["mechanics"] = list(data["mechanics"])
    fields["critical"] = list(data.get("critical", []))
    return Decision(**fields)


def copy_decision(d: Decision) -> Decision:
    """A copy of ``d`` that shares no lists or dicts with it (results must not alias the live call)."""
    return decision_from_json(decision_json(d))
