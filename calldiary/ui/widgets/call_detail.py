"""The full details of one call, as shown in the week screen's pane and the day agenda."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from calldiary.clock import Clock
from calldiary.fmt import day_label, span, until
from calldiary.model import Call, Status
from calldiary.ui.look import NOTE_LINES, SHOWN_CHARS, direction_text, note_text, plain, record_text, status_text

LABEL = "bold #8a8a8a"


def describe(call: Call, clock: Clock, *, title: bool = True, record: str = "", note_lines: int = NOTE_LINES) -> Text:
    """Every detail of `call` as literal text (user fields are never read as markup), with the
    contact's record line when they have a history; a long prep note shows its first `note_lines`."""
    now = clock.now()
    start = clock.local(call.start)
    out = Text()
    if title:
        out.append_text(plain(call.contact, "bold"))
        out.append("\n")
    if record:
        out.append_text(record_text(record))
        out.append("\n")
    out.append(f"{day_label(start.date())} · {span(call, clock)} · {call.minutes} min\n")
    out.append_text(direction_text(call))
    out.append("   ")
    out.append_text(status_text(call, now))
    if call.status is Status.PLANNED:
        soon = call.start > now
        out.append(f"\nstarts {until(call.start, now)}" if soon else "\ny kept · n no-show · c cancelled", "dim")
    out.append("\n")
    if call.status is not Status.PLANNED and call.outcome_at:
        recorded = clock.local(call.outcome_at)
        out.append("\nOutcome  ", LABEL)
        if call.status is Status.CANCELLED:
            out.append(f"cancelled by {call.cancelled_by.value if call.cancelled_by else 'them'}")
            if call.reason:
                out.append(" · “")
                out.append_text(plain(call.reason))
                out.append("”")
        elif call.status is Status.NO_SHOW:
            by = call.no_show_by or call.dialer
            out.append("no-show by ")
            out.append("them" if by.value == "them" else "me", style="bold")
            out.append("  (b switches)", style="dim")
        else:
            out.append(call.status.label)
        out.append(f"\n         recorded {day_label(recorded.date())} {recorded:%H:%M}\n", "dim")
    cost = []
    if call.prep_minutes:
        cost.append(f"{call.prep_minutes} min prep")
    if call.turned_down:
        cost.append("turned down: " + call.turned_down[:SHOWN_CHARS])
    for label, value in (("Topic", call.topic), ("Phone", call.link), ("Cost", " · ".join(cost))):
        out.append(f"\n{label:<9}", LABEL)
        out.append_text(plain(value) if value else Text("—", "dim"))
    out.append("\n\nPrep notes\n", LABEL)
    out.append_text(note_text(call.notes, lines=note_lines) if call.notes else Text("none", "dim"))
    out.append(f"\n\nid {call.short_id}", "dim")
    return out


class CallDetail(Static):
    """Shows one call's details, or a hint when no call is selected."""

    def show(self, call: Call | None, clock: Clock, hint: str = "", record: str = "") -> None:
        if call is None:
            self.update(Text(hint, style="dim"))
        else:
            self.update(describe(call, clock, record=record))
