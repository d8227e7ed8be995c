"""Picking the format of a file to import or export."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from calldiary.clock import Clock
from calldiary.config import Settings
from calldiary.errors import CallDiaryError
from calldiary.interop.batch import Batch
from calldiary.model import Call, Direction

FORMATS = (".ics", ".ical", ".json", ".csv")
# Files above these sizes are refused before they are read (bench/limits.py, bench/README.md
# "Import limits"). An .ics costs icalendar ~0.4 s a MB and ~0.3-1 ms an event (quiet to busy):
# 16 MiB admits calldiary's own .ics with a 12 MB note (~5.5 s), and MAX_ICS_EVENTS bounds the
# per-event cost (18,000 ordinary events were ~4 MiB, the limit before). A .json or .csv is parsed
# by orjson / csv, far faster, but each call is still checked and indexed (~0.2 ms): at 128 MiB
# (~170,000 calls) an import took 38.5 s and 758 MB, so their limit is 32 MiB (~43,000 calls, or
# a diary holding a 12 MB note); a bigger diary moves as its file (README: Backing up).
MAX_IMPORT_BYTES = 16 * 1024 * 1024
MAX_TABLE_BYTES = 32 * 1024 * 1024
MAX_ICS_EVENTS = 20_000
_BACKUP = "a calldiary backup imports from its JSON export (calldiary export --format json)"


def limit_for(suffix: str) -> int:
    """The import limit in bytes of a file with this (lower-case) suffix."""
    return MAX_IMPORT_BYTES if suffix in (".ics", ".ical") else MAX_TABLE_BYTES


def _too_big(path: Path, size: int | None, limit: int) -> CallDiaryError:
    shown = f"{size / 2**20:.1f} MiB is" if size is not None else "it is"
    if limit == MAX_IMPORT_BYTES:
        return CallDiaryError(
            f"{path}: {shown} above the import limit of {limit // 2**20} MiB for .ics files (larger calendars "
            f"take too long to read); {_BACKUP}, up to {MAX_TABLE_BYTES // 2**20} MiB"
        )
    return CallDiaryError(
        f"{path}: {shown} above the import limit of {limit // 2**20} MiB for .json and .csv files; "
        "to move a whole diary, copy its diary file (see Backing up in the README)"
    )


def _read_limited(path: Path) -> bytes:
    """The bytes of a regular file within its format's import limit; anything else is refused."""
    limit = limit_for(path.suffix.lower())
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise CallDiaryError(f"{path}: can't read: {error.strerror or error}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CallDiaryError(f"{path}: not a regular file; import a file saved on disk")
        if info.st_size > limit:
            raise _too_big(path, info.st_size, limit)
        try:
            raw = file.read(limit + 1)
        except OSError as error:
            raise CallDiaryError(f"{path}: can't read: {error.strerror or error}") from None
    if len(raw) > limit:
        raise _too_big(path, None, limit)
    if limit == MAX_IMPORT_BYTES and raw.count(b"BEGIN:VEVENT") > MAX_ICS_EVENTS:
        raise CallDiaryError(
            f"{path}: more than {MAX_ICS_EVENTS:,} events, the import limit for .ics files (larger calendars "
            f"take too long to read); split the calendar, or {_BACKUP}"
        )
    return raw


def read_file(path: Path, clock: Clock, settings: Settings, *, progress: bool = False) -> Batch:
    """The calls in `path` (.ics, .json or .csv), or a CallDiaryError naming the file and where."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise CallDiaryError(f"{path}: can't tell its format; import .ics, .json or .csv files")
    if suffix in (".ics", ".ical") and progress:
        return _read_ics_with_progress(path, clock, settings)
    raw = _read_limited(path)
    try:
        if suffix in (".ics", ".ical"):
            from calldiary.interop.ics import read_ics

            return read_ics(
                raw,
                clock,
                default_minutes=settings.default_minutes,
                default_direction=Direction(settings.default_direction),
            )
        from calldiary.interop.table import read_csv, read_json

        return (read_json if suffix == ".json" else read_csv)(raw, clock)
    except CallDiaryError as error:
        raise CallDiaryError(f"{path}: {error}") from None


def _read_ics_with_progress(path: Path, clock: Clock, settings: Settings) -> Batch:
    """read_file for an .ics, with a progress line on stderr from the first byte read (the
    parse, most of the time, shows a spinner; then the events are counted)."""
    from calldiary.interop.ics import read_ics
    from calldiary.interop.progress import Progress

    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0  # _read_limited names the problem
    with Progress(f"importing {path.name}", sys.stderr, size) as shown:
        raw = _read_limited(path)
        try:
            return read_ics(
                raw,
                clock,
                default_minutes=settings.default_minutes,
                default_direction=Direction(settings.default_direction),
                progress=shown.items,
            )
        except CallDiaryError as error:
            raise CallDiaryError(f"{path}: {error}") from None


def export_bytes(
    fmt: str,
    calls: list[Call],
    clock: Clock,
    dropped: Mapping[str, str] | None = None,
    contacts: Iterable[Mapping[str, Any]] = (),
) -> bytes:
    """`calls` as an .ics, .csv or .json file; `dropped` (name -> note) travels with their calls,
    and a .json carries the whole contacts table too (`contacts`: its records)."""
    if fmt == "ics":
        from calldiary.interop.ics_write import write_ics

        return write_ics(calls, clock, dropped)
    from calldiary.interop.table import write_csv, write_json

    if fmt == "csv":
        return write_csv(calls, clock, dropped)
    return write_json(calls, clock, dropped, contacts)
