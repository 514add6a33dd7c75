"""Second copies: a block of the article that repeats an earlier one word for word.

Pages hold some of their text twice: the whole article laid out again for another screen
size, carousel slides cloned for endless scrolling, a table of contents above the headings
it lists, a disclaimer at the top and again at the bottom. A scraper's text keeps every
copy (it cannot see which one the page hides); the article needs one. This runs last,
after the sections are named, over the blocks still labelled body, and labels the extra
copy chrome, naming the block it repeats.
"""
from __future__ import annotations

from typing import Sequence

from ..model import Block, Label
from ..shape import word_count
from .common import _relabel

# Repeats shorter than this are left alone: short lines ("Read more", a date, a step like
# "Click Save.") recur legitimately. On wcxb-dev's train and tune splits (1,111 pages, text
# and HTML) any threshold from 6 to 10 words gives mean F1 within 0.001; 8 is the middle.
_MIN_WORDS = 8
_KEY_CHARS = 2000  # longer blocks are compared as they are (see `_key`)


def name_repeats(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """The blocks, with each body block that repeats an earlier body block (same words,
    case and spacing aside) labelled chrome. The copy kept is the first, unless only a
    later one lies in the article's main prose run (``in_anchor``): a table of contents
    before the article gives way to the headings in it."""
    out = list(blocks)
    # The block holding each key, found by the key's hash: the keys themselves (the page's
    # body text, case-folded) are not all held at once. A key whose hash another key took
    # first is kept by its own words in ``other``.
    first: dict[int, int] = {}
    other: dict[str, int] = {}
    for i, block in enumerate(out):
        if block.label is not Label.BODY or word_count(block.features["log_words"]) < _MIN_WORDS:
            continue
        key = _key(block.text)
        holders, slot = first, hash(key)
        j = holders.setdefault(slot, i)
        if j != i and _key(out[j].text) != key:
            holders, slot = other, key
            j = holders.setdefault(slot, i)
        if j == i:
            continue
        if block.features["in_anchor"] and not out[j].features["in_anchor"]:
            out[j], holders[slot] = _copy(out[j], i), i
        else:
            out[i] = _copy(block, j)
    return tuple(out)


def _key(text: str) -> str:
    """What two copies share: the words, case and spacing aside; a long block is its own
    key (no copy of a huge block is made: copies of long paragraphs are laid out alike)."""
    return " ".join(text.split()).casefold() if len(text) <= _KEY_CHARS else text


def _copy(block: Block, other: int) -> Block:
    return _relabel(block, Label.CHROME, f"repeats block {other} word for word (a second copy)")
