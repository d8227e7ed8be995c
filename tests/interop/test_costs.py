"""The new call fields and the contacts' dropped notes survive every export and import; an .ics
shows the outcome where other calendars can see it and still imports back to the same calls."""

from __future__ import annotations

import json

import pytest

from calldiary.model import Direction, Party, Status
from calldiary.store import Diary
from tests.conftest import NOW, at, make_clock


def _diary(db_path) -> dict:
    diary = Diary(db_path, make_clock())
    mine = diary.add(at(24, 10), "Cy", direction=Direction.I_CALL, prep_minutes=15, notes="agenda\nline 2")
    diary.mark(mine.id, Status.NO_SHOW)
    theirs = diary.add(at(25, 10), "Dr. Brandt", prep_minutes=40, turned_down="Max's 10:00; a, b")
    diary.mark(theirs.id, Status.NO_SHOW, by=Party.THEM)
    diary.mark(diary.add(at(23, 9), "Ann", topic="Intro").id, Status.KEPT)
    diary.mark(diary.add(at(27, 9), "Eve").id, Status.CANCELLED, by=Party.ME, reason="ill")
    diary.add(at(28, 9), "Fay", turned_down="lunch")
    diary.set_dropped("Dr. Brandt", True, "two no-shows; ask for\na deposit")
    return {c.id: c for c in diary.between(NOW.subtract(years=1), NOW.add(years=1))}


@pytest.mark.parametrize("fmt", ["ics", "csv", "json"])
def test_round_trip_keeps_the_new_fields_and_dropped_notes(run, db_path, tmp_path, fmt):
    original = _diary(db_path)
    exported = tmp_path / f"calls.{fmt}"
    assert run("export", "--format", fmt, "-o", str(exported))[0] == 0
    other = tmp_path / "other.json"
    code, _, err = run("--db", str(other), "import", str(exported))
    assert code == 0, err
    again = Diary(other, make_clock())
    back = {c.id: c for c in again.between(NOW.subtract(years=1), NOW.add(years=1))}
    assert back == original
    assert again.dropped() == {"Dr. Brandt": "two no-shows; ask for\na deposit"}
    # importing the same file again changes nothing
    assert run("--db", str(other), "import", str(exported))[1].startswith(f"calls.{fmt}: 0 added, 0 updated")


def test_ics_shows_the_outcome_to_other_calendars(run, db_path, tmp_path):
    _diary(db_path)
    text = run("export", "--format", "ics")[1].replace("\r\n ", "")
    assert "SUMMARY:[no-show] Dr. Brandt" in text
    assert "SUMMARY:[kept] Ann - Intro" in text
    assert "SUMMARY:[cancelled] Eve" in text
    assert "SUMMARY:Fay" in text
    assert "DESCRIPTION:Outcome: no-show (by me)\\n\\nagenda\\nline 2" in text
    assert "DESCRIPTION:Outcome: cancelled by me — ill" in text


def test_ics_from_a_calendar_that_dropped_the_x_properties(run, db_path, tmp_path):
    """A phone calendar keeps SUMMARY and DESCRIPTION only: the tag and the outcome line still read."""
    _diary(db_path)
    text = run("export", "--format", "ics")[1]
    kept = "\r\n".join(line for line in text.replace("\r\n ", "").split("\r\n") if not line.startswith("X-CALLDIARY-"))
    stripped = tmp_path / "phone.ics"
    stripped.write_text(kept)
    other = tmp_path / "other.json"
    assert run("--db", str(other), "import", str(stripped))[0] == 0
    found = {c.contact: c for c in Diary(other, make_clock()).between(NOW.subtract(years=1), NOW.add(years=1))}
    assert found["Dr. Brandt"].status is Status.NO_SHOW and found["Ann"].status is Status.KEPT
    assert found["Ann"].topic == "Intro" and found["Cy"].notes == "agenda\nline 2"


def test_csv_and_json_carry_the_columns(run, db_path):
    _diary(db_path)
    rows = json.loads(run("export", "--format", "json")[1])["calls"]
    brandt = next(r for r in rows if r["contact"] == "Dr. Brandt")
    assert (brandt["prep_minutes"], brandt["turned_down"], brandt["no_show_by"]) == (40, "Max's 10:00; a, b", "them")
    assert brandt["contact_dropped"] is True and brandt["contact_note"].startswith("two no-shows")
    header = run("export", "--format", "csv")[1].splitlines()[0]
    assert header.endswith("no_show_by,prep_minutes,turned_down,contact_dropped,contact_note")
