"""Screens built once and shown again: building a screen's widgets (compose, mount, styles) is
most of what opening one costs in Textual — 350 ms of the day agenda's 475, 500 of the form's
630 on this machine, against 35 and 100 ms to show one already built (bench/long_notes.py).
So the day agenda, the call form, find, contacts, the review, the small dialogs and the key
reference are each made once, installed on the app (Textual keeps an installed screen when it is
closed) and filled anew by their reopen() each time they open, as a new one would be."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen

S = TypeVar("S", bound=Screen)


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
