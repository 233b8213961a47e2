"""Rule `missing-asset`: a portrait image that is not where the scenario says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from simulator.scenario.problems import Problem, error
from simulator.validation.registry import Context, rule


def find_asset(name: str, scenario_path: str, asset_dirs: tuple[Path, ...]) -> Path | None:
    """The file ``name`` refers to: beside the scenario, or in one of ``asset_dirs``."""
    candidates = [Path(scenario_path).parent / name, *(d / name for d in asset_dirs)]
    return next((c for c in candidates if c.is_file()), None)


@rule("missing-asset", "an image or sound the scenario names that does not exist")
def check(ctx: Context) -> Iterator[Problem]:
    """Report a portrait image that cannot be found."""
    portrait = ctx.scenario.persona.portrait
    if portrait.image and portrait.image_pos is not None:
        if find_asset(portrait.image, ctx.path, ctx.asset_dirs) is None:
            where = ", ".join(str(d) for d in ctx.asset_dirs) or "the scenario's folder"
            yield error(
                portrait.image_pos,
                f"portrait image '{portrait.image}' was not found beside the scenario or in "
                f"{where}; fix the path or remove `image:` to use a drawn face",
                "missing-asset",
            )
