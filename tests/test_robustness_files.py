"""Robustness: hostile and unusual scenario files, end to end through `validate` and the engine.

Every file here must produce problems or a playable scenario: never a traceback,
never a hang, never code run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulator.engine.conversation import Conversation
from simulator.paths import DEFAULT_RUBRIC
from simulator.validation.rubric_check import load_rubric
from simulator.validation.validate import validate_file

ROOT = Path(__file__).resolve().parent.parent

GOOD = """\
id: {id}
title: "{title}"
summary: "{summary}"
kind: irate
difficulty: easy
persona: {{name: "{name}", mood: -20, patience: 50}}
start: a
nodes:
  a:
    say: "{line}"
    choices:
      - text: "{answer}"
        effects: {{empathy: 2}}
        feedback: "{feedback}"
        next: done
      - text: "No."
        effects: {{empathy: -1}}
        feedback: "Too curt."
        next: done
endings:
  done: {{outcome: resolved, satisfaction: 4, say: "{bye}"}}
teaches: [empathy]  # last, so the line numbers above stay put
"""


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def _validate_cli(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


HOSTILE = {
    "python_object.yaml": (
        'id: x\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n',
        "python-tag",
    ),
    "python_name.yaml": ("id: !!python/name:os.system\n", "python-tag"),
    "condition_code.yaml": (
        GOOD.format(
            id="c",
            title="T",
            summary="s",
            name="N",
            line="Hi",
            answer="Hello",
            feedback="ok",
            bye="Bye",
        ).replace(
            '        next: done\n      - text: "No."',
            "        next: done\n        if: \"__import__('os').system('touch {marker}')\"\n      - text: \"No.\"",
            1,
        ),
        "code-in-condition",
    ),
    "alias_bomb.yaml": (
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(9)
        ),
        "anchor",
    ),
    "tabs.yaml": ("id: x\nnodes:\n\ta: 1\n", "yaml-syntax"),
    "two_documents.yaml": ("id: x\n---\nid: y\n", "yaml-syntax"),
    "top_list.yaml": ("- id: x\n", "top-level"),
    "empty.yaml": ("\n# nothing here\n", "empty-file"),
    "unknown_tag.yaml": ("id: !secret x\n", "tag"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_with_its_rule_and_runs_nothing(tmp_path: Path, name: str) -> None:
    marker = tmp_path / "ran"
    text, rule = HOSTILE[name]
    path = _write(tmp_path, name, text.replace("{marker}", str(marker)))
    done = _validate_cli(path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert f"[{rule}]" in done.stdout
    assert f"{path.name}:" in done.stdout.split("\n")[0] or str(path) in done.stdout
    assert not marker.exists(), "a scenario file made the validator run code"


def test_not_utf8_names_the_place_and_the_fix(tmp_path: Path) -> None:
    path = _write(tmp_path, "latin1.yaml", "id: x\ntitle: caf\xe9\n".encode("latin-1"))
    done = _validate_cli(path)
    assert done.returncode == 1
    assert ":2:11: error:" in done.stdout and "UTF-8" in done.stdout and "[not-utf8]" in done.stdout


def test_deep_nesting_does_not_crash_the_interpreter(tmp_path: Path) -> None:
    # 200,000 nested brackets crash PyYAML's recursive C composer with a segfault.
    path = _write(tmp_path, "deep.yaml", "id: " + "[" * 200_000 + "]" * 200_000 + "\n")
    done = _validate_cli(path)
    assert done.returncode == 1
    assert "[too-deep]" in done.stdout


def test_file_just_over_one_mib_is_refused_and_just_under_is_read(tmp_path: Path) -> None:
    filler = "# " + "x" * 98 + "\n"
    base = GOOD.format(
        id="big",
        title="Big",
        summary="s",
        name="N",
        line="Hi",
        answer="Hello",
        feedback="ok",
        bye="Bye",
    )
    under = base + filler * ((1024 * 1024 - len(base)) // len(filler))
    assert len(under.encode()) <= 1024 * 1024
    over = under + filler * 2
    assert validate_file(_write(tmp_path, "under.yaml", under)).ok
    report = validate_file(_write(tmp_path, "over.yaml", over))
    assert [p.rule for p in report.problems] == ["file-too-large"]


@pytest.mark.parametrize(
    "label, fields",
    [
        (
            "emoji",
            dict(
                title="Lost parcel 📦",
                name="Zoë 🙂",
                line="Where is my parcel?! 😡😡",
                answer="I'm sorry 🙏 let me check.",
                bye="Thanks 👍",
            ),
        ),
        (
            "arabic",
            dict(
                title="طلب مفقود",
                name="ليلى",
                line="أين طلبي؟ انتظرت أسبوعين!",
                answer="أنا آسف، دعني أتحقق الآن.",
                bye="شكراً لك",
            ),
        ),
        (
            "hebrew",
            dict(
                title="הזמנה חסרה",
                name="נועה",
                line="איפה ההזמנה שלי?",
                answer="אני מצטער, אבדוק מיד.",
                bye="תודה",
            ),
        ),
        (
            "mixed",
            dict(
                title="Ñandú — Straße — Ελλάδα",
                name="Søren Ødegård",
                line="Привет! Mi pedido llegó roto — 壊れた。",
                answer="Lo siento mucho; I'll fix it.",
                bye="Merci !",
            ),
        ),
    ],
)
def test_unicode_scenarios_load_and_play_word_for_word(
    tmp_path: Path, label: str, fields: dict[str, str]
) -> None:
    text = GOOD.format(id=f"u_{label}", summary="s", feedback="Kind and calm.", **fields)
    report = validate_file(_write(tmp_path, f"{label}.yaml", text))
    assert report.ok, [str(p) for p in report.problems]
    rubric, _ = load_rubric(DEFAULT_RUBRIC)
    conv = Conversation(report.scenario, rubric)
    assert conv.line == fields["line"]
    conv.choose(1)
    assert conv.ended and conv.line == fields["bye"]
    assert conv.result().transcript[1].text == fields["answer"]


def test_crlf_and_bom_keep_exact_positions(tmp_path: Path) -> None:
    text = GOOD.format(
        id="crlf",
        title="T",
        summary="s",
        name="N",
        line="Hi",
        answer="Hello",
        feedback="ok",
        bye="Bye",
    )
    text = text.replace("next: done\n      - text", "next: nowhere\n      - text", 1)
    path = _write(tmp_path, "crlf.yaml", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    report = validate_file(path)
    dangling = [p for p in report.problems if p.rule == "dangling-next"]
    assert len(dangling) == 1
    assert (dangling[0].pos.line, dangling[0].pos.col) == (15, 15)
