"""The week screen driven by keys, asserting on the diary file and on what the screen shows."""

from __future__ import annotations

from calldiary.model import Direction, Party, Status
from calldiary.ui.widgets.call_detail import CallDetail
from tests.ui.conftest import by_contact, fresh, make_app, notices, screen_text, selected_key, statics_text, table_text

SIZE = (120, 36)


async def test_opens_on_today_with_the_next_call_selected(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [hannah] = by_contact(demo_diary, "Hannah Schmidt")
        assert selected_key(app) == hannah.id
        rows = table_text(app)
        assert rows[0].startswith("Mon 23 Nov")
        assert any(r.startswith("Thu 26 Nov | today") for r in rows)
        assert any("── now 15:00" in r and "next in 1 h" in r for r in rows)
        assert any("Dmitri Volkov" in r and "! needs outcome" in r for r in rows)
        assert rows[-1] == "Sun 29 Nov |  | no calls |  | "
        header = app.screen.query_one("#week-title").render()
        assert "Week 48 · Mon 23 – Sun 29 Nov 2026" in str(header)
        assert "Tax deadline prep" in str(app.screen.query_one(CallDetail).render())


async def test_j_and_k_move_over_calls_skipping_headings_and_the_now_line(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("k")
        assert selected_key(app) == by_contact(demo_diary, "Dmitri Volkov")[0].id
        await pilot.press("j", "j")
        assert selected_key(app) == by_contact(demo_diary, "Jonas Weber")[1].id
        await pilot.press("j")  # over "Fri 27 Nov" to its first call
        assert selected_key(app) == by_contact(demo_diary, "Acme Corp · Lena Fischer")[1].id
        await pilot.press("j", "j")  # Saturday has no calls: its heading is a stop
        assert selected_key(app) == "day:2026-11-28"


async def test_days_weeks_today_and_go_to(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")
        assert selected_key(app) == by_contact(demo_diary, "Acme Corp · Lena Fischer")[1].id
        await pilot.press("h", "h")
        assert selected_key(app) == by_contact(demo_diary, "Priya Natarajan")[1].id  # Wed's first
        await pilot.press("]")
        await pilot.pause()
        assert "Week 49 · Mon 30 Nov – Sun 6 Dec 2026" in str(app.screen.query_one("#week-title").render())
        assert selected_key(app) == "day:2026-12-02"
        assert all("no calls" in r for r in table_text(app))
        await pilot.press("[", "[")
        assert "Week 47" in str(app.screen.query_one("#week-title").render())
        await pilot.press("t")
        assert selected_key(app) == by_contact(demo_diary, "Hannah Schmidt")[0].id
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"someday", "enter")
        await pilot.pause()
        assert "can't read 'someday' as a day" in str(app.screen.query_one("#goto-message").render())
        await pilot.press("ctrl+a", "ctrl+k", *"2026-W50", "enter")
        await pilot.pause()
        assert "Week 50 · Mon 7 – Sun 13 Dec 2026" in str(app.screen.query_one("#week-title").render())
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"+1d", "enter")
        await pilot.pause()
        assert selected_key(app) == by_contact(demo_diary, "Acme Corp · Lena Fischer")[1].id


async def test_one_key_outcomes_are_saved_at_once_and_undone_step_by_step(demo_diary):
    app = make_app(demo_diary)
    [dmitri] = by_contact(demo_diary, "Dmitri Volkov")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("k", "n")
        assert fresh(demo_diary).get(dmitri.id).status is Status.NO_SHOW
        assert any("Dmitri Volkov · Thu 26 Nov 11:00 — no-show" in n for n in notices(app))
        assert any("Dmitri Volkov" in r and "⊘ no-show" in r for r in table_text(app))
        await pilot.press("y")
        assert fresh(demo_diary).get(dmitri.id).status is Status.KEPT
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # Enter alone: cancelled by them, no reason
        await pilot.pause()
        cancelled = fresh(demo_diary).get(dmitri.id)
        assert (cancelled.status, cancelled.cancelled_by, cancelled.reason) == (Status.CANCELLED, Party.THEM, "")
        await pilot.press("p")
        assert fresh(demo_diary).get(dmitri.id).status is Status.PLANNED
        for expected in (Status.CANCELLED, Status.KEPT, Status.NO_SHOW, Status.PLANNED):
            await pilot.press("u")
            assert fresh(demo_diary).get(dmitri.id).status is expected
        assert selected_key(app) == dmitri.id
        await pilot.press("u")  # nothing left: it says so, nothing changes
        assert fresh(demo_diary).get(dmitri.id).status is Status.PLANNED
        assert "Nothing to undo" in notices(app)
        await pilot.press("U", "ctrl+y")  # redo steps forward again
        assert fresh(demo_diary).get(dmitri.id).status is Status.KEPT
        assert notices(app)[-1] == "Dmitri Volkov · Thu 26 Nov 11:00 — redone: marked kept"


async def test_cancel_by_me_with_a_reason(demo_diary):
    app = make_app(demo_diary)
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        await pilot.press(*"Flu", "enter")
        await pilot.pause()
        call = fresh(demo_diary).get(hannah.id)
        assert (call.status, call.cancelled_by, call.reason) == (Status.CANCELLED, Party.ME, "Flu")
        assert "“Flu”" in str(app.screen.query_one(CallDetail).render())
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")  # leaving the question changes nothing
        await pilot.pause()
        assert fresh(demo_diary).get(hannah.id).reason == "Flu"


async def test_marking_a_future_call_kept_or_no_show_is_refused(demo_diary):
    app = make_app(demo_diary)
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "y")
        await pilot.pause()
        assert fresh(demo_diary).get(hannah.id).status is Status.PLANNED
        refusals = [n for n in notices(app) if "starts in the future" in n]
        assert len(refusals) == 2


async def test_delete_asks_first(demo_diary):
    app = make_app(demo_diary)
    [hannah] = by_contact(demo_diary, "Hannah Schmidt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert fresh(demo_diary).get(hannah.id)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not by_contact(fresh(demo_diary), "Hannah Schmidt")
        assert not any("Hannah Schmidt" in r for r in table_text(app))
        await pilot.press("u")
        assert by_contact(fresh(demo_diary), "Hannah Schmidt")


async def test_a_change_made_by_another_process_appears(demo_diary):
    import subprocess
    import sys

    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        env = {
            "CALLDIARY_DB": str(demo_diary.path),
            "CALLDIARY_NOW": "2026-11-26T15:00",
            "CALLDIARY_TZ": "Europe/Berlin",
            "PATH": "/usr/bin:/bin",
        }
        done = subprocess.run(
            [sys.executable, "-m", "calldiary", "add", "fri 9:00", "Zoe Outside"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        subprocess.run(
            [
                sys.executable,
                "-m",
                "calldiary",
                "mark",
                *[c.short_id for c in by_contact(fresh(demo_diary), "Dmitri Volkov")],
                "ignored",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        await pilot.pause(1.5)
        rows = table_text(app)
        assert any("Zoe Outside" in r for r in rows)
        assert any("Dmitri Volkov" in r and "no-show" in r for r in rows)


async def test_user_text_is_shown_literally(ui_diary):
    ui_diary.add(
        ui_diary.clock.now().add(hours=1),
        "[bold]Eve[/] \x1b[31mred",
        topic="[link=http://x]y[/link]",
        notes="[i]n[/i]\n\x1b]0;title\x07",
    )
    app = make_app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = table_text(app)
        assert any("[bold]Eve[/] \\x1b[31mred" in r and "[link=http://x]y[/link]" in r for r in rows)
        detail = app.screen.query_one(CallDetail).render()
        assert "[i]n[/i]" in str(detail) and "\\x1b]0;title\\x07" in str(detail)
        assert "\x1b" not in str(detail)


async def test_resizing_to_80x24_keeps_details_and_keys(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.has_class("narrow")
        detail = app.screen.query_one("#detail")  # the pane (its text sits inside, beside a scrollbar)
        assert detail.region.width == 80 and detail.region.height > 5
        table = app.screen.query_one("#week-table")
        assert table.region.right <= 80 and table.region.height >= 8
        await pilot.press("k", "n")
        assert by_contact(fresh(demo_diary), "Dmitri Volkov")[0].status is Status.NO_SHOW
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert not app.screen.has_class("narrow")


async def test_empty_diary_says_how_to_start(ui_diary):
    app = make_app(ui_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.has_class("empty")
        assert "Press  a  to book your first call" in str(app.screen.query_one("#empty-state").render())
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"16:00", "tab", "tab", *"First Person", "enter")
        await pilot.pause()
        assert not app.screen.has_class("empty")
        assert by_contact(fresh(ui_diary), "First Person")


async def test_command_palette_lists_every_action(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "Kept",
            "No-show",
            "Canc. by them",
            "by me",
            "Undo",
            "Redo",
            "Contacts",
            "Review",
            "Planned",
            "Add",
            "Edit",
            "Delete",
            "Prev week",
            "Next week",
            "Today",
            "Go to",
            "Day",
            "Keys",
            "Theme",
        } <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"no-show")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        # the palette ran the action on the selected (future) call: refused with a message
        assert any("starts in the future" in n for n in notices(app))


async def test_theme_is_kept_between_runs(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    again = make_app(demo_diary)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_help_and_day_agenda(demo_diary):
    app = make_app(demo_diary)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        assert "Ignored: nobody called, nobody cancelled" in screen_text(app)
        every = statics_text(app)
        assert all(
            part in every for part in ("Day agenda", "Weekly review", "Contacts", "Call form", "Command palette")
        )
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert "Thursday 26 November 2026" in str(app.screen.query_one("#day-header").render())
        assert len(app.screen.query(".card")) == 4
        assert app.screen.selected_call().contact == "Hannah Schmidt"
        await pilot.press("k", "n")
        assert by_contact(fresh(demo_diary), "Dmitri Volkov")[0].status is Status.NO_SHOW
        assert "⊘ no-show" in app.screen.focused.border_title
        await pilot.press("l")
        await pilot.pause()
        assert "Friday 27 November" in str(app.screen.query_one("#day-header").render())
        await pilot.press("escape")
        await pilot.pause()
        assert selected_key(app) == by_contact(demo_diary, "Acme Corp · Lena Fischer")[1].id


async def test_weeks_can_start_on_sunday(demo_diary):
    from calldiary.config import Settings
    from calldiary.prefs import Prefs
    from calldiary.store import Diary
    from calldiary.ui.app import CallDiaryApp
    from tests.conftest import make_clock

    clock = make_clock()
    sunday_clock = type(clock)(clock.tz, clock.pinned, 6)
    settings = Settings(week_start="sunday", default_minutes=50, default_direction="i_call")
    app = CallDiaryApp(
        Diary(demo_diary.path, sunday_clock), sunday_clock, Prefs(demo_diary.path.parent / "u.json"), settings
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Week 48 · Sun 22 – Sat 28 Nov 2026" in str(app.screen.query_one("#week-title").render())
        assert table_text(app)[0].startswith("Sun 22 Nov")
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#minutes").value == "50"
        assert app.screen.query_one("#direction").value is Direction.I_CALL


async def test_the_list_takes_the_keys_again_after_the_diary_was_emptied_and_undone(ui_diary):
    """Deleting every call shows the empty state (the list hides and loses the focus); undoing
    brings the calls back and j/k move the selection again, without a Tab."""
    now = ui_diary.clock.now()
    first = ui_diary.add(now.add(hours=1), "Ann Lee")
    second = ui_diary.add(now.add(hours=2), "Bo Berg")
    app = make_app(ui_diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("x", "y")
        await pilot.pause()
        await pilot.press("x", "y")
        await pilot.pause()
        assert app.screen.has_class("empty")
        await pilot.press("u", "u")
        await pilot.pause()
        assert not app.screen.has_class("empty")
        start = selected_key(app)
        await pilot.press("j" if start == first.id else "k")
        await pilot.pause()
        assert {start, selected_key(app)} == {first.id, second.id}


async def test_the_now_line_and_the_header_move_with_the_minute(ui_diary, tmp_path):
    """Seen by hand: the now line lagged up to 30 s behind the clock (it moved every 30th poll)."""
    from dataclasses import dataclass, field

    from calldiary.clock import Clock
    from calldiary.store import Diary

    @dataclass(frozen=True)
    class Stepping(Clock):
        """The pinned clock, moved on by hand."""

        minutes: list[int] = field(default_factory=lambda: [0])

        def now(self):
            return super().now().add(minutes=self.minutes[0])

    base = ui_diary.clock
    clock = Stepping(base.tz, base.pinned, base.week_start)
    diary = Diary(tmp_path / "stepping.json", clock)
    diary.add(clock.now().add(minutes=10), "Ann Lee")
    app = make_app(diary)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        rows = table_text(app)
        assert any("now 15:00" in row for row in rows)
        assert "Ann Lee in 10 min" in str(app.screen.query_one("#week-next").render())
        clock.minutes[0] = 1
        await pilot.pause(1.5)  # (one poll)
        rows = table_text(app)
        assert any("now 15:01" in row for row in rows), rows
        assert "Ann Lee in 9 min" in str(app.screen.query_one("#week-next").render())
