"""The palette finds themes by name; `S` syncs on every screen (contacts reverse with `R`); the
contacts table keeps the contact column in view while scrolling sideways."""

from __future__ import annotations

from textual.widgets import DataTable

from calldiary.ui.screens.contacts import ContactsScreen
from tests.ui.conftest import make_app, notices, screen_text


async def _palette(pilot, text: str, expect: str) -> str:
    """Type `text` in the palette; what the screen shows once `expect` is there (up to 10 s: the
    palette searches in the background, slowly on a loaded machine)."""
    from textual.command import CommandPalette

    await pilot.press("ctrl+p")
    for _ in range(100):
        await pilot.pause(0.1)
        if isinstance(pilot.app.screen, CommandPalette):
            break
    await pilot.press(*text)
    for _ in range(100):
        await pilot.pause(0.1)
        shown = screen_text(pilot.app)
        if expect in shown:
            break
    await pilot.pause(0.3)  # and the rest of the hits
    return screen_text(pilot.app)


async def test_typing_a_theme_name_in_the_palette_finds_the_theme(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        assert "Theme: " not in screen_text(app)  # the bare palette lists our actions only
        await pilot.press("escape")
        await pilot.pause()
        assert "Theme: nord" in await _palette(pilot, "nord", "Theme: nord")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
        shown = await _palette(pilot, "light", "Theme: textual-light")
        assert "Theme: textual-light" in shown and "Theme: solarized-light" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert "Theme: nord  ✔ current" in await _palette(pilot, "nord", "Theme: nord")


async def test_the_palette_still_lists_each_action_once(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = await _palette(pilot, "undo", "[u ctrl+z]")
        assert shown.count("Undo the last change") == 1 and "[u ctrl+z]" in shown
        assert "Theme: " not in shown


async def test_S_syncs_on_the_contacts_screen_and_R_reverses(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        first = screen.current().name
        await pilot.press("S")
        await pilot.pause()
        assert any("sync is not set up" in n for n in notices(app))
        assert screen.current().name == first and screen.reverse
        await pilot.press("R")
        assert not screen.reverse and screen._rows[-1].name == first
        assert "R Reverse" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        here = screen_text(app)
        assert "Reverse the order" in here and "Sync" in here


async def test_the_contact_column_stays_in_view_while_scrolling_sideways(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.max_scroll_x > 0  # too wide for 60 columns
        names = [r.name for r in app.screen._rows][:5]
        for _ in range(60):
            await pilot.press("right")
        await pilot.pause()
        assert table.scroll_x == table.max_scroll_x > 0
        shown = screen_text(app)
        assert "last no-show" in shown.lower()  # the far right is in view…
        assert all(name[:10] in shown for name in names)  # …and so are the contacts


async def test_a_contacts_calls_show_the_status_whole_at_60x20(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")  # Priya Natarajan, most no-shows first
        await pilot.pause()
        shown = screen_text(app)
        assert "Status" in shown.splitlines()[1]
        row = next(line for line in shown.splitlines() if "Wed 25 Nov 2026" in line)
        assert "⊘ no-show" in row
        table = app.screen.query_one(DataTable)
        rows = []
        for _ in range(40):  # scroll sideways: the topic comes into view, the day stays
            await pilot.press("right")
            await pilot.pause()
            rows.append(next(line for line in screen_text(app).splitlines() if "Wed 25 Nov 2026" in line))
        assert table.scroll_x > 0
        assert any("Discovery call (2nd try)" in row for row in rows)


async def test_question_mark_in_go_to_shows_its_keys(demo_diary):
    from calldiary.ui.dialogs.goto import GoTo
    from calldiary.ui.screens.help import HelpScreen

    app = make_app(demo_diary)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g", *"fri", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Here: Go to" in screen_text(app) and "Go to the day or week typed" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GoTo) and app.screen.query_one("#goto").value == "fri"


async def test_the_palette_shows_keys_and_a_diarys_path_literally(tmp_path):
    """The palette reads its help lines as markup: `[/]` (Find's key) and a diary path holding
    brackets must show as typed, not break the palette."""
    from calldiary.store import Diary
    from tests.ui.conftest import pinned_clock

    folder = tmp_path / "[bold]x[i]"
    folder.mkdir()
    diary = Diary(folder / "diary.json", pinned_clock())
    diary.add(diary.clock.now().add(hours=1), "Ann Lee")
    app = make_app(diary)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        shown = await _palette(pilot, "find", "[/]")
        assert "Find any call" in shown and "[/]" in shown
        await pilot.press(*["backspace"] * 4, *"diary")
        await pilot.pause(0.5)
        assert "[bold]x[i]" in screen_text(app)
