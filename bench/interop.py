"""Benchmark of importing a 10k-event .ics file, against calcurse's own import of the same file.

    python bench/interop.py [--events 10000]

The file is shaped like another calendar's export: DTSTART/DTEND with a TZID, a SUMMARY
"Contact - Topic", a DESCRIPTION and a UID per event. Both imports start from an empty diary,
best of 5 runs each, interleaved. calcurse: `apt-get install calcurse`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import NAMES, NOW, TZ
from bench.timing import row


def make_ics(path: Path, count: int) -> None:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    first = datetime(2026, 11, 26, 8) - timedelta(days=count // 16)
    for n in range(count):
        start = first + timedelta(days=n // 8, hours=n % 8)
        end = start + timedelta(minutes=30)
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{n}@example.com",
            "DTSTAMP:20261120T090000Z",
            f"DTSTART;TZID={TZ}:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID={TZ}:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:{NAMES[n % len(NAMES)]} - Topic {n}",
            "DESCRIPTION:Read up on them first.",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    path.write_text("\r\n".join(lines) + "\r\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    env = dict(os.environ, CALLDIARY_NOW=NOW, CALLDIARY_TZ=TZ, TZ=TZ)
    with tempfile.TemporaryDirectory(prefix="calldiary-bench-") as tmp:
        folder = Path(tmp)
        ics = folder / "events.ics"
        make_ics(ics, args.events)
        env["CALLDIARY_CONFIG"] = str(folder / "none.toml")

        def ours(n: int) -> float:
            db = folder / f"diary-{n}.json"
            return _timed([sys.executable, "-m", "calldiary", "--db", str(db), "import", str(ics)], env)

        def theirs(n: int) -> float:
            data = folder / f"calcurse-{n}"
            data.mkdir()
            (data / "apts").write_text("")
            (data / "todo").write_text("")
            return _timed(["calcurse", "-D", str(data), "-i", str(ics)], env)

        calcurse = shutil.which("calcurse")
        mine, base = [], []
        for n in range(5):
            mine.append(ours(n))
            if calcurse:
                base.append(theirs(n))
        print(f"Import, {args.events:,}-event .ics ({ics.stat().st_size / 1e6:.1f} MB)")
        if calcurse:
            print(row("calldiary import vs calcurse -i", min(mine), min(base), "floor: calcurse -i, same file"))
        else:
            print(f"  calldiary import {min(mine) * 1000:.0f} ms (calcurse not installed: no floor)")


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    import time

    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
