"""A decline pattern reaches as far as its kind of request and no further: the words it turns on
("recipe", "grad school", "how many people", "skip classes") also occur in questions the
articles answer, which the matcher learns as phrasings of their passages."""

import pytest

from bot import Bot
from knowledge.build import KnowledgeConfig
from knowledge.matcher import PHRASINGS_FILE, load_phrasings

# Phrasings declined on purpose before the matcher sees them: a program near a named town, a
# state, a medication by name, a provider's hours, a count, a dose of danger.
DECLINED_ON_PURPOSE = 14


def _declined_as(bot: Bot, message: str) -> str | None:
    answer = bot.reply(message).answer
    return next((rule.name for rule in bot.data.declines if answer.startswith(rule.reply)), None)


@pytest.mark.parametrize(
    ("message", "declined_as"),
    [
        ("what's the recipe for iop working", None),
        ("whats a good recipe for chicken soup", "unrelated"),
        ("im in grad school, can i keep taking classes while i do this", None),
        ("which grad school programs are best for social work", "careers"),
        ("how many people are in a group", None),
        ("how many people in massachusetts get addiction treatment each year", "out_of_scope"),
        ("would my kid have to skip classes to go", None),
        ("what happens if i miss a day", "program_rules"),
        ("can i skip sessions of iop if im sick", "program_rules"),
        ("grp therapy for drinking, does it work", None),
        ("solo therapy sessions in iop", None),
        ("is equine therapy offered", "other_care"),
    ],
)
def test_a_decline_reaches_its_kind_of_request_only(
    bot: Bot, message: str, declined_as: str | None
) -> None:
    assert _declined_as(bot, message) == declined_as


def test_the_matchers_phrasings_reach_the_matcher_but_for_requests_declined_on_purpose(
    bot: Bot, knowledge_config: KnowledgeConfig
) -> None:
    """A pattern widened past its kind of request shows here first: more of the phrasings the
    matcher learns, questions the articles answer, are declined before it sees them."""
    phrasings = load_phrasings(knowledge_config.data_dir / PHRASINGS_FILE).values()
    declined = [text for texts in phrasings for text in texts if _declined_as(bot, text)]
    assert len(declined) <= DECLINED_ON_PURPOSE, declined
