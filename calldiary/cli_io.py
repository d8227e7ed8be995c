"""The commands that move calls in and out of the diary: import and export."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from calldiary.cli_env import Env, db_option, say
from calldiary.errors import CallDiaryError
from calldiary.when import parse_edge


@click.command("import")
@db_option
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
def import_file(env: Env, file: Path) -> None:
    """Import calls from an .ics calendar, or from calldiary's own .json or .csv export.

    Importing the same file again adds nothing; changed events are updated.
    """
    from calldiary.interop.load import read_file

    settings = env.settings
    batch = read_file(file, env.clock, settings, progress=sys.stderr.isatty())
    diary = env.diary()
    done = diary.import_calls(batch.calls, batch.carried, batch.contacts)
    already = diary.dropped()
    for name, note in batch.dropped.items():
        if already.get(diary.canonical(name)) != note:
            diary.set_dropped(name, True, note)
    line = f"{file.name}: {done.added} added, {done.updated} updated, {done.skipped} skipped (unchanged)"
    extra = []
    if done.contacts:
        extra.append(f"{done.contacts} contact record{'s' if done.contacts != 1 else ''} restored")
    if done.older:
        extra.append(f"{done.older} older than the diary's copy kept as they are")
    if batch.occurrences:
        extra.append(f"{batch.occurrences} made from recurring events")
    if batch.all_day:
        extra.append(f"{batch.all_day} all-day event{'s' if batch.all_day != 1 else ''} skipped")
    if batch.too_long:
        extra.append(f"{batch.too_long} event{'s' if batch.too_long != 1 else ''} longer than a day skipped")
    for note in batch.notes:
        say(f"calldiary: note: {note}", err=True)
    say(line + ("; " + "; ".join(extra) if extra else ""))


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ics", "csv", "json"]),
    default=None,
    help="The file format (default: from the -o file's extension).",
)
@click.option("--from", "start", metavar="WHEN", help="Start of the range (default: everything).")
@click.option("--to", "end", metavar="WHEN", help="End of the range, not included.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here (default: stdout).")
@click.pass_obj
def export(env: Env, fmt: str | None, start: str | None, end: str | None, output: Path | None) -> None:
    """Export calls as iCalendar, CSV or JSON (outcomes included).

    With -o the file is written like the diary: whole or not at all, mode 0600.
    """
    from calldiary.atomic import write_atomic
    from calldiary.interop.load import export_bytes

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = {"ics": "ics", "ical": "ics", "csv": "csv", "json": "json"}.get(suffix)
        if fmt is None:
            raise click.UsageError("which format? add --format ics, csv or json")
    clock = env.clock
    diary = env.diary()
    if output is not None and _same_file(output, diary.path):
        raise CallDiaryError(f"{output}: that is the diary itself; export to another file")
    if start or end:
        low = parse_edge(start, clock) if start else clock.day_start(date(1900, 1, 1))
        high = parse_edge(end, clock) if end else clock.day_start(date(3000, 1, 1))
        if high <= low:
            raise click.UsageError("--to must come after --from")
        calls = diary.between(low, high)
    else:
        calls = diary.all()  # everything, whatever its date
    payload = export_bytes(fmt, calls, clock, diary.dropped(), diary.table("contacts").values())
    if output is None:
        sys.stdout.buffer.write(payload)
        return
    try:
        write_atomic(output, payload)
    except OSError as error:
        raise CallDiaryError(f"{output}: can't write: {error.strerror or error}") from None


def _same_file(one: Path, other: Path) -> bool:
    """True when both names lead to one file (through symlinks and hard links too)."""
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them does not exist (yet)
        return os.path.realpath(one) == os.path.realpath(other)
