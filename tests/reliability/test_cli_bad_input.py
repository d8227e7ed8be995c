"""A new user's mistakes on the command line: one clear line each, never a traceback, never a
hang, and the files as they were."""

from __future__ import annotations

import os

import pytest

from calldiary.store import Diary
from tests.conftest import at, make_clock


def _one_line(code: int, err: str) -> None:
    assert code != 0 and err.count("\n") == 1 and err.startswith("calldiary: error: "), err
    assert "Traceback" not in err


def test_a_settings_file_that_is_a_folder(proc, tmp_path):
    folder = tmp_path / "settings"
    folder.mkdir()
    code, _, err = proc("list", env={"CALLDIARY_CONFIG": str(folder)})
    _one_line(code, err)
    assert "settings: can't read the settings: Is a directory" in err
    # /dev/null is an empty settings file: the defaults
    assert proc("list", env={"CALLDIARY_CONFIG": os.devnull})[0] == 0


def test_search_without_text_is_a_usage_error(proc):
    for args in (["search", ""], ["search", "  ", " "]):
        code, _, err = proc(*args)
        _one_line(code, err)
        assert "give some text to search for" in err and code == 2


def test_rename_to_an_empty_name_says_so_without_guessing(proc, db_path):
    proc("add", "today 10:00", "Ann Lee")
    before = db_path.read_bytes()
    code, _, err = proc("contacts", "rename", "Ann Lee", "  ")
    _one_line(code, err)
    assert "a contact needs a name" in err and "did you mean" not in err
    code, _, err = proc("contacts", "rename", "Ann Le", "Bo")
    assert "no contact called 'Ann Le'; did you mean \"Ann Lee\"?" in err
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    "args,message",
    [
        (["--bogus"], "No such option '--bogus'"),
        (["frobnicate"], "No such command 'frobnicate'"),
        (["add", "someday", "Ann"], "can't read 'someday' as a date and time"),
        (["add", "2026-03-29 02:30", "Ann"], "does not exist in Europe/Berlin"),
        (["add", "tomorrow 10:00", "  "], "a call needs a contact name"),
        (["list", "--week", "2026-W99"], "2026 has 53 weeks; W99 is not one of them"),
        (["list", "--week", "2026-W5x"], "'2026-W5x' is not an ISO week"),
        (["list", "--from", "tomorrow", "--to", "today"], "--to must come after --from"),
        (["mark", "zzzz", "kept"], "'zzzz' is not a call id"),
        (["mark", "1234", "nope"], "unknown status 'nope'"),
        (["show", "abcd"], "no call with id abcd"),
        (["edit", "abcd", "--minutes", "0"], "no call with id abcd"),
        (["delete", "12"], "type at least 4 characters of the id"),
        (["drop", "Nobody"], "no contact called 'Nobody'"),
        (["export"], "which format?"),
        (["export", "--format", "xml"], "'xml' is not one of"),
        (["remind"], "use either --once or --watch"),
        (["sync"], "no [caldav] settings"),
    ],
)
def test_bad_input_is_one_line(proc, db_path, args, message):
    proc("add", "today 10:00", "Ann")
    before = db_path.read_bytes()
    code, _, err = proc(*args)
    _one_line(code, err)
    assert message in err
    assert db_path.read_bytes() == before


def test_an_ambiguous_id_lists_the_candidates(proc, db_path):
    diary = Diary(db_path, make_clock())
    for n in range(3):
        diary.add(at(24, 10 + n), f"P{n}", call_id=f"abc{n}0000-0000-4000-8000-00000000000{n}")
    before = db_path.read_bytes()
    code, _, err = proc("mark", "abc", "kept")
    _one_line(code, err)
    assert "id abc is ambiguous (abc00000, abc10000, abc20000); type more of it" in err
    code, out, _ = proc("mark", "abc1", "kept")
    assert code == 0 and out.startswith("abc10000 marked kept")
    assert db_path.read_bytes() != before


@pytest.mark.parametrize("content", [b"garbage{", b"", b'{"a": 1}', b"[1, 2]"])
def test_a_broken_diary_is_named_and_never_overwritten(proc, db_path, content):
    db_path.write_bytes(content)
    for args in (["list"], ["add", "today 10:00", "Ann"], ["drop", "Ann", "--new"], ["export", "--format", "json"]):
        code, _, err = proc(*args)
        _one_line(code, err)
        assert "diary.json: " in err and "not a calldiary diary" in err
    assert db_path.read_bytes() == content


def test_a_diary_that_is_a_folder(proc, tmp_path):
    folder = tmp_path / "diaries"
    folder.mkdir()
    for env_db in ({"CALLDIARY_DB": str(folder)}, None):
        args = ["add", "today 10:00", "Ann"] if env_db else ["--db", str(folder), "add", "today 10:00", "Ann"]
        code, _, err = proc(*args, env=env_db)
        _one_line(code, err)
        assert "diaries" in err and ("is a folder" in err or "is a directory" in err)
    assert list(folder.iterdir()) == []


def test_an_export_onto_the_diary_itself_is_refused(proc, db_path, tmp_path):
    proc("add", "today 10:00", "Ann")
    before = db_path.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(db_path)
    for target in (db_path, link, tmp_path / "." / "diary.json"):
        code, _, err = proc("export", "-o", str(target))
        _one_line(code, err)
        assert "that is the diary itself; export to another file" in err
    assert db_path.read_bytes() == before
    assert proc("export", "-o", str(tmp_path / "backup.json"))[0] == 0


def test_drop_without_a_name(proc):
    for name in ("", "  ", "..."):
        code, _, err = proc("drop", name, "--new")
        _one_line(code, err)
        assert "which contact? give their name" in err
