"""Values the bot works out once (per passage, per message) equal those worked out each time."""

from __future__ import annotations

import numpy as np

from bot import Bot
from bot.conversation import Conversation
from bot.extraction import CUE_BONUS, SentenceCues, _dangling_lead_in, _items
from knowledge.analyzer import Analyzer
from knowledge.index import KnowledgeIndex, Match


def test_sentence_cues_equal_those_read_on_every_answer(index: KnowledgeIndex) -> None:
    cues = Bot(index).answerer.extractor.extraction
    match = index.match(index.query("iop"))
    for position in range(len(index.passages)):
        sentences = [text for text, _ in index.sentence_scores(position, match)]
        read = SentenceCues.read(sentences, cues)
        assert read.usable == [
            not cues.meta.search(t) and not t.endswith("?") and not _dangling_lead_in(sentences, i)
            for i, t in enumerate(sentences)
        ]
        for offers, bonus in ((cues.offers_contrast, read.contrast),
                              (cues.offers_contents, read.contents)):  # fmt: skip
            expected = [CUE_BONUS if offers.search(t) else 0.0 for t in sentences]
            assert (bonus.tolist() if bonus is not None else [0.0] * len(sentences)) == expected
            assert bonus is None or any(expected)
        assert read.items == _items(sentences)


def test_a_passage_answered_twice_is_extracted_alike(index: KnowledgeIndex) -> None:
    answerer = Bot(index).answerer
    extractor = answerer.extractor
    question = index.passages[3].question
    retrieval = answerer.retrieve(question, question.lower(), Conversation())
    assert retrieval.best is not None
    first = extractor.extract(retrieval.best, retrieval.match, "what are the types?")
    assert retrieval.best.position in extractor._sentence_cues
    assert extractor.extract(retrieval.best, retrieval.match, "what are the types?") == first


def test_rank_orders_by_score_then_position(index: KnowledgeIndex) -> None:
    scores = np.zeros(len(index.passages))
    scores[[5, 2, 9, 7]] = [0.5, 0.5, 0.9, 0.1]
    match = Match(scores=scores, sentence_sims=np.zeros(len(index.sentences_)))
    hits = index.rank(match, limit=3)
    assert [(h.position, h.score) for h in hits] == [(9, 0.9), (2, 0.5), (5, 0.5)]
    assert all(type(h.position) is int and type(h.score) is float for h in hits)
    assert [h.position for h in index.rank(match, limit=10)] == [9, 2, 5, 7]


def test_sentence_scores_pair_each_sentence_with_its_similarity(index: KnowledgeIndex) -> None:
    match = index.match(index.query("how long does iop last"))
    start, stop = int(index.sentence_starts_[1]), int(index.sentence_starts_[2])
    expected = [(index.sentences_[r], float(match.sentence_sims[r])) for r in range(start, stop)]
    assert index.sentence_scores(1, match) == expected


def test_fused_candidates_are_those_of_the_arrays(index: KnowledgeIndex) -> None:
    answerer = Bot(index).answerer
    for message in ["how long does iop last", "cost for teens", "is there one near boston"]:
        retrieval = answerer.retrieve(message, message, Conversation())
        probabilities, _ = answerer.matcher_reading(message)
        candidates = answerer.fuse(retrieval, probabilities)
        best = retrieval.best
        assert best is not None
        scores = retrieval.match.scores * (retrieval.confidence / best.score)
        weight = answerer.settings.matcher_weight
        fused = 1.0 - (1.0 - np.minimum(scores, 1.0)) * (1.0 - weight * probabilities)
        order = sorted(range(len(fused)), key=lambda i: (-fused[i], i))
        expected = [
            (i, float(scores[i]), float(min(1.0, scores[i])), float(probabilities[i]),
             float(min(1.0, fused[i])))
            for i in order[: len(candidates)]
        ]  # fmt: skip
        found = [(c.hit.position, c.hit.score, c.retrieval, c.matcher, c.fused) for c in candidates]
        assert found == expected


def test_normalising_strips_where_collapsing_spaces_once_did() -> None:
    import re

    from bot.data_files import normalize_message
    from knowledge.text import collapse_spaces, normalize_text

    for text in [
        " Hi \t there\n\n you ",
        "a\u00a0\u2003b",
        "\ufdfa  x",
        "It's\tthe `best`  ",
        "\t",
    ]:
        lowered = normalize_text(text).lower().replace("'", "").replace("`", "")
        assert normalize_message(text) == collapse_spaces(re.sub(r"\s+", " ", lowered))


def test_the_bot_reads_its_wording_unchanged(index: KnowledgeIndex) -> None:
    bot = Bot(index)
    assert bot.knowledge.messages == {name: bot.messages[name] for name in bot.messages}


def _terms_trying_every_length(analyzer: Analyzer, text: str) -> list[str]:
    """Analyzer.terms as it first was: every phrase length tried at every word."""
    words = analyzer._words(text)
    stems = [analyzer.stem(w) for w in words]
    longest = max((len(k) for k in analyzer._phrases), default=0)
    terms: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            target = analyzer._phrases.get(tuple(stems[i : i + size]))
            if target:
                terms.extend(target)
                i += size
                break
        else:
            if words[i] not in analyzer.stopwords and len(words[i]) > 1:
                terms.append(stems[i])
            i += 1
    return terms


def test_analysis_finds_the_phrases_trying_every_length_finds(index: KnowledgeIndex) -> None:
    analyzer = index.analyzer
    texts = [p.question for p in index.passages] + list(index.sentences_)
    texts += [variant for variants in analyzer.synonyms.values() for variant in variants]
    for text in texts:
        assert analyzer.terms(text) == _terms_trying_every_length(analyzer, text), text


def _messages_for_the_matcher_skip() -> list[str]:
    """Messages of every kind: the labelled conversations, crisis phrases, and made-up words
    alone or mixed with the articles' words (which the matcher is skipped for)."""
    import json
    import random
    import string
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data"
    texts = [
        json.loads(line)["q"]
        for name in ("conversation.jsonl", "crisis_phrases.jsonl", "answers_tuning.jsonl")
        for line in (data / name).read_text(encoding="utf-8").splitlines()
    ]
    rng = random.Random(3)
    for count in (1, 3, 12, 60):
        for known in ("", "iop", "therapy weeks"):
            made_up = ["".join(rng.choices(string.ascii_lowercase, k=6)) for _ in range(count)]
            texts.append(" ".join([*made_up, known]).strip())
    return texts


def test_skipping_the_matcher_changes_no_reply_but_a_fallbacks_confidence(
    index: KnowledgeIndex, monkeypatch
) -> None:
    """The matcher is not asked when no passage could reach the fallback's suggestions
    whatever it read; asked anyway, every reply is the same but for the confidence a fallback
    reports (the matcher's share it no longer counts)."""
    from bot.answering import Answerer

    texts = _messages_for_the_matcher_skip()
    bot = Bot(index)
    skipping = [bot.reply(t) for t in texts]
    reading = Answerer.matcher_reading

    def always_asked(self, text, known=None, unknown=None, retrieved=1.0):  # type: ignore[no-untyped-def]
        return reading(self, text, known, unknown)  # retrieved 1.0: the matcher is always asked

    monkeypatch.setattr(Answerer, "matcher_reading", always_asked)
    asked = [bot.reply(t) for t in texts]
    skipped = 0
    for text, fast, slow in zip(texts, skipping, asked, strict=True):
        assert (fast.answer, fast.intent, fast.suggestions) == (
            slow.answer,
            slow.intent,
            slow.suggestions,
        ), text
        if fast.intent != "fallback":
            assert fast.confidence == slow.confidence, text
        skipped += fast.confidence != slow.confidence
    assert skipped  # some messages did skip it


def test_a_message_of_made_up_words_does_not_ask_the_matcher(
    index: KnowledgeIndex, monkeypatch
) -> None:
    from knowledge.classifier import TextClassifier

    bot = Bot(index)
    matcher = bot.answerer.matcher
    assert matcher is not None
    predict = TextClassifier.predict_proba

    def unless_matcher(self: TextClassifier, text: str) -> np.ndarray:
        assert self is not matcher, "the matcher was asked"
        return predict(self, text)  # the crisis classifier still reads every message

    monkeypatch.setattr(TextClassifier, "predict_proba", unless_matcher)
    assert bot.reply("qzvbx wrtlp mkjhd fgsnq").intent == "fallback"

    def no_search(term: str) -> bool:
        raise AssertionError(f"searched close spellings of {term!r}")

    # In a long message, not even the close spellings are searched: finding every one it may
    # search could not give the matcher a say.
    monkeypatch.setattr(bot.answerer, "_close_to_learned", no_search)
    made_up = [f"{a}{b}qzvx" for a in "bcdfg" for b in "hjklm"]
    assert bot.reply(" ".join(made_up)).intent == "fallback"
    assert bot.reply("iop " + " ".join(made_up)).intent == "fallback"
