"""Real CalDAV servers started by the tests (Radicale, Xandikos) on free localhost ports, devices
(one diary each, in-process sync) and a phone (the caldav library acting directly on the server)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest

from calldiary.config import CalDav, Settings
from calldiary.store import Diary
from calldiary.sync.engine import run_sync
from calldiary.sync.report import Report
from tests.conftest import NOW, make_clock

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"no server on port {port}")


class Server:
    """One CalDAV server process; stop() and start() again on the same port and folder."""

    def __init__(self, kind: str, folder: Path, extra: list[str] | None = None):
        self.kind = kind
        self.folder = folder
        self.port = free_port()
        self.extra = extra or []
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = f"http://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        if self.kind == "radicale":
            return [
                sys.executable, "-m", "radicale",
                "--server-hosts", f"127.0.0.1:{self.port}",
                "--storage-filesystem-folder", str(self.folder),
                *(self.extra or ["--auth-type", "none"]),
                "--auth-delay", "0",
            ]  # fmt: skip
        return [str(BIN / "xandikos"), "-d", str(self.folder), "--defaults", "-l", "127.0.0.1", "-p", str(self.port)]

    def start(self) -> Server:
        log = open(self.folder.parent / f"{self.kind}-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        wait_port(self.port)
        return self

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server("radicale", tmp_path_factory.mktemp("radicale") / "data").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def xandikos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if shutil.which("xandikos", path=str(BIN)) is None:
        pytest.skip("xandikos is not installed")
    server = Server("xandikos", tmp_path_factory.mktemp("xandikos") / "data").start()
    yield server
    server.stop()


@pytest.fixture
def own_radicale(tmp_path: Path) -> Iterator[Server]:
    """A Radicale of the test's own (its log holds only this test's requests)."""
    (tmp_path / "server").mkdir()
    server = Server("radicale", tmp_path / "server" / "data").start()
    yield server
    server.stop()


@pytest.fixture(params=["radicale", "xandikos"])
def server(request: pytest.FixtureRequest) -> Server:
    found: Server = request.getfixturevalue(request.param)
    return found


def account_name(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:60]


class Device:
    """One diary that syncs: its own file and clock, the shared [caldav] settings."""

    def __init__(self, path: Path, settings: Settings):
        self.path = path
        self.settings = settings
        self.now = NOW

    @property
    def diary(self) -> Diary:
        return Diary(self.path, make_clock(self.now))

    def sync(self) -> Report:
        return run_sync(self.diary, self.settings)

    def later(self, minutes: int) -> Device:
        self.now = self.now.add(minutes=minutes)
        return self


class Phone:
    """Another client on the same account: the caldav library acting directly on the server."""

    def __init__(self, url: str, username: str, calendar: str):
        from caldav.davclient import DAVClient

        self.client = DAVClient(url=url, username=username, password="x")
        self.name = calendar

    def calendar(self, name: str | None = None) -> Any:
        principal = self.client.principal()
        for found in principal.calendars():
            if found.get_display_name() == (name or self.name):
                return found
        return principal.make_calendar(name=name or self.name)

    def events(self, name: str | None = None) -> dict[str, Any]:
        """UID -> the icalendar VEVENT of every (non-override) event."""
        from icalendar import Calendar

        found = {}
        for obj in self.calendar(name).search():
            for event in Calendar.from_ical(obj.data).walk("VEVENT"):
                if event.get("RECURRENCE-ID") is None:
                    found[str(event["UID"])] = event
        return found

    def objects(self, name: str | None = None) -> list[Any]:
        return list(self.calendar(name).search())

    def add(self, ics: str, name: str | None = None) -> None:
        self.calendar(name).save_event(ics)

    def edit(self, uid: str, change: Any, *, strip: bool = False) -> None:
        """Change one event as a phone does; `strip` drops every X- property (and its alarms)."""
        from icalendar import Calendar

        calendar = self.calendar()
        obj = calendar.event_by_uid(uid)
        parsed = Calendar.from_ical(obj.data)
        for event in parsed.walk("VEVENT"):
            if strip:
                for key in [k for k in event if k.upper().startswith("X-")]:
                    del event[key]
                event.subcomponents = []
            change(event)
            if "LAST-MODIFIED" in event:
                del event["LAST-MODIFIED"]
            event.add("LAST-MODIFIED", pendulum.now("UTC"))
        self.client.put(str(obj.url), parsed.to_ical().decode(), {"Content-Type": "text/calendar"})

    def delete(self, uid: str) -> None:
        self.calendar().event_by_uid(uid).delete()


def settings_for(server: Server, username: str, calendar: str = "calldiary", **more: Any) -> Settings:
    return Settings(caldav=CalDav(url=server.url, username=username, password="x", calendar=calendar, **more))


@pytest.fixture
def account(server: Server, request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Device, Device, Phone]:
    """Two devices and a phone on one fresh account (Radicale) or one fresh calendar (Xandikos)."""
    name = account_name(request)
    settings = settings_for(server, name, calendar=f"cd-{name}"[:60])
    assert settings.caldav is not None
    a = Device(tmp_path / "a.json", settings)
    b = Device(tmp_path / "b.json", settings)
    return a, b, Phone(server.url, name, settings.caldav.calendar)
