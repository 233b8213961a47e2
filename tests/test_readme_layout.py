"""README.md's "How it is built" names exactly the packages and top-level modules simulator/ has, and
its layer sentence is the layer table tests/test_architecture.py enforces."""

from __future__ import annotations

import re

from test_architecture import LAYERS

from simulator.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "simulator"


def _section() -> str:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## How it is built")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _tree(section: str) -> str:
    """The ```text block that draws the package."""
    found = re.search(r"```text\n(.*?)```", section, re.S)
    assert found, "README.md: 'How it is built' has no ```text block drawing simulator/"
    return found.group(1)


def test_the_tree_names_every_package_and_module_and_nothing_else() -> None:
    tree = _tree(_section())
    # the names at the start of each line (before the description), e.g. "  cli/ bench/   entry points"
    named: set[str] = set()
    for line in tree.splitlines()[1:]:
        head = re.match(r"\s{2}((?:[a-z_]+(?:/|\.py)\s)+)", line + " ")
        if head:
            named.update(head.group(1).split())
    packages = {f"{p.name}/" for p in PACKAGE.iterdir() if p.is_dir() and any(p.glob("*.py"))}
    modules = {p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    actual = packages | modules
    assert named == actual, (
        f"README.md's tree lacks {sorted(actual - named)} "
        f"and names {sorted(named - actual)}, which simulator/ does not have"
    )


def test_the_layer_sentence_is_the_layer_table() -> None:
    sentence = re.search(r"Each layer imports only the layers below it \((.*?)\)", _section(), re.S)
    assert sentence, "README.md: the sentence naming the layers is gone"
    written = [
        sorted(name.strip() for name in layer.split(","))
        for layer in re.split(r"\s*→\s*", " ".join(sentence.group(1).split()))
    ]
    table = [
        sorted(
            m.removeprefix("simulator.")
            for m in layer
            if m not in ("simulator", "simulator.__main__")
        )
        for layer in LAYERS
    ]
    assert written == table
