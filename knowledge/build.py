"""From a sources directory to a fitted index: the pipeline `train.py` runs."""

from __future__ import annotations

import hashlib
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from knowledge.analyzer import Analyzer, check_synonyms, load_stopwords, load_synonyms
from knowledge.crisis_model import (
    CRISIS_DIR,
    MODEL_NAME,
    NEGATIONS_FILE,
    example_files,
    fit_crisis_model,
)
from knowledge.data_files import load_with, shown
from knowledge.errors import TRAIN_HINT, DataFileError, IndexStaleError
from knowledge.index import FORMAT_VERSION, KnowledgeIndex
from knowledge.matcher import (
    MATCHER,
    OUT_OF_SCOPE,
    OUT_OF_SCOPE_FILE,
    PHRASINGS_FILE,
    TrainingSet,
    fit_matcher,
    load_out_of_scope,
    load_phrasings,
    passage_words,
)
from knowledge.matcher import training_set as matcher_training_set
from knowledge.passages import (
    CURATED_FILE,
    Curation,
    Passage,
    QuestionRules,
    apply_curation,
    build_passages,
    unmatched_curation,
)
from knowledge.paths import KnowledgeConfig
from knowledge.smalltalk_model import (
    SMALLTALK_FILE,
    SMALLTALK_MODEL,
    fit_smalltalk_model,
    load_smalltalk_examples,
    smalltalk_training_set,
)
from knowledge.sources import CleaningRules, Document, load_corpus, source_files
from knowledge.spelling import (
    Speller,
    SpellingRule,
    build_speller,
    load_misspellings,
    load_spelling_rules,
    misspelling_faults,
    words_of,
)

MISSPELLINGS_FILE = "misspellings.txt"
SPELLINGS_FILE = "spellings.toml"
RARE_WORDS_FILE = "rare_words.txt"
DATA_FILES = (
    "cleaning.toml",
    "questions.toml",
    CURATED_FILE,
    "synonyms.toml",
    "stopwords.txt",
    "common_words.txt",
    "english_words.txt",
    RARE_WORDS_FILE,
    MISSPELLINGS_FILE,
    SPELLINGS_FILE,
    OUT_OF_SCOPE_FILE,
    PHRASINGS_FILE,
    SMALLTALK_FILE,
)


# The modules whose code decides what an index holds: a change to any of them (say, how words
# are split) makes indexes built before it out of date, like a change to the data files.
INDEXING_CODE = (
    "analyzer.py",
    "build.py",
    "index.py",
    "passages.py",
    "sources.py",
    "text.py",
    "classifier.py",
    "crisis_model.py",
    "matcher.py",
    "smalltalk_model.py",
    "spelling.py",
)


def fingerprint(config: KnowledgeConfig) -> str:
    """SHA-256 over the source files, the data files, the indexing code and the format version."""
    digest = hashlib.sha256(f"format={FORMAT_VERSION}\n".encode())
    files = [(f"sources/{p.name}", p) for p in source_files(config.sources_dir)]
    files += [(f"data/{name}", config.data_dir / name) for name in DATA_FILES]
    crisis_dir = config.data_dir / CRISIS_DIR
    files += [(f"data/{CRISIS_DIR}/{p.name}", p) for p in example_files(crisis_dir)]
    files.append((f"data/{CRISIS_DIR}/{NEGATIONS_FILE}", crisis_dir / NEGATIONS_FILE))
    package = Path(__file__).parent
    files += [(f"code/{name}", package / name) for name in INDEXING_CODE]
    for label, path in files:
        digest.update(label.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def load_documents(config: KnowledgeConfig) -> list[Document]:
    """The cleaned articles."""
    return load_corpus(
        config.sources_dir, CleaningRules.from_file(config.data_dir / "cleaning.toml")
    )


def load_passages(config: KnowledgeConfig) -> list[Passage]:
    """The curated question-and-answer passages of the corpus."""
    return build_passages(
        load_documents(config),
        load_with(config.data_dir / "questions.toml", QuestionRules.from_file),
        load_with(config.data_dir / CURATED_FILE, Curation.from_file),
    )


def make_analyzer(config: KnowledgeConfig) -> Analyzer:
    """The analyzer configured by the data files."""
    synonyms = config.data_dir / "synonyms.toml"
    analyzer = Analyzer(
        stopwords=load_stopwords(config.data_dir / "stopwords.txt"),
        synonyms=load_synonyms(synonyms),
    )
    check_synonyms(analyzer, synonyms)
    return analyzer


def matcher_examples(config: KnowledgeConfig, passages: list[Passage]) -> TrainingSet:
    """The matcher's training phrasings for these passages (questions, alternatives, phrasings)
    and the questions out of their scope."""
    return matcher_training_set(
        passages,
        load_phrasings(config.data_dir / PHRASINGS_FILE),
        load_out_of_scope(config.data_dir / OUT_OF_SCOPE_FILE),
    )


def smalltalk_examples(
    config: KnowledgeConfig, questions: TrainingSet
) -> tuple[list[str], list[str]]:
    """The small-talk classifier's texts and kinds: `smalltalk.jsonl` and the visitors' short
    questions as "none"."""
    return smalltalk_training_set(
        load_smalltalk_examples(config.data_dir / SMALLTALK_FILE), questions
    )


def build_index(config: KnowledgeConfig) -> KnowledgeIndex:
    """Read, clean, split and vectorize the corpus into a new index."""
    started = time.perf_counter()
    # Fingerprint first: a source edited during the build then shows up as a stale index.
    source_fingerprint = fingerprint(config)
    documents = load_documents(config)
    uncurated = build_passages(
        documents, load_with(config.data_dir / "questions.toml", QuestionRules.from_file)
    )
    curation = load_with(config.data_dir / CURATED_FILE, Curation.from_file)
    index = KnowledgeIndex.build(
        apply_curation(uncurated, curation),
        make_analyzer(config),
        fingerprint=source_fingerprint,
        common_words=load_stopwords(config.data_dir / "common_words.txt"),
    )
    # The learned matcher: visitor phrasings -> passage (it needs two passages to tell apart).
    examples = matcher_examples(config, index.passages)
    if len(set(examples.labels)) >= 2:
        matcher = index.models_[MATCHER] = fit_matcher(examples)
        # The answerer maps the matcher's words to index terms: their stems travel with the
        # index, so loading it stems nothing.
        index.analyzer.learn_stems(passage_words(matcher))
    # Which sentences answer what visitors ask each passage, for messages that do not say.
    index.learn_sentence_priors(examples.by_label())
    index.speller_ = make_speller(config, index.passages, examples)
    # The learned crisis layer: a quick fit (no cross-validation; train.py asks for that).
    index.models_[MODEL_NAME] = fit_crisis_model(
        config.data_dir / CRISIS_DIR, ordinary=ordinary_questions(index.passages, examples)
    ).model
    # The learned small-talk layer, for the short messages the patterns miss.
    smalltalk = fit_smalltalk_model(*smalltalk_examples(config, examples))
    if smalltalk is not None:
        index.models_[SMALLTALK_MODEL] = smalltalk
    index.metadata.update(
        {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": round(time.perf_counter() - started, 3),
            "documents": len(documents),
            "files": [d.file for d in documents],
            "sources_dir": str(config.sources_dir.resolve()),
            "data_dir": str(config.data_dir.resolve()),
            "python": platform.python_version(),
            # curated.toml entries naming passages the sources no longer produce
            "stale_curation": unmatched_curation(uncurated, curation),
        }
    )
    return index


def make_speller(
    config: KnowledgeConfig, passages: list[Passage], examples: TrainingSet
) -> Speller:
    """The speller of the knowledge: the words of the passages and of the visitor phrasings
    that ask for them, preferred as corrections by how often they occur; English words,
    stopwords and the words of questions out of scope known as well; the misspellings of
    `misspellings.txt` read as the word meant (a fault there is a `DataFileError`), and so the
    other spellings `spellings.toml` makes of the knowledge's words ("behaviour"); the rare
    words of `rare_words.txt` never searched two edits deep. Not the synonyms: they list
    misspellings too ("differance")."""
    pairs = list(zip(examples.texts, examples.labels, strict=True))
    used = [text for p in passages for text in (p.question, p.answer, *p.alternatives, *p.related)]
    used += [text for text, label in pairs if label != OUT_OF_SCOPE]
    known = [text for text, label in pairs if label == OUT_OF_SCOPE]
    english = english_words(config)
    fixed = checked_misspellings(config, english)
    rare = rare_words(config)
    rules = spelling_rules(config)
    speller = build_speller(used, known + english).with_misspellings(fixed)
    return speller.with_other_spellings(rules).with_rare_words(rare)


def spelling_rules(config: KnowledgeConfig) -> tuple[SpellingRule, ...]:
    """The rules of `spellings.toml`: how words of the knowledge are spelled otherwise."""
    return load_with(config.data_dir / SPELLINGS_FILE, load_spelling_rules)


def checked_misspellings(config: KnowledgeConfig, english: list[str]) -> dict[str, str]:
    """`misspellings.txt` (misspelt word -> the word meant), refused with a `DataFileError` when
    a misspelt word is one of the `english` words or a word meant is itself listed."""
    path = config.data_dir / MISSPELLINGS_FILE
    fixed = load_with(path, load_misspellings)
    faults = misspelling_faults(fixed, {w for text in english for w in words_of(text)})
    if faults:
        raise DataFileError(faults[0], shown(path))
    return fixed


def rare_words(config: KnowledgeConfig) -> frozenset[str]:
    """The rare real words of `rare_words.txt`: never searched two edits deep as typos."""
    return load_stopwords(config.data_dir / RARE_WORDS_FILE)


def english_words(config: KnowledgeConfig) -> list[str]:
    """The English words of the data files (`common_words.txt`, `english_words.txt`,
    `stopwords.txt`): real words the speller never corrects."""
    words: list[str] = []
    for name in ("common_words.txt", "english_words.txt", "stopwords.txt"):
        words += load_stopwords(config.data_dir / name)
    return words


def ordinary_questions(passages: list[Passage], phrasings: TrainingSet | None = None) -> list[str]:
    """The questions the passages answer, in every phrasing, and the visitor phrasings the
    matcher learns from: messages that are never an emergency, which teach the crisis
    classifier what ordinary visitors say in their own words ("life after iop", "i served in
    the army"), so that words like "life" or "end" are not read as danger on their own."""
    asked = {q for p in passages for q in (p.question, *p.alternatives, *p.related)}
    if phrasings is not None:
        pairs = zip(phrasings.texts, phrasings.labels, strict=True)
        asked.update(text for text, label in pairs if label != OUT_OF_SCOPE)
    return sorted(asked)


def load_index(path: Path, check_sources: bool = True) -> KnowledgeIndex:
    """Load an index; when its sources are still on disk, refuse it if they changed since."""
    index = KnowledgeIndex.load(path)
    if check_sources:
        sources = Path(index.metadata.get("sources_dir", ""))
        data = Path(index.metadata.get("data_dir", ""))
        if sources.is_dir() and data.is_dir():
            current = fingerprint(KnowledgeConfig(sources_dir=sources, data_dir=data))
            if current != index.fingerprint:
                raise IndexStaleError(
                    f"index {path} is out of date: {sources}, its data files or the indexing "
                    f"code changed since it was built; {TRAIN_HINT}"
                )
    return index
