"""The call form's prep notes: a short note is edited in place (a TextArea); a long one (or one
holding controls the screen would show altered) is held as the very string read from the diary,
shown by its start, and edited whole in $EDITOR (ctrl+o)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static, TextArea

from calldiary.model import Call
from calldiary.text import printable
from calldiary.ui.dialogs.form_save import notes_too_long

if TYPE_CHECKING:
    from textual.screen import ModalScreen

    _Form = ModalScreen[Any]
else:
    _Form = object


class NotesField(_Form):
    """Mix into the call form (before the Screen among its bases), which sets `_long_notes` (the
    long note, or None), `call` and `_initial` (the values as the form opened)."""

    call: Call | None
    _long_notes: str | None
    _notes_as_typed: bool
    _initial: dict[str, object]

    def _notes(self) -> str:
        """The prep notes as they are now (a long note is the very string read from the diary)."""
        if self._long_notes is not None:
            return self._long_notes
        return self.query_one("#notes", TextArea).text

    def _long_preview(self) -> Text:
        from calldiary.ui.look import note_text

        if self._long_notes is None:
            return Text("")
        return note_text(self._long_notes, lines=3, chars=240, hint="ctrl+o: all of it in your editor")

    def action_edit_notes(self) -> None:
        """The prep notes in the user's editor; what they save comes back into the form (and is
        written on Save, like any field)."""
        from calldiary.ui.editor import EditorError, edit_text

        area = self.query_one("#notes", TextArea)
        if self._long_notes is not None:
            before = self._long_notes
        elif self.call is not None and area.text == self._initial.get("notes"):
            before = self.call.notes  # untouched: the note as stored (controls and all), not as shown
        else:
            before = area.text
        try:
            after = edit_text(self.app, before)
        except EditorError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return
        if after == before or after.rstrip() == before.rstrip():
            self.notify("Prep notes unchanged", markup=False)
            return
        if notes_too_long(after) or printable(after, multiline=True) != after:
            self._long_notes = after  # (kept exactly: long, or with controls the editor shows as they are)
            area.load_text("")
        else:
            self._long_notes = None
            self._notes_as_typed = True  # (the editor's text itself, controls and all: no restore)
            area.load_text(after)
        area.display = self._long_notes is None
        long = self.query_one("#notes-long", Static)
        long.update(self._long_preview())
        long.display = self._long_notes is not None
        self.notify("Prep notes changed: Enter or ctrl+s saves them", markup=False)
