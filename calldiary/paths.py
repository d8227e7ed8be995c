"""The user's folders for calldiary's files.

On Linux these follow the XDG base directory rules directly, which is what platformdirs does
there: importing platformdirs costs more than everything else `calldiary list` does besides
reading the diary. Elsewhere (macOS, Windows, Android) platformdirs decides.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "calldiary"


def _xdg() -> bool:
    return sys.platform.startswith("linux") and not os.environ.get("ANDROID_DATA")


def _xdg_home(variable: str, fallback: str) -> Path:
    """$variable if it holds an absolute path (relative ones are ignored, as the spec says), else ~/fallback."""
    value = os.environ.get(variable, "")
    base = value if os.path.isabs(value) else os.path.expanduser(fallback)
    return Path(base) / APP


def user_config_path() -> Path:
    if _xdg():
        return _xdg_home("XDG_CONFIG_HOME", "~/.config")
    import platformdirs

    return platformdirs.user_config_path(APP)


def user_data_path() -> Path:
    if _xdg():
        return _xdg_home("XDG_DATA_HOME", "~/.local/share")
    import platformdirs

    return platformdirs.user_data_path(APP)
