"""Contact identity, "did you mean", renaming and the record line, on small hand-made diaries."""

from __future__ import annotations

import orjson
import pytest

from calldiary.contacts import RecordBook, close_names, contact_key, fold, record_line
from calldiary.errors import NotFound
from calldiary.model import Direction, Party, Status
from calldiary.store import Diary
from tests.conftest import at, make_clock


@pytest.mark.parametrize("name", ["Dr. Brandt", "dr brandt", "DR  BRANDT", " Dr.Brandt ", "dr-brandt"])
def test_variants_are_one_contact(name):
    assert contact_key(name) == "dr brandt"


def test_apostrophes_vanish_and_other_punctuation_separates():
    assert contact_key("Sam O'Neill") == contact_key("sam oneill") == contact_key("SAM O’NEILL") == "sam oneill"
    assert contact_key("Jean-Luc") == contact_key("jean luc")


def test_accents_are_kept_for_identity_and_folded_for_search():
    assert contact_key("Müller") != contact_key("Muller")
    assert fold("Müller") == fold("MULLER") == "muller"
    assert fold("Straße") == "strasse"


def test_a_variant_is_booked_under_the_existing_spelling(diary):
    diary.add(at(23, 10), "Dr. Brandt")
    assert diary.add(at(24, 10), "dr  brandt").contact == "Dr. Brandt"
    assert diary.add(at(25, 10), "DR BRANDT.").contact == "Dr. Brandt"
    assert diary.contacts() == ["Dr. Brandt"]
    other = diary.add(at(25, 12), "Ann")
    assert diary.edit(other.id, contact="dr. BRANDT").contact == "Dr. Brandt"


def test_close_names_ask_but_never_merge(diary):
    diary.add(at(23, 10), "Dr. Brandt")
    diary.add(at(23, 11), "Müller")
    assert close_names("Dr. Brand", diary.contacts()) == ["Dr. Brandt"]
    assert close_names("Muller", diary.contacts()) == ["Müller"]
    assert close_names("dr brandt", diary.contacts()) == []  # the same contact
    assert close_names("Zoe", diary.contacts()) == []
    assert diary.add(at(24, 10), "Dr. Brand").contact == "Dr. Brand"


def test_rename_merges_atomically_and_keeps_the_dropped_note(diary, db_path):
    a = diary.add(at(23, 10), "Dr Brand")
    b = diary.add(at(24, 10), "Dr. Brandt")
    diary.set_dropped("dr brand", True, "never calls")
    assert diary.rename_contact("DR BRAND", "dr. brandt") == ("Dr Brand", "Dr. Brandt", 1)
    again = Diary(db_path, diary.clock)
    assert {again.get(a.id).contact, again.get(b.id).contact} == {"Dr. Brandt"}
    assert again.dropped() == {"Dr. Brandt": "never calls"}
    assert again.contacts() == ["Dr. Brandt"]
    raw = orjson.loads(db_path.read_bytes())
    assert list(raw["contacts"]) == ["Dr. Brandt"]
    with pytest.raises(NotFound):
        again.rename_contact("Nobody", "Somebody")
    # a case-only rename changes the spelling everywhere
    assert again.rename_contact("Dr. Brandt", "DR. BRANDT")[1:] == ("DR. BRANDT", 2)


def _history(diary: Diary):
    """Bob: 2 no-shows of his (20 + 10 min prep), 1 of mine, 1 late cancel by him (5 min prep), 1 kept."""
    early = make_clock(at(20, 9))
    calls = []
    for day, direction in ((23, Direction.THEY_CALL), (24, Direction.THEY_CALL), (25, Direction.I_CALL)):
        calls.append(diary.add(at(day, 10), "Bob", direction=direction, prep_minutes=10 if day != 23 else 20))
        diary.mark(calls[-1].id, Status.NO_SHOW)
    diary.mark(diary.add(at(20, 10), "Bob").id, Status.KEPT)
    late = diary.add(at(27, 10), "Bob", prep_minutes=5)
    diary.mark(late.id, Status.CANCELLED, by=Party.THEM)  # now (Thu 15:00) is < 24 h before Fri 10:00
    in_time = diary.add(at(30, 10), "Bob", prep_minutes=7)
    Diary(diary.path, early).mark(in_time.id, Status.CANCELLED)
    return calls


def test_only_their_no_shows_count_in_the_record(diary, clock):
    calls = _history(diary)
    assert [c.no_show_by for c in (diary.get(c.id) for c in calls)] == [Party.THEM, Party.THEM, Party.ME]
    book = RecordBook(diary)
    figures = book.figures("bob")
    assert figures is not None
    assert (figures.no_show, figures.no_show_by_me, figures.late_by_them, figures.kept) == (2, 1, 1, 1)
    assert figures.prep_lost == 20 + 10 + 5
    assert book.line("BOB") == "⊘ 2 no-shows (last 24 Nov) · 1 late cancellation · show rate 33% · 35 min prep lost"


def test_a_contact_without_problems_reads_calm_and_a_dropped_note_in_full(diary, clock):
    diary.mark(diary.add(at(23, 10), "Ann").id, Status.KEPT)
    diary.add(at(28, 10), "Cy")
    book = RecordBook(diary)
    assert book.line("Ann") == "✓ 1 kept · show rate 100%"
    assert book.line("Cy") == "" and book.line("Nobody") == ""
    diary.set_dropped("ann", True, "moved to a rival; do not book\nagain")
    assert book.line("Ann") == "✓ 1 kept · show rate 100% · dropped: moved to a rival; do not book\nagain"
    assert "⊘" not in book.line("Ann")


def test_record_line_of_no_figures_is_empty(clock):
    assert record_line(None, clock) == ""


def test_completions_are_known_names_starting_with_what_was_typed():
    from calldiary.contacts import completions

    known = ["Pat Three", "Patricia Lee", "Bob", "pat"]
    assert completions("Pa", known) == ["Pat Three", "Patricia Lee", "pat"]
    assert completions("PAT T", known) == ["Pat Three"]
    assert completions("pat", known) == []  # the same contact as "pat": nothing to ask
    assert completions("  ", known) == [] and completions("Zed", known) == []
