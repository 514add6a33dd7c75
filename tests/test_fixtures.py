"""Every fixture page (fixtures/text/*.page) comes back with its expected labels and body."""
from __future__ import annotations

from pathlib import Path

import pytest

import boilerstrip
from conftest import FIXTURES, read_fixture

PAGES = sorted((FIXTURES / "text").glob("*.page"))


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_fixture_labels(path: Path):
    page = read_fixture(path)
    doc = boilerstrip.annotate(page.text)
    got = [b.label.value for b in doc.blocks]
    wrong = [(i, g, e, b.text[:50]) for i, (g, e, b) in enumerate(zip(got, page.labels, doc.blocks)) if g != e]
    assert len(got) == len(page.labels)
    assert not wrong, f"{len(wrong)} of {len(got)} blocks mislabelled (index, got, expected, text): {wrong}"


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_fixture_body(path: Path):
    page = read_fixture(path)
    assert boilerstrip.clean(page.text) == page.body
