"""Shared test helpers: where ../shared is, and the fixture-page reader."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"

needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared (seed pages and data sets) is not beside this checkout")


@dataclass(frozen=True)
class Page:
    """A labelled page: its text, the expected label of each non-empty line, the expected body."""

    name: str
    text: str
    labels: tuple[str, ...]  # one per non-empty line, in order
    body: str


def read_fixture(path: Path) -> Page:
    """A `fixtures/text/*.page` file (format: fixtures/README.md)."""
    from bench.fixture_floors import read_page

    text, labels, body = read_page(path)
    return Page(path.stem, text, tuple(labels), body)


def read_seed(stem: str) -> Page:
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    gold = json.loads((SEEDS / f"{stem}.gold.json").read_text(encoding="utf-8"))["labels"]
    lines = text.split("\n")
    labels = tuple(gold[str(i + 1)] for i, line in enumerate(lines) if line.strip())
    body = (SEEDS / f"{stem}.body.txt").read_text(encoding="utf-8")
    return Page(stem, text, labels, body)


def seed_stems() -> list[str]:
    if not SEEDS.is_dir():
        return []
    return sorted(p.name[: -len(".gold.json")] for p in SEEDS.glob("*.gold.json"))
