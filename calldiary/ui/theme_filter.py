"""The line filter that gives the screen the theme's colours and keeps every text readable
(see look.py: ROLES, readable)."""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

from calldiary.ui.look import _TARGET, MUTED, ROLES, _mix, contrast, readable

Triplet = tuple[int, int, int]


def _rgb(color: RichColor | None) -> Triplet | None:
    if color is None:
        return None
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def _rich(rgb: Triplet) -> RichColor:
    return RichColor.from_rgb(*rgb)


def _as_shown(rgb: Triplet, system: ColorSystem) -> Triplet:
    """The colour a terminal of `system` shows for `rgb` (as Textual writes it: the nearest)."""
    return _rgb(RichColor.from_rgb(*rgb).downgrade(system)) or rgb


def readable_shown(fg: Triplet, bg: Triplet, system: ColorSystem | None) -> Triplet:
    """`readable`, as the terminal will show both colours: in 256 colours (tmux's default) the
    nearest palette colours of a readable pair can fall under 4.5:1 (131 on 253: 3.25:1)."""
    fg = readable(fg, bg)
    if system is not ColorSystem.EIGHT_BIT:
        return fg  # (true colour as it is; 16 colours look as each terminal's palette has them)
    shown_bg = _as_shown(bg, system)
    if contrast(_as_shown(fg, system), shown_bg) >= _TARGET:
        return fg
    white, black = (255, 255, 255), (0, 0, 0)
    target = white if contrast(white, shown_bg) >= contrast(black, shown_bg) else black
    for step in range(1, 21):
        moved = _mix(fg, target, step / 20)
        if contrast(_as_shown(moved, system), shown_bg) >= _TARGET:
            return moved
    return target


class ThemeColours(LineFilter):
    """Token colours become the theme's; dim becomes a colour; low contrast is raised (as the
    terminal's colours will show it)."""

    def __init__(self) -> None:
        super().__init__()
        self.roles: dict[str, Triplet] = {}
        self.system: ColorSystem | None = None
        self._fix = lru_cache(4096)(self._fix_style)

    def use(self, variables: dict[str, str], system: ColorSystem | None = None) -> None:
        """Take the colours of a theme (its CSS variables), for a terminal of `system`."""
        self.system = system
        roles: dict[str, Triplet] = {}
        for token, name in ROLES.items():
            try:
                color = Color.parse(variables[name])
            except Exception:
                continue
            roles[token] = (color.r, color.g, color.b)
        self.roles = roles
        self._fix.cache_clear()

    def _fix_style(self, style: Style, background: Triplet) -> Style:
        fg = _rgb(style.color)
        bg = _rgb(style.bgcolor) or background
        if style.reverse:
            if fg is None or bg is None:
                return style
            return style + Style(color=_rich(fg), bgcolor=_rich(readable_shown(bg, fg, self.system)), dim=False)
        if fg is None:
            return style
        token = f"#{fg[0]:02x}{fg[1]:02x}{fg[2]:02x}"
        if token in self.roles:
            fg = self.roles[token]
            if token in MUTED:
                fg = _mix(fg, bg, 0.35)
        if style.dim:
            fg = _mix(fg, bg, 0.4)
        return style + Style(color=_rich(readable_shown(fg, bg, self.system)), dim=False)

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        base = (background.r, background.g, background.b)
        fix = self._fix
        return [
            Segment(text, fix(style, base), control) if style is not None and not control and text.strip() else seg
            for seg in segments
            for text, style, control in (seg,)
        ]
