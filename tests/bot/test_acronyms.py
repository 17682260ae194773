"""A visitor who types an acronym ("cbt", "sud") for what the articles spell out ("Cognitive
Behavioral Therapy", "substance use disorders") is read as the words it stands for."""

from collections.abc import Callable

from bot import Bot


def test_questions_with_an_acronym_get_the_replies_of_their_spelled_out_twins(
    twins_replied_apart: Callable[[str, str], tuple[int, list[str]]],
) -> None:
    # Each line: a question with an acronym (`q`) and its twin with the words spelled out.
    pairs, differ = twins_replied_apart("acronyms.jsonl", "spelled")
    # 4 of the 12 pairs were replied alike before the acronyms were synonyms; 7 with them (the
    # others get the same passage, its sentences chosen by the spelled-out words).
    assert pairs == 12 and len(differ) <= 5, differ


def test_a_question_naming_cbt_gets_the_sentence_on_cognitive_behavioral_therapy(bot: Bot) -> None:
    reply = bot.reply("Is CBT part of the programming?")
    assert reply.intent == "answer"
    assert "Cognitive Behavioral Therapy" in reply.body


def test_a_question_naming_a_sud_is_answered_not_declined(bot: Bot) -> None:
    reply = bot.reply("can iop help with sud")
    assert reply.intent == "answer"
    assert "substance" in reply.body.lower()
