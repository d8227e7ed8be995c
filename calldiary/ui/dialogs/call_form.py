"""The add/edit form: a modal that saves through the diary itself, so a failed save keeps
everything typed on screen with the reason beside it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static, TextArea

from calldiary.errors import CallDiaryError
from calldiary.fmt import day_label
from calldiary.model import DEFAULT_MINUTES, Call, Direction
from calldiary.store import Diary
from calldiary.text import printable, restore
from calldiary.ui.dialogs.form_fields import FIELDS, Draft, FieldChecks
from calldiary.ui.dialogs.form_notes import NotesField
from calldiary.ui.dialogs.form_save import Conflict, notes_too_long, save_changes, shown_notes
from calldiary.ui.dialogs.one_line import OneLine
from calldiary.ui.dialogs.who_dials import WhoDials
from calldiary.ui.dimmed import DimmedUnder
from calldiary.ui.footer import FitFooter
from calldiary.ui.kept import KeptStyles


class CallForm(FieldChecks, NotesField, KeptStyles, DimmedUnder, ModalScreen[Call | None]):
    """Add a call (call=None) or edit one. Enter or ctrl+s saves; Esc leaves at once when nothing
    was changed, and asks for a second Esc when something was (so no typing is lost by accident).
    An edit writes only the fields the user changed."""

    HELP_TITLE = "Call form"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", key_display="⏎/^s", tooltip="Save the call (Enter in any one-line field)"),
        Binding("escape", "cancel", "Cancel", tooltip="Close; with changes, Esc again discards them"),
        # Priority: the focus moves as the key arrives, so keys typed right after Tab (queued
        # before the app handled it) go to the next field, not the one just left.
        Binding("tab", "app.focus_next", "Next field", priority=True, tooltip="The next field"),
        Binding(
            "shift+tab", "app.focus_previous", "Previous field", show=False, priority=True, tooltip="The field before"
        ),
        Binding(
            "ctrl+o",
            "edit_notes",
            "Notes in editor",
            key_display="^o",
            priority=True,
            tooltip="Edit the prep notes in your editor ($VISUAL or $EDITOR): any length, kept as written",
        ),
        Binding("enter", "save", "Save", show=False, tooltip="Save the call"),
        Binding("question_mark,f1", "app.help", "Keys", show=False, tooltip="The form's keys (F1 in a text field)"),
    ]
    HELP_EXTRA = [
        Binding("left,right,t,i", "", "Who dials: ← or t they call me, → or i I call them"),
    ]

    def __init__(
        self,
        diary: Diary,
        call: Call | None = None,
        day: date | None = None,
        defaults: tuple[int, Direction] = (DEFAULT_MINUTES, Direction.THEY_CALL),
        record: Callable[[str], str] | None = None,
    ) -> None:
        """Edit `call`, or add one; a time typed alone means that time on `day` (default today).
        `defaults` are a new call's length and direction; `record` gives a contact's record line,
        shown under the contact as soon as the name is known."""
        super().__init__()
        self.diary = diary
        self._start(call, day, defaults, record)

    def _start(
        self,
        call: Call | None,
        day: date | None,
        defaults: tuple[int, Direction],
        record: Callable[[str], str] | None,
    ) -> None:
        """Everything the form knows before anything is typed."""
        diary = self.diary
        self.record = record
        self.defaults = defaults
        self.call = call
        self.day = day or diary.clock.today()
        self._dropped = diary.dropped()  # (read here: a diary that can't be read stops the form opening)
        self._contacts = [printable(name) for name in diary.contacts()]
        self._known_names: list[str] | None = None
        self._accepted_overlap: tuple[str, int] | None = None
        self._accepted_new_contact: str | None = None
        self._done = False
        self._discard_armed = False
        self._quit_armed = False
        self._initial: dict[str, object] = {}
        self._messages: dict[str, str] = getattr(self, "_messages", {})  # (the text under each field now)
        self._shown_title: str = getattr(self, "_shown_title", "")
        self._warning: bool = getattr(self, "_warning", True)  # (a warning may be shown: cleared on first use)
        # A long note is held here, not in the TextArea (which is slow with thousands of lines):
        # the form shows its start, and ctrl+o edits all of it in $EDITOR.
        notes = call.notes if call else ""
        self._long_notes: str | None = notes if notes_too_long(notes) else None
        self._notes_as_typed = False  # (the notes box holds the text as stored/shown, not an editor's)

    def reopen(
        self,
        call: Call | None = None,
        day: date | None = None,
        defaults: tuple[int, Direction] = (DEFAULT_MINUTES, Direction.THEY_CALL),
        record: Callable[[str], str] | None = None,
    ) -> None:
        """The same form for another call (or a new one), every field and message as in a new
        form: building the form's widgets is most of the cost of opening it (see ui/kept.py)."""
        self._start(call, day, defaults, record)
        if self.is_mounted:
            self._fill()

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(id="form-title")
            with VerticalScroll(id="form-fields"):
                yield from self._field("when", "When", OneLine())
                yield from self._field("minutes", "Minutes", OneLine())
                yield from self._field("contact", "Contact", OneLine(placeholder="Who is it with?"))
                with Horizontal(classes="field"):
                    yield Label("Who dials", classes="field-label")
                    yield WhoDials(self.defaults[1], id="direction")
                yield from self._field("topic", "Topic", OneLine(placeholder="optional"))
                yield from self._field("link", "Phone/link", OneLine(placeholder="optional"))
                yield from self._field("prep", "Prep min", OneLine(placeholder="0"))
                yield from self._field(
                    "turned", "Turned down", OneLine(placeholder="what or whom you declined for this slot")
                )
                with Horizontal(classes="field"):
                    yield Label("Prep notes", classes="field-label")
                    with Vertical(id="notes-box"):
                        yield TextArea(id="notes", soft_wrap=True, show_line_numbers=False, compact=True)
                        yield Static(id="notes-long")
                yield Static("", id="notes-message", classes="message")
            yield Static("", id="form-warning")
            with Horizontal(id="form-buttons"):
                yield Button("Save  ⏎", variant="primary", id="save")
                yield Button("Cancel  esc", id="cancel")
        yield FitFooter(compact=True)

    def _fill(self) -> None:
        """Every field from the call (or the defaults), no messages, the cursor at the end of When."""
        call, clock = self.call, self.diary.clock
        self._show_title(self._title(clock.local(call.start).date() if call else self.day))
        values = self._field_values(call)
        for name, value in values.items():
            self.query_one(f"#{name}", Input).value = value
            if name not in ("when", "contact"):  # (those two are said below, at once)
                self._message(name, "")
        when, contact = self.query_one("#when", Input), self.query_one("#contact", Input)
        when.placeholder = f"13:00 (on {day_label(self.day)}), or fri 13:00, tomorrow 9, 2026-11-27 13:00"
        contact.suggester = SuggestFromList(self._contacts, case_sensitive=False)
        self.query_one(WhoDials).value = call.direction if call else self.defaults[1]
        area = self.query_one("#notes", TextArea)
        area.load_text(shown_notes(call.notes) if call and self._long_notes is None else "")
        area.display = self._long_notes is None
        long = self.query_one("#notes-long", Static)
        long.update(self._long_preview())
        long.display = self._long_notes is not None
        self._warn("")
        self._preview(values["when"])  # (as typing would: the day it reads as, the contact's record)
        self._dropped_warning(values["contact"])
        self.query_one("#form-fields").scroll_home(animate=False)
        when.select_on_focus = False
        when.focus()
        when.cursor_position = len(when.value)
        self._initial = self._values()

    def _field_values(self, call: Call | None) -> dict[str, str]:
        """The one-line fields as the form shows `call` (or a new call's defaults)."""
        clock = self.diary.clock
        return {
            "when": f"{clock.local(call.start):%Y-%m-%d %H:%M}" if call else "",
            "minutes": str(call.minutes if call else self.defaults[0]),
            "contact": printable(call.contact) if call else "",
            "topic": printable(call.topic) if call else "",
            "link": printable(call.link) if call else "",
            "prep": str(call.prep_minutes) if call and call.prep_minutes else "",
            "turned": printable(call.turned_down) if call else "",
        }

    def _show_untouched(self, current: Call) -> None:
        """After a clash: the fields the user did not touch show the call as it is now (what
        Enter will leave in place), so the form never shows one value and saves another."""
        changed = self.changed()
        shown = self._field_values(current)
        with self.prevent(Input.Changed):  # (not typing: the clash said below must stay said)
            for name, value in shown.items():
                if name not in changed:
                    self.query_one(f"#{name}", Input).value = value
                    self._initial[name] = value
        if "when" not in changed:
            self._preview(shown["when"])
        if "contact" not in changed:
            self._dropped_warning(shown["contact"])
        if "direction" not in changed:
            self.query_one(WhoDials).value = current.direction
            self._initial["direction"] = current.direction
        if "notes" not in changed and self._long_notes is None and not notes_too_long(current.notes):
            area = self.query_one("#notes", TextArea)
            area.load_text(shown_notes(current.notes))
            self._initial["notes"] = area.text

    def _field(self, name: str, label: str, widget: Input) -> ComposeResult:
        widget.id = name
        widget.compact = True
        with Vertical(classes="field-block"):
            with Horizontal(classes="field"):
                yield Label(label, classes="field-label")
                yield widget
            yield Static("", id=f"{name}-message", classes="message")

    def on_mount(self) -> None:
        self._fill()

    def _values(self) -> dict[str, object]:
        """What the form holds now, field by field, as typed."""
        values: dict[str, object] = {name: self.query_one(f"#{name}", Input).value for name in FIELDS}
        values["direction"] = self.query_one(WhoDials).value
        values["notes"] = self._notes()
        return values

    def changed(self) -> set[str]:
        """The fields the user changed since the form opened."""
        now = self._values()
        return {name for name, value in now.items() if self._initial.get(name) != value}

    def _warn(self, text: Text | str) -> None:
        if not text and not self._warning:
            return  # (nothing shown, nothing to show: no relayout)
        self._warning = bool(text)
        box = self.query_one("#form-warning", Static)
        box.update(text if isinstance(text, Text) else Text(text, style="bold #ff5f5f"))
        box.set_class(bool(text), "shown")
        self.call_after_refresh(self._fit_height)

    def on_resize(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        """The fields scroll; the title, the warning and the buttons stay in view."""
        found = self.query("#form-warning")
        if not found:
            return  # (not composed yet)
        warning = found.first(Static)
        fixed = 12 + (warning.outer_size.height if warning.has_class("shown") else 0)
        self.query_one("#form-fields").styles.max_height = max(3, self.app.size.height - fixed)

    # --- actions -----------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._done:
            return
        draft = self._read()
        if draft is None:
            self._warn("")
            return
        renamed = self.call is None or "contact" in self.changed()
        if renamed and self._new_contact_warning(draft.contact):
            return
        moved = self.call is None or bool({"when", "minutes"} & self.changed())
        if moved and self._overlap_warning(draft):  # (an edit that keeps the time: no news)
            return
        try:
            saved = self._save(draft)
        except Conflict as conflict:
            self.call = conflict.current  # Enter again: the user has seen both and keeps theirs
            self._show_untouched(conflict.current)
            self._warn(conflict.text)
            return
        except CallDiaryError as error:
            self._warn(f"Not saved: {error}")
            return
        self._done = True
        self.dismiss(saved)

    def _save(self, draft: Draft) -> Call:
        fields = {
            "contact": draft.contact,
            "minutes": draft.minutes,
            "direction": draft.direction,
            "topic": draft.topic,
            "notes": draft.notes.rstrip(),
            "link": draft.link,
            "prep_minutes": draft.prep,
            "turned_down": draft.turned,
        }
        if self.call is None:
            return self.diary.add(draft.start, **fields)  # type: ignore[arg-type]
        # The fields show the stored text with its controls and invisible characters written
        # out (\u200b, \x1b): what the user did not edit comes back as stored, not as shown.
        call = self.call
        fields["contact"] = restore(call.contact, draft.contact)
        fields["topic"] = restore(call.topic, draft.topic)
        fields["link"] = restore(call.link, draft.link)
        fields["turned_down"] = restore(call.turned_down, draft.turned)
        if self._long_notes is None and not self._notes_as_typed:
            fields["notes"] = restore(call.notes, draft.notes.rstrip(), multiline=True)
        return save_changes(self.diary, self.call, self.changed(), {**fields, "start": draft.start})

    def action_cancel(self) -> None:
        if self._done:
            return
        if self.changed() and not self._discard_armed:
            self._discard_armed = True
            self._warn(Text("Unsaved changes: Esc again to discard them, Enter or ctrl+s to save.", style="bold"))
            return
        self._done = True
        self.dismiss(None)

    def holds_on_quit(self) -> bool:
        """ctrl+q with unsaved changes: say so and hold (True) the first time; quit the second."""
        if self._done or self._quit_armed or not self.changed():
            return False
        self._quit_armed = True
        self._warn(Text("Unsaved changes: ctrl+q again to quit without them, Enter or ctrl+s to save.", style="bold"))
        return True

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed_after_warning(self) -> None:
        """Typing after "Esc again to discard" (or "ctrl+q again") takes the warning back: the next
        Esc or ctrl+q warns again instead of throwing away what was typed since."""
        if self._discard_armed or self._quit_armed:
            self._discard_armed = self._quit_armed = False
            self._warn("")

    @on(Input.Changed, "#contact")
    def _contact_changed(self, event: Input.Changed) -> None:
        self._dropped_warning(event.value)

    @on(Input.Changed, "#when,#minutes")
    def _time_changed(self, event: Input.Changed) -> None:
        self._accepted_overlap = None
        if not self._discard_armed:
            self._warn("")
        if event.input.id == "when":
            self._preview(event.value, typing=True)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
