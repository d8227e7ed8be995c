"""The review's names: who did not show up this week (when, booked and prep minutes, what was
turned down, whose no-show it was) and the repeat offenders of the window before the week's end."""

from __future__ import annotations

from rich.text import Text

from calldiary.clock import Clock
from calldiary.fmt import day_label
from calldiary.review import Offender, WeekFigures
from calldiary.ui.look import plain

LOUD = "bold #ff5f5f"


def names_text(this: WeekFigures, repeat: list[Offender], clock: Clock, window_days: int, limit: int = 3) -> Text:
    """This week's no-shows by name, then the repeat no-shows of the last `window_days` days."""
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(f"No-shows this week ({len(this.no_shows)})", style="bold")
    if not this.no_shows:
        out.append("  — nobody failed to show", style="dim")
    for call in this.no_shows[:limit]:
        start = clock.local(call.start)
        mine = (call.no_show_by or call.dialer).value == "me"
        out.append("\n ⊘ ", style="dim" if mine else LOUD)
        out.append_text(plain(call.contact, "bold", limit=24))
        out.append(f"  {day_label(start.date())} {start:%H:%M} · {call.minutes} min")
        if call.prep_minutes:
            out.append(f" + {call.prep_minutes} prep")
        out.append(" · by me" if mine else " · by them", style="dim" if mine else "")
        if call.turned_down:
            out.append("\n   turned down: ", style="dim")
            out.append_text(plain(call.turned_down, limit=48))
    if len(this.no_shows) > limit:
        out.append(f"\n   … and {len(this.no_shows) - limit} more", style="dim")
    out.append(f"\nRepeat no-shows (2+ in {window_days} days)", style="bold")
    if not repeat:
        out.append("  — none", style="dim")
    for row in repeat[:limit]:
        last = clock.local(row.last_no_show)
        out.append("\n ⊘ ", style=LOUD)
        out.append_text(plain(row.contact, "bold", limit=24))
        out.append(f"  {row.no_shows} no-shows · last {day_label(last.date())}")
    if len(repeat) > limit:
        out.append(f"\n   … and {len(repeat) - limit} more", style="dim")
    return out
