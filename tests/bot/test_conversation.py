"""The reply contract, small talk, declines and follow-ups."""

import json

import pytest

from bot import Bot
from bot.errors import InvalidContextError, InvalidMessageError
from bot.reply import Reply

CONTRACT_KEYS = {"answer", "body", "intent", "confidence", "sources", "suggestions", "context"}


def reply_after(bot: Bot, first: str, followup: str) -> Reply:
    """The reply to `followup` sent with the context of the reply to `first`."""
    return bot.reply(followup, bot.reply(first).context)


def assert_answer_has(reply: Reply, facts: list[str]) -> None:
    """An answer (not a fallback) that states one of `facts`."""
    assert reply.intent == "answer"
    assert any(f in reply.answer for f in facts)


def test_answer_follows_the_reply_contract(bot: Bot) -> None:
    reply = bot.reply("how long does IOP last?").to_dict()
    assert set(reply) == CONTRACT_KEYS
    assert reply["intent"] == "answer"
    assert 0 < reply["confidence"] <= 1
    assert any(fact in reply["answer"] for fact in ["6-12 weeks", "nine hours per week", "90 days"])
    assert reply["sources"] and set(reply["sources"][0]) == {"title", "file", "heading"}
    assert "Source:" in reply["answer"]
    assert reply["answer"].rstrip().endswith(bot.messages["professional_pointer"])
    json.dumps(reply)


def test_answers_are_short_extracts_not_whole_passages(bot: Bot) -> None:
    body = bot.reply("what happens in an iop program?").answer.split("\n\n")[0]
    assert len(body.split()) <= 120


def test_identity_says_automated_and_not_read_live(bot: Bot) -> None:
    answer = bot.reply("are you a real person?").answer
    assert "automated" in answer and "no one reads" in answer


def test_greeting_with_a_question_gets_the_answer(bot: Bot) -> None:
    assert bot.reply("hi! how long does iop last?").intent == "answer"


def test_terms_most_passages_share_are_not_a_topic(bot: Bot) -> None:
    assert bot.answerer.topic_terms(("iop", "treatment", "adolesc")) == ["adolesc"]


def test_followup_after_a_broad_question_answers_the_new_facet(bot: Bot) -> None:
    context = bot.reply("what is an intensive outpatient program?").context
    reply = bot.reply("how long does it usually take?", context)
    assert any(f in reply.answer for f in ["6-12 weeks", "nine hours per week", "90 days"])


@pytest.mark.parametrize(
    "message",
    [
        "what even is an iop? my therapist mentioned it",
        "my counselor recommended an intensive outpatient program. what does that mean?",
        "the hospital discharge papers mention it. what is an iop?",
        "my wife's psychiatrist brought up iop for her. what is an iop?",
    ],
)
def test_who_sent_the_visitor_does_not_steer_the_answer(bot: Bot, message: str) -> None:
    reply = bot.reply(message)
    assert reply.intent == "answer"
    assert "Individual therapy" not in reply.answer
    questions = ("what is an iop?", "what are intensive outpatient programs?")
    definitions = {bot.reply(q).context["topic"] for q in questions}
    assert reply.context["topic"] in definitions


@pytest.mark.parametrize(
    "message",
    [
        "my daughter keeps pushing me toward iop. what happens in an iop?",
        "my son keeps telling me to try iop. how long does it last?",
    ],
)
def test_a_relative_pushing_the_visitor_is_not_the_subject(bot: Bot, message: str) -> None:
    reply = bot.reply(message)
    assert reply.intent == "answer"
    assert "Adolescent" not in reply.answer


def test_question_words_are_not_carried_as_a_topic(bot: Bot) -> None:
    context = bot.reply("what does iop stand for?").context
    reply = bot.reply("how long does it usually take?", context)
    assert any(f in reply.answer for f in ["6-12 weeks", "nine hours per week", "90 days"])


def test_new_question_is_not_dragged_into_old_topic(bot: Bot) -> None:
    context = bot.reply("tell me about adolescent iops").context
    reply = bot.reply("how long does iop last?", context)
    assert "Adolescent" not in reply.answer
    assert any(f in reply.answer for f in ["6-12 weeks", "nine hours per week", "90 days"])


def test_context_is_round_trippable_json(bot: Bot) -> None:
    context = json.loads(json.dumps(bot.reply("what about veterans?").context))
    assert context["topic"] and context["terms"] and context["turn"] == 1
    assert bot.reply("and for teens?", context).context["turn"] == 2


def test_unknown_topic_in_context_is_ignored(bot: Bot) -> None:
    reply = bot.reply(
        "how long does iop last?", {"topic": "made/up", "terms": ["nonsense-term"], "turn": 3}
    )
    assert reply.intent == "answer"


@pytest.mark.parametrize(
    "context",
    [
        [],
        "topic",
        {"turn": -1},
        {"turn": "1"},
        {"terms": "abc"},
        {"terms": ["x" * 100]},
        {"safety": "yes"},
        {str(i): i for i in range(40)},
    ],
)
def test_malformed_context_is_rejected(bot: Bot, context) -> None:
    with pytest.raises(InvalidContextError):
        bot.reply("hello", context)


@pytest.mark.parametrize("message", [None, 42, "", "   ", "x" * 1001])
def test_invalid_messages_are_rejected(bot: Bot, message) -> None:
    with pytest.raises(InvalidMessageError):
        bot.reply(message)


@pytest.mark.parametrize(
    "message",
    ["will people in group judge me?", "can i keep my job while doing iop?"],
)
def test_everyday_words_near_legal_ones_are_still_answered(bot: Bot, message: str) -> None:
    assert bot.reply(message).intent == "answer"


@pytest.mark.parametrize(
    "message",
    [
        "can i keep my job?",
        "how many hours a day",
        "what about my family?",
        "is there a minimum number of hours per week?",
        "hw long does iop last",
        "what if someone gets too reliant on the program?",
    ],
)
def test_short_questions_in_everyday_words_are_still_answered(bot: Bot, message: str) -> None:
    assert bot.reply(message).intent == "answer"


def test_location_as_a_choice_factor_is_still_answered(bot: Bot) -> None:
    reply = bot.reply("does location matter much when choosing a program")
    assert reply.intent == "answer" and "location" in reply.answer


def test_answer_leads_with_the_most_relevant_sentence(bot: Bot) -> None:
    body = bot.reply("is iop covered by insurance?").answer.split("\n\n")[0]
    assert "insurance" in body.split(". ")[0].lower()


def test_fallback_text_does_not_end_on_a_dangling_list(bot: Bot) -> None:
    reply = bot.reply("how do i make a sourdough starter")
    first_paragraph = reply.answer.split("\n\n")[0]
    assert not first_paragraph.rstrip().endswith(":")


def test_duration_question_gets_every_duration_fact(bot: Bot) -> None:
    answer = bot.reply("how long does IOP last?").answer
    for fact in ["6-12 weeks", "nine hours per week", "90-days"]:
        assert fact in answer


def test_followup_with_only_everyday_words_stays_on_topic(bot: Bot) -> None:
    context = bot.reply("tell me about dual diagnosis iops").context
    reply = bot.reply("what does that mean exactly?", context)
    assert reply.intent == "answer"
    assert "co-occurring" in reply.answer


def test_everyday_words_do_not_match_by_accident(bot: Bot) -> None:
    assert bot.reply("who won the celtics game last night?").intent == "fallback"


@pytest.mark.parametrize(
    "message", ["help", "help!", "menu", "i need help", "what kinds of things can you help with?"]
)
def test_asking_for_help_lists_what_the_bot_does_and_the_crisis_line(
    bot: Bot, message: str
) -> None:
    reply = bot.reply(message)
    assert reply.intent == "smalltalk"
    assert "Intensive Outpatient Programs" in reply.answer and "988" in reply.answer


def test_a_followup_is_answered_with_the_sentences_it_asks_about(bot: Bot) -> None:
    first = "what happens when you first sign up for an iop?"
    reply = reply_after(bot, first, "and what do they check in that?")
    assert_answer_has(reply, ["physical exam", "review of symptoms"])


def test_a_lead_in_answer_names_what_its_sub_sections_cover(bot: Bot) -> None:
    answer = bot.reply("what challenges do iops face?").answer
    assert "several challenges" in answer
    assert all(fact in answer for fact in ("Stigma", "funding shortages", "geographic barriers"))
