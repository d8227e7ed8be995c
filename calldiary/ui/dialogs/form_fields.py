"""The call form's fields read and checked: each problem beside its field, the "when" field
read back as it is typed, the contact's record or a dropped contact's warning under the name,
overlapping calls said once before saving."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pendulum import DateTime
from rich.text import Text
from textual.widgets import Input, Label, Static

from calldiary.errors import CallDiaryError
from calldiary.fmt import day_label, span
from calldiary.model import MAX_MINUTES, Call, Direction
from calldiary.store import Diary
from calldiary.text import printable
from calldiary.ui.dialogs.form_save import contact_note
from calldiary.ui.dialogs.who_dials import WhoDials
from calldiary.when import FORMS, When, parse_when

FIELDS = ("when", "minutes", "contact", "topic", "link", "prep", "turned")


@dataclass(frozen=True)
class Draft:
    """What the form holds once every field has been read."""

    start: DateTime
    minutes: int
    contact: str
    direction: Direction
    topic: str
    link: str
    notes: str
    prep: int = 0
    turned: str = ""


if TYPE_CHECKING:
    from textual.screen import ModalScreen

    _Form = ModalScreen[Any]
else:
    _Form = object


class FieldChecks(_Form):
    """Mix into the call form (before the Screen among its bases), which sets what is declared
    here when it opens (see CallForm._start)."""

    diary: Diary
    call: Call | None
    day: date
    record: Callable[[str], str] | None
    _dropped: dict[str, str]
    _known_names: list[str] | None
    _accepted_overlap: tuple[str, int] | None
    _accepted_new_contact: str | None
    _messages: dict[str, str]
    _shown_title: str

    if TYPE_CHECKING:

        def _warn(self, text: Text | str) -> None: ...

        def _notes(self) -> str: ...

    def _title(self, day: date) -> str:
        return f"{'Edit call' if self.call else 'New call'} · {day_label(day)} {day.year}"

    def _message(self, name: str, text: str, kind: str = "error") -> None:
        """The line under a field; only what changes is touched (each change of a class restyles
        the widget, each new text relays the form)."""
        box = self.query_one(f"#{name}-message", Static)
        if self._messages.get(name) != text:
            box.update(Text(text))
            self._messages[name] = text
        box.update_classes({"shown": bool(text), "note": kind == "note", "warn": kind == "warn"})
        self.query_one(f"#{name}", Input).set_class(bool(text) and kind == "error", "invalid")

    def _read(self) -> Draft | None:
        """Check every field (touched or not); show each problem beside its field."""
        value = {name: self.query_one(f"#{name}", Input).value for name in FIELDS}
        for name in FIELDS:
            self._message(name, "")
        ok = True
        start = None
        try:
            found = self._parse(value["when"]) if value["when"].strip() else None
            if found is None:
                self._message("when", f"When is the call? e.g. {FORMS}")
                ok = False
            else:
                start = found.at
                if found.note:
                    self._message("when", found.note, "note")
        except CallDiaryError as error:
            self._message("when", str(error))
            ok = False
        minutes = 0
        text = value["minutes"].strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_MINUTES:
            self._message("minutes", f"A whole number of minutes, 1 to {MAX_MINUTES}")
            ok = False
        else:
            minutes = int(text)
        if not value["contact"].strip():
            self._message("contact", "Who is the call with?")
            ok = False
        else:
            self._dropped_warning(value["contact"])
        prep = 0
        text = value["prep"].strip()
        if text and (not text.isdigit() or not 0 <= int(text) <= MAX_MINUTES):
            self._message("prep", f"Minutes spent preparing: a whole number, 0 to {MAX_MINUTES}")
            ok = False
        elif text:
            prep = int(text)
        if not ok or start is None:
            first = next(name for name in FIELDS if self.query_one(f"#{name}", Input).has_class("invalid"))
            self.query_one(f"#{first}", Input).focus()
            return None
        return Draft(
            start=start,
            minutes=minutes,
            contact=value["contact"].strip(),
            direction=self.query_one(WhoDials).value,
            topic=value["topic"].strip(),
            link=value["link"].strip(),
            notes=self._notes(),
            prep=prep,
            turned=value["turned"].strip(),
        )

    def _new_contact_warning(self, name: str) -> bool:
        """A new name that is the start of a known contact's ("Pa" for "Pat Three": the field
        showed the completion, Enter takes what was typed) or merely close to one ("Carla Dias")
        is asked about once before saving; True when the user still has to confirm (Enter again)."""
        from calldiary.contacts import close_names, completions, contact_key, did_you_mean

        known = self._known()
        if self._accepted_new_contact == name or any(contact_key(other) == contact_key(name) for other in known):
            return False
        # (the start of a known name — the field showed its completion — or a name close to one)
        close = list(dict.fromkeys([*completions(name, known), *close_names(name, known)]))[:3]
        if not close:
            return False
        self._accepted_new_contact = name
        text = Text("“", style="bold #ffaf00")
        text.append(printable(name))
        text.append(f"” would be a new contact — {printable(did_you_mean(close))}?", style="bold #ffaf00")
        text.append("\nEnter again to save it as a new contact, or change the name (→ takes the completion).")
        self._warn(text)
        return True

    def _overlap_warning(self, draft: Draft) -> bool:
        """Warn once about overlapping calls; True when the user still has to confirm."""
        signature = (draft.start.isoformat(), draft.minutes)
        clashes = self.diary.overlapping(draft.start, draft.minutes, exclude=self.call.id if self.call else None)
        if not clashes or self._accepted_overlap == signature:
            return False
        self._accepted_overlap = signature
        clock = self.diary.clock
        lines = Text("⚠ Overlaps ", style="bold #ffaf00")
        for n, other in enumerate(clashes[:3]):
            if n:
                lines.append(", ")
            lines.append(printable(other.contact), style="bold")
            lines.append(f" {day_label(clock.local(other.start).date())} {span(other, clock)}")
        lines.append("\nPress Enter again to keep it anyway, or change the time.", style="#ffaf00")
        self._warn(lines)
        return True

    def _dropped_warning(self, contact: str) -> None:
        """Under the contact, as soon as the name is known: see form_save.contact_note."""
        name = contact.strip()
        text, kind = contact_note(name, self._known() if name else [], self.record, self._dropped)
        self._message("contact", text, kind)

    def _known(self) -> list[str]:
        if self._known_names is None:
            self._known_names = [*self.diary.contacts(), *self._dropped]
        return self._known_names

    def _parse(self, text: str) -> When:
        return parse_when(text, self.diary.clock, self.day)

    def _preview(self, value: str, typing: bool = False) -> None:
        """Say how the "when" field reads, as it is typed (errors wait for Enter)."""
        try:
            found = self._parse(value) if value.strip() else None
        except CallDiaryError:
            found = None
        if found is not None:
            local = found.at
            self._show_title(self._title(local.date()))
            self._message(
                "when",
                f"{local:%A} {local.day} {local:%B %Y, %H:%M}" + (f" · {found.note}" if found.note else ""),
                "note",
            )
        elif typing and self._messages.get("when"):
            # While the text typed does not read as a time, its line stays, blank: the form does
            # not jump by a line (and is not laid out again) with each letter.
            self._message("when", " ", "note")
        else:
            self._message("when", "")

    def _show_title(self, title: str) -> None:
        if title != self._shown_title:
            self._shown_title = title
            self.query_one("#form-title", Label).update(title)
