"""Item 1: re-importing never erases outcomes or local edits; an older backup never reverts."""

from __future__ import annotations

import orjson

from calldiary.model import Party, Status
from calldiary.store import Diary
from tests.conftest import NOW, make_clock
from tests.interop.test_interop import SAMPLES

LATER = "2026-12-31T12:00:00+01:00"  # when the calls are past and can be marked


def _by_contact(db_path):
    diary = Diary(db_path, make_clock())
    return {c.contact: c for c in diary.between(NOW.subtract(years=1), NOW.add(years=1))}


def test_reimporting_a_calendar_keeps_outcomes_reasons_and_notes(proc, db_path, tmp_path):
    google = SAMPLES / "google.ics"
    assert proc("import", str(google))[0] == 0
    calls = _by_contact(db_path)
    ann, chen = calls["Ann Lee"], calls["Chen Wei"]
    bob = next(c for c in Diary(db_path, make_clock()).all() if c.contact == "Bob Ortiz")
    assert proc("mark", ann.short_id, "no_show", now=LATER)[0] == 0
    assert proc("mark", bob.short_id, "cancelled", "--by", "me", "--reason", "on holiday", now=LATER)[0] == 0
    Diary(db_path, make_clock()).edit(chen.id, notes="Ask about the budget")  # a note written in calldiary
    before = db_path.read_bytes()

    code, out, err = proc("import", str(google))
    assert code == 0, err
    assert out.startswith("google.ics: 0 added, 0 updated, 5 skipped (unchanged)")
    assert db_path.read_bytes() == before  # nothing changed, nothing written
    again = Diary(db_path, make_clock())
    assert again.get(ann.id).status is Status.NO_SHOW
    kept_bob = again.get(bob.id)
    assert (kept_bob.status, kept_bob.cancelled_by, kept_bob.reason) == (Status.CANCELLED, Party.ME, "on holiday")
    assert again.get(chen.id).notes == "Ask about the budget"

    # The source changes Ann's time and topic: those fields follow it, the outcome stays.
    changed = tmp_path / "google.ics"
    changed.write_text(
        google.read_text().replace("Pricing", "Pricing and terms").replace("20261127T120000Z", "20261127T130000Z")
    )
    code, out, _ = proc("import", str(changed))
    assert out.startswith("google.ics: 0 added, 1 updated, 4 skipped")
    moved = Diary(db_path, make_clock()).get(ann.id)
    assert (moved.topic, moved.start.hour, moved.status) == ("Pricing and terms", 13, Status.NO_SHOW)
    assert Diary(db_path, make_clock()).get(chen.id).notes == "Ask about the budget"
    # The base of what the source last said is kept in the diary's "imports" table.
    assert orjson.loads(db_path.read_bytes())["imports"][ann.id]["topic"] == "Pricing and terms"


def test_an_older_export_never_reverts_newer_local_changes(proc, db_path, tmp_path):
    first = proc("add", "2026-11-20 10:00", "Dana", "--topic", "Intro")[1].strip()
    backup = tmp_path / "backup.json"
    assert proc("export", "--format", "json", "-o", str(backup))[0] == 0
    # Later, locally: an outcome and a new topic.
    assert proc("mark", first, "kept", now="2026-11-27T09:00:00+01:00")[0] == 0
    for fmt in ("json", "csv", "ics"):
        older = tmp_path / f"backup.{fmt}"
        if fmt != "json":
            older.write_bytes(_export_from(backup, fmt, tmp_path, proc))
        code, out, err = proc("import", str(older), now="2026-11-28T09:00:00+01:00")
        assert code == 0, err
        assert "0 updated" in out and "1 older than the diary's copy kept" in out, (fmt, out)
        call = Diary(db_path, make_clock()).resolve(first)
        assert call.status is Status.KEPT, fmt
    # A newer export does win.
    newer = tmp_path / "newer.json"
    records = orjson.loads(backup.read_bytes())["calls"]
    records[0]["topic"], records[0]["updated"] = "Follow-up", "2026-11-29T10:00:00+01:00"
    newer.write_bytes(orjson.dumps(records))  # (a bare list of calls, as older exports were: still read)
    code, out, _ = proc("import", str(newer), now="2026-11-30T09:00:00+01:00")
    assert "1 updated" in out and Diary(db_path, make_clock()).resolve(first).topic == "Follow-up"


def _export_from(backup, fmt, tmp_path, proc):
    """The backup's calls exported as `fmt` by a calldiary that holds only the backup."""
    other = tmp_path / f"other-{fmt}.json"
    env = {"CALLDIARY_DB": str(other)}
    assert proc("import", str(backup), env=env)[0] == 0
    out = tmp_path / f"export.{fmt}"
    assert proc("export", "-o", str(out), env=env)[0] == 0
    return out.read_bytes()


def test_a_cancellation_at_the_source_reaches_a_planned_call_only(proc, db_path, tmp_path):
    src = tmp_path / "cal.ics"
    event = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:20261127T120000Z\r\n"
        "DTEND:20261127T123000Z\r\nSUMMARY:{who}\r\nSTATUS:{status}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    src.write_text(event.format(uid="u1", who="Eve", status="CONFIRMED"))
    proc("import", str(src))
    src.write_text(event.format(uid="u1", who="Eve", status="CANCELLED"))
    assert "1 updated" in proc("import", str(src))[1]
    call = _by_contact(db_path)["Eve"]
    assert (call.status, call.cancelled_by) == (Status.CANCELLED, Party.THEM)
