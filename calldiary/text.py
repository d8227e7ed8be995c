"""Showing user text literally: control characters become visible, never act."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    char = match[0]
    if char in "\n\t":
        return " "
    return f"\\x{ord(char):02x}"


def printable(text: str, *, multiline: bool = False) -> str:
    """`text` safe to print on a terminal: escape sequences and other controls shown as \\xNN.

    Single-line text (names, topics) also turns line breaks and tabs into spaces.
    """
    pattern = _CONTROL if multiline else _CONTROL_OR_BREAK
    return pattern.sub(_visible, text)
