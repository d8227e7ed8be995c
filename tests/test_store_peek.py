"""A diary opened with peek=True (as the TUI opens it): a file calldiary sealed is read, its seal
checked, and its first frame's queries (the week, the reminders' window, the next call, "empty?")
answered from its bytes; it is parsed when anything else is first asked. Every answer is the
one a diary parsed at once gives; a file changed meanwhile, or one the seal does not vouch for,
is read as ever (a broken one refused when opened)."""

from __future__ import annotations

import contextlib
import os

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calldiary.errors import CallDiaryError, DiaryFileError
from calldiary.model import Status
from calldiary.remind import window
from calldiary.store import Diary
from tests.conftest import BERLIN, make_clock

FIRST = pendulum.datetime(2026, 10, 1, tz=BERLIN)


def _parsed(diary: Diary) -> bool:
    return diary._storage._data is not None


def _ids(calls) -> list[str]:
    return [call.id for call in calls]


def _made(path, count: int = 40, statuses: tuple[Status, ...] = (Status.KEPT, Status.NO_SHOW)) -> Diary:
    writer = Diary(path, make_clock())
    for n in range(count):
        call = writer.add(FIRST.add(days=2 * n, hours=n % 5), f"Contact {n % 4}", topic=f"topic {n}")
        if n % 3 == 0 and call.start < writer.clock.now():
            writer.mark(call.id, statuses[n % len(statuses)])
    return writer


def test_the_first_frames_queries_are_answered_without_the_parse(tmp_path):
    path = tmp_path / "diary.json"
    writer = _made(path)
    clock = writer.clock
    now = clock.now()
    peeked = Diary(path, clock, peek=True)
    assert not _parsed(peeked)
    assert not peeked.is_empty()
    version = peeked.version
    week = peeked.week(clock.today())
    near = peeked.between(*window(now, [15]))
    upcoming = peeked.next_planned(now)
    assert not _parsed(peeked)  # (all from the bytes)
    whole = Diary(path, clock)
    assert week == whole.week(clock.today()) and week
    assert near == whole.between(*window(now, [15]))
    assert upcoming == whole.next_planned(now) and upcoming is not None
    assert len(peeked) == len(whole)  # parsed now: the same version, the same answers
    assert _parsed(peeked) and peeked.version == version
    assert peeked.week(clock.today()) == week
    assert peeked.all() == whole.all()


def test_an_empty_diary_says_so_from_its_bytes(tmp_path):
    path = tmp_path / "diary.json"
    writer = Diary(path, make_clock())
    call = writer.add(FIRST, "Ann")
    writer.delete(call.id)
    peeked = Diary(path, writer.clock, peek=True)
    assert peeked.is_empty() and not _parsed(peeked)
    assert peeked.week(writer.clock.today()) == [] and peeked.next_planned(writer.clock.now()) is None
    assert len(peeked) == 0


QUERIES = st.lists(
    st.tuples(st.sampled_from(["between", "between", "next", "empty", "get", "change"]), st.integers(0, 120)),
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(first_week=st.integers(0, 80), queries=QUERIES)
def test_a_peeked_diary_answers_as_a_parsed_one(tmp_path_factory, first_week, queries):
    path = tmp_path_factory.mktemp("peek") / "diary.json"
    writer = _made(path, 30)
    clock = writer.clock
    peeked = Diary(path, clock, peek=True)
    start = FIRST.add(days=first_week)
    assert _ids(peeked.between(start, start.add(days=7))) == _ids(Diary(path, clock).between(start, start.add(days=7)))
    for what, n in queries:
        whole = Diary(path, clock)
        at = FIRST.add(days=n % 90, hours=n % 7)
        if what == "between":
            assert peeked.between(at, at.add(days=n % 9)) == whole.between(at, at.add(days=n % 9))
        elif what == "next":
            assert peeked.next_planned(at) == whole.next_planned(at)
        elif what == "empty":
            assert peeked.is_empty() == whole.is_empty() is False
        elif what == "get":
            call_id = _ids(whole.all())[n % len(whole)]
            assert peeked.get(call_id) == whole.get(call_id)
        else:  # another process changes a call: the peeked diary sees it at its next query
            call_id = _ids(whole.all())[n % len(whole)]
            with contextlib.suppress(CallDiaryError):
                whole.edit(call_id, start=whole.get(call_id).start.add(days=(n % 5) - 2))
        assert peeked.version >= 1


def test_a_file_changed_after_the_peek_is_read_again(tmp_path):
    path = tmp_path / "diary.json"
    writer = _made(path)
    clock = writer.clock
    peeked = Diary(path, clock, peek=True)
    week = peeked.week(clock.today())
    version = peeked.version
    other = Diary(path, clock)
    moved = other.edit(week[0].id, topic="changed elsewhere")
    assert peeked.version > version  # (another process's change, as after any read)
    assert moved in peeked.week(clock.today())
    assert peeked.get(moved.id).topic == "changed elsewhere"
    # and one changed before any query
    again = Diary(path, clock, peek=True)
    Diary(path, clock).delete(moved.id)
    assert moved.id not in _ids(again.week(clock.today()))
    assert len(again) == len(Diary(path, clock))


def test_changes_on_a_peeked_diary_are_written_as_ever(tmp_path):
    path = tmp_path / "diary.json"
    writer = _made(path)
    clock = writer.clock
    peeked = Diary(path, clock, peek=True)
    started = [c for c in peeked.week(clock.today()) if c.start <= clock.now()][-1]
    peeked.mark(started.id, Status.KEPT)
    assert Diary(path, clock).get(started.id).status is Status.KEPT
    assert peeked.undo().call_id == started.id
    assert Diary(path, clock).get(started.id).status is started.status


def test_files_the_seal_does_not_vouch_for_are_read_and_checked_at_once(tmp_path):
    path = tmp_path / "diary.json"
    _made(path)
    raw = path.read_bytes()
    # Unsealed (as by hand): parsed and checked when opened.
    path.write_bytes(raw[: raw.rindex(b',"seal":')] + b"}")
    peeked = Diary(path, make_clock(), peek=True)
    assert _parsed(peeked) and peeked.week(make_clock().today()) == Diary(path, make_clock()).week(make_clock().today())
    # A byte changed under the seal, breaking a record: checked record by record when opened
    # (the broken record set aside, as ever).
    path.write_bytes(raw.replace(b'"minutes":30', b'"minutes":"x"', 1))
    peeked = Diary(path, make_clock(), peek=True)
    assert _parsed(peeked) and len(peeked.broken()) == 1
    assert peeked.all() == Diary(path, make_clock()).all()
    # Not JSON at all: refused when opened.
    path.write_bytes(b"{not json")
    with pytest.raises(DiaryFileError):
        Diary(path, make_clock(), peek=True)
    assert path.read_bytes() == b"{not json"
    # Missing: a new diary, as ever.
    os.remove(path)
    assert Diary(path, make_clock(), peek=True).is_empty()


@given(st.dates(min_value=pendulum.date(1901, 1, 1), max_value=pendulum.date(2998, 1, 1)), st.integers(0, 60))
def test_every_start_in_a_range_begins_with_one_of_its_prefixes(first, days):
    from datetime import timedelta

    from calldiary.fastlist import start_prefixes

    low, high = f"{first.isoformat()}T00:00:00Z", f"{(first + timedelta(days=days)).isoformat()}T23:59:59Z"
    prefixes = start_prefixes(low, high)
    assert len(prefixes) <= 2  # (a range of weeks: one pass over the file, two across a new year)
    day = first
    while day <= first + timedelta(days=days):
        assert any(f"{day.isoformat()}T12:00:00Z".startswith(p) for p in prefixes)
        day += timedelta(days=1)
