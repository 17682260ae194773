"""The learned text classifier: NumPy application equals scikit-learn's, calibration is sane."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.classifier import (
    NEGATED,
    FeatureBlock,
    _calibrate,
    char_grams,
    fit_text_classifier,
    spanning_char_grams,
    word_grams,
)

TEXTS = [
    "how long does the program last",
    "how many weeks is it",
    "lenght of iop",
    "how lnog does it take",
    "what does it cost",
    "is it expensive",
    "price of treatment",
    "how much do i pay",
    "is there one for teens",
    "programs for teenagers",
    "my son is 15, can he go",
    "adolescent iop",
]
LABELS = ["duration"] * 4 + ["cost"] * 4 + ["teens"] * 4


def test_grams_follow_word_boundaries():
    assert word_grams("How long, really?", 1, 2) == [
        "how",
        "long",
        "really",
        "how long",
        "long really",
    ]
    assert char_grams("ab", 2, 3) == [" a", "ab", "b ", " ab", "ab "]


def test_spanning_grams_are_those_across_a_space():
    assert spanning_char_grams("Kill  MY", 3, 4) == ["l m", "ll m", "l my"]
    assert spanning_char_grams("a b c", 3, 5) == [
        *("a b", "b c"),
        *(" a b", "a b ", " b c", "b c "),
        *(" a b ", "a b c", " b c "),
    ]
    text = "i will kill myself tonight"
    spanning = spanning_char_grams(text, 3, 5)
    assert spanning and all(" " in g[1:-1] for g in spanning)
    assert not set(spanning) & set(char_grams(text, 1, 5))  # the two never share a feature
    assert spanning_char_grams("alone", 3, 5) == []


_SPAN_TEXTS = [
    "i will kill myself tonight",
    "a b c",
    "me  a  b",
    "so tired of it all",
    "x",
    "",
]
_SPAN_BLOCK = FeatureBlock(
    "char",
    2,
    5,
    # Every other n-gram known, so the test also sees unknown ones dropped.
    {
        g: i
        for i, g in enumerate(
            sorted({g for t in _SPAN_TEXTS for g in spanning_char_grams(t, 3, 5)})[::2]
        )
    },
    np.ones(1),
    spans=(3, 5),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "me", "kill", "it", "x", " ", "  "]), max_size=12))
def test_spanning_columns_match_the_grams(parts):
    # The block works them out per space and the letters around it, cached across messages.
    text = "".join(parts)
    vocabulary = _SPAN_BLOCK.vocabulary
    expected = sorted(vocabulary[g] + 3 for g in spanning_char_grams(text, 3, 5) if g in vocabulary)
    assert sorted(_SPAN_BLOCK._spanning_columns(text, 3)) == expected


# Every other in-word n-gram of the same texts known, of lengths 1 to 4.
_WORD_BLOCK = FeatureBlock(
    "char",
    1,
    4,
    {
        g: i
        for i, g in enumerate(sorted({g for t in _SPAN_TEXTS for g in char_grams(t, 1, 4)})[::2])
    },
    np.ones(1),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b", "me", "kill", "it", "x", " ", "  ", "TONIGHT"]), max_size=12
    )
)
def test_in_word_columns_match_the_grams(parts):
    # Cut and looked up per word, cached across messages; a repeated word is counted each time.
    text = "".join(parts)
    vocabulary = _WORD_BLOCK.vocabulary
    expected = sorted(vocabulary[g] + 3 for g in char_grams(text, 1, 4) if g in vocabulary)
    assert sorted(_WORD_BLOCK._columns(text, 3)) == expected


NEGATIONS = frozenset({"not", "never", "pa"})


def negated_words(text: str, negations: frozenset[str]) -> list[str]:
    """The negation-marked features `word_grams` gives a text."""
    return [g for g in word_grams(text, 1, 1, negations) if g.startswith(NEGATED)]


def test_the_words_after_a_negation_are_marked_up_to_a_stop():
    assert negated_words("im not going to kill myself", NEGATIONS) == ["¬going", "¬to", "¬kill"]
    assert negated_words("not me. kill", NEGATIONS) == ["¬me"]
    assert negated_words("never, ever", NEGATIONS) == []
    assert negated_words("m pa vle viv", NEGATIONS) == ["¬vle", "¬viv"]
    assert negated_words("i want to go", NEGATIONS) == []


def test_marked_words_come_after_the_plain_grams_and_only_with_single_words():
    plain = word_grams("i will not hurt anyone", 1, 2)
    assert word_grams("i will not hurt anyone", 1, 2, NEGATIONS) == [*plain, "¬hurt", "¬anyone"]
    assert word_grams("i will not hurt anyone", 2, 2, NEGATIONS) == word_grams(
        "i will not hurt anyone", 2, 2
    )


def test_a_model_fitted_with_negations_reads_them_when_applied():
    texts = ["i will hurt him", "i am going to hurt someone", "i will hurt them tonight"] * 2
    texts += ["i will not hurt him", "i am not going to hurt someone", "never hurt them"] * 2
    labels = ["danger"] * 6 + ["safe"] * 6
    marked = fit_text_classifier(texts, labels, folds=2, negations=NEGATIONS).model
    assert marked.blocks[0].negations == NEGATIONS and not marked.blocks[1].negations
    assert any(g.startswith("¬") for g in marked.blocks[0].vocabulary)
    plain = fit_text_classifier(texts, labels, folds=2).model
    denial = "i am not going to hurt him"
    safe = marked.classes.index("safe")
    assert marked.predict_proba(denial)[safe] > plain.predict_proba(denial)[safe]


@pytest.mark.parametrize("labels", [LABELS, ["a" if x == "cost" else "b" for x in LABELS]])
def test_numpy_application_matches_sklearn_scores(labels):
    fit = fit_text_classifier(TEXTS, labels, folds=3)
    model = fit.model
    for text in ["how lnog is iop", "cost for teens?", "zzz"]:
        proba = model.predict_proba(text)
        assert proba.shape == (len(model.classes),)
        assert proba.sum() == pytest.approx(1.0)
    assert fit.oof_proba.shape == (len(TEXTS), len(model.classes))


def test_learns_typo_tolerant_classes():
    model = fit_text_classifier(TEXTS, LABELS, folds=3).model
    assert model.predict("how lnog is the progam")[0] == "duration"
    assert model.predict("teenegers program")[0] == "teens"
    assert model.predict("how much does it cost me")[0] == "cost"


def test_rejects_a_single_class():
    with pytest.raises(ValueError, match="two classes"):
        fit_text_classifier(["a", "b"], ["x", "x"])


@pytest.mark.parametrize("spans", [None, (3, 5)])
def test_decision_equals_sklearn_pipeline(spans):
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    model = fit_text_classifier(TEXTS, LABELS, folds=3, c=10.0, char_spans=spans).model

    def characters(text: str) -> list[str]:
        grams = char_grams(text, 2, 5)
        return grams + spanning_char_grams(text, *spans) if spans else grams

    vecs = [
        TfidfVectorizer(analyzer=lambda t: word_grams(t, 1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer=characters, sublinear_tf=True),
    ]
    matrix = sparse.hstack([v.fit_transform(TEXTS) for v in vecs]).tocsr()
    y = np.array([sorted(set(LABELS)).index(label) for label in LABELS])
    reference = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced").fit(matrix, y)
    text = "how long for teens"
    expected = reference.decision_function(
        sparse.hstack([v.transform([text]) for v in vecs]).tocsr()
    )[0]
    # The weights are kept in single precision.
    assert np.allclose(model.decision(text), expected, atol=1e-5)


@pytest.mark.parametrize("model", ["logistic", "svm"])
def test_cross_validates_with_a_class_of_one_example(model):
    # A new passage with only its own question: some training folds never see it.
    texts, labels = [*TEXTS, "where do i park"], [*LABELS, "parking"]
    fit = fit_text_classifier(texts, labels, folds=3, linear_model=model)
    assert fit.oof_proba.shape == (len(texts), 4)
    assert not np.isnan(fit.oof_proba).any()
    assert fit.oof_proba[-1].argmax() != fit.model.classes.index("parking")  # never seen in fold
    assert fit.model.predict("where can i park")[0] == "parking"  # the final model learned it


@pytest.mark.parametrize("text", ["how long, really?", "one", "", "a b c d e"])
def test_word_grams_join_each_run_of_words(text):
    words = text.lower().replace(",", "").replace("?", "").split()
    for high in (1, 2, 3):
        expected = [" ".join(words[i : i + n]) for n in range(1, high + 1)
                    for i in range(len(words) - n + 1)]  # fmt: skip
        assert word_grams(text, 1, high) == expected


def test_probabilities_of_many_classes_are_the_calibrated_scores_exactly():
    model = fit_text_classifier(TEXTS, LABELS, folds=3).model
    for text in [*TEXTS, "how lnog is the progam for teens", "zzz"]:
        scores = model.decision(text)
        expected = _calibrate(scores[None, :], model.calibration, len(model.classes))[0]
        assert model.predict_proba(text).tolist() == expected.tolist()


def test_a_feature_block_saves_its_vocabulary_as_one_string_and_restores_it() -> None:
    import pickle

    block = FeatureBlock("char", 2, 3, {" a": 0, "ab": 1, "b ": 2}, np.ones(3))
    state = block.__getstate__()
    assert "vocabulary" not in state and isinstance(state["vocabulary_grams"], str)
    restored = pickle.loads(pickle.dumps(block))
    assert restored.vocabulary == block.vocabulary and restored._columns("ab") == [0, 1, 2]
    empty = pickle.loads(pickle.dumps(FeatureBlock("word", 1, 1, {}, np.ones(0))))
    assert empty.vocabulary == {}
    # Columns out of order are saved as they are.
    shuffled = FeatureBlock("word", 1, 1, {"a": 1, "b": 0}, np.ones(2))
    assert pickle.loads(pickle.dumps(shuffled)).vocabulary == {"a": 1, "b": 0}


def test_sample_weights_change_the_fit_and_unit_weights_do_not():
    texts, labels = [*TEXTS, "teens cost"], [*LABELS, "teens"]
    plain = fit_text_classifier(texts, labels, folds=1, calibration=(1.0, 0.0)).model
    unit = fit_text_classifier(
        texts, labels, folds=1, calibration=(1.0, 0.0), sample_weight=[1.0] * len(texts)
    ).model
    light = fit_text_classifier(
        texts, labels, folds=1, calibration=(1.0, 0.0), sample_weight=[1.0] * 12 + [0.1]
    ).model
    text = "teens cost"
    assert np.allclose(plain.decision(text), unit.decision(text))
    teens = plain.classes.index("teens")
    assert light.predict_proba(text)[teens] < plain.predict_proba(text)[teens]
    with pytest.raises(ValueError, match="one weight per text"):
        fit_text_classifier(texts, labels, sample_weight=[1.0])


def test_cross_validation_weighs_each_training_fold_by_its_own_rows():
    weights = [1.0 + i % 3 for i in range(len(TEXTS))]
    fit = fit_text_classifier(TEXTS, LABELS, folds=3, sample_weight=weights)
    assert not np.isnan(fit.oof_proba).any()
    assert fit.model.predict("how lnog is the progam")[0] == "duration"


def test_loaded_vocabularies_share_their_column_numbers() -> None:
    import pickle

    first = FeatureBlock("char", 2, 3, {f"g{i}": i for i in range(300)}, np.ones(300))
    second = FeatureBlock("word", 1, 1, {f"w{i}": i for i in range(400)}, np.ones(400))
    a, b = pickle.loads(pickle.dumps(first)), pickle.loads(pickle.dumps(second))
    assert a.vocabulary == first.vocabulary and b.vocabulary == second.vocabulary
    assert a.vocabulary["g299"] is b.vocabulary["w299"]  # one int object, not one each


def test_a_loaded_classifier_keeps_one_copy_of_its_idf_weights() -> None:
    import pickle

    model = fit_text_classifier(TEXTS, LABELS, char_range=(2, 3), folds=2).model
    loaded = pickle.loads(pickle.dumps(model))
    joined = loaded.__dict__["_joined_idf"]  # joined at load, before a server forks
    assert all(np.shares_memory(block.idf, joined) for block in loaded.blocks)
    for text in ["how long for teens", "cost of the program", "zzz"]:
        assert loaded.decision(text).tolist() == model.decision(text).tolist()


def _char_blocks(index) -> list[FeatureBlock]:
    from knowledge.crisis_model import MODEL_NAME
    from knowledge.matcher import MATCHER

    models = [index.models_[MODEL_NAME], index.models_[MATCHER]]
    return [block for model in models for block in model.blocks if block.kind == "char"]


def test_a_fitted_vocabulary_holds_every_shorter_gram_inside_its_in_word_grams(index) -> None:
    blocks = _char_blocks(index)
    assert blocks and all(block.substring_closed for block in blocks)
    for block in blocks:
        in_word = [g for g in block.vocabulary if " " not in g[1:-1]][::50]
        for gram in in_word:
            for n in range(block.low, len(gram)):
                for i in range(len(gram) - n + 1):
                    assert gram[i : i + n] in block.vocabulary, (gram, gram[i : i + n])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abdeiklmnorstuyz'\u00e9\u1ed1\u6b7b", min_size=1, max_size=14))
def test_a_closed_vocabulary_finds_a_words_columns_as_every_lookup_does(index, word) -> None:
    for block in _char_blocks(index):
        padded = f" {word} "
        every = [
            c + 7
            for n in range(block.low, min(block.high, len(padded)) + 1)
            for i in range(len(padded) - n + 1)
            if (c := block.vocabulary.get(padded[i : i + n])) is not None
        ]
        assert block._closed_word_columns(padded, 7) == every


@pytest.mark.parametrize("labels", [LABELS, ["a" if x == "cost" else "b" for x in LABELS]])
def test_contributions_add_up_to_each_classs_score(labels):
    model = fit_text_classifier(TEXTS, labels, folds=3).model
    for text in ["how lnog is iop for teens", "what does it cost", "zzz"]:
        scores = model.decision(text)
        for position, label in enumerate(model.classes):
            added = sum(value for _, value in model.contributions(text, label))
            if len(model.classes) == 2:  # the one score is the second class's
                sign = 1.0 if position == 1 else -1.0
                expected = sign * (scores[0] - model.intercept[0])
            else:
                expected = scores[position] - model.intercept[position]
            assert added == pytest.approx(expected, abs=1e-5)


def test_contributions_name_the_texts_grams_largest_first():
    model = fit_text_classifier(TEXTS, LABELS, folds=3).model
    found = model.contributions("how long does the program last", "duration")
    values = [value for _, value in found]
    assert values == sorted(values, reverse=True) and values[0] > 0
    words = {name for name, _ in found if name.startswith("word ")}
    assert 'word "how long"' in words and 'word "program"' in words
    assert all(name.startswith(("word ", "char ")) for name, _ in found)
    assert model.contributions("zzz qqq", "duration") == []
    with pytest.raises(IndexError):
        model.feature_name(sum(len(block.vocabulary) for block in model.blocks))
