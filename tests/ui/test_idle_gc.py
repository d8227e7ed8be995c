"""Full garbage collections wait for a pause in the keys (calldiary/ui/idle_gc.py): the real app,
real keys, real garbage held in a cycle where only a full collection finds it."""

from __future__ import annotations

import asyncio
import gc
import weakref

import calldiary.ui.idle_gc as idle_gc
from calldiary.prefs import Prefs
from calldiary.ui.app import CallDiaryApp


class Node:
    """An object in a reference cycle with itself: refcounting never frees it."""

    def __init__(self) -> None:
        self.me = self


def old_garbage() -> weakref.ref[Node]:
    """A cycle that survived the young collections (so it sits in the oldest generation), then
    dropped: only a full collection frees it. Returns a weak reference to watch it by."""
    node = Node()
    for _ in range(12):  # (promoted to the oldest generation; enough middle collections for one full)
        gc.collect(1)
    watch = weakref.ref(node)
    del node
    return watch


async def test_the_full_collection_runs_in_a_pause_not_between_keys(demo_diary, monkeypatch):
    monkeypatch.setattr(idle_gc, "LOOK", 0.05)
    monkeypatch.setattr(idle_gc, "IDLE", 0.3)
    threshold = gc.get_threshold()
    app = CallDiaryApp(demo_diary, demo_diary.clock, Prefs(demo_diary.path.parent / "ui.json"), idle_gc=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[:2] == threshold[:2]  # (the young collections as ever)
        watch = old_garbage()
        for key in ["j", "k"] * 8:  # a key every 0.05 s for 0.8 s: never a pause of IDLE
            await pilot.press(key)
            await asyncio.sleep(0.05)
        assert watch() is not None, "a full collection ran while keys kept coming"
        assert app.idle_gc.full_collections == 0
        await asyncio.sleep(0.6)  # a pause: the next look runs it
        assert watch() is None
        assert app.idle_gc.full_collections == 1
        await asyncio.sleep(0.3)
        assert app.idle_gc.full_collections == 1, "nothing new to collect: no second full collection"
    assert gc.get_threshold() == threshold  # the collector as it was once the app is gone


async def test_keys_without_a_pause_still_get_a_full_collection_at_the_latest(demo_diary, monkeypatch):
    monkeypatch.setattr(idle_gc, "LOOK", 0.05)
    monkeypatch.setattr(idle_gc, "IDLE", 10.0)
    monkeypatch.setattr(idle_gc, "LATEST", 0.5)
    app = CallDiaryApp(demo_diary, demo_diary.clock, Prefs(demo_diary.path.parent / "ui.json"), idle_gc=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        watch = old_garbage()
        for key in ["j", "k"] * 10:
            await pilot.press(key)
            await asyncio.sleep(0.05)
        assert watch() is None  # memory held by cycles stays bounded while someone types on
        assert app.idle_gc.full_collections >= 1
