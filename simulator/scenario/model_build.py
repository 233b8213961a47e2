"""Build the scenario model from a located document, as far as the document allows.

The builder never raises: a value of the wrong type is skipped (the schema rule
has already reported it), so later rules still see as much of the scenario as
possible and can report every problem in one pass.
"""

from __future__ import annotations

import math

from simulator.scenario.located import Pos, YMap, YNode, YScalar, YSeq
from simulator.scenario.model import (
    HANG_UP_ENDING,
    Choice,
    Condition,
    Ending,
    Follows,
    Node,
    Persona,
    Portrait,
    Scenario,
    SilenceStep,
    Voice,
)

CONDITION_OPS: tuple[str, ...] = (
    "flag",
    "not_flag",
    "heard",
    "visited",
    "mood_at_least",
    "mood_below",
    "patience_at_least",
    "patience_below",
    "all",
    "any",
    "not",
)


def _text(node: YNode | None, default: str = "") -> str:
    if (
        isinstance(node, YScalar)
        and node.value is not None
        and not isinstance(node.value, (dict, list))
    ):
        # A plain scalar YAML 1.1 turned into a bool or number is read back as written.
        return node.raw if node.plain and not isinstance(node.value, str) else str(node.value)
    return default


def _num(node: YNode | None, default: float) -> float:
    if (
        isinstance(node, YScalar)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    ):
        # .inf and .nan are YAML floats but no amount of mood or time; the schema rule reports them.
        if isinstance(node.value, float) and not math.isfinite(node.value):
            return default
        return node.value
    return default


def _int(node: YNode | None, default: int) -> int:
    return int(_num(node, default))


def _bool(node: YNode | None, default: bool = False) -> bool:
    if isinstance(node, YScalar) and isinstance(node.value, bool):
        return node.value
    return default


def _map(node: YNode | None) -> YMap | None:
    return node if isinstance(node, YMap) else None


def _lines(node: YNode | None) -> tuple[str, ...]:
    if isinstance(node, YSeq):
        return tuple(t for t in (_text(i) for i in node.items) if t)
    text = _text(node)
    return (text,) if text else ()


def _names(node: YNode | None) -> tuple[str, ...]:
    if isinstance(node, YSeq):
        return tuple(t for t in (_text(i) for i in node.items) if t)
    return ()


def _located_names(node: YNode | None) -> tuple[tuple[str, ...], tuple[Pos, ...]]:
    """The names of a list of ids and where each is written (items that are not text are skipped)."""
    if not isinstance(node, YSeq):
        return (), ()
    pairs = [(t, i.pos) for t, i in ((_text(i), i) for i in node.items) if t]
    return tuple(t for t, _ in pairs), tuple(p for _, p in pairs)


def build_condition(node: YNode | None) -> Condition | None:
    """A Condition from a located mapping with one known key, or None if malformed."""
    if not isinstance(node, YMap) or len(node) != 1:
        return None
    op = next(iter(node))
    if op not in CONDITION_OPS:
        return None
    value = node.items[op]
    if op in ("all", "any"):
        if not isinstance(value, YSeq):
            return None
        parts = [build_condition(v) for v in value.items]
        if not parts or any(p is None for p in parts):
            return None
        return Condition(op, parts, node.pos)
    if op == "not":
        inner = build_condition(value)
        return Condition(op, inner, node.pos) if inner else None
    if op in ("flag", "not_flag", "heard", "visited"):
        text = _text(value)
        return Condition(op, text, node.pos) if text else None
    if (
        not isinstance(value, YScalar)
        or isinstance(value.value, bool)
        or not isinstance(value.value, (int, float))
    ):
        return None
    return Condition(op, value.value, node.pos)


def _persona(node: YNode | None, pos: Pos) -> Persona:
    m = _map(node)
    if m is None:
        return Persona(name="Customer", mood=0, patience=50)
    v = _map(m.get("voice"))
    voice = Voice()
    if v is not None:
        voice = Voice(
            gender=_text(v.get("gender"), voice.gender),
            age=_text(v.get("age"), voice.age),
            accent=_text(v.get("accent"), voice.accent),
            rate=_num(v.get("rate"), 1.0),
            pitch=_num(v.get("pitch"), 1.0),
        )
    p = _map(m.get("portrait"))
    portrait = Portrait()
    if p is not None:
        image_node = p.get("image")
        portrait = Portrait(
            skin=_text(p.get("skin"), portrait.skin),
            hair=_text(p.get("hair"), portrait.hair),
            hair_style=_text(p.get("hair_style"), portrait.hair_style),
            shirt=_text(p.get("shirt"), portrait.shirt),
            glasses=_bool(p.get("glasses")),
            beard=_bool(p.get("beard")),
            image=_text(image_node) or None,
            image_pos=image_node.pos if image_node is not None else None,
        )
    return Persona(
        name=_text(m.get("name"), "Customer"),
        mood=max(-100, min(100, _int(m.get("mood"), 0))),
        patience=max(1, min(100, _int(m.get("patience"), 50))),
        role=_text(m.get("role")),
        voice=voice,
        portrait=portrait,
    )


def _choice(node: YNode) -> Choice | None:
    m = _map(node)
    if m is None:
        return None
    effects: dict[str, int] = {}
    effect_pos: dict[str, Pos] = {}
    eff = _map(m.get("effects"))
    if eff is not None:
        for name, value in eff.items.items():
            if (
                isinstance(value, YScalar)
                and isinstance(value.value, int)
                and not isinstance(value.value, bool)
            ):
                effects[name] = value.value
            effect_pos[name] = eff.key_pos[name]
    nxt = m.get("next")
    style = _text(m.get("style")) or None
    critical, critical_pos = _located_names(m.get("critical"))
    return Choice(
        text=_text(m.get("text")),
        feedback=_text(m.get("feedback")),
        next=_text(nxt),
        pos=m.pos,
        effects=effects,
        effect_pos=effect_pos,
        mood=_int(m.get("mood"), 0),
        patience=_int(m.get("patience"), 0),
        condition=build_condition(m.get("if")),
        sets=_names(m.get("set")),
        clears=_names(m.get("clear")),
        style=style if style in ("listen", "fix") else None,
        recall=_text(m.get("recall")) or None,
        misrecall=_text(m.get("misrecall")) or None,
        next_pos=nxt.pos if nxt is not None else None,
        critical=critical,
        critical_pos=critical_pos,
        trap=_bool(m.get("trap")),
        once=_bool(m.get("once")),
        after_asked=max(0, _int(m.get("after_asked"), 0)),
        apology=_bool(m.get("apology")),
        gist=_text(m.get("gist")),
    )


def _silence(node: YNode | None) -> tuple[SilenceStep, ...]:
    """The silence steps written under ``silence:`` (steps of the wrong shape are skipped)."""
    if not isinstance(node, YSeq):
        return ()
    steps = []
    for item in node.items:
        m = _map(item)
        if m is None or not _lines(m.get("say")):
            continue
        after, patience = m.get("after"), m.get("patience")
        steps.append(
            SilenceStep(
                _lines(m.get("say")),
                _num(after, 0) if after is not None else None,
                _int(patience, 0) if patience is not None else None,
                m.pos,
            )
        )
    return tuple(steps)


def _node(node_id: str, node: YNode) -> Node | None:
    m = _map(node)
    if m is None:
        return None
    choices_node = m.get("choices")
    choices = []
    if isinstance(choices_node, YSeq):
        choices = [c for c in (_choice(i) for i in choices_node.items) if c is not None]
    mentions: dict[str, str] = {}
    men = _map(m.get("mentions"))
    if men is not None:
        mentions = {k: _text(v) for k, v in men.items.items()}
    within = m.get("respond_within")
    return Node(
        id=node_id,
        say=_lines(m.get("say")),
        choices=choices,
        pos=m.pos,
        mentions=mentions,
        vent=_bool(m.get("vent")),
        interrupt_ok=_bool(m.get("interrupt_ok")),
        respond_within=(_num(within, 0) or None) if within is not None else None,
        note=_text(m.get("note")),
        single_answer=_bool(m.get("single_answer")),
        provokes=_bool(m.get("provokes")),
        silence=_silence(m.get("silence")),
    )


def _ending(ending_id: str, node: YNode) -> Ending | None:
    m = _map(node)
    if m is None:
        return None
    sat = m.get("satisfaction")
    return Ending(
        id=ending_id,
        outcome=_text(m.get("outcome"), "resolved"),
        satisfaction=max(1, min(5, _int(sat, 5))) if _num(sat, 0) else None,
        pos=m.pos,
        say=_lines(m.get("say")),
        summary=_text(m.get("summary")),
    )


def _nodes(doc: YMap) -> dict[str, Node]:
    """The document's nodes that have the right shape, each with its key's position."""
    nodes: dict[str, Node] = {}
    nodes_map = _map(doc.get("nodes"))
    if nodes_map is not None:
        for key, value in nodes_map.items.items():
            built = _node(key, value)
            if built is not None:
                built.pos = nodes_map.key_pos[key]
                nodes[key] = built
    return nodes


def _endings(doc: YMap) -> dict[str, Ending]:
    """The document's endings that have the right shape, each with its key's position."""
    endings: dict[str, Ending] = {}
    endings_map = _map(doc.get("endings"))
    if endings_map is not None:
        for key, value in endings_map.items.items():
            built_end = _ending(key, value)
            if built_end is not None:
                built_end.pos = endings_map.key_pos[key]
                endings[key] = built_end
    return endings


def _weights(doc: YMap) -> tuple[dict[str, float], dict[str, Pos]]:
    """The principle weights (1.0 where a value is not a number) and where each is written."""
    weights: dict[str, float] = {}
    weight_pos: dict[str, Pos] = {}
    wmap = _map(doc.get("weights"))
    if wmap is not None:
        for key, value in wmap.items.items():
            weights[key] = _num(value, 1.0)
            weight_pos[key] = wmap.key_pos[key]
    return weights, weight_pos


def build_scenario(doc: YMap, path: str, source_hash: str = "") -> Scenario:
    """The scenario a located document describes, skipping parts of the wrong shape."""
    nodes = _nodes(doc)
    endings = _endings(doc)
    weights, weight_pos = _weights(doc)
    start = doc.get("start")
    out = doc.get("on_patience_out")
    teaches, teaches_pos = _located_names(doc.get("teaches"))
    follows = None
    fmap = _map(doc.get("follows"))
    if fmap is not None and _text(fmap.get("scenario")):
        first = fmap.get("scenario")
        follows = Follows(
            _text(first),
            _int(fmap.get("days_later"), 0),
            fmap.pos,
            first.pos if first is not None else None,
        )
    return Scenario(
        id=_text(doc.get("id")),
        title=_text(doc.get("title")),
        summary=_text(doc.get("summary")),
        kind=_text(doc.get("kind")),
        difficulty=_text(doc.get("difficulty")),
        persona=_persona(doc.get("persona"), doc.pos),
        start=_text(start) or next(iter(nodes), ""),
        nodes=nodes,
        endings=endings,
        path=path,
        pos=doc.pos,
        weights=weights,
        weight_pos=weight_pos,
        on_patience_out=_text(out) or HANG_UP_ENDING,
        author=_text(doc.get("author")),
        version=_text(doc.get("version")),
        start_pos=start.pos if start is not None else None,
        on_patience_out_pos=out.pos if out is not None else None,
        source_hash=source_hash,
        teaches=teaches,
        teaches_pos=teaches_pos,
        follows=follows,
        silence=_silence(doc.get("silence")),
    )
