"""`calldiary list`'s fast path (calldiary.fastlist) prints byte for byte what the CLI prints, and
hands anything unusual back to the CLI. Every comparison runs both as real processes on a real
diary file: the console script's entry (fast path first) and the CLI's main (never the fast path)."""

from __future__ import annotations

import os
import subprocess
import zlib
from datetime import date, timedelta
from pathlib import Path

import orjson
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calldiary import fastlist
from calldiary.clock import Clock, zone
from calldiary.model import Call, Direction, Party, Status
from calldiary.schema import new_diary
from calldiary.seal import seal_of
from calldiary.store import Diary
from tests.conftest import PYTHON

TEXT_ANY = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)

ROOT = str(Path(__file__).resolve().parents[1])
FAST = "import sys\nsys.argv[0] = 'calldiary'\nfrom calldiary.entry import main\nmain()\n"
CLI = "import sys\nsys.argv[0] = 'calldiary'\nfrom calldiary.cli import main\nmain()\n"
NOW = "2026-11-26T15:00:00+01:00"


def _env(folder: Path, db: Path, now: str = NOW, tz: str = "Europe/Berlin") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CALLDIARY_DB=str(db),
        CALLDIARY_NOW=now,
        CALLDIARY_TZ=tz,
        XDG_CONFIG_HOME=str(folder / "config"),  # no settings file
        PYTHONPATH=ROOT,
        PYTHONIOENCODING="utf-8",
    )
    return env


def same(env: dict[str, str], *args: str, answered: bool = True) -> str:
    """Run `calldiary ARGS` both ways; they print the same (stdout, stderr, status). `answered`:
    whether the fast path answers it (else it hands it to the CLI)."""
    fast = subprocess.run([PYTHON, "-c", FAST, *args], env=env, capture_output=True, timeout=120)
    slow = subprocess.run([PYTHON, "-c", CLI, *args], env=env, capture_output=True, timeout=120)
    assert (fast.stdout.decode(), fast.stderr.decode(), fast.returncode) == (
        slow.stdout.decode(),
        slow.stderr.decode(),
        slow.returncode,
    )
    assert (fastlist.lines(list(args), env) is not None) is answered
    return fast.stdout.decode()


def _call(n: int, start: pendulum.DateTime, **fields: object) -> Call:
    created = pendulum.datetime(2026, 1, 1, tz="UTC")
    return Call(
        id=fields.pop("id", f"{n:08x}-0000-4000-8000-000000000000"),
        contact=fields.pop("contact", f"Contact {n}"),
        start=start.in_tz("UTC"),
        tz="Europe/Berlin",
        created=created,
        updated=created,
        **fields,
    )


def _write(db: Path, calls: list[Call], tz: str = "Europe/Berlin", now: str = NOW) -> Diary:
    clock = Clock(zone(tz), pendulum.parse(now).in_tz(tz))
    diary = Diary(db, clock)
    diary.import_calls(calls)
    return diary


BERLIN = "Europe/Berlin"


def _berlin(day: int, hour: int, minute: int = 0, month: int = 11) -> pendulum.DateTime:
    return pendulum.datetime(2026, month, day, hour, minute, tz=BERLIN)


def test_a_week_with_every_state_and_status_prints_the_same(tmp_path):
    db = tmp_path / "diary.json"
    outcome = pendulum.datetime(2026, 11, 25, 12, tz="UTC")
    calls = [
        _call(1, _berlin(23, 0, 0)),  # the week's first instant
        _call(2, _berlin(29, 23, 59), topic="late"),  # its last minute
        _call(3, _berlin(22, 23, 59)),  # the week before
        _call(4, _berlin(30, 0, 0)),  # the week after
        _call(5, _berlin(26, 14, 45), minutes=30),  # on now
        _call(6, _berlin(26, 9), direction=Direction.I_CALL),  # no outcome
        _call(7, _berlin(27, 9), topic="Pricing — Q1"),  # planned
        _call(8, _berlin(24, 9), status=Status.KEPT, outcome_at=outcome),
        _call(9, _berlin(24, 10), status=Status.CANCELLED, cancelled_by=Party.ME, reason="ill", outcome_at=outcome),
        _call(10, _berlin(24, 11), status=Status.CANCELLED, cancelled_by=Party.THEM, outcome_at=outcome),
        _call(11, _berlin(25, 9), status=Status.NO_SHOW, no_show_by=Party.THEM, outcome_at=outcome),
        _call(12, _berlin(25, 10), status=Status.NO_SHOW, no_show_by=Party.ME, outcome_at=outcome),
        _call(
            13,
            _berlin(25, 11),
            status=Status.NO_SHOW,
            no_show_by=Party.ME,
            direction=Direction.I_CALL,
            outcome_at=outcome,
        ),
        _call(14, _berlin(28, 8), contact="Ann \x1b[31mred\u202e Lee\tX", topic='a},"b":{"c\\'),
        _call(15, _berlin(28, 8), contact="Zoë 東京 👩‍👩‍👧", topic=":{"),  # same start: by id
        _call(16, _berlin(26, 15, 0), minutes=1440),
    ]
    diary = _write(db, calls)
    assert len(diary) == len(calls)
    env = _env(tmp_path, db)
    out = same(env, "list")
    assert out.count("\n") == 14 and "on now" in out and "no-show (me)" in out
    assert same(env, "list", "--week") == out
    assert same(env, "list", "--week", "2026-W48") == out
    assert same(env, "--db", str(db), "list", "--week=2026-w48") == out
    assert same(env, "list", "--db", str(db)) == out
    assert "no calls from Mon 7 Dec to Sun 13 Dec 2026" in same(env, "list", "--week", "2026-W50")
    assert "Contact 4" in same(env, "list", "--week", "2026-W49")
    same(env, "list", "--week", "2026-W47")


@pytest.mark.parametrize(
    ("tz", "week", "days"),
    [
        ("Europe/Berlin", "2026-W13", [(3, 29, 1, 30), (3, 29, 3, 0), (3, 28, 23, 30), (3, 29, 23, 59)]),
        ("Europe/Berlin", "2026-W43", [(10, 25, 1, 30), (10, 25, 2, 30), (10, 25, 3, 0), (10, 19, 0, 0)]),
        ("America/New_York", "2026-W44", [(11, 1, 1, 30), (11, 1, 0, 59), (10, 26, 0, 0), (11, 1, 23, 0)]),
        ("Asia/Kolkata", "2026-W48", [(11, 23, 0, 0), (11, 29, 23, 59), (11, 26, 5, 29)]),
        ("Pacific/Chatham", "2026-W14", [(4, 5, 2, 45), (4, 5, 3, 45), (3, 30, 0, 0)]),
        ("Australia/Lord_Howe", "2026-W14", [(4, 5, 1, 45), (4, 5, 1, 15), (4, 5, 2, 0)]),
        ("UTC", "2026-W48", [(11, 23, 0, 0), (11, 29, 23, 59)]),
    ],
)
def test_weeks_with_a_dst_change_and_odd_zones_print_the_same(tmp_path, tz, week, days):
    db = tmp_path / "diary.json"
    calls = []
    for n, (month, day, hour, minute) in enumerate(days):
        start = pendulum.datetime(2026, month, day, hour, minute, tz=tz)
        calls += [_call(n, start, minutes=90), _call(n + 100, start.add(minutes=20), minutes=5)]
    _write(db, calls, tz)
    env = _env(tmp_path, db, tz=tz)
    out = same(env, "list", "--week", week)
    assert out.count("\n") == len(_week_ids(db, tz, NOW, week)) >= len(days)
    if week == "2026-W43":  # 90 min from the first 01:30: through the repeated hour
        assert "01:30 CEST–02:00 CET" in out


def test_a_week_starting_at_a_midnight_a_dst_change_skips_is_left_to_the_cli(tmp_path):
    db = tmp_path / "diary.json"
    tz = "Asia/Tehran"  # clocks went from 00:00 to 01:00 on Monday 22 March 2010
    _write(
        db, [_call(1, pendulum.datetime(2010, 3, 23, 9, tz=tz)), _call(2, pendulum.datetime(2010, 3, 22, 1, tz=tz))], tz
    )
    env = _env(tmp_path, db, tz=tz)
    assert "Tue 23 Mar" in same(env, "list", "--week", "2010-W12", answered=False)
    same(env, "list", "--week", "2010-W11", answered=False)  # its end
    same(env, "list", "--week", "2010-W13")


def _sealed_diary(tmp_path: Path) -> Path:
    db = tmp_path / "diary.json"
    _write(db, [_call(1, _berlin(27, 9)), _call(2, _berlin(27, 10), topic="x")])
    return db


@pytest.mark.parametrize(
    "args", [["list", "--json"], ["list", "--from", "mon", "--to", "fri"], ["list", "--week", "2026-W60"], ["lis"]]
)
def test_other_command_lines_are_left_to_the_cli(tmp_path, args):
    db = _sealed_diary(tmp_path)
    same(_env(tmp_path, db), *args, answered=False)


def test_a_file_not_sealed_with_its_layout_is_left_to_the_cli(tmp_path):
    db = _sealed_diary(tmp_path)
    env = _env(tmp_path, db)
    out = same(env, "list")
    data = orjson.loads(db.read_bytes())
    seal = data.pop("seal")
    assert set(seal) == {"crc32", "meta", "calls"}
    db.write_bytes(orjson.dumps(data))  # no seal: written by something else
    assert same(env, "list", answered=False) == out
    first = orjson.dumps(data)  # a seal of the first version: no layout
    db.write_bytes(b'%s,"seal":{"crc32":%d}}' % (first[:-1], zlib.crc32(first)))
    assert seal_of(db.read_bytes()) == {"crc32": zlib.crc32(first)}
    assert same(env, "list", answered=False) == out


def test_a_byte_changed_by_hand_is_left_to_the_cli(tmp_path):
    db = _sealed_diary(tmp_path)
    env = _env(tmp_path, db)
    raw = db.read_bytes()
    db.write_bytes(raw.replace(b'"topic":"x"', b'"topic":"y"'))
    assert seal_of(db.read_bytes()) is None
    assert "— y" in same(env, "list", answered=False)
    db.write_bytes(raw.replace(b'"minutes":30', b'"minutes":"thirty"', 1))  # a broken record
    assert "warning" in same_err(env)


def same_err(env: dict[str, str]) -> str:
    fast = subprocess.run([PYTHON, "-c", FAST, "list"], env=env, capture_output=True, text=True, timeout=120)
    slow = subprocess.run([PYTHON, "-c", CLI, "list"], env=env, capture_output=True, text=True, timeout=120)
    assert (fast.stdout, fast.stderr, fast.returncode) == (slow.stdout, slow.stderr, slow.returncode)
    assert fastlist.lines(["list"], env) is None
    return fast.stderr


def test_broken_records_set_aside_are_left_to_the_cli(tmp_path):
    db = _sealed_diary(tmp_path)
    env = _env(tmp_path, db)
    data = orjson.loads(db.read_bytes())
    del data["seal"]
    data["calls"]["bad"] = {"id": "bad"}
    db.write_bytes(orjson.dumps(data))
    Diary(db, Clock(zone(BERLIN), pendulum.parse(NOW))).add(_berlin(27, 11), "Cy")  # sealed; "bad" set aside
    assert "calls" not in (seal_of(db.read_bytes()) or {})
    assert "broken call record" in same_err(env)


def test_an_old_schema_or_no_file_are_left_to_the_cli(tmp_path):
    db = _sealed_diary(tmp_path)
    env = _env(tmp_path, db)
    out = same(env, "list")
    data = orjson.loads(db.read_bytes())
    del data["seal"]
    data["meta"]["1"]["schema"] = 2
    for doc in data["calls"].values():
        del doc["prep_minutes"], doc["turned_down"], doc["no_show_by"]
    db.write_bytes(orjson.dumps(data))
    assert same(env, "list", answered=False) == out
    same(env, "list", "--db", str(tmp_path / "none.json"), answered=False)


SETTINGS_READ = [
    'week_start = "sunday"\n',
    'week_start = "Sat"\ntimezone = "America/New_York"\n',
    'timezone = "utc"\ndefault_minutes = 45\nremind_before = [30, 10]\nnotify_command = "~/bin/push"\n',
    (
        'theme = "nord"\nask_outcome_after = 0\nlate_cancellation_hours = 48\nrepeat_window_days = 30\n'
        'default_direction = "i_call"\n'
        '[caldav]\nurl = "https://dav.example.com/"\nusername = "ann"\npassword_command = "pass dav"\nwatch = ["W"]\n'
    ),
    "",
]
SETTINGS_REFUSED = [
    'week_start = "someday"\n',
    'timezone = "Mars/Olympus"\n',
    "colour = 1\n",
    "week_start = \n",
    '[caldav]\nurl = "ftp://x"\n',
    '[caldav]\nurl = "https://x/"\nwatch_pattern = "("\n',
    "remind_before = [2000]\n",
    "#" * (1024 * 1024 + 1),
]


@pytest.mark.parametrize(
    "text",
    [pytest.param(text, id=f"read-{n}") for n, text in enumerate(SETTINGS_READ)]
    + [pytest.param(text, id=f"refused-{n}") for n, text in enumerate(SETTINGS_REFUSED)],
)
@pytest.mark.parametrize("week", [None, "2026-W48"])
def test_a_settings_file_is_read_as_the_cli_reads_it(tmp_path, text, week):
    """The fast path reads week_start and timezone from a settings file the CLI accepts, and gives
    any file the CLI refuses (it says why) back to the CLI: both print the same."""
    db = _sealed_diary(tmp_path)
    settings = tmp_path / "config" / "calldiary" / "config.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(text)
    env = {**_env(tmp_path, db), "CALLDIARY_TZ": "", "TZ": "Europe/Berlin"}
    args = ["list"] if week is None else ["list", "--week", week]
    out = same(env, *args, answered=text in SETTINGS_READ)
    if text in SETTINGS_READ:
        assert "Contact 1" in out
    else:
        assert out == ""


def test_the_week_start_and_zone_of_the_settings_change_the_week_listed(tmp_path):
    """On Sunday 29 Nov, a Sunday-first week starts today (Monday-first: last Monday)."""
    db = tmp_path / "diary.json"
    _write(db, [_call(1, _berlin(24, 9)), _call(2, _berlin(29, 10)), _call(3, _berlin(30, 10))])
    env = {**_env(tmp_path, db, now="2026-11-29T12:00:00+01:00"), "CALLDIARY_TZ": ""}
    settings = tmp_path / "config" / "calldiary" / "config.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('timezone = "Europe/Berlin"\n')
    monday_first = same(env, "list")
    settings.write_text('timezone = "Europe/Berlin"\nweek_start = "sunday"\n')
    sunday_first = same(env, "list")
    assert ("Tue 24 Nov" in monday_first, "Mon 30 Nov" in monday_first) == (True, False)
    assert ("Tue 24 Nov" in sunday_first, "Mon 30 Nov" in sunday_first) == (False, True)
    settings.write_text('timezone = "Pacific/Kiritimati"\n')  # UTC+14: now is Monday 01:00 there
    assert "Mon 30 Nov 23:00–23:30" in same(env, "list")  # (10:00 in Berlin)


def test_meta_is_the_header_the_current_schema_writes():
    assert orjson.dumps(new_diary()["meta"]) == fastlist.META


def test_the_fast_path_loads_nothing_heavy(tmp_path):
    db = _sealed_diary(tmp_path)
    code = FAST + "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    done = subprocess.run([PYTHON, "-c", code, "list"], env=_env(tmp_path, db), capture_output=True, text=True)
    loaded = {name.split(".")[0] for name in done.stderr.split()}
    assert "Contact 1" in done.stdout
    assert not loaded & {"click", "pendulum", "orjson", "tinydb", "dateutil", "filelock"}


def _imported(command: list[str], env: dict[str, str]) -> set[str]:
    """The modules `command` imports (python -X importtime's report)."""
    report = subprocess.run(command, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, capture_output=True, text=True)
    assert report.returncode == 0, report.stderr
    return {line.rpartition("|")[2].strip() for line in report.stderr.splitlines() if line.startswith("import time:")}


def test_the_installed_command_answers_list_without_re_json_or_typing(tmp_path):
    """The installed `calldiary` (bin/calldiary, as pip installs it) imports, beyond what Python's
    own start loads, neither `re` (the console script pip would generate imports it) nor `json`
    (whose Python part needs `re`) nor anything of the CLI: those cost more than the week itself."""
    command = Path(PYTHON).parent / "calldiary"
    assert command.read_text().startswith("#!") and "import re" not in command.read_text()
    db = _sealed_diary(tmp_path)
    env = {**_env(tmp_path, db), "PYTHONPATH": ""}
    shown = subprocess.run([str(command), "list"], env=env, capture_output=True, text=True)
    assert shown.stdout == same(_env(tmp_path, db), "list") and "Contact 1" in shown.stdout
    extra = _imported([str(command), "list"], env) - _imported([PYTHON, "-c", "pass"], env)
    assert extra and not extra & {"re", "json", "json.decoder", "typing", "tomllib", "click", "pendulum", "orjson"}


@pytest.mark.parametrize(
    "text", ['{"a":1', '{"a" 1}', '{"a":"x\ny"}', '{"a":NaN}', '{"a":-Infinity}', "", " {}", '{"a":1,}', "{'a':1}"]
)
def test_the_seal_scanner_refuses_what_json_refuses_with_a_value_error(text):
    """calldiary.seal.scan (the C scanner without `import json`) in a fresh process: anything json
    refuses is a ValueError (never a SystemError), and what it takes, it reads as json does."""
    code = (
        "import sys\nfrom calldiary.seal import scan\n"
        "try:\n    print(repr(scan(sys.argv[1])))\nexcept ValueError:\n    print('refused')\n"
        "assert 'json' not in sys.modules\n"
    )
    done = subprocess.run([PYTHON, "-c", code, text], env={**os.environ, "PYTHONPATH": ROOT}, capture_output=True)
    assert done.returncode == 0 and done.stdout.decode().strip() == "refused", done.stderr


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-(2**63), 2**64 - 1)
        | st.floats(allow_nan=False, allow_infinity=False)
        | TEXT_ANY,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT_ANY, inner, max_size=3),
        max_leaves=8,
    )
)
def test_the_seal_scanner_reads_what_orjson_writes_as_json_does(value):
    import json

    from calldiary.seal import scan

    text = orjson.dumps(value).decode()
    assert scan(text) == (json.loads(text), len(text))


ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", "Pacific/Apia"]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def diaries(draw: st.DrawFn) -> tuple[str, str, list[Call], str | None]:
    tz = draw(st.sampled_from(ZONES))
    now = pendulum.datetime(2026, 3, 20, tz=tz).add(minutes=draw(st.integers(0, 60 * 24 * 250)))
    calls = []
    for n in range(draw(st.integers(0, 14))):
        start = now.add(minutes=draw(st.integers(-60 * 24 * 9, 60 * 24 * 9)))
        status = draw(st.sampled_from(list(Status)))
        by = draw(st.sampled_from([Party.ME, Party.THEM]))
        fields: dict[str, object] = {
            "minutes": draw(st.integers(1, 1440)),
            "direction": draw(st.sampled_from(list(Direction))),
            "topic": draw(TEXT),
            "contact": draw(TEXT.filter(lambda text: text.strip())),
            "status": status,
        }
        if status is not Status.PLANNED:
            fields["outcome_at"] = now.in_tz("UTC")
        if status is Status.CANCELLED:
            fields["cancelled_by"] = by
        if status is Status.NO_SHOW:
            fields["no_show_by"] = by
        if draw(st.booleans()):
            fields["id"] = f"{draw(st.integers(0, 3)):08x}-{n:04x}-4000-8000-000000000000"
        calls.append(_call(n, start, **fields))
    week = draw(st.one_of(st.none(), st.sampled_from(["2026-W12", "2026-W13", "2026-W44", "2026-W45", "2026-W48"])))
    return tz, now.isoformat(), calls, week


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(diaries())
def test_generated_diaries_print_the_same(tmp_path, drawn):
    tz, now, calls, week = drawn
    db = tmp_path / f"{abs(hash((tz, now, len(calls))))}.json"
    db.unlink(missing_ok=True)
    _write(db, calls, tz, now)
    args = ["list"] if week is None else ["list", "--week", week]
    out = same(_env(tmp_path, db, now, tz), *args, answered=bool(calls))  # (no calls: no file written)
    assert out.count("\n") == max(1, len(_week_ids(db, tz, now, week)))


def _week_ids(db: Path, tz: str, now: str, week: str | None) -> list[str]:
    clock = Clock(zone(tz), pendulum.parse(now).in_tz(tz))
    day = date.fromisocalendar(int(week[:4]), int(week[6:]), 1) if week else clock.today()
    first = clock.week_first(day)
    return [c.id for c in Diary(db, clock).between(clock.day_start(first), clock.day_start(first + timedelta(days=7)))]


@given(st.text(max_size=20) | st.text(st.characters(max_codepoint=0x7F), max_size=20))
def test_plain_text_skips_the_printable_patterns_with_the_same_result(text):
    from calldiary.text import printable

    assert fastlist._printable(text) == printable(text)


def test_a_diary_given_as_a_pipe_is_read_by_the_cli_alone(tmp_path):
    db = _sealed_diary(tmp_path)
    env = _env(tmp_path, db)
    expected = same(env, "list")
    fast = subprocess.run(
        [PYTHON, "-c", FAST, "--db", "/dev/stdin", "list"], env=env, input=db.read_bytes(), capture_output=True
    )
    assert fast.stdout.decode() == expected and fast.returncode == 0


def test_the_seal_says_plain_exactly_when_the_diary_is(tmp_path):
    """The writer keeps track of plainness across one-call changes; it always agrees with a pass
    over the whole diary (schema.plain)."""
    from calldiary.schema import plain

    db = tmp_path / "diary.json"
    diary = Diary(db, Clock(zone(BERLIN), pendulum.parse(NOW)))

    def agrees() -> None:
        data = orjson.loads(db.read_bytes())
        seal = data.pop("seal")
        assert ("calls" in seal) is plain(data)

    call = diary.add(_berlin(24, 9), "Ann")
    agrees()
    diary.mark(call.id, Status.KEPT)
    agrees()

    def extra(data: dict) -> bool:
        data["calls"][call.id]["x"] = {"nested": [1]}
        return True

    diary.transact(extra)
    agrees()
    assert "calls" not in orjson.loads(db.read_bytes())["seal"]
    other = diary.add(_berlin(25, 9), "Bob")  # one plain change: the diary stays not plain
    agrees()
    diary.edit(call.id, topic="t")  # (TinyDB updates in place: the extra field stays)
    agrees()
    diary.delete(call.id)
    agrees()
    assert "calls" in orjson.loads(db.read_bytes())["seal"]
    diary.mark(other.id, Status.KEPT)
    diary.undo()
    agrees()
