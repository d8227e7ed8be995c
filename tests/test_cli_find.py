"""The commands of issue 8: add's echo and "did you mean", show, edit, search, delete's guard,
contacts rename, mark --by, list's state."""

from __future__ import annotations

import json
import os
import subprocess

import orjson
import pytest

from calldiary.store import Diary
from tests.conftest import PYTHON, make_clock


def test_add_echoes_merges_variants_and_asks_about_close_names(run):
    code, out, err = run("add", "mon 10:15", "Dr. Brandt", "--prep", "20", "--turned-down", "Max")
    assert code == 0 and err == "calldiary: booked Mon 30 Nov 2026 10:15–10:45 with Dr. Brandt (they call)\n"
    short = out.strip()
    code, out, err = run("add", "tue 10:00", "dr  brandt")
    assert "with Dr. Brandt" in err and '"dr  brandt" is the same contact as "Dr. Brandt"' in err
    code, out, err = run("add", "wed 10:00", "Dr. Brand")
    assert code == 0 and 'did you mean "Dr. Brandt"?' in err and "calldiary edit" in err
    listed = json.loads(run("list", "--week", "2026-W49", "--json")[1])
    assert [c["contact"] for c in listed] == ["Dr. Brandt", "Dr. Brandt", "Dr. Brand"]
    first = next(c for c in listed if c["short_id"] == short)
    assert (first["prep_minutes"], first["turned_down"], first["state"]) == (20, "Max", "upcoming")


def test_add_warns_with_the_record_line(run):
    short = run("add", "2026-11-23 10:00", "Bob", "--prep", "10")[1].strip()
    run("mark", short, "no_show")
    err = run("add", "fri 10:00", "bob")[2]
    assert "calldiary: warning: Bob: ⊘ 1 no-show (last 23 Nov) · show rate 0% · 10 min prep lost" in err


def test_mark_no_show_by_and_list_states(run):
    theirs = run("add", "today 10:00", "Ann")[1].strip()
    mine = run("add", "today 11:00", "Bo", "--i-call")[1].strip()
    running = run("add", "today 14:45", "Cy")[1].strip()  # now is 15:00: in progress
    waiting = run("add", "today 12:00", "Dee")[1].strip()
    run("add", "tomorrow 9:00", "Eve")
    assert run("mark", theirs, "no_show")[1].endswith("(no-show by them)\n")
    assert run("mark", mine, "no_show")[1].endswith("(no-show by me)\n")
    assert run("mark", mine, "no_show", "--by", "them")[1].endswith("(no-show by them); was no-show (me)\n")
    states = {c["short_id"]: (c["state"], c["status"], c["no_show_by"]) for c in json.loads(run("list", "--json")[1])}
    assert states[theirs] == ("no_show", "no_show", "them")
    assert states[mine] == ("no_show", "no_show", "them")
    assert states[running] == ("in_progress", "planned", None)
    assert states[waiting] == ("needs_outcome", "planned", None)
    text = run("list")[1]
    assert "on now" in text and "no outcome" in text
    code, _, err = run("mark", theirs, "kept", "--by", "me")
    assert code == 1 and "--by goes only with" in err


def test_show_and_edit(run):
    short = run("add", "today 10:00", "Ann", "--topic", "Intro", "--prep", "5")[1].strip()
    run("mark", short, "no_show")
    code, out, _ = run("show", short)
    assert code == 0 and "no-show by:  them" in out and "prep:        5 min" in out
    assert "record:      ⊘ 1 no-show (last 26 Nov) · show rate 0% · 5 min prep lost" in out
    shown = json.loads(run("show", short, "--json")[1])
    assert shown["record"].startswith("⊘ 1 no-show") and shown["state"] == "no_show"
    code, out, err = run("edit", short, "--topic", "Intro call", "--prep", "25", "--turned-down", "gym")
    assert code == 0 and "Intro call" in out
    after = json.loads(run("show", short, "--json")[1])
    assert (after["topic"], after["prep_minutes"], after["turned_down"], after["minutes"]) == (
        "Intro call",
        25,
        "gym",
        30,
    )
    assert run("edit", short, "--when", "11:30", "--i-call")[0] == 0
    after = json.loads(run("show", short, "--json")[1])
    assert after["start"].startswith("2026-11-26T11:30") and after["direction"] == "i_call"
    for args, message in (
        (["--minutes", "0"], "1 to 1440"),
        (["--prep", "-1"], "0 to 1440"),
        (["--contact", "  "], "needs a contact"),
        (["--when", "someday"], ""),
        ([], "nothing to change"),
    ):
        code, _, err = run("edit", short, *args)
        assert code != 0 and err.count("\n") == 1 and message in err, (args, err)


def test_search(run):
    run("add", "2026-10-01 10:00", "Jürgen Müller", "--topic", "Pricing")
    newer = run("add", "2026-11-20 10:00", "Ann", "--notes", "about müller")[1].strip()
    code, out, _ = run("search", "muller")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 and lines[0].startswith(newer)
    found = json.loads(run("search", "MULLER", "pricing", "--json")[1])
    assert [c["contact"] for c in found] == ["Jürgen Müller"] and "state" in found[0]
    assert run("search", "zzz")[1] == "no calls match 'zzz'\n"


def test_delete_needs_four_characters_and_asks_on_a_terminal(run, db_path, cli_env):
    short = run("add", "today 10:00", "Ann")[1].strip()
    code, _, err = run("delete", short[:3])
    assert code == 2 and "at least 4 characters" in err
    assert len(Diary(db_path, make_clock())) == 1
    # on a terminal: asks, and "n" keeps the call
    script = f"import sys; sys.argv = ['calldiary', 'delete', '{short[:4]}']; from calldiary.cli import main; main()"
    answer = _on_a_terminal([PYTHON, "-c", script], "n\n", cli_env)
    assert "delete " in answer and "Ann" in answer and len(Diary(db_path, make_clock())) == 1
    assert run("delete", short[:4], "--yes")[1] == f"{short} deleted: Ann\n"
    assert len(Diary(db_path, make_clock())) == 0


def _on_a_terminal(argv: list[str], typed: str, env: dict[str, str]) -> str:
    """Run `argv` on a pseudo-terminal, type `typed`, return what it wrote."""
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execvpe(argv[0], argv, env)
    out = b""
    sent = False
    while True:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if not sent and b"?" in out:
            os.write(fd, typed.encode())
            sent = True
    os.waitpid(pid, 0)
    return out.decode(errors="replace")


def test_contacts_rename(run, db_path):
    run("add", "today 10:00", "Dr Brand")
    run("add", "today 11:00", "Dr. Brandt")
    run("drop", "Dr Brand", "--note", "late")
    code, out, _ = run("contacts", "rename", "dr brand", "Dr. Brandt")
    assert code == 0 and out == (
        "Dr Brand → Dr. Brandt: 1 call changed; merged with the contact Dr. Brandt already there, who is dropped\n"
    )
    rows = json.loads(run("contacts", "--json")[1])
    assert [(r["contact"], r["calls"], r["dropped"]) for r in rows] == [("Dr. Brandt", 2, True)]
    code, _, err = run("contacts", "rename", "Dr. Brandtt", "X")
    assert code == 1 and 'did you mean "Dr. Brandt"?' in err
    assert "late" in run("contacts")[1]
    # seen by hand: renaming onto a dropped contact merged the two without a word
    run("add", "today 12:00", "Ann Lee-Smith")
    run("add", "today 13:00", "Carla")
    run("drop", "Carla")
    out = run("contacts", "rename", "Ann Lee-Smith", "carla")[1]
    assert out == "Ann Lee-Smith → Carla: 1 call changed; merged with the contact Carla already there, who is dropped\n"
    assert run("contacts", "rename", "Carla", "Zoe")[1] == "Carla → Zoe: 2 calls changed\n"  # (no merge)


def test_schema_2_diary_is_migrated(tmp_path, run, db_path):
    call = {
        "id": "0b0e8a44-3c1f-4b7e-9a51-6c2d7f3e1a90",
        "contact": "Ann",
        "start": "2026-11-24T09:00:00Z",
        "tz": "Europe/Berlin",
        "minutes": 30,
        "direction": "i_call",
        "topic": "",
        "notes": "",
        "link": "",
        "status": "no_show",
        "cancelled_by": None,
        "reason": "",
        "outcome_at": "2026-11-24T10:00:00Z",
        "created": "2026-11-20T09:00:00Z",
        "updated": "2026-11-24T10:00:00Z",
    }
    old = {"meta": {"1": {"app": "calldiary", "schema": 2}}, "calls": {call["id"]: call}, "contacts": {}}
    db_path.write_bytes(orjson.dumps(old))
    found = json.loads(run("list", "--json")[1])[0]
    assert (found["prep_minutes"], found["turned_down"], found["no_show_by"]) == (0, "", "me")
    run("add", "today 12:00", "Bo")
    assert orjson.loads(db_path.read_bytes())["meta"]["1"]["schema"] == 3


@pytest.mark.parametrize("command", ["search", "show", "edit", "contacts"])
def test_new_commands_have_help(command, cli_env):
    shown = subprocess.run([PYTHON, "-m", "calldiary", command, "--help"], env=cli_env, capture_output=True, text=True)
    assert shown.returncode == 0 and f"Usage: calldiary {command}" in shown.stdout


@pytest.mark.parametrize("outcome", [None, "cancelled", "no-show"])
def test_show_aligns_every_label(run, outcome):
    code, out, _ = run("add", "2026-11-20 10:00", "Ann", "--notes", "", "--topic", "Pricing")
    short = out.strip()
    if outcome:
        assert run("mark", short, outcome, "--reason", "sick" if outcome == "cancelled" else "")[0] == 0
    code, out, _ = run("show", short)
    assert code == 0
    labelled = [line for line in out.splitlines() if ":" in line[:14] and not line.startswith(" ")]
    columns = {len(line) - len(line.split(":", 1)[1].lstrip()) for line in labelled}
    assert len(columns) == 1, out
    if outcome == "cancelled":
        assert "cancelled by: them" in out
