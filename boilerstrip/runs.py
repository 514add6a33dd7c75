"""several_runs: pages whose body is many runs of blocks, not one article.

The decoder reads a page as one article with short gaps (`decoder`): chrome before it,
the article, what follows. That is the shape of an article page, not of a listing (events,
products, search results), a collection or a link directory, whose body is many short runs
with chrome between them; on such a page the decoder keeps one run and calls the rest
chrome, though the model holds much of it body.

The test is the model's own: when the blocks it holds more likely body than not (P(body)
>= 0.5) outside the decoded body carry more words than the decoded body itself, the page's
body is read as several runs. Every block the decoder alone left out (labelled chrome by
the decoder, not by a rule) with P(body) >= `RUN_PROB`, above the page's first related or
comments section, becomes body, with the evidence ``rule: several body runs`` and the two
word counts that decided it. What the section rules named (comments, related stories,
title, byline) stays as they named it, and a second copy of the article is still found
after this (`sections.repeats`).

Text input only: the HTML decoder's costs already let the body be many runs (entering and
leaving the body cost 0 there), and the rule changed nothing on the tune split in html
mode (word F1 0.8947 both ways).
"""
from __future__ import annotations

from typing import Sequence

from .features import column
from .model import Block, Label
from .shape import word_counts

# The two numbers were chosen on wcxb-dev's train and tune splits (pages rendered by
# html-text and by inscriptis, the shipped text model), never the held-out test split.
# First a whole-page switch to "every block with P(body) >= t" when the likely-body words
# outside the decoded body exceed `OUTSIDE_SHARE` times those inside, for t in 0.3 / 0.4 /
# 0.5 and shares 0.5 / 1 / 2 / 4; then the form kept here (the decoded body and what the
# sections named stay, the decoder's chrome joins) for t in 0.3 / 0.5 and shares 0.5 / 1 /
# 2. 0.3 and 1 gained most on both splits and both renderers without costing article pages
# (docs/pipeline.md, several body runs).
RUN_PROB = 0.3
OUTSIDE_SHARE = 1.0
_LIKELY = 0.5  # "more likely body than not": what counts toward the words outside
_SECTIONS = (Label.RELATED, Label.COMMENTS)


def several_runs(blocks: Sequence[Block], prob: Sequence[float]) -> tuple[Block, ...]:
    """``blocks`` (labelled, sections named) with the decoder's chrome that the model holds
    body turned body, when the page's likely body lies mostly outside the decoded body."""
    words = word_counts(column(blocks, "log_words")).tolist()  # the page's table, in one step
    inside = sum(w for w, b in zip(words, blocks) if b.label is Label.BODY)
    outside = sum(w for w, b, p in zip(words, blocks, prob) if p >= _LIKELY and b.label is not Label.BODY)
    if outside <= inside * OUTSIDE_SHARE:
        return tuple(blocks)
    why = (f"rule: several body runs ({round(outside)} words likely body outside the decoded body, "
           f"{round(inside)} inside)")
    stop = next((i for i, b in enumerate(blocks) if b.label in _SECTIONS), len(blocks))
    return tuple(b.labelled(Label.BODY, float(p), (why,) + b.evidence) if i < stop and _left_by_decoder(b, p) else b
                 for i, (b, p) in enumerate(zip(blocks, prob)))


def _left_by_decoder(block: Block, p: float) -> bool:
    """Chrome by the decoder's reading alone (its evidence: the model's P(body), then the
    decoder's state), and likely enough body."""
    return (block.label is Label.CHROME and p >= RUN_PROB and len(block.evidence) > 1
            and block.evidence[1].startswith("decoder: "))
