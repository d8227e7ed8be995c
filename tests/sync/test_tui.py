"""The app syncs in a background worker: at start, a few seconds after a change, and on S; the
header shows synced n min ago / syncing / offline: the reason. Against a real Radicale."""

from __future__ import annotations

import time

import pytest

from calldiary.model import Status
from calldiary.prefs import Prefs
from calldiary.store import Diary
from calldiary.ui import sync_runner
from calldiary.ui.app import CallDiaryApp
from calldiary.ui.shots import pinned_clock
from tests.sync.conftest import Phone, Server, account_name, free_port, settings_for
from tests.sync.test_phone import vevent
from tests.ui.conftest import table_text

SIZE = (120, 30)


async def wait_for(pilot, check, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        await pilot.pause(0.1)
    raise AssertionError("timed out")


def header(app) -> str:
    return str(app.screen.query_one("#sync-state").render())


def make(tmp_path, settings) -> tuple[CallDiaryApp, Diary]:
    diary = Diary(tmp_path / "diary.json", pinned_clock())
    return CallDiaryApp(diary, diary.clock, Prefs(tmp_path / "ui.json"), settings), diary


async def test_syncs_at_start_after_a_change_and_on_S(radicale: Server, tmp_path, request, monkeypatch):
    monkeypatch.setattr(sync_runner, "AFTER_CHANGE_SECONDS", 0.3)
    name = account_name(request)
    settings = settings_for(radicale, name)
    app, diary = make(tmp_path, settings)
    clock = diary.clock
    call = diary.add(clock.now().subtract(hours=2), "Ann Lee", topic="Pricing")
    phone = Phone(radicale.url, name, "calldiary")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.sync_status == "synced just now")
        assert "synced just now" in header(app)
        assert call.id in phone.events()
        # A change here is sent a few seconds later, without a key.
        await pilot.press("y")  # kept (the selected call)
        await wait_for(pilot, lambda: str(phone.events()[call.id].get("X-CALLDIARY-STATUS")) == "kept")
        # Booked on the phone: S brings it, and the week shows it like any outside change.
        phone.add(vevent("p1@example", "Call with Bo Chen - Intro", "20261127T110000", "20261127T113000"))
        await pilot.press("S")
        await wait_for(pilot, lambda: any(c.contact == "Bo Chen" for c in Diary(diary.path, clock).week(clock.today())))
        await wait_for(pilot, lambda: any("Bo Chen" in row for row in table_text(app)))
    assert Diary(diary.path, clock).get(call.id).status is Status.KEPT


async def test_offline_shows_the_reason_and_keys_still_work(tmp_path):
    port = free_port()  # nobody listens there
    settings = settings_for(Server("radicale", tmp_path / "none"), "ann")
    assert settings.caldav is not None
    settings.caldav.url = f"http://127.0.0.1:{port}/"
    app, _ = make(tmp_path, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")  # the form opens while the sync is failing
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.sync_status.startswith("offline:"))
        assert f"127.0.0.1:{port}" in app.sync_status and "can't connect" in app.sync_status


async def test_no_sync_state_without_caldav(tmp_path):
    from calldiary.config import Settings

    app, _ = make(tmp_path, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query("#sync-state")
        await pilot.press("S")
        await pilot.pause()
        assert any("sync is not set up" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize(
    ("seconds", "text"), [(5, "synced just now"), (125, "synced 2 min ago"), (7300, "synced 2 h ago")]
)
def test_ago(seconds, text):
    assert sync_runner.ago(seconds) == text
