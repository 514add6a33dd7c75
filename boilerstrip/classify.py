"""classify: featured blocks → labelled blocks, with the evidence that decided each label.

Two passes, confident first and context second:

1. ``score``: a gradient-boosted tree ensemble (``data/model-text.json``, trained by
   ``bench/train.py``) gives each block the probability that it is article body,
   from its own features and its neighbours' (`design_matrix`).
2. ``decode`` (`boilerstrip.decoder`): a Viterbi pass over the page grammar
   ``before* (body | gap)* after*`` turns the probabilities into one consistent
   reading of the page.

`sections` then names the parts outside the body (title, byline, caption,
related, comments, chrome); on text input, a page whose likely body lies mostly outside
the decoded body is read as several runs (`runs.several_runs`); a second copy of the
article goes as chrome (`sections.repeats`); a page left with no body at all keeps its one
paragraph of prose (`keep_lone_prose`); a body of a few words and no sentence is no article
(`drop_stray_body`).
"""
from __future__ import annotations

import functools
import math
import sys
from importlib import resources
from collections.abc import Iterable, Sequence

import numpy as np

from . import edges, sections
from .runs import several_runs
from .sections.naming import name_head
from .sections.repeats import name_repeats
from .config import Config
from .model import Block, Label
from .features import UNMODELLED, column, matrix_rows
from .shape import word_count, word_counts
from .trees import ROWS_PER_STEP, Ensemble
from .decoder import (AFTER, BEFORE, BODY, GAP, STATE_NAMES, Costs, decode, keep_prose,  # noqa: F401 (re-exported)
                      section_headings, _DECODER_EVIDENCE, _KEPT_PROSE)

# Neighbour features: these own features of the blocks at offsets -2..+2 are added to
# each block's row, plus their mean over a window of ±3 blocks.
CONTEXT = ("log_words", "stop_density", "end_punct", "cohesion", "chrome_phrase", "has_reltime")
OFFSETS = (-2, -1, 1, 2)
WINDOW = 3


@functools.lru_cache(maxsize=4)
def load_model(name: str = "model-text.json") -> Ensemble:
    """The shipped ensemble (read once per process; read-only afterwards)."""
    path = resources.files("boilerstrip") / "data" / name
    return Ensemble.load(str(path))


def design_matrix(blocks: Sequence[Block], names: Sequence[str] | None = None) -> tuple[np.ndarray, tuple[str, ...]]:
    """Rows of own features plus neighbour features; columns named as returned.

    With ``names`` (a model's feature list), columns follow it; features a block does
    not have (e.g. DOM features on text input) are NaN, which the trees route as missing.
    The whole page at once (for training); `score` builds the same rows a few at a time.
    """
    layout = _Layout(blocks, names)
    rows = [layout.rows(lo, lo + ROWS_PER_STEP) for lo in range(0, max(len(blocks), 1), ROWS_PER_STEP)]
    return np.concatenate(rows), layout.names


class _Layout:
    """Where each column of a page's design matrix comes from, and the page's neighbour
    columns (six features wide), so that any run of rows can be built straight into the
    model's column order without holding the whole matrix."""

    def __init__(self, blocks: Sequence[Block], names: Sequence[str] | None):
        self.blocks = blocks
        own_names = tuple(blocks[0].features.names) if blocks else ()
        context = {}  # neighbour column name -> (that column over the whole page, row offset)
        self._first_rows: np.ndarray | None = None
        columns = self._context_columns([own_names.index(feat) for feat in CONTEXT])
        for feat, col in zip(CONTEXT, columns):
            padded = np.concatenate([np.full(_PAD, np.nan), col, np.full(_PAD, np.nan)])
            for off in OFFSETS:
                context[f"{feat}@{off:+d}"] = (padded, _PAD + off)  # row i reads padded[i + _PAD + off]
            context[f"{feat}@mean"] = (_window_mean(col, WINDOW), 0)
        trained = tuple(n for n in own_names if n not in UNMODELLED)
        self.names = trained + tuple(context) if names is None else tuple(names)
        own_index = {n: k for k, n in enumerate(own_names)}
        own = [(j, own_index[n]) for j, n in enumerate(self.names) if n in own_index]
        self.own_dst = np.array([j for j, _ in own], dtype=np.intp)
        self.own_src = np.array([k for _, k in own], dtype=np.intp)
        self.context = [(j,) + context[n] for j, n in enumerate(self.names) if n in context]
        self.complete = len(own) + len(self.context) == len(self.names)  # no column left missing (NaN)

    def _context_columns(self, features: list[int]) -> list[np.ndarray]:
        """Own features ``features`` of every block, one column each, read a step of rows at
        a time; the first step's own rows are kept for `rows` (most pages fit in one step)."""
        out = np.empty((len(features), len(self.blocks)))
        for lo in range(0, len(self.blocks), ROWS_PER_STEP):
            own = self._own_rows(lo, lo + ROWS_PER_STEP)
            out[:, lo:lo + len(own)] = own[:, features].T
            if lo == 0:
                self._first_rows = own
        return list(out)

    def _own_rows(self, lo: int, hi: int) -> np.ndarray:
        chunk = self.blocks[lo:hi]
        rows = matrix_rows(chunk)  # a slice of the page's matrix when the blocks are its rows in order
        if rows is not None:
            return rows
        return np.array([b.features.values for b in chunk], dtype=np.float64).reshape(len(chunk), -1)

    def rows(self, lo: int, hi: int) -> np.ndarray:
        """Rows ``lo:hi`` of the design matrix, in `names` order."""
        hi = min(hi, len(self.blocks))
        shape = (hi - lo, len(self.names))
        out = np.empty(shape) if self.complete else np.full(shape, np.nan)
        if len(self.own_src):
            own, self._first_rows = (self._first_rows, None) if lo == 0 else (None, self._first_rows)
            if own is None or len(own) != hi - lo:
                own = self._own_rows(lo, hi)
            out[:, self.own_dst] = own[:, self.own_src]
        for j, col, shift in self.context:
            out[:, j] = col[lo + shift:hi + shift]
        return out


_PAD = max(abs(off) for off in OFFSETS)  # NaN rows around a page: the neighbours of its first and last blocks


def _window_mean(col: np.ndarray, radius: int) -> np.ndarray:
    padded = np.concatenate([[0.0], np.cumsum(col)])
    n = len(col)
    lo = np.maximum(np.arange(n) - radius, 0)  # (np.clip took 34 us a call here, these 9: twelve calls a page)
    hi = np.minimum(np.arange(n) + radius + 1, n)
    return (padded[hi] - padded[lo]) / np.maximum(hi - lo, 1)


def score(blocks: Sequence[Block], model: Ensemble) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """P(body) per block and, per block, its three strongest features (name and sign).

    Rows are built and scored `ROWS_PER_STEP` at a time, straight in the model's column
    order: the page's design matrix, its contributions and the sort picking the strongest
    are never held whole (together they cost 5 doubles a block per model column: ~2 KB a
    block for the text model, twenty times a text page of ~100-character lines).
    """
    layout = _Layout(blocks, model.names)
    raws, strongest = [], Strongest(layout.names)
    for lo in range(0, len(blocks), ROWS_PER_STEP):
        raw, contrib = model.score(layout.rows(lo, lo + ROWS_PER_STEP))
        raws.append(raw)
        strongest.add(contrib)
    raw = np.concatenate(raws) if raws else np.zeros(0)
    prob = 1.0 / (1.0 + np.exp(-raw))
    return prob, strongest.done()


class Strongest(Sequence):
    """Per block, the features with the largest contributions to its score (name and sign,
    e.g. ``("end_punct+", "log_words+", "chrome_phrase-")``), strongest first; a feature
    that contributed nothing is left out.

    Held as one number a block (its features' columns and signs, 8 bytes) until a block's
    tuple is asked for: a tuple per block for the whole page cost ~90 bytes a block. Blocks
    with the same strongest features share one tuple.
    """

    TOP = 3  # features named per block

    def __init__(self, names: Sequence[str]):
        # Interned: a page has a few hundred distinct evidence strings, not one per block.
        self.tags = _evidence_tags(tuple(names))
        self.base = 2 * len(names) + 1  # a slot's code: 0 empty, 1 + 2 * column + (sign is +)
        self.parts: list[np.ndarray] = []
        self.made: dict[int, tuple[str, ...]] = {}

    def add(self, contrib: np.ndarray) -> None:
        """Take the strongest features of the next rows (a (rows, features) contributions array)."""
        order = _strongest(contrib, self.TOP)
        top = np.take_along_axis(contrib, order, axis=1)
        codes = np.where(top != 0, 1 + 2 * order + (top > 0), 0)
        key = np.zeros(len(codes), dtype=np.int64)
        for slot in range(codes.shape[1]):
            key = key * self.base + codes[:, slot]
        self.parts.append(key)

    def done(self) -> "Strongest":
        self.key = np.concatenate(self.parts) if self.parts else np.zeros(0, np.int64)
        self.parts = []
        return self

    def __len__(self) -> int:
        return len(self.key)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._tuple(int(self.key[i]))

    def __iter__(self):
        for lo in range(0, len(self), ROWS_PER_STEP):  # a few rows' numbers at a time as Python ints
            yield from map(self._tuple, self.key[lo:lo + ROWS_PER_STEP].tolist())

    def _tuple(self, key: int) -> tuple[str, ...]:
        made = self.made.get(key)
        if made is None:
            codes, rest = [], key
            for _ in range(self.TOP):
                rest, code = divmod(rest, self.base)
                codes.append(code)
            made = self.made[key] = tuple(self.tags[(c - 1) // 2][(c - 1) % 2] for c in reversed(codes) if c)
        return made


@functools.lru_cache(maxsize=8)
def _evidence_tags(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each column's evidence strings, (negative, positive): made once for a model's columns,
    not once a page (~240 strings, 0.18 ms a page)."""
    return [(sys.intern(f"{name}-"), sys.intern(f"{name}+")) for name in names]


def _strongest(contrib: np.ndarray, k: int) -> np.ndarray:
    """Per row, the columns of the ``k`` largest absolute values, largest first, the leftmost
    first among equals: the first ``k`` of a stable sort by decreasing magnitude, found with
    ``k`` passes of argmax instead (a sort of ~200 columns cost 25 times as much)."""
    magnitude = np.abs(contrib)
    rows = np.arange(len(magnitude))
    order = np.empty((len(magnitude), min(k, magnitude.shape[1])), dtype=np.intp)
    for slot in range(order.shape[1]):
        order[:, slot] = column = magnitude.argmax(axis=1)  # argmax takes the first of equals
        magnitude[rows, column] = -1.0  # below every magnitude: never taken again
    return order


def _labelled(blocks: Sequence[Block], prob: list[float], states: Sequence[int], kept: frozenset[int],
              evidence: Iterable[tuple[str, ...]]) -> list[Block]:
    """The blocks labelled by the decoder's states, each with its model probability, the
    decoder's reason and its strongest features as evidence. Equal evidence is one tuple (most
    blocks share one), and so is each probability's wording."""
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    said: dict[float, str] = {}
    out = []
    for i, (b, s, strongest, p) in enumerate(zip(blocks, states, evidence, prob)):
        model = said.get(p) or said.setdefault(p, sys.intern(f"model p(body)={p:.2f}"))
        why = (model, _KEPT_PROSE if i in kept else _DECODER_EVIDENCE[s]) + strongest
        body = s == BODY
        out.append(b.labelled(Label.BODY if body else Label.CHROME, p if body else 1.0 - p,
                              shared.setdefault(why, why)))
    return out


MODELS = {"text": "model-text.json", "html": "model-html.json"}


@functools.lru_cache(maxsize=4)
def model_for(mode: str) -> Ensemble:
    """The ensemble for ``mode`` ("text" or "html"); HTML falls back to the text model
    when no HTML model is shipped (DOM features are then simply not used). (Found once a
    process, as `load_model` reads it: looking for the shipped file cost 0.1 ms a page.)"""
    name = MODELS[mode]
    if mode == "html" and not (resources.files("boilerstrip") / "data" / name).is_file():
        name = MODELS["text"]
    return load_model(name)


def classify(blocks: Sequence[Block], config: Config, mode: str = "text",
             profile=None, site: str = "", page_type: str | None = None,
             model: Ensemble | None = None) -> tuple[Block, ...]:
    """Label every block; each label carries its confidence and evidence.

    With a corpus `boilerstrip.profile.Profile` (and the page's ``site``), blocks that
    recur on many pages of the site lose P(body), blocks shared with other copies of
    the story gain it, each with its evidence; see ``profile.Hints``. ``model`` is the
    shipped ensemble for ``mode`` unless given (the training script scores candidate
    decoder costs through the whole of this stage with it).
    """
    if not blocks:
        return ()
    model = model if model is not None else model_for(mode)
    prob, evidence = score(blocks, model)
    hints = profile.hints(blocks, site) if profile is not None else None
    if hints is not None:
        prob = np.array(hints.adjust(prob))
        evidence = [h + e for h, e in zip(hints.evidence, evidence)]
    heading = section_headings(blocks)
    costs = Costs(**model.meta.get("costs", {}))
    states, kept = decode(prob, heading, costs), frozenset()
    if mode == "text":
        states, kept = keep_prose(states, prob, column(blocks, "log_words"))
    labelled = _labelled(blocks, prob.tolist(), states, kept, evidence)
    del evidence  # (the blocks hold it now)
    labelled, states = edges.fix_edges(labelled, states, tail=mode == "text")
    named = sections.name_sections(tuple(labelled), states, config, page_type, mode, costs)
    if mode == "text":
        named = several_runs(named, prob)
    if config.detect_repeats:
        named = name_repeats(named)
    named = keep_lone_prose(drop_stray_body(named), prob)
    return hints.relabel(named) if hints is not None else named


# A page whose reading holds no body at all but a paragraph of prose: a news brief of one
# paragraph between a menu and a share row, an HTML page of a single <p>. The model reads a
# lone paragraph with nothing like it around as less likely body than not (0.21-0.47 on such
# pages: less still in German, where a short page gives little to detect the language by), and
# an empty result is the one answer surely wrong for them. The block kept is the likeliest of
# the prose blocks (a paragraph: this many words or more, ending a sentence, no chrome cue such
# as a cookie or copyright phrase) that the decoder, not a named rule, left out, unless the
# model holds it chrome at 9 to 1 or more. Effect on the shared sets: docs/pipeline.md. (At 12
# words it also kept a sentence of 17 under a headline, and a promotion line of 16 on a wcxb-dev
# listing whose gold is empty, word F1 1 -> 0 there.) A shorter paragraph, 8 words or more,
# counts on a small page only, where it holds a quarter or more of the page's words: a headline
# and one sentence, an HTML page of an <h1> and one <p>. No page of the shared sets is that
# small (no output there changes).
_LONE_PROSE_WORDS = 20
_LONE_PROSE_MIN_WORDS, _LONE_PROSE_SHARE = 8, 0.25
_LONE_PROSE_FLOOR = 0.1
_LONE_PROSE = "rule: the page's one paragraph of prose, where no block reached the body"


def keep_lone_prose(blocks: tuple[Block, ...], prob: Sequence[float]) -> tuple[Block, ...]:
    """``blocks``, with the page's likeliest paragraph of prose made body when none is."""
    if not blocks or any(b.label is Label.BODY for b in blocks):
        return blocks
    counts = word_counts(column(blocks, "log_words"))
    enough = min(_LONE_PROSE_WORDS, max(_LONE_PROSE_MIN_WORDS, math.ceil(_LONE_PROSE_SHARE * counts.sum())))
    ends = column(blocks, "end_punct")
    cued = np.maximum(column(blocks, "chrome_phrase"), column(blocks, "chrome_contains"))
    best = None
    for i, b in enumerate(blocks):
        left_by_decoder = b.label is Label.CHROME and len(b.evidence) > 1 and b.evidence[1] in _DECODER_EVIDENCE
        if (left_by_decoder and ends[i] and not cued[i] and prob[i] >= _LONE_PROSE_FLOOR
                and counts[i] >= enough and (best is None or prob[i] > prob[best])):
            best = i
    if best is None:
        return blocks
    out = list(blocks)
    out[best] = blocks[best].labelled(Label.BODY, float(prob[best]), (_LONE_PROSE,) + blocks[best].evidence)
    name_head(out, best)  # its headline, byline and captions, as for any article
    return tuple(out)


# A body of a few words and no sentence, all else on the page boilerplate: a stray line the
# decoder took in (a store's "Alibaba Group" between its footer links, a "Social Media"
# heading), not an article, and the page has none. Fewer words than the shortest paragraph
# `keep_lone_prose` keeps. On wcxb-dev's train and tune splits every output this short and
# without a sentence scored word F1 0.00-0.07 against its gold, and four of those pages have an
# empty gold, where an empty output scores 1 (docs/pipeline.md has the counts).
_STRAY_BODY_WORDS = _LONE_PROSE_MIN_WORDS
_STRAY_BODY = "rule: a body of {} words and no sentence is no article (the page has none)"
_OF_THE_ARTICLE = (Label.BODY, Label.TITLE, Label.BYLINE, Label.CAPTION)


def drop_stray_body(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """``blocks``, with a body of fewer than 8 words, none ending a sentence, made chrome,
    and the title, byline and captions named for it with it."""
    words, body = 0, False
    for b in blocks:
        if b.label is Label.BODY:
            words, body = words + word_count(b.features["log_words"]), True
            if words >= _STRAY_BODY_WORDS or b.features["end_punct"]:  # an article (the usual page: at once)
                return blocks
    if not body:
        return blocks
    rule = (_STRAY_BODY.format(words),)
    return tuple(b.labelled(Label.CHROME, max(b.confidence, 1.0 - b.confidence), rule + b.evidence)
                 if b.label in _OF_THE_ARTICLE else b for b in blocks)  # (confidence as edges' rules give it)
