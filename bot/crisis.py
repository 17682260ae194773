"""Spot signs of an emergency in a message, before anything else is done with it.

Two layers: explainable rules (`bot/data/crisis.toml`) run first, then a learned classifier
(`knowledge/crisis_model.py`, fitted into the index) catches wordings the rules miss and vetoes
rule matches it is sure are look-alikes, downgrading them to a check-in (help lines still first).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, fields, replace
from enum import Enum
from pathlib import Path
from typing import Any

from bot.data_files import compile_patterns, compile_phrases, load_toml
from bot.errors import BotDataError
from bot.patterns import Alternation, Screen, ScreenedPattern, combine
from bot.unmasking import Unmasker
from knowledge.classifier import TextClassifier
from knowledge.crisis_model import DISTRESS, POSITIVE
from knowledge.data_files import phrase_regex, reject_unknown


class CrisisLevel(Enum):
    """How a crisis subject appears in a message."""

    ACUTE = "acute"  # an emergency: reply with help, not an article
    CHECK_IN = "check_in"  # distress, no clear emergency: a caring line and help lines first
    INFORMATIONAL = "informational"  # a question about the subject: answer, show resources
    NEGATED = "negated"  # "I'm not suicidal, but ...": answer, show resources


@dataclass(frozen=True)
class CrisisSignal:
    """What was found: the category (which resources fit) and the level."""

    category: str
    level: CrisisLevel
    resources: tuple[str, ...]
    probability: float | None = None  # the learned layer's of an emergency, when consulted
    rule: str | None = None  # the kind of rule that matched: always, acute, topic, danger,
    # distress; "affirmed" for a bare yes after the crisis lines
    intro: str = "crisis_intro"  # the key in messages.toml of the crisis reply's opening line


@dataclass(frozen=True)
class _Category:
    name: str
    resources: tuple[str, ...]
    intro: str  # the key in messages.toml of the crisis reply's opening line
    acute: tuple[ScreenedPattern, ...]
    always: tuple[ScreenedPattern, ...]
    topic: tuple[ScreenedPattern, ...]
    danger: tuple[ScreenedPattern, ...]  # an emergency when something near says "now"


# Characters before a match searched for a negation: a negation word and up to three words.
_NEGATION_REACH = 64
# A clause ends at a sentence's end (in Latin and CJK punctuation) or before a word of
# `clause_breaks` (`crisis.toml`); at most this many clauses are read again, so a crafted
# message of many sentences costs a few readings more, never one per sentence.
_SENTENCE_END = r"[.!?;\u2026\u3002\uff01\uff1f\uff1b]+"
_MAX_CLAUSES = 6


RULE_KINDS = ("always", "acute", "topic", "danger")
# The keys `crisis.toml` may hold: a misspelt one ("informatonal") would otherwise drop its
# patterns without a word, so any other key is refused when the bot is built.
FILE_KEYS = {
    "informational",
    "past",
    "hyperbole",
    "hypothetical",
    "present",
    "danger_window",
    "immediacy",
    "masked_words",
    "question",
    "negations",
    "not_negations",
    "negated_intent",
    "clause_breaks",
    "self_described",
    "told",
    "distress",
    "others",
    "category",
    "model",
}
CATEGORY_KEYS = {"name", "resources", "intro", *RULE_KINDS}


def _acute(category: _Category, kind: str) -> CrisisSignal:
    """The signal of an emergency a rule of this kind in this category finds."""
    return CrisisSignal(
        category.name, CrisisLevel.ACUTE, category.resources, rule=kind, intro=category.intro
    )


@dataclass(frozen=True)
class ModelThresholds:
    """Where the learned layer's calibrated probability of an emergency changes the reply."""

    crisis: float  # the probability of an emergency at or above which: an emergency
    # The probability of an emergency or of distress (the support) at or above which: a check-in.
    check_in: float
    distress: float  # the support words of distress need for a check-in (else the resources line)
    # Per kind of rule: a probability of an emergency below it takes the rule's emergency for a
    # look-alike, answered with the resources line (or a check-in, with enough support).
    veto: dict[str, float]
    # A rule's emergency the classifier vetoed still gets the check-in (help lines first) when
    # the probability of an emergency is at least this: the classifier doubts, it is not sure.
    vetoed_check_in: float
    # A message no rule named, with a probability of an emergency at least this (but under every
    # threshold above): no alarm, but the reply shows the resources line, and so does the rest of
    # the conversation. The safety net for wordings neither layer recognises with confidence.
    safety_net: float

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> ModelThresholds:
        veto = data["veto"]
        if not isinstance(veto, dict) or set(veto) != set(RULE_KINDS):
            raise ValueError(
                f"crisis.toml [model.veto]: give one threshold for each of {', '.join(RULE_KINDS)}"
            )
        thresholds = cls(
            float(data["crisis"]),
            float(data["check_in"]),
            float(data["distress"]),
            {kind: float(veto[kind]) for kind in RULE_KINDS},
            float(data["vetoed_check_in"]),
            float(data["safety_net"]),
        )
        values = [
            thresholds.crisis,
            thresholds.check_in,
            thresholds.distress,
            thresholds.vetoed_check_in,
            thresholds.safety_net,
        ]
        if not all(0 <= v <= 1 for v in values) or not all(
            0 <= v <= 1.01 for v in thresholds.veto.values()
        ):
            raise ValueError(
                "crisis.toml [model]: thresholds go from 0 to 1 (a veto of 1.01: the rule never "
                "stands alone)"
            )
        return thresholds


# The keys of `[model]`: the thresholds, and the categories of a check-in and of an alarm that
# no rule named.
MODEL_KEYS = {*(f.name for f in fields(ModelThresholds)), "category", "alarm_category"}


def _told(tables: Any) -> tuple[tuple[str, Alternation], ...]:
    """The `[[told]]` entries: each name with its patterns, in which `<list>` stands for any
    of the entry's list of that name; each pattern is anchored at both ends, so it covers the
    whole message."""
    if not isinstance(tables, list):
        raise BotDataError("[[told]] must be tables, each with a `name` and `patterns`")
    told = []
    for number, table in enumerate(tables, 1):
        where = f"[[told]] {table.get('name', number) if isinstance(table, dict) else number}"
        if not isinstance(table, dict) or not isinstance(table.get("name"), str):
            raise BotDataError(f"{where} needs a `name` and `patterns`")
        patterns = table.get("patterns")
        if not isinstance(patterns, list) or not patterns:
            raise BotDataError(f"{where}: `patterns` must be a list of strings in single quotes")
        slots = {}
        for name, parts in table.items():
            if name in ("name", "patterns"):
                continue
            compile_patterns(parts, f"{where} {name}")  # each alternative valid on its own
            slots[f"<{name}>"] = "(?:" + "|".join(f"(?:{p})" for p in parts) + ")"
        filled = []
        for at, pattern in enumerate(patterns, 1):
            if not (isinstance(pattern, str) and pattern.startswith("^") and pattern.endswith("$")):
                raise BotDataError(
                    f"{where} pattern {at} must cover the whole message: begin it with ^ and "
                    "end it with $"
                )
            for slot, alternation in slots.items():
                pattern = pattern.replace(slot, alternation)
            unfilled = re.search(r"<[a-z_ ]+>", pattern)
            if unfilled:
                raise BotDataError(
                    f"{where} pattern {at} names {unfilled.group(0)}, which is not one of its "
                    f"lists ({', '.join(sorted(slots)) or 'none'})"
                )
            filled.append(pattern)
        told.append((table["name"], combine(compile_patterns(filled, f"{where} pattern"))))
    return tuple(told)


class CrisisDetector:
    """Crisis detection: the rules of `bot/data/crisis.toml`, then the learned `model`."""

    def __init__(self, path: Path, model: TextClassifier | None = None) -> None:
        data = load_toml(path)
        reject_unknown(data, FILE_KEYS, "the file", BotDataError)
        reject_unknown(data.get("model", {}), MODEL_KEYS, "[model]", BotDataError)
        self.model = model
        self.thresholds = ModelThresholds.from_mapping(data["model"])
        self.fallback_category = str(data["model"]["category"])
        self.alarm_category = str(data["model"].get("alarm_category", self.fallback_category))
        self.distress = combine(compile_patterns(data.get("distress", [])))
        categories = []
        for number, c in enumerate(data["category"], 1):
            reject_unknown(c, CATEGORY_KEYS, f"[[category]] {c.get('name', number)}", BotDataError)
            acute = compile_patterns(c.get("acute", []))
            always = compile_patterns(c.get("always", []))
            topic = compile_patterns(c.get("topic", []))
            danger = compile_patterns(c.get("danger", []))
            categories.append(
                _Category(
                    name=c["name"],
                    resources=tuple(c["resources"]),
                    intro=str(c.get("intro", "crisis_intro")),
                    acute=acute,
                    always=always,
                    topic=topic,
                    danger=danger,
                )
            )
        self.categories = tuple(categories)
        # Every pattern in the order the checks run: by category, then always, acute, topic,
        # danger. A message is only run against those its screen leaves possible. Each comes
        # with the emergency signal it raises, made once.
        self._entries = [
            (category, kind, pattern, _acute(category, kind))
            for category in self.categories
            for kind in ("always", "acute", "topic", "danger")
            for pattern in getattr(category, kind)
        ]
        self._screen = Screen([pattern for _, _, pattern, _ in self._entries])
        self.informational = combine(compile_patterns(data.get("informational", [])))
        self.immediacy = combine(compile_patterns(data.get("immediacy", [])))
        over = data.get("past", []) + data.get("hyperbole", []) + data.get("hypothetical", [])
        self.past = combine(compile_patterns(over))
        self.present = combine(compile_patterns(data.get("present", [])))
        self.question = combine(compile_patterns(data.get("question", [])))
        self.unmask = Unmasker(data.get("masked_words", []))
        self.others = compile_phrases(list(data.get("others", [])), "others")
        self.window = int(data.get("danger_window", 60))
        self.not_negations = compile_phrases(list(data.get("not_negations", [])), "not_negations")
        self.negated_intent = combine(compile_patterns(data.get("negated_intent", [])))
        breaks = phrase_regex(list(data.get("clause_breaks", [])), "clause_breaks", BotDataError)
        self._clause_break = re.compile(f"{_SENTENCE_END}|{breaks}")
        self.self_described = combine(compile_patterns(data.get("self_described", [])))
        self.told = _told(data.get("told", []))
        negations = sorted(data.get("negations", []), key=len, reverse=True)
        self._negation = re.compile(
            r"\b(" + "|".join(re.escape(n) for n in negations) + r")\b(\s+[^\s,.;!?]+){0,3}\s*$"
        )

    def _negated(self, text: str, match: re.Match[str]) -> bool:
        """Negated just before ("I'm not suicidal") or inside ("im not going to hurt myself");
        "never mind" negates nothing. Only the few words just before are read, so the cost of
        a check does not grow with the message."""
        start = match.start()
        before = text[max(0, start - _NEGATION_REACH) : start]
        if start > _NEGATION_REACH:
            before = before.partition(" ")[2]  # drop a word the window cut through
        before = self.not_negations.sub(" ", before)
        return bool(self._negation.search(before) or self.negated_intent.search(match.group(0)))

    def _over(self, text: str) -> bool:
        """The message tells of something past ("in 2015") or speaks figuratively ("if I see
        another calculus problem"), and of nothing happening now."""
        return bool(self.past.search(text)) and not self.present.search(text)

    def _danger_now(self, pattern: ScreenedPattern, text: str) -> bool:
        """A word of danger with a sign of "now" near it ("holding the blade rn") that the
        message does not negate."""
        for match in pattern.regex.finditer(text):
            if self._negated(text, match):
                continue
            near = text[max(0, match.start() - self.window) : match.end() + self.window]
            if self.immediacy.search(near):
                return True
        return False

    @staticmethod
    def may_veto(signal: CrisisSignal | None) -> bool:
        """Whether the rules found an emergency the classifier may veto: only then does
        `combine` read whether the message `asks` about care."""
        return signal is not None and signal.level is CrisisLevel.ACUTE

    def asks_about_care(self, text: str) -> bool:
        """The message also asks something, and about treatment or the program ("i want to
        die, is iop covered by insurance"), as the `informational` patterns read it."""
        return self.asks_question(text) and bool(self.informational.search(text))

    def describes_a_condition(self, text: str) -> bool:
        """The visitor says they have, or may have, a named condition ("i think i have ptsd"),
        as the `self_described` patterns read it."""
        return bool(self.self_described.search(text))

    def told_plainly(self, text: str) -> str | None:
        """The name of the `[[told]]` entry a whole normalised message is ("relapse" for "i
        relapsed last night"), or None."""
        return next((name for name, pattern in self.told if pattern.search(text)), None)

    def asks_question(self, text: str) -> bool:
        """The message also asks something (so an emergency's reply adds the answer after
        the help lines)."""
        return bool(self.question.search(text))

    def with_model(self, model: TextClassifier | None) -> CrisisDetector:
        """The same rules with a learned layer (or none)."""
        detector = copy.copy(self)
        detector.model = model
        return detector

    def detect(self, text: str) -> CrisisSignal | None:
        """Classify a normalised message; None when it shows no crisis subject."""
        text = self.unmask(text)
        signal = self._by_rules(text)
        if self.model is None:
            return self.addressed(signal, text)
        emergency, support = self._reading(self.model, text)
        if self._vetoes(signal, emergency):
            emergency, support = max([(emergency, support), *self._clause_alarms(text)])
        asks = self.may_veto(signal) and self.asks_about_care(text)
        found = self.combine(signal, emergency, support, asks=asks)
        return self.addressed(found, text)

    def _vetoes(self, signal: CrisisSignal | None, emergency: float) -> bool:
        """Whether the model's `emergency` probability is below the veto of the rule that
        found an emergency (`signal`)."""
        if signal is None or signal.rule is None or not self.may_veto(signal):
            return False
        return emergency < self.thresholds.veto[signal.rule]

    @staticmethod
    def _reading(model: TextClassifier, text: str) -> tuple[float, float]:
        """The model's probability of an emergency, and of an emergency or distress."""
        proba = model.predict_proba(text)
        emergency = float(proba[model.classes.index(POSITIVE)])
        return emergency, emergency + float(proba[model.classes.index(DISTRESS)])

    def clauses(self, text: str) -> list[str]:
        """The message's clauses of two words or more, split at sentence ends and before the
        words of `clause_breaks`; a message of one clause gives none."""
        found = [c.strip() for c in self._clause_break.split(text)]
        found = [c for c in found if len(c.split()) >= 2]
        return found if len(found) > 1 else []

    def _clause_alarms(self, text: str) -> list[tuple[float, float]]:
        """The readings of `_clause_readings` that reach the alarm (`crisis`): a rule's
        emergency the whole message's reading would veto stands when the classifier, reading
        the rule's clause alone, is sure of it; merely doubting it there overturns nothing."""
        return [r for r in self._clause_readings(text) if r[0] >= self.thresholds.crisis]

    def _clause_readings(self, text: str) -> list[tuple[float, float]]:
        """The model's readings of each clause (the first `_MAX_CLAUSES`) that holds a rule's
        emergency on its own. A rule's emergency the whole message's reading would veto is
        judged on its own clause too, so an unrelated question beside it ("anxious about my
        intake call but i want to kill myself") does not outvote it; a clause
        that only negates it, or holds none, is not read."""
        assert self.model is not None
        readings = []
        for clause in self.clauses(text)[:_MAX_CLAUSES]:
            found = self._detect(clause)
            if found is not None and found.level is CrisisLevel.ACUTE:
                readings.append(self._reading(self.model, clause))
        return readings

    def explain(self, text: str, outcome: CrisisSignal | None, shown: int = 6) -> list[str]:
        """Why the layers read a normalised message as they do: the rule that matched (if
        any), the classifier's probabilities beside its thresholds, the `shown` n-grams that
        push it most towards an emergency, and the `outcome` the reply followed (the
        conversation can change what `detect` gives: a bare "yes" after the crisis lines).
        For maintainers (`iop-faq ask --explain`)."""
        text = self.unmask(text)
        rule = self._by_rules(text)
        lines = [
            "crisis rules: "
            + (f"{rule.rule} rule of {rule.category}, {rule.level.value}" if rule else "none")
        ]
        if self.model is not None:
            proba = self.model.predict_proba(text)
            reading = ", ".join(
                f"{label} {p:.2f}" for label, p in zip(self.model.classes, proba, strict=True)
            )
            t = self.thresholds
            lines.append(
                f"crisis classifier: {reading} (an emergency at {t.crisis:.2f}; a check-in when "
                f"crisis and distress reach {t.check_in:.2f}; the resources line at "
                f"{t.safety_net:.2f})"
            )
            if self._vetoes(rule, float(proba[self.model.classes.index(POSITIVE)])):
                readings = [f"{e:.2f}" for e, _ in self._clause_readings(text)]
                lines.append(
                    "clauses holding the rule's emergency, read alone: "
                    + (", ".join(readings) if readings else "none")
                )
            pushing = [
                f"{name} {added:+.2f}"
                for name, added in self.model.contributions(text, POSITIVE)[:shown]
                if added > 0
            ]
            if pushing:
                lines.append(f"towards an emergency: {', '.join(pushing)}")
        lines.append(
            "crisis: "
            + (f"{outcome.level.value} ({outcome.category})" if outcome is not None else "none")
        )
        return lines

    def addressed(self, signal: CrisisSignal | None, text: str) -> CrisisSignal | None:
        """An emergency whose reply would open on the visitor's own safety opens on theirs and
        anyone else's when the message names another person (`others`)."""
        if (
            signal is not None
            and signal.level is CrisisLevel.ACUTE
            and signal.intro == "crisis_intro"
            and self.others.search(text)
        ):
            return replace(signal, intro="crisis_intro_unnamed")
        return signal

    def detect_by_rules(self, text: str) -> CrisisSignal | None:
        """The first layer alone."""
        return self._by_rules(self.unmask(text))

    def _by_rules(self, text: str) -> CrisisSignal | None:
        signal = self._detect(text)
        if signal is not None and signal.level is CrisisLevel.ACUTE and self._over(text):
            return replace(signal, level=CrisisLevel.INFORMATIONAL)
        if signal is None and self.distress.search(text):
            return self._signal(self.fallback_category, CrisisLevel.CHECK_IN, rule="distress")
        return signal

    def combine(
        self,
        signal: CrisisSignal | None,
        probability: float,
        support: float | None = None,
        asks: bool = False,
    ) -> CrisisSignal | None:
        """The second layer's say: `probability` is the model's that the message is an
        emergency, `support` that it is an emergency or distress (the same when not given).
        A rule's emergency stands unless `probability` is below that kind of rule's veto, and
        even then gets the check-in unless `probability` is below `vetoed_check_in` too and the
        message `asks` nothing about care (the classifier doubts a disclosure a question about
        the program follows, "i want to die, is iop covered by insurance": help comes first,
        never the answer alone); the model alone raises the alarm at `crisis`; a check-in
        needs the model's support
        (`check_in`, or `distress` when words of distress matched); below all of these, a
        probability of at least `safety_net` still shows the resources line."""
        t = self.thresholds
        support = probability if support is None else support
        category = signal.category if signal is not None else self.fallback_category
        rule = signal.rule if signal is not None else None
        if probability >= t.crisis:
            level = CrisisLevel.ACUTE
            if signal is None or signal.level is CrisisLevel.CHECK_IN:
                category = self.alarm_category  # no rule named the kind of emergency
        elif signal is not None and signal.level is CrisisLevel.ACUTE:
            assert rule is not None
            if probability >= t.veto[rule]:
                level = CrisisLevel.ACUTE
            elif support >= t.check_in or probability >= t.vetoed_check_in or asks:
                level = CrisisLevel.CHECK_IN
            else:
                level = CrisisLevel.INFORMATIONAL  # a look-alike: answer, show the resources
        elif support >= t.check_in:
            level = CrisisLevel.CHECK_IN
        elif signal is not None and signal.level is CrisisLevel.CHECK_IN:
            supported = support >= t.distress
            level = CrisisLevel.CHECK_IN if supported else CrisisLevel.INFORMATIONAL
        elif signal is not None:
            level = signal.level  # information or a negation the rules named
        elif probability >= t.safety_net:
            level = CrisisLevel.INFORMATIONAL  # not sure enough to alarm: show the help lines
        else:
            return None
        return self._signal(category, level, probability, rule)

    def checked_in(self, signal: CrisisSignal) -> CrisisSignal:
        """The check-in in place of an alarm: the help lines first and one caring line, for a
        message the classifier alone alarmed on that is only small talk ("sorry", "goodbye")."""
        return self._signal(self.fallback_category, CrisisLevel.CHECK_IN, signal.probability)

    def affirmed(self) -> CrisisSignal:
        """The alarm for a bare yes ("yes", "me too") in a conversation that has shown the
        crisis lines: it may answer "if you are thinking about harming yourself"."""
        return self._signal(self.alarm_category, CrisisLevel.ACUTE, rule="affirmed")

    def _signal(
        self,
        category: str,
        level: CrisisLevel,
        probability: float | None = None,
        rule: str | None = None,
    ) -> CrisisSignal:
        found = next(c for c in self.categories if c.name == category)
        return CrisisSignal(category, level, found.resources, probability, rule, found.intro)

    def _detect(self, text: str) -> CrisisSignal | None:
        softer: CrisisSignal | None = None
        for position in self._screen.candidates(text):
            _, kind, pattern, acute = self._entries[position]
            if kind == "always":
                if pattern.regex.search(text):
                    return acute
            elif kind == "acute":
                for match in pattern.regex.finditer(text):
                    if not self._negated(text, match):
                        return acute
                    softer = softer or replace(acute, level=CrisisLevel.NEGATED)
            elif kind == "topic":
                for match in pattern.regex.finditer(text):
                    if self._negated(text, match):
                        level = CrisisLevel.NEGATED
                    elif self.informational.search(text):
                        level = CrisisLevel.INFORMATIONAL
                    else:
                        return acute
                    softer = softer or replace(acute, level=level)
            elif self._danger_now(pattern, text):
                return acute
        return softer
