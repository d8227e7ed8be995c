"""Benchmark of the import limits (issue 13): how long the worst files take, and their memory.

    python bench/limits.py

Each case runs `calldiary import` in a fresh process and reports its wall time and peak memory
(max RSS), next to `python -m calldiary --version` as the floor (start-up alone):
- the largest accepted .ics of ordinary events (MAX_ICS_EVENTS of them),
- a junk .ics, .json and .csv just under their byte limits, and a file far above (refused unread),
- calldiary's own .json, .csv and .ics export of a call with a 200,000-line note as big as a call's
  notes may be (1 MB),
- a calldiary JSON export just under the .json limit (~43,000 calls),
- an hourly series (capped at 1,000 occurrences, the rest counted),
- the crafted files of the issue (SECONDLY, INTERVAL=0, a per-second VTIMEZONE), refused.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import orjson
import pendulum

from bench.interop import make_ics
from bench.long_notes import long_note
from bench.synth import NOW, TZ, build
from calldiary.interop.load import MAX_ICS_EVENTS, MAX_IMPORT_BYTES, MAX_TABLE_BYTES

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
TAIL = "END:VCALENDAR\r\n"


def _event(rule: str, start: str = "20261120T000000Z") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:x\r\nDTSTART:{start}\r\nDURATION:PT30M\r\nSUMMARY:Ann\r\nRRULE:{rule}\r\nEND:VEVENT\r\n"
    )


_MEASURE = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], capture_output=True).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
)


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit status of one calldiary process (measured by a
    parent of its own, so each case's peak is its own)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "calldiary", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    peak, code = done.stdout.split()
    return seconds, int(peak) / 1024, int(code)


def _own_exports(folder: Path, env: dict[str, str]) -> dict[str, Path]:
    """calldiary's exports of a call with a 1 MB (200,000-line) note, and a JSON export at the .json limit."""
    from calldiary.clock import Clock, zone
    from calldiary.store import Diary

    note_db = folder / "note-diary.json"
    diary = Diary(note_db, Clock(zone(TZ), pendulum.parse(NOW).in_tz(TZ)))
    diary.add(pendulum.parse("2026-11-20T10:00:00Z"), "Ann Lee", topic="Pricing", notes=long_note())
    diary.close()
    out: dict[str, Path] = {}
    for fmt in ("json", "csv", "ics"):
        path = folder / f"note.{fmt}"
        subprocess.run(
            [sys.executable, "-m", "calldiary", "--db", str(note_db), "export", "--format", fmt, "-o", str(path)],
            env=env,
            check=True,
        )
        out[f"own .{fmt}, 1 MB note ({path.stat().st_size / 2**20:.1f} MiB)"] = path
    docs = build(folder / "many.json", 10_000)
    small = folder / "many-export.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "calldiary",
            "--db",
            str(folder / "many.json"),
            *("export", "--format", "json", "-o", str(small)),
        ],
        env=env,
        check=True,
    )
    calls = orjson.loads(small.read_bytes())["calls"]
    per_call = small.stat().st_size / len(docs)
    wanted = int(MAX_TABLE_BYTES * 0.97 / per_call)
    many = [dict(call, id=f"{n:08x}{call['id'][8:]}") for n in range(wanted) for call in [calls[n % len(calls)]]]
    full = folder / "limit.json"
    full.write_bytes(orjson.dumps({"calldiary_export": 1, "calls": many, "contacts": []}, option=orjson.OPT_INDENT_2))
    out[f"own .json, {len(many):,} calls ({full.stat().st_size / 2**20:.1f} MiB)"] = full
    return out


def main() -> None:
    env = dict(os.environ, CALLDIARY_NOW=NOW, CALLDIARY_TZ=TZ, TZ=TZ)
    with tempfile.TemporaryDirectory(prefix="calldiary-bench-") as tmp:
        folder = Path(tmp)
        env["CALLDIARY_CONFIG"] = str(folder / "none.toml")
        cases: dict[str, Path] = {}
        events = folder / "events.ics"
        make_ics(events, MAX_ICS_EVENTS)
        cases[f"{MAX_ICS_EVENTS:,} events ({events.stat().st_size / 2**20:.1f} MiB)"] = events
        cases.update(_own_exports(folder, env))
        junk = folder / "junk.ics"
        junk.write_bytes(HEAD.encode() + b"X-JUNK:" + b"a" * (MAX_IMPORT_BYTES - 100) + b"\r\n" + TAIL.encode())
        cases["junk .ics just under its limit"] = junk
        for suffix, body in (
            (".json", b'["' + b"a" * (MAX_TABLE_BYTES - 10) + b'"]'),
            (".csv", b"a\n" * (MAX_TABLE_BYTES // 2 - 8)),
        ):
            table_junk = folder / f"junk{suffix}"
            table_junk.write_bytes(body)
            cases[f"junk {suffix} just under its limit"] = table_junk
        huge = folder / "huge.ics"
        with open(huge, "wb") as file:
            file.truncate(200 * 2**20)
        cases["200 MiB file (refused)"] = huge
        for name, body in {
            "hourly series (capped)": _event("FREQ=HOURLY"),
            "FREQ=SECONDLY (refused)": _event("FREQ=SECONDLY"),
            "INTERVAL=0 (refused)": _event("FREQ=DAILY;INTERVAL=0"),
            "hourly since 1900 (refused)": _event("FREQ=HOURLY", "19000101T000000Z"),
        }.items():
            path = folder / f"{len(cases)}.ics"
            path.write_text(HEAD + body + TAIL)
            cases[name] = path
        floor, floor_mb, _ = min(_run(["--version"], env) for _ in range(3))
        print(f"floor: python -m calldiary --version  {floor * 1000:.0f} ms, {floor_mb:.0f} MB")
        for n, (name, path) in enumerate(cases.items()):
            db = folder / f"diary-{n}.json"
            seconds, peak, code = _run(["--db", str(db), "import", str(path)], env)
            print(f"  {name:<36} {seconds:6.2f} s  ratio {seconds / floor:6.1f}x  exit {code}  peak ≤ {peak:.0f} MB")


if __name__ == "__main__":
    main()
