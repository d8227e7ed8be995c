"""Diary.mark(..., seen=call): an outcome given for the call as the user saw it; one changed
elsewhere since (another process on the same file) is refused, never overwritten."""

from __future__ import annotations

import pytest

from calldiary.errors import ChangedElsewhere
from calldiary.model import Party, Status
from calldiary.store import Diary
from tests.conftest import at


def test_a_mark_for_a_call_changed_elsewhere_since_it_was_seen_is_refused(diary, db_path, clock):
    shown = diary.add(at(26, 10), "Ann")
    diary.clear_undo()
    Diary(db_path, clock).mark(shown.id, Status.KEPT)  # another window, after the screen showed it
    with pytest.raises(ChangedElsewhere, match="changed elsewhere since it was shown \\(now kept\\)") as refused:
        diary.mark(shown.id, Status.NO_SHOW, seen=shown)
    assert refused.value.call.status is Status.KEPT
    assert Diary(db_path, clock).get(shown.id).status is Status.KEPT  # on disk: the other window's
    assert diary.can_undo() is False  # (nothing done here)


@pytest.mark.parametrize(
    "elsewhere",
    [
        {"status": Status.CANCELLED},
        {"start": at(26, 9)},
        {"contact": "Bob"},
    ],
)
def test_what_an_outcome_is_about_changed_elsewhere_refuses_it(diary, db_path, clock, elsewhere):
    shown = diary.add(at(26, 10), "Ann")
    other = Diary(db_path, clock)
    if "status" in elsewhere:
        other.mark(shown.id, elsewhere["status"], by=Party.ME, reason="ill")
    else:
        other.edit(shown.id, **elsewhere)
    with pytest.raises(ChangedElsewhere):
        diary.mark(shown.id, Status.KEPT, seen=shown)


def test_a_note_changed_elsewhere_does_not_stop_a_mark_and_is_kept(diary, db_path, clock):
    shown = diary.add(at(26, 10), "Ann", notes="old")
    Diary(db_path, clock).edit(shown.id, notes="new", topic="Pricing")
    done = diary.mark(shown.id, Status.KEPT, seen=shown)
    on_disk = Diary(db_path, clock).get(shown.id)
    assert done.status is on_disk.status is Status.KEPT
    assert (on_disk.notes, on_disk.topic) == ("new", "Pricing")


def test_the_seen_call_as_marked_here_marks_again(diary, clock):
    shown = diary.add(at(26, 10), "Ann")
    kept = diary.mark(shown.id, Status.KEPT, seen=shown)
    assert diary.mark(shown.id, Status.NO_SHOW, seen=kept).status is Status.NO_SHOW
