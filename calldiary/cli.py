"""The command line. Opens the TUI (imported lazily) or runs one scriptable command."""

from __future__ import annotations

import sys

import click

from calldiary import __version__
from calldiary.cli_env import Env, db_option, notes_file_option, notes_given, print_json, say, who_dials_option
from calldiary.clock import parse_week_label, week_bounds
from calldiary.contacts import close_names, did_you_mean
from calldiary.errors import CallDiaryError, NotFound
from calldiary.lines import day_label
from calldiary.model import MAX_MINUTES, Call, Direction, Party, Status, short_id
from calldiary.store import default_path
from calldiary.text import printable

# The commands defined in other modules (command -> module, function), imported when they run, so
# that `mark` or `add` loads none of them; --help lists them all.
ELSEWHERE = {
    "config": ("cli_misc", "config"),
    "contacts": ("cli_calls", "contacts"),
    "drop": ("cli_misc", "drop"),
    "edit": ("cli_calls", "edit"),
    "export": ("cli_io", "export"),
    "import": ("cli_io", "import_file"),
    "remind": ("cli_misc", "remind"),
    "review": ("cli_misc", "review"),
    "search": ("cli_calls", "search"),
    "show": ("cli_calls", "show"),
    "sync": ("cli_sync", "sync"),
}


class _Commands(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in ELSEWHERE and cmd_name not in self.commands:
            import importlib

            module, name = ELSEWHERE[cmd_name]
            self.add_command(getattr(importlib.import_module(f"calldiary.{module}"), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.option("--demo", is_flag=True, help="Open a throwaway diary filled with a realistic week.")
@click.version_option(__version__, prog_name="calldiary")
@click.pass_context
def cli(ctx: click.Context, demo: bool) -> None:
    """calldiary: a keyboard-driven diary for phone-call commitments.

    Without a command, opens the full-screen diary on today.
    """
    env = ctx.ensure_object(Env)
    if ctx.invoked_subcommand is not None:
        return
    from calldiary.ui.launch import open_tui  # Textual is imported only here

    open_tui(env.db or default_path(), env.clock, env.settings, demo=demo)


@cli.command()
@db_option
@click.argument("when")
@click.argument("contact")
@click.option("--topic", default="", help="What the call is about.")
@click.option(
    "--minutes",
    type=click.IntRange(1, MAX_MINUTES),
    default=None,
    help="How long the call is booked for (default: the default_minutes setting, 30).",
)
@who_dials_option("Who dials (default: the default_direction setting).")
@click.option("--notes", default=None, help="Prep notes.")
@notes_file_option()
@click.option("--link", default="", help="Phone number or meeting link.")
@click.option("--prep", type=click.IntRange(0, MAX_MINUTES), default=0, help="Minutes spent preparing.")
@click.option("--turned-down", "turned_down", default="", help="What or whom you declined for this slot.")
@click.pass_obj
def add(
    env: Env,
    when: str,
    contact: str,
    topic: str,
    minutes: int | None,
    they_call: bool | None,
    notes: str | None,
    notes_file: str | None,
    link: str,
    prep: int,
    turned_down: str,
) -> None:
    """Book a call; prints its short id (and on stderr what it understood).

    WHEN: 2026-11-27 13:00, today 14:30, tomorrow 9, fri 13:00, +2d 10:00 or 13:00.
    """
    from calldiary.fmt import call_line, span
    from calldiary.when import parse_when

    settings = env.settings
    minutes = minutes or settings.default_minutes
    direction = (
        Direction(settings.default_direction)
        if they_call is None
        else (Direction.THEY_CALL if they_call else Direction.I_CALL)
    )
    notes = notes_given(notes, notes_file) or ""
    moment = parse_when(when, env.clock)
    if moment.note:
        say(f"calldiary: note: {moment.note}", err=True)
    diary = env.diary()
    known = [*diary.contacts(), *diary.dropped()]
    close = close_names(contact, known)
    clashes = diary.overlapping(moment.at, minutes)
    call = diary.add(
        moment.at,
        contact,
        minutes=minutes,
        direction=direction,
        topic=topic,
        notes=notes,
        link=link,
        prep_minutes=prep,
        turned_down=turned_down,
    )
    start = env.clock.local(call.start)
    click.echo(
        f"calldiary: booked {day_label(start.date())} {start.year} {span(call, env.clock)} with "
        f"{printable(call.contact)} ({call.direction.label})",
        err=True,
    )
    if call.contact != " ".join(contact.split()):
        click.echo(
            f'calldiary: note: "{printable(contact.strip())}" is the same contact as "{printable(call.contact)}": '
            "booked under that name",
            err=True,
        )
    elif close:
        click.echo(
            f"calldiary: note: {printable(call.contact)} is a new contact — {printable(did_you_mean(close))}? "
            f"(calldiary edit {call.short_id} --contact NAME fixes it)",
            err=True,
        )
    for other in clashes:
        click.echo(f"calldiary: warning: overlaps {call_line(other, env.clock)}", err=True)
    from calldiary.contacts import RecordBook

    record = RecordBook(diary, settings.late_cancellation_hours).figures(call.contact)
    if record is not None and (record.no_show or record.late_by_them or record.dropped):
        from calldiary.contacts import record_line

        click.echo(
            f"calldiary: warning: {printable(call.contact)}: {printable(record_line(record, env.clock))}", err=True
        )
    click.echo(call.short_id)


@cli.command("list")
@db_option
@click.option(
    "--week",
    "week",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[YYYY-Www]",
    help="An ISO week (default: this week).",
)
@click.option("--from", "start", metavar="WHEN", help="Start of the range (a day alone means its start).")
@click.option("--to", "end", metavar="WHEN", help="End of the range, not included.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def list_calls(env: Env, week: str | None, start: str | None, end: str | None, as_json: bool) -> None:
    """List calls: this week by default."""
    from calldiary.fmt import call_json, call_line
    from calldiary.when import parse_edge

    clock = env.clock
    if week is not None and (start or end):
        raise click.UsageError("use either --week or --from/--to, not both")
    if start or end:
        low = parse_edge(start, clock) if start else clock.day_start(clock.today())
        high = parse_edge(end, clock) if end else low.add(weeks=1)
        if high <= low:
            raise click.UsageError("--to must come after --from")
    else:
        day = parse_week_label(week) if week else clock.today()
        low, high = week_bounds(clock, day)
    calls = env.diary().between(low, high)
    if as_json:
        print_json([call_json(c, clock) for c in calls])
        return
    if not calls:
        last = (high.subtract(microseconds=1)).date()
        click.echo(f"no calls from {day_label(low.date())} to {day_label(last)} {last.year}")
        return
    click.echo("\n".join(call_line(c, clock) for c in calls))


@cli.command()
@db_option
@click.argument("call_id", metavar="ID")
@click.argument("status", metavar="STATUS")
@click.option(
    "--by",
    type=click.Choice(["me", "them"]),
    help="Who cancelled (default: them), or who did not show up (default: whoever was to dial).",
)
@click.option("--reason", default="", help="Why it was cancelled.")
@click.pass_obj
def mark(env: Env, call_id: str, status: str, by: str | None, reason: str) -> None:
    """Record a call's outcome.

    STATUS: kept, cancelled, no_show (or: ignored), planned.
    """
    wanted = Status.parse(status)
    diary = env.diary()
    call = diary.resolve(call_id)
    done = diary.mark(call.id, wanted, by=Party(by) if by else None, reason=reason)
    when = env.clock.local(done.start)
    line = (
        f"{done.short_id} marked {done.status.label}: {printable(done.contact)}, {day_label(when.date())} {when:%H:%M}"
    )
    if done.cancelled_by:
        line += f" (cancelled by {done.cancelled_by.value})"
    if done.no_show_by:
        line += f" (no-show by {done.no_show_by.value})"
    before = (call.status, call.cancelled_by, call.no_show_by, call.reason)
    if call.status is not Status.PLANNED and before != (done.status, done.cancelled_by, done.no_show_by, done.reason):
        line += f"; was {_outcome(call)}"  # (an outcome replaced says so: a wrong id is noticed)
    click.echo(line)


def _outcome(call: Call) -> str:
    """cancelled by them: moved to Friday · no-show (me) · kept"""
    said = call.status.label
    if call.cancelled_by:
        said += f" by {call.cancelled_by.value}"
    if call.no_show_by:
        said += f" ({call.no_show_by.value})"
    if call.reason:
        said += f": {printable(call.reason)}"
    return said


MIN_DELETE_ID = 4


@cli.command()
@db_option
@click.argument("call_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Don't ask for confirmation (on a terminal it asks).")
@click.pass_obj
def delete(env: Env, call_id: str, yes: bool) -> None:
    """Delete a call (ID: at least 4 characters of its id)."""
    from calldiary.fmt import call_line

    if len(call_id.strip().replace("-", "")) < MIN_DELETE_ID:
        raise click.UsageError(f"type at least {MIN_DELETE_ID} characters of the id to delete a call")
    diary = env.diary()
    try:
        found = diary.resolve(call_id)
    except NotFound:
        if not diary.broken():
            raise
        key = diary.delete_broken(call_id)  # a broken record set aside
        say(f"{short_id(key) or key} deleted (a broken record)")
        return
    if not yes and sys.stdin.isatty():
        click.confirm(f"delete {call_line(found, env.clock)}?", abort=True, err=True)
    gone = diary.delete(found.id)
    click.echo(f"{gone.short_id} deleted: {printable(gone.contact)}")


def _one_line(text: str) -> str:
    """A message as one printable line (click's own messages may span several)."""
    return printable(" ".join(part.strip() for part in text.strip().splitlines() if part.strip()))


def _bad_argument(args: list[str]) -> str | None:
    """The first argument that is not valid UTF-8 text (bytes the shell passed through), shown
    with the bad bytes replaced."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return None


def main(argv: list[str] | None = None) -> None:
    """The console script: every user error is one line on stderr and a non-zero status."""
    args = sys.argv[1:] if argv is None else argv
    bad = _bad_argument(args)
    if bad is not None:
        click.echo(f"calldiary: error: argument {_one_line(bad)!r} is not valid UTF-8 text", err=True)
        sys.exit(2)
    try:
        code = cli.main(args=args, prog_name="calldiary", standalone_mode=False)
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "calldiary"
        click.echo(f"calldiary: error: {_one_line(error.format_message())} (see {command} --help)", err=True)
        sys.exit(2)
    except click.ClickException as error:
        click.echo(f"calldiary: error: {_one_line(error.format_message())}", err=True)
        sys.exit(error.exit_code)
    except CallDiaryError as error:
        click.echo(f"calldiary: error: {_one_line(str(error))}", err=True)
        sys.exit(1)
    except click.Abort:
        click.echo("calldiary: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)
