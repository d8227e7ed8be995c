"""`calldiary remind --watch`: check every WATCH_SECONDS until interrupted."""

from __future__ import annotations

import time
from collections.abc import Callable

from calldiary.config import Settings
from calldiary.errors import CallDiaryError
from calldiary.notify import Notifier
from calldiary.notify.deliver import Running, Say, abandon, deliver
from calldiary.remind import RecordLine, no_record
from calldiary.store import Diary
from calldiary.text import printable

WATCH_SECONDS = 30.0


def watch(
    diary: Diary,
    settings: Settings,
    notifier: Callable[[], Notifier],
    say: Say,
    *,
    record_line: RecordLine = no_record,
) -> None:
    """Deliver what is due, again and again; Ctrl-C ends it cleanly. A problem with the diary is
    said once and the watch goes on (the file may be fixed meanwhile)."""
    chosen: list[Notifier] = []

    def once_chosen() -> Notifier:
        if not chosen:
            chosen.append(notifier())
        return chosen[0]

    last = ""
    running: Running = []
    try:
        while True:
            running = [(thread, before) for thread, before in running if thread.is_alive()]
            try:
                running += deliver(diary, settings, once_chosen, say, record_line=record_line, wait=False)
                last = ""
            except CallDiaryError as error:
                message = printable(str(error))
                if message != last:
                    say(message)
                    last = message
            time.sleep(WATCH_SECONDS)
    except KeyboardInterrupt:
        abandon(diary, running)  # a notifier still waiting for a click: the reminder stays due
