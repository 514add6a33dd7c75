"""Every fixture page (fixtures/text/*.page) is read at least as well as its pinned floors.

Floors live in fixtures/text/floors.json and only go up (`python -m bench.fixture_floors
--raise`); a page pinned at 1.0 must come back exactly. Pages that are all article must
always come back whole.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import boilerstrip
from bench.fixture_floors import FLOORS, measure, pages, read_page

PAGES = pages()
FLOOR = json.loads(FLOORS.read_text(encoding="utf-8"))["pages"]


def test_every_fixture_has_floors():
    assert PAGES and sorted(FLOOR) == sorted(p.stem for p in PAGES)


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_fixture_meets_its_floors(path: Path):
    got = measure(path)
    floor = FLOOR[path.stem]
    assert got["labels"] >= floor["labels"], f"label agreement {got['labels']} fell below {floor['labels']}"
    assert got["body_f1"] >= floor["body_f1"], f"body word-F1 {got['body_f1']} fell below {floor['body_f1']}"


@pytest.mark.parametrize("path", [p for p in PAGES if "all-article" in p.stem], ids=lambda p: p.stem)
def test_all_article_pages_come_back_whole(path: Path):
    text, labels, body = read_page(path)
    assert set(labels) == {"body"}
    assert boilerstrip.clean(text) == body


def test_floors_catch_a_bad_reader(monkeypatch):
    """The floors can fail: a cleaner that keeps every line falls below them."""
    import bench.fixture_floors as ff

    everything = boilerstrip.Config(keep=set(boilerstrip.Label))
    monkeypatch.setattr(boilerstrip, "annotate", lambda text, config=None: boilerstrip.Document(
        text, tuple(b.__class__(b.index, b.text, b.start, b.end, label=boilerstrip.Label.BODY)
                    for b in boilerstrip.segment(text, everything)), everything))
    failing = [p for p in PAGES if ff.measure(p)["body_f1"] < FLOOR[p.stem]["body_f1"]]
    assert len(failing) >= len(PAGES) // 2
