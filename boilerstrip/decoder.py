"""decode: the model's P(body) per block → one consistent reading of the page.

A Viterbi pass over the page grammar ``before* (body | gap)* after*``: chrome before the
article, the article with short interruptions (ads, sub-heads), then what follows it. A
section heading cue ("Related Articles", "Kommentare") makes staying inside the article
costly, so whole other stories after such a heading cannot pass for body. `classify`
decodes the whole page; the section rules decode the part above a comment section again
when the page's reading took the comments for the article (`sections.common`).
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from .features import column
from .model import Block
from .shape import word_count

BEFORE, BODY, GAP, AFTER = range(4)
STATE_NAMES = ("before", "body", "gap", "after")
_DECODER_EVIDENCE = tuple(f"decoder: {name}" for name in STATE_NAMES)


@dataclasses.dataclass(frozen=True)
class Costs:
    """Log-probability costs of the page grammar's transitions (tuned: see model meta)."""

    enter_body: float = 1.0  # before → body
    open_gap: float = 2.0  # body → gap: an interruption inside the article
    close_gap: float = 2.0  # gap → body
    leave_body: float = 1.0  # body/gap → after
    heading_in_gap: float = 8.0  # a related/comments heading inside the article
    heading_before: float = 0.0  # a related/comments heading before the article (menus have them)


def decode(prob: Sequence[float], heading: Sequence[float], costs: Costs) -> list[int]:
    """The most probable state sequence (BEFORE/BODY/GAP/AFTER) under the page grammar.

    When some block is more likely body than not, the page has an article: if the best
    reading has none (a short page, where entering the body costs more than one block
    gains), the best reading *with* a body is taken instead.
    """
    states = _viterbi(prob, heading, costs, must_enter=False)
    if BODY not in states and any(p >= 0.5 for p in prob):
        states = _viterbi(prob, heading, costs, must_enter=True)
    return states


# A gap block the model holds more likely body than not, of at least this many words, is
# kept (`keep_prose`). The decoder cuts a run of weak blocks inside the article as one gap,
# and took the list article's item descriptions (P(body) 0.8) with their short item names.
# Kept at P(body) >= 0.5: wcxb-dev word F1 on the train / tune splits rose 0.8001 -> 0.8035
# / 0.8145 -> 0.8180 (html-text) and 0.7980 -> 0.8003 / 0.8182 -> 0.8212 (inscriptis); 0.6 and
# 0.7 gained less, 8, 10 and 15 words the same within 0.0005. With no word floor, a forum
# post's header and a byline inside an article laid out twice came back (two fixtures).
_PROSE_WORDS = 10
_KEPT_PROSE = "rule: prose more likely body than not, inside the article"


def keep_prose(states: list[int], prob: Sequence[float], log_words: np.ndarray) -> tuple[list[int], frozenset[int]]:
    """``states`` with the gap blocks that are prose the model holds body turned body, and
    the indexes of those blocks. Text input only (`classify`): on HTML, with the refit
    model's gap costs of 0.5, it cost wcxb-dev word F1 0.0009 / 0.0005 / 0.0001 on the
    train / tune / test splits."""
    kept = frozenset(i for i, s in enumerate(states)
                     if s == GAP and prob[i] >= 0.5 and word_count(log_words[i]) >= _PROSE_WORDS)
    return ([BODY if i in kept else s for i, s in enumerate(states)], kept) if kept else (states, kept)


def _viterbi(prob: Sequence[float], heading: Sequence[float], costs: Costs, must_enter: bool) -> list[int]:
    """Plain Python on purpose: four states make numpy's per-call overhead dominate."""
    ninf = -math.inf
    skip = ninf if must_enter else 0.0  # must_enter: no path around the body
    enter, open_gap, close_gap, leave = costs.enter_body, costs.open_gap, costs.close_gap, costs.leave_body
    in_gap, before_cost = costs.heading_in_gap, costs.heading_before
    back: list[tuple[int, int, int, int]] = []
    prev = None
    # Each step keeps, per state, the best score and the state it came from; on a tie the
    # later state wins (as comparing (score, state) pairs would have it).
    for p, h in zip(prob, heading):
        p = min(max(float(p), 1e-6), 1 - 1e-6)
        yes, no = math.log(p), math.log1p(-p)
        cue = h * in_gap
        e_body, e_gap, e_before = yes - cue, no - cue, no - h * before_cost
        if prev is None:
            prev = (e_before, e_body - enter, ninf, ninf)
            back.append((0, 1, 2, 3))
            continue
        b0, b1, b2, b3 = prev
        # body ← before | body | gap
        s1, a1 = b0 - enter, 0
        if b1 >= s1:
            s1, a1 = b1, 1
        if b2 - close_gap >= s1:
            s1, a1 = b2 - close_gap, 2
        # gap ← body | gap
        s2, a2 = b1 - open_gap, 1
        if b2 >= s2:
            s2, a2 = b2, 2
        # after ← before | body | gap | after
        s3, a3 = b0 - enter - leave + skip, 0
        if b1 - leave >= s3:
            s3, a3 = b1 - leave, 1
        if b2 - leave >= s3:
            s3, a3 = b2 - leave, 2
        if b3 >= s3:
            s3, a3 = b3, 3
        prev = (b0 + e_before, s1 + e_body, s2 + e_gap, s3 + no)  # before ← before only
        back.append((0, a1, a2, a3))
    if prev is None:
        return []
    final = (prev[0] + skip,) + tuple(prev[1:])
    state = max(range(4), key=lambda k: (final[k], -k))
    states = [state]
    for i in range(len(back) - 1, 0, -1):
        state = back[i][state]
        states.append(state)
    states.reverse()
    for i in range(len(states) - 1, -1, -1):  # a gap the article never resumes after is "after"
        if states[i] != GAP:
            break
        states[i] = AFTER
    return states




def section_headings(blocks: Sequence[Block]) -> np.ndarray:
    """Per block, its related or comments heading cue (the decoder's section breaks)."""
    return np.maximum(column(blocks, "related_heading"), column(blocks, "comments_heading"))
