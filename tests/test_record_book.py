"""RecordBook computes one contact's record from that contact's calls only: the same record as
the whole-diary computation gives, at a fraction of its cost on a big diary."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from calldiary.clock import from_utc_text, utc_text
from calldiary.contacts import RecordBook, contact_figures, contact_key, late_edge
from calldiary.model import Party, Status
from calldiary.store import Diary
from tests.conftest import at

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
