"""Split cleaned articles into question-and-answer passages with their provenance."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

from knowledge.data_files import reject_unknown
from knowledge.errors import CorpusEmptyError, SourceUnreadableError
from knowledge.sources import Block, Document
from knowledge.text import slugify, split_sentences, word_count

CURATED_FILE = "curated.toml"
CURATED_PREFIX = "curated/"
DEFAULT_MAX_WORDS = 110


@dataclass(frozen=True)
class Passage:
    """A question, the text that answers it, and where that text comes from."""

    id: str
    question: str
    answer: str
    title: str
    file: str
    heading: str
    alternatives: tuple[str, ...] = field(default_factory=tuple)
    related: tuple[str, ...] = field(default_factory=tuple)  # list labels, parent/child headings
    overview: str = ""  # a lead-in section's summary of its sub-sections, shown after it

    @property
    def is_curated(self) -> bool:
        """A maintainer-written answer (shown whole), not a passage split from an article."""
        return self.id.startswith(CURATED_PREFIX)

    def source(self) -> dict[str, str]:
        """Provenance as it appears in a reply's `sources`."""
        return {"title": self.title, "file": self.file, "heading": self.heading}


@dataclass(frozen=True)
class QuestionRules:
    """Heading-to-question rules from `knowledge/data/questions.toml`."""

    rules: tuple[tuple[re.Pattern[str], str], ...]
    keep_case: frozenset[str]
    # Headings of an article's own summary ("Introduction", "Conclusion"), lowercased.
    summary_headings: frozenset[str] = frozenset()

    @classmethod
    def from_file(cls, path: Path) -> QuestionRules:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        reject_unknown(data, {"keep_case", "summary_headings", "rule"}, "the file")
        for number, rule in enumerate(data.get("rule", []), 1):
            reject_unknown(rule, {"pattern", "question"}, f"[[rule]] {number}")
        rules = tuple(
            (re.compile(rule["pattern"], re.IGNORECASE), rule["question"])
            for rule in data.get("rule", [])
        )
        return cls(
            rules=rules,
            keep_case=frozenset(data.get("keep_case", [])),
            summary_headings=frozenset(h.strip().lower() for h in data.get("summary_headings", [])),
        )

    def is_summary(self, heading: str | None) -> bool:
        """Whether a heading names the article's own summary ("Conclusion", "Wrapping Up")."""
        return heading is not None and heading.strip().lower() in self.summary_headings

    def _soften(self, text: str) -> str:
        """Lowercase title-cased words, keeping acronyms and proper names."""
        words = []
        for word in text.split():
            bare = word.strip("(),:;")
            keep = bare in self.keep_case or bare.isupper() or any(c.isdigit() for c in bare)
            words.append(word if keep else word.lower())
        return " ".join(words)

    def question_for(self, heading: str, title: str) -> str:
        """The visitor-style question for a heading (or for an article's untitled text)."""
        heading = heading.strip()
        for pattern, template in self.rules:
            match = pattern.fullmatch(heading)
            if not match:
                continue
            groups = {str(i): self._soften(g or "") for i, g in enumerate(match.groups(), 1)}
            text = template.replace("{heading}", self._soften(heading))
            text = text.replace("{title}", title)
            for key, value in groups.items():
                text = text.replace("{" + key + "}", value)
            text = re.sub(r"\s+", " ", text).strip()
            if template == "{1}":  # the heading is a question already: keep its words
                text = self._soften(heading)
            return text[:1].upper() + text[1:]
        return heading


# The tables of `curated.toml` and the keys each entry may hold.
CURATION_KEYS = {
    "question": {"passage", "question"},
    "alternatives": {"passage", "questions"},
    "qa": {"question", "answer", "source", "file", "heading", "alternatives"},
}


@dataclass(frozen=True)
class Curation:
    """Maintainer-curated questions, alternative phrasings and Q&A pairs."""

    questions: dict[str, str] = field(default_factory=dict)
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pairs: tuple[Passage, ...] = ()

    @classmethod
    def from_file(cls, path: Path) -> Curation:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SourceUnreadableError(f"{path} is not valid TOML: {exc}") from exc
        # A misspelt key ("alternative") would drop what it holds without a word.
        reject_unknown(data, set(CURATION_KEYS), "the file")
        for table, known in CURATION_KEYS.items():
            for number, entry in enumerate(data.get(table, []), 1):
                reject_unknown(entry, known, f"[[{table}]] {number}")
        questions = {entry["passage"]: entry["question"] for entry in data.get("question", [])}
        alternatives: dict[str, tuple[str, ...]] = {}
        for entry in data.get("alternatives", []):
            alternatives[entry["passage"]] = alternatives.get(entry["passage"], ()) + tuple(
                entry["questions"]
            )
        pairs = tuple(
            Passage(
                id=f"{CURATED_PREFIX}{slugify(entry['question'])}",
                question=entry["question"],
                answer=entry["answer"].strip(),
                title=entry.get("source", "Curated answer"),
                file=entry.get("file", f"data/{CURATED_FILE}"),
                heading=entry.get("heading", entry["question"]),
                alternatives=tuple(entry.get("alternatives", ())),
            )
            for entry in data.get("qa", [])
        )
        return cls(questions=questions, alternatives=alternatives, pairs=pairs)


def _sections(document: Document) -> Iterator[tuple[str | None, list[Block]]]:
    heading: str | None = None
    body: list[Block] = []
    for block in document.blocks:
        if block.kind == "heading":
            if body:
                yield heading, body
            heading, body = block.text, []
        else:
            body.append(block)
    if body:
        yield heading, body


def _render(blocks: Sequence[Block]) -> str:
    return "\n".join(f"- {b.text}" if b.kind == "item" else b.text for b in blocks)


def _split_long(block: Block, max_words: int) -> list[Block]:
    """Split a paragraph longer than `max_words` at sentence boundaries."""
    if block.kind != "paragraph" or word_count(block.text) <= max_words:
        return [block]
    pieces: list[list[str]] = [[]]
    for sentence in split_sentences(block.text):
        if pieces[-1] and word_count(" ".join(pieces[-1] + [sentence])) > max_words:
            pieces.append([])
        pieces[-1].append(sentence)
    return [Block("paragraph", " ".join(piece)) for piece in pieces]


def _chunks(blocks: list[Block], max_words: int) -> list[list[Block]]:
    """Group blocks into chunks of at most `max_words`, breaking between paragraphs."""
    blocks = [piece for block in blocks for piece in _split_long(block, max_words)]
    chunks: list[list[Block]] = []
    current: list[Block] = []
    size = 0
    for block in blocks:
        words = word_count(block.text)
        # A lead-in ending with ":" or ";" stays with what it introduces.
        lead_in = current and current[-1].text.rstrip().endswith((":", ";"))
        if current and size + words > max_words and not (lead_in and len(current) == 1):
            chunks.append(current)
            current, size = [], 0
        current.append(block)
        size += words
    if current:
        chunks.append(current)
    return chunks


def _labels(blocks: Sequence[Block]) -> tuple[str, ...]:
    """Labels of "Label: text" list items, used as extra phrasings of the question."""
    labels = []
    for block in blocks:
        if block.kind == "item" and (match := re.match(r"^([A-Z][\w' -]{0,40}):\s", block.text)):
            labels.append(match.group(1))
    return tuple(labels)


def _parents(
    sections: list[tuple[str | None, list[Block]]], rules: QuestionRules
) -> list[int | None]:
    """For each section, the index of the section it belongs under, if any.

    A section whose body is one short lead-in paragraph, followed by sections with short
    headings ("Stigma", "Access to Care"), is their parent; the article's own summary
    sections (`rules.summary_headings`) are neither.
    """
    parents: list[int | None] = [None] * len(sections)
    current: int | None = None
    for i, (heading, body) in enumerate(sections):
        short = heading is not None and word_count(heading) <= 3
        if current is not None and short and not rules.is_summary(heading):
            parents[i] = current
            continue
        current = None
        lead_in = len(body) == 1 and word_count(body[0].text) <= 35
        if heading and lead_in and not rules.is_summary(heading):
            current = i
    return parents


def _overview(child_bodies: Iterable[list[Block]]) -> str:
    """The first sentence of each sub-section: shown after a lead-in section's own sentence, so
    that it answers its question ("What challenges do IOPs face?") with what they name."""
    firsts = [split_sentences(body[0].text) for body in child_bodies if body]
    return " ".join(sentences[0] for sentences in firsts if sentences)


def unique_id(candidate: str, used: set[str]) -> str:
    """`candidate`, or with the first free numeric suffix: ids stay short however often a
    heading repeats."""
    number, passage_id = 1, candidate
    while passage_id in used:
        number += 1
        passage_id = f"{candidate}~{number}"
    return passage_id


def split_document(
    document: Document, rules: QuestionRules, max_words: int = DEFAULT_MAX_WORDS
) -> list[Passage]:
    """Split one article into passages; long sections split at paragraph boundaries.

    A sub-section also answers its parent's question, and a parent section lists its
    sub-sections' headings as phrasings of its own question.
    """
    doc_slug = slugify(Path(document.file).stem)
    sections = list(_sections(document))
    parents = _parents(sections, rules)
    questions = [
        rules.question_for(heading or document.title, document.title) for heading, _ in sections
    ]
    children: dict[int, list[int]] = {}
    for i, parent in enumerate(parents):
        if parent is not None:
            children.setdefault(parent, []).append(i)
    passages: list[Passage] = []
    used_ids: set[str] = set()
    for i, (heading, body) in enumerate(sections):
        parent = parents[i]
        kids = children.get(i, [])
        overview = _overview(sections[j][1] for j in kids)
        extra = (
            (questions[parent],)
            if parent is not None
            else tuple(sections[j][0] or "" for j in kids)
        )
        base_id = f"{doc_slug}/{slugify(heading) if heading else 'introduction'}"
        for part, chunk in enumerate(_chunks(body, max_words), 1):
            passage_id = unique_id(base_id if part == 1 else f"{base_id}-{part}", used_ids)
            used_ids.add(passage_id)
            passages.append(
                Passage(
                    id=passage_id,
                    question=questions[i],
                    answer=_render(chunk),
                    title=document.title,
                    file=document.file,
                    heading=heading or document.title,
                    related=_labels(chunk) + extra,
                    overview=overview if part == 1 else "",
                )
            )
    return passages


def continuations(passages: Sequence[Passage]) -> dict[str, str]:
    """Where each article passage's text goes on, in reading order: the next part of its
    section, or the next sub-section under the same lead-in (a lead-in goes on to its first
    sub-section). What a visitor asking for more reads once a passage has no more."""
    following: dict[str, str] = {}
    lead_in: Passage | None = None
    for before, after in pairwise(passages):
        if before.is_curated:
            lead_in = None
            continue
        if before.overview:
            lead_in = before
        elif lead_in is not None and not _under(before, lead_in):
            lead_in = None
        if after.is_curated or after.file != before.file:
            continue
        if after.heading == before.heading or (lead_in is not None and _under(after, lead_in)):
            following[before.id] = after.id
    return following


def _under(passage: Passage, lead_in: Passage) -> bool:
    """Whether a passage is part of a lead-in's section or one of its sub-sections."""
    return passage.file == lead_in.file and (
        passage.heading == lead_in.heading or passage.heading in lead_in.related
    )


def unmatched_curation(passages: list[Passage], curation: Curation) -> list[str]:
    """Passage ids named in the curation that the sources no longer produce."""
    known = {p.id for p in passages}
    return sorted((set(curation.questions) | set(curation.alternatives)) - known)


def apply_curation(passages: list[Passage], curation: Curation) -> list[Passage]:
    """Apply curated questions and phrasings, then append curated Q&A pairs.

    Entries for passages the sources no longer produce are skipped (see `unmatched_curation`).
    """
    curated = [
        replace(
            p,
            question=curation.questions.get(p.id, p.question),
            alternatives=p.alternatives + curation.alternatives.get(p.id, ()),
        )
        for p in passages
    ]
    return curated + list(curation.pairs)


def build_passages(
    documents: Sequence[Document],
    rules: QuestionRules,
    curation: Curation | None = None,
    max_words: int = DEFAULT_MAX_WORDS,
) -> list[Passage]:
    """All passages of a corpus, curated."""
    passages = [p for doc in documents for p in split_document(doc, rules, max_words)]
    if curation is not None:
        passages = apply_curation(passages, curation)
    if not passages:
        raise CorpusEmptyError("the sources produced no passages; add article text")
    return passages
