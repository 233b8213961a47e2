"""The player's settings, kept as JSON in the user's config folder (no pygame here)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from simulator.paths import user_config_dir

CAPTION_SPEEDS: dict[str, float] = {
    "slow": 12.0,
    "normal": 18.0,
    "fast": 30.0,
    "instant": 0.0,
}  # characters per second
TEXT_SIZES: dict[str, float] = {"small": 0.85, "normal": 1.0, "large": 1.2, "huge": 1.4}
SETTINGS_FILE = "settings.json"
# Voice answers: off, on (say an answer shown on screen), or gist (only the answers' gists are
# shown and the trainee puts them in their own words).
VOICE_ANSWER_MODES: dict[str, str] = {"off": "off", "on": "on", "gist": "gist only"}


@dataclass
class Settings:
    """What the player can change; every field has a safe default."""

    voice: bool = True
    volume: float = 0.8
    phone_line: bool = True  # the customer's voice through a telephone band, with line hiss
    caption_speed: str = "normal"
    text_size: str = "normal"
    high_contrast: bool = False
    fullscreen: bool = False
    last_trainee: str = ""
    voice_answers: str = "off"  # one of VOICE_ANSWER_MODES
    microphone: str = ""  # the capture device's name; "" is the system's default
    save_answers: bool = False  # keep each spoken answer as a WAV for the trainee's own review

    @property
    def chars_per_second(self) -> float:
        """Caption pace when there is no audio to follow (0 means show at once)."""
        return CAPTION_SPEEDS.get(self.caption_speed, CAPTION_SPEEDS["normal"])

    def cleaned(self) -> Settings:
        """A copy with out-of-range values put back to defaults."""
        d = Settings()
        return Settings(
            voice=bool(self.voice),
            volume=min(1.0, max(0.0, float(self.volume)))
            if isinstance(self.volume, (int, float))
            else d.volume,
            phone_line=bool(self.phone_line),
            caption_speed=self.caption_speed
            if self.caption_speed in CAPTION_SPEEDS
            else d.caption_speed,
            text_size=self.text_size if self.text_size in TEXT_SIZES else d.text_size,
            high_contrast=bool(self.high_contrast),
            fullscreen=bool(self.fullscreen),
            last_trainee=self.last_trainee if isinstance(self.last_trainee, str) else "",
            voice_answers=self.voice_answers
            if self.voice_answers in VOICE_ANSWER_MODES
            else d.voice_answers,
            microphone=self.microphone if isinstance(self.microphone, str) else "",
            save_answers=self.save_answers is True,  # recording is never turned on by a stray value
        )


# the window each text size needs: a screen laid out for normal text needs 640x480, and bigger text
# proportionally more; in a smaller window the text is shown at the largest size that fits
BASE_WINDOW = (640, 480)


def fitting_text_size(wanted: str, size: tuple[int, int]) -> str:
    """``wanted``, or the largest smaller text size that a window of ``size`` can lay out without clipping."""
    room = min(size[0] / BASE_WINDOW[0], size[1] / BASE_WINDOW[1])
    names = list(TEXT_SIZES)
    wanted = wanted if wanted in TEXT_SIZES else "normal"
    fits = [n for n in names[: names.index(wanted) + 1] if TEXT_SIZES[n] <= room + 1e-9]
    return fits[-1] if fits else names[0]


def settings_path(folder: Path | None = None) -> Path:
    """Where the settings file lives."""
    return (folder or user_config_dir()) / SETTINGS_FILE


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """Settings from ``path``; defaults plus a notice when the file is missing a value or unreadable."""
    if not path.exists():
        return Settings(), None
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return Settings(), f"Settings in {path} could not be read ({exc}); using defaults."
    if not isinstance(data, dict):
        return (
            Settings(),
            f"Settings in {path} could not be read (not a JSON object); using defaults.",
        )
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in data.items() if k in known}).cleaned(), None


def save_settings(settings: Settings, path: Path) -> str | None:
    """Write settings; returns a notice instead of raising when the folder is not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        return f"Settings could not be saved to {path} ({exc.strerror or exc})."
    return None
