"""table: a page's features stored column by column, read back exactly as float64."""
from __future__ import annotations

import numpy as np
import pytest

from boilerstrip.table import FeatureTable

NAMES = ("words", "flag", "level", "share", "page")


def reference(n: int = 40, seed: int = 7) -> np.ndarray:
    """Columns like the real ones: a log count, a flag, a small level, a share, a page-wide number."""
    rng = np.random.default_rng(seed)
    return np.column_stack([np.log1p(rng.integers(0, 500, n)), rng.integers(0, 2, n), rng.integers(-1, 7, n),
                            rng.random(n), np.full(n, 0.25)]).astype(np.float64)


def filled(matrix: np.ndarray) -> FeatureTable:
    table = FeatureTable(len(matrix), NAMES, small={"flag", "level"})
    for j, name in enumerate(NAMES[:-1]):
        table[name] = matrix[:, j]
    table["page"] = float(matrix[0, -1])
    return table


def test_every_read_gives_the_float64_values_written():
    matrix = reference()
    table = filled(matrix)
    assert np.array_equal(table.rows(0, len(matrix)), matrix)
    assert np.array_equal(table.rows(5, 9), matrix[5:9])
    assert np.array_equal(table.subset([9, 2, 2]).rows(0, 3), matrix[[9, 2, 2]])
    assert np.array_equal(table.row(3), matrix[3])
    for j, name in enumerate(NAMES):
        assert np.array_equal(table.column(name), matrix[:, j]) and table.column(name).dtype == np.float64
        assert all(type(table.item(i, j)) is float and table.item(i, j) == matrix[i, j] for i in range(len(matrix)))


def test_flags_and_levels_take_a_byte_and_a_page_wide_number_none():
    table = filled(reference(n=1000))
    assert [col.dtype.itemsize for col in table.cols] == [8, 1, 1, 8, 8]
    assert table.stored("flag") is table.cols[1] and table.stored("flag").dtype == np.int8
    assert table.cols[-1].strides == (0,)  # one number seen by every row
    assert table.nbytes == 1000 * (8 + 1 + 1 + 8) + 8


@pytest.mark.parametrize("odd", [0.5, 200.0, -129.0, float("nan"), -0.0])
def test_a_value_a_byte_cannot_hold_exactly_keeps_the_column_exact(odd):
    values = np.array([0.0, 1.0, odd, 1.0])
    table = FeatureTable(4, ("flag",), small={"flag"})
    table["flag"] = values
    assert table.cols[0].dtype == np.float64
    read = table.column("flag")
    assert np.array_equal(read.view(np.int64), values.view(np.int64))  # bit for bit: NaN and -0.0 included


def test_rows_written_in_runs_and_one_at_a_time():
    matrix = reference(n=12)
    table = FeatureTable(12, NAMES, small={"flag", "level"})
    writer = table.rows_writer()
    writer[[0, 1, 2, 3, 4, 5]] = matrix[:6]
    for i in range(6, 11):
        writer[i] = matrix[i].tolist()
    writer[[11]] = matrix[11:]
    assert np.array_equal(table.rows(0, 12), matrix)
    assert table.cols[1].dtype == np.int8 and table.cols[2].dtype == np.int8
    writer[[3]] = [[0.0, 0.5, 1.0, 0.0, 0.25]]  # a fraction in a flag column: that column turns float64
    assert table.cols[1].dtype == np.float64 and table.cols[2].dtype == np.int8
    assert table.item(3, 1) == 0.5 and table.item(4, 1) == matrix[4, 1]


def test_rows_writer_fills_columns_from_first():
    table = FeatureTable(2, NAMES, small={"flag"})
    table.rows_writer(first=3)[[0, 1]] = [[0.5, 2.0], [0.75, 3.0]]
    assert table.rows(0, 2).tolist() == [[0, 0, 0, 0.5, 2.0], [0, 0, 0, 0.75, 3.0]]


def test_set_bits_reads_one_mask_a_row():
    table = FeatureTable(3, ("a", "b", "c"), small={"a", "b", "c"})
    table.set_bits(("a", "b", "c"), [0b000, 0b101, 0b010])
    assert table.rows(0, 3).tolist() == [[0, 0, 0], [1, 0, 1], [0, 1, 0]]
    assert all(col.dtype == np.int8 for col in table.cols)


def test_joined_tables_share_their_columns_and_subset_copies_rows():
    own, dom = filled(reference()), FeatureTable.from_rows(("dom_x",), [[float(i)] for i in range(40)])
    both = own.joined(dom)
    assert both.names == NAMES + ("dom_x",)
    assert all(a is b for a, b in zip(both.cols, own.cols + dom.cols))
    part = both.subset([4, 1])
    assert np.array_equal(part.rows(0, 2), both.rows(0, 40)[[4, 1]])
    assert [col.dtype for col in part.cols] == [col.dtype for col in both.cols]
    with pytest.raises(ValueError, match="rows"):
        own.joined(FeatureTable(3, ("x",)))


def test_frozen_columns_refuse_writes_and_lengths_are_checked():
    table = filled(reference())
    table.freeze()
    for col in table.cols:
        with pytest.raises(ValueError):
            col[0] = 1
    with pytest.raises(ValueError, match="frozen"):
        table["flag"] = np.zeros(40)
    with pytest.raises(ValueError, match="frozen"):
        table.rows_writer()[[0]] = [[0.0] * 5]
    with pytest.raises(ValueError, match="frozen"):
        table.set_bits(("flag",), [0] * 40)
    with pytest.raises(ValueError, match="needs 40 values"):
        FeatureTable(40, NAMES)["words"] = [1.0, 2.0]


def test_an_unset_column_is_zero_and_costs_nothing():
    table = FeatureTable(1000, NAMES, small={"flag"})
    assert not table.rows(0, 1000).any()
    assert table.nbytes == sum(col.itemsize for col in table.cols)
