"""A writer process for the crash and concurrency tests: adds (and marks) calls, reporting each.

usage: python -m tests.writer DB COUNT TAG
Prints "done <id>" after each change is reported done by the Diary (and so must be on disk).
"""

from __future__ import annotations

import sys

import pendulum

from calldiary.clock import Clock, zone
from calldiary.model import Status
from calldiary.store import Diary


def main() -> None:
    path, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    clock = Clock(zone("Europe/Berlin"), pendulum.datetime(2026, 11, 26, 15, tz="Europe/Berlin"))
    diary = Diary(path, clock)
    start = pendulum.datetime(2026, 11, 23, 8, tz="Europe/Berlin")
    for n in range(count):
        call = diary.add(start.add(minutes=n), f"{tag}-{n}", notes="x" * 200)
        print("done", call.id, flush=True)
        if n % 3 == 0:
            diary.mark(call.id, Status.NO_SHOW)
            print("marked", call.id, flush=True)


if __name__ == "__main__":
    main()
