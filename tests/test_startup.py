"""Start-up: each command imports only what it needs, and the cheap ways of reading the diary
(whole-diary record check, the first query's scan) agree with the plain ones."""

from __future__ import annotations

import subprocess
import sys

import orjson
import pendulum
import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calldiary import paths
from calldiary.model import DOC_FIELDS, Call, Status, all_valid, to_doc
from calldiary.schema import record_problem
from calldiary.storage import SEAL_KEY, _seal_holds, seal
from calldiary.store import Diary
from tests.conftest import PYTHON, at

_AT = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
GOOD_CALL = to_doc(
    Call(
        id="0123abcd-0000-4000-8000-000000000000",
        contact="Ann",
        start=_AT,
        tz="Europe/Berlin",
        created=_AT,
        updated=_AT,
    )
)

HEAVY = ("click", "pendulum", "orjson", "tinydb", "dateutil", "platformdirs")


def _loaded_after(cli_env: dict[str, str], *argv: str) -> tuple[str, set[str]]:
    """Run the console script's main() with `argv`: (its stdout, the top-level modules it loaded)."""
    code = (
        "import sys\n"
        f"sys.argv = ['calldiary', *{list(argv)!r}]\n"
        "from calldiary.entry import main\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([PYTHON, "-c", code], env=cli_env, capture_output=True, text=True, check=True)
    return done.stdout, set(done.stderr.strip().splitlines()[-1].split())


def test_version_imports_nothing_heavy(cli_env):
    out, loaded = _loaded_after(cli_env, "--version")
    assert out == "calldiary, version 0.1.0\n"
    assert not {name.split(".")[0] for name in loaded} & set(HEAVY)
    shown = subprocess.run([PYTHON, "-m", "calldiary", "--version"], env=cli_env, capture_output=True, text=True)
    assert shown.stdout == out and shown.returncode == 0


def test_list_without_a_settings_file_imports_only_what_it_needs(cli_env, tmp_path, diary):
    diary.add(at(27, 9), "Ann Lee")
    cli_env = {**cli_env, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    out, loaded = _loaded_after(cli_env, "list")
    assert "Ann Lee" in out
    assert not loaded & {"tomllib", "secrets", "platformdirs", "filelock", "textual", "dateutil.parser._parser"}


def test_deferred_dateutil_parser_still_works_when_used(cli_env):
    """pendulum's fallback parser is loaded on first use, not at start."""
    code = (
        "import sys\n"
        "from calldiary.entry import defer_import\n"
        "defer_import('dateutil.parser')\n"
        "import pendulum\n"
        "assert 'dateutil.parser._parser' not in sys.modules\n"
        "print(pendulum.parse('27 Nov 2026 9:30', strict=False).isoformat())\n"
    )
    done = subprocess.run([PYTHON, "-c", code], env=cli_env, capture_output=True, text=True)
    assert done.stdout == "2026-11-27T09:30:00+00:00\n", done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rules are Linux's")
@pytest.mark.parametrize("xdg", [None, "/abs/where/", "relative/where", ""])
@pytest.mark.parametrize("home", ["/home/ann", "/home/ann/"])
def test_folders_are_platformdirs_ones(monkeypatch, xdg, home):
    monkeypatch.setenv("HOME", home)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, xdg)
    assert paths.user_dir("config", "X") == platformdirs.user_config_path("calldiary")
    assert paths.user_dir("data", "X") == platformdirs.user_data_path("calldiary")
    assert paths.user_dir("state", "X") == platformdirs.user_state_path("calldiary")


BROKEN_DOCS = {
    "wrong type": {"minutes": "30"},
    "bool as int": {"minutes": True},
    "too long": {"minutes": 24 * 60 + 1},
    "too short": {"minutes": 0},
    "unknown status": {"status": "maybe"},
    "unknown direction": {"direction": "sideways"},
    "unknown party": {"status": "cancelled", "cancelled_by": "nobody"},
    "short start": {"start": "2026-11-26T09:00Z"},
    "start without Z": {"start": "2026-11-26T09:00:00+01"},
    "not a real day": {"start": "2026-02-30T09:00:00Z"},
    "not a real hour": {"updated": "2026-11-26T24:00:00Z"},
    "out of range": {"created": "3001-01-01T00:00:00Z"},
    "bad outcome time": {"status": "kept", "outcome_at": "yesterday"},
    "unknown zone": {"tz": "Mars/Olympus"},
    "broken text": {"notes": "half a \ud83d pair"},
    "unknown no-show party": {"status": "no_show", "no_show_by": "nobody"},
    "too much prep": {"prep_minutes": 24 * 60 + 1},
    "negative prep": {"prep_minutes": -1},
    "broken refusal text": {"turned_down": "\ud83d"},
    "misfiled": {"id": "ffff0000-0000-4000-8000-00000000000f"},
}


@pytest.mark.parametrize("name", BROKEN_DOCS)
def test_whole_diary_check_finds_what_the_record_check_finds(name):
    good = {**GOOD_CALL, "id": "ffff0000-0000-4000-8000-000000000000"}
    broken = {**GOOD_CALL, **BROKEN_DOCS[name]}
    docs = {good["id"]: good, GOOD_CALL["id"]: broken}
    assert all_valid({good["id"]: good})
    assert record_problem(GOOD_CALL["id"], broken) is not None
    assert not all_valid(docs)


@pytest.mark.parametrize("name", ["missing field", "not an object"])
def test_whole_diary_check_refuses_a_record_without_its_fields(name):
    broken = [1] if name == "not an object" else {k: v for k, v in GOOD_CALL.items() if k != "topic"}
    assert not all_valid({GOOD_CALL["id"]: broken})


def test_whole_diary_check_accepts_good_records_in_any_field_order_and_with_more_fields():
    shuffled = dict(reversed(list(GOOD_CALL.items())))
    extra = {**GOOD_CALL, "id": "ffff0000-0000-4000-8000-000000000000", "later_field": 1, "notes": "Zoë ✓"}
    assert all_valid(
        {
            GOOD_CALL["id"]: shuffled,
            extra["id"]: extra,
        }
    )
    assert all_valid({})


def test_documents_are_written_in_the_order_of_their_fields(diary):
    """(The whole-diary check is fastest when they are; a new field goes in both places.)"""
    assert tuple(to_doc(diary.add(at(27, 9), "Ann"))) == tuple(DOC_FIELDS)


def test_first_query_scans_and_later_ones_use_the_index_with_the_same_answers(db_path, clock):
    writer = Diary(db_path, clock)
    for day, hour in [(23, 9), (27, 16), (25, 12), (30, 8), (22, 23), (29, 23)]:
        writer.add(at(day, hour), f"C{day}")
    reader = Diary(db_path, clock)
    week = reader.week(at(26, 12).date())  # the scan
    again = reader.week(at(26, 12).date())  # the index
    assert [c.contact for c in week] == [c.contact for c in again] == ["C23", "C25", "C27", "C29"]
    moved = reader.edit(week[0].id, start=at(28, 7))
    assert [c.contact for c in reader.week(at(26, 12).date())] == ["C25", "C27", "C23", "C29"]
    assert moved.contact == "C23" and len(reader) == 6


def test_the_writer_seals_the_file_and_the_seal_is_never_a_table(db_path, clock):
    diary = Diary(db_path, clock)
    diary.add(at(27, 9), "Ann")
    raw = db_path.read_bytes()
    assert _seal_holds(raw) and raw.endswith(b"}}")
    parsed = orjson.loads(raw)
    assert set(parsed[SEAL_KEY]) == {"crc32", "meta", "calls"}  # the layout: see calldiary.seal
    assert SEAL_KEY not in Diary(db_path, clock)._storage.read()
    assert SEAL_KEY not in Diary(db_path, clock)._db.tables()


def test_a_sealed_file_changed_by_hand_is_checked_record_by_record_again(db_path, clock):
    diary = Diary(db_path, clock)
    call = diary.add(at(27, 9), "Ann")
    kept = diary.add(at(27, 11), "Bob")
    data = orjson.loads(db_path.read_bytes())
    data["calls"][call.id]["minutes"] = "thirty"  # the seal stays in the file, now stale
    db_path.write_bytes(orjson.dumps(data))
    assert not _seal_holds(db_path.read_bytes())
    reread = Diary(db_path, clock)
    assert [c.id for c in reread.week(at(26, 12).date())] == [kept.id]  # the broken one is set aside


def test_a_seal_vouches_for_the_records_it_covers(db_path, clock):
    """What the seal means: the bytes are the writer's, whose records passed the checks."""
    Diary(db_path, clock).add(at(27, 9), "Ann")
    data = orjson.loads(db_path.read_bytes())
    del data[SEAL_KEY]
    [doc] = data["calls"].values()
    doc["tz"] = "Not/A_Zone"  # (a check the writer makes: this never comes from calldiary)
    db_path.write_bytes(seal(orjson.dumps(data)))
    assert [c.tz for c in Diary(db_path, clock).week(at(26, 12).date())] == ["Not/A_Zone"]
    db_path.write_bytes(orjson.dumps(data))  # the same without a seal: checked, set aside
    assert Diary(db_path, clock).week(at(26, 12).date()) == []


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 21 * 24), st.sampled_from(list(Status))), max_size=25),
    st.integers(0, 21 * 24),
    st.integers(0, 2),
)
def test_next_planned_from_the_first_scan_is_the_answer_of_the_index(calls, after_hours, week):
    """The first frame's next_planned is answered from the week's scan when it can be."""
    import tempfile
    from pathlib import Path

    from tests.conftest import make_clock

    clock = make_clock()
    first = pendulum.datetime(2026, 11, 16, tz="Europe/Berlin")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.json"
        writer = Diary(path, clock)
        for hours, status in calls:
            call = writer.add(first.add(hours=hours), "Ann")
            if status is not Status.PLANNED:
                writer._put(to_doc(call), {**to_doc(call), "status": status.value}, "set")  # any status, any time
        after = first.add(hours=after_hours)
        scanned = Diary(path, clock)
        week_calls = scanned.week(first.add(weeks=week).date())
        assert scanned.week(first.add(weeks=week).date()) == week_calls  # the repeat is the same
        indexed = Diary(path, clock)
        indexed._index  # noqa: B018 (built first: no scan)
        assert scanned.next_planned(after) == indexed.next_planned(after)
        assert indexed.week(first.add(weeks=week).date()) == week_calls
