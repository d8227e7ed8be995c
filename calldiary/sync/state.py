"""What sync remembers, in the diary's "sync" table (same file, lock and atomic writes):

- per call (keyed by its id): {"href", "etag", "cal" (the calendar's key), "kind", "uid", "seq",
  "base" (the call document both sides last agreed on), "history" (values that lost a conflict)}.
  kind: "own" (synced both ways), "series" (an occurrence of a recurring event: read here only),
  "watch" (from a watched calendar: read only), "gone" (a read-only call deleted here: not again).
- per calendar (keyed "@" + its url): {"token": the collection's sync token}.
- per event that is no call (keyed "~" + href): {"href", "etag", "cal", "kind": "ignored"}.
- per calendar name (keyed "#" + name + "|" + username + "|" + server url): {"url": where it is}.

Changes are collected and written in batches; each call's document and its record always go
together in one atomic write, and a call changed here meanwhile (the TUI, another terminal) is
left for the next sync instead of being overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from calldiary.store import Diary

TABLE = "sync"
FLUSH_EVERY = 100
KEEP: Any = object()  # "leave this as it is"


def records(diary: Diary) -> dict[str, dict[str, Any]]:
    return diary.table(TABLE)


@dataclass
class _Item:
    key: str
    expected: Any  # the call document as it was read (None: no call), or KEEP for non-calls
    doc: Any  # the call document to write, None to delete, KEEP to leave
    record: Any  # the record to write, None to delete, KEEP to leave


@dataclass
class Pending:
    """Changes waiting to be written; `flush` writes them in one atomic write."""

    diary: Diary
    items: list[_Item] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)

    def call(self, call_id: str, expected: dict[str, Any] | None, doc: Any, record: Any) -> None:
        self.items.append(_Item(call_id, expected, doc, record))
        if len(self.items) >= FLUSH_EVERY:
            self.flush()

    def other(self, key: str, record: dict[str, Any] | None) -> None:
        self.items.append(_Item(key, KEEP, KEEP, record))

    def flush(self) -> None:
        if not self.items:
            return
        items, self.items = self.items, []

        def change(data: dict[str, Any]) -> bool:
            calls = data.setdefault("calls", {})
            table = data.setdefault(TABLE, {})
            wrote = False
            for item in items:
                if item.expected is not KEEP and calls.get(item.key) != item.expected:
                    self.skipped.add(item.key)  # changed here meanwhile: the next sync merges it
                    continue
                if item.doc is not KEEP:
                    if item.doc is None:
                        calls.pop(item.key, None)
                    else:
                        calls[item.key] = item.doc
                if item.record is not KEEP:
                    if item.record is None:
                        table.pop(item.key, None)
                    else:
                        table[item.key] = item.record
                wrote = True
            return wrote

        self.diary.transact(change)


def history(diary: Diary, call_id: str) -> list[dict[str, Any]]:
    """The values that lost a sync conflict for this call, oldest first."""
    record = diary.table(TABLE).get(call_id) or {}
    found: list[dict[str, Any]] = record.get("history", [])
    return found


def history_lines(diary: Diary, call_id: str) -> list[str]:
    """The call's sync history as lines for `calldiary show`: which value lost, where, when."""
    lines = []
    for loss in history(diary, call_id):
        where = "here" if loss.get("side") == "here" else "on the server"
        value = loss.get("value")
        shown = "(empty)" if value in ("", None) else repr(value) if isinstance(value, str) else str(value)
        lines.append(f"{loss.get('at', '?')}  {loss.get('field')}: {shown} ({where}) lost a sync conflict")
    return lines
