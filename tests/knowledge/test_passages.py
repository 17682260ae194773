"""Splitting articles into question-and-answer passages."""

from pathlib import Path

import pytest

from knowledge.errors import SourceUnreadableError
from knowledge.passages import (
    Curation,
    QuestionRules,
    build_passages,
    split_document,
    unmatched_curation,
)
from knowledge.paths import data_dir
from knowledge.sources import Block, Document
from knowledge.text import word_count


@pytest.fixture(scope="module")
def rules() -> QuestionRules:
    return QuestionRules.from_file(data_dir() / "questions.toml")


@pytest.mark.parametrize(
    ("heading", "question"),
    [
        ("Duration of IOP", "How long does IOP last?"),
        ("Benefits of the IOP Program", "What are the benefits of IOP program?"),
        ("What Happens in an IOP Program?", "What happens in an IOP program?"),
        ("Challenges Facing IOPs in Hingham", "What challenges do IOPs in Hingham face?"),
        (
            "How to Access Quality IOP Care In Massachusetts",
            "How do I access quality IOP care in Massachusetts?",
        ),
        ("Adolescent IOPs", "What about adolescent IOPs?"),
    ],
)
def test_headings_become_visitor_questions(
    rules: QuestionRules, heading: str, question: str
) -> None:
    assert rules.question_for(heading, "Some Article") == question


def document(*blocks: tuple[str, str]) -> Document:
    return Document(
        file="article.txt", title="An Article", blocks=tuple(Block(k, t) for k, t in blocks)
    )


def test_heading_is_question_and_text_below_is_answer(rules: QuestionRules) -> None:
    [passage] = split_document(
        document(("heading", "Duration of IOP"), ("paragraph", "Six weeks.")), rules
    )
    assert (passage.question, passage.answer) == ("How long does IOP last?", "Six weeks.")
    assert passage.source() == {
        "title": "An Article",
        "file": "article.txt",
        "heading": "Duration of IOP",
    }
    assert passage.id == "article/duration-of-iop"


def test_text_without_heading_takes_its_question_from_the_title(rules: QuestionRules) -> None:
    [passage] = split_document(document(("paragraph", "Intro text.")), rules)
    assert passage.question == "What about an article?"
    assert passage.heading == "An Article"


def test_long_sections_split_at_paragraph_boundaries(rules: QuestionRules) -> None:
    paragraphs = [("paragraph", f"Paragraph {i} " + "word " * 40 + ".") for i in range(5)]
    passages = split_document(
        document(("heading", "Duration of IOP"), *paragraphs), rules, max_words=100
    )
    assert len(passages) == 3
    assert all(word_count(p.answer) <= 100 for p in passages)
    assert [p.id for p in passages] == [
        "article/duration-of-iop",
        "article/duration-of-iop-2",
        "article/duration-of-iop-3",
    ]
    assert "".join(p.answer for p in passages).count("Paragraph") == 5


def test_lead_in_stays_with_its_list(rules: QuestionRules) -> None:
    blocks = [("heading", "Other Therapies that IOP Offers"), ("paragraph", "They offer:")]
    blocks += [("item", f"Therapy {i}: " + "word " * 30) for i in range(4)]
    passages = split_document(document(*blocks), rules, max_words=80)
    assert passages[0].answer.startswith("They offer:\n- Therapy 0")
    assert "Therapy 0" in passages[0].related


def test_sub_sections_answer_their_parents_question(rules: QuestionRules) -> None:
    blocks = [
        ("heading", "Challenges Facing IOPs"),
        ("paragraph", "They face challenges."),
        ("heading", "Stigma"),
        ("paragraph", "Stigma is a barrier."),
    ]
    parent, child = split_document(document(*blocks), rules)
    assert "What challenges do IOPs face?" in child.related
    assert "Stigma" in parent.related


def test_a_lead_in_carries_the_first_sentence_of_each_sub_section(rules: QuestionRules) -> None:
    blocks = [
        ("heading", "Challenges Facing IOPs"),
        ("paragraph", "They face challenges."),
        ("heading", "Stigma"),
        ("paragraph", "Stigma is a barrier. Education helps."),
        ("heading", "Funding"),
        ("paragraph", "Money is short. Investment helps."),
    ]
    parent, *children = split_document(document(*blocks), rules)
    assert parent.answer == "They face challenges."
    assert parent.overview == "Stigma is a barrier. Money is short."
    assert [child.overview for child in children] == ["", ""]


def test_curation_replaces_questions_and_adds_pairs(tmp_path: Path, rules: QuestionRules) -> None:
    curated = tmp_path / "curated.toml"
    curated.write_text(
        '[[question]]\npassage = "article/duration-of-iop"\nquestion = "How many weeks?"\n'
        '[[alternatives]]\npassage = "article/duration-of-iop"\nquestions = ["how long is it"]\n'
        '[[qa]]\nquestion = "Is there parking?"\nanswer = "Ask the program."\n'
    )
    doc = document(("heading", "Duration of IOP"), ("paragraph", "Six weeks."))
    passages = build_passages([doc], rules, Curation.from_file(curated))
    assert passages[0].question == "How many weeks?"
    assert passages[0].alternatives == ("how long is it",)
    assert passages[1].question == "Is there parking?"
    assert passages[1].answer == "Ask the program."


def test_curation_naming_unknown_passages_is_reported_and_skipped(
    tmp_path: Path, rules: QuestionRules
) -> None:
    curated = tmp_path / "curated.toml"
    curated.write_text('[[question]]\npassage = "nope/missing"\nquestion = "Q?"\n')
    doc = document(("heading", "Duration of IOP"), ("paragraph", "Six weeks."))
    curation = Curation.from_file(curated)
    passages = build_passages([doc], rules, curation)
    assert [p.question for p in passages] == ["How long does IOP last?"]
    assert unmatched_curation(passages, curation) == ["nope/missing"]


def test_curation_file_with_bad_toml_is_a_clear_error(tmp_path: Path) -> None:
    curated = tmp_path / "curated.toml"
    curated.write_text("[[question]\npassage = ")
    with pytest.raises(SourceUnreadableError, match="not valid TOML"):
        Curation.from_file(curated)


def test_shipped_corpus_passages_are_readable(index) -> None:
    ids = [p.id for p in index.passages]
    assert len(ids) == len(set(ids))
    for passage in index.passages:
        assert passage.question.endswith("?")
        assert 0 < word_count(passage.answer) <= 130
        assert passage.file and passage.title and passage.heading


def test_curated_pairs_are_marked(index) -> None:
    curated = [p for p in index.passages if p.is_curated]
    assert curated and all(p.file and p.title for p in curated)
    files = set(index.metadata["files"])
    assert all(p.file in files for p in index.passages if not p.is_curated)


def test_repeated_headings_keep_short_unique_ids(rules: QuestionRules) -> None:
    blocks = [b for _ in range(300) for b in (("heading", "Summary"), ("paragraph", "Text."))]
    passages = split_document(document(*blocks), rules)
    ids = [p.id for p in passages]
    assert len(set(ids)) == len(ids) == 300
    assert max(len(i) for i in ids) <= len("article/summary") + 4
