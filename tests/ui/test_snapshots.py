"""Snapshots of each screen state, from the same pinned states as the README's screenshots."""

from __future__ import annotations

import pytest

from calldiary.ui.shots import STATES, State, build_app, steady


@pytest.mark.parametrize("state", STATES, ids=[s.name for s in STATES])
def test_screen(state: State, snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in state.keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.2)
        pilot.app.clear_notifications()
        steady(pilot.app)
        await pilot.pause()

    assert snap_compare(build_app(state, tmp_path), terminal_size=state.size, run_before=run_before)
