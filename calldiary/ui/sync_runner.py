"""Background CalDAV sync for the app: at start, a few seconds after each change, every few
minutes, and on `S`. The sync runs in a thread worker (a key press never waits for the network)
on its own Diary object for the same file; what it receives reaches the screens the way any
outside change does (the file changed on disk). The state shown in the header is `status`."""

from __future__ import annotations

from typing import Any

from calldiary.errors import CallDiaryError

AFTER_CHANGE_SECONDS = 4.0
EVERY_SECONDS = 300.0
TICK_SECONDS = 1.0


def ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "synced just now"
    if minutes < 60:
        return f"synced {minutes} min ago"
    return f"synced {minutes // 60} h ago"


class SyncRunner:
    """Owned by the app; `status` is the header's text ("" when [caldav] is not set)."""

    def __init__(self, app: Any):
        self.app = app
        self.status = ""
        self.running = False
        self.again = False
        self._seen_version = -1
        self._changed_at: float | None = None
        self._synced_at: float | None = None
        self._offline = ""
        self._missing: str | None = None

    @property
    def enabled(self) -> bool:
        return self.app.settings.caldav is not None

    @property
    def missing(self) -> str:
        """The line to show when [caldav] is set but the caldav package is not installed, else ""."""
        from calldiary.sync.need import MISSING, caldav_installed

        if self._missing is None:
            self._missing = "" if caldav_installed() else MISSING
        return self._missing

    def start(self) -> None:
        if not self.enabled:
            return
        if self.missing:  # nothing to run: say so once, and keep it in the header
            from calldiary.sync.need import HEADER

            self.status = self.app.sync_status = HEADER
            self.app.notify(self.missing, severity="warning", markup=False, timeout=10)
            return
        self._seen_version = self.app.diary.version
        self.app.set_interval(TICK_SECONDS, self.tick)
        self.sync_now()

    def _now(self) -> float:
        import time

        return time.monotonic()

    def tick(self) -> None:
        """Start a sync a few seconds after a change here, or when the last one is old; keep the
        "n min ago" current."""
        version = self.app.diary.version
        if version != self._seen_version:
            self._seen_version = version
            self._changed_at = self._now()
        now = self._now()
        due = self._changed_at is not None and now - self._changed_at >= AFTER_CHANGE_SECONDS
        stale = self._synced_at is None or now - self._synced_at >= EVERY_SECONDS
        if (due or stale) and not self.running:
            self.sync_now()
        else:
            self._show()

    def sync_now(self) -> None:
        if not self.enabled:
            self.app.notify("sync is not set up: add a [caldav] table to the settings (README, Sync)", markup=False)
            return
        if self.missing:
            self.app.notify(self.missing, severity="warning", markup=False)
            return
        if self.running:
            self.again = True
            return
        self.running = True
        self._changed_at = None
        self._show()
        self.app.run_worker(self._work, thread=True, group="sync", exit_on_error=False)

    def _work(self) -> None:
        from calldiary.store import Diary
        from calldiary.sync.engine import run_sync

        try:
            report = run_sync(Diary(self.app.diary.path, self.app.clock), self.app.settings)
        except CallDiaryError as error:
            self.app.call_from_thread(self._done, None, str(error))
        except Exception as error:  # never let a sync take the app down
            self.app.call_from_thread(self._done, None, f"{type(error).__name__}: {error}")
        else:
            problem = report.problems[0] if report.problems else ""
            self.app.call_from_thread(self._done, report, problem)

    def _done(self, report: Any, problem: str) -> None:
        self.running = False
        if report is not None:
            self._synced_at = self._now()
        self._offline = problem if report is None else ""
        if report is not None and problem:
            self.app.notify(problem, severity="warning", markup=False, timeout=10)
        # What the sync itself wrote is no change of ours to send back.
        if report is not None and (report.received or report.merged or report.deleted_here):
            self.app.diary.refresh()
            if self._changed_at is None:
                self._seen_version = self.app.diary.version
        self._show()
        if self.again:
            self.again = False
            self.sync_now()

    def _show(self) -> None:
        if self.running:
            text = "syncing…"
        elif self._offline:
            text = f"offline: {self._offline}"
        elif self._synced_at is not None:
            text = ago(self._now() - self._synced_at)
        else:
            text = ""
        if text != self.status:
            self.status = text
            self.app.sync_status = text
