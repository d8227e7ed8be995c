"""The caldav client calls: find (or make) the calendar, list what changed, fetch, and write
conditionally. The caldav library does all the HTTP and WebDAV; every failure becomes one
SyncError line naming the server and the problem (never the password)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from calldiary.errors import CallDiaryError

TIMEOUT = 60
_ICAL = {"Content-Type": "text/calendar; charset=utf-8"}
_BATCH = 200


class SyncError(CallDiaryError):
    """Sync stopped: one line naming the server and the problem."""


class CalendarGone(SyncError):
    """The calendar's URL answers 404: it was deleted (or moved) there."""


@dataclass
class Listing:
    """What changed in a calendar: href -> etag of new or changed objects, and deleted hrefs.
    `full`: the whole collection was listed (any href not in it is gone)."""

    token: str | None
    changed: dict[str, str] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    full: bool = False


def server_name(url: str) -> str:
    parts = urlsplit(url)
    return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else url


def canonical(url: Any) -> str:
    from caldav.lib.url import URL

    return str(URL.objectify(url).canonical())


class Remote:
    """One CalDAV account."""

    def __init__(self, url: str, username: str, password: str, timeout: int = TIMEOUT):
        self.url = url
        self.server = server_name(url)
        self._username = username
        self._password = password
        self._timeout = timeout
        self._client: Any = None
        self._principal: Any = None

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        from caldav.lib import error as dav

        try:
            yield
        except SyncError:
            raise
        except dav.AuthorizationError:
            raise SyncError(f"{self.server}: the server refused the username or password ({doing})") from None
        except dav.NotFoundError:
            raise SyncError(f"{self.server}: not found while {doing}") from None
        except dav.DAVError as problem:
            text = str(problem).splitlines()[0][:160] if str(problem) else type(problem).__name__
            raise SyncError(f"{self.server}: {doing} failed: {self._clean(text)}") from None
        except Exception as problem:  # requests/niquests connection errors, timeouts, bad XML
            name = type(problem).__name__
            if "Timeout" in name:
                why = f"no answer within {self._timeout} s"
            elif "Connection" in name:
                why = "can't connect (is the server running and the url right?)"
            else:
                why = f"{name}: {self._clean(str(problem).splitlines()[0][:160] if str(problem) else '')}"
            raise SyncError(f"{self.server}: {doing} failed: {why}") from None

    def _clean(self, text: str) -> str:
        return text.replace(self._password, "***") if self._password else text

    @property
    def client(self) -> Any:
        if self._client is None:
            from caldav.davclient import DAVClient

            self._client = DAVClient(
                url=self.url, username=self._username or None, password=self._password or None, timeout=self._timeout
            )
        return self._client

    def calendars(self) -> dict[str, Any]:
        """The account's calendars by display name."""
        with self._errors("listing the calendars"):
            if self._principal is None:
                self._principal = self.client.principal()
            found: dict[str, Any] = {}
            for calendar in self._principal.calendars():
                name = calendar.get_display_name() or ""
                found.setdefault(name, calendar)
            return found

    def calendar_at(self, url: str) -> Any:
        """The calendar at a URL found by an earlier sync (no discovery requests)."""
        from caldav.collection import Calendar

        return Calendar(client=self.client, url=url)

    def calendar(self, name: str, create: bool) -> Any:
        found = self.calendars().get(name)
        if found is not None:
            return found
        if not create:
            raise SyncError(f"{self.server}: there is no calendar named {name!r}")
        with self._errors(f"creating the calendar {name!r}"):
            return self._principal.make_calendar(name=name)

    def listing(self, calendar: Any, token: str | None) -> Listing:
        """What changed since `token` (the collection's sync token), or everything with its etag.
        A calendar that is not there (any more) raises CalendarGone, never an empty listing."""
        from caldav.lib import error as dav

        with self._errors("listing the calendar's changes"):
            try:
                return self._listing(calendar, token)
            except dav.NotFoundError:
                raise CalendarGone(f"{self.server}: the calendar at {calendar.url} is not there") from None

    def _listing(self, calendar: Any, token: str | None) -> Listing:
        from caldav.lib import error as dav

        if token:
            try:
                result = calendar.get_objects_by_sync_token(token, disable_fallback=True)
                return Listing(
                    str(result.sync_token) if result.sync_token else None,
                    {canonical(obj.url): _etag(obj) for obj in result},
                    {canonical(url) for url in getattr(result, "deleted_urls", set())},
                )
            except (dav.ReportError, dav.DAVError) as problem:
                if isinstance(problem, dav.NotFoundError):
                    raise
                if isinstance(problem, dav.AuthorizationError) and not getattr(problem, "preconditions", None):
                    raise
        try:
            result = calendar.get_objects_by_sync_token(None, disable_fallback=True)
            token = str(result.sync_token) if result.sync_token else None
            objects = {canonical(obj.url): _etag(obj) for obj in result}
        except (dav.ReportError, dav.DAVError) as problem:
            if isinstance(problem, dav.AuthorizationError | dav.NotFoundError):
                raise
            token, objects = None, self._etags(calendar)
        return Listing(token, objects, set(), full=True)

    def _etags(self, calendar: Any) -> dict[str, str]:
        from caldav.elements import dav as props
        from caldav.lib import error as dav

        response = self.client.propfind(str(calendar.url), props=[props.GetEtag()], depth=1)
        if response.status == 404:
            raise dav.NotFoundError(str(calendar.url))
        base = canonical(calendar.url)
        found = {}
        for item in response.results or []:
            href = canonical(calendar.url.join(item.href))
            etag = item.properties.get(props.GetEtag.tag)
            if href != base and etag:
                found[href] = str(etag)
        return found

    def fetch(self, calendar: Any, hrefs: list[str]) -> dict[str, tuple[str, str]]:
        """href -> (etag, iCalendar text) of the objects still there."""
        from caldav.elements import dav as props
        from caldav.lib.url import URL

        found: dict[str, tuple[str, str]] = {}
        with self._errors("fetching events"):
            for low in range(0, len(hrefs), _BATCH):
                part = [URL.objectify(href) for href in hrefs[low : low + _BATCH]]
                for obj in calendar.multiget(part):
                    if obj.data:
                        found[canonical(obj.url)] = (str(obj.props.get(props.GetEtag.tag) or ""), obj.data)
        return found

    def get(self, href: str) -> tuple[str, str] | None:
        """(etag, text) of one object, or None when it is gone."""
        with self._errors("fetching an event"):
            response = self.client.request(href, "GET")
            if response.status == 404:
                return None
            self._check(response, "fetching an event")
            return str(response.headers.get("ETag") or ""), response.raw

    def put(self, href: str, text: str, etag: str | None) -> str | None:
        """Write conditionally: create when `etag` is None, else only over that version.
        Returns the new etag ("" when the server did not say), None on 412 (changed meanwhile)."""
        headers = dict(_ICAL, **({"If-Match": etag} if etag else {"If-None-Match": "*"}))
        with self._errors("saving an event"):
            response = self.client.put(href, text, headers)
            if response.status == 412:
                return None
            self._check(response, "saving an event")
            return str(response.headers.get("ETag") or "")

    def delete(self, href: str, etag: str) -> bool | None:
        """Delete only that version: True when done (or already gone), None on 412."""
        with self._errors("deleting an event"):
            response = self.client.delete(href, {"If-Match": etag} if etag else {})
            if response.status == 412:
                return None
            if response.status == 404:
                return True
            self._check(response, "deleting an event")
            return True

    def etag(self, href: str) -> str:
        found = self.get(href)
        return found[0] if found else ""

    def _check(self, response: Any, doing: str) -> None:
        if response.status >= 400:
            raise SyncError(f"{self.server}: {doing} failed: HTTP {response.status} {response.reason or ''}".rstrip())


def _etag(obj: Any) -> str:
    from caldav.elements import dav as props

    return str(obj.props.get(props.GetEtag.tag) or "")
