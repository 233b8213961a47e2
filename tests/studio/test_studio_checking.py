"""The studio's checking and saving, without a browser: same findings as the validator, files kept."""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Any

import pytest

from simulator.paths import SCENARIOS_DIR
from simulator.scenario.yaml_loader import load_text
from simulator.studio.checking import Rubrics, check_data, check_text, emit
from simulator.studio.folder import Conflict, Folder
from simulator.studio.roundtrip import Document
from simulator.validation.validate import check_document, check_follows, forgive_inherited_flags

SHIPPED = sorted(p for p in SCENARIOS_DIR.glob("*.yaml") if p.name != "rubric.yaml")


def _broken_variants(data: dict[str, Any]) -> list[dict[str, Any]]:
    first = next(iter(data["nodes"]))
    dangling = copy.deepcopy(data)
    dangling["nodes"][first]["choices"][0]["next"] = "nowhere"
    ranges = copy.deepcopy(data)
    ranges["nodes"][first]["choices"][0]["effects"] = {"empathy": 99, "bogus": 1}
    ranges["persona"]["mood"] = "cross"
    missing = copy.deepcopy(data)
    del missing["nodes"][first]["choices"][0]["text"]
    missing["nodes"][first]["say"] = ""
    return [data, dangling, ranges, missing]


@pytest.mark.parametrize("path", SHIPPED[::3], ids=lambda p: p.stem)
def test_live_checks_find_what_the_validator_finds_in_the_same_data_written_out(
    path: Path,
) -> None:
    rubrics = Rubrics()
    found = check_text(path.read_text(encoding="utf-8"), path, rubrics)
    assert found.data is not None and not found.checked.problems
    rubric = rubrics.for_file(path)[0]
    assert rubric is not None
    for data in _broken_variants(found.data):
        live = check_data(data, path, rubrics).problems
        report = check_document(load_text(emit(data).text, str(path)), rubric)
        check_follows([report])
        forgive_inherited_flags([report])
        written = report.problems
        assert sorted((p["rule"], p["message"]) for p in live) == sorted(
            (p.rule, p.message) for p in written
        )
        assert (not live) == (data is found.data)


def test_a_problem_names_its_node_and_field() -> None:
    path = SCENARIOS_DIR / "late_refund.yaml"
    rubrics = Rubrics()
    data = check_text(path.read_text(encoding="utf-8"), path, rubrics).data
    assert data is not None
    data["nodes"]["wrap_up"]["choices"][2]["next"] = "wrap_upp"
    (problem,) = check_data(data, path, rubrics).problems
    assert problem["rule"] == "dangling-next"
    assert problem["path"] == ["nodes", "wrap_up", "choices", 2, "next"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_call_reads_and_writes_back_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert Document(text).dump() == text


def test_an_edit_rewrites_only_its_lines_and_a_rename_keeps_its_place() -> None:
    text = (SCENARIOS_DIR / "late_refund.yaml").read_text(encoding="utf-8")
    doc = Document(text)
    data = doc.plain()
    data["nodes"]["wrap_up"]["choices"][1]["effects"]["follow_up"] = 3
    data["nodes"] = {
        ("ask_twice" if k == "ask_details" else k): v for k, v in data["nodes"].items()
    }
    for node in data["nodes"].values():
        for choice in node["choices"]:
            if choice["next"] == "ask_details":
                choice["next"] = "ask_twice"
    data["nodes"]["wrap_up"]["choices"].append(
        {
            "text": "Bye now: take care.",
            "effects": {"empathy": 1},
            "feedback": "Short.",
            "next": "resolved_plain",
        }
    )
    out = doc.apply(data)
    changed = [
        line
        for line in difflib.ndiff(text.splitlines(), out.splitlines())
        if line[:2] in ("- ", "+ ")
    ]
    renamed = text.count("next: ask_details") + 1  # every reference, and the key itself
    assert len([c for c in changed if c.startswith("- ")]) == renamed + 1
    assert "+   ask_twice:" in changed
    assert '+       - text: "Bye now: take care."' in changed
    # The renamed node stays on its line.
    assert out.splitlines().index("  ask_twice:") == text.splitlines().index("  ask_details:")
    assert (
        check_document(
            load_text(out, "late_refund.yaml"), Rubrics().for_file(SCENARIOS_DIR / "x.yaml")[0]
        ).problems
        == []
    )  # type: ignore[arg-type]


def test_two_writers_on_one_file_never_overwrite_each_other(tmp_path: Path) -> None:
    """Two studios (or a studio and a script) on one folder: the second save sees the first."""
    first, second = Folder(tmp_path), Folder(tmp_path)
    start = first.write("call.yaml", "id: call\n", None)
    first.write("call.yaml", "id: call\ntitle: mine\n", start)
    with pytest.raises(Conflict):
        second.write("call.yaml", "id: call\ntitle: theirs\n", start)
    with pytest.raises(Conflict):
        second.write("call.yaml", "id: call\n", None)  # a new file never replaces an existing one
    assert (tmp_path / "call.yaml").read_text(encoding="utf-8") == "id: call\ntitle: mine\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
