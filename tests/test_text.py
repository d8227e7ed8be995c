"""`head`: the start of a long text and how much is left out, without splitting all of it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from calldiary.text import head, printable, restore


def test_head_counts_what_is_left_out():
    assert head("a\nb\nc", 2, 100) == ("a\nb", 1, 2)
    assert head("a\nb\nc", 5, 100) == ("a\nb\nc", 0, 0)
    assert head("abcdef", 2, 3) == ("abc", 0, 3)  # one long line: cut by characters
    assert head("a\nb\n", 1, 100) == ("a", 1, 3)  # a final line break is no extra line
    assert head("", 3, 10) == ("", 0, 0)
    note = "\n".join(f"line {n}" for n in range(200_000))
    shown, lines, chars = head(note, 40, 4_000)
    assert shown.split("\n") == [f"line {n}" for n in range(40)] and lines == 200_000 - 40
    assert shown + note[len(shown) :] == note and chars == len(note) - len(shown)


@given(st.text(alphabet="ab\n\r", max_size=60), st.integers(1, 8), st.integers(0, 40))
def test_head_is_a_prefix_within_its_limits(text, lines, chars):
    shown, more_lines, more_chars = head(text, lines, chars)
    assert text.startswith(shown) and len(shown) <= chars and shown.count("\n") < lines
    assert more_chars == len(text) - len(shown)
    assert more_lines == (0 if not more_chars else max(text[len(shown) :].count("\n") - text.endswith("\n"), 0))


def test_head_of_a_long_text_shown_again_is_the_same_and_follows_changes():
    """A long note is counted once (the detail pane shows it on every selection); a changed note,
    even of the same length, or the same note asked with other limits, gets its own answer."""
    note = "\n".join(f"line {n}" for n in range(100_000))
    first = head(note, 12, 4_000)
    assert head(note, 12, 4_000) == first and first[1] == 100_000 - 12
    changed = note.replace("line 50000", "line 5\n000")  # one more line break, far past the cut
    assert head(changed, 12, 4_000)[1] == first[1] + 1
    assert head(note, 3, 4_000)[1] == 100_000 - 3
    for n in range(10):  # many long texts come and go: answers never mix
        other = "x\n" * (50_000 + n)
        assert head(other, 2, 4_000)[1] == 50_000 + n - 2
    assert head(note, 12, 4_000) == first


def test_text_that_is_printable_has_nothing_to_show_differently() -> None:
    """printable() returns str.isprintable() text as it is without looking further: no character
    str.isprintable() accepts is one the patterns show differently (any context around it)."""
    from calldiary.text import _patterns, printable

    accepted = "".join(chr(code) for code in range(0x110000) if chr(code).isprintable())
    for pattern in _patterns():
        assert pattern.search(accepted) is None
        assert pattern.search("\U0001f3f4" + accepted) is None
    # and the patterns' own characters are all refused by isprintable (so they reach the patterns)
    for code in [*range(0x20), *range(0x7F, 0xA0), 0xAD, 0x61C, 0x200B, 0x200D, 0x2028, 0x202E, 0xFEFF, 0xE0041]:
        assert not chr(code).isprintable()
        assert printable(f"a{chr(code)}b") != f"a{chr(code)}b"


RAW = st.text(
    alphabet=st.sampled_from(["a", "b", " ", "\n", "\t", "\x1b", "\x07", "\u200b", "\u202e", "é", "\\", "x", "1"]),
    max_size=14,
)


@given(RAW, st.booleans())
def test_an_untouched_shown_text_gives_back_the_raw_text(raw, multiline):
    assert restore(raw, printable(raw, multiline=multiline), multiline=multiline) == raw


@given(RAW, st.booleans(), st.data())
def test_an_edit_keeps_every_raw_character_outside_the_part_edited(raw, multiline, data):
    """Cut the shown text at two places between whole shown characters and type anything
    printable there: the raw characters before and after come back as they were, the typed text
    as typed."""
    shown_parts = [printable(char, multiline=multiline) for char in raw]
    # (a character's look can depend on its neighbours only for emoji joiners, not in RAW)
    assert "".join(shown_parts) == printable(raw, multiline=multiline)
    i = data.draw(st.integers(0, len(raw)))
    j = data.draw(st.integers(i, len(raw)))
    typed = data.draw(st.text(alphabet="ab \\xu2", max_size=5))
    edited = "".join(shown_parts[:i]) + typed + "".join(shown_parts[j:])
    result = restore(raw, edited, multiline=multiline)
    assert printable(result, multiline=multiline) == edited
    # Unless a backslash or a space can read as part of a shown control (then both readings show
    # the same), the result is exactly the raw text around what was typed.
    if not set(typed) & {"\\", " "} and "\\" not in raw and (multiline or " " not in raw):
        assert result == raw[:i] + typed + raw[j:]


def test_a_zero_width_space_and_escapes_survive_an_edit_next_to_them():
    assert restore("Kick\u200boff", "Kick\\u200boff!") == "Kick\u200boff!"
    note = "\x1b]0;pwned\x07 note\n\u202eevil"
    assert restore(note, " ok" + printable(note, multiline=True), multiline=True) == " ok" + note
    assert restore("a\x1bb", "ab") == "ab"  # the escape deleted: gone
    assert restore("a\x1bb", "a\\x1bXb") == "a\x1bXb"  # typed after it: kept
    assert restore("a\x1bb", "a\\x1Xb") == "a\\x1Xb"  # its shown form edited: taken as typed
    assert restore("a\nb", "a b!") == "a\nb!"  # a line break shown as a space in a one-line field
