"""The commands that find, show and change one call, and the contacts commands."""

from __future__ import annotations

import click

from calldiary.cli_env import Env, db_option, notes_file_option, notes_given, print_json, say, who_dials_option
from calldiary.errors import CallDiaryError, NotFound
from calldiary.fmt import call_json, call_line, contact_lines, show_lines
from calldiary.model import MAX_MINUTES, Direction
from calldiary.text import printable
from calldiary.when import parse_when


@click.command()
@db_option
@click.argument("call_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@click.pass_obj
def show(env: Env, call_id: str, as_json: bool) -> None:
    """Everything about one call, plus the contact's record line."""
    from calldiary.contacts import RecordBook

    diary = env.diary()
    call = diary.resolve(call_id)
    record = RecordBook(diary, env.settings.late_cancellation_hours).line(call.contact)
    from calldiary.sync.state import history, history_lines

    if as_json:
        print_json({**call_json(call, env.clock), "record": record, "sync_history": history(diary, call.id)})
        return
    click.echo("\n".join(show_lines(call, env.clock, record)))
    lost = history_lines(diary, call.id)
    if lost:
        say("sync history (values that lost a conflict):")
        for line in lost:
            say(f"  {line}")


@click.command()
@db_option
@click.argument("call_id", metavar="ID")
@click.option("--when", "when", metavar="WHEN", help="A new start (same forms as `add`).")
@click.option("--minutes", type=int, default=None, help="A new length in minutes.")
@click.option("--contact", default=None, help="Who it is with.")
@click.option("--topic", default=None, help="What it is about.")
@click.option("--notes", default=None, help="Prep notes.")
@notes_file_option()
@click.option("--link", default=None, help="Phone number or meeting link.")
@click.option("--prep", type=int, default=None, help="Minutes spent preparing.")
@click.option("--turned-down", "turned_down", default=None, help="What or whom you declined for this slot.")
@who_dials_option("Who dials.")
@click.pass_obj
def edit(
    env: Env,
    call_id: str,
    when: str | None,
    minutes: int | None,
    contact: str | None,
    topic: str | None,
    notes: str | None,
    notes_file: str | None,
    link: str | None,
    prep: int | None,
    turned_down: str | None,
    they_call: bool | None,
) -> None:
    """Change a call: only what is given, with the same checks as the form."""
    notes = notes_given(notes, notes_file)
    diary = env.diary()
    call = diary.resolve(call_id)
    changes: dict[str, object] = {}
    if when is not None:
        moment = parse_when(when, env.clock, env.clock.local(call.start).date())
        if moment.note:
            click.echo(f"calldiary: note: {moment.note}", err=True)
        changes["start"] = moment.at
    if minutes is not None:
        if not 1 <= minutes <= MAX_MINUTES:
            raise CallDiaryError(f"--minutes: a call lasts 1 to {MAX_MINUTES} minutes, not {minutes}")
        changes["minutes"] = minutes
    if prep is not None:
        if not 0 <= prep <= MAX_MINUTES:
            raise CallDiaryError(f"--prep: 0 to {MAX_MINUTES} minutes, not {prep}")
        changes["prep_minutes"] = prep
    for name, value in (
        ("contact", contact),
        ("topic", topic),
        ("notes", notes),
        ("link", link),
        ("turned_down", turned_down),
    ):
        if value is not None:
            changes[name] = value.rstrip() if name == "notes" else value.strip()
    if they_call is not None:
        changes["direction"] = Direction.THEY_CALL if they_call else Direction.I_CALL
    if not changes:
        raise click.UsageError("nothing to change: give at least one option")
    after = diary.edit(call.id, **changes)
    start = changes.get("start")
    if start is not None:
        for other in diary.overlapping(after.start, after.minutes, exclude=after.id):
            click.echo(f"calldiary: warning: overlaps {call_line(other, env.clock)}", err=True)
    click.echo(call_line(after, env.clock))


@click.command()
@db_option
@click.argument("text", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (objects as in `list --json`).")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many calls.")
@click.pass_obj
def search(env: Env, text: tuple[str, ...], as_json: bool, limit: int | None) -> None:
    """Find calls by contact, topic, prep notes, phone/link, reason or turned-down text,
    ignoring case and accents; newest first."""
    from calldiary.search import Finder

    if not " ".join(text).strip():
        raise click.UsageError("give some text to search for")
    diary = env.diary()
    ids = Finder(diary).find(" ".join(text), limit)
    calls = [diary.get(call_id) for call_id in ids]
    if as_json:
        print_json([call_json(call, env.clock) for call in calls])
        return
    if not calls:
        click.echo(f"no calls match {printable(' '.join(text))!r}")
        return
    click.echo("\n".join(call_line(call, env.clock) for call in calls))


@click.group(invoke_without_command=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def contacts(ctx: click.Context, as_json: bool) -> None:
    """Every contact's record: calls, kept, cancelled, late, no-shows, show rate."""
    if ctx.invoked_subcommand is not None:
        return
    from calldiary.contacts import contact_figures, contacts_json

    env = ctx.ensure_object(Env)
    diary = env.diary()
    rows = contact_figures(diary.docs(), diary.dropped(), env.settings.late_cancellation_hours)
    if as_json:
        print_json(contacts_json(rows))
        return
    if not rows:
        click.echo("no contacts yet")
        return
    click.echo("\n".join(contact_lines(rows, env.clock)))


@contacts.command()
@db_option
@click.argument("old")
@click.argument("new")
@click.pass_obj
def rename(env: Env, old: str, new: str) -> None:
    """Rename contact OLD to NEW in every call (merging them when NEW exists), atomically."""
    from calldiary.contacts import close_names, contact_key, did_you_mean

    diary = env.diary()
    known = [*diary.contacts(), *diary.dropped()]
    merged = next((n for n in known if contact_key(n) == contact_key(new) != contact_key(old)), None)
    try:
        before, after, changed = diary.rename_contact(old, new)
    except NotFound as error:
        close = close_names(old, known)
        raise CallDiaryError(f"{error}" + (f"; {did_you_mean(close)}?" if close else "")) from None
    line = f"{printable(before)} → {printable(after)}: {changed} call{'s' if changed != 1 else ''} changed"
    if merged is not None:  # (said: two people's records are one now)
        line += f"; merged with the contact {printable(after)} already there"
        if after in diary.dropped():
            line += ", who is dropped"
    click.echo(line)
