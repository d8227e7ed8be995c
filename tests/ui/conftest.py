"""UI test helpers: the real app around a real diary file, with the pinned clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from calldiary.demo import fill
from calldiary.prefs import Prefs
from calldiary.store import Diary
from calldiary.ui.app import CallDiaryApp
from calldiary.ui.shots import pinned_clock
from calldiary.ui.widgets.week_table import WeekTable


@pytest.fixture
def ui_diary(tmp_path: Path) -> Diary:
    return Diary(tmp_path / "diary.json", pinned_clock())


@pytest.fixture
def demo_diary(ui_diary: Diary) -> Diary:
    fill(ui_diary)
    return ui_diary


def make_app(diary: Diary) -> CallDiaryApp:
    return CallDiaryApp(diary, diary.clock, Prefs(diary.path.parent / "ui.json"))


def fresh(diary: Diary) -> Diary:
    """A second Diary on the same file: what is really on disk."""
    return Diary(diary.path, diary.clock)


def by_contact(diary: Diary, contact: str):
    """The calls with `contact` in the pinned week (the demo's history weeks left out)."""
    return [c for c in diary.week(diary.clock.today()) if c.contact == contact]


def table_text(app: CallDiaryApp) -> list[str]:
    """The week table's rows as plain text, one string per row."""
    return [" | ".join(cell.plain for cell in row.cells) for row in app.screen.query_one(WeekTable).rows_shown]


def selected_key(app: CallDiaryApp) -> str:
    return app.screen.query_one(WeekTable).current.key


def notices(app: CallDiaryApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def screen_text(app: CallDiaryApp) -> str:
    """What the terminal shows now, as plain text lines (modal screens included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def statics_text(app: CallDiaryApp) -> str:
    """Everything the current screen's Static widgets hold, scrolled into view or not."""
    import io

    from rich.console import Console

    console = Console(width=200, file=io.StringIO(), record=True)
    for static in app.screen.query("Static"):
        console.print(static.content)
    return console.export_text()
