"""Build hook: ship the top-level scenarios/ and assets/ inside the package, as simulator/data/.

Everything else about the build is in pyproject.toml. The folders stay at the top of the
repository (where trainers and the README expect them); a wheel, an sdist-built wheel and the
desktop bundle carry them under the package, where simulator.paths finds them with
importlib.resources. An editable install (`make setup`) copies nothing: the checkout's own
folders are used.
"""

from __future__ import annotations

import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

# top-level folder -> folder inside the built package
DATA_DIRS = {"scenarios": "simulator/data/scenarios", "assets": "simulator/data/assets"}


# The editor hint on a scenario's first line links the schema relative to the file. In the repository
# that is ../simulator/schema/; inside the package the files sit in simulator/data/scenarios/, two
# folders below simulator/, so the copy links ../../schema/ instead. Only that comment changes: the
# line count, and so every file:line:col, stays the same.
CHECKOUT_LINK = "$schema=../simulator/schema/"
PACKAGE_LINK = "$schema=../../schema/"


def relink_schema(path: str) -> None:
    """Point the first-line schema link of the scenario file at ``path`` at the packaged schema."""
    with open(path, encoding="utf-8", newline="") as fh:
        text = fh.read()
    first, sep, rest = text.partition("\n")
    if first.startswith("#") and CHECKOUT_LINK in first:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(first.replace(CHECKOUT_LINK, PACKAGE_LINK, 1) + sep + rest)


class BuildPyWithData(build_py):
    """build_py that also copies the game's data folders into the built package."""

    def _data_files(self) -> list[tuple[str, str]]:
        """(source, target in build_lib) for every file of the data folders."""
        pairs = []
        for src_root, dst_root in DATA_DIRS.items():
            for folder, dirs, files in os.walk(src_root):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or name.endswith((".pyc", "~")):
                        continue
                    src = os.path.join(folder, name)
                    rel = os.path.relpath(src, src_root)
                    pairs.append((src, os.path.join(self.build_lib, dst_root, rel)))
        return pairs

    def run(self) -> None:
        """Build the package as usual, then copy the data folders in (not for an editable install)."""
        super().run()
        if self.editable_mode:
            return  # the checkout's folders are read in place
        # An earlier build in the same tree may hold a scenario deleted since: start clean.
        shutil.rmtree(os.path.join(self.build_lib, "simulator", "data"), ignore_errors=True)
        for src, dst in self._data_files():
            self.mkpath(os.path.dirname(dst))
            self.copy_file(src, dst, preserve_mode=False)
            if dst.endswith((".yaml", ".yml")):
                relink_schema(dst)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        """The usual outputs plus the copied data files, so installers record them."""
        outputs = super().get_outputs(include_bytecode)
        if not self.editable_mode:
            outputs += [dst for _, dst in self._data_files()]
        return outputs


setup(cmdclass={"build_py": BuildPyWithData})
