"""The week's rows made again only where a call changed (week_rows with `made`, WeekTable.show
keeping drawn lines): the same rows and the same drawn lines as a whole rebuild."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text

from calldiary.clock import Clock
from calldiary.demo import fill
from calldiary.model import Status
from calldiary.store import Diary
from calldiary.ui.shots import pinned_clock
from calldiary.ui.widgets.week_table import Made, Row, WeekTable, week_rows
from tests.ui.conftest import make_app


def _cell(text: Text) -> tuple[object, ...]:
    return (text.plain, str(text.style), [(s.start, s.end, str(s.style)) for s in text.spans], text.justify)


def _row(row: Row) -> tuple[object, ...]:
    return (row.key, row.day, row.selectable, [_cell(c) for c in row.cells])


def _same(made: list[Row], whole: list[Row]) -> None:
    assert [_row(r) for r in made] == [_row(r) for r in whole]


# Each step: what to do to which call of the week (by index), and how far the clock moved (minutes).
STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["kept", "no_show", "cancelled", "planned", "topic", "contact", "later", "next_week", "delete"]
        ),
        st.integers(0, 40),
        st.integers(0, 180),
    ),
    max_size=8,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_rows_made_again_only_where_changed_equal_a_whole_rebuild(tmp_path_factory, steps) -> None:
    base = pinned_clock()
    diary = Diary(Path(tmp_path_factory.mktemp("rows")) / "diary.json", base)
    fill(diary)
    monday = base.week_first(base.today())
    made: Made = {}
    clock = base
    _same(
        week_rows(diary.week(clock.today()), monday, clock, made), week_rows(diary.week(clock.today()), monday, clock)
    )
    for what, pick, minutes in steps:
        clock = Clock(base.tz, clock.now().add(minutes=minutes))  # (time passes: calls start, end)
        diary.clock = clock
        calls = diary.week(clock.today())
        if calls:
            call = calls[pick % len(calls)]
            if what in ("kept", "no_show", "cancelled", "planned"):
                if what == "planned" or call.start <= clock.now():
                    diary.mark(call.id, Status(what))
            elif what == "topic":
                diary.edit(call.id, topic=call.topic + " again")
            elif what == "contact":
                diary.edit(call.id, contact=call.contact + " Jr")
            elif what == "later":
                diary.edit(call.id, start=call.start.add(minutes=90))
            elif what == "next_week":
                diary.edit(call.id, start=call.start.add(days=7))
            else:
                diary.delete(call.id)
        calls = diary.week(clock.today())
        again = week_rows(calls, monday, clock, made)
        _same(again, week_rows(calls, monday, clock))
        assert set(made) == {call.id for call in calls}


def test_an_unchanged_call_keeps_its_cells_and_a_changed_one_gets_new_ones(tmp_path: Path) -> None:
    clock = pinned_clock()
    diary = Diary(tmp_path / "diary.json", clock)
    fill(diary)
    monday = clock.week_first(clock.today())
    made: Made = {}
    first = {row.key: row.cells for row in week_rows(diary.week(clock.today()), monday, clock, made)}
    calls = diary.week(clock.today())
    changed = next(c for c in calls if c.start <= clock.now() and c.status is Status.PLANNED)
    calls = [replace(c, status=Status.KEPT) if c.id == changed.id else c for c in calls]
    second = {row.key: row.cells for row in week_rows(calls, monday, clock, made)}
    assert second[changed.id] is not first[changed.id]
    assert "kept" in " ".join(cell.plain for cell in second[changed.id]).lower()
    assert all(second[c.id] is first[c.id] for c in calls if c.id != changed.id)
    # Time passing changes what a row shows (on now -> needs an outcome): made again then too.
    later = Clock(clock.tz, clock.now().add(hours=30))
    third = {row.key: row.cells for row in week_rows(calls, monday, later, made)}
    _same(list(week_rows(calls, monday, later)), week_rows(calls, monday, later, dict(made)))
    assert any(third[c.id] is not second[c.id] for c in calls if c.status is Status.PLANNED)


def _drawn(table: WeekTable) -> list[str]:
    """Every row's line as the table lays it out now (from its kept strips where it has them)."""
    lines = []
    for index, row in enumerate(table.rows_shown):
        strip = table._strips[index] or table._layout(row.cells)
        lines.append("".join(f"{seg.text}\x00{seg.style}" for seg in strip))
    return lines


async def test_after_status_changes_the_week_draws_as_a_freshly_opened_app(tmp_path: Path) -> None:
    clock = pinned_clock()
    diary = Diary(tmp_path / "diary.json", clock)
    fill(diary)
    app = make_app(diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(WeekTable)
        started = [c for c in diary.week(clock.today()) if c.start <= clock.now()]
        app.screen.reload(started[-1].id)
        await pilot.pause()
        for key in ("y", "p", "n", "u", "c"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("enter")  # (the reason dialog of c: no reason)
        await pilot.pause()
        await pilot.press("j", "k", "k")
        await pilot.pause()
        before_resize = _drawn(table)
        assert any(strip is not None for strip in table._strips)
        await pilot.resize_terminal(90, 30)  # narrower: every line is laid out again
        await pilot.pause()
        narrow = _drawn(table)
        assert narrow != before_resize
    other = make_app(Diary(diary.path, clock))
    async with other.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        other.screen.reload(started[-1].id)
        await pilot.pause()
        await pilot.press("j", "k", "k")
        await pilot.pause()
        fresh = other.screen.query_one(WeekTable)
        assert [_row(r) for r in fresh.rows_shown] == [_row(r) for r in table.rows_shown]
        assert _drawn(fresh) == before_resize
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert _drawn(fresh) == narrow
