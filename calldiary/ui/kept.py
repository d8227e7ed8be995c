"""Screens built once and shown again: building a screen's widgets (compose, mount, styles) is
most of what opening one costs in Textual — 350 ms of the day agenda's 475, 500 of the form's
630 on this machine, against 35 and 100 ms to show one already built (bench/long_notes.py).
So the day agenda, the call form, find, contacts, the review, the small dialogs and the key
reference are each made once, installed on the app (Textual keeps an installed screen when it is
closed) and filled anew by their reopen() each time they open, as a new one would be."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.screen import Screen

from calldiary.errors import CallDiaryError

S = TypeVar("S", bound=Screen)


class KeptStyles:
    """Mix into a kept screen (before Screen among its bases): showing it again does not restyle
    every widget when nothing that styles depend on changed since it was last shown.

    Textual restyles the whole screen each time one is pushed (`ScreenResume.refresh_styles`),
    because a screen shown again may have missed a change of theme or CSS while it was away:
    57 widgets of the call form, ~25 ms, and each restyled widget is then drawn again. A kept
    screen's own changes (classes, focus, disabled) restyle the widgets concerned as they happen,
    shown or not; what it can miss while closed is the app's: the CSS and theme (counted by
    Textual in `_css_update_count`) and whether the terminal has the focus. When one of those
    changed, it is restyled as Textual does."""

    _styled_for: tuple[object, ...] | None = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # (Textual calls this before Screen's own handler, which reads refresh_styles.)
        app: Any = self.app  # type: ignore[attr-defined]
        now = (app._css_update_count, app.theme, app.app_focus, app.ansi_color)
        if self._styled_for == now:
            event.refresh_styles = False
        self._styled_for = now


def kept(app: App, kind: type[S], make: Callable[[], S], again: Callable[[S], None]) -> S:
    """The app's one `kind` screen, refilled by `again`; a new one from `make` the first time,
    or when that one is open already (shown, or under another screen)."""
    name = f"calldiary-{kind.__name__}"
    if app.is_screen_installed(name):
        screen = app.get_screen(name)
        if isinstance(screen, kind) and screen not in app.screen_stack:
            again(screen)
            return screen
        return make()  # (in use: a one-off, removed when closed)
    screen = make()
    app.install_screen(screen, name)
    return screen


def again(app: App, kind: type[S], *args: Any, **kwargs: Any) -> S:
    """`kept` for a screen whose reopen() takes what its constructor takes."""
    return kept(app, kind, lambda: kind(*args, **kwargs), lambda screen: screen.reopen(*args, **kwargs))  # type: ignore[attr-defined]


def build_ahead(app: App, screens: list[tuple[type[Screen], Callable[[], Screen]]]) -> bool:
    """Build screens before they are first asked for (the app calls this once its first frame is
    up): each is pushed and popped at once, within one callback, so it is never drawn; Textual
    composes and mounts it in the background, and the first open costs what later ones do.
    False when another screen is open (a reminder's prompt at start): try again later."""
    if len(app.screen_stack) != 1:
        return False
    for kind, make in screens:
        name = f"calldiary-{kind.__name__}"
        if app.is_screen_installed(name):
            continue
        try:
            screen = make()
        except CallDiaryError:
            continue  # (the diary can't be read now: the screen says so when asked for)
        app.install_screen(screen, name)
        app.push_screen(screen)
        app.pop_screen()
    return True
