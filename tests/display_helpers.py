"""Documents, seed pages and `boilerstrip report` runs shared by the display and browser tests."""
from __future__ import annotations

import gzip
import json

import pytest

import boilerstrip
from bench.data import SEEDS
from boilerstrip.model import Block, Document, Label

HOSTILE = '<script>window.__bs_pwned = 1</script><img src=x onerror="window.__bs_pwned = 2"> & "quotes"'
LONG = "A long paragraph of article text that goes on. " * 40

# (label, confidence, evidence, text): one block per line, every label at least once.
BLOCKS = [
    (Label.CHROME, 0.97, ("nav-link-run",), "Home | News | Sport"),
    (Label.TITLE, 0.91, ("first-heading", "short"), "Rain returns to the valley"),
    (Label.BYLINE, 0.88, ("date-pattern",), "By A. Writer, 3 May 2024"),
    (Label.CAPTION, 0.62, ("photo-credit",), "Photo: A. Photographer / Agency"),
    (Label.BODY, 0.93, ("long-text", "stopwords"), "Farmers welcomed the rain.\nIt came just in time."),
    (Label.BODY, 0.55, (), HOSTILE),
    (Label.BODY, 0.81, ("long-text",), LONG),
    (Label.COMMENTS, 0.71, ('cue "reply"',), "Great piece! Reply"),
    (Label.RELATED, 0.66, ("teaser-run", "<b>bold</b> evidence"), "More from the valley: floods"),
    (Label.CHROME, 0.99, ("cookie-cue",), "We use cookies.\x1b[2J\x07 Accept"),
    (None, 0.0, (), "an unlabelled block"),
]


def make_doc(blocks=BLOCKS, confidence=0.8, page_type="article") -> Document:
    made, start = [], 0
    for i, (label, conf, evidence, text) in enumerate(blocks):
        made.append(Block(i, text, start, start + len(text), label=label, confidence=conf, evidence=evidence))
        start += len(text) + 1
    source = "\n".join(text for *_, text in blocks)
    return Document(source=source, blocks=tuple(made), config=boilerstrip.Config(),
                    page_type=page_type, confidence=confidence)


def seed_paths():
    return sorted(p for p in SEEDS.glob("*.txt") if not p.name.endswith(".body.txt")) if SEEDS.is_dir() else []


needs_seeds = pytest.mark.skipif(not seed_paths(), reason=f"seed pages not found in {SEEDS}")


def write_corpus(path, records):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in records) + "\n\n")


def run_report(argv) -> int:
    """``boilerstrip report ARGV...`` through the real command line."""
    from boilerstrip.cli import main

    return main(["report", *argv])
