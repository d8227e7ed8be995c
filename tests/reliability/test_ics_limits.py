"""Item 4 (and 17): crafted .ics files finish or are refused within seconds, with bounded memory."""

from __future__ import annotations

import time

import pytest

from calldiary.interop.icsguard import MAX_PER_SERIES
from calldiary.interop.load import MAX_IMPORT_BYTES

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
TAIL = "END:VCALENDAR\r\n"


def event(uid, rule="", start="20261127T120000Z", summary="Ann", extra=""):
    rule_line = f"RRULE:{rule}\r\n" if rule else ""
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nDURATION:PT30M\r\nSUMMARY:{summary}\r\n"
        f"{rule_line}{extra}END:VEVENT\r\n"
    )


ZONE_BOMB = (
    "BEGIN:VTIMEZONE\r\nTZID:Bomb\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nRRULE:FREQ=SECONDLY\r\n"
    "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\nUID:z\r\nDTSTART;TZID=Bomb:20261127T100000\r\nSUMMARY:Zed\r\nEND:VEVENT\r\n"
)

REFUSED = {
    "secondly": (event("s1", "FREQ=SECONDLY", summary="Spam"), "event 's1' ('Spam') repeats more often than hourly"),
    "minutely": (event("m1", "FREQ=MINUTELY;INTERVAL=5"), "FREQ=MINUTELY"),
    "interval 0": (event("i0", "FREQ=DAILY;INTERVAL=0"), "INTERVAL=0 never moves on"),
    "many minutes": (event("bm", "FREQ=HOURLY;BYMINUTE=0,1,2,3"), "more often than hourly"),
    "hourly since 1900": (event("h1900", "FREQ=HOURLY", start="19000101T100000Z"), "steps to expand"),
    "zone bomb": (ZONE_BOMB, "time zone rules must repeat yearly"),
    "zone dates": (
        "BEGIN:VTIMEZONE\r\nTZID:Many\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        + "".join(f"RDATE:{1970 + n // 365:04d}0101T000000\r\n" for n in range(10_001))
        + "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
        "more than 10,000 dates",
    ),
    "deep nesting": ("BEGIN:VEVENT\r\n" * 50 + "END:VEVENT\r\n" * 50, "nest more than"),
}


@pytest.mark.parametrize("name", REFUSED)
def test_crafted_series_are_refused_quickly_with_a_line_naming_them(proc, tmp_path, name):
    body, message = REFUSED[name]
    path = tmp_path / "crafted.ics"
    path.write_text(HEAD + body + TAIL)
    began = time.monotonic()
    code, _out, err = proc("import", str(path), timeout=30)
    assert time.monotonic() - began < 15
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1, err
    assert message in err and "line " in err


def test_occurrences_are_capped_per_series_and_the_dropped_ones_counted(proc, tmp_path):
    path = tmp_path / "hourly.ics"
    path.write_text(HEAD + event("h", "FREQ=HOURLY", start="20261120T000000Z") + TAIL)
    began = time.monotonic()
    code, out, err = proc("import", str(path), timeout=60)
    assert code == 0, err
    assert time.monotonic() - began < 20
    assert f"{MAX_PER_SERIES} added" in out
    assert "occurrences of recurring events dropped" in err
    dropped = int(err.split("note: ")[1].split()[0])
    assert dropped + MAX_PER_SERIES > 24 * 365  # hourly until a year from now


def test_files_above_the_limit_and_non_regular_files_are_refused_before_reading(proc, tmp_path):
    big = tmp_path / "junk.ics"
    with open(big, "wb") as file:
        file.truncate(MAX_IMPORT_BYTES + 1)  # sparse: no time spent writing it
    began = time.monotonic()
    code, _, err = proc("import", str(big))
    assert time.monotonic() - began < 10
    assert code == 1 and f"above the import limit of {MAX_IMPORT_BYTES // 2**20} MiB" in err and err.count("\n") == 1
    zero = tmp_path / "zero.ics"
    zero.symlink_to("/dev/zero")
    code, _, err = proc("import", str(zero), timeout=20)
    assert code == 1 and "not a regular file" in err and err.count("\n") == 1


def test_two_different_events_sharing_a_uid_are_reported(proc, tmp_path):
    path = tmp_path / "dup.ics"
    path.write_text(HEAD + event("same", summary="Ann") + event("same", summary="Bob") + TAIL)
    code, out, err = proc("import", str(path))
    assert code == 0 and "1 added" in out
    assert "shares its UID with" in err and "'Ann'" in err and "'Bob'" in err
