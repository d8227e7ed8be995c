"""Finding any call: an incremental search over contact, topic, prep notes, phone/link,
cancellation reason and turned-down text, case- and accent-insensitive, newest first.

The folded text of every call is built once per diary version; each keystroke is then one
substring test per call (or per previous match, when the new query extends the last one).
No I/O, no Textual.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from calldiary.contacts import fold
from calldiary.model import Call, from_doc

if TYPE_CHECKING:
    from calldiary.store import Diary

FIELDS = ("contact", "topic", "notes", "link", "reason", "turned_down")
LONG = 10_000  # notes at least this long keep their folded text between diary versions


def haystack(doc: dict[str, str]) -> str:
    """The searchable text of one call document, folded, on one line."""
    return fold("\x00".join(doc[name] for name in FIELDS)).replace("\n", " ")


def terms(query: str) -> list[str]:
    """The words of a query, folded: every one of them must match."""
    return fold(query).split()


class Finder:
    """Search one diary; `find(query)` returns matching call ids, latest start first."""

    def __init__(self, diary: Diary) -> None:
        self.diary = diary
        self._version = -1
        self._ids: list[str] = []
        self._docs: dict[str, dict[str, Any]] = {}
        self._texts: list[str] = []
        self._last: tuple[list[str], list[int]] | None = None  # (terms, positions) of the last answer
        self._big = ""  # every text, newest first, one a line: scanned at C speed by str.find
        self._starts: list[int] = []  # where each text starts in _big
        self._long: dict[str, tuple[tuple[str, ...], str]] = {}  # id -> (its fields, folded), long notes

    def _fresh(self) -> None:
        """Fold every call's text again when the diary changed (the search screen does it as it
        opens, so the keystrokes that follow only scan)."""
        version = self.diary.version
        if version == self._version:
            return
        docs = {doc["id"]: doc for doc in self.diary.docs()}
        self._docs = docs
        self._ids = list(self.diary.ids_newest_first())
        self._texts = [self._folded(docs[key]) for key in self._ids]
        self._long = {key: kept for key, kept in self._long.items() if key in docs}
        self._big = "\n".join(self._texts)
        self._starts = list(accumulate((len(text) + 1 for text in self._texts[:-1]), initial=0))
        self._version = version
        self._last = None
        # Plain strings and lists, free of cycles: keep the collector from walking them again.
        gc.freeze()

    def _folded(self, doc: dict[str, Any]) -> str:
        """haystack(doc), reused while a long text's fields are the very same strings: folding a
        long accented note takes seconds, and most diary changes leave it as it was."""
        if len(doc["notes"]) < LONG:
            return haystack(doc)
        fields = tuple(doc[name] for name in FIELDS)
        kept = self._long.get(doc["id"])
        if kept is None or any(old is not new for old, new in zip(kept[0], fields, strict=True)):
            kept = (fields, haystack(doc))
            self._long[doc["id"]] = kept
        return kept[1]

    def calls(self, ids: list[str]) -> list[Call]:
        """The calls of `ids` (as found by the last search of this diary version)."""
        self._fresh()
        return [from_doc(self._docs[key]) for key in ids if key in self._docs]

    def first(self, query: str, limit: int) -> tuple[list[str], bool]:
        """The newest `limit` matches of `query`, and whether there are more: what a screen
        lists on each keystroke. The first word is found by str.find over all the texts at
        once, so a keystroke costs one scan of the text plus the matches listed."""
        self._fresh()
        words = terms(query)
        if not words:
            return [], False
        big, starts, texts = self._big, self._starts, self._texts
        head, rest = max(words, key=len), words
        found: list[int] = []
        pos = big.find(head)
        while pos != -1:
            index = bisect_right(starts, pos) - 1
            text = texts[index]
            if all(word in text for word in rest):
                if len(found) == limit:
                    return [self._ids[i] for i in found], True
                found.append(index)
            if index + 1 >= len(starts):
                break
            pos = big.find(head, starts[index + 1])
        return [self._ids[i] for i in found], False

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
        found = list(candidates)
        for word in words:  # one plain comprehension per word: no per-call generator
            found = [i for i in found if word in texts[i]]
        self._last = (words, found)
        chosen = found if limit is None else found[:limit]
        return [self._ids[i] for i in chosen]
