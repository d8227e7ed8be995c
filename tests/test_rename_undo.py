"""A contact's rename (and the merge it may do) is one undo step, like every other change:
undo gives back every call and contact record as it was, byte for byte in the file's terms."""

from __future__ import annotations

import orjson
import pytest

from calldiary.errors import RuleError
from calldiary.model import Status
from calldiary.store import Diary
from tests.conftest import at, make_clock


def _tables(db_path) -> tuple[dict, dict]:
    data = orjson.loads(db_path.read_bytes())
    return data["calls"], data["contacts"]


def _brand_and_brandt(db_path) -> Diary:
    diary = Diary(db_path, make_clock())
    diary.add(at(23, 10), "Dr Brand")
    diary.mark(diary.add(at(24, 10), "Dr Brand").id, Status.NO_SHOW)
    diary.add(at(25, 10), "Dr. Brandt")
    diary.set_dropped("Dr Brand", True, "late twice")
    return diary


def test_a_merge_is_undone_and_redone_as_one_step(db_path):
    diary = _brand_and_brandt(db_path)
    before = _tables(db_path)
    assert diary.rename_contact("dr brand", "Dr. Brandt") == ("Dr Brand", "Dr. Brandt", 2)
    merged = _tables(db_path)
    assert {c["contact"] for c in merged[0].values()} == {"Dr. Brandt"}
    assert Diary(db_path, make_clock()).dropped() == {"Dr. Brandt": "late twice"}

    step = diary.undo()
    assert (step.call_id, step.table, step.what) == ("Dr. Brandt", "contacts", "renamed Dr Brand to Dr. Brandt")
    assert _tables(db_path) == before
    assert Diary(db_path, make_clock()).dropped() == {"Dr Brand": "late twice"}
    assert sorted(diary.contacts()) == ["Dr Brand", "Dr. Brandt"]

    assert diary.redo().what == "renamed Dr Brand to Dr. Brandt"
    assert _tables(db_path) == merged
    assert diary.contacts() == ["Dr. Brandt"]


def test_earlier_steps_stay_undoable_behind_a_rename(db_path):
    diary = Diary(db_path, make_clock())
    call = diary.add(at(24, 10), "Ann")
    diary.mark(call.id, Status.KEPT)
    diary.rename_contact("Ann", "Ann Lee")
    diary.undo()  # the rename
    assert diary.undo().what == "marked kept"
    assert diary.get(call.id).status is Status.PLANNED and diary.get(call.id).contact == "Ann"
    assert diary.undo().what == "added"
    assert len(Diary(db_path, make_clock())) == 0


def test_a_contact_with_no_calls_is_renamed_and_undone(db_path):
    diary = Diary(db_path, make_clock())
    diary.set_dropped("Zed", True, "spam")
    diary.rename_contact("zed", "Zed Ltd")
    assert Diary(db_path, make_clock()).dropped() == {"Zed Ltd": "spam"}
    diary.undo()
    assert Diary(db_path, make_clock()).dropped() == {"Zed": "spam"}


def test_undo_of_a_rename_refuses_when_a_call_changed_elsewhere(db_path):
    diary = _brand_and_brandt(db_path)
    diary.rename_contact("Dr Brand", "Dr. Brandt")
    elsewhere = Diary(db_path, make_clock())  # another terminal
    first = elsewhere.all()[0]
    elsewhere.edit(first.id, topic="moved on")
    after_edit = _tables(db_path)
    with pytest.raises(RuleError, match=rf"can't undo \(renamed Dr Brand to Dr. Brandt\): call {first.short_id}"):
        diary.undo()
    assert _tables(db_path) == after_edit  # nothing half-undone
    # the refused step is gone; the one before it (the drop) names the old spelling, so it refuses too
    with pytest.raises(RuleError, match=r"\(dropped\): Dr Brand was changed elsewhere since$"):
        diary.undo()


def test_a_rename_that_changes_nothing_is_no_step(db_path):
    diary = Diary(db_path, make_clock())
    diary.add(at(24, 10), "Ann")
    diary.rename_contact("ann", "Ann")
    assert diary.undo().what == "added"
