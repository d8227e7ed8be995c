"""Crash safety and concurrency, with real processes."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from calldiary.model import Status
from calldiary.store import Diary
from tests.conftest import make_clock

ROOT = Path(__file__).resolve().parents[1]


def _writer(db: Path, count: int, tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.writer", str(db), str(count), tag],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_at_random_moments_never_loses_a_reported_write(tmp_path):
    db = tmp_path / "diary.json"
    rng = random.Random(20261126)
    reported: set[str] = set()
    marked: set[str] = set()
    for round_ in range(30):
        proc = _writer(db, 10_000, f"r{round_}")
        # Wait for the first reported write (start-up time varies with the machine's load), then
        # kill it at a random moment while it writes.
        first = proc.stdout.readline() if proc.stdout else ""
        time.sleep(rng.uniform(0.0, 0.45))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        out = first + out
        assert "Traceback" not in err, err
        # A kill can cut the last line short: only whole lines were reported.
        for line in out.split("\n")[:-1]:
            word, _, call_id = line.partition(" ")
            assert len(call_id) == 36, line
            (reported if word == "done" else marked).add(call_id)
        diary = Diary(db, make_clock())  # always loads: never a partial file
        on_disk = {
            c.id: c for c in diary.between(make_clock().now().subtract(years=1), make_clock().now().add(years=1))
        }
        assert reported <= on_disk.keys(), (round_, sorted(reported - on_disk.keys())[:3])
        assert all(on_disk[i].status is Status.NO_SHOW for i in marked)
    assert len(reported) > 100  # the kills did land mid-stream, many times


def test_two_writers_at_once_lose_nothing(tmp_path):
    db = tmp_path / "diary.json"
    procs = [_writer(db, 60, tag) for tag in ("a", "b")]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    diary = Diary(db, make_clock())
    assert len(diary) == 120
    calls = diary.between(make_clock().now().subtract(years=1), make_clock().now().add(years=1))
    assert {c.contact for c in calls} == {f"{t}-{n}" for t in "ab" for n in range(60)}
    assert sum(c.status is Status.NO_SHOW for c in calls) == 40


def test_temp_files_of_dead_writers_are_swept(tmp_path):
    db = tmp_path / "diary.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".diary.json.{dead.stdout.strip()}.abcd1234.tmp"
    stale.write_bytes(b'{"half": ')
    unrelated = tmp_path / "notes.tmp"
    unrelated.write_bytes(b"mine")
    from tests.conftest import at

    Diary(db, make_clock()).add(at(26, 10), "Ann")
    assert not stale.exists() and unrelated.exists()
