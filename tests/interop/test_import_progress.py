"""The import's progress line covers the whole import, the icalendar parse included."""

from __future__ import annotations

import io
import time

import pytest

from calldiary.config import Settings
from calldiary.errors import CallDiaryError
from calldiary.interop.load import read_file
from calldiary.interop.progress import Progress
from tests.conftest import make_clock


def _ics(count: int) -> str:
    events = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:e{n}@example.com\r\nDTSTAMP:20261101T000000Z\r\n"
        f"DTSTART:202611{10 + n % 18:02d}T{8 + n % 9:02d}0000Z\r\nDURATION:PT30M\r\n"
        f"SUMMARY:Call with Contact {n} - Topic\r\nEND:VEVENT\r\n"
        for n in range(count)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{events}END:VCALENDAR\r\n"


def test_the_line_starts_before_the_parse_and_ends_with_every_event_counted(tmp_path, capsys):
    path = tmp_path / "cal.ics"
    path.write_text(_ics(300))
    batch = read_file(path, make_clock(), Settings(), progress=True)
    shown = capsys.readouterr().err
    assert len(batch.calls) == 300
    first = shown.split("\r")[1]
    assert first.startswith("importing cal.ics: reading ") and "kB" in first  # drawn before any event
    assert shown.endswith("events [########################] 300/300  " + shown.rsplit("  ", 1)[1])
    assert shown.endswith(" s\n")


def test_a_spinner_turns_while_one_long_step_runs():
    out = io.StringIO()
    with Progress("importing x.ics", out, 2_000_000):
        time.sleep(0.45)  # like the icalendar parse: one call that reports nothing
    drawn = [part for part in out.getvalue().split("\r") if part]
    assert len(drawn) >= 4  # redrawn about every 0.1 s
    assert {part.split("reading 2.0 MB ")[1][0] for part in drawn[:-1]} >= {"|", "/"}


def test_a_failed_import_leaves_only_its_error_line(tmp_path, capsys):
    path = tmp_path / "bad.ics"
    path.write_text("this is not a calendar\n")
    with pytest.raises(CallDiaryError, match=r"bad\.ics"):
        read_file(path, make_clock(), Settings(), progress=True)
    shown = capsys.readouterr().err
    assert "\n" not in shown and shown.endswith("\r") and shown.split("\r")[-2].strip() == ""  # wiped
