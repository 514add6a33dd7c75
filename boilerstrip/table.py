"""A page's feature table: one array per feature, each in the narrowest type that holds it exactly.

Most of a block's features are flags (0 or 1) or small whole numbers (a heading level, a
depth); stored as float64, a column of them costs 8 bytes a block where one does. On
HTML pages the features were most of the memory `annotate` kept: 92 float64 columns,
736 bytes a block, 6.4x the input on `bench.scale`'s HTML page, whose blocks average 115
characters. Here each feature is a column of its own:

- *small* columns (named by the stage that makes them: flags, levels, depths) are int8;
  a value an int8 cannot hold exactly (a fraction, 200, NaN) turns that column into
  float64 on the spot, so a wrong guess costs memory, never a value;
- a column set to one number for the whole page (the page's link density, say) is that
  number, seen through a read-only view that costs nothing a block;
- every other column is float64.

Whatever the storage, every read gives float64 values equal to what was written, so the
classifier and the rules see exactly the numbers a float64 matrix would hold. Joining two
tables (the own features beside the HTML segmenter's DOM features) shares their columns:
nothing is copied.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import numpy as np

_SMALL = np.int8
_SMALL_RANGE = (-128, 127)


class FeatureTable:
    """``n`` rows (blocks) by ``names`` columns (features), read as float64.

    Columns are set whole (``table[name] = values``, or a number for every row) or in
    runs of rows across the first columns (`rows_writer`); `freeze` makes the table
    read-only, after which its blocks share it.
    """

    __slots__ = ("names", "index", "cols", "n", "frozen")

    def __init__(self, n: int, names: Sequence[str], small: Iterable[str] = (), *,
                 index: Mapping[str, int] | None = None, cols: list[np.ndarray] | None = None):
        self.names = tuple(names)
        self.n = n
        self.frozen = False
        # name -> column number; tables built from the same names may share one (read-only)
        self.index = index if index is not None else {name: j for j, name in enumerate(self.names)}
        if cols is None:  # every column 0 until set: a read-only view of one zero, no memory a row
            small = frozenset(small)
            zero_small, zero = np.broadcast_to(_SMALL(0), (n,)), np.broadcast_to(np.float64(0), (n,))
            cols = [zero_small if name in small else zero for name in self.names]
        self.cols = cols

    @classmethod
    def from_rows(cls, names: Sequence[str], rows, small: Iterable[str] = ()) -> "FeatureTable":
        """A table holding ``rows`` (one sequence of numbers per block, in ``names`` order)."""
        matrix = np.asarray(rows, dtype=np.float64).reshape(-1, len(names))
        table = cls(len(matrix), names, small)
        for name, j in table.index.items():
            table[name] = matrix[:, j]
        return table

    # ------------------------------------------------------------------ writing

    def __setitem__(self, name: str, values) -> None:
        """Set column ``name`` for every row: a sequence of n numbers (or flags), or one number."""
        j = self._writable(name)
        if isinstance(values, (int, float, np.number)):
            self.cols[j] = np.broadcast_to(np.float64(values), (self.n,))  # read-only, no memory a row
            return
        values = np.asarray(values)
        if len(values) != self.n:
            raise ValueError(f"column {name!r} needs {self.n} values, got {len(values)}")
        small = _as_small(values) if self.cols[j].dtype == _SMALL else None
        self.cols[j] = small if small is not None else np.ascontiguousarray(values, dtype=np.float64)

    def set_bits(self, names: Sequence[str], masks: Sequence[int]) -> None:
        """Set flag columns ``names`` from one bit mask per row: ``names[i]`` is bit ``i``."""
        masks = np.asarray(masks, dtype=np.int64).reshape(-1, 1)
        bits = ((masks >> np.arange(len(names))) & 1).astype(_SMALL).T.copy()  # one row per name
        for name, column in zip(names, bits):
            j = self._writable(name)
            self.cols[j] = column if self.cols[j].dtype == _SMALL else column.astype(np.float64)

    def rows_writer(self, first: int = 0) -> "_RowsWriter":
        """A target for ``writer[rows] = values``: ``values`` (one row, or one row per index in
        ``rows``) fill columns ``first, first + 1, …`` of those rows."""
        return _RowsWriter(self, first)

    def _writable(self, name: str) -> int:
        if self.frozen:
            raise ValueError(f"the feature table is frozen (its blocks share it): cannot set {name!r}")
        return self.index[name]

    def _own_column(self, j: int, float64: bool = False) -> np.ndarray:
        """Column ``j`` as an array of its own to write rows of (float64 when asked)."""
        col = self.cols[j]
        if float64 and col.dtype != np.float64:
            col = self.cols[j] = col.astype(np.float64)  # what was written stays exact
        elif not col.flags.writeable:  # a page-wide number, or unset
            col = self.cols[j] = np.array(col)
        return col

    def freeze(self) -> "FeatureTable":
        self.frozen = True
        for col in self.cols:
            col.flags.writeable = False
        return self

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return self.n

    def item(self, row: int, j: int) -> float:
        """The value in ``row`` of column number ``j``, as a Python float."""
        return float(self.cols[j].item(row))

    def column(self, name: str) -> np.ndarray:
        """Column ``name`` as float64 (a copy for a small column, else the stored array)."""
        col = self.cols[self.index[name]]
        return col if col.dtype == np.float64 else col.astype(np.float64)

    def stored(self, name: str) -> np.ndarray:
        """Column ``name`` as stored (int8 for a small column): no copy, not to be written."""
        return self.cols[self.index[name]]

    def rows(self, lo: int, hi: int) -> np.ndarray:
        """Rows ``lo:hi`` as one new float64 matrix."""
        hi = min(hi, self.n)
        out = np.empty((max(hi - lo, 0), len(self.cols)))
        for j, col in enumerate(self.cols):
            out[:, j] = col[lo:hi]
        return out

    def row(self, i: int) -> np.ndarray:
        return self.rows(i, i + 1)[0]

    @property
    def nbytes(self) -> int:
        """Bytes the table's values take (a page-wide number: none a row)."""
        return sum(col.nbytes if col.strides != (0,) else col.itemsize for col in self.cols)

    # ------------------------------------------------------------------ combining

    def joined(self, other: "FeatureTable") -> "FeatureTable":
        """This table's columns, then ``other``'s, over the same rows: the columns are shared."""
        if other.n != self.n:
            raise ValueError(f"cannot join a table of {other.n} rows to one of {self.n}")
        return FeatureTable(self.n, self.names + other.names, cols=self.cols + other.cols)

    def subset(self, rows: Sequence[int]) -> "FeatureTable":
        """A new table of the given rows, in that order, each column in its own type."""
        rows = np.asarray(rows, dtype=np.intp)
        return FeatureTable(len(rows), self.names, index=self.index, cols=[col[rows] for col in self.cols])


class _RowsWriter:
    """``writer[rows] = values``: see `FeatureTable.rows_writer`."""

    __slots__ = ("_table", "_first")

    def __init__(self, table: FeatureTable, first: int):
        self._table, self._first = table, first

    def __setitem__(self, rows, values) -> None:
        table, first = self._table, self._first
        if table.frozen:
            raise ValueError("the feature table is frozen (its blocks share it): cannot write rows")
        values = np.asarray(values, dtype=np.float64)
        values = values.reshape(1, -1) if values.ndim == 1 else values
        rows = np.asarray(rows, dtype=np.intp).reshape(-1)
        columns = range(first, first + values.shape[1])
        small = [j - first for j in columns if table.cols[j].dtype == _SMALL]
        # the small columns checked together (one numpy pass, not one per column)
        together = _as_small(values[:, small]) if small else None
        for k, j in enumerate(columns):
            if together is not None and table.cols[j].dtype == _SMALL:
                table._own_column(j)[rows] = together[:, small.index(k)]
            else:
                column = values[:, k]
                exact = table.cols[j].dtype != _SMALL or _as_small(column) is not None
                table._own_column(j, float64=not exact)[rows] = column


def _as_small(values: np.ndarray) -> np.ndarray | None:
    """``values`` as int8 if every one is a whole number an int8 holds exactly (not NaN, not
    -0.0), else None."""
    if values.dtype == bool:
        return values.astype(_SMALL)
    if not values.size:
        return values.astype(_SMALL)
    lo, hi = _SMALL_RANGE
    if not (values.min() >= lo and values.max() <= hi):  # False for NaN
        return None
    small = values.astype(_SMALL)
    if values.dtype.kind in "iu":
        return small
    exact = small.astype(np.float64).view(np.int64) == values.astype(np.float64, copy=False).view(np.int64)
    return small if exact.all() else None  # bit for bit: a fraction or -0.0 is not exact
