"""CallDiaryApp: receives the diary and the clock from outside; never opens files itself."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from calldiary.clock import Clock
from calldiary.config import Settings
from calldiary.prefs import Prefs
from calldiary.store import Diary
from calldiary.ui.reminding import Reminding
from calldiary.ui.screens.week import WeekScreen
from calldiary.ui.sync_runner import SyncRunner


class CallDiaryApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "calldiary"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Keys", key_display="?", tooltip="Every key of every screen"),
        Binding("S", "sync_now", "Sync", show=False, tooltip="Sync with the CalDAV server now"),
    ]
    sync_status: reactive[str] = reactive("")  # the header's sync state; "" when sync is not set up

    def __init__(
        self,
        diary: Diary,
        clock: Clock | None = None,
        prefs: Prefs | None = None,
        settings: Settings | None = None,
        *,
        remind: bool = False,
    ) -> None:
        super().__init__()
        self.diary = diary
        self.clock = clock or diary.clock
        self.prefs = prefs
        self.settings = settings or Settings()
        self.reminding = Reminding(self, self) if remind else None  # off unless asked: tests and screenshots
        self.sync_runner = SyncRunner(self)  # idle unless [caldav] is set

    def get_default_screen(self) -> Screen:
        return WeekScreen()

    def on_mount(self) -> None:
        """The settings file's theme wins; else the one last chosen in the app."""
        if self.reminding is not None:
            self.reminding.start()
        wanted = self.settings.theme or (self.prefs.theme if self.prefs else None)
        if wanted and wanted in self.available_themes:
            self.theme = wanted
        elif self.settings.theme:
            known = ", ".join(sorted(self.available_themes))
            self.notify(
                f"theme {self.settings.theme!r} from the settings is not known; try one of: {known}",
                severity="warning",
                markup=False,
                timeout=10,
            )
        self.sync_runner.start()

    def action_sync_now(self) -> None:
        self.sync_runner.sync_now()

    def on_unmount(self) -> None:
        if self.reminding is not None:
            self.reminding.stop()

    def action_help(self) -> None:
        from calldiary.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def watch_theme(self, theme: str) -> None:
        """Keep the chosen theme between runs."""
        if self.prefs is not None and self.prefs.theme != theme:
            self.prefs.theme = theme
            self.prefs.save()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every action of the current screen, beside Textual's own."""
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or binding.action in seen or binding.action == "quit":
                continue
            seen.add(binding.action)
            help_text = f"{binding.tooltip or binding.description}  [{key.replace('question_mark', '?')}]"
            yield SystemCommand(binding.description, help_text, partial(self.run_action, binding.action, active.node))
        yield from super().get_system_commands(screen)
