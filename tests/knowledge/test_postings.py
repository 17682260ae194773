import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from knowledge.postings import Postings


@st.composite
def matrices(draw):
    rows = draw(st.integers(1, 8))
    columns = draw(st.integers(1, 8))
    cells = draw(
        st.lists(
            st.tuples(
                st.integers(0, rows - 1),
                st.integers(0, columns - 1),
                st.floats(-5, 5, allow_nan=False, width=32),
            ),
            max_size=20,
        )
    )
    dense = np.zeros((rows, columns))
    for row, column, value in cells:
        dense[row, column] = value
    return dense


@settings(max_examples=60, deadline=None)
@given(matrices(), st.data())
def test_postings_hold_the_matrix_and_multiply_as_scipy_does(dense, data) -> None:
    postings = Postings.from_sparse(sparse.csr_matrix(dense))
    assert postings.shape == dense.shape
    assert np.array_equal(postings.toarray(), dense)
    assert np.array_equal(postings.to_sparse().toarray(), dense)
    assert np.array_equal(postings.column_counts(), (dense != 0).sum(axis=0))
    columns = np.array(
        data.draw(st.lists(st.integers(0, dense.shape[1] - 1), unique=True)), dtype=np.int64
    )
    values = np.array(
        data.draw(st.lists(st.floats(-3, 3), min_size=len(columns), max_size=len(columns)))
    )
    vector = np.zeros(dense.shape[1])
    vector[columns] = values
    assert np.allclose(postings.dot_columns(columns, values), dense @ vector)


def test_inconsistent_postings_are_refused() -> None:
    with pytest.raises(ValueError, match="inconsistent"):
        Postings(np.ones(2), np.zeros(1, dtype=np.int32), np.array([0, 2]), (1, 1))
    with pytest.raises(ValueError, match="outside"):
        Postings(np.ones(1), np.array([3], dtype=np.int32), np.array([0, 1]), (2, 1))
