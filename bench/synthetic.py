"""Deterministic synthetic corpora: the real passages plus recombined ones up to a size."""

from __future__ import annotations

import random

from knowledge.passages import Passage
from knowledge.text import split_sentences

_SYLLABLES = (
    "bar",
    "bel",
    "cor",
    "dan",
    "del",
    "fen",
    "gar",
    "hal",
    "ker",
    "lin",
    "mar",
    "mor",
    "nel",
    "nor",
    "pel",
    "quin",
    "ran",
    "sel",
    "tam",
    "tor",
    "val",
    "ven",
    "wen",
    "yar",
    "zel",
    "ash",
    "bro",
    "cal",
    "dor",
    "em",
)
_KINDS = ("Center", "Clinic", "Health", "Recovery", "Counseling", "Program")


def _name(rng: random.Random) -> str:
    """A made-up provider name; new words make the vocabulary grow with the corpus."""
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    return f"{word.capitalize()} {rng.choice(_KINDS)}"


def synthetic_passages(real: list[Passage], size: int, seed: int = 0) -> list[Passage]:
    """`real` followed by recombined passages until there are `size` in all.

    Each synthetic passage pairs a real question (about a made-up provider) with two to
    five sentences drawn from the whole corpus, so term statistics stay realistic and the
    real passages face many plausible distractors.
    """
    rng = random.Random(seed)
    sentences = [s for p in real for s in split_sentences(p.answer)]
    questions = [p.question for p in real]
    passages = list(real[:size])
    for number in range(len(passages), size):
        name = _name(rng)
        body = " ".join(rng.sample(sentences, rng.randint(2, 5)))
        question = rng.choice(questions).rstrip("?")
        passages.append(
            Passage(
                id=f"synthetic/{number}",
                question=f"{question} at {name}?",
                answer=f"{name}: {body}",
                title=name,
                file=f"synthetic/{number}.md",
                heading=name,
            )
        )
    return passages


def raw_paragraphs(passages: list[Passage]) -> list[str]:
    """Each passage as one plain paragraph (every question text the index sees, then the
    answer) for the baselines."""
    return [
        " ".join((p.question, *p.alternatives, *getattr(p, "related", ()), p.answer))
        for p in passages
    ]
