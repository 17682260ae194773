"""The text analyzer behind the TF-IDF index: tokenizing, Snowball stemming, synonyms, n-grams."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from knowledge.data_files import need, read_lines, read_toml, reject_unknown, shown, tables
from knowledge.errors import DataFileError
from knowledge.text import normalize_text

# A plain `re` pattern: NLTK's RegexpTokenizer now runs its patterns through a timeout guard
# that costs more than the search itself on every message.
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|24/7")
MAX_STEMS = 100_000  # remembered stems; the table starts again beyond this
# Words of one message stemmed when the table has not met them (the Snowball stemmer takes tens
# of microseconds a word); further new words are used as typed. This bounds the cost of a
# message of made-up words; a visitor's message rarely has more than a few new words.
MAX_NEW_STEMS = 12
_CLITICS = ("'s", "'ll", "'re", "'ve", "'d", "'m")


def _negative(token: str) -> str:
    """A negative contraction as visitors often type it: "don't" -> "dont"."""
    return token[:-3] + "nt" if token.endswith("n't") else token


def load_stopwords(path: Path) -> frozenset[str]:
    """Stopwords from a text file: whitespace-separated words, `#` comments."""
    words: set[str] = set()
    for line in read_lines(path):
        words.update(_negative(w) for w in line.split("#", 1)[0].split())
    return frozenset(words)


def load_synonyms(path: Path) -> dict[str, list[str]]:
    """Synonym groups from TOML: canonical term -> variants."""
    data = read_toml(path)
    where = shown(path)
    reject_unknown(data, {"group"}, where)
    groups = {}
    for i, group in enumerate(tables(data, "group", where), 1):
        canonical = need(group, "canonical", str, f"{where}: [[group]] {i}")
        if canonical in groups:
            raise DataFileError(
                f"{where}: [[group]] {i}: canonical {canonical!r} names an earlier group too, "
                "which it would replace; merge the two groups' variants into one"
            )
        groups[canonical] = need(group, "variants", list, f"{where}: [[group]] {canonical!r}")
    return groups


def check_synonyms(analyzer: Analyzer, path: Path) -> None:
    """Refuse variants of two groups that read alike once stemmed ("qualified", "qualify"):
    a message holding one could only ever get the later group's term, so the other listing
    would silently do nothing."""
    clash = next(iter(analyzer.variant_clashes()), None)
    if clash is not None:
        stems, (first, first_group), (second, second_group) = clash
        raise DataFileError(
            f"{shown(path)}: {first!r} (group {first_group!r}) and {second!r} (group "
            f"{second_group!r}) read alike once stemmed ({' '.join(stems)!r}): a message saying "
            f"either reads as {second_group!r}, the later group, and the listing in "
            f"{first_group!r} does nothing; keep the phrase in one group"
        )


class Analyzer:
    """Callable turning text into index terms (stemmed unigrams and bigrams).

    Stored inside the index artifact, so questions are analysed exactly as the
    articles were when the index was built.
    """

    def __init__(
        self,
        stopwords: frozenset[str] = frozenset(),
        synonyms: dict[str, list[str]] | None = None,
        ngram_range: tuple[int, int] = (1, 1),
        stems: dict[str, str] | None = None,
    ) -> None:
        self.stopwords = stopwords
        self.synonyms = synonyms or {}
        self.ngram_range = ngram_range
        self._stemmer: Any = None  # the Snowball stemmer, imported on the first unknown word
        self._stems: dict[str, str] = dict(stems or {})
        # Stems of words met only in messages (`max_new_stems`): not saved with the index, and
        # never counted as met, so how a message is read depends on the message alone.
        self._message_stems: dict[str, str] = {}
        self._phrases = self._compile_phrases()
        # The lengths of the phrases each stem begins, longest first.
        sizes: dict[str, set[int]] = {}
        for key in self._phrases:
            sizes.setdefault(key[0], set()).add(len(key))
        self._phrase_sizes = {start: sorted(found, reverse=True) for start, found in sizes.items()}

    def __getstate__(self) -> dict:
        # The stems of every word seen while building travel with the index, so answering
        # rarely needs the stemmer at all.
        return {
            "stopwords": self.stopwords,
            "synonyms": self.synonyms,
            "ngram_range": self.ngram_range,
            "stems": dict(self._stems),
        }

    def learn_stems(self, words: Iterable[str]) -> None:
        """Stem these words now, so that their stems are saved with the index."""
        for text in words:
            for token in self._words(text):
                self._stem(token)

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def stem(self, token: str) -> str:
        """The stem of one lowercase word."""
        return self._stem(token)

    def load_stemmer(self) -> None:
        """Import the stemmer now rather than on the first unknown word, so that no request
        pays for the import.

        The Snowball project's own English stemmer (Porter2, the algorithm NLTK ports too): it
        loads in milliseconds and a few megabytes, where importing it from NLTK runs NLTK's
        package init (scipy.stats and more: a second and about 90 MB per process)."""
        if self._stemmer is None:
            import snowballstemmer

            self._stemmer = snowballstemmer.stemmer("english")

    def _stem(self, token: str) -> str:
        return self._stem_in(self._stems, token)

    def _message_stem(self, token: str) -> str:
        """The stem of a word met in a message, remembered apart from the build's table."""
        return self._stem_in(self._message_stems, token)

    def _stem_in(self, table: dict[str, str], token: str) -> str:
        stem = table.get(token)
        if stem is None:
            if len(table) > MAX_STEMS:
                table.clear()
            self.load_stemmer()
            stem = table[token] = self._stemmer.stemWord(token)
        return stem

    def _compile_phrases(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for key, target, _, _ in self._variant_keys():
            phrases[key] = target
        return phrases

    def _variant_keys(self) -> Iterable[tuple[tuple[str, ...], tuple[str, ...], str, str]]:
        """Each variant's stems, its group's canonical stems, the variant and the canonical."""
        for canonical, variants in self.synonyms.items():
            target = tuple(self._stem(t) for t in self._words(canonical))
            for variant in variants:
                key = tuple(self._stem(t) for t in self._words(variant))
                if key and key != target:
                    yield key, target, variant, canonical

    def variant_clashes(self) -> list[tuple[tuple[str, ...], tuple[str, str], tuple[str, str]]]:
        """Variants of different groups that read alike once stemmed: the stems, then each
        (variant, group) pair, the first listed first."""
        first: dict[tuple[str, ...], tuple[str, str]] = {}
        clashes = []
        for key, _, variant, canonical in self._variant_keys():
            earlier = first.setdefault(key, (variant, canonical))
            if earlier[1] != canonical:
                clashes.append((key, earlier, (variant, canonical)))
        return clashes

    @staticmethod
    def _words(text: str) -> list[str]:
        tokens = _TOKEN_RE.findall(normalize_text(text).lower())
        words = []
        for token in tokens:
            if "'" not in token:  # no clitic, no negative contraction: most words
                words.append(token)
                continue
            for clitic in _CLITICS:
                if token.endswith(clitic) and token not in ("i'm", "i'd", "i've", "i'll"):
                    token = token[: -len(clitic)]
                    break
            words.append(_negative(token))
        return words

    def terms(self, text: str, max_new_stems: int | None = None) -> list[str]:
        """Content terms: stemmed, synonyms mapped to their canonical term, stopwords dropped.
        With `max_new_stems` (a message), words beyond that many the stem table of the build
        has not met stay as typed."""
        words = self._words(text)
        known = self._stems.get
        if max_new_stems is None:
            stems = [known(w) or self._stem(w) for w in words]
        else:
            stems = []
            for word in words:
                stem = known(word)
                if stem is None:
                    max_new_stems -= 1
                    stem = self._message_stem(word) if max_new_stems >= 0 else word
                stems.append(stem)
        terms: list[str] = []
        phrase_sizes = self._phrase_sizes
        i, count = 0, len(words)
        while i < count:
            target = None
            for size in phrase_sizes.get(stems[i], ()):  # the phrases this stem can begin
                if size <= count - i:
                    target = self._phrases.get(tuple(stems[i : i + size]))
                    if target:
                        break
            if target:
                terms.extend(target)
                i += size
                continue
            if words[i] not in self.stopwords and len(words[i]) > 1:
                terms.append(stems[i])
            i += 1
        return terms

    def __call__(self, text: str, max_new_stems: int | None = None) -> list[str]:
        terms = self.terms(text, max_new_stems)
        low, high = self.ngram_range
        grams: list[str] = []
        for n in range(low, high + 1):
            if n == 1:
                grams += terms
            else:
                grams.extend(" ".join(terms[i : i + n]) for i in range(len(terms) - n + 1))
        return grams
