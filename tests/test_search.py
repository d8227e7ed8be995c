"""Finding any call: fields searched, case and accents, newest first, incremental narrowing."""

from __future__ import annotations

from calldiary.model import Status
from calldiary.search import Finder
from tests.conftest import at


def test_every_field_case_and_accent_insensitive_newest_first(diary):
    old = diary.add(at(2, 10), "Jürgen Müller", topic="Pricing")
    new = diary.add(at(20, 10), "Ann", notes="ask about Müller's invoice")
    link = diary.add(at(21, 10), "Bo", link="tel:+49 170 555")
    why = diary.add(at(22, 10), "Cy")
    diary.mark(why.id, Status.CANCELLED, reason="Déjà booked")
    turned = diary.add(at(23, 10), "Dee", turned_down="Straße dinner")
    finder = Finder(diary)
    assert finder.find("muller") == [new.id, old.id]
    assert finder.find("MÜLLER") == [new.id, old.id]
    assert finder.find("jurgen pricing") == [old.id]
    assert finder.find("pricing jurgen") == [old.id]
    assert finder.find("170 555") == [link.id]
    assert finder.find("deja") == [why.id]
    assert finder.find("strasse") == [turned.id]
    assert finder.find("  ") == [] and finder.find("nothing") == []
    assert finder.find("m", limit=1) == [new.id]


def test_typing_narrows_and_changes_are_seen(diary):
    diary.add(at(2, 10), "Müller")
    diary.add(at(3, 10), "Mueller")
    finder = Finder(diary)
    assert len(finder.find("m")) == 2
    assert len(finder.find("mu")) == 2
    assert len(finder.find("mul")) == 1
    assert len(finder.find("mu")) == 2  # deleting a letter widens again
    added = diary.add(at(4, 10), "Mulder")
    assert finder.find("mul")[0] == added.id
