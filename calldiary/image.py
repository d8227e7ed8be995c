"""The bytes of the diary as last written, table by table, so a one-call change re-serializes one
call instead of the whole diary.

At 100k calls, serializing the whole diary (orjson.dumps, ~0.12 s) is the biggest part of a
status change. The writer keeps each table's serialized value (its "body") from its last write;
when the next write changes one call document and nothing else, the calls body is the old one with
that call's bytes replaced (or removed, or appended): `splice_call`. The result is byte for byte
what serializing the whole diary gives, because orjson's output of a dict is the concatenation of
its members' output in the dict's order and a changed document keeps its place (a new one comes
last, as in the dict). Anything unexpected (the old bytes not found where they must be) says so,
and the writer serializes everything as before.

A call holding a long note (200,000 lines, 12 MB) made each change to it cost two serializations
of the note (the document before, to find it, and after; ~25 ms each) and three copies of it.
`Dumps` keeps the serialized form of long string values from one write to the next, keyed by the
very str object (a change of the topic keeps the note's object), and gives a document as its
parts: the long values' bytes apart, never joined. The splice compares the parts where they stand
and, when the long values are the same objects, rewrites only the short parts between them: the
note is serialized once, when it changes, and neither copied nor moved to a new buffer.

No I/O, no Textual.
"""

from __future__ import annotations

import operator
from typing import Any

import orjson

Body = bytes | bytearray

# A string value at least this long is kept serialized (see Dumps).
LONG = 1 << 16
# What Dumps keeps at most (the serialized bytes of the long values, in all).
KEPT_BYTES = 64 << 20


Parts = list[bytes]


class Dumps:
    """orjson.dumps of a document (a dict with str keys), byte for byte, as parts: short parts
    at the even places, long str values' serialized form at the odd ones (kept for the next
    documents holding the same objects). A document without long values is one part."""

    def __init__(self, long: int = LONG, keep: int = KEPT_BYTES) -> None:
        self.long, self.keep = long, keep
        # id(value) -> (value, its serialized bytes); the value is held, so its id stays its own.
        # In order of last use (the oldest first, dropped beyond KEPT_BYTES).
        self._kept: dict[int, tuple[str, bytes]] = {}
        self._size = 0

    def doc(self, doc: Any) -> Parts:
        long = self.long
        if type(doc) is not dict or not any(type(value) is str and len(value) >= long for value in doc.values()):
            return [orjson.dumps(doc)]
        if not all(type(key) is str for key in doc):
            return [orjson.dumps(doc)]  # (orjson's own error, as for the whole)
        parts: Parts = []
        short: list[bytes] = []
        for key, value in doc.items():
            short.append(b"," if short or parts else b"{")
            short.append(orjson.dumps(key))
            short.append(b":")
            if type(value) is str and len(value) >= long:
                parts += [b"".join(short), self._long(value)]
                short = []
            else:
                short.append(orjson.dumps(value))
        short.append(b"}")
        parts.append(b"".join(short))
        return parts

    def _long(self, value: str) -> bytes:
        kept = self._kept.pop(id(value), None)
        if kept is None or kept[0] is not value:
            if kept is not None:
                self._size -= len(kept[1])
            kept = (value, orjson.dumps(value))
            self._size += len(kept[1])
        self._kept[id(value)] = kept  # (now the newest)
        while self._size > self.keep and len(self._kept) > 1:
            oldest = next(iter(self._kept))
            self._size -= len(self._kept.pop(oldest)[1])
        return kept[1]

    def clear(self) -> None:
        self._kept.clear()
        self._size = 0


def splice_call(body: Body, key: bytes, old: Parts | None, new: Parts | None, last: bool) -> bytearray | None:
    """The calls body `body` (a JSON object of call documents, compact) with the member `key`
    (the call id, serialized) changed from `old` to `new` (serialized documents as `Dumps`
    gives them, in parts; None: absent).
    `last`: the member is the object's last one (where a new member goes). None when `body`
    does not hold what `old` says (then nothing can be spliced); `body` itself is left as it was
    unless it is a bytearray (changed in place and returned: no copy of the whole)."""
    if len(body) < 2 or body[0:1] != b"{" or body[-1:] != b"}":
        return None
    out = body if isinstance(body, bytearray) else None
    if old is None:
        if new is None or not last:  # (a new member is the dict's last; it was absent before)
            return None
        out = out if out is not None else bytearray(body)
        out[-1:-1] = b"".join([b"," if len(out) > 2 else b"", key, b":", *new])
        return out
    # The key is looked for, not the whole member: a search for a 12 MB member (a call with a
    # long note) took 50 ms; the key is found in a few and the member's bytes then compared
    # where they stand (no copy of them is made).
    # From the end: calls booked lately, the ones changed most, are there. A member starts after
    # "{" or ","; the key's bytes can also sit inside a string or a nested document (after '\"'
    # in a value, or as a field's name), so a place that is not the member is passed over and
    # the search goes on before it.
    found = _member(body, key + b":", old)
    if found is None:
        return None
    at, places = found
    end = places[-1]
    out = out if out is not None else bytearray(body)
    if new is not None:
        same = len(new) == len(old) and all(map(operator.is_, old[1::2], new[1::2]))
        if same:
            # The same long values: only the short parts around them change, the last first
            # (so the places before it hold).
            for n in range(len(old) - 1, -1, -2):
                if old[n] != new[n]:
                    out[places[n] : places[n + 1]] = new[n]
        else:
            out[places[0] : end] = b"".join(new)
    elif out[at - 1 : at] == b",":
        del out[at - 1 : end]  # ,"id":{...}
    elif out[end : end + 1] == b",":
        del out[at : end + 1]  # "id":{...}, (the first member)
    else:
        del out[at:end]  # the only member
    return out


def _member(body: Body, head: bytes, parts: Parts) -> tuple[int, list[int]] | None:
    """Where the member `head` + `parts` starts in `body`, and where each of its parts does."""
    at = len(body)
    while True:
        at = body.rfind(head, 0, at)
        if at < 1:
            return None
        places = _places(body, at + len(head), parts) if body[at - 1 : at] in (b"{", b",") else None
        if places is not None and body[places[-1] : places[-1] + 1] in (b",", b"}"):
            return at, places


def _places(body: Body, at: int, parts: Parts) -> list[int] | None:
    """Where each of `parts` starts in `body` when they stand there one after the other from
    `at`, and where the last ends; None when they do not."""
    places = [at]
    for part in parts:
        if not body.startswith(part, at):
            return None
        at += len(part)
        places.append(at)
    return places
