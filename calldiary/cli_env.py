"""What every command shares: the diary path (--db), the settings, the clock, JSON output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import orjson

from calldiary.clock import Clock
from calldiary.config import Settings
from calldiary.config import load as load_settings
from calldiary.model import short_id
from calldiary.store import Diary, default_path
from calldiary.text import printable


class Env:
    """What every command shares: the diary path (from --db / CALLDIARY_DB), the settings and
    the clock."""

    def __init__(self) -> None:
        self.db: Path | None = None
        self._clock: Clock | None = None
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @property
    def clock(self) -> Clock:
        if self._clock is None:
            settings = self.settings
            self._clock = Clock.from_env(settings.timezone, settings.week_start_index)
        return self._clock

    def diary(self) -> Diary:
        diary = Diary(self.db or default_path(), self.clock)
        for key, problem in diary.broken():
            say(
                f"calldiary: warning: {diary.path.name}: a broken call record is set aside: {problem}; "
                f"'calldiary delete {short_id(key) or key}' removes it, or fix it in the file",
                err=True,
            )
        return diary


def say(message: str, *, err: bool = False) -> None:
    """Print one message; any user or file text in it is shown literally (printable)."""
    click.echo(printable(message), err=err)


def _remember_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(Env).db = value


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db, accepted before or after the command's name."""
    return click.option(
        "--db",
        type=click.Path(path_type=Path, dir_okay=False),
        callback=_remember_db,
        expose_value=False,
        is_eager=True,
        help="The diary file (default: $CALLDIARY_DB or diary.json in your data folder).",
    )(command)


def who_dials_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--they-call/--i-call as `they_call` (True, False or None when not given); both at once
    is refused, not settled silently by whichever came last."""

    def one(ctx: click.Context, param: click.Parameter, values: tuple[bool, ...]) -> bool | None:
        if len(set(values)) > 1:
            raise click.UsageError("--they-call and --i-call contradict each other: give one of them", ctx)
        return values[0] if values else None

    return click.option("--they-call/--i-call", "they_call", default=None, multiple=True, callback=one, help=help)


def print_json(value: object) -> None:
    sys.stdout.buffer.write(orjson.dumps(value, option=orjson.OPT_INDENT_2))
    sys.stdout.buffer.write(b"\n")


def notes_file_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--notes-file FILE as `notes_file` (a path; "-" is standard input): a long note (up to
    model.MAX_NOTES_BYTES), which --notes cannot take past the system's limit on an argument."""
    return click.option(
        "--notes-file",
        "notes_file",
        metavar="FILE",
        default=None,
        help="Prep notes from a file of UTF-8 text (- reads standard input), for long notes (up to 1 MB).",
    )


def notes_given(notes: str | None, notes_file: str | None) -> str | None:
    """The notes given by --notes or --notes-file (None: neither); both at once is refused, and
    a file that can't be read or is not UTF-8 text is one clear line."""
    if notes_file is None:
        return notes
    if notes is not None:
        raise click.UsageError("--notes and --notes-file both give the notes: give one of them")
    from calldiary.notes_limit import MAX_NOTES_BYTES
    from calldiary.text import printable

    shown = "standard input" if notes_file == "-" else f"the notes file {printable(notes_file)}"

    def too_big(size: str) -> click.UsageError:
        return click.UsageError(
            f"{shown} has {size} bytes; prep notes can take up to {MAX_NOTES_BYTES:,} (about 300 pages)"
            " — keep a long document in a file and put its path or link in the notes"
        )

    try:
        if notes_file == "-":
            raw = sys.stdin.buffer.read(MAX_NOTES_BYTES + 1)  # (more than the notes may take: refused)
        else:
            with open(notes_file, "rb") as file:
                size = os.fstat(file.fileno()).st_size
                if size > MAX_NOTES_BYTES:  # (refused from its size: never read into memory)
                    raise too_big(f"{size:,}")
                raw = file.read(MAX_NOTES_BYTES + 1)
    except OSError as error:
        raise click.UsageError(f"can't read {shown}: {error.strerror or error}") from None
    if len(raw) > MAX_NOTES_BYTES:  # (standard input, or a file that is not a plain file)
        raise too_big(f"more than {MAX_NOTES_BYTES:,}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise click.UsageError(f"{shown} is not UTF-8 text (byte {error.start})") from None
