"""Which reminders are due, with a pinned clock; what was said is kept in the diary file."""

from __future__ import annotations

import pendulum

from calldiary.clock import Clock, zone
from calldiary.config import Settings
from calldiary.model import Direction, Party, Status
from calldiary.notify.deliver import TABLE, claim, due_now, give_back, settle
from calldiary.remind import CLAIM_MINUTES, Kind, Reminder, due, entries, waiting
from calldiary.store import Diary
from tests.conftest import BERLIN, at


def _diary(path, now) -> Diary:
    return Diary(path, Clock(zone(BERLIN), now))


def _said(diary: Diary, reminders: list[Reminder]) -> None:
    """Record reminders as said (what a delivery does)."""
    for reminder, _ in claim(diary, reminders):
        settle(diary, reminder)


def _due(diary: Diary, now, leads=(10,), grace=15, record_line=lambda name: "") -> list[Reminder]:
    calls = diary.between(now.subtract(days=9), now.add(days=2))
    return due(calls, entries(diary.table(TABLE)), now, leads, grace, record_line)


def _kinds(reminders: list[Reminder]) -> list[tuple[str, str, int]]:
    return [(r.call.contact, r.kind.value, r.lead) for r in reminders]


def test_each_lead_time_once(diary):
    diary.add(at(26, 13), "Dr. Brandt", topic="Results")
    leads = (30, 10)
    assert _due(diary, at(26, 12, 29), leads) == []
    first = _due(diary, at(26, 12, 30), leads)
    assert _kinds(first) == [("Dr. Brandt", "upcoming", 30)]
    assert first[0].title == "Dr. Brandt calls you in 30 min"
    _said(diary, first)
    assert _due(diary, at(26, 12, 31), leads) == []
    assert _due(diary, at(26, 12, 49), leads) == []
    second = _due(diary, at(26, 12, 50), leads)
    assert _kinds(second) == [("Dr. Brandt", "upcoming", 10)]
    _said(diary, second)
    assert _due(diary, at(26, 12, 58), leads) == []


def test_leads_reached_at_once_are_said_once(diary):
    diary.add(at(26, 13), "Ann")
    [one] = _due(diary, at(26, 12, 55), (60, 30, 10))
    assert (one.lead, one.covers) == (10, (30, 60))
    _said(diary, [one])
    assert _due(diary, at(26, 12, 56), (60, 30, 10)) == []


def test_lead_zero_is_at_the_start(diary):
    diary.add(at(26, 13), "Ann")
    assert _due(diary, at(26, 12, 59), (0,)) == []
    [one] = _due(diary, at(26, 13), (0,))
    assert one.title == "Ann calls you now"


def test_the_direction_topic_link_and_record_line(diary):
    diary.add(at(26, 13), "Dr. Brandt", direction=Direction.I_CALL, topic="Results", link="+49 30 1234", minutes=45)
    lines = {"Dr. Brandt": "3 calls, 2 no-shows (last: Tue 17 Nov)"}
    [one] = _due(diary, at(26, 12, 50), record_line=lambda name: lines.get(name, ""))
    assert one.title == "You call Dr. Brandt in 10 min"
    assert one.body == "13:00, 45 min · Results · +49 30 1234 · 3 calls, 2 no-shows (last: Tue 17 Nov)"
    assert one.line == f"{one.call.short_id} upcoming You call Dr. Brandt in 10 min — {one.body}"


def test_user_text_is_shown_literally(diary):
    diary.add(at(26, 13), "Evil\x1b[2J\nName", topic="a\tb")
    [one] = _due(diary, at(26, 12, 50))
    assert "\x1b" not in one.line and "\n" not in one.line
    assert "Evil\\x1b[2J Name calls you" in one.title


def test_outcome_after_the_end_plus_grace(diary):
    diary.add(at(26, 13), "Dr. Brandt", minutes=30, topic="Results")
    diary.add(at(26, 13), "Me calling", minutes=30, direction=Direction.I_CALL)
    assert [r for r in _due(diary, at(26, 13, 44)) if r.kind is Kind.OUTCOME] == []
    found = _due(diary, at(26, 13, 45))
    assert _kinds(found) == [("Dr. Brandt", "outcome", 15), ("Me calling", "outcome", 15)]
    assert found[0].title == "Did Dr. Brandt call? (13:00, 30 min)" and found[0].body == "Results"
    assert found[1].title == "Did you reach Me calling? (13:00, 30 min)"
    assert _kinds(_due(diary, at(26, 13, 30), grace=0)) == [("Dr. Brandt", "outcome", 0), ("Me calling", "outcome", 0)]
    _said(diary, found)
    assert _due(diary, at(26, 14)) == []


def test_later_asks_again_after_the_grace_period(diary, db_path):
    diary.add(at(26, 13), "Ann")
    settings = Settings(ask_outcome_after=15)
    now = at(26, 13, 45)
    late = _diary(db_path, now)
    [one] = due_now(late, settings)
    [(claimed, _)] = claim(late, [one])
    settle(late, claimed, later=True)
    assert due_now(late, settings) == []
    assert due_now(_diary(db_path, now.add(minutes=14)), settings) == []
    assert _kinds(due_now(_diary(db_path, now.add(minutes=15)), settings)) == [("Ann", "outcome", 15)]


def test_no_repeats_between_two_diaries_on_one_file(db_path):
    now = at(26, 12, 50)
    first, second = _diary(db_path, now), _diary(db_path, now)
    first.add(at(26, 13), "Ann")
    found_by_both = (due_now(first, Settings()), due_now(second, Settings()))
    assert all(len(found) == 1 for found in found_by_both)
    assert len(claim(first, found_by_both[0])) == 1
    assert claim(second, found_by_both[1]) == []  # the first one claimed it meanwhile
    assert due_now(second, Settings()) == []


def test_a_claim_given_back_is_due_again_and_a_dead_claim_expires(db_path):
    now = at(26, 12, 50)
    diary = _diary(db_path, now)
    diary.add(at(26, 13), "Ann")
    [(_, before)] = claim(diary, due_now(diary, Settings()))
    assert due_now(diary, Settings()) == []  # claimed: under way
    give_back(diary, before)
    assert len(due_now(diary, Settings())) == 1
    claim(diary, due_now(diary, Settings()))  # ... and the process dies before it settles
    later = _diary(db_path, now.add(minutes=CLAIM_MINUTES))
    assert _kinds(due_now(later, Settings())) == [("Ann", "upcoming", 10)]


def test_sleep_catch_up_drops_late_upcoming_keeps_outcome(diary):
    diary.add(at(26, 13), "Ann")
    assert _kinds(_due(diary, at(26, 13, 4))) == [("Ann", "upcoming", 10)]  # late but within 5 min
    assert _due(diary, at(26, 13, 6)) == []  # the call is under way: too late to remind
    # asleep over the call and the day after: the outcome is still asked
    assert _kinds(_due(diary, at(28, 9))) == [("Ann", "outcome", 15)]
    assert _due(diary, at(28, 9))[0].title == "Did Ann call? (Thu 26 Nov 13:00, 30 min)"


def test_moving_a_call_makes_its_reminders_due_again(diary):
    call = diary.add(at(26, 13), "Ann")
    _said(diary, _due(diary, at(26, 12, 50)))
    assert _due(diary, at(26, 12, 55)) == []
    diary.edit(call.id, start=at(26, 16))
    assert _due(diary, at(26, 12, 55)) == []
    assert _kinds(_due(diary, at(26, 15, 50))) == [("Ann", "upcoming", 10)]


def test_no_reminders_for_cancelled_or_decided_calls(diary):
    for name, status in (("Kept", Status.KEPT), ("Gone", Status.CANCELLED), ("Ghost", Status.NO_SHOW)):
        call = diary.add(at(26, 9), name)
        diary.mark(call.id, status, by=Party.ME if status is Status.CANCELLED else None)
    cancelled_ahead = diary.add(at(26, 16), "Later")
    diary.mark(cancelled_ahead.id, Status.CANCELLED)
    assert _due(diary, at(26, 15, 55)) == []
    assert waiting(diary.between(at(20, 0), at(27, 0)), at(26, 15, 55)) == []


def test_dst_days_count_real_minutes(tmp_path):
    # Berlin falls back on Sun 25 Oct 2026 (03:00 CEST -> 02:00 CET) and springs forward on Sun 29 Mar.
    fall = pendulum.datetime(2026, 10, 25, 3, 30, tz=BERLIN)  # after the change: 02:30 UTC
    spring = pendulum.datetime(2026, 3, 29, 3, 30, tz=BERLIN)  # after the change: 01:30 UTC
    diary = _diary(tmp_path / "d.json", fall)
    diary.add(fall, "Autumn")
    diary.add(spring, "Spring")
    utc = pendulum.UTC
    assert _due(diary, pendulum.datetime(2026, 10, 25, 1, 29, tz=utc).in_tz(BERLIN), (60,)) == []
    [autumn] = _due(diary, pendulum.datetime(2026, 10, 25, 1, 30, tz=utc).in_tz(BERLIN), (60,))
    assert autumn.title == "Autumn calls you in 1 h" and autumn.body.startswith("03:30, 30 min")
    assert _due(diary, pendulum.datetime(2026, 3, 29, 0, 29, tz=utc).in_tz(BERLIN), (60,)) == []
    [spring_one] = _due(diary, pendulum.datetime(2026, 3, 29, 0, 30, tz=utc).in_tz(BERLIN), (60,))
    assert spring_one.title == "Spring calls you in 1 h" and spring_one.body.startswith("03:30")
    # the outcome: 30 real minutes after the start, plus 15
    [asked] = _due(diary, pendulum.datetime(2026, 10, 25, 3, 15, tz=utc).in_tz(BERLIN), (60,))
    assert asked.kind is Kind.OUTCOME and asked.title == "Did Autumn call? (03:30, 30 min)"


def test_waiting_counts_outcomes_asked_for(diary):
    diary.add(at(26, 13), "Ann")
    diary.add(at(26, 14, 30), "Bob")
    calls = diary.between(at(20, 0), at(27, 0))
    assert [c.contact for c in waiting(calls, at(26, 15))] == ["Ann"]
    assert [c.contact for c in waiting(calls, at(26, 15, 15))] == ["Ann", "Bob"]


def test_malformed_entries_are_skipped_and_old_ones_pruned(diary, db_path):
    diary.add(at(26, 13), "Ann")
    diary.change_table(TABLE, lambda t: t.update({"junk": {"call": 1}, "old": {"start": "2026-01-01T00:00:00Z"}}))
    assert entries(diary.table(TABLE)) == {}
    [one] = _due(diary, at(26, 12, 50))
    _said(diary, [one])
    assert set(Diary(db_path, diary.clock).table(TABLE)) == {one.key}


def test_the_reminders_table_must_be_an_object_of_records(db_path, diary):
    import orjson
    import pytest

    from calldiary.errors import DiaryFileError

    diary.add(at(26, 13), "Ann")
    data = orjson.loads(db_path.read_bytes())
    data["reminders"] = ["not", "records"]
    db_path.write_bytes(orjson.dumps(data))
    with pytest.raises(DiaryFileError, match="'reminders' is not an object of records"):
        Diary(db_path, diary.clock)


def test_reminder_modules_import_no_textual_or_rich(cli_env):
    import subprocess

    from tests.conftest import PYTHON

    modules = ["remind", "notify", "notify.backends", "notify.deliver", "notify.watch"]
    code = (
        "import sys\n"
        + "".join(f"import calldiary.{m}\n" for m in modules)
        + "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))"
    )
    probe = subprocess.run([PYTHON, "-c", code], env=cli_env, capture_output=True, text=True)
    assert probe.stdout.strip() == "[]", probe.stderr
