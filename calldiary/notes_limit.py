"""How much a call's prep notes may hold (issue 13, item 20)."""

from __future__ import annotations

from typing import Any

import orjson

from calldiary.errors import RuleError
from calldiary.text import printable

# A call's prep notes take at most this much of the diary file (as stored: a JSON string). Every
# change rewrites the whole file, durably; at this size a save stays well under 100 ms, while a
# 12 MB note made each one take 120-150 ms (bench/long_notes.py). About 300 pages of text.
MAX_NOTES_BYTES = 1_000_000


def notes_size(notes: str) -> int:
    """The bytes `notes` take in the diary file (a JSON string, its quotes left out)."""
    try:
        return len(orjson.dumps(notes)) - 2
    except orjson.JSONEncodeError:
        return len(notes.encode("utf-8", "surrogatepass"))


def check_notes(notes: str) -> None:
    """RuleError, about the user's input, when prep notes are over MAX_NOTES_BYTES."""
    if len(notes) * 6 <= MAX_NOTES_BYTES:
        return  # (under it whatever it holds: at most 6 bytes a character, "\u001b")
    size = notes_size(notes)
    if size > MAX_NOTES_BYTES:
        raise RuleError(
            f"prep notes can take up to {MAX_NOTES_BYTES:,} bytes (about 300 pages); these take {size:,}"
            " — keep a long document in a file and put its path or link in the notes"
        )


def check_imported_notes(doc: dict[str, Any], before: dict[str, Any] | None) -> None:
    """An import may not bring prep notes over the limit (a note the diary holds already, from
    before the limit, may come back unchanged); the error names the call."""
    notes = doc.get("notes", "")
    if isinstance(notes, str) and notes != (before or {}).get("notes"):
        try:
            check_notes(notes)
        except RuleError as error:
            who = printable(str(doc.get("contact", "")))
            raise RuleError(f"the call with {who} at {printable(str(doc.get('start')))}: {error}") from None
