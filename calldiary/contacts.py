"""Contacts: who a name stands for, what their record is, and the one line that tells it.

- Identity: names that differ only in case, spacing or punctuation are one contact
  (`contact_key`); accents are kept for identity and display and folded only for search (`fold`).
- A contact's record is computed over every call of the diary, from the raw documents (fast:
  no Call objects). Only *their* no-shows count against them; mine are counted apart.
- The record line (`record_line`) is what the CLI and the UI show wherever the contact appears.

No I/O, no Textual.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from pendulum import DateTime

from calldiary.clock import Clock, from_utc_text, utc_text

if TYPE_CHECKING:
    from calldiary.store import Diary

LATE_HOURS = 24  # default of the late_cancellation_hours setting
REPEAT_NO_SHOWS = 2  # contacts with this many no-shows or more stand out


_APOSTROPHES = ("'", "’", "ʼ", "`")

# --- identity -----------------------------------------------------------------------------------


def contact_key(name: str) -> str:
    """The identity of a contact name: case, spacing and punctuation folded, accents kept.

    "Dr. Brandt", "dr brandt" and "DR  BRANDT" are one contact: "dr brandt"."""
    text = unicodedata.normalize("NFC", name).casefold()
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")  # O'Neill = ONeill
    kept = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(kept.split())


def fold(text: str) -> str:
    """Text for searching: case and accents folded ("Müller" -> "muller", "Straße" -> "strasse")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def canonical(name: str, known: Iterable[str]) -> str:
    """`name` as the diary already spells that contact, else `name` itself (stripped)."""
    name = " ".join(name.split())
    key = contact_key(name)
    for other in known:
        if contact_key(other) == key:
            return other
    return name


def close_names(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Known contacts whose names are close to `name` but not the same contact (typos, accents)."""
    key = contact_key(name)
    if not key:
        return []
    by_key: dict[str, str] = {}
    for other in known:
        other_key = contact_key(other)
        if other_key == key:
            return []  # the same contact: nothing to ask
        by_key.setdefault(other_key, other)
    folded = fold(key)
    same_letters = [other for k, other in by_key.items() if fold(k) == folded]
    near = difflib.get_close_matches(key, list(by_key), n=limit, cutoff=0.8)
    out = same_letters + [by_key[k] for k in near if by_key[k] not in same_letters]
    return out[:limit]


def completions(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Known contacts that begin with `name` (as the form's completion matches: ignoring case),
    other than the same contact: "Pa" for "Pat Three"."""
    typed, key = name.strip().casefold(), contact_key(name)
    if not typed:
        return []
    out = []
    for other in known:
        if contact_key(other) == key:
            return []
        if other.casefold().startswith(typed) and other not in out:
            out.append(other)
    return out[:limit]


def did_you_mean(names: list[str]) -> str:
    """did you mean "Dr. Brandt"? / did you mean "A" or "B"?"""
    quoted = [f'"{n}"' for n in names]
    return "did you mean " + (" or ".join(quoted) if len(quoted) < 3 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}")


# --- the record -------------------------------------------------------------------------------------


@dataclass
class ContactFigures:
    """A contact's record over every call in the diary."""

    name: str  # the latest spelling booked
    calls: int = 0
    kept: int = 0
    cancelled_by_them: int = 0
    cancelled_by_me: int = 0
    no_show: int = 0  # theirs: only these count against them
    no_show_by_me: int = 0
    late_by_them: int = 0  # late cancellations by them
    minutes_lost: int = 0  # booked minutes of their no-shows
    prep_lost: int = 0  # prep minutes of their no-shows and their late cancellations
    last_no_show: DateTime | None = None
    last_call: DateTime | None = None
    dropped: bool = False
    note: str = ""

    @property
    def cancelled(self) -> int:
        return self.cancelled_by_them + self.cancelled_by_me

    @property
    def show_rate(self) -> float | None:
        return show_rate(self.kept, self.no_show)

    @property
    def decided(self) -> int:
        return self.kept + self.no_show + self.no_show_by_me + self.cancelled


def show_rate(kept: int, no_show: int) -> float | None:
    """kept / (kept + no-show); None when both are zero (undefined, not 0%)."""
    decided = kept + no_show
    return kept / decided if decided else None


def late_edge(start: str, late_hours: int) -> str:
    """The UTC text before which a cancellation of a call starting at `start` was in time.

    (Plain datetime arithmetic on the UTC text: a pendulum instant costs ~50x as much, and this
    runs for every cancellation in the diary.)"""
    t = datetime(
        int(start[0:4]), int(start[5:7]), int(start[8:10]), int(start[11:13]), int(start[14:16]), int(start[17:19])
    ) - timedelta(hours=late_hours)
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}Z"


def tally(figures: ContactFigures, doc: Mapping[str, Any], sign: int, late_hours: int) -> None:
    """Count one call document in (`sign` 1) or out (-1) of a contact's figures: everything but
    the latest call and the latest no-show, which are not sums."""
    figures.calls += sign
    status = doc["status"]
    if status == "kept":
        figures.kept += sign
    elif status == "no_show":
        if doc["no_show_by"] == "me":
            figures.no_show_by_me += sign
        else:
            figures.no_show += sign
            figures.minutes_lost += sign * doc["minutes"]
            figures.prep_lost += sign * doc["prep_minutes"]
    elif status == "cancelled":
        if doc["cancelled_by"] == "me":
            figures.cancelled_by_me += sign
        else:
            figures.cancelled_by_them += sign
            outcome_at = doc["outcome_at"]
            if outcome_at and outcome_at > late_edge(doc["start"], late_hours):
                figures.late_by_them += sign
                figures.prep_lost += sign * doc["prep_minutes"]


def their_no_show(doc: Mapping[str, Any]) -> bool:
    """A no-show that counts against the contact (not one of mine)."""
    return bool(doc["status"] == "no_show" and doc["no_show_by"] != "me")


def contact_figures(
    docs: Iterable[Mapping[str, Any]], dropped: Mapping[str, str] | None = None, late_hours: int = LATE_HOURS
) -> list[ContactFigures]:
    """Every contact's record, from call documents, one per contact (by `contact_key`), by name."""
    found: dict[str, ContactFigures] = {}
    last_no_show: dict[str, str] = {}
    last_call: dict[str, str] = {}
    keys: dict[str, str] = {}  # spelling -> key (few spellings, many calls)
    for doc in docs:
        spelling = doc["contact"]
        key = keys.get(spelling)
        if key is None:
            key = keys[spelling] = contact_key(spelling)
        figures = found.get(key)
        if figures is None:
            figures = found[key] = ContactFigures(spelling)
        tally(figures, doc, 1, late_hours)
        start = doc["start"]
        if start >= last_call.get(key, ""):
            last_call[key] = start
            figures.name = spelling
        if doc["status"] == "no_show" and doc["no_show_by"] != "me" and start > last_no_show.get(key, ""):
            last_no_show[key] = start
    for key, figures in found.items():
        figures.last_call = from_utc_text(last_call[key])
        if key in last_no_show:
            figures.last_no_show = from_utc_text(last_no_show[key])
    for name, note in (dropped or {}).items():
        key = contact_key(name)
        figures = found.get(key)
        if figures is None:  # dropped before any call was booked (or all deleted)
            figures = found[key] = ContactFigures(name)
        figures.dropped, figures.note = True, note
    return sorted(found.values(), key=lambda f: f.name.casefold())


def contacts_json(rows: list[ContactFigures]) -> list[dict[str, Any]]:
    return [
        {
            "contact": row.name,
            "calls": row.calls,
            "kept": row.kept,
            "cancelled_by_them": row.cancelled_by_them,
            "cancelled_by_me": row.cancelled_by_me,
            "late_cancellations_by_them": row.late_by_them,
            "no_show": row.no_show,
            "no_show_by_me": row.no_show_by_me,
            "show_rate": row.show_rate,
            "minutes_lost": row.minutes_lost,
            "prep_minutes_lost": row.prep_lost,
            "last_no_show": row.last_no_show.isoformat() if row.last_no_show else None,
            "dropped": row.dropped,
            "note": row.note,
        }
        for row in rows
    ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def record_line(figures: ContactFigures | None, clock: Clock) -> str:
    """The contact's record in one short line, or "" for a contact with nothing to tell yet.

    ⊘ 2 no-shows (last 27 Nov) · 1 late cancellation · show rate 33% · 40 min prep lost
    A contact with no problem gets a calm line (✓ 4 kept · show rate 100%); a dropped contact's
    note follows in full."""
    if figures is None:
        return ""
    parts: list[str] = []
    if figures.no_show:
        last = ""
        if figures.last_no_show is not None:
            day = clock.local(figures.last_no_show)
            last = f" (last {day.day} {day:%b}" + (f" {day.year}" if day.year != clock.now().year else "") + ")"
        parts.append(f"⊘ {_plural(figures.no_show, 'no-show')}{last}")
    if figures.late_by_them:
        parts.append(_plural(figures.late_by_them, "late cancellation"))
    trouble = bool(parts)
    rate = figures.show_rate
    if trouble and rate is not None:
        parts.append(f"show rate {rate * 100:.0f}%")
    if figures.prep_lost:
        parts.append(f"{figures.prep_lost} min prep lost")
    if not trouble and figures.kept:
        parts.append(f"✓ {figures.kept} kept" + (f" · show rate {rate * 100:.0f}%" if rate is not None else ""))
    if figures.dropped:
        parts.append("dropped" + (f": {figures.note}" if figures.note else ""))
    return " · ".join(parts)


class RecordBook:
    """Contacts' records in one diary, each computed when first asked for and then kept in step
    with the diary's changes.

    `book.line(name)` is the callable other parts take to show a contact's record line."""

    def __init__(self, diary: Diary, late_hours: int = LATE_HOURS) -> None:
        self.diary = diary
        self.late_hours = late_hours
        self._version = self._roster = -1
        self._by_key: dict[str, ContactFigures | None] = {}
        self._ids: dict[str, list[str]] = {}  # contact_key -> the ids of that contact's calls
        self._keys: dict[str, str] = {}  # spelling -> contact_key, over the diary's spellings

    def figures(self, name: str) -> ContactFigures | None:
        """`contact_figures` of the contact's own calls. Found again only when calls came, went or
        changed contact (at 100k calls, every contact's figures cost a first frame several times
        what one contact's do); a call's other changes (its outcome, its time) move the figures
        by that call alone (a status change at 100k costs its write, not a pass over the calls)."""
        roster, version = self.diary.roster, self.diary.version
        if roster != self._roster:
            self._ids, self._by_key, self._roster = {}, {}, roster
        elif version != self._version:
            changes = self.diary.changes_since(self._version)
            if changes is None:
                self._by_key = {}
            for before, after in changes or ():
                self._follow(before, after)
        self._version = version
        key = contact_key(name)
        if key not in self._by_key:
            ids = self._ids.get(key)
            if ids is None:
                keys = self._keys
                for spelling in set(map(itemgetter("contact"), self.diary.docs())) - keys.keys():
                    keys[spelling] = contact_key(spelling)
                spellings = {spelling for spelling, found in keys.items() if found == key}
                ids = self._ids[key] = [doc["id"] for doc in self.diary.docs() if doc["contact"] in spellings]
            dropped = {n: note for n, note in self.diary.dropped().items() if contact_key(n) == key}
            rows = contact_figures(self.diary.docs_of(ids), dropped, self.late_hours)
            self._by_key[key] = rows[0] if rows else None
        return self._by_key[key]

    def _follow(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
        """One call changed, its contact the same: move its contact's figures (when known) by it.
        The latest call and the latest no-show are not sums: when the change may have taken
        away the one they name, the contact's figures are computed again."""
        key = contact_key(before["contact"])
        figures = self._by_key.get(key)
        if figures is None:
            return
        tally(figures, before, -1, self.late_hours)
        tally(figures, after, 1, self.late_hours)
        was, now = before["start"], after["start"]
        latest = utc_text(figures.last_call) if figures.last_call is not None else ""
        if was != now and latest in (was, now):
            del self._by_key[key]  # (which call is the latest, and its spelling: look again)
            return
        if now > latest:
            figures.last_call, figures.name = from_utc_text(now), after["contact"]
        last = utc_text(figures.last_no_show) if figures.last_no_show is not None else ""
        if their_no_show(after) and now > last:
            figures.last_no_show = from_utc_text(now)
        elif their_no_show(before) and was == last and not (their_no_show(after) and now == last):
            del self._by_key[key]  # the latest no-show may be another call's now: look again

    def line(self, name: str) -> str:
        return record_line(self.figures(name), self.diary.clock)
