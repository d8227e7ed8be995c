"""The TUI on a diary opened as ui/launch.py opens it (peek=True): the same screens as on a
diary parsed before the app starts, first frame and record line included."""

from __future__ import annotations

from pathlib import Path

from calldiary.demo import fill
from calldiary.store import Diary
from calldiary.ui.shots import pinned_clock
from calldiary.ui.widgets.week_table import WeekTable
from tests.ui.conftest import make_app, screen_text


class FirstFrame:
    """What the week screen showed at its first frame, and whether the diary was parsed then."""

    def __init__(self) -> None:
        self.text = ""
        self.parsed: bool | None = None


def _app(diary: Diary, seen: FirstFrame):
    app = make_app(diary)

    def at_first_frame() -> None:
        seen.parsed = diary._storage._data is not None
        seen.text = screen_text(app)

    app.call_after_refresh(at_first_frame)  # (queued before the screen's own callbacks)
    return app


async def test_a_peeked_diary_shows_what_a_parsed_one_shows(tmp_path: Path) -> None:
    clock = pinned_clock()
    writer = Diary(tmp_path / "diary.json", clock)
    fill(writer)
    shown = []
    for peek in (True, False):
        seen = FirstFrame()
        diary = Diary(writer.path, clock, peek=peek)
        app = _app(diary, seen)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert app.screen.query_one(WeekTable).rows_shown
            await pilot.press("j", "y")
            await pilot.pause()
            after = screen_text(app)
            await pilot.press("u")
            await pilot.pause()
            shown.append((seen, screen_text(app), after))
    (peeked_first, peeked, peeked_after), (parsed_first, parsed, parsed_after) = shown
    assert peeked_first.parsed is False and parsed_first.parsed is True  # (the first frame: no parse)
    assert peeked_first.text == parsed_first.text and "Week 48" in peeked_first.text
    assert peeked == parsed and peeked_after == parsed_after
    assert "kept" in peeked_after.lower()
