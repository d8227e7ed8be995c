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

No I/O, no Textual.
"""

from __future__ import annotations

Body = bytes | bytearray


def splice_call(body: Body, key: bytes, old: bytes | None, new: bytes | None, last: bool) -> bytearray | None:
    """The calls body `body` (a JSON object of call documents, compact) with the member `key`
    (the call id, serialized) changed from `old` to `new` (serialized documents; None: absent).
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
        out[-1:-1] = (b"," if len(out) > 2 else b"") + key + b":" + new
        return out
    member = key + b":" + old
    # The key is looked for, not the whole member: a search for a 12 MB member (a call with a
    # long note) took 50 ms; the key is found in a few and the member's bytes then compared.
    # From the end: calls booked lately, the ones changed most, are there. A member starts after
    # "{" or ","; the key's bytes can also sit inside a string or a nested document (after '\"'
    # in a value, or as a field's name), so a place that is not the member is passed over and
    # the search goes on before it.
    head = key + b":"
    at = len(body)
    while True:
        at = body.rfind(head, 0, at)
        if at < 1:
            return None
        end = at + len(member)
        if body[at - 1 : at] in (b"{", b",") and body.startswith(member, at) and body[end : end + 1] in (b",", b"}"):
            break
    out = out if out is not None else bytearray(body)
    if new is not None:
        out[at + len(key) + 1 : end] = new
    elif out[at - 1 : at] == b",":
        del out[at - 1 : end]  # ,"id":{...}
    elif out[end : end + 1] == b",":
        del out[at : end + 1]  # "id":{...}, (the first member)
    else:
        del out[at:end]  # the only member
    return out
