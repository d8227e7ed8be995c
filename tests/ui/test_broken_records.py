"""A call record the diary sets aside as broken does not vanish from the app without a word: it
is said once as it is found (at start, or as it appears while the app is open) in the command
line's own words, and stays findable — the week's header and the palette — while there is one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson

from calldiary.model import Status
from tests.ui.conftest import by_contact, fresh, make_app, notices, screen_text

ZONE = "Mars/Olympus"


def break_record(path: Path, call_id: str) -> None:
    """Another program gives one call a zone that does not exist (the file replaced whole)."""
    data = orjson.loads(path.read_bytes())
    data["calls"][call_id]["tz"] = ZONE
    data.pop("seal", None)
    temp = path.with_suffix(".tmp")
    temp.write_bytes(orjson.dumps(data))
    os.replace(temp, path)


def cli_warning(path: Path) -> str:
    """What `calldiary list` warns on stderr about the same file (a real subprocess)."""
    env = {
        **os.environ,
        "CALLDIARY_DB": str(path),
        "CALLDIARY_TZ": "Europe/Berlin",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    done = subprocess.run([sys.executable, "-m", "calldiary", "list"], env=env, capture_output=True, text=True)
    [line] = [line for line in done.stderr.splitlines() if "broken call record" in line]
    return line.removeprefix("calldiary: warning: ")


def said_broken(app) -> list[str]:
    return [said for said in notices(app) if "broken call record" in said]


async def test_a_broken_record_found_at_start_is_said_once_and_stays_in_the_header(demo_diary):
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    break_record(demo_diary.path, dmitri.id)
    expected = cli_warning(demo_diary.path)
    assert f"has an unknown time zone '{ZONE}'" in expected and f"'calldiary delete {dmitri.id[:8]}'" in expected
    app = make_app(fresh(demo_diary))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(1.3)
        assert said_broken(app) == [expected]
        assert "⚠ 1 broken record" in screen_text(app)
        [other] = by_contact(app.diary, "Maria Lopez")[:1]
        app.diary.mark(other.id, Status.CANCELLED)  # the diary changes and is read again …
        await pilot.pause(2.2)
        assert said_broken(app) == [expected]  # … and the record is not said again
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        assert "Broken call records (1)" in commands
        commands["Broken call records (1)"].callback()  # the palette's entry says it again
        await pilot.pause()
        assert said_broken(app) == [expected, expected]


async def test_a_record_broken_while_the_app_is_open_is_said_and_goes_when_removed(demo_diary):
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    app = make_app(demo_diary)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(1.3)
        assert said_broken(app) == [] and "broken" not in screen_text(app)
        break_record(demo_diary.path, dmitri.id)
        await pilot.pause(1.5)
        [said] = said_broken(app)
        assert said == cli_warning(demo_diary.path)
        assert "⚠ 1 broken record" in screen_text(app)
        fresh(demo_diary).delete_broken(dmitri.id[:8])  # `calldiary delete 71ee6450`
        await pilot.pause(1.5)
        assert "broken record" not in screen_text(app)
        assert not any(command.title.startswith("Broken") for command in app.get_system_commands(app.screen))
