"""Benchmarks of the TUI.

    python bench/ui.py

- first frame: `calldiary` on a 10k-call diary, from process start to its first frame, vs. a bare
  Textual app showing a 50-row table (bench/ui_probe.py), best of 9 interleaved runs each.
- week move: pressing `]` (next week) until the app is idle again, less the same for an unbound
  key (the harness's own cost), on a 100k-call diary; vs. the same key rebuilding a bare 50-row
  DataTable, mean of 20 presses each.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import NOW, TZ, build
from bench.timing import best, row

PROBE = Path(__file__).with_name("ui_probe.py")


def first_frame(folder: Path) -> None:
    db = folder / "diary-10k.json"
    build(db, 10_000)
    env = dict(os.environ, CALLDIARY_NOW=NOW, CALLDIARY_TZ=TZ, CALLDIARY_STATE=str(folder / "ui.json"))
    env["PYTHONPATH"] = str(PROBE.parents[1])

    def run(*args: str) -> None:
        subprocess.run(
            [sys.executable, str(PROBE), *args],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    ours, bare = [], []
    for _ in range(9):  # interleaved, so a noisy moment hits both sides
        ours.append(best(lambda: run("calldiary", str(db)), repeat=1))
        bare.append(best(lambda: run("bare"), repeat=1))
    ours, bare = min(ours), min(bare)
    print(row("first frame, 10k calls", ours, bare, "floor: bare Textual app, 50-row table"))


async def _press_cost(app, key: str, presses: int) -> float:
    """Mean time of pressing `key` until the app is idle again, less the same for an unbound key
    (the test harness's own overhead), so what is left is the work the key causes."""

    async def mean(which: str) -> float:
        total = 0.0
        for _ in range(presses):
            start = time.perf_counter()
            await pilot.press(which)
            await pilot.pause()
            total += time.perf_counter() - start
        return total / presses

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        idle = min([await mean("f12") for _ in range(3)])
        return max(await mean(key) - idle, 1e-6)


def week_move(folder: Path) -> None:
    import pendulum
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import DataTable

    from calldiary.clock import Clock, zone
    from calldiary.store import Diary
    from calldiary.ui.app import CallDiaryApp

    class Bare(App[None]):
        BINDINGS = [Binding("]", "rebuild")]

        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            self.query_one(DataTable).add_columns("When", "Caller", "Contact", "Topic", "Status")
            self.action_rebuild()

        def action_rebuild(self) -> None:
            table = self.query_one(DataTable)
            table.clear()
            for n in range(50):
                table.add_row(f"{n:02d}:00–{n:02d}:30", "← them", f"Contact {n}", f"Topic {n}", "○ planned")

    db = folder / "diary-100k.json"
    build(db, 100_000)
    clock = Clock(zone(TZ), pendulum.parse(NOW).in_tz(TZ))
    ours = asyncio.run(_press_cost(CallDiaryApp(Diary(db, clock), clock), "]", 20))
    bare = asyncio.run(_press_cost(Bare(), "]", 20))
    print(row("week move, 100k calls", ours, bare, "floor: bare 50-row DataTable rebuild; goal < 50 ms"))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="calldiary-bench-") as tmp:
        print("TUI")
        first_frame(Path(tmp))
        week_move(Path(tmp))


if __name__ == "__main__":
    main()
