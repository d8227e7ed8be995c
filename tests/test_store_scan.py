"""The first query after a load scans and keeps the weeks around what it was asked for; the
queries inside that range are answered from it, kept in step with one-call changes. Whatever the
order of queries and changes, the answers are those of a plain filter over every call."""

from __future__ import annotations

import contextlib

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from calldiary.clock import utc_text
from calldiary.errors import CallDiaryError
from calldiary.model import Status
from calldiary.store import Diary
from tests.conftest import BERLIN, at, make_clock

FIRST = pendulum.datetime(2026, 10, 1, tz=BERLIN)

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["query", "query", "next", "kept", "planned", "move", "move", "delete", "undo", "reload"]),
        st.integers(0, 80),
        st.integers(0, 80),
    ),
    max_size=25,
)


def _expected(diary: Diary, low: pendulum.DateTime, high: pendulum.DateTime) -> list[str]:
    lo, hi = utc_text(low), utc_text(high)
    return [doc["id"] for doc in sorted(diary.docs(), key=lambda d: (d["start"], d["id"])) if lo <= doc["start"] < hi]


@settings(max_examples=50, deadline=None)
@given(STEPS)
def test_queries_answer_what_a_filter_over_every_call_gives(tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("scan") / "diary.json"
    clock = make_clock()
    writer = Diary(path, clock)
    for n in range(30):
        writer.add(FIRST.add(days=2 * n, hours=n % 5), f"C{n % 4}")
    diary = Diary(path, clock)  # loaded: its first query scans, and keeps 14 days around
    week = (FIRST.add(days=30), FIRST.add(days=37))
    assert [call.id for call in diary.between(*week)] == _expected(diary, *week)
    # (no additions here: `add` looks the contact up in the sorted index, which then answers)
    for what, a, b in steps:
        ids = sorted(doc["id"] for doc in diary.docs())
        call_id = ids[a % len(ids)] if ids else None
        with contextlib.suppress(CallDiaryError):
            if what == "query":
                low = FIRST.add(days=16 + a % 30, hours=b % 24)  # mostly inside what the scan keeps
                high = low.add(days=b % 8)
                assert [call.id for call in diary.between(low, high)] == _expected(diary, low, high)
            elif what == "next":
                after = FIRST.add(days=16 + a % 40, hours=b % 24)
                planned = [
                    doc["id"]
                    for doc in sorted(diary.docs(), key=lambda d: (d["start"], d["id"]))
                    if doc["start"] > utc_text(after) and doc["status"] == "planned"
                ]
                found = diary.next_planned(after)
                assert (found.id if found else None) == (planned[0] if planned else None)
            elif call_id is None:
                continue
            elif what in ("kept", "planned"):
                diary.mark(call_id, Status(what))
            elif what == "move":
                diary.edit(call_id, start=FIRST.add(days=b, hours=a % 24))
            elif what == "delete":
                diary.delete(call_id)
            elif what == "undo" and diary.can_undo():
                diary.undo()
            elif what == "reload":
                Diary(path, clock).add(at(1 + a % 28, 9), "Elsewhere")  # another process writes


def test_calls_moved_into_out_of_and_within_the_scanned_weeks_are_found_where_they_are_now(db_path, clock):
    writer = Diary(db_path, clock)
    calls = [writer.add(FIRST.add(days=2 * n, hours=n % 5), f"C{n % 4}") for n in range(30)]
    diary = Diary(db_path, clock)
    week = (FIRST.add(days=30), FIRST.add(days=37))
    around = (FIRST.add(days=17), FIRST.add(days=50))  # inside what the first query keeps
    diary.between(*week)
    for call, days in [(calls[0], 31), (calls[16], 52), (calls[20], 33), (calls[21], 21)]:
        diary.edit(call.id, start=FIRST.add(days=days, hours=3))
        for span in (week, around):
            assert [c.id for c in diary.between(*span)] == _expected(diary, *span)
        diary.mark(call.id, Status.KEPT)
        assert [c.id for c in diary.between(*around)] == _expected(diary, *around)
    assert diary._starts is None  # (all of it answered without sorting the whole diary)
