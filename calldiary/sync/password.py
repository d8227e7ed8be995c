"""The CalDAV password: from `password_command` (its first line of output) or `password`.
It is only ever handed to the caldav client: never printed, logged or stored."""

from __future__ import annotations

import subprocess

from calldiary.config import CalDav
from calldiary.sync.remote import SyncError, server_name

TIMEOUT = 30


def password_of(settings: CalDav) -> str:
    if not settings.password_command.strip():
        return settings.password
    where = server_name(settings.url)
    try:
        done = subprocess.run(
            settings.password_command,
            shell=True,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SyncError(f"{where}: password_command gave no password within {TIMEOUT} s") from None
    except OSError as error:
        raise SyncError(f"{where}: password_command can't be run: {error.strerror or error}") from None
    if done.returncode != 0:
        raise SyncError(f"{where}: password_command failed (exit status {done.returncode})")
    lines = done.stdout.decode("utf-8", errors="replace").splitlines()
    if not lines or not lines[0]:
        raise SyncError(f"{where}: password_command printed no password")
    return lines[0]
