"""Extraction: the sentences of a passage that answer a message, and what a request for more
shows next."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bot.conversation import MAX_SHOWN
from bot.extraction_cues import ExtractionCues
from bot.followups import FollowupCues
from bot.settings import BotSettings
from knowledge.index import Hit, KnowledgeIndex, Match
from knowledge.passages import Passage, continuations
from knowledge.text import word_count

# What a sentence offering what the message asks for (a contrast, contents) adds to its score,
# beside its similarity (1 for the closest) and half its prior: about as much as the prior can
# differ between two sentences. On tests/data/answers_tuning.jsonl, 0.4 answers one more question
# than 0.2 ("difference between iop and a therapist once a week" gets the contrasting sentence);
# larger values change nothing more there.
CUE_BONUS = 0.4

# A labelled list item ("Group Therapy: ..."): a shape of the text, not a word list.
_LABEL = re.compile(r"^([A-Z][\w' -]{0,40}):\s")


@dataclass(frozen=True)
class SentenceCues:
    """What extraction reads in one passage's sentences, whatever the message: the passages
    are fixed, so this is worked out once per passage, on its first answer."""

    sentences: list[str]
    usable: list[bool]  # not meta-text, a rhetorical question or a closing lead-in
    # CUE_BONUS for each sentence that offers a contrast (contents), else 0; None when none does.
    contrast: np.ndarray | None
    contents: np.ndarray | None
    items: list[int]  # the sentences that start a list item
    # The article's own questions answered by the sentence after them ("How does it work?").
    asked: list[int]

    @classmethod
    def read(cls, sentences: list[str], cues: ExtractionCues) -> SentenceCues:
        return cls(
            sentences,
            [
                not cues.meta.search(t)
                and not t.endswith("?")
                and not _dangling_lead_in(sentences, i)
                for i, t in enumerate(sentences)
            ],
            _bonus([bool(cues.offers_contrast.search(t)) for t in sentences]),
            _bonus([bool(cues.offers_contents.search(t)) for t in sentences]),
            _items(sentences),
            [
                i
                for i, t in enumerate(sentences[:-1])
                if t.rstrip().endswith("?") and not sentences[i + 1].rstrip().endswith("?")
            ],
        )


@dataclass(frozen=True)
class Reading:
    """A passage's sentences followed by those of the passages its text goes on in: what a
    request for more walks through, and what a conversation's `shown` positions count in."""

    sentences: list[str]
    usable: list[bool]
    owners: list[Passage]  # the passage each sentence comes from
    tails: list[str]  # each sentence as an excerpt is sure to show it (`_shown_tail`)


@dataclass(frozen=True)
class More:
    """The next sentences of a reading, their positions in it and the passages they come from
    ("", (), () when nothing is left)."""

    text: str
    shown: tuple[int, ...]
    passages: tuple[Passage, ...]


class Extractor:
    """Chooses the sentences of a passage that answer a message, and walks a passage's
    `reading` for requests for more. What it reads in each passage is worked out once."""

    def __init__(
        self,
        index: KnowledgeIndex,
        settings: BotSettings,
        cues: FollowupCues,
        extraction: ExtractionCues,
    ) -> None:
        self.index = index
        self.settings = settings
        self.cues = cues
        self.extraction = extraction
        self._by_id = {p.id: i for i, p in enumerate(index.passages)}
        self._sentence_cues: dict[int, SentenceCues] = {}
        self._continuations = continuations(index.passages)
        self._readings: dict[int, Reading] = {}

    def extract(self, hit: Hit, match: Match, message: str = "", prior_weight: float = 0.0) -> str:
        """The sentences of a passage that answer the message, in their original order.

        Sentences are scored by their similarity to the message (scaled so the closest has 1)
        plus `prior_weight` times how closely each says what visitors ask the passage for
        (learned at build from the phrasings): among the sentences the message matches, the one
        that answers what people ask. A message matching no sentence gets the first one.
        The best sentence, then strong or adjacent ones while they fit; the whole
        list when the message asks for one (or the best sentence introduces one); for a
        comparison, the sentences that contrast. Article meta-text ("In this article, we'll"),
        a rhetorical question ("How does it work?") and a closing lead-in to the next section
        are never shown, and an opening connective ("So,", "However,") is dropped.
        """
        if hit.passage.is_curated:
            return _whole_answer(hit.passage)
        found, scores = self.weigh_sentences(hit, match, message, prior_weight)
        sentences, usable, items = found.sentences, found.usable, found.items
        if not sentences:
            return _whole_answer(hit.passage)
        cues = self.extraction
        best = _best_position(scores, usable)
        if len(items) >= 2 and (
            cues.asks_for_list.search(message) or sentences[best].rstrip().endswith(":")
        ):
            text = self._whole_list(sentences, items, usable)
        else:
            text = self._best_sentences(sentences, scores, best, usable)
        text = _without_opening_connective(text, cues.opening_connective)
        # A lead-in ("IOPs face several challenges") is followed by what its sub-sections name.
        return f"{text} {hit.passage.overview}" if hit.passage.overview else text

    def best_sentence(self, hit: Hit, match: Match, message: str, prior_weight: float = 0.0) -> str:
        """The one sentence of a passage that best answers a message, as `extract` would start
        (its list marker and opening connective dropped), or "" when it has none to show."""
        found, scores = self.weigh_sentences(hit, match, message, prior_weight)
        if not found.sentences or not any(found.usable):
            return ""
        best = _best_position(scores, found.usable)
        text = _clean_sentence(" ".join(found.sentences[best].split()))
        return _without_opening_connective(text, self.extraction.opening_connective)

    def weigh_sentences(
        self, hit: Hit, match: Match, message: str, prior_weight: float = 0.0
    ) -> tuple[SentenceCues, np.ndarray]:
        """A passage's sentences as extraction reads them, and each one's score for a message
        (`extract` says how; -1 for a sentence never shown)."""
        scored = self.index.sentence_scores(hit.position, match)
        found = self.sentence_cues(hit.position)
        similarities = [s for _, s in scored]
        for asked in found.asked:  # "So, what's it made up of? Group therapy, ...": the
            # sentence after the article's own question answers it as closely as it matches
            similarities[asked + 1] = max(similarities[asked + 1], similarities[asked])
        scores = np.where(
            found.usable,
            self.with_prior(hit.position, similarities, prior_weight),
            -1.0,
        )
        for asks, bonus in (
            (self.extraction.asks_comparison, found.contrast),
            (self.extraction.asks_contents, found.contents),
        ):
            if bonus is not None and asks.search(message):  # no bonus: no need to ask
                scores += bonus
        return found, scores

    def sentence_cues(self, position: int) -> SentenceCues:
        """A passage's sentences as extraction reads them (worked out on first need)."""
        found = self._sentence_cues.get(position)
        if found is None:
            found = SentenceCues.read(self.index.passage_sentences(position), self.extraction)
            self._sentence_cues[position] = found
        return found

    def reading(self, position: int) -> Reading:
        """A passage's sentences, then those of the passages its text goes on in
        (`continuations`: later parts of its section, the sub-sections of a lead-in), as many
        whole passages as a conversation's `shown` can count (worked out on first need)."""
        found = self._readings.get(position)
        if found is not None:
            return found
        sentences: list[str] = []
        usable: list[bool] = []
        owners: list[Passage] = []
        at: int | None = position
        while at is not None:
            cues, passage = self.sentence_cues(at), self.index.passages[at]
            if owners and len(sentences) + len(cues.sentences) > MAX_SHOWN:
                break
            sentences += cues.sentences
            usable += cues.usable
            owners += [passage] * len(cues.sentences)
            following = self._continuations.get(passage.id)
            at = None if following is None else self._by_id.get(following)
        tails = [_shown_tail(s) for s in sentences]
        found = self._readings[position] = Reading(sentences, usable, owners, tails)
        return found

    def shown_sentences(self, passage: Passage, excerpt: str) -> tuple[int, ...]:
        """The positions, in the passage's `reading`, of the sentences an excerpt shows (a
        lead-in's answer shows the first sentence of each of its sub-sections)."""
        position = self._by_id.get(passage.id)
        if position is None:
            return ()
        text = " ".join(excerpt.split())
        return tuple(i for i, tail in enumerate(self.reading(position).tails) if tail in text)

    def goes_on(self, passage: Passage, shown: Iterable[int]) -> bool:
        """Whether a passage's `reading` holds a sentence to show beyond those `shown`."""
        position = self._by_id.get(passage.id)
        if position is None:
            return False
        seen = set(shown)
        return any(ok and i not in seen for i, ok in enumerate(self.reading(position).usable))

    def more(self, passage: Passage, shown: Iterable[int], max_words: int | None = None) -> More:
        """What a passage's `reading` says beyond the sentences already `shown`: the next ones
        in text order while they fit `max_words` (the answer's word budget when not given; at
        least one). A sentence from another section opens with that section's heading ("Peer
        Support: ...")."""
        position = self._by_id.get(passage.id)
        if position is None:
            return More("", (), ())
        found = self.reading(position)
        seen = set(shown)
        budget = self.settings.max_answer_words if max_words is None else max_words
        chosen: list[int] = []
        words = 0
        for i, sentence in enumerate(found.sentences):
            if i in seen or not found.usable[i]:
                continue
            size = word_count(sentence)
            if chosen and words + size > budget:
                break
            chosen.append(i)
            words += size
        parts: list[str] = []
        sources: list[Passage] = []
        for i in chosen:
            text = _clean_sentence(" ".join(found.sentences[i].split()))
            owner = found.owners[i]
            if owner not in sources:
                sources.append(owner)
                heading = owner.heading
                if heading != passage.heading and not text.lower().startswith(heading.lower()):
                    text = f"{heading}: {text}"
            parts.append(text)
        return More(" ".join(parts), tuple(chosen), tuple(sources))

    def with_prior(self, position: int, similarities: list[float], weight: float) -> np.ndarray:
        """A passage's sentence similarities to a message, scaled so the closest has 1, plus
        `weight` times each sentence's prior (unchanged when the message matches none)."""
        scores = np.array(similarities, dtype=np.float64)
        top = scores.max() if len(scores) else 0.0
        if weight and top > 0:
            scores = scores / top + weight * self.index.sentence_priors(position)
        return scores

    def _best_sentences(
        self, sentences: list[str], scores: np.ndarray, best: int, usable: list[bool]
    ) -> str:
        """The best sentence, then the strongest others or its neighbours while they fit."""
        chosen = {best}
        words = word_count(sentences[best])
        strong = {
            i
            for i in range(len(sentences))
            if scores[best] > 0 and scores[i] >= 0.5 * scores[best] and usable[i]
        }
        order = sorted(
            range(len(sentences)),
            key=lambda i: (i not in strong, abs(i - best), i < best, -scores[i]),
        )
        # The sentence before the best one only joins when the best one leans on it.
        leans_back = self.cues.sentence_leans_back(_clean_sentence(sentences[best]))
        for i in order:
            if len(chosen) >= self.settings.max_sentences:
                break
            near = i == best + 1 or (i == best - 1 and leans_back)
            size = word_count(sentences[i])
            if (
                i not in chosen
                and usable[i]
                and (near or i in strong)
                and words + size <= self.settings.max_answer_words
            ):
                chosen.add(i)
                words += size
        for i in sorted(chosen):
            if sentences[i].rstrip().endswith((":", ";")) and i + 1 < len(sentences):
                chosen.add(i + 1)
        return " ".join(_clean_sentence(sentences[i]) for i in sorted(chosen))

    def _whole_list(self, sentences: list[str], items: list[int], usable: list[bool]) -> str:
        """A list's lead-in and every item: each item's first sentence when all of them fit;
        else the labels of a labelled list ("Individual Therapy, Group Therapy"), or the items'
        first sentences while they fit."""
        first = items[0]
        lead = [_clean_sentence(sentences[i]) for i in range(first) if usable[i]][-1:]
        firsts = [_clean_sentence(sentences[i]) for i in items]
        if sum(word_count(part) for part in lead + firsts) <= self.settings.max_list_words:
            return " ".join(lead + firsts)  # every item in full: more than its label says
        labels = [_LABEL.match(text) for text in firsts]
        if all(labels):
            names = [m.group(1) for m in labels if m]
            listed = ", ".join(names[:-1]) + f" and {names[-1]}."
            if lead and lead[0].rstrip().endswith(":"):
                return f"{lead[0]} {listed}"
            return " ".join(lead + [listed])
        parts = list(lead)
        words = sum(word_count(p) for p in parts)
        for text in firsts:
            if parts and words + word_count(text) > self.settings.max_list_words:
                break
            parts.append(text)
            words += word_count(text)
        return " ".join(parts)


def _best_position(scores: np.ndarray, usable: list[bool]) -> int:
    """The best-scored sentence, or the first usable one when the message matches none."""
    best = int(scores.argmax())
    if scores[best] <= 0:
        best = next((i for i, ok in enumerate(usable) if ok), 0)
    return best


def _whole_answer(passage: Passage) -> str:
    """A passage's answer as one paragraph (a curated answer, or one with no sentences)."""
    return " ".join(passage.answer.split())


def _bonus(offers: list[bool]) -> np.ndarray | None:
    """`CUE_BONUS` for each sentence offering what a message asks for, else 0; None if none."""
    return np.array([CUE_BONUS if offer else 0.0 for offer in offers]) if any(offers) else None


def _clean_sentence(sentence: str) -> str:
    return sentence[2:] if sentence.startswith("- ") else sentence


def _shown_tail(sentence: str) -> str:
    """A sentence as an excerpt shows it, but for its first words: dropping an opening
    connective or list marker, or a heading put before it, changes only its start ("So, this
    care level" -> "This care level"). Its last words alone are not enough: two sentences may
    end alike ("... their personal and professional lives.")."""
    words = _clean_sentence(sentence).split()
    return " ".join(words[2:] if len(words) > 5 else words[1:] if len(words) > 1 else words)


def _items(sentences: list[str]) -> list[int]:
    """Positions of the sentences that start a list item."""
    return [i for i, text in enumerate(sentences) if text.startswith("- ")]


def _dangling_lead_in(sentences: list[str], position: int) -> bool:
    """A passage's last sentence introducing what follows it ("Here are the benefits:"): the
    list itself is in the next section."""
    return position == len(sentences) - 1 and sentences[position].rstrip().endswith(":")


def _without_opening_connective(text: str, connective: re.Pattern[str]) -> str:
    """The text without a connective that leans on what came before ("So, ", "However, ")."""
    match = connective.match(text)
    if not match:
        return text
    rest = text[match.end() :]
    return rest[:1].upper() + rest[1:] if rest else text
