"""Items 7, 8, 9 and 11: symlinked diaries, exports written like the diary, CSV formula guard,
and calldiary re-importing anything it exported."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys

import orjson

from calldiary.prefs import Prefs
from calldiary.store import Diary
from tests.conftest import make_clock
from tests.reliability.conftest import ROOT


def test_a_symlinked_diary_is_written_through_and_locked_at_its_target(proc, tmp_path):
    real_dir, link_dir = tmp_path / "real", tmp_path / "links"
    real_dir.mkdir()
    link_dir.mkdir()
    real = real_dir / "diary.json"
    link = link_dir / "diary.json"
    link.symlink_to(real)
    env = {"CALLDIARY_DB": str(link)}
    assert proc("add", "today 10:00", "Ann", env=env)[0] == 0
    assert proc("add", "today 11:00", "Bob", env=env)[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert [c.contact for c in Diary(real, make_clock()).all()] == ["Ann", "Bob"]
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    # Both names share the target's lock; nothing is left next to the link.
    assert (real_dir / "diary.json.lock").exists()
    assert sorted(p.name for p in link_dir.iterdir()) == ["diary.json"]
    # The other name sees the same diary and the same lock.
    assert proc("list", env={"CALLDIARY_DB": str(real)})[1].count("\n") == 2


def _failing_export(db_path, tmp_path, target):
    """`calldiary export -o target` in a process that may write at most 100 bytes per file."""

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

    env = dict(os.environ, CALLDIARY_DB=str(db_path), CALLDIARY_TZ="Europe/Berlin", PYTHONPATH=str(ROOT))
    env["CALLDIARY_CONFIG"] = str(tmp_path / "config.toml")
    return subprocess.run(
        [sys.executable, "-m", "calldiary", "export", "--format", "json", "-o", str(target)],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=60,
    )


def test_an_export_is_private_whole_or_not_at_all(proc, db_path, tmp_path):
    proc("add", "today 10:00", "Ann", "--notes", "x" * 500)
    target = tmp_path / "backup.json"
    target.write_bytes(b"the previous export")
    os.chmod(target, 0o644)
    done = _failing_export(db_path, tmp_path, target)
    assert done.returncode == 1 and "can't write" in done.stderr and "Traceback" not in done.stderr
    assert target.read_bytes() == b"the previous export"  # a failed export leaves the old one
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    code, _, err = proc("export", "-o", str(target))  # the format from the extension
    assert code == 0, err
    assert orjson.loads(target.read_bytes())["calls"][0]["contact"] == "Ann"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_ui_state_file_never_follows_a_planted_temp_symlink(tmp_path):
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    state = tmp_path / "state" / "ui.json"
    state.parent.mkdir()
    (state.parent / "ui.tmp").symlink_to(victim)  # the fixed temp name used before
    prefs = Prefs(state)
    prefs.theme = "nord"
    prefs.save()
    assert victim.read_bytes() == b"precious"
    assert orjson.loads(state.read_bytes()) == {"theme": "nord"}
    assert stat.S_IMODE(state.stat().st_mode) == 0o600


TRICKY = {
    "contact": '=HYPERLINK("http://x")',
    "topic": "+1 upsell",
    "notes": "@import\r\nline two\rlone CR",
    "link": "+49 30 1234567",
    "reason": "-done",
}


def test_csv_cells_are_neutralised_on_export_and_restored_on_import(proc, db_path, tmp_path):
    from calldiary.model import Party, Status

    diary = Diary(db_path, make_clock())
    call = diary.add(
        make_clock().now().subtract(hours=2), TRICKY["contact"], topic=TRICKY["topic"], link=TRICKY["link"]
    )
    diary.edit(call.id, notes=TRICKY["notes"])
    diary.mark(call.id, Status.CANCELLED, by=Party.ME, reason=TRICKY["reason"])
    code, out, _ = proc("export", "--format", "csv")
    assert code == 0
    for value in ("'=HYPERLINK", "'+1 upsell", "\"'@import", "'+49 30", "'-done"):
        assert value in out, value
    assert "\n=" not in out and ",=" not in out and ",+" not in out and ",@" not in out
    exported = tmp_path / "calls.csv"
    exported.write_text(out, newline="")
    other = tmp_path / "other.json"
    code, out, err = proc("import", str(exported), env={"CALLDIARY_DB": str(other)})
    assert code == 0, err
    [back] = Diary(other, make_clock()).all()
    assert (back.contact, back.topic, back.notes, back.link, back.reason) == tuple(TRICKY.values())


def test_long_notes_and_bare_cr_line_ends_import(proc, db_path, tmp_path):
    diary = Diary(db_path, make_clock())
    diary.add(make_clock().now(), "Ann", notes="n" * 200_000)
    diary.add(make_clock().now().add(hours=1), "Bob", notes="first\rsecond")
    exported = tmp_path / "calls.csv"
    assert proc("export", "-o", str(exported))[0] == 0
    other = tmp_path / "other.json"
    code, out, err = proc("import", str(exported), env={"CALLDIARY_DB": str(other)})
    assert code == 0 and "2 added" in out, err
    notes = {c.contact: c.notes for c in Diary(other, make_clock()).all()}
    assert notes == {"Ann": "n" * 200_000, "Bob": "first\rsecond"}
    # The same file with bare CR line ends (as old Mac tools write it).
    cr = tmp_path / "cr.csv"
    cr.write_bytes(exported.read_bytes().replace(b"\n", b"\r"))
    third = tmp_path / "third.json"
    code, out, err = proc("import", str(cr), env={"CALLDIARY_DB": str(third)})
    assert code == 0 and "2 added" in out, err


def test_replacing_a_big_file_lets_go_of_the_old_one_and_leaks_nothing(tmp_path):
    """Over a big file, the write holds the old one open across the rename and closes it on a
    thread (its blocks freed off the caller's time): the new bytes are in place, no temp file
    is left, a reader that had the old file open still reads it whole, and once the thread is
    done the process holds no more descriptors than before."""
    import threading
    import time

    from calldiary.atomic import BIG_OLD_FILE, write_atomic

    target = tmp_path / "diary.json"
    old = b"o" * (BIG_OLD_FILE + 5)
    target.write_bytes(old)
    before = set(os.listdir("/proc/self/fd"))
    with open(target, "rb") as reader:
        for n in range(3):
            new = bytes([ord("a") + n]) * (BIG_OLD_FILE + n)
            write_atomic(target, [new[:10], new[10:]])
            assert target.read_bytes() == new
        assert reader.read() == old  # (an open file is never changed in place)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["diary.json"]
    deadline = time.monotonic() + 5
    while any(t.name == "calldiary-free-old-file" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert set(os.listdir("/proc/self/fd")) <= before
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
