"""Writing a file the way the diary is written: whole or not at all, private, through symlinks.

The payload goes to a temp file with a random name (mode 0600) in the target's own folder; it is
fsynced, renamed over the target, and the folder is fsynced. A crash leaves the old file or the new
one, never a mix, and a failed write never destroys the previous file. A symlink is resolved first:
the write goes through to the file it points at (which stays a symlink's target), next to it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

PRIVATE = 0o600


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
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(target.parent)
    return target


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
