"""A one-line field that keeps every line of a paste: Textual's Input keeps the first line of a
pasted text and drops the rest without a word (a walkthrough lost an address's second line)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OneLine(Input):
    """Pasted lines are joined with spaces, and the user is told so."""

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) < 2:
            return  # (Input's own handler, called next by Textual, takes it as it is)
        event.prevent_default()  # (not Input's handler too)
        event.stop()
        text = " ".join(lines)
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
        self.notify(
            f"Pasted {len(lines)} lines into a one-line field: joined with spaces (prep notes take many lines)",
            markup=False,
        )
