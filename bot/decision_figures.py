"""Cross-validated figures of the whole decision: each visitor phrasing asked of a bot whose
matcher never saw it, and what the bot did with it.

The matcher's own cross-validated accuracy says how often it ranks the right passage first; this
says what a visitor gets once retrieval, the fusion and the thresholds have had their say:
the right passage, another one, a "did you mean" or the honest fallback. Use it to weigh a
change to the phrasings or to `BotSettings` without tuning on an evaluation file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from bot.core import Bot
from bot.settings import BotSettings
from knowledge.index import KnowledgeIndex
from knowledge.matcher import MATCHER, OUT_OF_SCOPE, TrainingSet, fit_matcher, phrasing_key


@dataclass(frozen=True)
class DecisionFigures:
    """What out-of-fold phrasings got: counts of each outcome."""

    right: int  # answered from the passage the phrasing is labelled with
    wrong: int  # answered from another passage
    asked: int  # "did you mean": two passages were about as likely
    fell_back: int  # no passage was likely enough (or another handler replied)
    # Questions out of the articles' scope (`out_of_scope.txt`): the fallback is right for them.
    out_of_scope_declined: int = 0
    out_of_scope_answered: int = 0  # answered from a passage or asked which one

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.asked + self.fell_back

    @property
    def out_of_scope_total(self) -> int:
        return self.out_of_scope_declined + self.out_of_scope_answered

    def line(self) -> str:
        def share(count: int) -> str:
            return f"{count / self.total if self.total else 0:.1%}"

        return (
            f"decision, cross-validated on {self.total} phrasings: answered from the right "
            f"passage {share(self.right)}, from another {share(self.wrong)}, asked which "
            f"{share(self.asked)}, fell back {share(self.fell_back)}"
            + (
                f"; questions out of scope: fell back on {self.out_of_scope_declined} of "
                f"{self.out_of_scope_total} "
                f"({self.out_of_scope_declined / self.out_of_scope_total:.1%})"
                if self.out_of_scope_total
                else ""
            )
        )


def cross_validate_decision(
    index: KnowledgeIndex,
    examples: TrainingSet,
    settings: BotSettings | None = None,
    folds: int = 5,
    seed: int = 0,
) -> DecisionFigures:
    """Split the visitor phrasings into `folds`; ask each fold's phrasings of a bot whose
    matcher was fitted without them. Passage questions and curated alternatives always stay in
    training (retrieval indexes them too) and are never asked."""
    indexed = {phrasing_key(q) for p in index.passages for q in (p.question, *p.alternatives)}
    asked = [i for i, text in enumerate(examples.texts) if phrasing_key(text) not in indexed]
    rng = np.random.default_rng(seed)
    fold_of = dict(zip(asked, rng.permutation(len(asked)) % folds, strict=True))
    counts = dict.fromkeys(
        ("right", "wrong", "asked", "fell_back", "out_of_scope_declined", "out_of_scope_answered"),
        0,
    )
    for fold in range(folds):
        held_out = [i for i in asked if fold_of[i] == fold]
        if not held_out:
            continue
        kept = [i for i in range(len(examples.texts)) if fold_of.get(i) != fold]
        training = TrainingSet(
            tuple(examples.texts[i] for i in kept), tuple(examples.labels[i] for i in kept)
        )
        fold_index = copy.copy(index)
        fold_index.models_ = {**index.models_, MATCHER: fit_matcher(training)}
        bot = Bot(fold_index, settings)
        for i in held_out:
            outcome = _outcome(bot, examples.texts[i], examples.labels[i])
            if examples.labels[i] == OUT_OF_SCOPE:
                outcome = f"out_of_scope_{'declined' if outcome == 'fell_back' else 'answered'}"
            counts[outcome] += 1
    return DecisionFigures(**counts)


def _outcome(bot: Bot, text: str, label: str) -> str:
    """What one phrasing got: right, wrong, asked or fell_back."""
    reply = bot.reply(text)
    if reply.intent == "answer":
        return "right" if reply.context.get("topic") == label else "wrong"
    if reply.body.startswith(bot.messages["clarify"]):
        return "asked"
    return "fell_back"
