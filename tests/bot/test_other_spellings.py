"""A visitor who spells the British way ("behavioural", "programme", "counselling") is read as
the articles' American spelling: the same question gets the same reply."""

import json
from pathlib import Path

from bot import Bot

PAIRS = Path(__file__).parents[1] / "data" / "other_spellings.jsonl"


def test_questions_spelled_the_british_way_get_the_replies_of_their_american_twins(
    bot: Bot,
) -> None:
    # Each line: a question in British spelling (`q`) and its American twin (`american`).
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    differ = [p["id"] for p in pairs if bot.reply(p["q"]).answer != bot.reply(p["american"]).answer]
    # 18 of the 30 pairs were replied alike before the spelling rules; 29 with them.
    assert len(pairs) == 30 and len(differ) <= 2, differ


def test_a_therapy_the_articles_describe_is_not_declined_for_its_spelling(bot: Bot) -> None:
    reply = bot.reply("what is cognitive behavioural therapy")
    assert reply.intent == "answer"
    assert "Cognitive Behavioral Therapy" in reply.answer
