"""Editing a text in the user's own editor ($VISUAL, else $EDITOR, else the system's): the way to
read and change a prep note of any length, as written (the form's editor holds short ones)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

FALLBACKS = ("sensible-editor", "editor", "nano", "vi")


class EditorError(Exception):
    """The editor could not be run, failed, or wrote something that is not text."""


def editor_command() -> list[str]:
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError as error:
                raise EditorError(f"${name} cannot be read as a command ({error})") from None
    found = next((shutil.which(name) for name in FALLBACKS if shutil.which(name)), None)
    if found is None:
        raise EditorError("no editor found: set $EDITOR (e.g. EDITOR=nano)")
    return [found]


def edit_text(app: App, text: str) -> str:
    """`text` as the user left it in their editor (the terminal is handed over meanwhile).

    The text goes through a private temporary file (mode 0600), written and read back exactly:
    line ends, tabs and any other byte come back as they were. Raises EditorError."""
    command = editor_command()
    folder = tempfile.mkdtemp(prefix="calldiary-")
    path = Path(folder) / "prep-notes.txt"
    try:
        with open(path, "w", encoding="utf-8", newline="", opener=_private) as out:
            out.write(text)
        try:
            with app.suspend():  # (nothing may raise in here: the app would not resume)
                status = _run([*command, str(path)])
        except SuspendNotSupported:  # (no terminal to hand over: tests, the web)
            status = _run([*command, str(path)])
        if isinstance(status, str):
            raise EditorError(status)
        if status != 0:
            raise EditorError(f"the editor ({command[0]}) exited with status {status}: the note is unchanged")
        try:
            with open(path, encoding="utf-8", newline="") as back:
                return back.read()
        except UnicodeDecodeError:
            raise EditorError("the editor saved text that is not UTF-8: the note is unchanged") from None
    finally:
        path.unlink(missing_ok=True)
        os.rmdir(folder)


def _run(command: list[str]) -> int | str:
    """The editor's exit status, or why it could not be started."""
    try:
        return subprocess.run(command, check=False).returncode
    except OSError as error:
        return f"the editor could not be started: {command[0]}: {error.strerror}"


def _private(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_EXCL, 0o600)
