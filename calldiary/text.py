"""Showing user text literally: control characters become visible, never act.

The CLI and the screens share `printable`: C0/C1 controls (escape sequences), bidi controls
(U+202E and friends, which can make one name pose as another), zero-width and other invisible
format characters, and line/paragraph separators are shown as \\xNN or \\uNNNN. A zero-width
joiner between emoji (a family, a flag) is kept, so emoji show as they should.

`cells` measures how many terminal cells a text takes (wide East Asian letters and emoji count 2,
combining marks 0), for aligning columns.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import accumulate

# Invisible format characters (Unicode category Cf) that can hide or reorder text, plus the
# line and paragraph separators: U+00AD soft hyphen, U+061C Arabic letter mark, U+180E, U+200B-U+200F
# (zero-width space/non-joiner/joiner, LRM, RLM), U+2028/U+2029, U+202A-U+202E (embeddings and
# overrides), U+2060-U+2064, U+2066-U+206F (isolates and deprecated controls), U+FEFF, U+FFF9-U+FFFB,
# U+1D173-U+1D17A; tag characters U+E0000-U+E007F except inside an emoji tag sequence.
_FORMAT = (
    "\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000\U000e0001"
)
_EMOJI = "\u00a9\u00ae\u203c-\u3299\U0001f000-\U0001faff"
_SPECIAL = (
    f"[{_FORMAT}]"
    f"|\u200d(?![{_EMOJI}])|(?<![{_EMOJI}\ufe0f\U0001f3fb-\U0001f3ff])\u200d"
    "|(?<![\U0001f3f4\U000e0020-\U000e007f])[\U000e0020-\U000e007f]"
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(controls, controls or line breaks): compiled on first need (a few ms at start-up)."""
    return (
        re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|" + _SPECIAL),
        re.compile(r"[\x00-\x1f\x7f-\x9f]|" + _SPECIAL),
    )


def _visible(match: re.Match[str]) -> str:
    char = match[0]
    if char in "\n\t":
        return " "
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str, *, multiline: bool = False) -> str:
    """`text` safe to print on a terminal: escape sequences and other controls shown as \\xNN,
    invisible format characters as \\uNNNN.

    Single-line text (names, topics) also turns line breaks and tabs into spaces.
    """
    if text.isprintable():
        # Every character the patterns match is a control, a format character, a separator or
        # unassigned, none of which str.isprintable() accepts: nothing to show differently.
        return text
    return _patterns()[0 if multiline else 1].sub(_visible, text)


def restore(raw: str, edited: str, *, multiline: bool = False) -> str:
    """What the user means by `edited`, an edit of `printable(raw)` (a form shows stored text
    that way): the characters of `raw` outside the part edited come back as they were — a
    zero-width space shown as \\u200b stays a zero-width space, an escape character stays one —
    and what was typed is taken literally. The edited part is what lies between the longest
    common start and end of the shown and the edited text, widened to whole shown characters."""
    shown = printable(raw, multiline=multiline)
    if edited == shown:
        return raw
    if shown == raw:
        return edited  # (nothing was shown differently)
    # Where each character of `raw` starts in `shown` (each shows as one piece of 1+ characters).
    widths = [1] * len(raw)
    for match in _patterns()[0 if multiline else 1].finditer(raw):
        if match.end() != match.start() + 1:
            return edited  # (never: every pattern matches one character)
        widths[match.start()] = len(_visible(match))
    starts = [0, *accumulate(widths)]
    if starts[-1] != len(shown):
        return edited  # (not a piecewise mapping after all: take the text as typed)
    start = _common_start(shown, edited)
    kept_start = bisect_right(starts, start) - 1  # raw[:kept_start] shows wholly before the edit
    room = min(len(shown), len(edited)) - starts[kept_start]
    end = min(_common_start(shown[::-1], edited[::-1]), room)
    kept_end = max(bisect_left(starts, len(shown) - end), kept_start)  # raw[kept_end:] wholly after
    middle = edited[starts[kept_start] : len(edited) - (len(shown) - starts[kept_end])]
    return raw[:kept_start] + middle + raw[kept_end:]


def _common_start(one: str, other: str) -> int:
    """How many characters `one` and `other` have in common from their start."""
    low, high = 0, min(len(one), len(other))
    while low < high:  # (halving: C-speed comparisons of slices, no loop over each character)
        middle = (low + high + 1) // 2
        if one[:middle] == other[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def cells(text: str) -> int:
    """The number of terminal cells `text` takes (after `printable`)."""
    from wcwidth import wcswidth

    width = wcswidth(text)
    if width >= 0:
        return int(width)
    from wcwidth import wcwidth

    return sum(max(int(wcwidth(char)), 0) for char in text)


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells and padded with spaces to exactly `width`."""
    from wcwidth import wcwidth

    out: list[str] = []
    used = 0
    for char in text:
        size = max(int(wcwidth(char)), 0)
        if used + size > width:
            break
        out.append(char)
        used += size
    return "".join(out) + " " * (width - used)


_HEADS: dict[tuple[int, int, int], tuple[str, tuple[str, int, int]]] = {}


def head(text: str, lines: int, chars: int) -> tuple[str, int, int]:
    """The first `lines` lines of `text` (at most `chars` characters of them) and what is left
    out: (shown, line breaks left out, characters left out). A long text is never split or
    scanned beyond what is shown, but for one C-speed count of the line breaks left out, done
    once per text: a long text shown again (the same string) is answered from a small cache."""
    if len(text) <= chars:
        return _head(text, lines, chars)
    key = (id(text), lines, chars)
    known = _HEADS.get(key)
    if known is not None and known[0] is text:
        return known[1]
    found = _head(text, lines, chars)
    if len(_HEADS) >= 4:
        _HEADS.pop(next(iter(_HEADS)))
    _HEADS[key] = (text, found)  # (holds the text, so its id is not reused while cached)
    return found


def _head(text: str, lines: int, chars: int) -> tuple[str, int, int]:
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1, chars + 1)
        if end < 0:
            break
    cut = min(len(text) if end < 0 else end, chars)
    if cut >= len(text):
        return text, 0, 0
    more_lines = text.count("\n", cut) - (1 if text.endswith("\n") else 0)
    return text[:cut], max(more_lines, 0), len(text) - cut
