"""A footer that shows only the keys that fit whole: never half a key at the right edge."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class FitFooter(Footer):
    """Also: the keys are there from the screen's first frame. Textual's Footer composes nothing
    until the screen reports its bindings (and never while the terminal window is unfocused), so a
    dialog opened on a busy or unfocused app showed an empty last line."""

    def on_mount(self) -> None:  # (Footer's own on_mount runs too: it subscribes to the bindings)
        self._bindings_ready = True
        self.call_later(self.recompose)  # (before the first frame; the screen's widgets all exist now)

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
        keys = list(self.query(FooterKey))
        palette = [k for k in keys if k.has_class("-command-palette")]
        edge = palette[0].region.x if palette and palette[0].region.width else self.region.right
        cut = False
        for key in keys:
            if key in palette:
                continue
            cut = cut or key.region.right > edge or key.region.width == 0
            key.display = not cut

    def recompose(self):
        done = super().recompose()
        self.call_after_refresh(self._show_all)
        return done
