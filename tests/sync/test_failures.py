"""Failure is boring: one clear line naming the server, a non-zero exit, a diary that loads, and
the next sync picks up where this one stopped (server stopped mid-sync, kill -9 at random
moments, wrong password, a vanished calendar, a malformed event). The password is never shown."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from calldiary.model import Status
from calldiary.store import Diary
from tests.conftest import BERLIN, NOW, at, make_clock
from tests.sync.conftest import Phone, Server

SECRET = "s3cr3t-Pa55"


def write_config(path: Path, url: str, username: str, *, calendar: str = "calldiary", more: str = "") -> Path:
    secret = path.parent / "password.txt"
    secret.write_text(f"{SECRET}\nsecond line\n")
    path.write_text(
        f'[caldav]\nurl = "{url}"\nusername = "{username}"\ncalendar = "{calendar}"\n'
        f'password_command = "cat {secret}"\n{more}'
    )
    return path


def cli(db: Path, config: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.update(
        CALLDIARY_DB=str(db),
        CALLDIARY_CONFIG=str(config),
        CALLDIARY_NOW=NOW.isoformat(),
        CALLDIARY_TZ=BERLIN,
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "calldiary", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def run(db: Path, config: Path, *args: str) -> tuple[int, str, str]:
    proc = cli(db, config, *args)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def fill(db: Path, count: int, hour: int = 8) -> list[str]:
    diary = Diary(db, make_clock())
    return [diary.add(at(1 + n % 28, hour + n % 10, month=12), f"Contact {n}").id for n in range(count)]


def uids(phone: Phone) -> list[str]:
    return sorted(phone.events())


def test_server_stopped_mid_sync_and_restarted(own_radicale: Server, tmp_path: Path):
    config = write_config(tmp_path / "config.toml", own_radicale.url, "mid")
    db = tmp_path / "a.json"
    ids = fill(db, 60)
    proc = cli(db, config, "sync")
    folder = own_radicale.folder / "collection-root" / "mid"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        stored = list(folder.glob("*/*.ics")) if folder.exists() else []
        if len(stored) >= 10:
            break
        time.sleep(0.02)
    own_radicale.stop()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err.count("\n") == 1 and f"127.0.0.1:{own_radicale.port}" in err, err
    assert "Traceback" not in err and SECRET not in err + out
    assert len(Diary(db, make_clock())) == 60  # loads, nothing lost
    code, out, err = run(db, config, "sync")  # server still down: the same clear line
    assert code == 1 and "can't connect" in err
    own_radicale.start()
    code, out, err = run(db, config, "sync")
    assert code == 0, err
    phone = Phone(own_radicale.url, "mid", "calldiary")
    assert uids(phone) == sorted(ids)  # each once: no duplicates, none lost
    other = tmp_path / "b.json"
    assert run(other, config, "sync")[0] == 0
    assert len(Diary(other, make_clock())) == 60


def test_kill_9_at_random_moments(radicale: Server, tmp_path: Path):
    config = write_config(tmp_path / "config.toml", radicale.url, "kill9")
    db = tmp_path / "a.json"
    ids = set(fill(db, 60))
    rng = random.Random(11)
    for _ in range(6):
        diary = Diary(db, make_clock(NOW.add(minutes=rng.randint(1, 500))))
        for call_id in rng.sample(sorted(ids), 5):
            diary.edit(call_id, topic=f"t{rng.randint(0, 999)}")
        gone = rng.choice(sorted(ids))
        diary.delete(gone)
        ids.discard(gone)
        ids.update(diary.add(at(20, 8 + n, month=12), f"New {n}").id for n in range(3))
        proc = cli(db, config, "sync")
        time.sleep(rng.uniform(0.3, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        assert {doc["id"] for doc in Diary(db, make_clock()).docs()} == ids  # loads, unchanged calls
    code, _, err = run(db, config, "sync")
    assert code == 0, err
    phone = Phone(radicale.url, "kill9", "calldiary")
    assert uids(phone) == sorted(ids)
    code, out, _ = run(db, config, "sync", "--json")
    assert '"sent": 0' in out and '"received": 0' in out and '"deleted_there": 0' in out
    other = tmp_path / "b.json"
    assert run(other, config, "sync")[0] == 0
    mine = {doc["id"]: doc["topic"] for doc in Diary(db, make_clock()).docs()}
    theirs = {doc["id"]: doc["topic"] for doc in Diary(other, make_clock()).docs()}
    assert mine == theirs


def test_password_from_password_command_is_never_shown(tmp_path: Path):
    folder = tmp_path / "server"
    folder.mkdir()
    users = tmp_path / "users"
    users.write_text(f"ann:{SECRET}\n")
    extra = ["--auth-type", "htpasswd", "--auth-htpasswd-filename", str(users), "--auth-htpasswd-encryption", "plain"]
    server = Server("radicale", folder / "data", extra).start()
    try:
        config = write_config(tmp_path / "config.toml", server.url, "ann")
        db = tmp_path / "a.json"
        fill(db, 3)
        code, out, err = run(db, config, "sync")
        assert code == 0 and out.startswith("sent 3,"), err
        shown = run(db, config, "config")
        export = run(db, config, "export", "--format", "ics")
        everything = out + err + shown[1] + shown[2] + export[1] + db.read_text()
        assert SECRET not in everything
        assert "password_command" in shown[1]
        wrong = write_config(tmp_path / "wrong.toml", server.url, "bob")
        code, out, err = run(db, wrong, "sync")
        assert code == 1 and err.count("\n") == 1
        assert f"127.0.0.1:{server.port}" in err and "password" in err and SECRET not in err
        plain = tmp_path / "plain.toml"
        plain.write_text(f'[caldav]\nurl = "{server.url}"\nusername = "ann"\npassword = "{SECRET}"\n')
        code, out, err = run(db, plain, "config")
        assert code == 0 and "plain text" in err and SECRET not in out + err
    finally:
        server.stop()


def test_a_vanished_calendar_and_a_malformed_event(radicale: Server, tmp_path: Path):
    config = write_config(tmp_path / "config.toml", radicale.url, "broken", more='watch = ["Gone"]\n')
    db = tmp_path / "a.json"
    fill(db, 2)
    code, out, err = run(db, config, "sync")
    assert code == 1 and err.count("\n") == 1 and "no calendar named 'Gone'" in err, err
    assert f"127.0.0.1:{radicale.port}" in err
    assert len(Phone(radicale.url, "broken", "calldiary").events()) == 2  # what was synced before stays synced
    config = write_config(tmp_path / "config.toml", radicale.url, "broken")
    phone = Phone(radicale.url, "broken", "calldiary")
    bad = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:bad@x\r\nDTSTAMP:20261120T100000Z\r\n"
    bad += (
        "DTSTART:20261127T100000Z\r\nDTEND:20261127T110000Z\r\nSUMMARY:x\r\nX-CALLDIARY-START:2026-11-27T10:00:00Z\r\n"
    )
    bad += "X-CALLDIARY-STATUS:exploded\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"  # a broken client's event
    phone.client.put(str(phone.calendar().url) + "bad.ics", bad, {"Content-Type": "text/calendar"})
    Diary(db, make_clock()).add(at(3, 9, month=12), "Still sent")
    code, out, err = run(db, config, "sync")
    assert code == 1 and out.startswith("sent 1,") and "skipped the event" in err and "bad.ics" in err, err
    diary = Diary(db, make_clock())
    calls = diary.between(at(1, 0), at(31, 0, month=12))
    assert len(diary) == 3 and all(c.status is Status.PLANNED for c in calls)  # the broken event is no call
    code, out, err = run(db, config, "sync")  # skipped again, and said again, until it is fixed there
    assert code == 1 and out.startswith("sent 0, received 0") and "bad.ics" in err
