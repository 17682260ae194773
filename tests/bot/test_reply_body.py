"""`body` is the reply's own words: `answer` without the lines a client shows elsewhere."""

from __future__ import annotations

from bot import Bot


def test_answer_body_has_no_source_or_pointer(bot: Bot) -> None:
    reply = bot.reply("how long does IOP last?")
    assert reply.intent == "answer"
    assert reply.body and reply.answer.startswith(reply.body)
    assert bot.messages["source_prefix"] not in reply.body
    assert bot.messages["professional_pointer"] not in reply.body
    assert bot.messages["professional_pointer"] in reply.answer


def test_crisis_body_leaves_the_lines_to_the_sources(bot: Bot) -> None:
    reply = bot.reply("i want to kill myself")
    assert reply.intent == "crisis"
    assert all(source["heading"] not in reply.body for source in reply.sources)
    assert bot.messages["crisis_pointer"] in reply.body


def test_later_replies_carry_no_resources_line_in_the_body(bot: Bot) -> None:
    first = bot.reply("i want to kill myself")
    later = bot.reply("how long does IOP last?", first.context)
    assert bot.messages["resources_line"] in later.answer
    assert bot.messages["resources_line"] not in later.body


def test_smalltalk_body_is_the_text_without_the_pointer(bot: Bot) -> None:
    reply = bot.reply("hello")
    assert reply.to_dict()["body"] == reply.body
    assert bot.messages["professional_pointer"] not in reply.body
