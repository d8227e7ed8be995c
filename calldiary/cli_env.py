"""What every command shares: the diary path (--db), the settings, the clock, JSON output."""

from __future__ import annotations

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
