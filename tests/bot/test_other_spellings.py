"""A visitor who spells the British way ("behavioural", "programme", "counselling") is read as
the articles' American spelling: the same question gets the same reply."""

from collections.abc import Callable

from bot import Bot


def test_questions_spelled_the_british_way_get_the_replies_of_their_american_twins(
    twins_replied_apart: Callable[[str, str], tuple[int, list[str]]],
) -> None:
    # Each line: a question in British spelling (`q`) and its American twin (`american`).
    pairs, differ = twins_replied_apart("other_spellings.jsonl", "american")
    # 18 of the 30 pairs were replied alike before the spelling rules; 29 with them.
    assert pairs == 30 and len(differ) <= 2, differ


def test_a_therapy_the_articles_describe_is_not_declined_for_its_spelling(bot: Bot) -> None:
    reply = bot.reply("what is cognitive behavioural therapy")
    assert reply.intent == "answer"
    assert "Cognitive Behavioral Therapy" in reply.answer
