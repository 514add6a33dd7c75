"""The two real seed pages in ../shared/seeds: exact body and every line's gold label."""
from __future__ import annotations

import pytest

import boilerstrip
from conftest import needs_shared, read_seed, seed_stems

pytestmark = [needs_shared, pytest.mark.shared]


@pytest.mark.parametrize("stem", seed_stems() or ["(none)"])
def test_seed_clean_equals_gold_body(stem):
    page = read_seed(stem)
    assert boilerstrip.clean(page.text).rstrip("\n") == page.body.rstrip("\n")


@pytest.mark.parametrize("stem", seed_stems() or ["(none)"])
def test_seed_labels_equal_gold(stem):
    page = read_seed(stem)
    doc = boilerstrip.annotate(page.text)
    got = [b.label.value for b in doc.blocks]
    wrong = [(i, g, e, b.text[:60]) for i, (g, e, b) in enumerate(zip(got, page.labels, doc.blocks)) if g != e]
    assert len(got) == len(page.labels)
    assert not wrong, f"blocks labelled unlike the gold (index, got, expected, text): {wrong}"
