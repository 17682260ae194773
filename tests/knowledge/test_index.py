"""The TF-IDF index: analysis, search, persistence and its failure modes."""

import os
import shutil
import time
from pathlib import Path

import joblib
import pytest

from knowledge import build as knowledge_build
from knowledge.build import DATA_FILES, KnowledgeConfig, build_index, fingerprint, load_index
from knowledge.errors import (
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    IndexVersionError,
    KnowledgeError,
)
from knowledge.index import FORMAT_NAME, FORMAT_VERSION, KnowledgeIndex


def test_analyzer_stems_maps_synonyms_and_drops_stopwords(index: KnowledgeIndex) -> None:
    terms = index.analyzer.terms
    assert terms("Is there one for teens?") == terms("is there one for adolescents")
    assert terms("rehab") == terms("treatment")
    assert "the" not in index.analyzer("the programs")
    assert terms("Programs") == terms("program")
    assert terms("I don't drive") == terms("i dont drive") == terms("i can't drive")
    # A contraction typed without its apostrophe is no word the articles lack.
    assert terms("how's group different") == terms("hows group different")
    assert terms("thats what youre in") == terms("that's what you're in") == []
    # A parent's kids are not the adolescents of the teen programs.
    assert terms("kids") != terms("teens")
    assert terms("my son") != terms("my teen")
    # A phrase synonym does not hide a subject word of the articles: "avoid relapse" is read
    # as relapse (the articles say "emphasize relapse prevention", "and avoid relapse").
    assert set(terms("relapse")) <= set(terms("is there a focus on avoiding relapse?"))


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("how long does IOP last?", ["6-12 weeks", "nine hours per week", "90 days"]),
        ("are there programs for veterans?", ["military veterans"]),
        ("what about stigma", ["Stigma surrounding mental health"]),
        ("what is psychoeducation", ["Psychoeducational sessions"]),
    ],
)
def test_search_ranks_a_passage_that_answers_first(
    index: KnowledgeIndex, question: str, facts: list[str]
) -> None:
    hits = index.search(question, limit=3)
    assert any(fact in hits[0].passage.answer for fact in facts)
    assert hits[0].score > hits[-1].score >= 0


def test_search_finds_nothing_for_unrelated_text(index: KnowledgeIndex) -> None:
    assert index.search("xylophone quantum zebra") == []


def test_round_trip_keeps_passages_and_results(index: KnowledgeIndex, tmp_path: Path) -> None:
    path = index.save(tmp_path / "index.joblib")
    loaded = KnowledgeIndex.load(path)
    assert loaded.passages == index.passages
    assert loaded.fingerprint == index.fingerprint
    question = "how long does IOP last?"
    assert [h.passage.id for h in loaded.search(question)] == [
        h.passage.id for h in index.search(question)
    ]


def test_build_metadata_is_recorded(index: KnowledgeIndex) -> None:
    info = index.describe()
    assert info["documents"] == 5
    assert info["passages"] == len(index.passages)
    assert info["vocabulary"] > 100
    assert info["built_at"] and len(info["fingerprint"]) == 64


def test_missing_index_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="train.py"):
        load_index(tmp_path / "absent.joblib")


@pytest.mark.parametrize("content", [b"", b"not a joblib file", b"\x80\x04garbage"])
def test_corrupt_index_names_the_fix(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "index.joblib"
    path.write_bytes(content)
    with pytest.raises(IndexCorruptError, match="train.py"):
        load_index(path)


def test_truncated_index_is_corrupt(index_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "index.joblib"
    path.write_bytes(index_path.read_bytes()[:500])
    with pytest.raises(KnowledgeError, match="train.py"):
        load_index(path)


def test_foreign_and_other_version_files_are_refused(tmp_path: Path, index: KnowledgeIndex) -> None:
    foreign = tmp_path / "foreign.joblib"
    joblib.dump({"something": "else"}, foreign)
    with pytest.raises(IndexVersionError, match="not an iop-faq index"):
        load_index(foreign)
    old = tmp_path / "old.joblib"
    joblib.dump({"format": FORMAT_NAME, "version": 0, "index": None}, old)
    with pytest.raises(IndexVersionError, match="format version 0"):
        load_index(old)


@pytest.mark.parametrize("held", [None, b"not a pickle", b"\x80\x05K\x01."])
def test_a_current_file_without_a_readable_index_object_is_corrupt(
    tmp_path: Path, held: object
) -> None:
    path = tmp_path / "index.joblib"
    joblib.dump({"format": FORMAT_NAME, "version": FORMAT_VERSION, "index": held}, path)
    with pytest.raises(IndexCorruptError, match="train.py"):
        load_index(path)


def test_answering_needs_neither_scikit_learn_nor_nltk_nor_scipy(index_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from bot.core import Bot\n"
        "from knowledge.build import load_index\n"
        f"bot = Bot(load_index({str(index_path)!r}))\n"
        "assert bot.reply('how long does iop last?').intent == 'answer'\n"
        "bot.reply('are the zorblingtons rebrandified')  # words no index has seen: stemmed now\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'nltk', 'scipy'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def sklearn_vectorizer(index: KnowledgeIndex):
    """scikit-learn's own vectorizer with the index's fitted vocabulary and IDF."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    fitted = index.vectorizer_
    vectorizer = TfidfVectorizer(
        analyzer=fitted.analyzer, sublinear_tf=True, norm="l2", vocabulary=fitted.vocabulary_
    )
    vectorizer.fit([p.answer for p in index.passages])
    vectorizer.idf_ = fitted.idf_
    return vectorizer


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> KnowledgeConfig:
    default = KnowledgeConfig.default()
    sources, data = tmp_path / "sources", tmp_path / "data"
    shutil.copytree(default.sources_dir, sources)
    shutil.copytree(default.data_dir, data)
    return KnowledgeConfig(sources_dir=sources, data_dir=data)


def test_stale_index_is_refused_after_sources_change(
    corpus_copy: KnowledgeConfig, tmp_path: Path
) -> None:
    path = build_index(corpus_copy).save(tmp_path / "index.joblib")
    assert load_index(path).passages
    (corpus_copy.sources_dir / "new-article.txt").write_text(
        "New Article\n\nAnother fact about IOP.\n"
    )
    with pytest.raises(IndexStaleError, match="out of date"):
        load_index(path)
    assert load_index(path, check_sources=False).passages


@pytest.mark.parametrize("name", DATA_FILES)
def test_fingerprint_covers_every_data_file(corpus_copy: KnowledgeConfig, name: str) -> None:
    before = fingerprint(corpus_copy)
    with open(corpus_copy.data_dir / name, "a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    assert fingerprint(corpus_copy) != before


def test_fingerprint_covers_the_indexing_code(
    corpus_copy: KnowledgeConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "code"
    shutil.copytree(Path(knowledge_build.__file__).parent, code)
    monkeypatch.setattr(knowledge_build, "__file__", str(code / "build.py"))
    before = fingerprint(corpus_copy)
    with open(code / "analyzer.py", "a", encoding="utf-8") as handle:
        handle.write("\n# a change to how words are analysed\n")
    assert fingerprint(corpus_copy) != before


def test_save_is_atomic_and_leaves_no_temporary_files(
    index: KnowledgeIndex, tmp_path: Path, monkeypatch
) -> None:
    path = index.save(tmp_path / "index.joblib")
    original = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        index.save(path)
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["index.joblib"]


def test_save_replaces_by_rename_so_readers_never_see_a_partial_file(
    index: KnowledgeIndex, tmp_path: Path
) -> None:
    path = index.save(tmp_path / "index.joblib")
    before = path.stat().st_ino
    index.save(path)
    assert path.stat().st_ino != before  # a new file was renamed over the old one
    assert KnowledgeIndex.load(path).passages == index.passages


@pytest.mark.parametrize(
    "text", ["how long does IOP last?", "teen teen programs and family therapy", "zebra", ""]
)
def test_query_weights_match_the_vectorizer(index: KnowledgeIndex, text: str) -> None:
    import numpy as np

    query = index.query(text)
    expected = sklearn_vectorizer(index).transform([text]).toarray()[0]
    actual = np.zeros_like(expected)
    actual[query.columns] = query.values
    assert np.allclose(actual, expected)


def test_match_scores_agree_with_sparse_products(index: KnowledgeIndex) -> None:
    import numpy as np

    text = "what skills do the workshops teach"
    vector = sklearn_vectorizer(index).transform([text])
    match = index.match(index.query(text))
    sentence_sims = (index.sentence_matrix_.to_sparse() @ vector.T).toarray()[:, 0]
    assert np.allclose(match.sentence_sims, sentence_sims)
    assert match.scores.shape == (len(index.passages),)
    assert match.scores.min() >= 0 and match.scores.max() <= 1


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("veterns programs", "veterans programs"),
        ("adolecent", "adolescent"),
        ("treatmnt", "treatment"),
    ],
)
def test_likely_typos_are_corrected_to_known_terms(
    index: KnowledgeIndex, typo: str, word: str
) -> None:
    assert index.speller_ is not None
    assert index.query(index.speller_.correct(typo)).terms == index.query(word).terms


@pytest.mark.parametrize("word", ["bruins", "chili", "ketamine", "normal", "hypnotherapy"])
def test_real_words_are_not_corrected(index: KnowledgeIndex, word: str) -> None:
    assert index.speller_ is not None
    assert index.speller_.correct(word) == word


def test_stored_matrices_equal_a_fresh_transform(index: KnowledgeIndex) -> None:
    import numpy as np

    answers = [p.answer for p in index.passages]
    fresh = sklearn_vectorizer(index).transform(answers).toarray()
    assert np.allclose(index.answer_matrix_.toarray(), fresh)


def test_dense_and_postings_paths_agree(index: KnowledgeIndex, monkeypatch) -> None:
    import numpy as np

    query = index.query("how long does iop last for teens and families")
    dense = index.match(query)
    monkeypatch.setitem(index.__dict__, "_dense", False)
    walked = index.match(query)
    assert np.allclose(dense.scores, walked.scores)
    assert np.allclose(dense.sentence_sims, walked.sentence_sims)


def test_process_caches_are_not_saved(index: KnowledgeIndex, tmp_path) -> None:
    index.match(index.query("veterans"))  # fills the dense copy
    assert index.speller_ is not None
    index.speller_.correct("veterns")  # and the table of corrections
    loaded = KnowledgeIndex.load(index.save(tmp_path / "index.joblib"))
    assert "_dense" not in loaded.__dict__
    assert loaded.speller_ is not None and loaded.speller_._near == {}


ZLIB_TRAILER = 8


def test_truncated_anywhere_is_a_one_line_corrupt_error(index_path: Path, tmp_path: Path) -> None:
    data = index_path.read_bytes()
    path = tmp_path / "index.joblib"
    # The last bytes are the compressed stream's checksum: without them every byte of the index
    # is still there, and it loads.
    whole = len(data) - ZLIB_TRAILER
    for offset in sorted({1, 8, 64, 100, 200, 333, 777, *range(0, whole, whole // 40)}):
        path.write_bytes(data[:offset])
        with pytest.raises(KnowledgeError, match="train.py") as caught:
            load_index(path)
        assert "\n" not in str(caught.value)


def test_save_keeps_the_mode_of_the_file_it_replaces(index: KnowledgeIndex, tmp_path: Path) -> None:
    path = index.save(tmp_path / "index.joblib")
    path.chmod(0o644)
    index.save(path)
    assert path.stat().st_mode & 0o777 == 0o644


def test_first_save_honours_the_umask(index: KnowledgeIndex, tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        path = index.save(tmp_path / "index.joblib")
    finally:
        os.umask(previous)
    assert path.stat().st_mode & 0o777 == 0o640


def test_save_removes_temporary_files_an_interrupted_save_left(
    index: KnowledgeIndex, tmp_path: Path
) -> None:
    stale = tmp_path / ".index.joblib.abc123.tmp"
    fresh = tmp_path / ".index.joblib.def456.tmp"  # a save that may still be running
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    hours_ago = time.time() - 7200
    os.utime(stale, (hours_ago, hours_ago))
    index.save(tmp_path / "index.joblib")
    assert not stale.exists() and fresh.exists()


def test_holds_tells_which_passages_use_a_term(index) -> None:
    term = index.analyzer("insurance")[0]
    holding = [p for p in range(len(index.passages)) if index.holds(p, term)]
    assert holding and len(holding) < len(index.passages)
    for position in range(len(index.passages)):
        answer_terms = set(index.analyzer(index.passages[position].answer))
        assert index.holds(position, term) == (term in answer_terms)
    assert not index.holds(0, "no-such-term")
