"""Screened patterns: the literal pre-check never hides a match."""

from __future__ import annotations

import json
import re
import tomllib
import types
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.bot_data import BotData
from bot.data_files import normalize_message
from bot.declines import load_declines
from bot.evaluation import load_cases
from bot.patterns import (
    AnyPattern,
    Screen,
    ScreenedPattern,
    beyond_ascii,
    combine,
    compile_all,
    held_patterns,
    required_strings,
    share_screens,
    text_starts,
    words_view,
)
from bot.settings import bot_data_dir

CRISIS_PHRASES = [
    c["q"] for c in load_cases(Path(__file__).parent.parent / "data" / "crisis_phrases.jsonl")
]


def test_required_strings_come_from_the_telling_words() -> None:
    assert all("burden" in s for s in required_strings(r"\bwont be a burden\b") or ())
    assert required_strings(r"\b(loaded|cocked) (my )?gun\b") == {" loaded", " cocked"}


def test_text_before_a_group_joins_each_alternative() -> None:
    assert required_strings(r"\b(odin|oding|odding)\b") == {" odin", " oding", " odding"}
    assert required_strings(r"\bcant (go on|keep going)\b") == {" cant go on", " cant keep going"}
    assert required_strings(r"(co giật|run rẩy)") == {"co giật", "run rẩy"}
    assert required_strings(r"(杀了|杀死)") is None  # Screen files strings by three characters


def test_strings_are_found_in_the_words_view_where_a_word_boundary_is_a_space() -> None:
    assert words_view("I'm fine,  thanks!") == " I m fine thanks "
    assert required_strings(r"\b(uk|od)s?\b") == {" uk", " od"}
    # Whitespace and punctuation between words are a space; a negated class may hold digits
    # ("xyz1qrs" is one word).
    assert required_strings(r"\bwant to\s+od\b") == {" want to od "}
    assert not any(" " in s.strip() for s in required_strings(r"\bxyz[^a-z]+qrs\b") or ())
    screen = Screen([ScreenedPattern.compile(r"\b(uk|od)s?\b")])
    assert screen.candidates("a good book, a duke") == []  # "od" and "uk" inside words
    assert screen.candidates("moving to the uk") == screen.candidates("od'd") == [0]


def test_chinese_phrases_are_still_found() -> None:
    screen = Screen([ScreenedPattern.compile(r"(杀了|杀死)")])
    assert screen.candidates("他说要杀了我") == [0]


def test_phrases_of_common_words_screen_too() -> None:
    found = required_strings(r"\bhow are (you|u)\b")
    assert found and all(s.strip().startswith("how are") for s in found)
    assert required_strings(r"\b(to|of)\b") is None  # single common words screen out nothing


def test_a_pattern_that_needs_a_letter_beyond_ascii_is_searched_only_in_text_that_has_one() -> None:
    assert beyond_ascii(r"(杀了|杀死)") and beyond_ascii(r"我(真的)?想死")
    assert beyond_ascii(r"c[ảá]m")
    assert beyond_ascii(r"(tôi|toi) (muốn|định)")
    assert not beyond_ascii(r"(tôi|toi) (muốn|muon)")  # "toi muon" is ASCII
    assert not beyond_ascii(r"(chết)?")  # optional
    assert not beyond_ascii(r"(?i)ſ")  # folds to "s"
    chinese, english = ScreenedPattern.compile(r"(杀了|杀死)"), ScreenedPattern.compile(r"\bhi\b")
    screen = Screen([chinese, english])
    assert screen.candidates("hi there") == [1]
    assert 0 in screen.candidates("他说要杀了我")
    assert not chinese.possible("sha le") and chinese.search("他说要杀了我")


def test_optional_parts_are_never_required() -> None:
    strings = required_strings(r"\b(my )?plan is set\b") or frozenset()
    assert strings and not any("my" in s for s in strings)


@pytest.mark.parametrize("pattern", [r"\bs[ui]{1,2}c[ie]{1,2}d\b", r"(?i)EMDR", r"\b(to|of)\b"])
def test_patterns_without_telling_literals_are_not_screened(pattern: str) -> None:
    assert required_strings(pattern) is None
    assert ScreenedPattern.compile(pattern).possible("anything at all")


PATTERN_KEYS = {
    "patterns", "always", "acute", "topic", "danger", "informational", "past", "hyperbole",
    "hypothetical", "present", "immediacy",
}  # fmt: skip


def data_file_patterns() -> list[str]:
    """Every regular expression in the bot's TOML data files."""
    found: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in PATTERN_KEYS and isinstance(item, list):
                    found.extend(i for i in item if isinstance(i, str))
                else:
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for path in sorted(bot_data_dir().glob("*.toml")):
        collect(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def examples(items: Any, choice: int) -> str:
    """A text the parsed pattern may match, taking alternative `choice` (modulo) everywhere."""
    out: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op is sre.NOT_LITERAL or op is sre.ANY:
            out.append(" ")
        elif op is sre.IN:
            kind, value = av[0]
            if kind is sre.LITERAL:
                out.append(chr(value))
            elif kind is sre.RANGE:
                out.append(chr(value[0]))
            elif kind is sre.CATEGORY:
                out.append({sre.CATEGORY_DIGIT: "1", sre.CATEGORY_SPACE: " "}.get(value, "a"))
            else:
                out.append(" ")
        elif op is sre.BRANCH:
            options = av[1]
            out.append(examples(options[choice % len(options)], choice))
        elif op is sre.SUBPATTERN:
            out.append(examples(av[-1], choice))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _, item = av
            once = examples(item, choice)
            out.append(once * max(low, 1 if once.strip() == "" or choice % 2 else low))
    return "".join(out)


def test_screening_never_hides_a_match_of_any_pattern_on_texts_made_from_it() -> None:
    patterns = [ScreenedPattern.compile(p) for p in data_file_patterns()]
    screen = Screen(patterns)
    checked = 0
    for position, pattern in enumerate(patterns):
        parsed = sre_parse.parse(pattern.pattern)
        for choice in range(12):
            text = examples(parsed, choice)
            if pattern.regex.search(text) is None:
                continue
            checked += 1
            assert pattern.search(text) is not None, (pattern.pattern, text)
            assert position in screen.candidates(text), (pattern.pattern, text)
    assert checked > 5 * len(patterns)


def sample_messages() -> list[str]:
    eval_dir = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "golden.jsonl"
    golden = [json.loads(line)["q"] for line in eval_dir.read_text().splitlines() if line.strip()]
    return [normalize_message(m) for m in [*CRISIS_PHRASES, *golden]]


def test_screening_never_hides_a_match() -> None:
    patterns = [ScreenedPattern.compile(p) for p in data_file_patterns()]
    assert len(patterns) > 150
    screen = Screen(patterns)
    for text in sample_messages():
        candidates = set(screen.candidates(text))
        for position, pattern in enumerate(patterns):
            expected = pattern.regex.search(text) is not None
            assert (pattern.search(text) is not None) == expected, (pattern.pattern, text)
            assert position in candidates or not expected, (pattern.pattern, text)


def joined(patterns: list[ScreenedPattern]) -> re.Pattern[str]:
    """The patterns as one plain regex: what `combine` and `AnyPattern` must agree with."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns) or "(?!)")


def test_combined_patterns_match_and_replace_as_one_plain_regex_does() -> None:
    background = list(BotData.load(bot_data_dir()).background)
    patterns = [ScreenedPattern.compile(p) for p in data_file_patterns()]
    made = [examples(sre_parse.parse(p.pattern), choice) for p in background for choice in range(6)]
    for group in [background, *(patterns[i : i + 15] for i in range(0, len(patterns), 15))]:
        plain, combined = joined(group), combine(group)
        for text in [*sample_messages(), *made]:
            assert (combined.search(text) is None) == (plain.search(text) is None), text
            assert combined.sub(" ", text) == plain.sub(" ", text), text


def test_any_pattern_matches_where_the_combined_regex_does() -> None:
    patterns = [ScreenedPattern.compile(p) for p in data_file_patterns()]
    groups = [patterns[i : i + 15] for i in range(0, len(patterns), 15)]
    for text in sample_messages():
        starts = text_starts(text)
        for group in groups:
            expected = joined(group).search(text) is not None
            assert AnyPattern(group).matches(text) == expected, text
            assert AnyPattern(group).matches(text, starts) == expected, text


def test_groups_sharing_one_screen_match_where_each_did_alone() -> None:
    patterns = [ScreenedPattern.compile(p) for p in data_file_patterns()]
    groups = [patterns[i : i + 15] for i in range(0, len(patterns), 15)]
    alone = [AnyPattern(group) for group in groups]
    shared = [AnyPattern(group) for group in groups]
    share_screens(shared)
    made = [examples(sre_parse.parse(p.pattern), choice) for p in patterns for choice in (0, 1)]
    texts = [*sample_messages(), *made]
    for text in texts:  # every group asked about one text in turn, as a bot asks them
        starts = text_starts(text)
        for own, one_of_many in zip(alone, shared, strict=True):
            assert one_of_many.matches(text, starts) == own.matches(text), text
    for own, one_of_many in zip(alone, shared, strict=True):  # texts alternating
        assert [one_of_many.matches(t) for t in texts] == [own.matches(t) for t in texts]


def test_a_bots_small_talk_and_declines_share_one_screen(index) -> None:
    from bot.core import Bot

    bot = Bot(index)
    groups = [kind.combined for kind in bot.data.smalltalk.kinds]
    groups += [rule.matcher for rule in bot.declines]
    assert len({id(group._screen._shared) for group in groups}) == 1  # type: ignore[union-attr]


def test_screen_given_the_starts_finds_what_it_finds_alone() -> None:
    screen = Screen([ScreenedPattern.compile(p) for p in data_file_patterns()])
    for text in sample_messages():
        assert screen.candidates(text, text_starts(text)) == screen.candidates(text)
        assert screen.possible(text) == set(screen.candidates(text))


def test_decline_rules_match_where_their_combined_regex_does() -> None:
    rules = load_declines(bot_data_dir())
    for text in sample_messages():
        for rule in rules:
            assert rule.matches(text) == (joined(list(rule.patterns)).search(text) is not None)


class _Slotted:
    __slots__ = ("pattern", "others")

    def __init__(self, pattern: ScreenedPattern, others: object) -> None:
        self.pattern = pattern
        self.others = others


def test_held_patterns_are_found_through_attributes_slots_and_containers_once_each() -> None:
    first, second, third = (ScreenedPattern.compile(p) for p in ("first", "second", "third"))
    holder = types.SimpleNamespace(
        direct=first, nested={"key": [(second,)]}, slotted=_Slotted(third, {first})
    )
    holder.itself = holder  # a cycle ends the walk rather than looping
    found = list(held_patterns(holder))
    assert sorted(p.pattern for p in found) == ["first", "second", "third"]


def _forbid_compiling(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make `bot.patterns` record and refuse every compile; returns the record."""
    import bot.patterns

    compiled: list[str] = []

    def refuse(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        raise AssertionError(f"compiled while answering: {pattern!r}")

    refusing = types.SimpleNamespace(**{**vars(re), "compile": refuse})
    monkeypatch.setattr(bot.patterns, "re", refusing)
    return compiled


def test_a_bot_with_its_patterns_compiled_never_compiles_while_answering(
    index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server compiles every data-file pattern before it forks: no request then pays for a
    compile, whichever patterns its message needs."""
    from bot.core import Bot

    messages = CRISIS_PHRASES + [
        c["q"] for c in load_cases(Path(__file__).parent.parent / "data" / "conversation.jsonl")
    ]
    lazy = Bot(index)
    record = _forbid_compiling(monkeypatch)
    with pytest.raises(AssertionError, match="compiled while answering"):
        for message in messages:
            lazy.reply(message)  # without it, some message needs a pattern not yet compiled
    assert record
    monkeypatch.undo()

    warm = Bot(index)
    assert warm.compile_patterns() == len(list(held_patterns((warm.data, warm.declines))))
    assert warm.compile_patterns() == 0  # each pattern is compiled once
    _forbid_compiling(monkeypatch)
    for message in messages:
        warm.reply(message)


def test_compile_all_keeps_what_each_pattern_matches() -> None:
    data = BotData.load(bot_data_dir())
    patterns = list(held_patterns(data))
    assert compile_all(data) == len(patterns) > 500
    for pattern in patterns:
        assert pattern.regex.pattern == pattern.pattern


_SCREENED = [ScreenedPattern.compile(p) for p in data_file_patterns()]
_ONE_SCREEN = Screen(_SCREENED)
_MADE = [examples(sre_parse.parse(p.pattern), choice) for p in _SCREENED for choice in range(4)]
# Around a text a pattern matches: letters, digits, punctuation, spaces, letters beyond ASCII.
_AROUND = st.text(alphabet="ab z0'-,.!?  \u00e9\u1ebf\u6b7b_", max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_MADE), _AROUND, _AROUND)
def test_no_screen_hides_a_match_whatever_surrounds_the_words(
    made: str, before: str, after: str
) -> None:
    text = before + made + after
    candidates = set(_ONE_SCREEN.candidates(text))
    for position, pattern in enumerate(_SCREENED):
        if pattern.regex.search(text) is not None:
            assert position in candidates, (pattern.pattern, text)
            assert pattern.possible(text), (pattern.pattern, text)
