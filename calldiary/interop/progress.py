"""The import's progress line on stderr, from the first byte read to the last event converted.

Parsing an .ics is one long call into the icalendar library (most of an import's time), so the
line cannot count it: while it runs a spinner turns beside the file's size and the time spent,
redrawn by a thread every tenth of a second; then the events are counted, n of N.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any, TextIO

_SPINNER = "|/-\\"


class Progress:
    def __init__(self, label: str, stream: TextIO, size: int) -> None:
        self.label = label
        self.stream = stream
        self.size = size
        self.done = 0
        self.total: int | None = None
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._turns = itertools.cycle(_SPINNER)
        self._thread = threading.Thread(target=self._run, name="import-progress", daemon=True)
        self._width = 0

    def __enter__(self) -> Progress:
        self._draw()
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
        with self._lock:
            if kind is None:
                self._write(self._line(final=True) + "\n")
            else:  # the error's own line follows: leave none of ours behind
                self._write("\r" + " " * self._width + "\r")

    def items(self, items: Iterable[Any]) -> Iterator[Any]:
        """`items`, counted as they are taken (the events being converted)."""
        listed = list(items)
        self.total = len(listed)
        for item in listed:
            yield item
            self.done += 1

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            self._write(self._line())

    def _line(self, final: bool = False) -> str:
        seconds = time.monotonic() - self._start
        size = f"{self.size / 1e6:.1f} MB" if self.size >= 100_000 else f"{self.size / 1e3:.1f} kB"
        if self.total is None:
            what = f"reading {size} {'' if final else next(self._turns)}".rstrip()
        else:
            width = 24
            filled = width * self.done // self.total if self.total else width
            what = f"{size} read, events [{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total}"
        return f"\r{self.label}: {what}  {seconds:.1f} s"

    def _write(self, text: str) -> None:
        self._width = max(self._width, len(text))
        self.stream.write(text.ljust(self._width) if text.startswith("\r") and not text.endswith("\n") else text)
        self.stream.flush()
