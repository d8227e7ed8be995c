"""A call's prep notes take at most MAX_NOTES_BYTES of the diary (1 MB as stored, about 300 pages):
each change rewrites the whole file durably, and a 12 MB note made every save take 120-150 ms.
New or changed notes over it are refused with one clear line; a note stored before the limit
stays whole and every other change to its call still works."""

from __future__ import annotations

import orjson
import pytest

from calldiary.errors import RuleError
from calldiary.model import Status
from calldiary.notes_limit import MAX_NOTES_BYTES, check_notes, notes_size
from calldiary.storage import SEAL_KEY, seal
from calldiary.store import Diary
from tests.conftest import at

OLD_NOTE = "\n".join(f"line {n}: agenda item, figures to check" for n in range(100_000))  # ~4 MB


def test_the_size_is_what_the_file_holds():
    assert notes_size("abc") == 3
    assert notes_size("é") == 2 and notes_size("\n") == 2 and notes_size("\x1b") == 6
    long_lines = "a\n" * 400_000
    assert notes_size(long_lines) == len(orjson.dumps(long_lines)) - 2 == 1_200_000
    check_notes("x" * MAX_NOTES_BYTES)
    with pytest.raises(RuleError, match=f"up to {MAX_NOTES_BYTES:,} bytes .*these take {MAX_NOTES_BYTES + 1:,}"):
        check_notes("x" * (MAX_NOTES_BYTES + 1))
    with pytest.raises(RuleError, match="these take 1,200,000"):
        check_notes(long_lines)


def test_adding_or_editing_a_note_over_the_limit_is_refused_and_changes_nothing(db_path, clock):
    diary = Diary(db_path, clock)
    call = diary.add(at(27, 9), "Ann", notes="x" * MAX_NOTES_BYTES)  # (at the limit: kept)
    before = db_path.read_bytes()
    with pytest.raises(RuleError, match="prep notes can take up to"):
        diary.add(at(27, 11), "Bob", notes="y" * (MAX_NOTES_BYTES + 1))
    with pytest.raises(RuleError, match="prep notes can take up to"):
        diary.edit(call.id, notes="x" * MAX_NOTES_BYTES + "!")
    assert db_path.read_bytes() == before
    assert Diary(db_path, clock).get(call.id).notes == "x" * MAX_NOTES_BYTES


def _old_diary(db_path, clock) -> str:
    """A diary written before the limit, holding a ~4 MB note (sealed, as calldiary wrote it)."""
    diary = Diary(db_path, clock)
    call = diary.add(at(23, 9), "Ann", topic="Old", notes="short")
    diary.close()
    data = orjson.loads(db_path.read_bytes())
    del data[SEAL_KEY]
    data["calls"][call.id]["notes"] = OLD_NOTE
    db_path.write_bytes(seal(orjson.dumps(data)))
    return call.id


def test_a_note_stored_before_the_limit_stays_whole_through_every_other_change(db_path, clock):
    call_id = _old_diary(db_path, clock)
    diary = Diary(db_path, clock)
    assert diary.get(call_id).notes == OLD_NOTE
    diary.edit(call_id, topic="New topic", notes=OLD_NOTE)  # (the note given back unchanged: fine)
    diary.mark(call_id, Status.NO_SHOW)
    assert Diary(db_path, clock).get(call_id).notes == OLD_NOTE
    with pytest.raises(RuleError, match="these take 4,"):
        diary.edit(call_id, notes=OLD_NOTE + "\nmore")  # (changed, and still over: refused)
    diary.edit(call_id, notes="the gist")  # (shortened: fine)
    assert Diary(db_path, clock).get(call_id).notes == "the gist"
    diary.undo()  # (undo gives back what was there, long or not)
    again = Diary(db_path, clock).get(call_id)
    assert (again.notes, again.topic, again.status) == (OLD_NOTE, "New topic", Status.NO_SHOW)
