"""Small talk: what counts as small talk through and through, and the check-in that replaces a
crisis reply the classifier alone raised on it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot import Bot
from bot.crisis import CrisisDetector, CrisisLevel, CrisisSignal


def test_words_left_over_in_any_script_make_a_message_more_than_small_talk(bot: Bot) -> None:
    small_talk = bot.data.smalltalk
    assert small_talk.match("ok")
    assert not small_talk.match("ok 等孩子睡了")  # "ok" and a sentence in Chinese
    assert not small_talk.match("ok chào")
    assert small_talk.match("ok u")  # a lone ASCII letter is filler, as before


def test_an_apology_is_small_talk_and_gives_way_to_another_kind(bot: Bot) -> None:
    apology = next(k for k in bot.data.smalltalk.kinds if k.name == "apology")
    for message in ("sorry", "oops", "my bad", "excuse me"):
        assert bot.reply(message).intent == "smalltalk", message
    both = bot.reply("oops, thanks")
    assert both.intent == "smalltalk" and apology.reply not in both.answer
    asked = bot.reply("sorry, how long does iop last?")
    assert asked.intent == "answer"


@dataclass
class _ClassifierAlone:
    """The shipped detector, except that every message gets the signal given."""

    real: CrisisDetector
    signal: CrisisSignal

    def detect(self, text: str) -> CrisisSignal:
        return self.signal

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


@pytest.mark.parametrize(
    ("rule", "message", "level"),
    [
        (None, "sorry", CrisisLevel.CHECK_IN),  # small talk, the classifier alone: check-in
        (None, "goodbye everyone", CrisisLevel.CHECK_IN),
        (None, "sorry, everything is over tonight", CrisisLevel.ACUTE),  # more than small talk
        ("always", "goodbye", CrisisLevel.ACUTE),  # a rule named it: the alarm stands
    ],
)
def test_small_talk_the_classifier_alone_alarms_on_gets_the_check_in(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, rule: str | None, message: str, level: CrisisLevel
) -> None:
    real = bot.crisis
    alarm = real._signal(real.alarm_category, CrisisLevel.ACUTE, 0.9, rule)
    monkeypatch.setattr(bot, "crisis", _ClassifierAlone(real, alarm))
    reply = bot.reply(message)
    if level is CrisisLevel.CHECK_IN:
        assert reply.intent == "smalltalk"
        assert reply.answer.startswith(bot.messages["check_in"])
        assert "988" in reply.answer.split("\n\n")[0]
    else:
        assert reply.intent == "crisis"


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("thats all", "goodbye"),
        ("nothing else, thanks", "goodbye"),
        ("no more questions", "goodbye"),
        ("this is not helpful", "unhelpful"),
        ("you're useless", "unhelpful"),
        ("that didn't answer my question", "unhelpful"),
        ("not helpful, thanks", "unhelpful"),
    ],
)
def test_closers_and_complaints_are_small_talk(bot: Bot, message: str, kind: str) -> None:
    reply = bot.reply(message)
    expected = next(k for k in bot.data.smalltalk.kinds if k.name == kind)
    assert reply.intent == "smalltalk", message
    assert expected.reply in reply.answer
    thanks = next(k for k in bot.data.smalltalk.kinds if k.name == "thanks")
    assert kind != "unhelpful" or thanks.reply not in reply.answer


@pytest.mark.parametrize(
    "message",
    ["therapy wasnt helpful for me, would iop be different?", "is iop useful for teens?"],
)
def test_a_question_with_such_words_is_still_answered(bot: Bot, message: str) -> None:
    assert bot.reply(message).intent == "answer"
