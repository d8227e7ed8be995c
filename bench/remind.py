"""Benchmark of `calldiary remind --once` with nothing due, the run cron makes every minute.

Goal: within 1.5x of `calldiary list` for one week of the same 10k-call diary (the baseline is
measured in the same run). The diary is first brought to "nothing due" by one delivering run
(which also gives it its reminders table), so both commands read the very same file.

    .venv/bin/python bench/remind.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import NOW, TZ, build
from bench.timing import best, row

ROUNDS = 15


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ, CALLDIARY_NOW=NOW, CALLDIARY_TZ=TZ, CALLDIARY_CONFIG=str(folder / "none.toml"))
    env.pop("CALLDIARY_DB", None)
    env["PATH"] = str(folder / "empty")  # no notify-send: nothing is due anyway
    return env


def _run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="calldiary-bench-") as tmp:
        folder = Path(tmp)
        path = folder / "diary-10000.json"
        build(path, 10_000)
        env = _env(folder)
        base = [sys.executable, "-m", "calldiary", "--db", str(path)]
        first = _run([*base, "remind", "--once", "--print"], env)
        print(f"10,000 calls: the first run said {len(first.splitlines())} reminders; then nothing is due")
        assert _run([*base, "remind", "--once", "--print"], env) == ""

        def once(args: list[str]) -> float:
            start = time.perf_counter()
            subprocess.run([*base, *args], env=env, capture_output=True, check=True)
            return time.perf_counter() - start

        # Interleaved, so a busy moment of the machine weighs on both alike; best of each.
        lists, reminds, ratios = [], [], []
        for _ in range(ROUNDS):
            lists.append(once(["list"]))
            reminds.append(once(["remind", "--once"]))
            ratios.append(reminds[-1] / lists[-1])
        listing, remind = min(lists), min(reminds)
        bare = best(lambda: subprocess.run([sys.executable, "-c", "pass"], env=env, check=True), repeat=9)
        print(row("calldiary remind --once, nothing due", remind, listing, "floor: calldiary list, one week"))
        print(f"  (median of the {ROUNDS} paired runs' ratios: {statistics.median(ratios):.2f}x)")
        print(row("calldiary list, one week", listing, bare, "floor: python -c pass"))
        print(row("calldiary remind --once, nothing due", remind, bare, "floor: python -c pass"))


if __name__ == "__main__":
    main()
