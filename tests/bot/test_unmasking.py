"""Disguised words of crisis are read as the words they stand for; ordinary text is untouched."""

import pytest

from bot.unmasking import Unmasker

WORDS = ("suicidal", "kill", "die", "myself", "cutting", "dye")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i feel s**cidal tonight", "i feel suicidal tonight"),
        ("going to k*ll mys*lf", "going to kill myself"),
        ("k1ll mys3lf", "kill myself"),
        ("k!ll myself.", "kill myself."),
        ("0v3rd0sed on purpose", "overdosed on purpose"),
        ("s u i c i d e tonight", "suicide tonight"),
        ("c*tting again", "cutting again"),
    ],
)
def test_disguised_words_are_unmasked(text: str, expected: str) -> None:
    assert Unmasker(WORDS)(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "call 988, open 24/7, group at 3pm for 16yo teens",
        "sh*t day at work",  # no listed word fits
        "d*e",  # two listed words fit ("die", "dye"): left as typed
        "a b",  # two single letters are not spelling anything out
        "ordinary question about iop",
    ],
)
def test_other_text_is_left_alone(text: str) -> None:
    assert Unmasker(WORDS)(text) == text
