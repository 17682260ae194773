"""No training example is an evaluation message: the figures the evaluation files give measure
what the models learned, not what they were shown. Compared as the classifiers read messages
(`prepare`: lowercase, no apostrophes, single spaces).

Stock messages of up to `STOCK_WORDS` words ("what is iop", "iop vs inpatient", "i want to die")
are the exception: any visitor writes them, so a fair training set and a fair test set both hold
them, and the bot must know them. A longer message in both places is a copy."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from bot.evaluation import dev_set_path
from knowledge.build import KnowledgeConfig, load_passages
from knowledge.crisis_model import CRISIS_DIR, load_examples, prepare
from knowledge.matcher import (
    OUT_OF_SCOPE_FILE,
    PHRASINGS_FILE,
    load_out_of_scope,
    load_phrasings,
)

DATA = Path(__file__).parent / "data"
DEV_SET = dev_set_path()
STOCK_WORDS = 5


def evaluation_files() -> list[Path]:
    """Every file of test messages (`q`, `context`): the tests' sets, the held-out sets and
    the public dev set when it sits beside the checkout."""
    files = sorted(DATA.glob("*.jsonl")) + sorted((DATA / "heldout").glob("*.jsonl"))
    return files + ([DEV_SET] if DEV_SET.exists() else [])


def evaluation_messages() -> set[str]:
    """Each evaluation case's message and the earlier messages of its conversation, prepared,
    when longer than a stock message."""
    messages: set[str] = set()
    for path in evaluation_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                for message in [case["q"], *case.get("context", [])]:
                    if len(prepared := prepare(message).split()) > STOCK_WORDS:
                        messages.add(" ".join(prepared))
    return messages


@cache
def training_examples() -> dict[str, list[str]]:
    """The texts the models learn from, by where they are kept: the crisis examples, the
    matcher's phrasings and out-of-scope questions, and the curated alternatives of each
    passage's question (the questions themselves are the articles' headings, not examples)."""
    config = KnowledgeConfig.default()
    found: dict[str, list[str]] = {}
    for example in load_examples(config.data_dir / CRISIS_DIR):
        found.setdefault(f"{CRISIS_DIR}/{example.category}", []).append(example.text)
    phrasings = load_phrasings(config.data_dir / PHRASINGS_FILE)
    found[PHRASINGS_FILE] = [text for texts in phrasings.values() for text in texts]
    found[OUT_OF_SCOPE_FILE] = list(load_out_of_scope(config.data_dir / OUT_OF_SCOPE_FILE))
    found["curated.toml"] = [text for p in load_passages(config) for text in p.alternatives]
    return found


@pytest.fixture(scope="module")
def messages() -> set[str]:
    return evaluation_messages()


def test_the_evaluation_files_are_read(messages: set[str]) -> None:
    assert len(evaluation_files()) >= 10
    assert len(messages) > 1000
    assert all(len(m.split()) > STOCK_WORDS for m in messages)


@pytest.mark.parametrize("where", sorted(training_examples()))
def test_no_training_example_is_an_evaluation_message(messages: set[str], where: str) -> None:
    copies = [text for text in training_examples()[where] if prepare(text) in messages]
    assert not copies, (
        f"{where}: {len(copies)} examples are messages of an evaluation file; remove them from "
        f"the training data (not from the evaluation file): {copies}"
    )
