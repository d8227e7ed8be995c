"""`calldiary remind` as real processes, with a stand-in `notify-send` on PATH: a real script
that records its arguments and prints an action (or fails, or hangs)."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from calldiary.model import Direction, Status
from calldiary.store import Diary
from tests.conftest import NOW, PYTHON, at, make_clock

STANDIN = """#!/bin/sh
# Stand-in for notify-send: records its arguments, then does what the test's environment says.
# (one write per call: processes running at once never mix their lines)
line=""; sep=$(printf '\\037')
for a in "$@"; do line="$line$a$sep"; done
printf '%s\\n' "$line" >> "$STANDIN_LOG"
if [ -n "$STANDIN_HANG_IF" ]; then
  case "$*" in *"$STANDIN_HANG_IF"*) echo $$ >> "$STANDIN_LOG.hung"; sleep 60 ;; esac
fi
if [ -n "$STANDIN_FAIL" ]; then echo "notification service not running" >&2; exit 3; fi
if [ -n "$STANDIN_ACTION" ]; then echo "$STANDIN_ACTION"; fi
exit 0
"""

OUTCOME_ARGS = ["-A", "kept=Kept", "-A", "no_show=No-show", "-A", "later=Later"]


def _script(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(STANDIN)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def standin(tmp_path: Path, cli_env: dict[str, str]) -> dict[str, str]:
    """The environment for `calldiary remind` with the stand-in notify-send first on PATH."""
    _script(tmp_path / "bin", "notify-send")
    env = dict(cli_env)
    env.update(
        PATH=f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        STANDIN_LOG=str(tmp_path / "notified.log"),
        CALLDIARY_CONFIG=str(tmp_path / "config.toml"),
    )
    return env


@pytest.fixture
def calls(db_path: Path) -> dict[str, str]:
    """At the pinned now (Thu 15:00): Dr. Brandt's 14:00 call needs an outcome, Ann calls at 15:05."""
    diary = Diary(db_path, make_clock())
    brandt = diary.add(at(26, 14), "Dr. Brandt", topic="Results")
    ann = diary.add(at(26, 15, 5), "Ann", direction=Direction.I_CALL, link="+49 30 1234")
    return {"brandt": brandt.id, "ann": ann.id}


def _remind(env: dict[str, str], *args: str, now=None, **extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(env, **extra)
    if now is not None:
        env["CALLDIARY_NOW"] = now.isoformat()
    return subprocess.run(
        [PYTHON, "-m", "calldiary", "remind", *(args or ("--once",))],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _notified(env: dict[str, str]) -> list[list[str]]:
    log = Path(env["STANDIN_LOG"])
    if not log.exists():
        return []
    return [line.split("\037")[:-1] for line in log.read_text().splitlines()]


def _status(db_path: Path, call_id: str) -> Status:
    return Diary(db_path, make_clock()).get(call_id).status


def test_the_picked_action_is_recorded_as_the_outcome(standin, calls, db_path):
    done = _remind(standin, STANDIN_ACTION="kept")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    notified = sorted(_notified(standin), key=len)
    assert notified == [
        ["--app-name=calldiary", "--", "You call Ann in 5 min", "15:05, 30 min · +49 30 1234"],
        ["--app-name=calldiary", *OUTCOME_ARGS, "--", "Did Dr. Brandt call? (14:00, 30 min)", "Results"],
    ]
    assert _status(db_path, calls["brandt"]) is Status.KEPT
    assert _status(db_path, calls["ann"]) is Status.PLANNED  # an upcoming reminder's answer means nothing
    assert _remind(standin).returncode == 0
    assert len(_notified(standin)) == 2  # said once: nothing again


def test_no_show(standin, calls, db_path):
    _remind(standin, STANDIN_ACTION="no_show")
    assert _status(db_path, calls["brandt"]) is Status.NO_SHOW


def test_later_asks_again_after_the_grace_period(standin, calls, db_path):
    assert _remind(standin, STANDIN_ACTION="later").stderr == ""
    assert _status(db_path, calls["brandt"]) is Status.PLANNED
    count = len(_notified(standin))
    _remind(standin, now=NOW.add(minutes=14), STANDIN_ACTION="later")
    assert len(_notified(standin)) == count  # not before the grace period has passed
    _remind(standin, now=NOW.add(minutes=15), STANDIN_ACTION="kept")
    assert _notified(standin)[-1][-2] == "Did Dr. Brandt call? (14:00, 30 min)"
    assert _status(db_path, calls["brandt"]) is Status.KEPT


def test_a_failing_notifier_keeps_the_reminders_due(standin, calls, db_path):
    done = _remind(standin, STANDIN_FAIL="1")
    assert done.returncode == 0 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("calldiary: notify-send (") for line in lines)
    assert all(
        "failed (exit status 3): notification service not running; the reminder stays due" in line for line in lines
    )
    assert "Traceback" not in done.stderr
    again = _remind(standin, STANDIN_ACTION="kept")
    assert again.stderr == ""
    assert len(_notified(standin)) == 4  # both said again, this time for good
    assert _status(db_path, calls["brandt"]) is Status.KEPT


def test_a_hanging_notifier_counts_as_later_and_never_holds_up_the_others(standin, calls, db_path):
    started = time.monotonic()
    done = _remind(standin, CALLDIARY_NOTIFY_TIMEOUT="4", STANDIN_HANG_IF="Did Dr. Brandt", STANDIN_ACTION="kept")
    assert time.monotonic() - started < 20  # the hung notifier (and its child `sleep`) were stopped
    assert done.returncode == 0
    short = calls["brandt"].replace("-", "")[:8]
    assert done.stderr == f"calldiary: notify-send ({short} outcome): no answer within 4 s; asking again later\n"
    assert _status(db_path, calls["brandt"]) is Status.PLANNED
    assert [args[-2] for args in _notified(standin)].count("You call Ann in 5 min") == 1
    # "later": asked again once the grace period has passed
    _remind(standin, now=NOW.add(minutes=15), STANDIN_ACTION="no_show")
    assert _status(db_path, calls["brandt"]) is Status.NO_SHOW


def test_a_hanging_notifier_keeps_an_upcoming_reminder_due(standin, calls):
    done = _remind(standin, CALLDIARY_NOTIFY_TIMEOUT="2", STANDIN_HANG_IF="You call Ann")
    assert "no answer within 2 s; the reminder stays due" in done.stderr
    _remind(standin)
    assert [args[-2] for args in _notified(standin)].count("You call Ann in 5 min") == 2


def test_notify_command_gets_title_and_body_and_may_answer(standin, calls, db_path, tmp_path):
    push = _script(tmp_path / "tools", "push")
    Path(standin["CALLDIARY_CONFIG"]).write_text(f'notify_command = "{push} --to phone"\n')
    done = _remind(standin, STANDIN_ACTION="no-show")
    assert done.stderr == ""
    assert sorted(_notified(standin)) == [
        ["--to", "phone", "Did Dr. Brandt call? (14:00, 30 min)", "Results"],
        ["--to", "phone", "You call Ann in 5 min", "15:05, 30 min · +49 30 1234"],
    ]
    assert _status(db_path, calls["brandt"]) is Status.NO_SHOW


def test_a_missing_notifier_loses_nothing(standin, calls, tmp_path):
    Path(standin["CALLDIARY_CONFIG"]).write_text('notify_command = "/nonexistent/push"\n')
    done = _remind(standin)
    assert done.returncode == 0
    assert done.stderr.count("can't run /nonexistent/push: No such file or directory; the reminder stays due") == 2
    printed = _remind(standin, "--once", "--print")
    assert printed.stderr == ""
    assert sorted(line.split(" ", 2)[1] for line in printed.stdout.splitlines()) == ["outcome", "upcoming"]


def test_print_and_the_stdout_fallback(standin, calls, tmp_path):
    no_notify_send = dict(standin, PATH=str(tmp_path / "empty"))
    done = _remind(no_notify_send)  # no notify_command, no notify-send on PATH: stdout
    ann, brandt = (calls[k].replace("-", "")[:8] for k in ("ann", "brandt"))
    assert done.stdout == (
        f"{ann} upcoming You call Ann in 5 min — 15:05, 30 min · +49 30 1234\n"
        f"{brandt} outcome Did Dr. Brandt call? (14:00, 30 min) — Results\n"
    )
    assert _remind(no_notify_send).stdout == ""
    later = _remind(standin, "--once", "--print", now=NOW.add(minutes=50))
    assert later.stdout == f"{ann} outcome Did you reach Ann? (15:05, 30 min)\n"
    assert _notified(standin) == []  # --print wins over notify-send


def test_processes_at_once_never_repeat_each_other(standin, calls):
    procs = [
        subprocess.Popen(
            [PYTHON, "-m", "calldiary", "remind", "--once", "--print"],
            env=standin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outs]
    lines = [line for out, _ in outs for line in out.splitlines()]
    assert sorted(line.split(" ", 2)[1] for line in lines) == ["outcome", "upcoming"]


def test_watch_until_ctrl_c_exits_0(standin, calls):
    proc = subprocess.Popen(
        [PYTHON, "-m", "calldiary", "remind", "--watch", "--print"],
        env=standin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert " upcoming You call Ann in 5 min" in proc.stdout.readline()
    assert " outcome Did Dr. Brandt call?" in proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert out == "" and err == ""


def test_remind_needs_once_or_watch(run):
    code, _, err = run("remind")
    assert code == 2 and "use either --once or --watch" in err


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("remind_before = [10, 2000]", "remind_before = [10, 2000] is not accepted; use a list of whole numbers"),
        ("remind_before = 10", "remind_before = 10 is not accepted"),
        ("ask_outcome_after = -1", "ask_outcome_after = -1 is not accepted; use a whole number of minutes from 0"),
        ("notify_command = 3", "notify_command = 3 is not accepted; use a command line"),
        ("notify_command = 'a \"b'", "is not accepted; use a command line"),
    ],
)
def test_bad_settings_are_one_line_naming_the_key(run, tmp_path, line, said):
    (tmp_path / "config.toml").write_text(line + "\n")
    code, out, err = run("remind", "--once", "--print")
    assert code == 1 and out == ""
    assert err.startswith("calldiary: error: ") and said in err and err.count("\n") == 1


def test_config_shows_the_reminder_settings(run, tmp_path):
    code, out, _ = run("config")
    assert code == 0
    assert "remind_before = [10]    # default" in out
    assert "ask_outcome_after = 15    # default" in out
    assert "# notify_command: (notify-send when on PATH, else stdout)    # default" in out
    (tmp_path / "config.toml").write_text('remind_before = [10, 60, 10]\nnotify_command = "push"\n')
    out = run("config")[1]
    assert "remind_before = [60, 10]    # file" in out and 'notify_command = "push"    # file' in out


def test_an_upcoming_reminder_names_a_history_of_no_shows(run, db_path):
    diary = Diary(db_path, make_clock())
    before = diary.add(at(19, 10), "Dr. Brandt")
    diary.mark(before.id, Status.NO_SHOW)
    diary.add(at(26, 15, 5), "Dr. Brandt", topic="Results")
    diary.add(at(26, 15, 8), "Reliable")
    kept = diary.add(at(20, 10), "Reliable")
    diary.mark(kept.id, Status.KEPT)
    code, out, err = run("remind", "--once", "--print")
    assert code == 0 and err == ""
    brandt, reliable = out.splitlines()
    assert brandt.endswith(
        "upcoming Dr. Brandt calls you in 5 min — 15:05, 30 min · Results · ⊘ 1 no-show (last 19 Nov) · show rate 0%"
    )
    assert reliable.endswith("upcoming Reliable calls you in 8 min — 15:08, 30 min")  # no history: no record line


def test_ctrl_c_while_a_notifier_waits_keeps_its_reminder_due(standin, calls):
    env = dict(standin, CALLDIARY_NOTIFY_TIMEOUT="60", STANDIN_HANG_IF="Did Dr. Brandt")
    proc = subprocess.Popen(
        [PYTHON, "-m", "calldiary", "remind", "--watch"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    for _ in range(200):  # both notifiers started: Ann's returned, Dr. Brandt's waits for a click
        if len(_notified(standin)) == 2:
            break
        time.sleep(0.1)
    time.sleep(1.0)  # (Ann's delivery settles)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and err == b""
    try:
        again = _remind(standin, "--once", "--print")
        assert [line.split(" ", 2)[1:] for line in again.stdout.splitlines()] == [
            ["outcome", "Did Dr. Brandt call? (14:00, 30 min) — Results"]
        ]
    finally:  # the notifier left waiting (in its own session) and its `sleep`
        for pid in Path(standin["STANDIN_LOG"] + ".hung").read_text().split():
            with contextlib.suppress(OSError):
                os.killpg(int(pid), signal.SIGKILL)


def test_config_prints_only_values_the_settings_file_accepts(run, tmp_path):
    import tomllib

    (tmp_path / "config.toml").write_text('week_start = "sun"\ntheme = "nord"\n')
    code, out, err = run("config")
    assert code == 0, err
    assert 'week_start = "sunday"    # file' in out
    saved = "\n".join(line.split("    #")[0] for line in out.splitlines() if not line.startswith("#"))
    (tmp_path / "config.toml").write_text(saved + "\n")
    tomllib.loads(saved)
    code, again, err = run("config")
    assert code == 0 and "error" not in err, err
    assert again.replace("# file", "").count("=") == out.replace("# file", "").count("=")
