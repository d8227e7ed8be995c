"""Sync is an optional extra: without the caldav package, `calldiary sync`, `calldiary config` and
the app each say in one line how to install it (never a traceback), and everything else works.
"Not installed" is a real process whose sitecustomize makes `caldav` unimportable (None in
sys.modules: what importlib reports for a package that is not there)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from calldiary.store import Diary
from calldiary.sync.need import HEADER, MISSING
from tests.conftest import BERLIN, NOW, at, make_clock
from tests.sync.test_tui import SIZE, header, make

ROOT = Path(__file__).resolve().parents[2]
INSTALL = "pip install 'calldiary[sync]'"


def without_caldav(tmp_path: Path) -> Path:
    folder = tmp_path / "no-caldav"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text("import sys\nsys.modules['caldav'] = None  # as if not installed\n")
    return folder


def run(tmp_path: Path, *args: str, config: str, blocked: bool = True) -> subprocess.CompletedProcess[str]:
    settings = tmp_path / "config.toml"
    settings.write_text(config)
    env = dict(os.environ)
    if blocked and not (tmp_path / "no-caldav").exists():
        without_caldav(tmp_path)
    paths = [str(tmp_path / "no-caldav")] if blocked else []
    env.update(
        CALLDIARY_DB=str(tmp_path / "diary.json"),
        CALLDIARY_CONFIG=str(settings),
        CALLDIARY_NOW=NOW.isoformat(),
        CALLDIARY_TZ=BERLIN,
        PYTHONPATH=os.pathsep.join([*paths, str(ROOT)]),
    )
    return subprocess.run(
        [sys.executable, "-m", "calldiary", *args], env=env, capture_output=True, text=True, timeout=120
    )


CONFIG = '[caldav]\nurl = "http://127.0.0.1:9/"\nusername = "ann"\npassword_command = "echo x"\n'


def test_caldav_is_only_in_the_sync_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    named = [d.split(">")[0].split("=")[0].split("<")[0].strip() for d in project["dependencies"]]
    assert "caldav" not in named
    assert any(d.startswith("caldav") for d in project["optional-dependencies"]["sync"])
    assert any(d.startswith("caldav") for d in project["optional-dependencies"]["test"])


def test_sync_without_caldav_says_how_to_install_it(tmp_path: Path):
    without_caldav(tmp_path)
    diary = Diary(tmp_path / "diary.json", make_clock())
    diary.add(at(27, 10), "Ann Lee")
    before = (tmp_path / "diary.json").read_bytes()
    done = run(tmp_path, "sync", config=CONFIG)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"calldiary: error: {MISSING}"], done.stderr
    assert INSTALL in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "diary.json").read_bytes() == before
    # The rest of calldiary does not need it.
    listed = run(tmp_path, "list", config=CONFIG)
    assert listed.returncode == 0 and "Ann Lee" in listed.stdout and listed.stderr == ""
    json_sync = run(tmp_path, "sync", "--json", config=CONFIG)
    assert json_sync.returncode == 1 and "Traceback" not in json_sync.stderr and INSTALL in json_sync.stderr


def test_config_warns_when_caldav_is_set_but_missing(tmp_path: Path):
    without_caldav(tmp_path)
    shown = run(tmp_path, "config", config=CONFIG)
    assert shown.returncode == 0
    assert f"calldiary: warning: {MISSING}" in shown.stderr.splitlines()
    assert "Traceback" not in shown.stderr
    # Installed: no such warning; not set up: none either.
    assert MISSING not in run(tmp_path, "config", config=CONFIG, blocked=False).stderr
    assert MISSING not in run(tmp_path, "config", config="", blocked=True).stderr


async def test_the_app_says_it_once_and_S_repeats_it(tmp_path: Path, monkeypatch):
    from tests.sync.conftest import Server, settings_for

    monkeypatch.setitem(sys.modules, "caldav", None)  # the package is not there (as importlib sees it)
    app, _ = make(tmp_path, settings_for(Server("radicale", tmp_path / "none"), "ann"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.sync_status == HEADER
        assert HEADER in header(app)
        assert [str(n.message) for n in app._notifications] == [MISSING]
        await pilot.press("S")
        await pilot.pause()
        assert [str(n.message) for n in app._notifications].count(MISSING) == 2
        assert not app.sync_runner.running and not list(app.workers)
        await pilot.press("a")  # keys work as ever
        await pilot.pause()
        await pilot.press("escape")
        assert app.sync_status == HEADER
