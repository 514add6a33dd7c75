"""Gold labels for blocks: which blocks of a rendered page hold the gold body text.

Used to train the classifier. Long blocks are body when most of their word 3-grams
occur in the gold body; short blocks (fewer than 8 words, where n-grams say little)
when their whole text occurs in the gold body and they sit inside the region the
long body blocks span.
"""
from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+")
_LONG = 8
_SHINGLE_SHARE = 0.5


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _shingles(toks: list[str], n: int = 3) -> set[tuple[str, ...]]:
    return {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def body_labels(block_texts: list[str], gold_body: str) -> list[bool]:
    gold_toks = tokens(gold_body)
    gold_shingles = _shingles(gold_toks)
    gold_joined = " " + " ".join(gold_toks) + " "
    toks = [tokens(t) for t in block_texts]
    labels = [False] * len(block_texts)
    for i, t in enumerate(toks):
        if len(t) >= _LONG:
            sh = _shingles(t)
            labels[i] = bool(sh) and sum(s in gold_shingles for s in sh) / len(sh) >= _SHINGLE_SHARE
    long_body = [i for i, lab in enumerate(labels) if lab]
    if not long_body:
        lo, hi = 0, len(block_texts) - 1
    else:
        lo, hi = long_body[0] - 3, long_body[-1] + 3
    for i, t in enumerate(toks):
        if 0 < len(t) < _LONG and lo <= i <= hi:
            labels[i] = (" " + " ".join(t) + " ") in gold_joined
    return labels


def snippet_labels(block_texts: list[str], keep: list[str], drop: list[str]) -> dict[int, int]:
    """Block index -> 1 (holds a must-keep snippet) or 0 (holds a must-drop one), for pages
    with snippet gold only; blocks holding neither are left out. A snippet counts in the
    first block holding its whole token sequence (one spread over blocks labels none); a
    block holding both kinds takes the must-keep label."""
    joined = [" " + " ".join(tokens(t)) + " " for t in block_texts]
    label: dict[int, int] = {}
    for value, snippets in ((1, keep), (0, drop)):
        for snippet in snippets:
            needle = " " + " ".join(tokens(snippet)) + " "
            if not needle.strip():
                continue
            first = next((i for i, text in enumerate(joined) if needle in text), None)
            if first is not None:
                label.setdefault(first, value)
    return label
