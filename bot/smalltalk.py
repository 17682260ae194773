"""Recognise greetings, thanks, goodbyes and questions about the bot itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.data_files import compile_patterns, load_toml, need, reading
from bot.errors import BotDataError
from bot.patterns import AnyPattern, ScreenedPattern, text_starts
from knowledge.classifier import TextClassifier
from knowledge.data_files import reject_unknown, strings, tables
from knowledge.smalltalk_model import NOT_SMALLTALK, SMALLTALK_FILE

# What is left of a message once its small talk is removed: a word of two or more letters or
# digits, in any script, or one letter outside ASCII ("好"); a lone "u" or "k" is not.
_LEFTOVER_RE = re.compile(r"[^\W_]{2,}|(?![\x00-\x7f])[^\W\d_]")


@dataclass(frozen=True)
class SmallTalkKind:
    """One kind of small talk and its reply."""

    name: str
    patterns: tuple[ScreenedPattern, ...]
    reply: str
    combined: AnyPattern  # the patterns together, for the "is it here at all" check
    affirms: bool = False  # may be a yes to what the bot said last ("yes", "me too")
    learned: bool = True  # may also be read by the small-talk classifier


class SmallTalk:
    """Small-talk recogniser configured by `bot/data/smalltalk.toml`."""

    def __init__(self, path: Path) -> None:
        with reading(path):
            data = load_toml(path)
            reject_unknown(data, {"kind", "starter_questions", "filler"}, "the file", BotDataError)
            kinds = []
            for number, entry in enumerate(tables(data, "kind", "the file", BotDataError), 1):
                where = f"[[kind]] {number}"
                name = need(entry, "name", str, where)
                where = f"[[kind]] {name!r}"
                reject_unknown(
                    entry, {"name", "patterns", "reply", "affirms", "learned"}, where, BotDataError
                )
                patterns = compile_patterns(
                    need(entry, "patterns", list, where), f"{where} pattern"
                )
                affirms = entry.get("affirms", False)
                learned = entry.get("learned", True)
                if not isinstance(affirms, bool) or not isinstance(learned, bool):
                    raise BotDataError(f"{where}: `affirms` and `learned` must be true or false")
                kinds.append(
                    SmallTalkKind(
                        name,
                        patterns,
                        need(entry, "reply", str, where),
                        AnyPattern(patterns),
                        affirms,
                        learned,
                    )
                )
            if not kinds:
                raise BotDataError("has no [[kind]] entries; restore them")
            self.kinds = tuple(kinds)
            self.starter_questions: list[str] = need(data, "starter_questions", list)
            self.filler = frozenset(strings(data, "filler", "the file", BotDataError))

    def match(self, text: str, starts: frozenset[str] | None = None) -> list[SmallTalkKind]:
        """The kinds of small talk a normalised message consists of; empty if it asks more
        (`starts`: the message's `text_starts`, when already worked out)."""
        found: list[SmallTalkKind] = []
        rest = text
        rest_starts = text_starts(text) if starts is None else starts
        for kind in self.kinds:
            if kind.combined.matches(rest, rest_starts):
                found.append(kind)
                for pattern in kind.patterns:
                    rest = pattern.sub(" ", rest)
                rest_starts = text_starts(rest)
        leftover = [w for w in _LEFTOVER_RE.findall(rest) if w not in self.filler]
        return found if found and not leftover else []

    def affirms(self, text: str) -> bool:
        """Whether a normalised message is only a yes ("yes", "me too", "idk"): small talk
        through and through, every kind of it one that `affirms`."""
        kinds = self.match(text)
        return bool(kinds) and all(k.affirms for k in kinds)

    def reply_text(self, kinds: list[SmallTalkKind]) -> str:
        """One reply covering every kind found ("thanks, bye" gets one goodbye)."""
        names = {k.name for k in kinds}
        if "goodbye" in names:
            kinds = [k for k in kinds if k.name == "goodbye"]
        elif "thanks" in names and "greeting" in names:
            kinds = [k for k in kinds if k.name != "greeting"]
        if "greeting" in names:  # "hi, quick question": the greeting already asks what it is
            kinds = [k for k in kinds if k.name != "preface"]
        if "unhelpful" in names:  # "not helpful, thanks": the apology for it says enough
            kinds = [k for k in kinds if k.name != "thanks"]
        if "human" in names:
            kinds = [k for k in kinds if k.name != "identity"]
        if len(kinds) > 1:  # "oops, thanks", "yes please, bye": the other kind's reply says enough
            kinds = [
                k for k in kinds if k.name not in ("apology", "affirmation", "acknowledgement")
            ] or kinds
        return " ".join(dict.fromkeys(k.reply for k in kinds))  # "yes lol": one "Okay."


class LearnedSmallTalk:
    """The small-talk classifier fitted into the index, for the short messages the patterns
    miss ("makes sense", "nite nite"): the kind it reads, when it is sure enough."""

    def __init__(
        self, model: TextClassifier, smalltalk: SmallTalk, probability: float, max_words: int
    ) -> None:
        by_name = {kind.name: kind for kind in smalltalk.kinds}
        unknown = sorted(set(model.classes) - set(by_name) - {NOT_SMALLTALK})
        if unknown:
            raise BotDataError(
                f"the index's small-talk classifier reads kind(s) {', '.join(unknown)} that "
                f"smalltalk.toml does not have: rename them in knowledge/data/{SMALLTALK_FILE} "
                "(or add the kinds) and rebuild the index with `python train.py`"
            )
        self.model = model
        # Kinds the patterns alone may name (questions about the bot itself) read as none.
        self.kinds = [
            kind if (kind := by_name.get(name)) is not None and kind.learned else None
            for name in model.classes
        ]
        self.probability = probability
        self.max_words = max_words

    def read(self, text: str) -> tuple[SmallTalkKind, float] | None:
        """The kind of small talk a normalised message is and the classifier's probability,
        or None: not small talk, not sure enough, or longer than `max_words`."""
        if not text or len(text.split()) > self.max_words:
            return None
        proba = self.model.predict_proba(text)
        best = int(proba.argmax())
        kind = self.kinds[best]
        if kind is None or proba[best] < self.probability:
            return None
        return kind, float(proba[best])
