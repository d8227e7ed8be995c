"""Benchmark of the import limits (issue 13): how long the worst files take, and their memory.

    python bench/limits.py

Each case runs `calldiary import` in a fresh process and reports its wall time and peak memory
(max RSS), next to `python -m calldiary --version` as the floor (start-up alone):
- the largest accepted .ics of ordinary events (just under the import limit),
- a junk file just under the limit, and one far above it (refused before reading),
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

from bench.interop import make_ics
from bench.synth import NOW, TZ
from calldiary.interop.load import MAX_IMPORT_BYTES

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


def main() -> None:
    env = dict(os.environ, CALLDIARY_NOW=NOW, CALLDIARY_TZ=TZ, TZ=TZ)
    with tempfile.TemporaryDirectory(prefix="calldiary-bench-") as tmp:
        folder = Path(tmp)
        env["CALLDIARY_CONFIG"] = str(folder / "none.toml")
        cases: dict[str, Path] = {}
        events = folder / "events.ics"
        count = 20_000
        make_ics(events, count)
        while events.stat().st_size > MAX_IMPORT_BYTES:
            count = int(count * 0.95)
            make_ics(events, count)
        cases[f"{count:,} events ({events.stat().st_size / 2**20:.1f} MiB)"] = events
        junk = folder / "junk.ics"
        junk.write_bytes(HEAD.encode() + b"X-JUNK:" + b"a" * (MAX_IMPORT_BYTES - 100) + b"\r\n" + TAIL.encode())
        cases["junk just under the limit"] = junk
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
