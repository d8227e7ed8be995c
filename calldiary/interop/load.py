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
# Files above this size are refused before they are read: a 4 MiB .ics holds ~18,000 events, which
# import in ~10 s on a busy 2-core machine (bench/limits.py); parsing grows linearly beyond.
MAX_IMPORT_BYTES = 4 * 1024 * 1024


def _read_limited(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_IMPORT_BYTES; anything else is refused."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise CallDiaryError(f"{path}: can't read: {error.strerror or error}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CallDiaryError(f"{path}: not a regular file; import a file saved on disk")
        if info.st_size > MAX_IMPORT_BYTES:
            raise CallDiaryError(
                f"{path}: {info.st_size / 2**20:.1f} MiB is above the import limit of "
                f"{MAX_IMPORT_BYTES // 2**20} MiB; split the file"
            )
        try:
            raw = file.read(MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise CallDiaryError(f"{path}: can't read: {error.strerror or error}") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise CallDiaryError(f"{path}: above the import limit of {MAX_IMPORT_BYTES // 2**20} MiB; split the file")
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
