"""The user's folders (data, config, state), with one clear error when there is no home."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

from calldiary.errors import CallDiaryError

_NO_HOME = (
    "can't find your home folder (HOME is unset, empty or not an absolute path); "
    "set HOME to an absolute path, or {variable}"
)


def expand(text: str, variable: str) -> Path:
    """`text` with a leading ~ expanded; a clear error when the home folder is unknown (HOME set
    but empty or relative, or unset with no entry in the password database)."""
    if not text.startswith("~"):
        return Path(text)
    home = os.environ.get("HOME")
    if home is not None and not os.path.isabs(home) and (text == "~" or text.startswith("~/")):
        raise CallDiaryError(_NO_HOME.format(variable=variable))
    try:
        path = Path(text).expanduser()
    except RuntimeError:
        raise CallDiaryError(_NO_HOME.format(variable=variable)) from None
    if not path.is_absolute():
        raise CallDiaryError(_NO_HOME.format(variable=variable))
    return path


def user_dir(kind: Literal["data", "config", "state"], variable: str) -> Path:
    """calldiary's folder of that kind for this user (platformdirs), always absolute."""
    fast = _xdg_dir(kind)
    if fast is not None:
        return fast
    import platformdirs

    finders = {
        "data": platformdirs.user_data_path,
        "config": platformdirs.user_config_path,
        "state": platformdirs.user_state_path,
    }
    try:
        path = finders[kind]("calldiary")
    except (RuntimeError, KeyError, OSError):
        raise CallDiaryError(_NO_HOME.format(variable=variable)) from None
    if not path.is_absolute():
        raise CallDiaryError(_NO_HOME.format(variable=variable))
    return path


_XDG = {
    "data": ("XDG_DATA_HOME", ".local/share"),
    "config": ("XDG_CONFIG_HOME", ".config"),
    "state": ("XDG_STATE_HOME", ".local/state"),
}


def _xdg_dir(kind: str) -> Path | None:
    """On Linux, the folder by the XDG base directory rules that platformdirs follows there, without
    importing platformdirs (which costs more than the rest of `calldiary list` besides reading the
    diary). None where platformdirs should decide: other systems, or no absolute HOME to go by."""
    if not sys.platform.startswith("linux") or os.environ.get("ANDROID_DATA"):
        return None
    variable, fallback = _XDG[kind]
    value = os.environ.get(variable, "")
    if os.path.isabs(value):
        return Path(value) / "calldiary"
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):
        return None
    return Path(home) / fallback / "calldiary"
