"""The held-out evaluation files, the project's untouched test sets of visitor questions and its
fresh crisis file are well formed; the held-out files' scores are reported, never asserted."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.evaluation import _norm
from knowledge.build import KnowledgeConfig
from knowledge.sources import source_files

HELDOUT_DIR = Path(__file__).parent / "data" / "heldout"
ANSWERS_FILE = HELDOUT_DIR / "answers.jsonl"
CRISIS_FILE = HELDOUT_DIR / "crisis.jsonl"
# Written by persona before any tuning and never tuned on; floors in tests/bot/test_crisis.py.
UNSEEN_CRISIS_FILE = Path(__file__).parent / "data" / "crisis_unseen.jsonl"
# Written from the articles, section by section, as specific people in specific situations would
# ask; never used to tune the bot.
UNSEEN_FILE = Path(__file__).parent / "data" / "answers_unseen.jsonl"
# Written later the same way by someone who read only the articles; measured, never tuned on.
FRESH_FILE = Path(__file__).parent / "data" / "answers_fresh.jsonl"
# Follow-ups written from the articles alone: the set a change to how follow-ups are read is
# weighed on.
FOLLOWUP_FILE = Path(__file__).parent / "data" / "followups_tuning.jsonl"
# Written from the articles by persona, apart from the matcher's phrasings: the set a change to
# the phrasings or the settings may be weighed on.
TUNING_FILE = Path(__file__).parent / "data" / "answers_tuning.jsonl"
# Short chat messages, emergencies and everyday look-alikes; never tuned on.
SHORT_CRISIS_FILE = Path(__file__).parent / "data" / "crisis_short.jsonl"
# Emergencies and look-alikes about another person, written by persona apart from the examples.
OTHERS_CRISIS_FILE = Path(__file__).parent / "data" / "crisis_others.jsonl"

ANSWER_KINDS = {"answer", "followup", "decline"}
CRISIS_KINDS = {"crisis", "lookalike"}
MIN_ANSWERS = {"answer": 130, "followup": 20, "decline": 20}
MIN_ANSWERS_TOTAL = 170
MIN_UNSEEN = {"answer": 100, "followup": 20, "decline": 20}
MIN_UNSEEN_TOTAL = 150
MIN_CRISIS_TOTAL = 320
EMERGENCY_CATEGORIES = {
    "suicidal-direct",
    "suicidal-indirect",
    "suicidal-passive",
    "plan-means",
    "self-harm",
    "overdose",
    "withdrawal",
    "harm-others",
    "abuse",
    "child-danger",
}
LOOKALIKE_CATEGORIES = {
    "informational",
    "negation",
    "past",
    "third-person",
    "idiom",
    "professional",
    "media",
}
# The fresh file also has everyday plans and chores ("sharpening the knives tonight").
UNSEEN_LOOKALIKE_CATEGORIES = LOOKALIKE_CATEGORIES | {"everyday"}
# Share of messages not in English, per file.
LANGUAGE_SHARE = {CRISIS_FILE: (0.10, 0.20), UNSEEN_CRISIS_FILE: (0.10, 0.25)}
STYLES = {"plain", "textspeak", "typo", "obfuscated", "embedded", "language"}
# English plus the languages most spoken in Massachusetts after it.
OTHER_LANGUAGES = {"es", "pt", "ht", "kea", "vi", "zh"}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSON-lines file, failing on the first line that is not a JSON object."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{number}: blank line"
        case = json.loads(line)
        assert isinstance(case, dict), f"{path.name}:{number}: not a JSON object"
        cases.append(case)
    return cases


@pytest.fixture(scope="module")
def answers() -> list[dict[str, Any]]:
    return read_jsonl(ANSWERS_FILE)


@pytest.fixture(scope="module", params=[CRISIS_FILE, UNSEEN_CRISIS_FILE], ids=lambda p: p.name)
def crisis_file(request: pytest.FixtureRequest) -> Path:
    return Path(request.param)


@pytest.fixture(scope="module")
def unseen() -> list[dict[str, Any]]:
    return read_jsonl(UNSEEN_FILE)


@pytest.fixture(scope="module")
def fresh() -> list[dict[str, Any]]:
    return read_jsonl(FRESH_FILE)


@pytest.fixture(scope="module")
def followups() -> list[dict[str, Any]]:
    return read_jsonl(FOLLOWUP_FILE)


@pytest.fixture(scope="module")
def tuning() -> list[dict[str, Any]]:
    return read_jsonl(TUNING_FILE)


@pytest.fixture(scope="module")
def crisis(crisis_file: Path) -> list[dict[str, Any]]:
    return read_jsonl(crisis_file)


def lookalike_categories(path: Path) -> set[str]:
    return UNSEEN_LOOKALIKE_CATEGORIES if path == UNSEEN_CRISIS_FILE else LOOKALIKE_CATEGORIES


@pytest.fixture(scope="module")
def articles() -> list[str]:
    sources = source_files(KnowledgeConfig.default().sources_dir)
    return [_norm(p.read_text(encoding="utf-8")) for p in sources]


def test_ids_are_unique_across_both_files(answers: list[dict[str, Any]]) -> None:
    ids = [case.get("id") for case in answers + read_jsonl(CRISIS_FILE)]
    assert all(isinstance(i, str) and i for i in ids)
    repeated = [i for i, n in Counter(ids).items() if n > 1]
    assert not repeated, f"repeated ids: {repeated}"


@pytest.mark.parametrize(
    "path",
    [
        ANSWERS_FILE,
        CRISIS_FILE,
        UNSEEN_FILE,
        FRESH_FILE,
        FOLLOWUP_FILE,
        UNSEEN_CRISIS_FILE,
        TUNING_FILE,
        SHORT_CRISIS_FILE,
        OTHERS_CRISIS_FILE,
    ],
    ids=lambda p: p.name,
)
def test_every_message_is_new_text(path: Path) -> None:
    messages = [_norm(case["q"]) for case in read_jsonl(path)]
    assert all(messages), "empty message"
    repeated = [m for m, n in Counter(messages).items() if n > 1]
    assert not repeated, f"repeated messages: {repeated}"


def test_answers_file_kinds_and_sizes(answers: list[dict[str, Any]]) -> None:
    kinds = Counter(case.get("kind") for case in answers)
    assert set(kinds) <= ANSWER_KINDS, f"unknown kinds: {set(kinds) - ANSWER_KINDS}"
    for kind, minimum in MIN_ANSWERS.items():
        assert kinds[kind] >= minimum, f"{kind}: {kinds[kind]} < {minimum}"
    assert len(answers) >= MIN_ANSWERS_TOTAL


@pytest.mark.parametrize("fixture", ["unseen", "fresh"])
def test_unseen_file_ids_kinds_and_sizes(fixture: str, request: pytest.FixtureRequest) -> None:
    unseen: list[dict[str, Any]] = request.getfixturevalue(fixture)
    ids = [case.get("id") for case in unseen]
    assert all(isinstance(i, str) and i for i in ids)
    assert len(set(ids)) == len(ids), "repeated ids"
    kinds = Counter(case.get("kind") for case in unseen)
    assert set(kinds) <= ANSWER_KINDS, f"unknown kinds: {set(kinds) - ANSWER_KINDS}"
    for kind, minimum in MIN_UNSEEN.items():
        assert kinds[kind] >= minimum, f"{kind}: {kinds[kind]} < {minimum}"
    assert len(unseen) >= MIN_UNSEEN_TOTAL


def test_tuning_file_ids_and_kinds(tuning: list[dict[str, Any]]) -> None:
    ids = [case.get("id") for case in tuning]
    assert all(isinstance(i, str) and i for i in ids)
    assert len(set(ids)) == len(ids), "repeated ids"
    kinds = Counter(case.get("kind") for case in tuning)
    assert set(kinds) == {"answer", "followup"}, f"kinds: {dict(kinds)}"
    assert len(tuning) >= 100


@pytest.mark.parametrize(
    ("fixture", "fewest"),
    [("answers", 2), ("unseen", 1), ("fresh", 2), ("followups", 2), ("tuning", 1)],
)
def test_answers_file_fields_fit_their_kind(
    fixture: str, fewest: int, request: pytest.FixtureRequest
) -> None:
    answers: list[dict[str, Any]] = request.getfixturevalue(fixture)
    for case in answers:
        where = case["id"]
        assert isinstance(case.get("q"), str) and case["q"].strip(), where
        if case["kind"] == "decline":
            assert "any" not in case and "context" not in case, where
            continue
        wanted = case.get("any")
        assert isinstance(wanted, list) and fewest <= len(wanted) <= 5, where
        assert all(isinstance(s, str) and s.strip() for s in wanted), where
        if case["kind"] == "followup":
            context = case.get("context")
            assert isinstance(context, list) and context, where
            assert all(isinstance(m, str) and m.strip() for m in context), where
        else:
            assert "context" not in case, where


@pytest.mark.parametrize("fixture", ["answers", "unseen", "fresh", "followups", "tuning"])
def test_expected_facts_are_verbatim_article_text(
    fixture: str, articles: list[str], request: pytest.FixtureRequest
) -> None:
    answers: list[dict[str, Any]] = request.getfixturevalue(fixture)
    missing = [
        (case["id"], wanted)
        for case in answers
        for wanted in case.get("any", [])
        if not any(_norm(wanted) in article for article in articles)
    ]
    assert not missing, f"not in the articles: {missing}"


def test_crisis_file_is_half_emergencies_half_lookalikes(crisis: list[dict[str, Any]]) -> None:
    kinds = Counter(case.get("kind") for case in crisis)
    assert set(kinds) == CRISIS_KINDS, f"kinds: {dict(kinds)}"
    assert len(crisis) >= MIN_CRISIS_TOTAL
    assert kinds["crisis"] == kinds["lookalike"]


def test_crisis_file_labels_are_known(crisis: list[dict[str, Any]], crisis_file: Path) -> None:
    ids = [case.get("id") for case in crisis]
    assert len(set(ids)) == len(ids), "repeated ids"
    for case in crisis:
        where = case["id"]
        assert isinstance(case.get("q"), str) and case["q"].strip(), where
        assert "any" not in case and "context" not in case, where
        lookalikes = lookalike_categories(crisis_file)
        known = EMERGENCY_CATEGORIES if case["kind"] == "crisis" else lookalikes
        assert case.get("category") in known, f"{where}: category {case.get('category')!r}"
        assert case.get("style") in STYLES, f"{where}: style {case.get('style')!r}"
        lang = case.get("lang")
        assert lang == "en" or lang in OTHER_LANGUAGES, f"{where}: lang {lang!r}"
        assert (lang != "en") == (case["style"] == "language"), where


@pytest.mark.parametrize("kind", sorted(CRISIS_KINDS))
def test_crisis_file_covers_every_category_and_language(
    crisis: list[dict[str, Any]], crisis_file: Path, kind: str
) -> None:
    cases = [case for case in crisis if case["kind"] == kind]
    categories = {case["category"] for case in cases}
    expected = EMERGENCY_CATEGORIES if kind == "crisis" else lookalike_categories(crisis_file)
    assert categories == expected, f"missing: {expected - categories}"
    assert {case["lang"] for case in cases} >= OTHER_LANGUAGES
    other = sum(case["lang"] != "en" for case in cases)
    low, high = LANGUAGE_SHARE[crisis_file]
    assert low <= other / len(cases) <= high, f"{other} of {len(cases)} not in English"


@pytest.mark.parametrize(
    ("source", "misspelt", "seed"),
    [
        (TUNING_FILE, TUNING_FILE.with_name("answers_tuning_typos.jsonl"), 1),
        (UNSEEN_FILE, UNSEEN_FILE.with_name("answers_unseen_typos.jsonl"), 2),
    ],
)
def test_misspelt_files_are_faithful_copies_their_script_makes(
    source: Path, misspelt: Path, seed: int, tmp_path: Path
) -> None:
    from tests.data.misspell import main as misspell

    originals = {c["id"]: c for c in read_jsonl(source) if c["kind"] in ("answer", "followup")}
    copies = read_jsonl(misspelt)
    assert [c["id"] for c in copies] == [f"{i}-typo" for i in originals]
    changed = 0
    for copy in copies:
        original = originals[copy["id"].removesuffix("-typo")]
        changed += copy["q"] != original["q"]  # "wat is iop" has no word long enough
        assert {k: v for k, v in copy.items() if k not in ("id", "q")} == {
            k: v for k, v in original.items() if k not in ("id", "q")
        }
    assert changed >= 0.95 * len(copies)
    misspell(source, tmp_path / "again.jsonl", seed)
    assert read_jsonl(tmp_path / "again.jsonl") == copies


@pytest.mark.parametrize(
    ("source", "wrapped", "seed", "wrappings"),
    [
        (TUNING_FILE, TUNING_FILE.with_name("answers_tuning_wrapped.jsonl"), 4, "wrappings_tuning"),
        (
            TUNING_FILE,
            TUNING_FILE.with_name("answers_tuning_wrapped2.jsonl"),
            5,
            "wrappings_tuning2",
        ),
        (UNSEEN_FILE, UNSEEN_FILE.with_name("answers_unseen_wrapped.jsonl"), 3, "wrappings"),
    ],
)
def test_wrapped_files_are_faithful_copies_their_script_makes(
    source: Path, wrapped: Path, seed: int, wrappings: str, tmp_path: Path
) -> None:
    from tests.data.wrap import main as wrap
    from tests.data.wrap import read_wrappings

    phrases = source.with_name(f"{wrappings}.txt")
    originals = {c["id"]: c for c in read_jsonl(source) if c["kind"] in ("answer", "followup")}
    copies = read_jsonl(wrapped)
    assert [c["id"] for c in copies] == [f"{i}-wrapped" for i in originals]
    found = read_wrappings(phrases)
    assert len(found["openers"]) >= 30 and len(found["closers"]) >= 30
    for copy in copies:
        original = originals[copy["id"].removesuffix("-wrapped")]
        assert original["q"] in copy["q"] and copy["q"] != original["q"]
        assert {k: v for k, v in copy.items() if k not in ("id", "q")} == {
            k: v for k, v in original.items() if k not in ("id", "q")
        }
    wrap(source, tmp_path / "again.jsonl", seed, phrases)
    assert read_jsonl(tmp_path / "again.jsonl") == copies


def test_the_two_wrapping_files_share_few_phrases() -> None:
    from tests.data.wrap import read_wrappings

    tuning = read_wrappings(TUNING_FILE.with_name("wrappings_tuning.txt"))
    unseen = read_wrappings(UNSEEN_FILE.with_name("wrappings.txt"))
    for part in ("openers", "closers"):
        shared = {p.lower() for p in tuning[part]} & {p.lower() for p in unseen[part]}
        # Stock greetings ("hi there", "Dear Sir or Madam,") may come in both, little else.
        assert len(shared) <= len(unseen[part]) // 5, shared


def test_the_file_about_others_pairs_each_emergency_with_a_lookalike() -> None:
    cases = read_jsonl(OTHERS_CRISIS_FILE)
    kinds = Counter(case["kind"] for case in cases)
    assert set(kinds) == CRISIS_KINDS and kinds["crisis"] == kinds["lookalike"] >= 60
    numbers = {
        kind: {case["id"].rsplit("-", 1)[1] for case in cases if case["kind"] == kind}
        for kind in CRISIS_KINDS
    }
    assert numbers["crisis"] == numbers["lookalike"]  # one writer, one of each
    assert sum(case["lang"] != "en" for case in cases) >= 30
