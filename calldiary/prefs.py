"""Small UI preferences kept between runs (the theme), in the user's state folder."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import orjson

from calldiary.atomic import write_atomic
from calldiary.paths import expand, user_dir


def default_path() -> Path:
    env = os.environ.get("CALLDIARY_STATE", "").strip()
    if env:
        return expand(env, "CALLDIARY_STATE")
    return user_dir("state", "CALLDIARY_STATE") / "ui.json"


class Prefs:
    """A JSON file of a few UI choices; a broken or missing file means the defaults."""

    def __init__(self, path: Path | None = None):
        self.path = path or default_path()
        self.theme: str | None = None
        with contextlib.suppress(OSError, orjson.JSONDecodeError):
            data = orjson.loads(self.path.read_bytes())
            if isinstance(data, dict) and isinstance(data.get("theme"), str):
                self.theme = data["theme"]

    def save(self) -> None:
        """Best effort: a preference that can't be saved is not worth interrupting the user."""
        with contextlib.suppress(OSError):
            # Like the diary: a fresh private temp file, fsynced and renamed (never a fixed
            # temp name that could follow someone's symlink).
            write_atomic(self.path, orjson.dumps({"theme": self.theme}), make_folder=True)
