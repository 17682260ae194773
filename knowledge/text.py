"""Small pure text helpers shared by cleaning, splitting and answer extraction."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "st", "no", "approx", "u.s"}

_PUNCT_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": " - ",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "-",
        "\u00b7": "-",
        "\u200b": "",
        "\ufeff": "",
    }
)


def normalize_text(text: str) -> str:
    """NFKC-normalise, straighten quotes and dashes, drop control characters."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text  # no control, format, surrogate, private-use or unassigned characters
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


# Two or more single letters, each followed by a dot (the last dot optional): "I.O.P.",
# "c.b.t", "p.t.s.d.". Not digits ("100.4") and not letters apart ("e o programa").
_DOTTED_LETTERS = re.compile(r"(?<!\w)(?:[^\W\d_]\.){2,}(?:[^\W\d_](?!\w))?")


def join_dotted_letters(text: str) -> str:
    """An acronym written with dots read as one word: "what is an I.O.P." -> "what is an IOP"."""
    if "." not in text:
        return text
    return _DOTTED_LETTERS.sub(lambda match: match.group(0).replace(".", ""), text)


_SPACES = re.compile(r"\s+")


def matching_form(text: str) -> str:
    """A message as the bot's patterns and the crisis classifier read it: NFKC, lowercase,
    straight quotes, no apostrophes, an acronym without its dots ("I.O.P." -> "iop"), single
    spaces."""
    text = join_dotted_letters(normalize_text(text)).lower().replace("'", "").replace("`", "")
    return _SPACES.sub(" ", text).strip()


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs into one space and trim."""
    return re.sub(r"[ \t]+", " ", text).strip()


@lru_cache(maxsize=1)
def _sentence_tokenizer() -> PunktSentenceTokenizer:
    # Imported here: NLTK's package init costs about a second, and only building needs it.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences (no downloaded NLTK data needed)."""
    sentences: list[str] = []
    for line in text.split("\n"):
        line = collapse_spaces(line)
        if line:
            sentences.extend(s.strip() for s in _sentence_tokenizer().tokenize(line) if s.strip())
    return sentences


def word_count(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


def slugify(text: str, max_length: int = 60) -> str:
    """Lowercase ASCII slug for stable identifiers."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "section"
