"""Process tests for the reliability sweep (issue 13): the real `calldiary` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BERLIN, NOW

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def proc(db_path, tmp_path):
    """Run `python -m calldiary ARGS` against the temp diary: (exit code, stdout, stderr)."""

    def run(
        *args: str | bytes,
        now: str = NOW.isoformat(),
        env: dict[str, str] | None = None,
        timeout: float = 60,
        stdin: bytes | None = None,
    ):
        full = dict(os.environ)
        full.update(
            CALLDIARY_DB=str(db_path),
            CALLDIARY_NOW=now,
            CALLDIARY_TZ=BERLIN,
            CALLDIARY_CONFIG=str(tmp_path / "config.toml"),
            CALLDIARY_STATE=str(tmp_path / "ui.json"),
            PYTHONPATH=str(ROOT),
        )
        full.update(env or {})
        for name, value in list(full.items()):
            if value is None:
                del full[name]
        done = subprocess.run(
            [sys.executable, "-m", "calldiary", *args],
            cwd=tmp_path,
            env=full,
            capture_output=True,
            timeout=timeout,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )
        return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")

    return run
