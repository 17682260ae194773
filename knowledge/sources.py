"""Read source articles and clean them of web-page debris, keeping every fact."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.data_files import (
    compile_regex,
    need,
    read_toml,
    reject_unknown,
    shown,
    strings,
    tables,
)
from knowledge.errors import CorpusEmptyError, SourceUnreadableError
from knowledge.text import collapse_spaces, normalize_text, split_sentences, word_count

SOURCE_SUFFIXES = (".txt", ".md", ".markdown")
MAX_SOURCE_BYTES = 5_000_000

_ITEM_RE = re.compile(r"^(?:\d{1,2}[.)]|[-*+•])\s+(?P<text>.+)$")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*$")
_LABELLED_ITEM_RE = re.compile(r"^[A-Z][\w' -]{0,40}: \S")
_INLINE_ITEM_RE = re.compile(r"\s+-\s+(?=[A-Z0-9][\w' ]{0,40}:)")


@dataclass(frozen=True)
class Block:
    """One unit of an article: a heading, a paragraph or a list item."""

    kind: str  # "heading" | "paragraph" | "item"
    text: str


@dataclass(frozen=True)
class Document:
    """A cleaned source article."""

    file: str
    title: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class CleaningRules:
    """Maintainer-edited rules from `knowledge/data/cleaning.toml`."""

    drop_lines: frozenset[str] = frozenset()
    drop_line_patterns: tuple[re.Pattern[str], ...] = ()
    drop_sentence_patterns: tuple[re.Pattern[str], ...] = ()
    replacements: tuple[tuple[str, str], ...] = ()
    stray_keyword_max_words: int = 6

    @classmethod
    def from_file(cls, path: Path) -> CleaningRules:
        """Load the rules from a TOML file; a fault is a `DataFileError` naming the entry."""
        data = read_toml(path)
        where = shown(path)
        known = {"drop_lines", "drop_line_patterns", "drop_sentence_patterns", "replace"}
        reject_unknown(data, known | {"stray_keywords"}, where)

        def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
            return tuple(
                compile_regex(p, f"{where}: {key} {i}", flags=re.IGNORECASE)
                for i, p in enumerate(strings(data, key, where), 1)
            )

        replacements = []
        for i, entry in enumerate(tables(data, "replace", where), 1):
            replacements.append(
                (
                    need(entry, "find", str, f"{where}: [[replace]] {i}"),
                    need(entry, "with", str, f"{where}: [[replace]] {i}"),
                )
            )
        stray = data.get("stray_keywords", {})
        return cls(
            drop_lines=frozenset(line.casefold() for line in strings(data, "drop_lines", where)),
            drop_line_patterns=compile_all("drop_line_patterns"),
            drop_sentence_patterns=compile_all("drop_sentence_patterns"),
            replacements=tuple(replacements),
            stray_keyword_max_words=need(stray, "max_words", int, f"{where}: [stray_keywords]")
            if "max_words" in stray
            else 6,
        )


def read_source(path: Path) -> str:
    """Read one source file as text, refusing empty, binary or non-UTF-8 files."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceUnreadableError(f"cannot read source {path}: {exc.strerror}") from exc
    if len(raw) > MAX_SOURCE_BYTES:
        raise SourceUnreadableError(
            f"source {path} is {len(raw):,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit; "
            "split it into several articles"
        )
    if b"\x00" in raw:
        raise SourceUnreadableError(f"source {path} is not a text file (it holds NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceUnreadableError(
            f"source {path} is not UTF-8 text (byte {exc.start}); re-save it as UTF-8"
        ) from exc
    if not text.strip():
        raise SourceUnreadableError(f"source {path} is empty; add text or remove the file")
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    if printable / len(text) < 0.95:
        raise SourceUnreadableError(f"source {path} does not look like text (garbled content)")
    return text


def _is_stray_keyword(line: str, rules: CleaningRules) -> bool:
    words = line.split()
    return (
        0 < len(words) <= rules.stray_keyword_max_words
        and line == line.lower()
        and re.fullmatch(r"[a-z0-9 ]+", line) is not None
    )


def _is_breadcrumb(line: str) -> bool:
    return line.startswith("- ") and word_count(line) <= 10 and not re.search(r"[.:;!?]", line)


def _is_heading(line: str) -> bool:
    words = word_count(line)
    return (
        1 <= words <= 14
        and len(line) <= 110
        and line[0].isupper()
        and line[-1] not in ".!,;:"
        and not line.endswith("...")
    )


def _clean_lines(text: str, rules: CleaningRules) -> list[str]:
    text = normalize_text(text)
    for find, replacement in rules.replacements:
        text = re.sub(re.escape(find), replacement, text, flags=re.IGNORECASE)
    text = _INLINE_ITEM_RE.sub("\n- ", text)
    lines: list[str] = []
    seen_text = False
    for raw_line in text.split("\n"):
        line = collapse_spaces(raw_line)
        if not line:
            lines.append("")
            continue
        folded = line.casefold()
        if folded in rules.drop_lines or any(p.fullmatch(line) for p in rules.drop_line_patterns):
            continue
        if not seen_text and _is_breadcrumb(line):
            continue  # breadcrumb trail above the article ("- Home", "- Section name")
        if _is_stray_keyword(line, rules):
            continue
        if lines and lines[-1] == line:
            continue  # the same line twice in a row (duplicated titles)
        seen_text = True
        lines.append(line)
    return lines


def _clean_paragraph(text: str, rules: CleaningRules) -> str:
    if not rules.drop_sentence_patterns:
        return text
    kept = [
        sentence
        for sentence in split_sentences(text)
        if not any(p.search(sentence) for p in rules.drop_sentence_patterns)
    ]
    return " ".join(kept)


def parse_blocks(text: str, rules: CleaningRules) -> list[Block]:
    """Clean raw article text and classify its lines as headings, paragraphs and items."""
    lines = _clean_lines(text, rules)
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        if not line:
            continue
        if match := _MD_HEADING_RE.match(line):
            blocks.append(Block("heading", match["text"]))
            continue
        if match := _ITEM_RE.match(line):
            item = _clean_paragraph(match["text"], rules)
            if item:
                blocks.append(Block("item", item))
            continue
        if blocks and blocks[-1].kind == "item" and _LABELLED_ITEM_RE.match(line):
            blocks.append(Block("item", _clean_paragraph(line, rules)))
            continue
        has_text_after = any(later for later in lines[index + 1 :])
        if _is_heading(line) and has_text_after:
            blocks.append(Block("heading", line))
            continue
        paragraph = _clean_paragraph(line, rules)
        if paragraph:
            blocks.append(Block("paragraph", paragraph))
    return blocks


_ACRONYMS = {"iop", "iops", "ma", "ptsd", "adhd", "ocd", "us", "usa"}


def _title_from_filename(path: Path) -> str:
    words = re.sub(r"[-_]+", " ", path.stem).split()
    words = [w.upper() if w.lower() in _ACRONYMS else w.lower() for w in words]
    title = " ".join(words)
    return title[:1].upper() + title[1:]


def load_document(path: Path, rules: CleaningRules, name: str | None = None) -> Document:
    """Read and clean one article; its title is its first heading or its file name."""
    blocks = parse_blocks(read_source(path), rules)
    if not any(block.kind != "heading" for block in blocks):
        raise SourceUnreadableError(
            f"source {path} holds no article text after cleaning; check its content"
        )
    title = _title_from_filename(path)
    if blocks and blocks[0].kind == "heading":
        title = blocks[0].text
        blocks = blocks[1:]
    return Document(file=name or path.name, title=title, blocks=tuple(blocks))


def source_files(sources_dir: Path) -> list[Path]:
    """The article files in a sources directory, sorted by name."""
    if not sources_dir.is_dir():
        raise CorpusEmptyError(f"sources directory {sources_dir} does not exist")
    files = sorted(
        p for p in sources_dir.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
    )
    if not files:
        raise CorpusEmptyError(
            f"no .txt or .md articles in {sources_dir}; add at least one source article"
        )
    return files


def load_corpus(sources_dir: Path, rules: CleaningRules) -> list[Document]:
    """Read and clean every article in a directory."""
    return [load_document(path, rules) for path in source_files(sources_dir)]
