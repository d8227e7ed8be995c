"""A sync with nothing changed asks the server one thing: the calendar's changes since the last
sync (its URL is remembered, so no discovery requests), and does nothing else. A remembered
calendar that is gone there is looked up again: made anew (and every call sent to it) for the
calendar calldiary owns, one clear line for a watched one. Against a real Radicale, whose own log
lists the requests it answered."""

from __future__ import annotations

import re
from pathlib import Path

from calldiary.config import CalDav, Settings
from calldiary.store import Diary
from calldiary.sync.engine import run_sync
from calldiary.sync.remote import SyncError
from tests.conftest import at, make_clock
from tests.sync.conftest import Phone, Server
from tests.sync.test_failures import fill


def requests_since(server: Server, mark: int) -> list[str]:
    log = (server.folder.parent / f"radicale-{server.port}.log").read_text()
    return [f"{method} {path}" for method, path in re.findall(r"\] (\w+) request for '([^']*)'", log[mark:])]


def log_size(server: Server) -> int:
    return len((server.folder.parent / f"radicale-{server.port}.log").read_text())


def settings(server: Server, user: str, **more: object) -> Settings:
    return Settings(caldav=CalDav(url=server.url, username=user, password="x", **more))  # type: ignore[arg-type]


def test_a_sync_with_nothing_changed_makes_one_request(own_radicale: Server, tmp_path: Path):
    db = tmp_path / "a.json"
    fill(db, 30)
    first = run_sync(Diary(db, make_clock()), settings(own_radicale, "quiet"))
    assert first.sent == 30
    run_sync(Diary(db, make_clock()), settings(own_radicale, "quiet"))  # (learns the token after its own PUTs)
    before = db.read_bytes()
    mark = log_size(own_radicale)
    again = run_sync(Diary(db, make_clock()), settings(own_radicale, "quiet"))
    assert again.line() == "sent 0, received 0, merged 0, deleted here 0, deleted there 0"
    asked = requests_since(own_radicale, mark)
    assert len(asked) == 1 and asked[0].startswith("REPORT /quiet/"), asked  # no PROPFIND, GET, PUT
    assert db.read_bytes() == before  # and nothing written here
    # A change on either side still gets through.
    phone = Phone(own_radicale.url, "quiet", "calldiary")
    diary = Diary(db, make_clock())
    one = diary.add(at(28, 9), "New here")
    report = run_sync(diary, settings(own_radicale, "quiet"))
    assert report.sent == 1 and one.id in phone.events()


def test_the_calendar_deleted_there_is_made_anew_and_filled_again(own_radicale: Server, tmp_path: Path):
    db = tmp_path / "a.json"
    ids = set(fill(db, 12))
    assert run_sync(Diary(db, make_clock()), settings(own_radicale, "anew")).sent == 12
    phone = Phone(own_radicale.url, "anew", "calldiary")
    phone.calendar().delete()  # its remembered URL answers 404 now
    report = run_sync(Diary(db, make_clock()), settings(own_radicale, "anew"))
    assert report.sent == 12 and report.deleted_here == 0, report.line()
    assert set(phone.events()) == ids
    assert len(Diary(db, make_clock())) == 12
    second = run_sync(Diary(tmp_path / "b.json", make_clock()), settings(own_radicale, "anew"))
    assert second.received == 12


def test_a_watched_calendar_deleted_there_is_one_clear_line(own_radicale: Server, tmp_path: Path):
    db = tmp_path / "a.json"
    fill(db, 2)
    phone = Phone(own_radicale.url, "watcher", "calldiary")
    phone.calendar("Work")
    assert run_sync(Diary(db, make_clock()), settings(own_radicale, "watcher", watch=["Work"])).sent == 2
    phone.calendar("Work").delete()
    try:
        run_sync(Diary(db, make_clock()), settings(own_radicale, "watcher", watch=["Work"]))
    except SyncError as error:
        assert "no calendar named 'Work'" in str(error) and f"127.0.0.1:{own_radicale.port}" in str(error)
    else:
        raise AssertionError("no error")
    assert len(Diary(db, make_clock())) == 2  # nothing deleted here
