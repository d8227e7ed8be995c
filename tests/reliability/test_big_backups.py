"""calldiary's own exports of a big diary import back (nine calls, each with a note as long as the
diary takes: ~8.5 MB), while a junk file over the import limit is still refused from its size alone,
before anything is read; an import bringing a note over the limit is refused, naming the call."""

from __future__ import annotations

import json
import time

import pytest

from calldiary.interop.load import MAX_ICS_EVENTS, MAX_TABLE_BYTES
from calldiary.notes_limit import MAX_NOTES_BYTES, notes_size
from calldiary.store import Diary
from tests.conftest import at

NOTE = "\n".join(f"line {n}: agenda item, figures to check" for n in range(22_000))  # ~0.95 MB
CALLS = 9


def listed(proc, db) -> list[dict]:
    code, out, err = proc("list", "--from", "2026-11-01", "--to", "2026-11-30", "--json", env={"CALLDIARY_DB": str(db)})
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("fmt", ["json", "ics"])
def test_own_export_of_long_notes_imports_back_identical(proc, tmp_path, db_path, clock, fmt):
    assert 900_000 < notes_size(NOTE) <= MAX_NOTES_BYTES
    diary = Diary(db_path, clock)
    for n in range(CALLS):
        diary.add(at(20, 8 + n), f"Ann Lee {n}", topic="Pricing", notes=f"{n} {NOTE}"[: len(NOTE)], link="+49 30 1234")
    diary.close()
    export = tmp_path / f"exp.{fmt}"
    code, _, err = proc("export", "--format", fmt, "-o", str(export))
    assert code == 0, err
    assert export.stat().st_size > 8_000_000
    fresh = tmp_path / "new.json"
    began = time.monotonic()
    code, out, err = proc("import", str(export), env={"CALLDIARY_DB": str(fresh)}, timeout=120)
    assert code == 0 and f"{CALLS} added" in out, err
    assert time.monotonic() - began < 60
    before, after = listed(proc, db_path), listed(proc, fresh)
    assert len(after) == CALLS and after[0]["notes"] == f"0 {NOTE}"[: len(NOTE)]
    keep = ("id", "start", "minutes", "contact", "topic", "notes", "link", "status")
    assert [{k: call[k] for k in keep} for call in after] == [{k: call[k] for k in keep} for call in before]


@pytest.mark.parametrize("suffix", [".json", ".csv", ".ics"])
def test_an_import_bringing_a_note_over_the_limit_is_refused_naming_the_call(proc, tmp_path, db_path, clock, suffix):
    """A backup from elsewhere (here: a diary's export, its note grown by hand) with a note over
    the limit: one line naming the call and the limit; nothing imported."""
    source = tmp_path / "source.json"
    diary = Diary(source, clock)
    diary.add(at(20, 10), "Ann Lee", notes="Ann's agenda")
    diary.add(at(20, 11), "Bea Long", notes="Bea's agenda")
    diary.close()
    export = tmp_path / f"exp{suffix}"
    code, _, err = proc("export", "--format", suffix[1:], "-o", str(export), env={"CALLDIARY_DB": str(source)})
    assert code == 0, err
    big = "x" * (MAX_NOTES_BYTES + 1)
    text = export.read_text(encoding="utf-8")
    assert text.count("Bea's agenda") == 1
    head, _, tail = text.partition("Bea's agenda")
    export.write_text(head + big + tail, encoding="utf-8")
    Diary(db_path, clock).add(at(21, 9), "Cy Before")
    kept = db_path.read_bytes()
    code, _, err = proc("import", str(export))
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "Bea Long" in err and f"up to {MAX_NOTES_BYTES:,} bytes" in err and f"take {MAX_NOTES_BYTES + 1:,}" in err
    assert db_path.read_bytes() == kept


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_junk_over_the_limit_is_refused_before_reading_in_one_line(proc, tmp_path, db_path, clock, suffix):
    diary = Diary(db_path, clock)
    diary.add(at(20, 10), "Ann Lee")
    diary.close()
    kept = db_path.read_bytes()
    junk = tmp_path / f"junk{suffix}"
    with open(junk, "wb") as file:
        file.truncate(MAX_TABLE_BYTES + 1)  # sparse: reading it would take seconds and the memory
    began = time.monotonic()
    code, _, err = proc("import", str(junk))
    assert time.monotonic() - began < 10
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert f"above the import limit of {MAX_TABLE_BYTES // 2**20} MiB" in err
    assert db_path.read_bytes() == kept


def test_an_ics_over_the_limit_points_to_the_json_backup_not_to_splitting(proc, tmp_path):
    big = tmp_path / "big.ics"
    with open(big, "wb") as file:
        file.truncate(17 * 2**20)
    code, _, err = proc("import", str(big))
    assert code == 1 and err.count("\n") == 1
    assert "export --format json" in err and "split" not in err


def test_an_ics_with_too_many_events_is_refused_before_parsing(proc, tmp_path, db_path):
    event = "BEGIN:VEVENT\r\nUID:u{n}\r\nDTSTART:20261120T100000Z\r\nSUMMARY:Ann\r\nEND:VEVENT\r\n"
    body = "".join(event.format(n=n) for n in range(MAX_ICS_EVENTS + 1))
    path = tmp_path / "many.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + body + "END:VCALENDAR\r\n")
    began = time.monotonic()
    code, _, err = proc("import", str(path))
    assert time.monotonic() - began < 10
    assert code == 1 and err.count("\n") == 1 and f"more than {MAX_ICS_EVENTS:,} events" in err
    assert not db_path.exists()


def test_a_cut_short_ics_export_is_refused_in_one_readable_line(proc, tmp_path, db_path, clock):
    diary = Diary(db_path, clock)
    for day in (20, 23, 24, 25):
        diary.add(at(day, 10), "Ann Lee", topic="Pricing", notes="Bring the figures. " * 20)
    diary.close()
    export = tmp_path / "full.ics"
    assert proc("export", "--format", "ics", "-o", str(export))[0] == 0
    damaged = tmp_path / "damaged.ics"
    damaged.write_bytes(export.read_bytes()[:1500])
    kept = db_path.read_bytes()
    code, out, err = proc("import", str(damaged))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "not a valid iCalendar file: it ends before END:VCALENDAR" in err
    assert "b'" not in err and "\\r\\n" not in err and "[...]" not in err
    assert db_path.read_bytes() == kept
