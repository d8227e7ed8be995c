"""Saying the due reminders once: claim them in the diary, deliver them, settle the claims.

The `reminders` table of the diary records what was said, written through the Diary with the
store's guarantees (lock, atomic durable write). A reminder is first *claimed* in one locked
write (so a cron job, the TUI and a second terminal never say it twice), then delivered; a
failed delivery gives the claim back (the reminder stays due), a successful one settles it, and
an answer to an outcome reminder is recorded as the call's outcome.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from pendulum import DateTime

from calldiary.clock import utc_text
from calldiary.config import Settings
from calldiary.errors import CallDiaryError
from calldiary.model import Status
from calldiary.notify import Notifier, Sent
from calldiary.remind import (
    OUTCOME_LOOKBACK_DAYS,
    Action,
    Kind,
    RecordLine,
    Reminder,
    due,
    entries,
    is_open,
    no_record,
    window,
)
from calldiary.store import Diary
from calldiary.text import printable

TABLE = "reminders"
Say = Callable[[str], None]  # one line for stderr

# One Diary object is not thread-safe: background deliveries take turns with this lock.
_lock = threading.RLock()


def no_show_history(diary: Diary, late_hours: int) -> RecordLine:
    """The record line of a contact with a history of no-shows, "" for anyone else (computed
    on first use: nothing is read when no upcoming reminder is due)."""
    books: list[Any] = []

    def line(contact: str) -> str:
        from calldiary.contacts import RecordBook, record_line

        if not books:
            books.append(RecordBook(diary, late_hours))
        figures = books[0].figures(contact)
        return record_line(figures, diary.clock) if figures is not None and figures.no_show else ""

    return line


def due_now(diary: Diary, settings: Settings, record_line: RecordLine = no_record) -> list[Reminder]:
    """The reminders due at the diary clock's now (reads only; nothing is written)."""
    with _lock:
        now = diary.clock.now()
        calls = diary.between(*window(now, settings.remind_before))
        delivered = entries(diary.table(TABLE))
    return due(calls, delivered, now, settings.remind_before, settings.ask_outcome_after, record_line)


Claimed = dict[str, dict[str, Any] | None]  # key -> the document before the claim (None: none)


def claim(diary: Diary, reminders: list[Reminder], *, pending: bool = True) -> list[tuple[Reminder, Claimed]]:
    """Claim, in one locked write, the reminders nobody else claimed meanwhile.

    `pending=False` records them as said at once (the TUI shows them itself). Returns each claimed
    reminder with what its keys held before, to give the claim back if the delivery fails.
    """
    got: list[tuple[Reminder, Claimed]] = []

    def change(table: dict[str, Any]) -> None:
        got.clear()
        current = entries(table)
        _prune(table, now)
        for reminder in reminders:
            new = reminder.entries(now, pending=pending)
            if all(is_open(current.get(k), now) for k in new):
                got.append((reminder, {k: table.get(k) for k in new}))
                table.update({k: entry.doc() for k, entry in new.items()})

    with _lock:
        now = diary.clock.now()
        diary.change_table(TABLE, change)
    return got


def settle(diary: Diary, reminder: Reminder, *, later: bool = False) -> None:
    """Record the reminder as said; `later` asks again once the grace period has passed."""
    with _lock:
        now = diary.clock.now()
        grace = max(reminder.lead if reminder.kind is Kind.OUTCOME else 0, 1)
        again = now.add(minutes=grace) if later else None
        docs = {k: e.doc() for k, e in reminder.entries(now, again=again).items()}
        diary.change_table(TABLE, lambda table: table.update(docs))


def give_back(diary: Diary, before: Claimed) -> None:
    """Undo a claim: the reminder is due again."""

    def change(table: dict[str, Any]) -> None:
        for k, doc in before.items():
            if doc is None:
                table.pop(k, None)
            else:
                table[k] = doc

    with _lock:
        diary.change_table(TABLE, change)


def record_answer(diary: Diary, reminder: Reminder, status: Status) -> str:
    """Record the answer to an outcome reminder; returns "" or one line saying why not."""
    with _lock:
        try:
            call = diary.get(reminder.call.id)
            if call.status is not Status.PLANNED or call.start != reminder.call.start:
                return f"{call.short_id}: not marked {status.label}: the call changed meanwhile"
            diary.mark(call.id, status)
        except CallDiaryError as error:
            return f"{reminder.call.short_id}: not marked {status.label}: {error}"
    return ""


def handle(diary: Diary, reminder: Reminder, before: Claimed, sent: Sent, say: Say) -> None:
    """After one delivery: settle or give back the claim, record an answer, report problems."""
    try:
        if not sent.ok:
            give_back(diary, before)
            say(f"{sent.problem}; the reminder stays due")
            return
        if sent.problem:
            say(sent.problem)
        if reminder.kind is Kind.OUTCOME and sent.action in (Action.KEPT, Action.NO_SHOW):
            problem = record_answer(diary, reminder, Status(sent.action.value))
            if problem:
                say(problem)
        settle(diary, reminder, later=sent.action is Action.LATER)
    except CallDiaryError as error:
        say(printable(str(error)))


Running = list[tuple[threading.Thread, Claimed]]  # deliveries under way, with their claims


def deliver(
    diary: Diary,
    settings: Settings,
    notifier: Callable[[], Notifier],
    say: Say,
    *,
    record_line: RecordLine = no_record,
    wait: bool = True,
) -> Running:
    """Say what is due now through the notifier (`notifier()` is made only when something is due).

    Deliveries that may wait for the user run in background threads, all at once, so a slow or
    hanging notifier never holds up the others; with `wait` they are joined before returning.
    Returns the deliveries still under way (none with `wait`).
    """
    reminders = due_now(diary, settings, record_line)
    if not reminders:
        return []
    claimed = claim(diary, reminders)
    if not claimed:
        return []
    backend = notifier()
    if not backend.waits:
        for reminder, before in claimed:
            handle(diary, reminder, before, backend.send(reminder), say)
        return []
    running = [
        (
            threading.Thread(
                target=lambda r=reminder, b=before: handle(diary, r, b, backend.send(r), say),
                name=f"remind-{reminder.call.short_id}",
                daemon=True,
            ),
            before,
        )
        for reminder, before in claimed
    ]
    for thread, _ in running:
        thread.start()
    if not wait:
        return running
    try:
        for thread, _ in running:
            thread.join()
    except KeyboardInterrupt:
        abandon(diary, running)
        raise
    return []


def abandon(diary: Diary, running: Running) -> None:
    """Interrupted: give back the claims of deliveries not finished, so they stay due."""
    for thread, before in running:
        if thread.is_alive():
            with contextlib.suppress(CallDiaryError):
                give_back(diary, before)


def _prune(table: dict[str, Any], now: DateTime) -> None:
    """Forget entries for calls that started long before any reminder can be due for them."""
    oldest = now.subtract(days=OUTCOME_LOOKBACK_DAYS + 2)
    horizon = utc_text(oldest)
    for k in [k for k, doc in table.items() if str(doc.get("start", "")) < horizon]:
        del table[k]
