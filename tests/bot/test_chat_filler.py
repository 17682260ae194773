"""Chat filler typed around a question ("ngl ... lol", "hey ... thx") leaves its answer alone."""

from __future__ import annotations

from bot import Bot
from bot.evaluation import load_cases
from bot.training import golden_set_path
from knowledge.build import KnowledgeConfig

# Openers and sign-offs as visitors type them in a chat box.
WRAPPINGS = [
    ("ngl", "lol"),
    ("hey", "thx"),
    ("omg", "btw"),
    ("ok so", "lmk"),
    ("hmm", "fr"),
    ("haha", "smh"),
    ("alright so", "ty"),
    ("imo", "haha"),
]


def test_filler_around_a_golden_question_changes_neither_the_intent_nor_the_passage(
    bot: Bot, knowledge_config: KnowledgeConfig
) -> None:
    cases = [c for c in load_cases(golden_set_path(knowledge_config)) if c["kind"] == "answer"]
    assert len(cases) >= 20
    changed = []
    for number, case in enumerate(cases):
        opener, closer = WRAPPINGS[number % len(WRAPPINGS)]
        question = case["q"]
        plain = bot.reply(question)
        wrapped = bot.reply(f"{opener} {question} {closer}")
        if (wrapped.intent, wrapped.context.get("topic")) != (
            plain.intent,
            plain.context.get("topic"),
        ):
            changed.append(f"{opener} ... {closer}: {question}")
    assert not changed, changed
