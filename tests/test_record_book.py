"""RecordBook computes one contact's record from that contact's calls only: the same record as
the whole-diary computation gives, at a fraction of its cost on a big diary."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from calldiary.clock import from_utc_text, utc_text
from calldiary.contacts import RecordBook, contact_figures, contact_key, late_edge
from calldiary.errors import CallDiaryError
from calldiary.model import Party, Status
from calldiary.store import Diary
from tests.conftest import at, make_clock

SPELLINGS = ["Ann Lee", "ann  lee", "Ann-Lee", "Bob", "BOB", "Chen", "Dana"]


def test_one_contacts_record_is_the_whole_diarys_record_of_that_contact(diary):
    for n in range(60):
        call = diary.add(at(1 + n % 27, 8 + n % 9, month=10), SPELLINGS[n % len(SPELLINGS)], minutes=15 + n)
        if n % 4 == 0:
            diary.mark(call.id, Status.NO_SHOW, by=Party.ME if n % 8 == 0 else None)
        elif n % 4 == 1:
            diary.mark(call.id, Status.CANCELLED, by=Party.THEM if n % 3 else Party.ME)
        elif n % 4 == 2:
            diary.mark(call.id, Status.KEPT)
    diary.set_dropped("Dana", True, "moved away")
    diary.set_dropped("Eve", True, "never booked")
    whole = {contact_key(row.name): row for row in contact_figures(diary.docs(), diary.dropped(), 24)}
    book = RecordBook(diary, 24)
    for name in [*SPELLINGS, "Eve", "nobody"]:
        assert book.figures(name) == whole.get(contact_key(name))
    before = book.figures("Bob")
    diary.add(at(27, 9), "bob")
    assert book.figures("Bob") != before and book.figures("Bob").calls == before.calls + 1


@given(st.integers(0, 10**9), st.integers(0, 24 * 400))
def test_the_late_edge_is_the_same_as_with_pendulum(seconds, hours):
    start = utc_text(pendulum.datetime(1900, 1, 1, tz="UTC").add(seconds=seconds * 9))
    assert late_edge(start, hours) == utc_text(from_utc_text(start) - timedelta(hours=hours))


def test_the_record_follows_every_kind_of_change(db_path, clock, diary):
    first = diary.add(at(20, 9), "Ann")
    second = diary.add(at(21, 9), "Bob")
    book = RecordBook(diary, 24)

    def same() -> None:
        whole = {contact_key(row.name): row for row in contact_figures(diary.docs(), diary.dropped(), 24)}
        for name in ("Ann", "Bob", "Cy"):
            assert book.figures(name) == whole.get(contact_key(name))

    same()
    diary.mark(first.id, Status.NO_SHOW)
    same()
    diary.edit(second.id, contact="Ann")
    same()
    diary.delete(first.id)
    same()
    diary.undo()
    same()
    Diary(db_path, clock).add(at(22, 9), "Cy")  # another process: the file is read again
    same()
    Diary(db_path, clock).mark(first.id, Status.KEPT)
    same()


# The same contact in several spellings, calls at few distinct times (ties of the latest call and
# the latest no-show), cancellations around the late edge.
CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["kept", "no_show", "mine", "them", "me", "planned", "switch", "move", "undo", "redo"]),
        st.integers(0, 40),
        st.integers(0, 3),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(CHANGES)
def test_the_record_kept_in_step_with_outcome_changes_is_the_one_computed_from_scratch(tmp_path_factory, changes):
    clock = make_clock()
    diary = Diary(tmp_path_factory.mktemp("book") / "diary.json", clock)
    for n in range(8):
        diary.add(at(20 + n % 3, 9 + n % 2), SPELLINGS[n % 3], minutes=10 + n, prep_minutes=n)
    book = RecordBook(diary, 24)
    ids = [doc["id"] for doc in diary.docs()]
    for what, n, hour in changes:
        call_id = ids[n % len(ids)]
        with contextlib.suppress(CallDiaryError):
            if what in ("kept", "no_show", "planned"):
                diary.mark(call_id, Status(what))
            elif what == "mine":
                diary.mark(call_id, Status.NO_SHOW, by=Party.ME)
            elif what in ("them", "me"):
                # cancelled now: late for the calls less than a day before now (the 25th from 15:00)
                diary.mark(call_id, Status.CANCELLED, by=Party(what))
            elif what == "switch":
                diary.edit(call_id, no_show_by=Party.ME if n % 2 else Party.THEM)
            elif what == "move":
                diary.edit(call_id, start=at(20 + n % 3, 9 + hour), prep_minutes=hour)
            elif what == "undo" and diary.can_undo():
                diary.undo()
            elif what == "redo" and diary.can_redo():
                diary.redo()
        whole = {contact_key(row.name): row for row in contact_figures(diary.docs(), diary.dropped(), 24)}
        for name in SPELLINGS[:3]:
            assert book.figures(name) == whole.get(contact_key(name))
