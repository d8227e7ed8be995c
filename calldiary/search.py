"""Finding any call: an incremental search over contact, topic, prep notes, phone/link,
cancellation reason and turned-down text, case- and accent-insensitive, newest first.

The folded text of every call is built once per diary version; each keystroke is then one
substring test per call (or per previous match, when the new query extends the last one).
No I/O, no Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from calldiary.contacts import fold

if TYPE_CHECKING:
    from calldiary.store import Diary

FIELDS = ("contact", "topic", "notes", "link", "reason", "turned_down")


def haystack(doc: dict[str, str]) -> str:
    """The searchable text of one call document, folded."""
    return fold("\x00".join(doc[name] for name in FIELDS))


def terms(query: str) -> list[str]:
    """The words of a query, folded: every one of them must match."""
    return fold(query).split()


class Finder:
    """Search one diary; `find(query)` returns matching call ids, latest start first."""

    def __init__(self, diary: Diary) -> None:
        self.diary = diary
        self._version = -1
        self._ids: list[str] = []
        self._texts: list[str] = []
        self._last: tuple[list[str], list[int]] | None = None  # (terms, positions) of the last answer

    def _fresh(self) -> None:
        version = self.diary.version
        if version == self._version:
            return
        docs = dict(zip(*self._all(), strict=True))
        self._ids = list(self.diary.ids_newest_first())
        self._texts = [docs[key] for key in self._ids]
        self._version = version
        self._last = None

    def _all(self) -> tuple[list[str], list[str]]:
        keys: list[str] = []
        texts: list[str] = []
        for doc in self.diary.docs():
            keys.append(doc["id"])
            texts.append(haystack(doc))
        return keys, texts

    def find(self, query: str, limit: int | None = None) -> list[str]:
        """Ids of the calls matching every word of `query`, newest first (at most `limit`)."""
        self._fresh()
        words = terms(query)
        if not words:
            self._last = None
            return []
        texts = self._texts
        candidates: range | list[int] = range(len(texts))
        if self._last is not None:
            before, positions = self._last
            # A query that only adds to the last one can only narrow its matches.
            if len(words) >= len(before) and all(b in w for w, b in zip(words, before, strict=False)):
                candidates = positions
        found = [i for i in candidates if all(w in texts[i] for w in words)]
        self._last = (words, found)
        chosen = found if limit is None else found[:limit]
        return [self._ids[i] for i in chosen]
