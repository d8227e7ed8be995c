"""The weekly review, dropping a contact, reminders and the settings."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

import click

from calldiary.cli_env import Env, db_option, print_json, say
from calldiary.clock import parse_week_label
from calldiary.contacts import close_names, contact_key, did_you_mean
from calldiary.errors import CallDiaryError
from calldiary.fmt import review_lines
from calldiary.text import printable


@click.command()
@db_option
@click.option("--week", "week", metavar="YYYY-Www", help="An ISO week (default: this week).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@click.pass_obj
def review(env: Env, week: str | None, as_json: bool) -> None:
    """The week's figures: outcomes, who failed whom, the whole time lost, repeat no-shows."""
    from calldiary.review import figures_json, repeat_offenders, week_figures

    clock = env.clock
    monday = clock.week_first(parse_week_label(week) if week else clock.today())
    diary = env.diary()
    now = clock.now()
    settings = env.settings
    late = settings.late_cancellation_hours
    this = week_figures(diary.week(monday), monday, now, late)
    before = week_figures(diary.week(monday - timedelta(weeks=1)), monday - timedelta(weeks=1), now, late)
    end = clock.day_start(monday + timedelta(weeks=1))
    window = settings.repeat_window_days
    repeat = repeat_offenders(diary.docs_between(end.subtract(days=window), end), end, window)
    if as_json:
        print_json(figures_json(this, before, repeat, clock))
        return
    click.echo("\n".join(review_lines(this, before, repeat, clock)))


@click.command()
@db_option
@click.argument("contact")
@click.option("--note", default="", help="Why you stopped dealing with them.")
@click.option("--undo", is_flag=True, help="Take the contact back (no longer dropped).")
@click.option("--new", is_flag=True, help="Drop someone who has no calls yet.")
@click.pass_obj
def drop(env: Env, contact: str, note: str, undo: bool, new: bool) -> None:
    """Mark a contact as dropped: booking them again shows a warning."""
    if not contact_key(contact):
        raise click.UsageError("which contact? give their name")
    diary = env.diary()
    known = [*diary.contacts(), *diary.dropped()]
    if not new and not any(contact_key(name) == contact_key(contact) for name in known):
        close = close_names(contact, known)
        hint = f"; {did_you_mean(close)}?" if close else ""
        raise CallDiaryError(
            f"no contact called {printable(contact.strip())!r}{printable(hint)} (--new drops someone with no calls yet)"
        )
    name = diary.canonical(contact)
    diary.set_dropped(name, not undo, note)
    click.echo(f"{printable(name)} {'taken back' if undo else 'dropped'}")


@click.command()
@db_option
@click.option("--once", is_flag=True, help="Say what is due now and exit (for cron or a systemd timer).")
@click.option("--watch", is_flag=True, help="Check every 30 s until interrupted (Ctrl-C).")
@click.option("--print", "print_only", is_flag=True, help="Print the reminders on stdout, one a line.")
@click.pass_obj
def remind(env: Env, once: bool, watch: bool, print_only: bool) -> None:
    """Remind of calls before they start, and ask for their outcome after they end.

    Delivers through the notify_command setting, else notify-send, else stdout. Printed
    reminders are one a line: <short id> <kind> <text>, kind being upcoming or outcome.
    """
    if once == watch:
        raise click.UsageError("use either --once or --watch")
    from calldiary.notify.deliver import no_show_history

    settings = env.settings
    diary = env.diary()

    def notifier() -> Any:
        from calldiary.notify import choose

        return choose(settings.notify_command, print_only=print_only, stream=sys.stdout)

    def say(line: str) -> None:
        click.echo(f"calldiary: {line}", err=True)

    record_line = no_show_history(diary, settings.late_cancellation_hours)
    if once:
        from calldiary.notify.deliver import deliver

        deliver(diary, settings, notifier, say, record_line=record_line)
        return
    from calldiary.notify.watch import watch as watch_loop

    watch_loop(diary, settings, notifier, say, record_line=record_line)


@click.command()
@click.pass_obj
def config(env: Env) -> None:
    """Print the effective settings and where each comes from."""
    settings = env.settings
    say(f"# settings file: {settings.path} ({'found' if settings.path and settings.path.exists() else 'not found'})")
    import json

    for key, value, source in settings.effective():
        if isinstance(value, list) and all(isinstance(v, int | str) for v in value):
            say(f"{key} = {json.dumps(value)}    # {source}")
        elif (
            key == "caldav" or isinstance(value, bool) or not isinstance(value, str | int) or str(value).startswith("(")
        ):
            say(f"# {key}: {printable(str(value))}    # {source}")  # not a value to save: shown as a comment
        elif isinstance(value, int):
            say(f"{key} = {value}    # {source}")
        else:
            say(f"{key} = {json.dumps(value)}    # {source}")  # a TOML basic string
    from calldiary.config import warnings

    for warning in warnings(settings):
        say(f"calldiary: warning: {warning}", err=True)
