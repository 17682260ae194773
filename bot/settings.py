"""Typed bot settings: a misspelled option is an error, not silently ignored."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path


def bot_data_dir() -> Path:
    """The bot's maintainer-edited data files (crisis phrases, resources, small talk)."""
    return Path(str(resources.files("bot"))) / "data"


@dataclass(frozen=True)
class BotSettings:
    """Thresholds and limits of the conversation layer."""

    answer_threshold: float = 0.16
    confident_threshold: float = 0.30
    min_margin: float = 0.0  # >0: weak matches must also beat the runner-up by this much
    matcher_weight: float = 0.4  # share of the learned matcher in the fused confidence
    clarify_margin: float = 0.03  # a weak best this close to a different runner-up: ask
    # Retrieval and the matcher preferring different passages: ask which one was meant when the
    # fused best is under this confidence and this close to the other source's pick.
    disagree_confidence: float = 0.3
    disagree_margin: float = 0.05
    # The matcher's probability that the articles do not cover a message (it learns such
    # questions from knowledge/data/out_of_scope.txt) at which the bot falls back, unless a
    # passage's fused confidence is higher.
    out_of_scope_threshold: float = 0.15
    unknown_term_penalty: float = 1.25
    common_word_weight: float = 0.15
    specific_term_weight: float = 1.5
    topic_weight: float = 0.8
    topic_gain: float = 0.15
    # A message that may lean on its conversation keeps the topic's passage when, read alone,
    # it scores that passage at least this share of its own best.
    topic_keep_share: float = 0.5
    # A message confident on its own ("and the cost?") leaves the topic when, read alone, it
    # scores the passage the topic would give under this share of its own best.
    topic_leave_share: float = 0.25
    # A message naming a word the knowledge lacks is read with its topic only when the index
    # knows at least this share of it ("and hypnotherapy?" is not about the last answer).
    topic_min_coverage: float = 0.5
    # A follow-up that leans back ("does that include my family?") keeps the conversation's
    # passage when, read with the topic, that passage scores at least this share of the best.
    topic_hold: float = 0.8
    # A short message the small-talk patterns miss is small talk when the small-talk
    # classifier gives one kind at least this probability, and it has at most so many words.
    smalltalk_probability: float = 0.8
    smalltalk_max_words: int = 8
    topic_term_max_share: float = 0.7  # terms in more passages than this say nothing of a topic
    # A follow-up that asks about a word its topic's passage never uses leaves the topic when
    # the matcher, reading the message alone, gives a passage using it this probability (given
    # that the articles cover the message).
    leave_topic_probability: float = 0.85
    # Weight, beside the message's own similarity, of what visitors ask a passage for when
    # choosing its sentences (0: the message alone decides).
    sentence_prior_weight: float = 0.5
    # An answer adds the runner-up passage's best sentence when its fused confidence is at least
    # this share of the answer's: the articles often say the same thing in other words (above
    # 1: never).
    runner_up_share: float = 0.85
    # A question about a crisis subject the articles never name ("what are the warning signs of
    # suicide") is declined calmly, with the help lines, when retrieval's confidence is under
    # this: no word of it is in the articles, and the matcher alone would answer from the
    # question's form ("what are the ... of").
    subject_retrieval_floor: float = 0.05
    max_sentences: int = 3
    max_answer_words: int = 50
    max_list_words: int = 55  # a whole list (lead-in and items) may run a little longer
    max_suggestions: int = 3
    max_message_chars: int = 1000
    data_dir: Path | None = None

    @property
    def suggestion_floor(self) -> float:
        """The confidence a passage needs to be suggested after a fallback."""
        return self.answer_threshold / 2

    @property
    def resolved_data_dir(self) -> Path:
        return Path(self.data_dir) if self.data_dir else bot_data_dir()
