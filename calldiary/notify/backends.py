"""The backends: a line on stdout, or a program (notify-send, or the user's `notify_command`)."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path
from typing import TextIO

from calldiary.notify import Sent
from calldiary.remind import Action, Kind, Reminder
from calldiary.text import printable

# notify-send's buttons for an outcome reminder: the name it prints when one is clicked = the label.
OUTCOME_ACTIONS = ("kept=Kept", "no_show=No-show", "later=Later")


class Stdout:
    """Prints `<short id> <kind> <text>`, one reminder a line."""

    name = "stdout"
    waits = False

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def send(self, reminder: Reminder) -> Sent:
        try:
            self.stream.write(reminder.line + "\n")
            self.stream.flush()
        except OSError as error:
            return Sent(False, problem=f"can't print the reminder: {error.strerror or error}")
        return Sent(True)


class Command:
    """Runs `argv + [title, body]` in its own session, waits at most `timeout` seconds and reads
    one action name (kept, no_show, later) from the first line it prints.

    With `actions` (notify-send), an outcome reminder offers the actions as buttons (-A).
    Silence means "seen, no answer"; no answer within the timeout counts as `later`.
    """

    waits = True

    def __init__(self, argv: list[str], timeout: float, *, actions: bool, name: str = "") -> None:
        self.argv = argv
        self.timeout = timeout
        self.actions = actions
        self.name = name or Path(argv[0]).name

    def send(self, reminder: Reminder) -> Sent:
        argv = list(self.argv)
        if self.actions and reminder.kind is Kind.OUTCOME:
            for action in OUTCOME_ACTIONS:
                argv += ["-A", action]
        argv += ["--", reminder.title, reminder.body] if self.actions else [reminder.title, reminder.body]
        what = f"{self.name} ({reminder.call.short_id} {reminder.kind.value})"
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as error:
            return Sent(False, problem=f"{what}: can't run {printable(argv[0])}: {error.strerror or error}")
        try:
            out, err = proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            seconds = f"{self.timeout:g} s"
            if reminder.kind is Kind.OUTCOME:
                return Sent(True, Action.LATER, f"{what}: no answer within {seconds}; asking again later")
            return Sent(False, problem=f"{what}: no answer within {seconds}")
        if proc.returncode != 0:
            said = _first_line(err) or _first_line(out)
            return Sent(
                False,
                problem=f"{what} failed (exit status {proc.returncode})" + (f": {said}" if said else ""),
            )
        word = _first_line(out)
        if not word or reminder.kind is not Kind.OUTCOME:
            return Sent(True)
        try:
            return Sent(True, Action(word.strip().lower().replace("-", "_")))
        except ValueError:
            return Sent(True, problem=f"{what} answered {word!r}, not kept, no_show or later: ignored")


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return printable(text.splitlines()[0].strip()) if text else ""


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """The notifier and whatever it started (a shell script's children hold its output open)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
