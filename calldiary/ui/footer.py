"""A footer that shows only the keys that fit whole: never half a key at the right edge."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class FitFooter(Footer):
    """Also: the keys are there from the screen's first frame. Textual's Footer composes nothing
    until the screen reports its bindings (and never while the terminal window is unfocused), so a
    dialog opened on a busy or unfocused app showed an empty last line. And it is composed again
    only when the keys it shows changed: Textual's Footer remounts every key each time the screen's
    bindings are refreshed (each focus change, each selection), up to 8 times while a screen opens,
    which was most of the cost of opening one.

    Which keys fit is measured only while the screen is shown, and again each time it is shown:
    a screen built ahead (ui/kept.py) mounts its footer while it is not drawn, where every key
    measures 0 wide, and a kept screen comes back without a resize of its footer."""

    _composed: tuple | None = None  # what the keys shown were made from
    _measured: tuple | None = None  # (width, _composed) when which keys fit was last measured

    def _shown(self) -> tuple:
        """What compose() would show: per action its first binding's key, words and state."""
        palette = self.app.COMMAND_PALETTE_BINDING
        first: dict[str, tuple] = {}
        for key, (_, b, enabled, tooltip) in self.screen.active_bindings.items():
            if b.show or key == palette:
                first.setdefault(b.action, (b.key, b.action, b.description, b.key_display, b.group, tooltip, enabled))
        return tuple(first.values())

    def compose(self):
        self._composed = self._shown() if self._bindings_ready else None
        yield from super().compose()

    def on_mount(self) -> None:  # (Footer's own on_mount runs too: it subscribes to the bindings)
        self._bindings_ready = True
        self.call_later(self.recompose)  # (before the first frame; the screen's widgets all exist now)
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:  # (Footer's own on_unmount runs too)
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, screen) -> None:
        if screen is self.screen and self._measured != (self.size.width, self._composed):
            self._show_all()  # (shown again, never measured at this width and with these keys)

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)

    def on_resize(self) -> None:
        self._show_all()

    def _show_all(self) -> None:
        for key in self.query(FooterKey):
            key.display = True
        self.call_after_refresh(self._hide_overflow)

    def _hide_overflow(self) -> None:
        if not self.is_attached or self.app.screen is not self.screen:
            # Not on top: not drawn, or drawn under a dialog without being laid out again (its
            # keys' regions are stale: a resize to 60 and back measured the keys at 60). Measured
            # when the screen is on top again.
            self._measured = None
            return
        keys = list(self.query(FooterKey))
        palette = [k for k in keys if k.has_class("-command-palette")]
        edge = palette[0].region.x if palette and palette[0].region.width else self.region.right
        cut = False
        for key in keys:
            if key in palette:
                continue
            cut = cut or key.region.right > edge or key.region.width == 0
            key.display = not cut
        self._measured = (self.size.width, self._composed)

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:
            return  # (the screen closed meanwhile)
        shown = self._shown()
        if self._composed is not None:
            if shown == self._composed:
                return
            if [key[:-1] for key in shown] == [key[:-1] for key in self._composed]:
                self._composed = shown  # the same keys, some now enabled or disabled: no remount
                enabled = {key[0]: key[-1] for key in shown}
                for key in self.query(FooterKey):
                    if key.key in enabled:
                        key._disabled = not enabled[key.key]
                        key.set_class(key._disabled, "-disabled")
                return
        await super().recompose()
        self.call_after_refresh(self._show_all)
