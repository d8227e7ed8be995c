"""Long prep notes from the CLI: --notes-file FILE (- reads standard input). --notes takes a note
as one argument, which the system refuses past ~128 KiB (a walkthrough found no other way than the
TUI's editor). A note over the diary's limit (1 MB as stored) is one clear line, and nothing changes."""

from __future__ import annotations

import orjson

from calldiary.notes_limit import MAX_NOTES_BYTES
from calldiary.store import Diary
from tests.conftest import make_clock


def _notes(db_path) -> dict[str, str]:
    return {call.contact: call.notes for call in Diary(db_path, make_clock()).all()}


def test_a_long_note_from_a_file_or_from_standard_input(proc, db_path, tmp_path):
    note = "\n".join(f"line {n}: figures to check, \u200b questions" for n in range(20_000))  # ~900 KB
    path = tmp_path / "note.txt"
    path.write_text(note + "\n", encoding="utf-8")
    code, _, err = proc("add", "fri 13:00", "Ann", "--notes-file", str(path))
    assert code == 0, err
    assert _notes(db_path)["Ann"] == note  # (the final line break dropped, as everywhere)
    code, _, err = proc("add", "fri 15:00", "Bob")
    assert code == 0, err
    [bob] = [c for c in Diary(db_path, make_clock()).all() if c.contact == "Bob"]
    code, _, err = proc("edit", bob.short_id, "--notes-file", "-", stdin=("from stdin\n" + note).encode())
    assert code == 0, err
    assert _notes(db_path)["Bob"] == "from stdin\n" + note


def test_notes_twice_an_unreadable_file_or_non_utf8_is_one_line_and_changes_nothing(proc, db_path, tmp_path):
    assert proc("add", "fri 13:00", "Ann")[0] == 0
    before = db_path.read_bytes()
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    cases = [
        (["add", "fri 14:00", "Bob", "--notes", "x", "--notes-file", str(bad)], "give one of them"),
        (["add", "fri 14:00", "Bob", "--notes-file", str(tmp_path / "missing.txt")], "can't read the notes file"),
        (["add", "fri 14:00", "Bob", "--notes-file", str(bad)], "is not UTF-8 text (byte 3)"),
        (["add", "fri 14:00", "Bob", "--notes-file", str(tmp_path)], "can't read the notes file"),
    ]
    for args, message in cases:
        code, _, err = proc(*args)
        assert code != 0 and message in err, (args, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert db_path.read_bytes() == before
    assert [doc["contact"] for doc in orjson.loads(before)["calls"].values()] == ["Ann"]


def test_a_note_over_the_limit_is_one_line_and_changes_nothing(proc, db_path, tmp_path):
    assert proc("add", "fri 13:00", "Ann")[0] == 0
    [ann] = Diary(db_path, make_clock()).all()
    before = db_path.read_bytes()
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as file:
        file.truncate(2**30)  # sparse, 1 GiB: refused from its size, never read
    over = tmp_path / "over.txt"
    over.write_text("x" * (MAX_NOTES_BYTES + 1), encoding="utf-8")
    lines = tmp_path / "lines.txt"  # under the limit as a file, over it as stored (each line break: \\n)
    lines.write_text("ab\n" * (MAX_NOTES_BYTES // 3), encoding="utf-8")
    cases = [
        (
            ["add", "fri 14:00", "Bob", "--notes-file", str(huge)],
            None,
            f"has 1,073,741,824 bytes; prep notes can take up to {MAX_NOTES_BYTES:,}",
        ),
        (["edit", ann.short_id, "--notes-file", str(over)], None, f"has {MAX_NOTES_BYTES + 1:,} bytes"),
        (
            ["edit", ann.short_id, "--notes-file", "-"],
            b"y" * (MAX_NOTES_BYTES + 5),
            f"standard input has more than {MAX_NOTES_BYTES:,} bytes",
        ),
        (
            ["edit", ann.short_id, "--notes-file", str(lines)],
            None,
            f"prep notes can take up to {MAX_NOTES_BYTES:,} bytes (about 300 pages); these take 1,333,330",
        ),  # (the last line break dropped)
    ]
    for args, stdin, message in cases:
        code, _, err = proc(*args, stdin=stdin) if stdin is not None else proc(*args)
        assert code != 0 and message in err, (args[:3], err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert db_path.read_bytes() == before
