"""Import and export: real-world-shaped samples, round trips, all-or-nothing, settings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from calldiary.config import SettingsError, load
from calldiary.model import Direction, Party, Status
from calldiary.store import Diary
from tests.conftest import BERLIN, NOW, make_clock

SAMPLES = Path(__file__).with_name("samples")


def calls(db_path):
    diary = Diary(db_path, make_clock())
    return {c.contact: c for c in diary.between(NOW.subtract(years=2), NOW.add(years=2))}


def local(call, fmt="YYYY-MM-DD HH:mm"):
    return call.start.in_tz(BERLIN).format(fmt)


def test_google_export(run, db_path):
    code, out, err = run("import", str(SAMPLES / "google.ics"))
    assert code == 0, err
    assert (
        out == "google.ics: 5 added, 0 updated, 0 skipped (unchanged); 3 made from recurring events; "
        "1 all-day event skipped\n"
    )
    found = calls(db_path)
    ann = found["Ann Lee"]
    assert (local(ann), ann.minutes, ann.topic, ann.notes) == (
        "2026-11-27 13:00",
        45,
        "Pricing",
        "Read their pricing page first.",
    )
    assert ann.link == "https://meet.google.com/abc-defg-hij" and ann.direction is Direction.THEY_CALL
    chen = found["Chen Wei"]
    assert (chen.status, chen.cancelled_by, chen.topic) == (Status.CANCELLED, Party.THEM, "Intro")
    diary = Diary(db_path, make_clock())
    bob = [c for c in diary.between(NOW.subtract(years=1), NOW.add(years=1)) if c.contact == "Bob Ortiz"]
    assert [local(c) for c in bob] == ["2026-11-30 09:00", "2026-12-14 09:00", "2026-12-21 09:00"]  # EXDATE 7 Dec
    assert {c.topic for c in bob} == {"weekly check-in"} and len({c.id for c in bob}) == 3


def test_the_same_file_twice_adds_nothing_and_a_changed_event_updates(run, db_path, tmp_path):
    run("import", str(SAMPLES / "google.ics"))
    before = db_path.read_bytes()
    _, out, _ = run("import", str(SAMPLES / "google.ics"))
    assert out.startswith("google.ics: 0 added, 0 updated, 5 skipped (unchanged)")
    assert db_path.read_bytes() == before  # nothing to write, nothing written
    changed = tmp_path / "google.ics"
    changed.write_text((SAMPLES / "google.ics").read_text().replace("Pricing", "Pricing and terms"))
    assert run("import", str(changed))[1].startswith("google.ics: 0 added, 1 updated, 4 skipped")
    assert calls(db_path)["Ann Lee"].topic == "Pricing and terms"


def test_outlook_export_with_its_own_time_zones(run, db_path):
    code, _, err = run("import", str(SAMPLES / "outlook.ics"))
    assert code == 0, err
    found = calls(db_path)
    tom = found["Tom Becker"]
    assert (local(tom), tom.minutes, tom.tz, tom.link) == ("2026-12-01 10:00", 30, "Europe/Berlin", "+49 30 1234567")
    assert tom.notes == "Dial-in: +49 30 1234567\nAgenda: renewal terms"
    summer = found["Summer time call"]  # 27 Mar 2026 is before the change: 17:00 CET
    assert (local(summer), summer.minutes) == ("2026-03-27 17:00", 60)
    island = found["Island client"]  # +05:30 from the file's own VTIMEZONE
    assert island.start.in_tz("UTC").format("HH:mm") == "09:30" and island.minutes == 15
    floating = found["Floating"]
    assert (local(floating), floating.tz, floating.topic) == ("2026-12-03 14:00", BERLIN, "time in my zone")


@pytest.mark.parametrize(
    "sample,where",
    [
        ("broken-event.ics", "line 10, event 2 (UID 'bad-1', 'Broken start'): DTSTART"),
        ("broken-line.ics", "line 3"),
    ],
)
def test_a_broken_file_changes_nothing_and_says_where(run, db_path, sample, where):
    run("add", "today 10:00", "Already here")
    before = db_path.read_bytes()
    code, out, err = run("import", str(SAMPLES / sample))
    assert code == 1 and out == ""
    assert err.startswith(f"calldiary: error: {SAMPLES / sample}: ") and where in err and err.count("\n") == 1
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("fmt", ["ics", "csv", "json"])
def test_export_then_import_into_an_empty_diary_gives_back_the_same_calls(run, db_path, tmp_path, fmt):
    from calldiary.demo import fill

    fill(Diary(db_path, make_clock()))
    Diary(db_path, make_clock()).add(
        NOW.add(days=1), 'Odd, "quoted"\nname', topic="a,b;c", notes="line1\nline2", link="tel:+1;ext=2"
    )
    original = {c.id: c for c in Diary(db_path, make_clock()).between(NOW.subtract(years=1), NOW.add(years=1))}
    exported = tmp_path / f"calls.{fmt}"
    assert run("export", "--format", fmt, "-o", str(exported))[0] == 0
    other = tmp_path / "other.json"
    code, out, err = run("--db", str(other), "import", str(exported))
    assert code == 0, err
    assert out.startswith(f"calls.{fmt}: {len(original)} added, 0 updated, 0 skipped")
    back = {c.id: c for c in Diary(other, make_clock()).between(NOW.subtract(years=1), NOW.add(years=1))}
    assert back == original


def test_export_range_and_stdout(run, db_path):
    run("add", "2026-11-20 10:00", "Before")
    run("add", "2026-11-24 10:00", "Inside")
    code, out, _ = run("export", "--format", "json", "--from", "2026-11-23", "--to", "2026-11-30")
    assert code == 0 and [c["contact"] for c in json.loads(out)["calls"]] == ["Inside"]
    code, out, _ = run("export", "--format", "csv")
    assert out.splitlines()[0].startswith("id,start,end,tz,minutes,contact,direction")
    assert len(out.splitlines()) == 3


@pytest.mark.parametrize(
    "content,message",
    [
        ("id,start\n", "line 1: the header lacks minutes, contact, direction, status"),
        (
            "id,start,minutes,contact,direction,status\nnot-a-uuid,2026-11-27T10:00:00+01:00,30,Ann,they_call,planned\n",
            "line 2: id 'not-a-uuid' is not a UUID",
        ),
        (
            "id,start,minutes,contact,direction,status\n8c0a2f5e-2a4b-4c1d-9e3f-5a6b7c8d9e0f,tomorrow,30,Ann,they_call,planned\n",
            "line 2: start 'tomorrow' is not an ISO 8601 date-time",
        ),
    ],
)
def test_a_broken_csv_says_which_line(run, db_path, tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    code, _, err = run("import", str(bad))
    assert code == 1 and message in err and not db_path.exists()


def test_unknown_format_is_one_line(run, tmp_path):
    odd = tmp_path / "calls.xlsx"
    odd.write_bytes(b"PK")
    code, _, err = run("import", str(odd))
    assert code == 1 and "import .ics, .json or .csv files" in err


@pytest.mark.skipif(shutil.which("calcurse") is None, reason="calcurse is not installed")
def test_calcurse_imports_the_export_with_the_right_times(run, db_path, tmp_path):
    run("add", "fri 13:00", "Ann Lee", "--topic", "Pricing", "--minutes", "45")
    run("add", "2026-12-01 09:30", "Bob Ortiz")
    exported = tmp_path / "calls.ics"
    run("export", "--format", "ics", "-o", str(exported))
    folder = tmp_path / "calcurse"
    folder.mkdir()
    env = dict(os.environ, TZ=BERLIN, HOME=str(tmp_path))
    subprocess.run(["calcurse", "-D", str(folder), "-i", str(exported)], env=env, check=True, capture_output=True)
    shown = subprocess.run(
        ["calcurse", "-D", str(folder), "-Q", "--from", "11/23/2026", "--days", "14"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "11/27/26:\n - 13:00 -> 13:45\n\tAnn Lee - Pricing" in shown
    assert "12/01/26:\n - 09:30 -> 10:00\n\tBob Ortiz" in shown


def test_settings_file(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text(
        'week_start = "sunday"\ntimezone = "America/New_York"\ndefault_minutes = 45\n'
        'default_direction = "i_call"\nlate_cancellation_hours = 12\ntheme = "nord"\n'
    )
    settings = load(path)
    assert (settings.week_start_index, settings.timezone, settings.default_minutes) == (6, "America/New_York", 45)
    assert (settings.default_direction, settings.late_cancellation_hours, settings.theme) == ("i_call", 12, "nord")
    assert settings.sources["theme"] == f"file {path}"
    assert load(tmp_path / "missing.toml").week_start == "monday"


@pytest.mark.parametrize(
    "content,message",
    [
        ('week_start = "caturday"', "week_start = 'caturday' is not accepted; use one of monday, tuesday"),
        ('timezone = "Mars/Olympus"', "timezone = 'Mars/Olympus' is not accepted; use an IANA time zone name"),
        ("default_minutes = 0", "default_minutes = 0 is not accepted; use a whole number of minutes from 1 to 1440"),
        ('default_direction = "both"', "default_direction = 'both' is not accepted; use they_call or i_call"),
        ("late_cancellation_hours = -1", "late_cancellation_hours = -1 is not accepted"),
        ("colour = 1", "unknown setting 'colour'; known settings: week_start, timezone"),
        ("week_start = ", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_key_and_the_accepted_values(tmp_path, content, message):
    path = tmp_path / "config.toml"
    path.write_text(content)
    with pytest.raises(SettingsError, match=None) as caught:
        load(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_settings_reach_the_commands(run, db_path, tmp_path):
    (tmp_path / "config.toml").write_text(
        'week_start = "sunday"\ndefault_minutes = 50\ndefault_direction = "i_call"\nlate_cancellation_hours = 100\n'
    )
    short = run("add", "2026-11-22 09:00", "Sunday caller")[1].strip()  # the Sunday before ISO week 48
    run("add", "2026-11-29 09:00", "Next Sunday")
    [listed] = json.loads(run("list", "--json")[1])  # this week is Sun 22 – Sat 28 Nov
    assert (listed["contact"], listed["minutes"], listed["direction"]) == ("Sunday caller", 50, "i_call")
    assert run("mark", short, "cancelled")[0] == 0
    review = json.loads(run("review", "--week", "2026-W48", "--json")[1])
    assert (review["cancelled"], review["late_cancellations"]) == (1, 1)
    config = run("config")[1]
    assert 'week_start = "sunday"    # file' in config and "default_minutes = 50" in config
    (tmp_path / "config.toml").write_text("default_minutes = 'long'\n")
    code, _, err = run("list")
    assert code == 1 and "default_minutes = 'long' is not accepted" in err
