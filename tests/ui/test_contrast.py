"""Readable in every theme: the contrast of every piece of text against its background, computed
from what the app sends to the terminal (the compositor's lines after the app's filters), for the
week (a selected call of each status), the review and the form, in every theme Textual ships."""

from __future__ import annotations

import pytest
from rich.color import ColorSystem
from textual.theme import BUILTIN_THEMES

from calldiary.model import Status
from calldiary.ui.look import contrast
from calldiary.ui.widgets.week_table import WeekTable
from tests.ui.conftest import by_contact, make_app

SIZE = (120, 36)
GRAPHICS = set("▁▂▃▄▅▆▇█▉▊▋▌▍▎▏▐░▒▓▔▕■▀") | {chr(c) for c in range(0x2500, 0x2580)}


def low_contrast(app, region=None) -> list[tuple[float, str, int]]:
    """(contrast, text, row) of every text segment under 4.5:1 on the screen (or in `region`),
    in the colours the terminal shows (the nearest ones in 256 colours)."""
    system = app.console._color_system
    filters = app.get_line_filters()
    background = app.screen.styles.background
    found = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        if region is not None and not region.y <= y < region.bottom:
            continue
        for line_filter in filters:
            strip = strip.apply_filter(line_filter, background)
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            width = len(text)
            inside = region is None or (x < region.right and x + width > region.x)
            x += width
            if not inside or style is None or segment.control:
                continue
            shown = "".join(ch for ch in text if not ch.isspace() and ch not in GRAPHICS)
            if not shown:
                continue
            fg, bg = style.color, style.bgcolor
            if style.reverse:
                fg, bg = bg, fg
            assert fg is not None and bg is not None, (text, style)
            if system is not None and system is not ColorSystem.TRUECOLOR:
                fg, bg = fg.downgrade(system), bg.downgrade(system)
            one, two = fg.get_truecolor(), bg.get_truecolor()
            ratio = contrast(tuple(one), tuple(two))
            if style.dim or ratio < 4.5:
                found.append((round(ratio, 2), text, y))
    return found


async def check_every_theme(app, pilot, what: str, region=None, states=None) -> list[str]:
    """Each theme in turn; in each, every state (a function that sets one up and names it)."""
    problems = []
    for theme in sorted(BUILTIN_THEMES):
        app.theme = theme
        await pilot.pause()
        for state in states or [lambda: ""]:
            name = state()
            await pilot.pause()
            for ratio, text, row in low_contrast(app, region() if region else None):
                problems.append(f"{what}{name} in {theme}: {text!r} row {row} at {ratio}:1")
    return problems


COLOURS = pytest.mark.parametrize(
    "system", [ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT], ids=["truecolor", "256-colours"]
)  # (256: tmux's default, where a walkthrough measured 3.06-4.12:1 in textual-light)


def colour_app(diary, system):
    app = make_app(diary)
    app.console._color_system = system  # (what Textual reads from the terminal: COLORTERM, TERM)
    return app


@COLOURS
async def test_week_with_each_status_selected_reads_in_every_theme(demo_diary, system):
    # One call of each status, this week; the now line is on screen too.
    calls = demo_diary.week(demo_diary.clock.today())
    wanted = {
        "kept": next(c for c in calls if c.status is Status.KEPT),
        "no_show": next(c for c in calls if c.status is Status.NO_SHOW),
        "cancelled": next(c for c in calls if c.status is Status.CANCELLED),
        "needs": by_contact(demo_diary, "Dmitri Volkov")[0],
        "planned": by_contact(demo_diary, "Hannah Schmidt")[0],
    }
    app = colour_app(demo_diary, system)
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(WeekTable)

        def selecting(status: str, call_id: str):
            def select() -> str:
                table.select_key(call_id)
                return f" ({status} selected)"

            return select

        states = [selecting(status, call.id) for status, call in wanted.items()]
        problems += await check_every_theme(app, pilot, "week", states=states)
    assert not problems, "\n".join(problems[:40])


@COLOURS
async def test_review_and_form_read_in_every_theme(demo_diary, system):
    app = colour_app(demo_diary, system)
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        problems += await check_every_theme(app, pilot, "review")
        await pilot.press("q", "a", "enter")  # the form, with its errors shown
        await pilot.pause()
        problems += await check_every_theme(app, pilot, "form", region=lambda: app.screen.query_one("#form").region)
        footer = lambda: app.screen.query_one("Footer").region  # noqa: E731
        problems += await check_every_theme(app, pilot, "form footer", region=footer)
    assert not problems, "\n".join(problems[:40])
