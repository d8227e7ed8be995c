"""`calldiary sync`: the CalDAV sync from the command line (the work is in calldiary/sync/)."""

from __future__ import annotations

import sys

import click

from calldiary.cli_env import Env, db_option, print_json, say


@click.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as a JSON object.")
@click.pass_obj
def sync(env: Env, as_json: bool) -> None:
    """Make the diary and the [caldav] calendar agree, both ways (see README, Sync)."""
    from calldiary.sync.engine import run_sync

    report = run_sync(env.diary(), env.settings)
    if as_json:
        print_json(report.as_dict())
    else:
        click.echo(report.line())
    if report.problems:
        for problem in report.problems:
            say(f"calldiary: error: {problem}", err=True)
        sys.exit(1)
