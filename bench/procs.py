"""Timing whole processes: wall time, CPU time (user + system) and peak memory, best of N.

The machines are shared and noisy: each figure is the best of several rounds, and the rounds
interleave the commands compared, so a noisy moment hits all of them. CPU time is printed
beside wall time because it is much less disturbed by other processes on the same cores.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    rss: int  # peak resident memory, KiB


def run_once(cmd: list[str], env: dict[str, str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else b""
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')[-500:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def best_of(
    commands: dict[str, list[str]], env: dict[str, str], rounds: int, envs: dict[str, dict[str, str]] | None = None
) -> dict[str, Run]:
    """Each command `rounds` times, interleaved; the best wall, CPU and memory of each. `envs`:
    further environment variables for some of the commands, by name."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, cmd in commands.items():
            runs[name].append(run_once(cmd, {**env, **(envs or {}).get(name, {})}))
    return {
        name: Run(min(r.wall for r in got), min(r.cpu for r in got), min(r.rss for r in got))
        for name, got in runs.items()
    }


def ratio_row(label: str, mine: Run, floor: Run, goal: str = "") -> str:
    return (
        f"  {label:<40} wall {mine.wall * 1000:7.1f} / {floor.wall * 1000:7.1f} ms = {mine.wall / floor.wall:5.2f}x"
        f"   cpu {mine.cpu * 1000:7.1f} / {floor.cpu * 1000:7.1f} ms = {mine.cpu / floor.cpu:5.2f}x   {goal}"
    )


def memory_row(label: str, mine: Run, floor: Run, goal: str = "") -> str:
    peak = f"peak {mine.rss / 1024:7.1f} / {floor.rss / 1024:7.1f} MiB = {mine.rss / floor.rss:5.2f}x"
    return f"  {label:<40} {peak}   {goal}"
