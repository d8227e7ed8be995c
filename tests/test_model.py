from __future__ import annotations

import pytest

from calldiary.errors import CallDiaryError, RuleError
from calldiary.model import Call, Direction, Party, Status, check_fields, from_doc, to_doc, with_outcome
from tests.conftest import NOW, at


def planned(start=None, minutes=30) -> Call:
    start = (start or at(26, 10)).in_tz("UTC")
    return Call(
        id="0123abcd-0000-4000-8000-000000000000",
        contact="Ann",
        start=start,
        tz="Europe/Berlin",
        created=NOW,
        updated=NOW,
        minutes=minutes,
    )


def test_short_id_is_first_8_hex_digits():
    assert planned().short_id == "0123abcd"


@pytest.mark.parametrize(
    "word,status",
    [
        ("ignored", Status.NO_SHOW),
        ("no-show", Status.NO_SHOW),
        ("No Show", Status.NO_SHOW),
        ("noshow", Status.NO_SHOW),
        ("KEPT", Status.KEPT),
        ("canceled", Status.CANCELLED),
        ("cancelled", Status.CANCELLED),
        ("planned", Status.PLANNED),
    ],
)
def test_status_words(word, status):
    assert Status.parse(word) is status


def test_unknown_status_lists_the_accepted_words():
    with pytest.raises(CallDiaryError, match="kept, cancelled or no_show"):
        Status.parse("maybe")


@pytest.mark.parametrize("status", [Status.KEPT, Status.NO_SHOW])
def test_kept_and_no_show_only_after_the_start(status):
    future = planned(at(27, 9))
    with pytest.raises(RuleError, match="future"):
        with_outcome(future, status, NOW)
    done = with_outcome(planned(at(26, 15)), status, NOW)  # starts exactly now
    assert done.status is status and done.outcome_at == NOW


def test_cancel_any_time_defaults_to_them_and_keeps_reason():
    future = planned(at(30, 9))
    done = with_outcome(future, Status.CANCELLED, NOW, reason="  sick  ")
    assert (done.status, done.cancelled_by, done.reason) == (Status.CANCELLED, Party.THEM, "sick")
    mine = with_outcome(future, Status.CANCELLED, NOW, Party.ME)
    assert mine.cancelled_by is Party.ME


def test_reset_to_planned_clears_the_outcome():
    done = with_outcome(planned(at(30, 9)), Status.CANCELLED, NOW, Party.ME, "clash")
    back = with_outcome(done, Status.PLANNED, NOW)
    assert (back.status, back.cancelled_by, back.reason, back.outcome_at) == (Status.PLANNED, None, "", None)


def test_who_cancelled_only_with_cancelled():
    with pytest.raises(RuleError, match="only with the status cancelled"):
        with_outcome(planned(), Status.KEPT, NOW, Party.ME)


@pytest.mark.parametrize("contact,minutes", [("", 30), ("   ", 30), ("Ann", 0), ("Ann", 24 * 60 + 1)])
def test_field_rules(contact, minutes):
    with pytest.raises(RuleError):
        check_fields(contact, minutes)


def test_document_round_trip():
    call = with_outcome(planned(), Status.CANCELLED, NOW, Party.ME, "clash")
    doc = to_doc(call)
    assert doc["start"] == "2026-11-26T09:00:00Z"
    assert from_doc(doc) == call


def test_needs_outcome_and_overlap():
    a, b = planned(at(26, 10), 60), planned(at(26, 10, 30))
    b = Call(**{**{f: getattr(b, f) for f in b.__slots__}, "id": "ffff0000-0000-4000-8000-000000000000"})
    assert a.needs_outcome(NOW) and not planned(at(27, 9)).needs_outcome(NOW)
    assert a.overlaps(b) and b.overlaps(a) and not a.overlaps(a)
    assert Direction.I_CALL.label == "I call"
