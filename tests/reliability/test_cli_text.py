"""Items 10, 14, 15 and 18: every CLI message is one printable line; invisible characters show."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from wcwidth import wcswidth

from calldiary.model import Status
from calldiary.store import Diary
from tests.conftest import make_clock
from tests.reliability.conftest import ROOT

ESC = "\x1b"
OSC52 = f"{ESC}]52;c;ZWNobyBoaQ==\x07"


def _one_clean_line(err):
    assert err.count("\n") == 1 and err.startswith("calldiary: error: "), err
    assert ESC not in err and "\x07" not in err and "Traceback" not in err


def test_file_names_db_paths_and_ics_lines_never_reach_the_terminal_raw(proc, tmp_path):
    code, _, err = proc("import", str(tmp_path / f"calls{OSC52}.json"))
    assert code == 1
    _one_clean_line(err)
    assert "\\x1b]52" in err
    code, _, err = proc("--db", str(tmp_path / f"no{ESC}[2Jdir" / "x" / "diary.json"), "list", env={})
    assert code in (0, 1) and ESC not in err and ESC not in _
    broken = tmp_path / "broken.ics"
    broken.write_text(f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:{OSC52}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    code, _, err = proc("import", str(broken))
    assert code == 1
    _one_clean_line(err)


def test_click_messages_show_control_characters_and_fit_one_line(proc):
    code, _, err = proc(f"frob{ESC}]0;title\x07")
    assert code == 2
    _one_clean_line(err)
    assert "\\x1b]0;title\\x07" in err
    code, out, err = proc("export")
    assert code == 2 and out == ""
    _one_clean_line(err)
    assert "--format ics, csv or json" in err


def test_non_utf8_arguments_are_one_line(proc):
    code, _, err = proc(b"add", b"today 10:00", b"Ann \xff\xfe")
    assert code == 2
    _one_clean_line(err)
    assert "not valid UTF-8" in err


def test_a_config_nested_100000_deep_is_one_line(proc, tmp_path):
    (tmp_path / "config.toml").write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    code, _, err = proc("list")
    assert code == 1
    _one_clean_line(err)
    assert "nest far too deep" in err


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_an_empty_or_relative_home_is_one_line(proc, tmp_path, home):
    code, _, err = proc("add", "today 10:00", "Ann", env={"HOME": home, "CALLDIARY_DB": "~/diary.json"})
    assert code == 1
    _one_clean_line(err)
    assert "can't find your home folder" in err and "CALLDIARY_DB" in err
    assert not (tmp_path / home / "diary.json").exists() and not (tmp_path / "diary.json").exists()


def test_no_home_at_all_is_no_traceback():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CALLDIARY_", "XDG_")) and k != "HOME"}
    env.update(PYTHONPATH=str(ROOT), CALLDIARY_NOW="2026-11-26T15:00:00+01:00")
    done = subprocess.run([sys.executable, "-m", "calldiary", "list"], env=env, capture_output=True, text=True)
    assert "Traceback" not in done.stderr and done.returncode in (0, 1), done.stderr
    assert done.stderr.count("\n") <= 1


def test_bidi_controls_and_zero_width_characters_show_visibly(proc, db_path):
    proc("add", "today 10:00", "Ann\u202eeil\u200b")
    code, out, _ = proc("list")
    assert "Ann\\u202eeil\\u200b" in out and "\u202e" not in out
    code, out, _ = proc("contacts")
    assert code == 0 and "\\u202e" in out


def test_contacts_columns_line_up_in_cells(proc, db_path):
    diary = Diary(db_path, make_clock())
    for name in ("Ame\u0301lie", "😀 Bob", "日本語の名前", "Zoe"):
        call = diary.add(make_clock().now().subtract(hours=3), name)
        diary.mark(call.id, Status.KEPT)
    code, out, _ = proc("contacts")
    assert code == 0
    header, *rows = out.splitlines()
    column_end = wcswidth(header[: header.index("calls") + len("calls")])
    for row in rows:
        # The calls count (1) is right-aligned under "calls": it ends in the same cell.
        assert wcswidth(row[: row.index(" 1 ") + 2]) == column_end, (row, out)
