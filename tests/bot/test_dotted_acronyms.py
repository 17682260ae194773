"""An acronym written with dots ("I.O.P.", "c.b.t.") is read as the word it spells, by every
layer: the dots are dropped when a message is normalised."""

from collections.abc import Callable

import pytest

from bot.data_files import normalize_message
from knowledge.crisis_model import prepare
from knowledge.text import join_dotted_letters


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("what is an I.O.P.", "what is an IOP"),
        ("i.o.p", "iop"),
        ("can i.o.p. help with p.t.s.d.?", "can iop help with ptsd?"),
        ("group at 8 a.m. daily", "group at 8 am daily"),
        ("a fever of 100.4", "a fever of 100.4"),  # digits are not letters
        ("it ends. I went home", "it ends. I went home"),  # a sentence end after a word
        ("e o programa", "e o programa"),  # letters apart, with spaces, stay apart
        ("is it ok.", "is it ok."),
    ],
)
def test_dotted_letters_are_joined_and_nothing_else(text: str, read: str) -> None:
    assert join_dotted_letters(text) == read


def test_the_classifiers_read_messages_as_the_bot_does() -> None:
    for text in ["What is an I.O.P.?", "k.i.l.l. myself", "at 8 a.m."]:
        assert prepare(text) == normalize_message(text)


def test_questions_with_a_dotted_acronym_get_the_replies_of_their_plain_twins(
    twins_replied_apart: Callable[[str, str], tuple[int, list[str]]],
) -> None:
    # Each line: a question with a dotted acronym (`q`) and its twin without the dots (`plain`).
    pairs, differ = twins_replied_apart("dotted_acronyms.jsonl", "plain")
    # 5 of the 10 were replied alike before the dots were dropped ("what is an i.o.p" fell
    # back); all 10 with it.
    assert pairs == 10 and len(differ) <= 1, differ
