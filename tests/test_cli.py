from __future__ import annotations

import json
import subprocess

import pytest

from calldiary.model import Status
from calldiary.schema import SCHEMA
from calldiary.store import Diary
from tests.conftest import BERLIN, PYTHON, make_clock


def test_add_prints_the_short_id_and_list_shows_it(run, db_path):
    code, out, err = run("add", "fri 13:00", "Ann Lee", "--topic", "Pricing", "--minutes", "45", "--i-call")
    assert code == 0 and err == "calldiary: booked Fri 27 Nov 2026 13:00–13:45 with Ann Lee (I call)\n"
    short = out.strip()
    assert len(short) == 8
    code, out, _ = run("list")
    assert code == 0
    assert out == f"{short}  Fri 27 Nov 13:00–13:45  planned     I call     Ann Lee  — Pricing\n"


def test_list_json_fields(run):
    run("add", "today 10:00", "Ann", "--topic", "Intro")
    code, out, _ = run("list", "--json")
    [call] = json.loads(out)
    assert code == 0
    assert {k: call[k] for k in ("start", "tz", "minutes", "contact", "direction", "topic", "status")} == {
        "start": "2026-11-26T10:00:00+01:00",
        "tz": BERLIN,
        "minutes": 30,
        "contact": "Ann",
        "direction": "they_call",
        "topic": "Intro",
        "status": "planned",
    }
    assert call["id"].startswith(call["short_id"])


def test_list_ranges(run):
    run("add", "2026-11-20 10:00", "Last week")
    run("add", "2026-11-23 00:00", "Monday")
    run("add", "2026-11-30 09:00", "Next week")
    names = lambda out: [line.split("  ")[-1] for line in out.splitlines()]  # noqa: E731
    assert names(run("list")[1]) == ["Monday"]
    assert names(run("list", "--week")[1]) == ["Monday"]
    assert names(run("list", "--week", "2026-W47")[1]) == ["Last week"]
    assert names(run("list", "--from", "2026-11-20", "--to", "2026-12-01")[1]) == ["Last week", "Monday", "Next week"]
    assert run("list", "--week", "2026-W40")[1] == "no calls from Mon 28 Sep to Sun 4 Oct 2026\n"


def test_list_help_says_what_a_missing_edge_means_and_it_does_so(run):
    help_text = " ".join(run("list", "--help")[1].split())
    assert "--from alone lists the 7 days from it" in help_text
    assert "default: the start of today" in help_text and "default: 7 days after the start" in help_text
    run("add", "2026-11-20 10:00", "Within")
    run("add", "2026-11-27 10:00", "Day eight")
    assert [line.split("  ")[-1] for line in run("list", "--from", "2026-11-20")[1].splitlines()] == ["Within"]


def test_mark_by_prefix_with_alias(run, db_path):
    short = run("add", "today 10:00", "Ann")[1].strip()
    code, out, _ = run("mark", short[:5], "ignored")
    assert code == 0 and out == f"{short} marked no-show: Ann, Thu 26 Nov 10:00 (no-show by them)\n"
    code, out, _ = run("mark", short, "cancelled", "--by", "me", "--reason", "double-booked")
    assert out.endswith("(cancelled by me); was no-show (them)\n")
    call = Diary(db_path, make_clock()).resolve(short)
    assert (call.status, call.reason) == (Status.CANCELLED, "double-booked")


@pytest.mark.parametrize(
    "args,message,code",
    [
        (["mark", "abc", "kept"], "no call with id abc", 1),
        (["mark", "abc", "perhaps"], "unknown status 'perhaps'", 1),
        (["add", "someday", "Ann"], "accepted forms", 1),
        (["add", "fri 13:00", "Ann", "--minutes", "0"], "--minutes", 2),
        (["list", "--week", "2026-W60"], "2026 has 53 weeks", 1),
        (["list", "--week", "2026-W48", "--from", "today"], "either --week or --from/--to", 2),
        (["--bogus"], "No such option", 2),
        (["frobnicate"], "No such command", 2),
        (["add"], "Missing argument", 2),
    ],
)
def test_user_errors_are_one_line(run, args, message, code):
    got, out, err = run(*args)
    assert got == code and out == ""
    assert err.count("\n") == 1 and err.startswith("calldiary: error: ") and message in err


def test_marking_a_future_call_kept_is_refused(run):
    short = run("add", "tomorrow 9", "Ann")[1].strip()
    code, _, err = run("mark", short, "kept")
    assert code == 1 and "starts in the future" in err


def test_overlap_warning_goes_to_stderr(run):
    run("add", "fri 13:00", "Ann", "--minutes", "60")
    code, out, err = run("add", "fri 13:30", "Bob")
    assert code == 0 and len(out.strip()) == 8 and "warning: overlaps" in err and "Ann" in err


def test_control_characters_in_names_are_shown_not_obeyed(run):
    run("add", "today 10:00", "Eve\x1b[31m red", "--topic", "a\nb")
    out = run("list")[1]
    assert "\x1b" not in out and "Eve\\x1b[31m red" in out and "— a b" in out


def test_broken_diary_exits_non_zero_and_keeps_the_file(run, db_path):
    db_path.write_text("{ not json")
    code, _, err = run("list")
    assert code == 1 and str(db_path) in err and err.count("\n") == 1
    assert db_path.read_text() == "{ not json"


def test_real_process_version_help_and_no_textual(cli_env, db_path):
    def calldiary(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([PYTHON, "-m", "calldiary", *args], env=cli_env, capture_output=True, text=True)

    assert calldiary("--version").stdout.startswith("calldiary, version ")
    for command in ("add", "list", "mark", "delete"):
        shown = calldiary(command, "--help")
        assert shown.returncode == 0 and "Usage: calldiary " + command in shown.stdout
    probe = subprocess.run(
        [
            PYTHON,
            "-c",
            (
                "import sys\nfrom calldiary.cli import main\ntry: main(['list'])\nexcept SystemExit: pass\n"
                "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
            ),
        ],
        env=cli_env,
        capture_output=True,
        text=True,
    )
    assert probe.stdout.strip().endswith("[]"), probe.stderr


def test_core_modules_import_no_textual(cli_env):
    core = ["model", "clock", "when", "store", "storage", "schema", "fmt", "text", "cli", "errors"]
    code = (
        "import sys\n"
        + "".join(f"import calldiary.{m}\n" for m in core)
        + "print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    )
    probe = subprocess.run([PYTHON, "-c", code], env=cli_env, capture_output=True, text=True)
    assert probe.stdout.strip() == "False", probe.stderr


def test_opening_the_tui_on_a_broken_diary_is_one_line_and_no_screen(cli_env, db_path):
    db_path.write_text('{"meta": {"1": {"app": "calldiary", "schema": 7}}}')
    shown = subprocess.run([PYTHON, "-m", "calldiary"], env=cli_env, capture_output=True, text=True, timeout=60)
    assert shown.returncode == 1
    assert (
        shown.stderr == f"calldiary: error: {db_path}: written by a newer calldiary (schema 7; "
        f"this one reads up to {SCHEMA}): upgrade calldiary\n"
    )
    assert shown.stdout == ""


def _demo(db_path):
    from calldiary.demo import fill

    fill(Diary(db_path, make_clock()))


def test_review_json_has_the_figures(run, db_path):
    _demo(db_path)
    code, out, _ = run("review", "--json")
    figures = json.loads(out)
    assert code == 0
    assert {
        k: figures[k] for k in ("week", "planned", "kept", "cancelled", "no_show", "late_cancellations", "minutes_lost")
    } == {
        "week": "2026-W48",
        "planned": 5,
        "kept": 4,
        "cancelled": 2,
        "no_show": 2,
        "late_cancellations": 2,
        "minutes_lost": 60,
    }
    assert figures["show_rate"] == pytest.approx(4 / 6)
    [waiting] = figures["needs_outcome"]
    assert Diary(db_path, make_clock()).get(waiting).contact == "Dmitri Volkov"
    assert figures["previous_week"]["week"] == "2026-W47"
    assert figures["repeat_no_shows"][0]["contact"] == "Priya Natarajan"


def test_review_plain_and_an_empty_week(run, db_path):
    _demo(db_path)
    out = run("review")[1]
    assert out.startswith("Week 48 · Mon 23 – Sun 29 Nov 2026 (2026-W48)\n")
    assert "  show rate   67% (-33 pts on 2026-W47)" in out and "Dmitri Volkov" in out
    code, out, _ = run("review", "--week", "2027-W10", "--json")
    empty = json.loads(out)
    assert code == 0 and empty["show_rate"] is None and empty["needs_outcome"] == [] and empty["kept"] == 0
    assert "show rate   — no kept calls or no-shows by them yet" in run("review", "--week", "2027-W10")[1]


def test_contacts_and_drop(run, db_path):
    _demo(db_path)
    code, out, _ = run("drop", "Priya Natarajan", "--note", "8 no-shows")
    assert code == 0 and out == "Priya Natarajan dropped\n"
    rows = {row["contact"]: row for row in json.loads(run("contacts", "--json")[1])}
    assert (rows["Priya Natarajan"]["no_show"], rows["Priya Natarajan"]["dropped"]) == (8, True)
    assert rows["Priya Natarajan"]["note"] == "8 no-shows"
    plain = run("contacts")[1]
    assert "dropped: 8 no-shows" in plain and plain.splitlines()[0].startswith("contact")
    assert run("drop", "Priya Natarajan", "--undo")[1] == "Priya Natarajan taken back\n"
    rows = {row["contact"]: row for row in json.loads(run("contacts", "--json")[1])}
    assert rows["Priya Natarajan"]["dropped"] is False
    code, out, err = run("drop", "Nobody Yet")
    assert code == 1 and out == "" and "no contact called 'Nobody Yet'" in err and "--new" in err
    code, _, err = run("drop", "Priya Natarajn")
    assert code == 1 and 'did you mean "Priya Natarajan"?' in err
    assert run("drop", "Nobody Yet", "--new", "--note", "spam")[1] == "Nobody Yet dropped\n"
    assert run("drop", "priya  natarajan")[1] == "Priya Natarajan dropped\n"


@pytest.mark.parametrize("command", ["add", "edit"])
def test_they_call_and_i_call_together_are_refused_and_nothing_changes(run, db_path, command):
    short = run("add", "fri 13:00", "Ann Lee", "--they-call")[1].strip()
    before = db_path.read_bytes()
    args = ["add", "fri 15:00", "Bo"] if command == "add" else ["edit", short]
    code, out, err = run(*args, "--i-call", "--they-call")
    assert code == 2 and out == ""
    assert err == (
        f"calldiary: error: --they-call and --i-call contradict each other: give one of them"
        f" (see calldiary {command} --help)\n"
    )
    assert db_path.read_bytes() == before
    assert run(*args, "--i-call", "--i-call")[0] == 0  # (the same one twice says one thing)


def test_mark_says_which_outcome_it_replaced(run):
    short = run("add", "today 10:00", "Ann")[1].strip()
    run("mark", short, "cancelled", "--reason", "moved [b]x[/b]")
    code, out, _ = run("mark", short, "kept")
    assert code == 0
    assert out == f"{short} marked kept: Ann, Thu 26 Nov 10:00; was cancelled by them: moved [b]x[/b]\n"
    assert run("mark", short, "kept")[1] == f"{short} marked kept: Ann, Thu 26 Nov 10:00\n"  # nothing replaced
    out = run("mark", short, "no_show", "--by", "me")[1]
    assert out == f"{short} marked no-show: Ann, Thu 26 Nov 10:00 (no-show by me); was kept\n"
