"""The diary's lock (calldiary.lock): the flock filelock takes, without importing filelock."""

from __future__ import annotations

import stat
import subprocess
import time

import pytest

from calldiary import storage
from calldiary.errors import DiaryFileError
from calldiary.lock import DiaryLock, LockTimeout
from calldiary.store import Diary
from tests.conftest import PYTHON, at

HOLD = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
"""


def _hold(path: str, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([PYTHON, "-c", HOLD, path, str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_diary_locked_by_filelock_in_another_process_waits_then_says_so(db_path, clock, monkeypatch):
    diary = Diary(db_path, clock)
    call = diary.add(at(27, 9), "Ann")
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.3)
    holder = _hold(f"{db_path}.lock", 5)
    try:
        other = Diary(db_path, clock)
        started = time.monotonic()
        with pytest.raises(DiaryFileError, match="stayed locked"):
            other.edit(call.id, topic="x")
        assert time.monotonic() - started >= 0.3
    finally:
        holder.kill()
        holder.wait()
    assert Diary(db_path, clock).edit(call.id, topic="y").topic == "y"  # released with its process


def test_the_lock_is_taken_once_the_other_process_lets_go(db_path, clock):
    diary = Diary(db_path, clock)
    call = diary.add(at(27, 9), "Ann")
    holder = _hold(f"{db_path}.lock", 0.5)
    try:
        assert Diary(db_path, clock).edit(call.id, topic="after").topic == "after"
    finally:
        holder.wait()


def test_the_lock_is_reentrant_and_its_file_private(tmp_path):
    path = str(tmp_path / "x.lock")
    lock = DiaryLock(path, 0.2)
    lock.acquire()
    lock.acquire()
    lock.release()
    assert lock.is_locked
    rival = DiaryLock(path, 0.1)
    with pytest.raises(LockTimeout, match=r"x\.lock"):
        rival.acquire()
    lock.release()
    assert not lock.is_locked
    rival.acquire()
    rival.release()
    assert stat.S_IMODE((tmp_path / "x.lock").stat().st_mode) == 0o600
