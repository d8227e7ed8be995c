"""CallDiaryApp: receives the diary and the clock from outside; never opens files itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import ActiveBinding, Binding
from textual.command import CommandPalette, Hit, Hits
from textual.events import Event, Key, MouseDown, Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import ThemeProvider

from calldiary.clock import Clock
from calldiary.config import Settings
from calldiary.errors import CallDiaryError, StepRefused
from calldiary.model import Call
from calldiary.prefs import Prefs
from calldiary.store import Diary, Step
from calldiary.text import printable
from calldiary.ui.broken import BrokenRecords
from calldiary.ui.frames import KeepFrames
from calldiary.ui.screens.week import WeekScreen
from calldiary.ui.sync_runner import SyncRunner
from calldiary.ui.theme_filter import ThemeColours
from calldiary.ui.typeahead import KeysInOrder

if TYPE_CHECKING:
    from calldiary.ui.idle_gc import IdleCollector
    from calldiary.ui.reminding import Reminding


class MarkedThemes(ThemeProvider):
    """The theme list, with the theme in use marked."""

    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        current = self.app.theme
        return [(f"{name}  ✔ current" if name == current else name, run) for name, run in super().commands]


class ThemesByName(ThemeProvider):
    """Typing a theme's name in the main palette finds it ("nord", "light"); the bare palette
    lists only the actions (and one "Theme" entry), so discovery shows nothing here."""

    async def discover(self) -> Hits:
        return
        yield

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        current = self.app.theme
        for name, run in super().commands:
            title = f"Theme: {name}" + ("  ✔ current" if name == current else "")
            score = max(matcher.match(name), matcher.match(f"Theme: {name}"))
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help="Use this colour theme")


class CallDiaryApp(KeysInOrder, KeepFrames):
    COMMANDS = App.COMMANDS | {ThemesByName}
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "calldiary"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit calldiary"),
        Binding("question_mark", "help", "Keys", key_display="?", tooltip="Every key of this screen, and how to close"),
        Binding("f1", "help", "Keys", show=False, tooltip="Every key of this screen, and how to close"),
        Binding("u,ctrl+z", "undo", "Undo", tooltip="Undo the last change (again for more)"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, key_display="U", tooltip="Redo what undo took back"),
        Binding("w", "contacts", "Contacts", show=False, tooltip="Contacts: who keeps their word"),
        Binding("r", "review", "Review", show=False, tooltip="The weekly review"),
        Binding("slash", "search", "Find", key_display="/", tooltip="Find any call: name, topic, notes, number…"),
        Binding("S", "sync_now", "Sync", show=False, tooltip="Sync with the CalDAV server now"),
    ]
    outcome_keys_after = 0.0  # (monotonic) no outcome key is taken before: see ui/actions.py _held
    sync_status: reactive[str] = reactive("")  # the header's sync state; "" when sync is not set up
    broken_count: reactive[int] = reactive(0)  # call records set aside as broken (see ui/broken.py)

    def __init__(
        self,
        diary: Diary,
        clock: Clock | None = None,
        prefs: Prefs | None = None,
        settings: Settings | None = None,
        *,
        demo: bool = False,
        remind: bool = False,
        ahead: bool = False,
        idle_gc: bool = False,
    ) -> None:
        super().__init__()
        self.diary = diary
        self.clock = clock or diary.clock
        self.prefs = prefs
        self.settings = settings or Settings()
        self.demo = demo
        # The theme's colours and readable text everywhere (see look.py); a filter like Textual's own.
        self.theme_colours = ThemeColours()
        self._filters.append(self.theme_colours)
        self.reminding: Reminding | None = None  # off unless asked: tests and screenshots
        if remind:
            from calldiary.ui.reminding import Reminding  # (the notification backends: only when asked)

            self.reminding = Reminding(self, self)
        self.sync_runner = SyncRunner(self)  # idle unless [caldav] is set
        self.broken_records = BrokenRecords(self, diary)  # said once each, then in the header and palette
        self.ahead = ahead  # build the form, the day agenda and find after the first frame (ui/kept.py)
        self.idle_gc: IdleCollector | None = None  # full garbage collections between keys (ui/idle_gc.py)
        if idle_gc:
            from calldiary.ui.idle_gc import IdleCollector

            self.idle_gc = IdleCollector(self)

    def get_default_screen(self) -> Screen:
        return WeekScreen()

    def on_mount(self) -> None:
        """The settings file's theme wins; else the one last chosen in the app."""
        self.theme_colours.use(self.get_css_variables(), self.console._color_system)
        if self.reminding is not None:
            self.reminding.start()
        self.call_after_refresh(lambda: self._check_size(self.size.width, self.size.height))
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
        self.broken_records.start()
        if self.idle_gc is not None:
            self.idle_gc.start()
        if self.ahead:
            self.set_timer(0.5, self._build_ahead)

    def _build_ahead(self, later: bool = False) -> None:
        """The form, the day agenda and find first; a second later the review, contacts and the
        key reference (each batch in one callback; see ui/kept.py)."""
        from calldiary.ui.kept import build_ahead

        if not self.screen_stack or not self.is_running:
            return  # (quitting: a timer that fires as the app closes has nothing to build on)
        done = build_ahead(self, self._later_screens() if later else self._first_screens())
        if not done:
            self.set_timer(2.0, partial(self._build_ahead, later))  # (a prompt or dialog is open: when it is gone)
        elif not later:
            self.set_timer(1.0, partial(self._build_ahead, True))

    def _first_screens(self) -> list[tuple[type[Screen], Callable[[], Screen]]]:
        from calldiary.ui.dialogs.call_form import CallForm
        from calldiary.ui.dialogs.form_diary import form_diary
        from calldiary.ui.screens.day import DayScreen
        from calldiary.ui.screens.search import SearchScreen

        today = self.clock.today()
        return [
            (CallForm, lambda: CallForm(form_diary(self.diary))),
            (DayScreen, lambda: DayScreen(today)),
            (SearchScreen, SearchScreen),
        ]

    def _later_screens(self) -> list[tuple[type[Screen], Callable[[], Screen]]]:
        from calldiary.ui.screens.contacts import ContactsScreen
        from calldiary.ui.screens.help import HelpScreen
        from calldiary.ui.screens.review import ReviewScreen

        today, week = self.clock.today(), self.screen
        return [
            (ReviewScreen, lambda: ReviewScreen(today)),
            (ContactsScreen, ContactsScreen),
            (HelpScreen, lambda: HelpScreen(week)),
        ]

    def action_sync_now(self) -> None:
        self.sync_runner.sync_now()

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        """Below the smallest usable size, cover everything with a notice (and take no keys)."""
        from calldiary.ui.dialogs.too_small import TooSmall, too_small

        shown = next((s for s in self.screen_stack if isinstance(s, TooSmall)), None)
        if too_small(width, height) and shown is None:
            self.push_screen(TooSmall())
        elif too_small(width, height) and shown is not None and shown.is_mounted:
            shown.show(width, height)
        elif not too_small(width, height) and shown is not None and self.screen is shown:
            self.pop_screen()

    def on_unmount(self) -> None:
        if self.reminding is not None:
            self.reminding.stop()
        if self.idle_gc is not None:
            self.idle_gc.stop()

    async def on_event(self, event: Event) -> None:
        if isinstance(event, (Key, MouseDown)):
            if self.idle_gc is not None:
                self.idle_gc.touched()
            if self.reminding is not None:
                self.reminding.touched()  # (a prompt waits until the user stops typing)
        await super().on_event(event)

    def saved_in_form(self, call: Call) -> None:
        if self.reminding is not None:
            self.reminding.saved_here(call)

    async def action_quit(self) -> None:
        """Quit; but an open form or question holding unsaved text says so first (ctrl+q again
        quits): no typing is lost to one key."""
        for screen in reversed(self.screen_stack):
            holds = getattr(screen, "holds_on_quit", None)
            if holds is not None and holds():
                return
        self.exit()

    @property
    def diary_name(self) -> str:
        """Which diary is open, in words."""
        if self.demo:
            return "a demo diary (thrown away when you quit)"
        return printable(str(self.diary.path))

    def action_help(self) -> None:
        from calldiary.ui.kept import again
        from calldiary.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(again(self, HelpScreen, self.screen))

    # --- undo and redo: every change the user made in this session ------------------------------

    def action_undo(self) -> None:
        self._step(self.diary.can_undo, self.diary.undo, "Nothing to undo", "undone")

    def action_redo(self) -> None:
        self._step(self.diary.can_redo, self.diary.redo, "Nothing to redo", "redone")

    def _step(self, possible: Callable[[], bool], change: Callable[[], Step], empty: str, verb: str) -> None:
        if not possible():
            self.notify(empty, markup=False)
            return
        try:
            step = change()
        except CallDiaryError as error:
            from calldiary.fmt import error_said

            said = error_said(error, self.clock)
            if isinstance(error, StepRefused):  # (dropped: the next press takes an older step)
                if verb == "undone":
                    said += "; u now undoes the change before it" if possible() else "; nothing older to undo"
                else:
                    said += "; U now redoes the next one" if possible() else "; nothing more to redo"
            self.notify(said, severity="error", markup=False, timeout=8)
            return
        self.notify(f"{self.step_subject(step)} — {verb}: {step.what}", markup=False)
        if verb == "undone" and step.table == "calls" and self.reminding is not None:
            self.reminding.undone(step.call_id)  # (an outcome question's answer undone: asked again)
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload(step.call_id if step.table == "calls" else None)
        refresh = getattr(self.screen, "update_bindings", None)
        if refresh is not None:
            refresh()

    def step_subject(self, step: Step) -> str:
        """Whom a change was about: the contact, and for a call its day and time."""
        from calldiary.fmt import call_subject
        from calldiary.model import from_doc

        if step.table != "calls":
            return printable(step.call_id)
        return call_subject(from_doc(step.doc), self.clock)

    # --- screens every screen can reach ----------------------------------------------------------

    def _reach(self, kind: type[Screen], make: Callable[[], Screen]) -> None:
        """Go back to a screen of `kind` if one is open underneath, else open one."""
        if isinstance(self.screen, kind):
            self.screen.dismiss(None)
            return
        if any(isinstance(screen, kind) for screen in self.screen_stack):
            while not isinstance(self.screen, kind):
                self.pop_screen()
            return
        self.push_screen(make())

    def show_call(self, call_id: str) -> None:
        """Close every screen above the week and select `call_id` there, in its week."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WeekScreen):
            self.pop_screen()
        if isinstance(self.screen, WeekScreen):
            self.screen.show_call(call_id)

    def action_contacts(self) -> None:
        from calldiary.ui.kept import kept
        from calldiary.ui.screens.contacts import ContactsScreen

        self._reach(ContactsScreen, lambda: kept(self, ContactsScreen, ContactsScreen, ContactsScreen.reopen))

    def action_review(self) -> None:
        from calldiary.ui.kept import kept
        from calldiary.ui.screens.review import ReviewScreen

        selected = getattr(self.screen, "selected_day", None)
        day = selected() if selected is not None else self.clock.today()
        self._reach(ReviewScreen, lambda: kept(self, ReviewScreen, lambda: ReviewScreen(day), lambda s: s.reopen(day)))

    def action_search(self) -> None:
        """Find any call; Enter shows it in its week."""
        from calldiary.ui.kept import kept
        from calldiary.ui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            screen = kept(self, SearchScreen, SearchScreen, SearchScreen.reopen)
            self.push_screen(screen, lambda call_id: self.show_call(call_id) if call_id else None)

    def watch_theme(self, theme: str) -> None:
        """Take the theme's colours; keep the chosen theme between runs."""
        self.theme_colours.use(self.get_css_variables(), self.console._color_system)
        self.refresh(repaint=True)
        if self.prefs is not None and self.prefs.theme != theme:
            self.prefs.theme = theme
            self.prefs.save()

    # --- the command palette -----------------------------------------------------------------------

    def search_themes(self) -> None:
        self.push_screen(CommandPalette(providers=[MarkedThemes], placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists the actions of the current screen (ours: each has a description)
        with their keys, once each; then the theme, the open diary and a screenshot."""
        from textual.markup import escape  # (the palette reads help as markup: "[/]", a diary's path)

        from calldiary.ui.screens.help import key_names

        found: dict[str, tuple[ActiveBinding, list[str]]] = {}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.tooltip:
                continue
            first, keys = found.setdefault(binding.description, (active, []))
            if first.binding.action == binding.action:
                keys.append(key_names(binding))
        seen = set(found)
        for title, (active, keys) in found.items():
            yield SystemCommand(
                title,
                escape(f"{active.binding.tooltip}  [{' '.join(keys)}]"),
                partial(self.run_action, active.binding.action, active.node),
            )
        yield SystemCommand("Theme", escape(f"Change the colour theme (now: {self.theme})"), self.action_change_theme)
        yield SystemCommand(
            "Diary", escape(f"Open: {self.diary_name}"), lambda: self.notify(self.diary_name, markup=False)
        )
        if self.broken_records.found:
            count = len(self.broken_records.found)
            yield SystemCommand(
                f"Broken call records ({count})",
                escape("Set aside, kept in the file: say again which, and how to remove or fix them"),
                self.broken_records.tell_again,
            )
        yield SystemCommand(
            "Screenshot",
            "Save an SVG picture of the screen",
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )
        if "Quit" not in seen:
            yield SystemCommand("Quit", "Quit calldiary  [ctrl+q]", self.action_quit)
