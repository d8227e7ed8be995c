"""A one-call change re-serializes that call only (calldiary.image): the file it writes is byte for
byte the one serializing the whole diary gives, through every kind of change."""

from __future__ import annotations

import contextlib
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from calldiary.clock import Clock
from calldiary.errors import CallDiaryError
from calldiary.image import Dumps, splice_call
from calldiary.model import Call, Direction, Party, Status, new_id
from calldiary.schema import plain
from calldiary.seal import SEAL_KEY, seal_of, sealed
from calldiary.store import Diary
from tests.conftest import at, make_clock

DOCS = st.dictionaries(
    st.text(min_size=1, max_size=6),
    st.dictionaries(
        st.sampled_from(["a", "b", "c", "\"'", ":{"]), st.text(max_size=8) | st.integers(-(2**63), 2**63 - 1)
    ),
    max_size=6,
)


@given(DOCS, st.data())
def test_splicing_one_member_gives_what_serializing_the_whole_gives(docs, data):
    """Change, remove or add one member of an object: the spliced bytes equal orjson's."""
    before = dict(docs)
    key = data.draw(st.sampled_from([*before, "new", 'a":{']) if before else st.just("new"))
    after = dict(before)
    change = data.draw(st.sampled_from(["change", "remove"]) if key in before else st.just("add"))
    if change == "remove":
        del after[key]
    else:
        after[key] = data.draw(DOCS)
    old = [orjson.dumps(before[key])] if key in before else None
    new = [orjson.dumps(after[key])] if key in after else None
    last = key in after and list(after)[-1] == key
    for body in (orjson.dumps(before), bytearray(orjson.dumps(before))):
        assert splice_call(body, orjson.dumps(key), old, new, last) == orjson.dumps(after)


def test_a_body_that_does_not_hold_the_old_document_is_not_spliced():
    body = orjson.dumps({"x": {"a": 1}, "y": {"a": 'x":{"a":1}'}})
    assert splice_call(body, b'"x"', [b'{"a":2}'], [b'{"a":3}'], False) is None
    assert splice_call(body, b'"z"', None, [b'{"a":3}'], False) is None  # a new member comes last
    # the old bytes inside a string are not a member
    assert splice_call(orjson.dumps({"y": {"a": '"x":{"a":1}'}}), b'"x"', [b'{"a":1}'], None, False) is None
    assert splice_call(b"", b'"x"', None, [b"{}"], True) is None
    # the parts must stand one after the other: the same bytes in another order are not the member
    assert splice_call(orjson.dumps({"x": {"a": "bc"}}), b'"x"', [b'"bc"}', b'{"a":'], [b"{}"], False) is None


def test_a_long_document_is_spliced_in_place_of_its_old_bytes():
    note = "\n".join(f"line {n}" for n in range(200_000))
    before = {"a": {"notes": "short"}, "b": {"notes": note, "topic": "x"}, "c": {"notes": ""}}
    after = {**before, "b": {"notes": note, "topic": "y"}}
    dumps = Dumps()
    old, new = dumps.doc(before["b"]), dumps.doc(after["b"])
    assert len(old) == 3 and old[1] is new[1]  # the note apart, serialized once
    assert splice_call(orjson.dumps(before), b'"b"', old, new, False) == orjson.dumps(after)


VALUES = st.text(max_size=12) | st.integers(-5, 5) | st.none() | st.lists(st.text(max_size=3), max_size=2)
CALL_DOCS = st.dictionaries(st.sampled_from(["id", "notes", "topic", 'a"b', "é"]), VALUES, max_size=5)


@given(st.lists(CALL_DOCS, min_size=1, max_size=6), st.integers(1, 6), st.integers(0, 40))
def test_a_document_in_parts_is_what_orjson_gives_whatever_is_kept(docs, long, keep):
    """Any document, any threshold for 'long', any room to keep them: the parts joined are
    orjson's bytes; short parts sit at the even places, long values at the odd ones; a value
    met again (the same object) comes back as the very bytes kept for it while kept."""
    dumps = Dumps(long=long, keep=keep)
    for doc in docs + docs:
        parts = dumps.doc(doc)
        assert b"".join(parts) == orjson.dumps(doc)
        longs = [value for value in doc.values() if type(value) is str and len(value) >= long]
        assert len(parts) == 2 * len(longs) + 1
        assert parts[1::2] == [orjson.dumps(value) for value in longs]
    again = dumps.doc(docs[-1])
    assert again[1::2] == dumps.doc(docs[-1])[1::2]


def test_a_long_value_is_serialized_once_while_its_object_lives():
    dumps = Dumps(long=4, keep=100)
    note = "".join(["a\nb"] * 10)  # (made at run time: an object of its own)
    first = dumps.doc({"notes": note, "topic": "x"})
    second = dumps.doc({"notes": note, "topic": "y"})
    assert first[1] is second[1]
    equal = "".join(["a\nb"] * 10)  # equal text, another object: serialized again, the same bytes
    assert dumps.doc({"notes": equal})[1] == first[1] and dumps.doc({"notes": equal})[1] is not first[1]
    small = Dumps(long=4, keep=10)  # room for less than one: still right, kept only while newest
    assert b"".join(small.doc({"notes": note})) == orjson.dumps({"notes": note})
    assert b"".join(small.doc({"notes": equal, "x": note})) == orjson.dumps({"notes": equal, "x": note})


@given(CALL_DOCS, CALL_DOCS, st.data())
def test_splicing_a_document_in_parts_gives_what_serializing_the_whole_gives(doc, changed, data):
    """A document with long values changed (its long values kept, changed, added or dropped):
    spliced in parts, the body is orjson's; with the same long objects only the short parts
    between them change."""
    dumps = Dumps(long=3)
    key = "k"
    before = {"a": {"x": 1}, key: doc, "z": {"notes": "zzzz"}}
    after_doc = {**changed, **{name: value for name, value in doc.items() if data.draw(st.booleans())}}
    after = {**before, key: after_doc}
    old, new = dumps.doc(doc), dumps.doc(after_doc)
    for body in (orjson.dumps(before), bytearray(orjson.dumps(before))):
        assert splice_call(body, b'"k"', old, new, False) == orjson.dumps(after)
    gone = {"a": {"x": 1}, "z": before["z"]}
    assert splice_call(orjson.dumps(before), b'"k"', old, None, False) == orjson.dumps(gone)


def _whole(path: Path) -> bytes:
    """The file the writer makes when it serializes every table (no splice)."""
    data = orjson.loads(path.read_bytes())
    data.pop(SEAL_KEY)
    return b"".join(sealed(data.items(), orjson.dumps, plain(data))[0])


def _check(path: Path, diary: Diary, clock: Clock) -> None:
    raw = path.read_bytes()
    assert seal_of(raw) is not None
    assert raw == _whole(path)
    again = Diary(path, clock)
    assert {doc["id"]: doc for doc in again.docs()} == {doc["id"]: doc for doc in diary.docs()}


def test_every_kind_of_one_call_change_writes_the_whole_file_right(db_path, clock):
    diary = Diary(db_path, clock)
    first = diary.add(at(26, 9), "Ann", topic='say "hi":{"x"}')
    _check(db_path, diary, clock)
    second = diary.add(at(26, 10), "Bob")  # an add after a write: spliced in last
    _check(db_path, diary, clock)
    diary.mark(first.id, Status.KEPT)
    _check(db_path, diary, clock)
    diary.mark(second.id, Status.NO_SHOW)
    diary.edit(second.id, no_show_by=Party.ME)
    diary.edit(first.id, start=at(27, 9), notes="a\nb", direction=Direction.I_CALL)
    _check(db_path, diary, clock)
    diary.delete(first.id)  # the first member goes
    _check(db_path, diary, clock)
    diary.undo()  # back, as the last member
    _check(db_path, diary, clock)
    diary.set_dropped("Bob", True, "gone")  # another table: everything serialized again
    diary.delete(second.id)
    _check(db_path, diary, clock)
    diary.delete(first.id)  # the only member
    _check(db_path, diary, clock)
    assert len(Diary(db_path, clock)) == 0


OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "kept", "no_show", "cancel", "planned", "edit", "move", "delete", "undo", "redo"]),
        st.integers(0, 50),
        st.text(max_size=5),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(OPS)
def test_any_sequence_of_changes_writes_the_file_the_whole_serialization_gives(tmp_path_factory, ops):
    path = tmp_path_factory.mktemp("image") / "diary.json"
    clock = make_clock()
    diary = Diary(path, clock)
    diary.add(at(20, 9), "Start")
    for op, n, text in ops:
        ids = [doc["id"] for doc in diary.docs()]
        call_id = ids[n % len(ids)] if ids else None
        with contextlib.suppress(CallDiaryError):  # a refusal (bad text) changes nothing
            if op == "add" or call_id is None:
                diary.add(at(1 + n % 25, 8 + n % 10), text.strip() or "X", notes=text)
            elif op in ("kept", "no_show", "planned"):
                diary.mark(call_id, Status(op))
            elif op == "cancel":
                diary.mark(call_id, Status.CANCELLED, by=Party.ME if n % 2 else Party.THEM, reason=text)
            elif op == "edit":
                diary.edit(call_id, topic=text, contact=text.strip() or "Y")
            elif op == "move":
                diary.edit(call_id, start=at(1 + n % 25, 7))
            elif op == "delete":
                diary.delete(call_id)
            elif op == "undo" and diary.can_undo():
                diary.undo()
            elif op == "redo" and diary.can_redo():
                diary.redo()
        assert path.read_bytes() == _whole(path)
    _check(path, diary, clock)


def test_a_big_diary_is_sealed_and_checked_with_its_crc_computed_beside_the_work(db_path, clock):
    """Beyond 1 MB the CRC runs in a second thread while the file is written or parsed: the file
    is the same, the seal holds, and a file changed by a byte is still checked record by record."""
    created = at(1, 9)
    calls = [
        Call(
            new_id(), f"Contact {n % 40}", at(1 + n % 25, 8 + n % 9), "Europe/Berlin", created, created, notes="x" * 300
        )
        for n in range(3000)
    ]
    Diary(db_path, clock).import_calls(calls)  # one write of everything
    assert db_path.stat().st_size > 1 << 20
    _check(db_path, Diary(db_path, clock), clock)
    diary = Diary(db_path, clock)  # read: the CRC checked beside the parse
    diary.mark(calls[5].id, Status.KEPT)  # the whole file written again (nothing kept from a write yet)
    diary.mark(calls[2999].id, Status.KEPT)  # one call spliced in
    _check(db_path, diary, clock)
    raw = db_path.read_bytes()
    at_minutes = raw.index(b'"minutes":30,')
    db_path.write_bytes(raw[:at_minutes] + b'"minutes":-3,' + raw[at_minutes + len(b'"minutes":30,') :])
    assert seal_of(db_path.read_bytes()) is None
    assert len(Diary(db_path, clock).broken()) == 1  # the seal no longer vouches: every record checked


def test_changes_to_a_call_with_a_long_note_write_the_whole_file_right(db_path, clock):
    """A note past Dumps' threshold (kept serialized between writes): topic edits, marks, a new
    note, undo and redo, another call's change: each file is the whole serialization's."""
    note = "\n".join(f'line {n}: "quoted" ,"x":{{' for n in range(4000))  # ~100 KB
    diary = Diary(db_path, clock)
    other = diary.add(at(26, 9), "Ann")
    long = diary.add(at(26, 10), "Bob", notes=note)
    diary.add(at(26, 11), "Cy")
    _check(db_path, diary, clock)
    for n in range(3):
        diary.edit(long.id, topic=f"topic {n}")
        _check(db_path, diary, clock)
    diary.mark(long.id, Status.CANCELLED, by=Party.THEM, reason="ill")
    diary.edit(other.id, notes=note)  # the same text in another call
    _check(db_path, diary, clock)
    diary.edit(long.id, notes=note + "\nmore")
    _check(db_path, diary, clock)
    diary.undo()
    diary.undo()
    _check(db_path, diary, clock)
    diary.redo()
    diary.delete(long.id)
    _check(db_path, diary, clock)
    assert Diary(db_path, clock).get(other.id).notes == note
