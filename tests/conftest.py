"""Shared fixtures: a pinned clock in Europe/Berlin and a diary in a temp folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pendulum
import pytest

# The suite pins its own clock, zone and files: nothing from the caller's environment may leak in
# (NO_COLOR or TEXTUAL_* would change how screens render; CALLDIARY_* where the diary lives).
for _name in list(os.environ):
    if _name == "NO_COLOR" or _name.startswith(("TEXTUAL_", "CALLDIARY_")):
        del os.environ[_name]

from calldiary.clock import Clock, zone  # noqa: E402
from calldiary.store import Diary  # noqa: E402

BERLIN = "Europe/Berlin"
# Thursday of ISO week 48, mid-afternoon.
NOW = pendulum.datetime(2026, 11, 26, 15, 0, tz=BERLIN)


def make_clock(now: pendulum.DateTime = NOW, tz: str = BERLIN) -> Clock:
    return Clock(zone(tz), now.in_tz(tz))


@pytest.fixture
def clock() -> Clock:
    return make_clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "diary.json"


@pytest.fixture
def diary(db_path: Path, clock: Clock) -> Diary:
    return Diary(db_path, clock)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> pendulum.DateTime:
    """A local Berlin time in November 2026 (the test week)."""
    return pendulum.datetime(2026, month, day, hour, minute, tz=BERLIN)


@pytest.fixture
def cli_env(db_path: Path) -> dict[str, str]:
    """Environment for running the real `calldiary` process against the temp diary."""
    env = dict(os.environ)
    env.update(
        CALLDIARY_DB=str(db_path),
        CALLDIARY_NOW=NOW.isoformat(),
        CALLDIARY_TZ=BERLIN,
        PYTHONPATH=str(Path(__file__).resolve().parents[1]),
    )
    return env


@pytest.fixture
def run(db_path, tmp_path, monkeypatch, capsys):
    """Run the real CLI in this process against the temp diary: (exit code, stdout, stderr)."""
    from calldiary.cli import main

    monkeypatch.setenv("CALLDIARY_DB", str(db_path))
    monkeypatch.setenv("CALLDIARY_NOW", NOW.isoformat())
    monkeypatch.setenv("CALLDIARY_TZ", BERLIN)
    monkeypatch.setenv("CALLDIARY_CONFIG", str(tmp_path / "config.toml"))

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as done:
            main(list(args))
        out, err = capsys.readouterr()
        return done.value.code, out, err

    return run


PYTHON = sys.executable
