"""The diary's cross-process lock: flock(2) on a lock file beside the diary.

The same lock filelock takes on Unix (an exclusive flock on the same file, which stays in place),
without its import, which costs a `calldiary mark` more than the rest of the CLI's imports. Where
flock is missing (no fcntl, or a file system without it) filelock decides, as before.
"""

from __future__ import annotations

import os
import time
from typing import Any

PRIVATE = 0o600


class LockTimeout(Exception):
    """The lock stayed held by another process for the whole timeout."""


class DiaryLock:
    """An exclusive lock on the file `path` (created mode 0600), reentrant within one process."""

    def __init__(self, path: str, timeout: float) -> None:
        self.lock_file = path
        self.timeout = timeout
        self._fd: int | None = None
        self._fallback: Any = None  # a filelock.FileLock where flock is missing
        self._depth = 0

    @property
    def is_locked(self) -> bool:
        return self._depth > 0

    def acquire(self) -> None:
        if self._depth:
            self._depth += 1
            return
        try:
            import fcntl
        except ImportError:  # (not Unix)
            self._acquire_fallback()
            return
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), PRIVATE)
        deadline = time.monotonic() + self.timeout
        pause = 0.001
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(self.lock_file) from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.05)
        except OSError:
            os.close(fd)
            self._acquire_fallback()  # e.g. ENOSYS / EOPNOTSUPP: a file system without flock
            return
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._depth = fd, 1

    def _acquire_fallback(self) -> None:
        from filelock import FileLock, Timeout

        if self._fallback is None:
            self._fallback = FileLock(self.lock_file, timeout=self.timeout, mode=PRIVATE)
        try:
            self._fallback.acquire()
        except Timeout:
            raise LockTimeout(self.lock_file) from None
        self._depth = 1

    def release(self) -> None:
        if self._depth > 1:
            self._depth -= 1
            return
        if self._depth == 0:
            return
        self._depth = 0
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the only descriptor releases the flock
        elif self._fallback is not None:
            self._fallback.release()
