"""Reading and cleaning source articles."""

from pathlib import Path

import pytest

from knowledge.errors import CorpusEmptyError, SourceUnreadableError
from knowledge.paths import data_dir, default_sources_dir
from knowledge.sources import CleaningRules, load_corpus, load_document, parse_blocks, read_source


@pytest.fixture(scope="module")
def rules() -> CleaningRules:
    return CleaningRules.from_file(data_dir() / "cleaning.toml")


def texts(blocks, kind=None):
    return [b.text for b in blocks if kind is None or b.kind == kind]


@pytest.mark.parametrize(
    "debris",
    [
        "Drag to rearrange sections",
        "Rich Text Content",
        "rich_text",
        "Page Comments",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Related Articles",
        "Back to top button",
        "iop program ma",
    ],
)
def test_debris_lines_are_dropped(rules: CleaningRules, debris: str) -> None:
    blocks = parse_blocks(f"Title Here\n\nIOPs last 6-12 weeks.\n{debris}\nThey meet often.", rules)
    assert debris not in " ".join(texts(blocks))
    assert "IOPs last 6-12 weeks." in texts(blocks)
    assert "They meet often." in texts(blocks)


def test_breadcrumbs_and_repeated_title_are_dropped(rules: CleaningRules) -> None:
    raw = "- Home\n- Some Section\nThe Title\nThe Title\nBody text here."
    assert texts(parse_blocks(raw, rules)) == ["The Title", "Body text here."]


def test_pasted_keywords_are_removed_mid_sentence(rules: CleaningRules) -> None:
    raw = "It helps. alcohol detox Massachusetts has many IOPs for people."
    assert texts(parse_blocks(raw, rules)) == ["It helps. Massachusetts has many IOPs for people."]


def test_advertising_sentences_are_dropped_but_facts_kept(rules: CleaningRules) -> None:
    raw = "Recovery is possible. We will help you in getting enrolled in a program today."
    assert texts(parse_blocks(raw, rules)) == ["Recovery is possible."]


def test_lists_are_normalised_into_items(rules: CleaningRules) -> None:
    raw = (
        "Benefits:\n\n  1. Flexible hours.\n  2. Lower cost.\n\u2022 Peer support.\n- Family work."
    )
    blocks = parse_blocks(raw, rules)
    assert texts(blocks, "item") == [
        "Flexible hours.",
        "Lower cost.",
        "Peer support.",
        "Family work.",
    ]


def test_inline_dash_items_are_split(rules: CleaningRules) -> None:
    raw = "- Group Therapy: Heal together.\nCBT: Adjust thinking. - 12 Step Programs: Peer groups."
    assert texts(parse_blocks(raw, rules), "item") == [
        "Group Therapy: Heal together.",
        "CBT: Adjust thinking.",
        "12 Step Programs: Peer groups.",
    ]


def test_whitespace_and_quotes_are_normalised(rules: CleaningRules) -> None:
    blocks = parse_blocks("It\u2019s   a\u00a0 program\t that works.", rules)
    assert texts(blocks) == ["It's a program that works."]


def test_short_lines_followed_by_text_are_headings(rules: CleaningRules) -> None:
    blocks = parse_blocks("Duration of IOP\nPrograms last 6-12 weeks.", rules)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Duration of IOP"),
        ("paragraph", "Programs last 6-12 weeks."),
    ]


def test_shipped_corpus_keeps_key_facts_and_loses_debris(rules: CleaningRules) -> None:
    documents = load_corpus(default_sources_dir(), rules)
    assert len(documents) == 5
    text = " ".join(d.text for d in documents)
    for fact in ["6-12 weeks", "nine hours per week", "90-days long", "Adolescent IOPs", "PTSD"]:
        assert fact in text
    for debris in ["Rich Text", "Leave a Reply", "Back to top", "We will help you", "Business\n"]:
        assert debris not in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n ", "is empty"),
        (b"\x00\x01binary", "not a text file"),
        (b"\xff\xfe\xfa bad bytes", "not UTF-8"),
        (b"\x07\x08\x0b" * 50 + b"some text", "does not look like text"),
    ],
)
def test_bad_sources_are_refused_clearly(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SourceUnreadableError, match=message):
        read_source(path)


def test_source_with_only_debris_is_refused(tmp_path: Path, rules: CleaningRules) -> None:
    path = tmp_path / "debris.txt"
    path.write_text("Leave a Reply\nRelated Articles\n")
    with pytest.raises(SourceUnreadableError, match="no article text"):
        load_document(path, rules)


def test_empty_directory_is_refused(tmp_path: Path, rules: CleaningRules) -> None:
    with pytest.raises(CorpusEmptyError, match="no .txt or .md"):
        load_corpus(tmp_path, rules)
    with pytest.raises(CorpusEmptyError, match="does not exist"):
        load_corpus(tmp_path / "missing", rules)


def test_markdown_headings_are_understood(tmp_path: Path, rules: CleaningRules) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# My Article\n\n## Duration of IOP\n\nIt lasts about 8 weeks.\n")
    document = load_document(path, rules)
    assert document.title == "My Article"
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("heading", "Duration of IOP"),
        ("paragraph", "It lasts about 8 weeks."),
    ]
