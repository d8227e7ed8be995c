"""Saving an edit: only the fields the user changed are written, and a field the user changed
that was also changed elsewhere meanwhile (another window, the CLI, a sync) is not overwritten
silently: the form shows both values first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text

from calldiary.errors import CallDiaryError
from calldiary.model import Call
from calldiary.store import Diary
from calldiary.text import printable

# Form field -> the call's field.
CALL_FIELD = {
    "when": "start",
    "minutes": "minutes",
    "contact": "contact",
    "direction": "direction",
    "topic": "topic",
    "link": "link",
    "notes": "notes",
    "prep": "prep_minutes",
    "turned": "turned_down",
}
LABELS = {
    "start": "When",
    "minutes": "Minutes",
    "direction": "Who dials",
    "link": "Phone/link",
    "notes": "Prep notes",
    "prep_minutes": "Prep minutes",
    "turned_down": "Turned down",
}
# Longer notes are not loaded into the form's editor (Textual's TextArea takes seconds per key
# with thousands of lines): the form shows their start and ctrl+o edits them in $EDITOR.
FORM_NOTE_LINES = 500
FORM_NOTE_CHARS = 50_000


class Conflict(CallDiaryError):
    """Fields the user changed were changed elsewhere too; `current` is the call as it is now."""

    def __init__(self, text: Text, current: Call) -> None:
        super().__init__(text.plain)
        self.text = text
        self.current = current


def shown_notes(notes: str) -> str:
    """Notes as the editor shows them: controls visible (and never sent to the terminal)."""
    return printable(notes, multiline=True)


def notes_too_long(notes: str) -> bool:
    return len(notes) > FORM_NOTE_CHARS or notes.count("\n") >= FORM_NOTE_LINES


def _shown(call: Call, field: str, diary: Diary) -> str:
    value = getattr(call, field)
    if field == "start":
        return f"{diary.clock.local(value):%Y-%m-%d %H:%M}"
    if field == "direction":
        return str(value.label)
    text = printable(str(value)[:61])  # (a long note is never processed whole)
    return text if len(text) <= 60 else text[:59] + "…"


def save_changes(diary: Diary, base: Call, changed: set[str], values: dict[str, Any]) -> Call:
    """Write the `changed` form fields of `base` (their new `values`, keyed by call field).

    Raises Conflict when one of them was changed elsewhere since `base` was read."""
    fields = {CALL_FIELD[name] for name in changed}
    if not fields:
        return diary.get(base.id)
    current = diary.get(base.id)
    clashes = [
        f for f in sorted(fields) if getattr(current, f) != getattr(base, f) and getattr(current, f) != values[f]
    ]
    if clashes:
        text = Text("Changed elsewhere since you opened this form:", style="bold")
        for field in clashes:
            text.append(f"\n{LABELS.get(field, field.capitalize())}: ", style="bold")
            text.append(f"yours “{_shown_value(values[field], field, diary, base)}”, ")
            text.append(f"now “{_shown(current, field, diary)}”")
        text.append("\nEnter again keeps yours; Esc leaves it as it is now.")
        raise Conflict(text, current)
    return diary.edit(base.id, **{f: values[f] for f in fields})


def _shown_value(value: Any, field: str, diary: Diary, base: Call) -> str:
    from dataclasses import replace

    return _shown(replace(base, **{field: value}), field, diary)


def contact_note(
    name: str, known: list[str], record: Callable[[str], str] | None, dropped: dict[str, str]
) -> tuple[str, str]:
    """What the form says under the contact (text, kind) as soon as the name is known: their
    record line (a dropped contact's note in full), the existing spelling it will be booked under,
    or "did you mean …?" for a name merely close to a known one. None of it blocks saving."""
    from calldiary.contacts import close_names, contact_key, did_you_mean

    if not name:
        return "", "error"
    same = next((other for other in known if contact_key(other) == contact_key(name)), None)
    if same is None:
        close = close_names(name, known)
        return (f"new contact — {did_you_mean(close)}?" if close else ""), "note"
    line = record(same) if record is not None else ""
    if not line:
        note = dropped.get(same)
        line = "" if note is None else "dropped" + (f": {note}" if note else "")
    if same != name:
        line = f"= {same}" + (f" · {line}" if line else "")
    loud = line.startswith("⊘") or "⊘" in line or "dropped" in line or "late cancellation" in line
    return printable(line), ("warn" if loud else "note")
