"""The speller: unknown words corrected to the most used known word one edit away."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.data_files import load_with
from knowledge.errors import DataFileError
from knowledge.index import KnowledgeIndex
from knowledge.spelling import (
    Speller,
    SpellingRule,
    build_speller,
    load_misspellings,
    load_spelling_rules,
    misspelling_faults,
    one_edit_away,
)

SPELLER = build_speller(
    used=[
        "How long does an intensive outpatient program last for teenagers?",
        "Programs for teenagers and veterans; the program lasts weeks. Don't worry.",
        "what does treatment cost",
        "iop for ptsd",
    ],
    known=["what", "weak", "wheat", "chat", "hypnosis", "fla", "hey", "so", "hello", "please"],
)


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("progarm", "program"),  # two letters swapped
        ("progam", "program"),  # a letter dropped
        ("programm", "program"),  # a letter added
        ("teenegers", "teenagers"),  # a letter replaced
        ("veterns", "veterans"),
        ("waht", "what"),
        ("pstd", "ptsd"),
    ],
)
def test_a_word_one_edit_from_a_known_one_is_corrected(typo: str, word: str) -> None:
    assert SPELLER.correct_word(typo) == word


@pytest.mark.parametrize(
    ("drawn_out", "word"),
    [("heyyy", "hey"), ("soooo", "so"), ("hellooo", "hello"), ("pleaseeee", "please")],
)
def test_a_drawn_out_word_is_read_with_each_letter_once(drawn_out: str, word: str) -> None:
    assert SPELLER.correct_word(drawn_out) == word
    assert SPELLER.correct(f"{drawn_out} how long") == f"{word} how long"


def test_a_drawn_out_word_that_makes_no_known_word_is_left_to_the_usual_search() -> None:
    assert SPELLER.correct_word("zzzzz") == "zzzzz"
    assert SPELLER.correct_word("progrrram") == "program"  # known once drawn in
    assert SPELLER.correct_word("weeeks") == "weeks"  # "weks" is unknown; "weeks" one edit away


@pytest.mark.parametrize("word", ["weak", "program", "hypnosis", "dont"])
def test_known_words_are_never_changed(word: str) -> None:
    assert SPELLER.correct_word(word) == word


@pytest.mark.parametrize(
    "word",
    [
        "hypnotherapy",  # no known word close enough: the knowledge cannot speak to it
        "ur",  # too short: too many known words are one edit from it
        "fmla",  # not to a word shorter than the typos looked at ("fla")
        "teenagerssss",  # longer than any known word by more than one letter
        "24/7",
    ],
)
def test_words_without_a_likely_correction_stay(word: str) -> None:
    assert SPELLER.correct_word(word) == word


def test_the_words_the_knowledge_uses_are_preferred_to_everyday_ones() -> None:
    speller = Speller({"what": 3, "whet": 0})  # both one edit from "whot"
    assert speller.correct_word("whot") == "what"
    tied = Speller({"card": 1, "bard": 1})
    assert tied.correct_word("cbard") == "bard"  # equal ranks: the alphabetically first


def test_a_message_is_corrected_word_by_word_keeping_the_rest() -> None:
    text = "how lnog does an intensive outpatient progarm last, for teenegers?"
    assert SPELLER.correct(text) == (
        "how long does an intensive outpatient program last, for teenagers?"
    )


def test_at_most_max_corrections_words_of_a_message_are_looked_up() -> None:
    speller = Speller(dict(SPELLER.ranks), max_corrections=3)
    made_up = " ".join(f"zo{c}xu" for c in "bcdfghjklm")
    speller.correct(made_up)
    assert len(speller._near) == 3


def test_a_word_two_edits_from_a_word_of_the_knowledge_is_corrected() -> None:
    speller = Speller({"therapy": 3, "flexible": 2, "schedule": 1})
    assert speller.correct_word("tehraphy") == "therapy"
    assert speller.correct_word("fleksible") == "flexible"
    assert speller.correct_word("shedul") == "schedule"  # six letters: the shortest searched
    assert speller.correct_word("hypnotherapy") == "hypnotherapy"


def test_a_rare_word_is_never_searched_two_edits_deep_but_one_edit_still_corrects_it() -> None:
    speller = Speller({"underfunded": 2, "there": 3}).with_rare_words(["undefined", "ther"])
    assert speller.correct_word("undefined") == "undefined"
    assert speller.correct_word("ther") == "there"  # one edit away: still read as meant
    assert Speller({"underfunded": 2}).correct_word("undefined") == "underfunded"


def test_rare_words_do_not_use_up_the_searches_two_edits_deep() -> None:
    speller = Speller({"therapy": 3, "schedule": 1}, max_far=1).with_rare_words(["undefined"])
    assert speller.correct("undefined tehraphy") == "undefined therapy"


def test_at_most_max_far_words_of_a_message_are_searched_two_edits_deep() -> None:
    speller = Speller({"therapy": 3, "flexible": 2, "schedule": 1}, max_far=2)
    assert speller.correct("tehraphy fleksible shedul") == "therapy flexible shedul"
    assert speller.correct("shedul") == "schedule"


def test_with_words_adds_words_at_a_rank() -> None:
    extended = SPELLER.with_words(["Zoloft", "xanax"])
    assert extended.correct_word("zolof") == "zoloft"
    assert SPELLER.correct_word("zolof") == "zolof"  # the original is unchanged


def test_a_listed_misspelling_is_read_as_the_word_meant_even_when_a_text_uses_it() -> None:
    used = build_speller(["how long is the program", "how lenght is it, progrm"])
    assert used.correct_word("lenght") == "lenght"  # a phrasing uses it: known
    fixed = used.with_misspellings({"lenght": "length", "progrm": "program"})
    assert fixed.correct("whats the lenght of the progrm") == "whats the length of the program"
    assert "lenght" not in fixed.ranks and "progrm" not in fixed.ranks
    assert fixed.with_words(["zoloft"]).correct_word("lenght") == "length"  # kept by with_words
    assert pickle.loads(pickle.dumps(fixed)).correct_word("progrm") == "program"


def test_misspellings_file_reads_pairs_and_refuses_anything_else(tmp_path: Path) -> None:
    path = tmp_path / "misspellings.txt"
    path.write_text("# typo meant\nlenght length\n\n  progrm   program \n", encoding="utf-8")
    assert load_misspellings(path) == {"lenght": "length", "progrm": "program"}
    path.write_text("lenght length\nlenght lengths\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"misspellings.txt: 'lenght' is listed twice"):
        load_misspellings(path)


def test_misspelling_faults_name_english_words_and_misspelt_words_meant() -> None:
    faults = misspelling_faults(
        {"weak": "week", "lenght": "progrm", "progrm": "program"}, english={"weak", "week"}
    )
    assert len(faults) == 2
    assert faults[0].startswith("'weak' is an English word")
    assert faults[1].startswith("'lenght' means 'progrm', itself listed as a misspelling")


OUR = SpellingRule(re.compile(r"^([a-z]{2,}[^tso])or(s|al)?$"), r"\1our\2")
CENTRE = SpellingRule(re.compile(r"^(cen)ter(s)?$"), r"\1tre\2")


def test_other_spellings_of_the_knowledges_words_are_read_as_those_words() -> None:
    speller = build_speller(
        used=["behavioral health centers", "behavioral therapy"],
        known=["behavior", "floor", "flour"],
    ).with_other_spellings([OUR, CENTRE])
    assert speller.correct("behavioural health centres") == "behavioral health centers"
    assert speller.correct("bad behaviour") == "bad behavior"  # an everyday word's spelling
    assert speller.correct("flour on the floor") == "flour on the floor"  # the rule leaves floor
    assert "behavioural" not in speller.ranks


def test_an_other_spelling_the_knowledge_uses_as_often_is_left_as_it_is() -> None:
    speller = build_speller(used=["color colour", "labor"], known=[]).with_other_spellings([OUR])
    assert speller.correct("colour") == "colour"
    assert speller.correct("labour") == "labor"


def test_a_listed_misspelling_keeps_its_word_meant() -> None:
    speller = (
        build_speller(used=["colors", "collars"], known=[])
        .with_misspellings({"colours": "collars"})
        .with_other_spellings([OUR])
    )
    assert speller.correct("colours") == "collars"


def test_spellings_file_reads_rules_and_checks_each_example(tmp_path: Path) -> None:
    path = tmp_path / "spellings.toml"
    path.write_text(
        "[[rule]]\npattern = '^(cen)ter(s)?$'\nother = '\\1tre\\2'\nexample = 'centers centres'\n",
        encoding="utf-8",
    )
    (rule,) = load_spelling_rules(path)
    assert rule.respell("center") == "centre" and rule.respell("printer") is None


@pytest.mark.parametrize(
    ("rule", "fault"),
    [
        ("pattern = '^(cen)ter$'\nother = '\\1tre'\nexample = 'center centr'", "not 'centr'"),
        (
            "pattern = '^(cen)ter$'\nother = '\\2tre'\nexample = 'center centre'",
            "cannot be written",
        ),
        ("pattern = '^(cen)ter('\nother = 'x'\nexample = 'center centre'", "not a valid regular"),
        ("pattern = '^(CEN)ter$'\nother = 'x'\nexample = 'center centre'", "capital"),
        ("pattern = '^(cen)ter$'\nother = 'x'\nexample = 'center'", "two lowercase words"),
        ("pattern = '^(cen)ter$'\nexample = 'center centre'", "`other` must be"),
        ("pattern = '^(cen)ter$'\nother = 'x'\nexample = 'a b'\nnote = 1", "unknown key(s) note"),
    ],
)
def test_spellings_file_refuses_a_faulty_rule_naming_it(
    tmp_path: Path, rule: str, fault: str
) -> None:
    path = tmp_path / "spellings.toml"
    path.write_text(
        f"[[rule]]\npattern = '^x$'\nother = 'y'\nexample = 'x y'\n\n[[rule]]\n{rule}\n"
    )
    with pytest.raises(DataFileError, match="rule 2") as raised:
        load_with(path, load_spelling_rules)
    assert fault in str(raised.value) and "spellings.toml" in str(raised.value)


def test_build_ranks_used_words_by_count_and_known_words_at_zero() -> None:
    assert SPELLER.ranks["program"] == 2 and SPELLER.ranks["programs"] == 1
    assert SPELLER.ranks["hypnosis"] == 0
    assert "dont" in SPELLER.ranks  # as messages are read: apostrophes dropped


def test_one_edit_away_holds_every_kind_of_edit() -> None:
    found = one_edit_away("abc")
    assert {"bc", "ac", "ab", "bac", "acb", "xbc", "abcd", "zabc"} <= found
    assert "abc" not in found and "cba" not in found


def test_the_cache_is_not_saved() -> None:
    speller = Speller(dict(SPELLER.ranks))
    speller.correct_word("progarm")
    loaded = pickle.loads(pickle.dumps(speller))
    assert loaded._near == {} and loaded.ranks == speller.ranks
    assert loaded.correct_word("progarm") == "program"


@given(st.lists(st.sampled_from(sorted(SPELLER.ranks)), max_size=20).map(" ".join))
def test_a_text_of_known_words_is_unchanged(text: str) -> None:
    assert SPELLER.correct(text) == text


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.?'", max_size=200))
def test_correcting_keeps_the_shape_of_any_text(text: str) -> None:
    corrected = SPELLER.correct(text)
    assert len(corrected.split()) == len(text.split())
    # Letters only: "lzkto'doeg" is corrected as the two runs "lzkto" and "doeg".
    before, after = re.findall("[a-z]+", text), re.findall("[a-z]+", corrected)
    assert len(before) == len(after)
    assert all(old == new or new in SPELLER.ranks for old, new in zip(before, after, strict=True))


def test_the_index_speller_knows_the_articles_and_corrects_visitors_typos(
    index: KnowledgeIndex,
) -> None:
    speller = index.speller_
    assert speller is not None
    assert speller.correct("is ther one for teenegers").endswith("for teenagers")
    assert speller.correct("how lnog is iop") == "how long is iop"
    assert speller.correct("the lenght of iop") == "the length of iop"  # a phrasing's typo
    assert speller.correct("can iop help with hypnotherapy") == "can iop help with hypnotherapy"
    assert speller.correct("it says undefined") == "it says undefined"  # rare_words.txt
    assert speller.correct("individual counselling") == "individual counseling"  # spellings.toml
