"""How statuses, directions and calls look: glyphs, colours, and user text kept literal.

Every piece of user text goes through `plain()`: a rich Text built from the literal string
(never markup), with control characters made visible.
"""

from __future__ import annotations

from pendulum import DateTime
from rich.text import Text

from calldiary.model import Call, Direction, Status
from calldiary.text import head, printable

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


SHOWN_CHARS = 2_000  # single-line text (a topic, a reason) is never shown longer than this
NOTE_LINES = 12  # a prep note shows this many lines at most (the form and $EDITOR hold all of it)
# (12, not more: each line shown is layout and drawing work on every selection; see bench/long_notes.py)
NOTE_CHARS = 4_000


def plain(text: str, style: str = "", *, multiline: bool = False, limit: int | None = None) -> Text:
    """User text as literal Text; long single-line text is cut with an ellipsis. Only what can
    be shown is processed, so a megabyte of text costs no more than a line of it."""
    if limit is None and multiline:
        shown = printable(text, multiline=True)
    else:
        limit = SHOWN_CHARS if limit is None else limit
        shown = printable(text[: limit + 1], multiline=multiline)  # (printable never makes a text shorter)
        if len(shown) > limit:
            shown = shown[: limit - 1] + "…"
    return Text(shown, style=style, no_wrap=not multiline, overflow="ellipsis")


EDITOR_HINT = "e, then ctrl+o: the whole note in your editor"


def note_text(
    notes: str, style: str = "", *, lines: int = NOTE_LINES, chars: int = NOTE_CHARS, hint: str = EDITOR_HINT
) -> Text:
    """A prep note as literal Text, capped at `lines` lines / `chars` characters, with a marker
    saying how much more there is and where to read it all."""
    shown, more_lines, more_chars = head(notes, lines, chars)
    out = Text(printable(shown, multiline=True), style=style)
    if more_chars:
        if more_lines:
            more = f"{more_lines:,} more line{'s' if more_lines != 1 else ''}"
        else:
            more = f"{more_chars:,} more character{'s' if more_chars != 1 else ''}"
        out.append(f"\n… {more} ({hint})", style="italic #8a8a8a")
    return out


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


# --- colours that follow the theme, always readable -----------------------------------------------
#
# The colours above are tokens: each stands for a colour role and is replaced, as the screen is
# drawn, by the current theme's colour for that role (kept: $success, no-show: $error, ...). Then
# every piece of text is checked against the background it is drawn on, the selected row's included:
# a colour that would be harder to read than WCAG's 4.5:1 is moved towards white or black until it is
# not. Dim text gets an explicit colour first (terminals dim by different amounts).

ROLES = {
    "#5fd75f": "success",  # kept
    "#ff5f5f": "error",  # no-show, errors
    "#ffaf00": "warning",  # needs an outcome, the now line, warnings
    "#5fafff": "primary",  # planned
    "#a8a8a8": "foreground",  # cancelled (muted below)
    "#87afd7": "secondary",  # they call
    "#d7afd7": "accent",  # I call
    "#8a8a8a": "foreground",  # labels (muted below)
}
MUTED = {"#a8a8a8", "#8a8a8a"}
MIN_CONTRAST = 4.5
_TARGET = 4.6  # a little above, so rounding never lands under 4.5


def luminance(color: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: tuple[int, int, int], two: tuple[int, int, int]) -> float:
    a, b = sorted((luminance(one), luminance(two)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _mix(one: tuple[int, int, int], two: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    return (
        round(one[0] + (two[0] - one[0]) * share),
        round(one[1] + (two[1] - one[1]) * share),
        round(one[2] + (two[2] - one[2]) * share),
    )


def readable(fg: tuple[int, int, int], bg: tuple[int, int, int]) -> tuple[int, int, int]:
    """`fg`, or the nearest colour towards white or black that reads on `bg` at 4.5:1 or better."""
    if contrast(fg, bg) >= _TARGET:
        return fg
    white, black = (255, 255, 255), (0, 0, 0)
    target = white if contrast(white, bg) >= contrast(black, bg) else black
    for step in range(1, 21):
        moved = _mix(fg, target, step / 20)
        if contrast(moved, bg) >= _TARGET:
            return moved
    return target
