"""The app's documented states, pinned: the snapshot tests and the README's screenshots both
come from here, so they always show the same thing.

    python -m calldiary.ui.shots screenshots/
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pendulum
from rich.color import ColorSystem

from calldiary.clock import Clock, zone
from calldiary.config import Settings
from calldiary.demo import fill
from calldiary.prefs import Prefs
from calldiary.store import Diary
from calldiary.ui.app import CallDiaryApp

TZ = "Europe/Berlin"
NOW = pendulum.datetime(2026, 11, 26, 15, 0, tz=TZ)  # Thursday of week 48, mid-afternoon
SIZE = (120, 36)


@dataclass(frozen=True)
class State:
    name: str
    caption: str
    keys: tuple[str, ...] = ()
    demo: bool = True
    size: tuple[int, int] = SIZE
    theme: str = ""


STATES = [
    State("week", "The week screen, opened on today with the next call selected"),
    State("form-error", "Adding a call: every field is checked on Enter", ("a", "enter")),
    State("day", "The day agenda: every call of the day in full", ("d",)),
    State("help", "The key reference (?)", ("question_mark",)),
    State("review", "The weekly review (r): figures, 12 weeks, what still needs an outcome", ("r",)),
    State("contacts", "Contacts (w): who keeps their word", ("w",)),
    State("search", "Find any call (/): case and accents ignored, newest first", ("slash", *"pricing")),
    State("empty", "A new diary", demo=False),
    State("narrow", "At 80x24 the details move below the week", size=(80, 24)),
    State("light", "At 80x24 in a light theme (textual-light)", size=(80, 24), theme="textual-light"),
    State("week-60x20", "The week at 60x20: the status stays whole", size=(60, 20)),
    State("form-error-80x24", "The form at 80x24, with its errors", ("a", "enter"), size=(80, 24)),
    State("form-error-60x20", "The form at 60x20: the fields scroll, the buttons stay", ("a", "enter"), size=(60, 20)),
    State("review-80x24", "The review at 80x24", ("r",), size=(80, 24)),
    State("review-60x20", "The review at 60x20: its parts stacked", ("r",), size=(60, 20)),
    State("day-60x20", "The day agenda at 60x20", ("d",), size=(60, 20)),
    State("contacts-60x20", "Contacts at 60x20", ("w",), size=(60, 20)),
    State("help-60x20", "The key reference at 60x20", ("question_mark",), size=(60, 20)),
    State("search-60x20", "Finding a call at 60x20: each result on one line", ("slash", *"pricing"), size=(60, 20)),
]


def pinned_clock() -> Clock:
    return Clock(zone(TZ), NOW)


class SteadyApp(CallDiaryApp):
    """The app as snapshots and screenshots show it: text cursors never blink. Each Input and
    TextArea is born with blinking off (before it mounts, so its blink timer never runs), and
    shows its cursor exactly when it has focus: what is drawn no longer depends on how many
    half-second blink ticks a loaded machine happened to run before the picture was taken."""

    def _register(self, parent, *widgets, **options):  # (Textual's private hook for every new widget)
        from textual.widgets import Input, TextArea

        for widget in widgets:
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False
        return super()._register(parent, *widgets, **options)


def build_app(state: State, folder: Path) -> CallDiaryApp:
    """The app in `state`'s diary (before its keys are pressed), with files under `folder`."""
    clock = pinned_clock()
    diary = Diary(folder / f"{state.name}.json", clock)
    if state.demo:
        fill(diary)
    settings = Settings(theme=state.theme) if state.theme else None
    app = SteadyApp(diary, clock, Prefs(folder / "ui.json"), settings, demo=state.demo)
    # A picture is in true colour whatever terminal makes it (the colours are kept readable for
    # the terminal's own palette otherwise: see ui/theme_filter.py).
    app.console._color_system = ColorSystem.TRUECOLOR
    return app


def steady(app: CallDiaryApp) -> None:
    """Cursors shown steadily (SteadyApp already keeps them from blinking; this covers an app
    built otherwise)."""
    from textual.widgets import Input, TextArea

    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False


async def save(state: State, folder: Path, target: Path) -> Path:
    app = build_app(state, folder)
    async with app.run_test(size=state.size) as pilot:
        await pilot.pause()
        for key in state.keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.2)
        app.clear_notifications()
        steady(app)
        await pilot.pause()
        path = target / f"{state.name}.svg"
        app.save_screenshot(filename=path.name, path=str(target))
    return path


async def save_all(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="calldiary-shots-") as tmp:
        return [await save(state, Path(tmp), target) for state in STATES]


if __name__ == "__main__":
    for written in asyncio.run(save_all(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))):
        print(written)
