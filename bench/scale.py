"""A heavy user's diary: 100k calls (~40 MB). Each figure against its floor, in the same run.

    python bench/scale.py [--venv DIR] [--count N] [--rounds R] [--only processes|tui]

Processes run with the interpreter of the README's virtual environment (see bench/startup.py):
- `calldiary list` (one week) vs a process that only reads and parses the file with orjson
  (goal <= 1.3x), and its peak memory vs that process's (goal <= 1.2x);
- `calldiary mark` vs a process that reads, parses, dumps and atomically, durably replaces the
  file (goal <= 1.3x).
In the TUI (this interpreter):
- a status change (y / p on a call of this week that has started, until the app is idle again, less an unbound key's
  cost) vs dumping the diary and replacing the file atomically and durably (goal <= 1.3x), wall and CPU;
- the first frame vs a bare Textual app's first frame after parsing the file with orjson
  (goal <= 1.2x): both processes end in the first callback after their first refresh (see
  bench/ui_probe.py; calldiary opens the diary as ui/launch.py does, peek=True: PROBE_PEEK=0 in
  the environment parses it first, as before the fourth round); and the whole processes as the
  previous rounds timed them (calldiary's exits after two refreshes: the record line the week
  screen fills in after its first frame — with peek, the parse of the file — and the app's
  shutdown are in it).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.procs import best_of, memory_row, ratio_row
from bench.startup import readme_venv, seal_with
from bench.store import durable_floor
from bench.synth import NOW, TZ, build
from calldiary.clock import Clock, zone
from calldiary.store import Diary

PROBE = Path(__file__).with_name("ui_probe.py")

FLOOR_WRITE = """
import orjson, os, sys
path = sys.argv[1]
with open(path, "rb") as file:
    data = orjson.loads(file.read())
payload = orjson.dumps(data)
temp = path + ".floor.tmp"
fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, payload)
os.fsync(fd)
os.close(fd)
os.replace(temp, path)
folder = os.open(os.path.dirname(path), os.O_RDONLY)
os.fsync(folder)
os.close(folder)
"""


def processes(folder: Path, db: Path, past: str, bin_: Path, rounds: int) -> None:
    python, calldiary = str(bin_ / "python"), str(bin_ / "calldiary")
    env = dict(os.environ, CALLDIARY_DB=str(db), CALLDIARY_NOW=NOW, CALLDIARY_TZ=TZ, TZ="UTC")
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    for name in ("CALLDIARY_CONFIG", "PYTHONPATH"):
        env.pop(name, None)
    floor_db = folder / "floor.json"
    floor_db.write_bytes(db.read_bytes())
    got = best_of(
        {
            "list": [calldiary, "list"],
            "parse": [python, "-c", f"import orjson\nwith open({str(db)!r}, 'rb') as f: orjson.loads(f.read())"],
            "mark": [calldiary, "mark", past[:8], "kept"],
            "write": [python, "-c", FLOOR_WRITE, str(floor_db)],
        },
        env,
        rounds,
    )
    print(ratio_row("calldiary list, one week", got["list"], got["parse"], "floor: read + orjson parse; goal <= 1.3x"))
    print(memory_row("peak memory of list", got["list"], got["parse"], "floor: the same; goal <= 1.2x"))
    print(ratio_row("calldiary mark", got["mark"], got["write"], "floor: parse + dump + durable replace; <= 1.3x"))


async def _press_cost(
    app: object, keys: list[tuple[str, ...]], presses: int, db: Path, past: str
) -> tuple[float, float]:
    """Mean wall and CPU time of pressing each of `keys` in turn until the app is idle again, less
    the same for an unbound key (the harness's own cost). Every press of `keys` must write the diary."""

    async def mean(which: list[tuple[str, ...]]) -> tuple[float, float, int]:
        wall, cpu, writes = 0.0, 0.0, 0
        for n in range(presses):
            stamp = db.stat().st_mtime_ns
            start, start_cpu = time.perf_counter(), time.process_time()
            await pilot.press(*which[n % len(which)])
            await pilot.pause()
            wall += time.perf_counter() - start
            cpu += time.process_time() - start_cpu
            writes += db.stat().st_mtime_ns != stamp
        return wall / presses, cpu / presses, writes

    async with app.run_test(size=(120, 36)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        app.screen.reload(past)  # type: ignore[attr-defined]  # a call of this week that has started
        await pilot.press("p")  # planned (if it was not): from here each y and p writes
        await pilot.pause()
        idles = [await mean([("f12",)]) for _ in range(3)]
        idle_wall, idle_cpu = min(i[0] for i in idles), min(i[1] for i in idles)
        took, took_cpu, writes = await mean(keys)
        if writes != presses:
            raise SystemExit(f"only {writes} of {presses} presses wrote the diary: the bench is wrong")
        return max(took - idle_wall, 1e-6), max(took_cpu - idle_cpu, 1e-6)


def tui(folder: Path, db: Path, clock: Clock, rounds: int) -> None:
    from calldiary.ui.app import CallDiaryApp

    diary = Diary(db, clock)
    past = next(call.id for call in diary.week(clock.today()) if call.start < clock.now())
    change, change_cpu = asyncio.run(_press_cost(CallDiaryApp(diary, clock), [("y",), ("p",)], 2 * rounds, db, past))
    with open(db, "rb") as file:
        data = orjson.loads(file.read())
    floors = [_timed(lambda: durable_floor(folder, data)) for _ in range(rounds)]
    floor, floor_cpu = min(f[0] for f in floors), min(f[1] for f in floors)
    print(
        f"  {'status change in the TUI':<40} wall {change * 1000:7.1f} / {floor * 1000:7.1f} ms = "
        f"{change / floor:5.2f}x   cpu {change_cpu * 1000:7.1f} / {floor_cpu * 1000:7.1f} ms = "
        f"{change_cpu / floor_cpu:5.2f}x   floor: dump + durable replace; goal <= 1.3x"
    )

    # The package compiled, as an installed one is (pip compiles it): with PYTHONDONTWRITEBYTECODE
    # set, a source tree's modules would otherwise be compiled again by every probe.
    compileall.compile_dir(str(PROBE.parents[1] / "calldiary"), quiet=1)
    env = dict(os.environ, CALLDIARY_NOW=NOW, CALLDIARY_TZ=TZ, CALLDIARY_STATE=str(folder / "ui.json"))
    env["PYTHONPATH"] = str(PROBE.parents[1])
    frames = best_of(
        {
            "ours": [sys.executable, str(PROBE), "calldiary", str(db)],
            "bare": [sys.executable, str(PROBE), "bare", str(db)],
        },
        {**env, "PROBE_AT_FRAME": "1"},
        rounds,
    )
    print(ratio_row("first frame", frames["ours"], frames["bare"], "floor: bare app + orjson parse; goal <= 1.2x"))
    whole = best_of(
        {
            "ours": [sys.executable, str(PROBE), "calldiary", str(db), "2"],
            "bare": [sys.executable, str(PROBE), "bare", str(db)],
        },
        env,
        rounds,
    )
    label = "  whole process (record line, shut down)"
    print(ratio_row(label, whole["ours"], whole["bare"], "the previous rounds' probe: 2 refreshes, exit"))


def _timed(work: object) -> tuple[float, float]:
    start, start_cpu = time.perf_counter(), time.process_time()
    work()  # type: ignore[operator]
    return time.perf_counter() - start, time.process_time() - start_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venv", type=Path, default=Path(tempfile.gettempdir()) / "calldiary-readme-venv")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", choices=["processes", "tui"], help="one half of the figures")
    args = parser.parse_args()
    # (the TUI figures run this interpreter on this source tree: they need no README venv)
    bin_ = readme_venv(args.venv) if args.only != "tui" else None
    clock = Clock(zone(TZ), pendulum.parse(NOW).in_tz(TZ))
    with tempfile.TemporaryDirectory(prefix="calldiary-bench-") as tmp:
        folder = Path(tmp)
        db = folder / "diary.json"
        docs = build(db, args.count)
        past = next(d["id"] for d in docs if d["start"] < "2026-11-26")
        env = dict(os.environ, CALLDIARY_DB=str(db), CALLDIARY_NOW=NOW, CALLDIARY_TZ=TZ, TZ="UTC")
        env["XDG_CONFIG_HOME"] = str(folder / "config")
        env.pop("PYTHONPATH", None)
        if bin_ is not None:
            seal_with(str(bin_ / "calldiary"), docs, env)  # written once by the calldiary under test
        else:
            env["PYTHONPATH"] = str(PROBE.parents[1])
            mark = [sys.executable, "-m", "calldiary", "mark", past[:8], "kept"]
            subprocess.run(mark, env=env, check=True, capture_output=True)
        print(f"{args.count:,} calls ({db.stat().st_size / 1e6:.1f} MB), {args.rounds} rounds, best of each")
        if bin_ is not None:
            processes(folder, db, past, bin_, args.rounds)
        if args.only != "processes":
            tui(folder, db, clock, args.rounds)


if __name__ == "__main__":
    main()
