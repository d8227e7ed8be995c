"""How statuses, directions and calls look: glyphs, colours, and user text kept literal.

Every piece of user text goes through `plain()`: a rich Text built from the literal string
(never markup), with control characters made visible.
"""

from __future__ import annotations

from pendulum import DateTime
from rich.text import Text

from calldiary.model import Call, Direction, Status
from calldiary.text import printable

STATUS_STYLE = {
    Status.PLANNED: ("○", "planned", "bold #5fafff"),
    Status.KEPT: ("✔", "kept", "bold #5fd75f"),
    Status.CANCELLED: ("✖", "cancelled", "#a8a8a8"),
    Status.NO_SHOW: ("⊘", "no-show", "bold #ff5f5f"),
}
NEEDS_OUTCOME = ("!", "needs outcome", "bold #ffaf00")
IN_PROGRESS = ("◐", "on now", "bold #5fd7ff")
DIRECTION = {Direction.THEY_CALL: "← they call", Direction.I_CALL: "→ I call"}
CALLER = {Direction.THEY_CALL: "← them", Direction.I_CALL: "→ me"}


def plain(text: str, style: str = "", *, multiline: bool = False, limit: int | None = None) -> Text:
    """User text as literal Text; long single-line text is cut with an ellipsis."""
    shown = printable(text, multiline=multiline)
    if limit is not None and len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return Text(shown, style=style, no_wrap=not multiline, overflow="ellipsis")


def status_text(call: Call, now: DateTime) -> Text:
    if call.needs_outcome(now):
        glyph, word, style = NEEDS_OUTCOME
    elif call.in_progress(now):
        glyph, word, style = IN_PROGRESS
    else:
        glyph, word, style = STATUS_STYLE[call.status]
    return Text(f"{glyph} {word}", style=style)


def record_text(line: str) -> Text:
    """A contact's record line: loud when it holds no-shows or late cancellations, calm otherwise."""
    loud = line.startswith("⊘") or "late cancellation" in line
    return Text(printable(line), style="bold #ff5f5f" if loud else "#8a8a8a")


def direction_text(call: Call, *, short: bool = False) -> Text:
    """← they call / → I call (short: who places the call, ← them / → me)."""
    words = (CALLER if short else DIRECTION)[call.direction]
    return Text(words, style="#87afd7" if call.direction is Direction.THEY_CALL else "#d7afd7")
