"""Writing a file the way the diary is written: whole or not at all, private, through symlinks.

The payload goes to a temp file with a random name (mode 0600) in the target's own folder; it is
fsynced, renamed over the target, and the folder is fsynced. A crash leaves the old file or the new
one, never a mix, and a failed write never destroys the previous file. A symlink is resolved first:
the write goes through to the file it points at (which stays a symlink's target), next to it.

Renaming over a big file frees the old file's blocks then and there (measured: 10 ms for 12 MB
on ext4, on the caller's time): the old file is held open across the rename, so the rename only
unlinks it, and its blocks are freed when that last reference is closed, on a thread of its own,
once the new file is durable.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from collections.abc import Iterable
from pathlib import Path

PRIVATE = 0o600
# An old file at least this big is closed (its blocks freed) on a thread of its own.
BIG_OLD_FILE = 1 << 20


def resolved(path: str | os.PathLike[str]) -> Path:
    """The real file behind `path` (symlinks followed, even a dangling one's target)."""
    return Path(os.path.realpath(path))


def temp_name(target: Path) -> Path:
    """A fresh temp file name next to `target`: .NAME.PID.RANDOM.tmp (never a fixed name)."""
    return target.parent / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"


def write_atomic(
    path: str | os.PathLike[str], payload: bytes | Iterable[bytes | bytearray], *, make_folder: bool = False
) -> Path:
    """Replace the file at `path` (or the file its symlink points at) by `payload` (bytes, or
    parts written one after the other: a big payload need not be joined into one copy); returns
    the real path written. OSError when it can't be done (the old file is then left as it was)."""
    parts = [payload] if isinstance(payload, bytes) else payload
    target = resolved(path)
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(os.stat(target).st_mode):
            # A device or a pipe (/dev/null, /dev/stdout): there is nothing to replace.
            with open(target, "wb") as file:
                for part in parts:
                    file.write(part)
            return target
    temp = temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), PRIVATE)
    try:
        try:
            for part in parts:
                view = memoryview(part)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        old = _held(target)
        try:
            os.replace(temp, target)
            fsync_folder(target.parent)
        finally:
            _let_go(old)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return target


def _held(target: Path) -> int | None:
    """An open descriptor of the big regular file at `target`, or None."""
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode) or st.st_size < BIG_OLD_FILE:
        os.close(fd)
        return None
    return fd


def _let_go(fd: int | None) -> None:
    if fd is not None:
        threading.Thread(target=_close, args=(fd,), name="calldiary-free-old-file", daemon=True).start()


def _close(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)
