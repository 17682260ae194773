"""What a symptom means is a question for a clinician: the bot declines it, and still answers
questions about the program that name a symptom."""

import pytest

from bot import Bot


def _symptoms_reply(bot: Bot) -> str:
    return next(rule.reply for rule in bot.data.declines if rule.name == "symptoms")


@pytest.mark.parametrize(
    "message",
    [
        "my knees ache every morning since i got sober, is that normal",
        "why do i get headaches after group",
        "how long will the brain fog last",
        "my labs came back and my liver enzymes are high. what does that mean",
        "will my sleep ever get better",
        "does my son have adhd",
    ],
)
def test_a_question_about_what_a_symptom_means_is_declined(bot: Bot, message: str) -> None:
    reply = bot.reply(message)
    assert reply.intent == "fallback"
    assert _symptoms_reply(bot) in reply.answer
    assert "911" in reply.answer  # a symptom that feels severe is not for a chat


@pytest.mark.parametrize(
    "message",
    [
        "does iop help with insomnia",
        "do i have to sleep there",
        "how long does iop last",
        "can iop help with anxiety",
        "how does iop help with cravings",
        "is it normal to feel nervous before my first group",
    ],
)
def test_a_question_about_the_program_that_names_a_symptom_is_not(bot: Bot, message: str) -> None:
    assert _symptoms_reply(bot) not in bot.reply(message).answer
