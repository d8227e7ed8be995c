"""What saving a change costs when the diary holds a 200,000-line note as big as a call's notes may
be (1 MB as stored; issue 13, item 20).

    python bench/durable_notes.py [rounds]

A change saved in the TUI (`c enter`, the form's Enter) writes the whole diary durably: a temp
file, fsync, rename, fsync of the folder (see calldiary/storage.py). This times one such save
(`Diary.edit` of a topic, the path the TUI takes) against the bare durable write of the very same
bytes (write, fsync, rename, fsync of the folder: no calldiary code at all), and that bare write
against the same without the two fsyncs. Best of `rounds` (default 7), interleaved, in one run,
with a pause between them (calldiary frees the replaced file's blocks on a thread after a save:
see calldiary/atomic.py; the bare write frees them in its rename, as a plain program does).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.long_notes import long_note


def bare(folder: Path, payload: bytes, durable: bool) -> None:
    """Write `payload` as a new file and rename it over `folder/bare.json`, as the store does."""
    temp = folder / "bare.json.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, folder / "bare.json")
    if durable:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    from calldiary.demo import fill
    from calldiary.store import Diary
    from calldiary.ui.shots import pinned_clock

    with tempfile.TemporaryDirectory(prefix="calldiary-bench-", dir=os.environ.get("BENCH_DIR")) as tmp:
        folder = Path(tmp)
        diary = Diary(folder / "diary.json", pinned_clock())
        fill(diary)
        call = diary.week(diary.clock.today())[0]
        diary.edit(call.id, notes=long_note())
        payload = diary.path.read_bytes()
        times: dict[str, list[float]] = {"save": [], "save cpu": [], "durable": [], "plain": []}
        for n in range(rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            diary.edit(call.id, topic=f"Topic {n}")
            times["save"].append(time.perf_counter() - wall)
            times["save cpu"].append(time.process_time() - cpu)
            for name, durable in (("durable", True), ("plain", False)):
                time.sleep(0.2)  # (the old file a save let go of is freed on a thread meanwhile)
                wall = time.perf_counter()
                bare(folder, payload, durable)
                times[name].append(time.perf_counter() - wall)
            time.sleep(0.2)
        best = {name: min(values) for name, values in times.items()}
        size = len(payload) / 1e6
    print(f"One saved change with a {size:.1f} MB diary (best of {rounds}, ms):")
    save, cpu = best["save"] * 1000, best["save cpu"] * 1000
    print(f"  save through the diary (Diary.edit)        {save:7.1f}   (CPU {cpu:.1f})")
    print(f"  bare write + fsync + rename + fsync folder {best['durable'] * 1000:7.1f}")
    print(f"  bare write + rename, no fsync              {best['plain'] * 1000:7.1f}")
    print(f"  save / bare durable write                  {best['save'] / best['durable']:7.2f}x")
    print(f"  bare durable / bare without fsync          {best['durable'] / best['plain']:7.2f}x")


if __name__ == "__main__":
    main()
