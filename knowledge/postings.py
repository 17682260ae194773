"""A sparse matrix in compressed-column form, as plain NumPy arrays.

The index's TF-IDF matrices are built with scikit-learn and SciPy, then kept in this form:
answering reads a few columns at a time and never needs SciPy (whose import alone costs a
few tenths of a second in every new process).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Postings:
    """Rows by columns, stored by column: for column j, the rows `indices[indptr[j]:indptr[j+1]]`
    hold the values `data[indptr[j]:indptr[j+1]]` (SciPy's CSC layout)."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    def __post_init__(self) -> None:
        rows, columns = self.shape
        if len(self.indptr) != columns + 1 or len(self.data) != len(self.indices):
            raise ValueError(f"inconsistent postings for shape {self.shape}")
        if len(self.indices) and (self.indices.min() < 0 or self.indices.max() >= rows):
            raise ValueError(f"postings name rows outside 0..{rows - 1}")

    @classmethod
    def from_sparse(cls, matrix: Any) -> Postings:
        """From any SciPy sparse matrix."""
        csc = matrix.tocsc()
        csc.sort_indices()
        return cls(
            data=np.asarray(csc.data, dtype=np.float64),
            indices=np.asarray(csc.indices, dtype=np.int32),
            indptr=np.asarray(csc.indptr, dtype=np.int64),
            shape=(int(csc.shape[0]), int(csc.shape[1])),
        )

    def to_sparse(self) -> Any:
        """The same matrix as a SciPy `csc_matrix` (imports SciPy)."""
        from scipy import sparse

        return sparse.csc_matrix((self.data, self.indices, self.indptr), shape=self.shape)

    def toarray(self) -> np.ndarray:
        """The dense matrix."""
        dense = np.zeros(self.shape)
        columns = np.repeat(np.arange(self.shape[1]), np.diff(self.indptr))
        np.add.at(dense, (self.indices, columns), self.data)
        return dense

    def column_counts(self) -> np.ndarray:
        """How many stored values each column has (for a TF-IDF matrix: how many rows hold
        each term)."""
        return np.diff(self.indptr)

    def dot_columns(self, columns: np.ndarray, values: np.ndarray) -> np.ndarray:
        """The matrix times a vector that is `values` at `columns` and zero elsewhere, walking
        only those columns."""
        out = np.zeros(self.shape[0])
        indptr, indices, data = self.indptr, self.indices, self.data
        for column, value in zip(columns.tolist(), values.tolist(), strict=True):
            start, stop = indptr[column], indptr[column + 1]
            out[indices[start:stop]] += data[start:stop] * value
        return out
