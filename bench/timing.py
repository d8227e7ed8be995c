"""Timing helpers: best-of-N wall time, so noise only ever makes a figure worse."""

from __future__ import annotations

import time
from collections.abc import Callable


def best(fn: Callable[[], object], repeat: int = 7, number: int = 1) -> float:
    """Best time of `repeat` rounds of `number` calls, in seconds per call."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def row(label: str, seconds: float, floor: float, note: str = "") -> str:
    return (
        f"  {label:<34} {seconds * 1000:9.2f} ms   floor {floor * 1000:9.2f} ms   ratio {seconds / floor:6.2f}x  {note}"
    )
