"""A call with a 200,000-line prep note (issue 13, item 20): every screen shows it capped with a
marker saying how much more there is, every key still does its job, and nothing of the note is
ever lost — opening, editing other fields and saving keep it byte for byte; the note itself is
edited whole in the user's $EDITOR (a real stand-in script here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static, TextArea

from calldiary.notes_limit import MAX_NOTES_BYTES, notes_size
from calldiary.ui.dialogs.call_form import CallForm
from calldiary.ui.screens.day import DayScreen
from calldiary.ui.widgets.call_detail import CallDetail
from tests.conftest import PYTHON
from tests.ui.conftest import by_contact, fresh, make_app, selected_key, statics_text

SIZE = (120, 36)
LINES = 200_000
# 200,000 lines within the limit on a note's size (1 MB as stored): the first ones hold tabs, a lone
# CR, CRLF, trailing spaces, an escape sequence and accents, which must all survive; most are short.
RICH = [f"line {n}: figures\tto check \r é {n}\x1b[2J  " for n in range(20)]
NOTE = "\n".join([*RICH, *("·" for _ in range(20, LINES - 1)), "line 199999: the end"]) + "\r\nlast line"


def test_the_note_is_as_long_as_the_diary_takes():
    assert NOTE.count("\n") == LINES and 700_000 < notes_size(NOTE) <= MAX_NOTES_BYTES


@pytest.fixture
def long_diary(demo_diary):
    """The demo diary, with Hannah Schmidt's call (the one selected at start) holding NOTE."""
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    demo_diary.edit(hannah.id, notes=NOTE)
    assert fresh(demo_diary).get(hannah.id).notes == NOTE
    return demo_diary


def hannah_id(diary) -> str:
    [hannah] = by_contact(diary, "Hannah Schmidt")
    return hannah.id


def editor_script(tmp_path: Path, monkeypatch, body: str) -> Path:
    """A stand-in $EDITOR: a real program that changes the file it is given, as `body` says."""
    script = tmp_path / "editor"
    script.write_text(f"#!{sys.executable}\nimport sys\npath = sys.argv[1]\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return script


async def test_the_detail_pane_and_the_day_agenda_show_the_note_capped(long_diary):
    app = make_app(long_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert selected_key(app) == hannah_id(long_diary)
        shown = app.screen.query_one(CallDetail).content.plain
        assert "line 0: figures" in shown and "line 11: figures" in shown and "line 12:" not in shown
        assert f"… {LINES - 12 + 1:,} more lines (e, then ctrl+o: the whole note in your editor)" in shown
        assert "\\x1b[2J" in shown and "\x1b" not in shown  # controls shown, never sent
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        cards = statics_text(app)
        assert "line 11: figures" in cards and "line 12:" not in cards  # (every call of the day: 12 lines)
        assert f"… {LINES - 12 + 1:,} more lines" in cards


async def test_keys_work_as_usual_beside_a_long_note(long_diary):
    app = make_app(long_diary)
    target = hannah_id(long_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert selected_key(app) != target
        await pilot.press("j")
        await pilot.pause()
        assert selected_key(app) == target
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        await pilot.press("q")
        await pilot.pause()
        assert selected_key(app) == target
        await pilot.press("c", "enter")  # cancelled by them, no reason
        await pilot.pause()
        call = fresh(long_diary).get(target)
        assert call.status.value == "cancelled" and call.notes == NOTE
        await pilot.press("u")
        await pilot.pause()
        assert fresh(long_diary).get(target).status.value == "planned"
        await pilot.press("slash", *"line 199999")  # found deep inside the note
        await pilot.pause()
        texts = [str(row.prompt) for row in app.screen.query_one(OptionList)._options]
        assert len(texts) == 1 and "Hannah Schmidt" in texts[0]
        await pilot.press("enter")
        await pilot.pause()
        assert selected_key(app) == target
    assert fresh(long_diary).get(target).notes == NOTE


async def test_editing_other_fields_keeps_the_note_byte_for_byte(long_diary):
    app = make_app(long_diary)
    target = hannah_id(long_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CallForm)
        area = form.query_one("#notes", TextArea)
        assert not area.display and area.text == ""  # not loaded into the slow editor widget
        preview = form.query_one("#notes-long", Static).content.plain
        assert "line 0: figures" in preview and "line 3:" not in preview
        assert "more lines (ctrl+o: all of it in your editor)" in preview
        await pilot.press("escape")  # nothing changed: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "tab", "ctrl+a", "ctrl+k", *"New topic", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
    saved = fresh(long_diary).get(target)
    assert saved.topic == "New topic" and saved.notes == NOTE


async def test_the_long_note_is_edited_whole_in_the_editor(long_diary, tmp_path, monkeypatch):
    editor_script(
        tmp_path,
        monkeypatch,
        "text = open(path, encoding='utf-8', newline='').read()\n"
        "assert text.endswith('last line'), 'the editor got the whole note'\n"
        "open(path, 'w', encoding='utf-8', newline='').write(text.replace('line 7: ', 'LINE SEVEN: ') + '\\nadded\\n')",
    )
    app = make_app(long_diary)
    target = hannah_id(long_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, CallForm) and "notes" in app.screen.changed()
        await pilot.press("escape")  # changed: asks first, keeps everything
        await pilot.pause()
        assert isinstance(app.screen, CallForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
    expected = NOTE.replace("line 7: ", "LINE SEVEN: ") + "\nadded"
    assert fresh(long_diary).get(target).notes == expected


async def test_a_short_note_goes_to_the_editor_as_stored_and_comes_back(demo_diary, tmp_path, monkeypatch):
    editor_script(
        tmp_path,
        monkeypatch,
        "text = open(path, encoding='utf-8', newline='').read()\n"
        "assert text == 'Bring Q3 numbers.\\nAsk about the delayed invoice.', repr(text)\n"
        "open(path, 'w', encoding='utf-8').write(text + '\\nAnd the new rates.\\n')",
    )
    app = make_app(demo_diary)
    lena = next(c for c in by_contact(demo_diary, "Acme Corp · Lena Fischer") if c.notes.startswith("Bring Q3"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.show_call(lena.id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        area = app.screen.query_one("#notes", TextArea)
        assert area.display and area.text.endswith("And the new rates.\n")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert fresh(demo_diary).get(lena.id).notes.endswith("invoice.\nAnd the new rates.")


async def test_an_editor_that_fails_changes_nothing(long_diary, tmp_path, monkeypatch):
    editor_script(tmp_path, monkeypatch, "open(path, 'w').write('')\nsys.exit(3)")
    app = make_app(long_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, CallForm) and not app.screen.changed()
        assert any("exited with status 3" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
    assert fresh(long_diary).get(hannah_id(long_diary)).notes == NOTE


def test_show_and_export_keep_the_whole_note(long_diary, tmp_path):
    env = {
        **os.environ,
        "CALLDIARY_DB": str(long_diary.path),
        "CALLDIARY_NOW": long_diary.clock.now().isoformat(),
        "CALLDIARY_TZ": "Europe/Berlin",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    target = hannah_id(long_diary)

    def calldiary(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([PYTHON, "-m", "calldiary", *args], env=env, capture_output=True, text=True)

    shown = calldiary("show", target[:8])
    assert shown.returncode == 0, shown.stderr
    assert "line 199999: the end" in shown.stdout and shown.stdout.count("figures") == len(RICH)
    assert shown.stdout.count("\n  ·") == LINES - 1 - len(RICH)  # every line of the note
    out = tmp_path / "all.json"
    done = calldiary("export", "-o", str(out))
    assert done.returncode == 0, done.stderr
    [exported] = [c for c in json.loads(out.read_text(encoding="utf-8"))["calls"] if c["id"] == target]
    assert exported["notes"] == NOTE


async def test_a_note_over_the_limit_from_the_editor_is_not_saved_and_not_lost(demo_diary, tmp_path, monkeypatch):
    """The editor gives back more than a call's notes may take: Save says so in the form, which
    keeps the text (ctrl+o again gets it back to shorten it); nothing is written."""
    editor_script(
        tmp_path,
        monkeypatch,
        "text = open(path, encoding='utf-8').read()\n"
        "if 'pasted' in text:\n"
        "    text = 'the gist of it'\n"
        f"else:\n    text = 'pasted\\n' + 'x' * {MAX_NOTES_BYTES}\n"
        "open(path, 'w', encoding='utf-8').write(text)",
    )
    app = make_app(demo_diary)
    target = hannah_id(demo_diary)
    before = demo_diary.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+o", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CallForm)
        warning = form.query_one("#form-warning", Static).content.plain
        assert f"Not saved: prep notes can take up to {MAX_NOTES_BYTES:,} bytes" in warning
        assert f"these take {MAX_NOTES_BYTES + 8:,}" in warning  # ("pasted" and its line break)
        assert demo_diary.path.read_bytes() == before
        await pilot.press("ctrl+o", "enter")  # the whole text back in the editor, shortened there
        await pilot.pause()
        assert not isinstance(app.screen, CallForm)
    assert fresh(demo_diary).get(target).notes == "the gist of it"
