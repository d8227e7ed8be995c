"""Delivery backends behind one small interface, chosen at run time (the way toolong picks a
file watcher): the `notify_command` setting, else `notify-send` on PATH, else stdout.

A backend's `send(reminder)` says it or fails; it never raises for a notifier that is missing,
fails or hangs: the returned `Sent` carries one line saying what went wrong.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol, TextIO

from calldiary.remind import Action, Reminder

TIMEOUT_SECONDS = 60.0
# Tests shorten the wait for a hanging notifier; the longest allowed stays below remind.CLAIM_MINUTES.
TIMEOUT_ENV = "CALLDIARY_NOTIFY_TIMEOUT"
MAX_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class Sent:
    """How a delivery went. ok=False: not said, it stays due. `action`: what the user picked."""

    ok: bool
    action: Action | None = None
    problem: str = ""  # one line for stderr ("" when all went well)


class Notifier(Protocol):
    name: str
    waits: bool  # may wait for the user: deliver in the background

    def send(self, reminder: Reminder) -> Sent: ...


def timeout() -> float:
    """How long a notifier may take: CALLDIARY_NOTIFY_TIMEOUT seconds, else 60."""
    text = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        value = float(text) if text else TIMEOUT_SECONDS
    except ValueError:
        value = TIMEOUT_SECONDS
    return min(max(value, 0.1), MAX_TIMEOUT_SECONDS)


def choose(notify_command: str, *, print_only: bool, stream: TextIO) -> Notifier:
    """The backend for this run: --print, else `notify_command`, else notify-send on PATH, else stdout."""
    import shlex
    import shutil

    from calldiary.notify.backends import Command, Stdout

    if print_only:
        return Stdout(stream)
    if notify_command:
        return Command(shlex.split(notify_command), timeout(), actions=False)
    found = shutil.which("notify-send")
    if found:
        return Command([found, "--app-name=calldiary"], timeout(), actions=True, name="notify-send")
    return Stdout(stream)
