"""features: blocks → numbers. Pure functions of the page's blocks.

Every block gets the same named features, in `NAMES` order: its own shape
(length, stopword density, punctuation, capitals, digits), cue phrases (`cues`),
its position on the page, and its lexical cohesion with the page's main prose
region (the *anchor*), so that a well-written paragraph of another story reads as
not this article's. Neighbour features are added by `classify` from these.
"""
from __future__ import annotations

import math
import re
from array import array

import regex
from collections import Counter
from typing import Iterator, Mapping, Sequence

from . import cues, language
from .config import Config
from .model import Block

_TOKEN = re.compile(r"\w+")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?。！？…](?:[\"'”’»)\]]*)(?:\s|$)")
_TERMINAL = frozenset(".!?。！？…\"'”’»)]")
_SEPARATORS = re.compile(r"\s[|»›·•/]\s")
_BULLET = re.compile(r"^(?:[-–—*•·▪►>+]|\d{1,2}[.)])\s")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\b\d+\b")
_CAPITALISED = regex.compile(r"\b\p{Lu}\w*")  # words starting with a capital, in any script
_ALL_CAPS = regex.compile(r"\b\p{Lu}{2,}\b")
_PUNCT = re.compile(r"[^\w\s]")
_URL = re.compile(r"https?://|www\.|\w@\w")
# Quotation marks (not apostrophes: ’ and ' mostly elide letters, "don’t").
_QUOTES = frozenset("\"“”„«»‹›‘")
_CONTENT_MIN_LENGTH = 3  # shorter tokens are too common to carry a topic
# Blocks are tokenised up to this many characters (far above a real paragraph: the longest
# wcxb-dev block is a few thousand); longer ones are read from their head, counts scaled.
_READ_CHARS = 100_000

# The anchor: the run of prose blocks with the most words. A prose block has at least
# _PROSE_WORDS words; runs may bridge up to _ANCHOR_GAP non-prose blocks (inline ads,
# sub-headings). Values chosen by inspection of rendered wcxb-dev pages (train split).
_PROSE_WORDS = 12
_ANCHOR_GAP = 3

NAMES: tuple[str, ...] = (
    "log_words", "log_chars", "stop_density", "log_stopwords", "end_punct", "ends_colon",
    "log_sentences", "mean_word_len", "comma_rate", "cap_ratio", "upper_ratio", "digit_ratio",
    "punct_ratio", "has_date", "has_reltime", "has_url", "has_separator", "starts_bullet",
    "has_quotes", "personal_rate", "reporting", "related_heading", "comments_heading",
    "comment_control", "chrome_phrase", "chrome_contains", "byline", "caption_credit",
    "repeated", "cohesion", "anchor_side", "log_anchor_dist", "in_anchor",
)
# Position is measured against the page's main prose run, not its edges: scrapers hand
# over whole pages, pages cut short, and bare articles alike, and an article at the very
# end of its text is still an article.


class FeatureVector(Mapping[str, float]):
    """A read-only name → value mapping over one row of the feature matrix.

    Values are packed doubles (8 bytes each, where a tuple of floats costs 32): on a page
    of short blocks the feature rows were most of the memory a page cost.
    """

    __slots__ = ("names", "values", "_index")

    def __init__(self, names: Sequence[str], values: Sequence[float], index: Mapping[str, int] | None = None):
        self.names = tuple(names)
        self.values = array("d", values)
        # name → position; rows of one page share one index (built once per page, read-only)
        self._index = index if index is not None else {n: i for i, n in enumerate(self.names)}

    def __getitem__(self, key: str) -> float:
        return self.values[self._index[key]]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __repr__(self) -> str:
        return "FeatureVector({" + ", ".join(f"{k!r}: {v:.3g}" for k, v in zip(self.names, self.values)) + "})"


_INDEX = {name: i for i, name in enumerate(NAMES)}


def features(blocks: Sequence[Block], config: Config) -> tuple[Block, ...]:
    """The same blocks, each with its `FeatureVector` (in `NAMES` order, plus any DOM features)."""
    if not blocks:
        return ()
    stoplist = _stoplist(blocks, config)
    # cues match short blocks only; a long block's own text is its key for "repeated"
    norms = [cues.normalise(b.text) if len(b.text) <= 200 else b.text for b in blocks]
    shapes, tokens = [], []
    for b, norm in zip(blocks, norms):  # each block's dict packed as soon as it is made: ~2 KB a block less
        shape = _shape(b.text, norm, stoplist)
        tokens.append(shape.pop("_content"))
        shapes.append(FeatureVector(NAMES, [shape.get(name, 0.0) for name in NAMES], _INDEX))
    anchor = _anchor(shapes)
    cohesion = _cohesion(tokens, anchor)
    counts = Counter(norms)
    n = len(blocks)
    out = []
    all_names: dict[tuple[str, ...], tuple] = {}  # one names tuple and index shared by rows alike
    for i, block in enumerate(blocks):
        row, shapes[i] = shapes[i].values, None
        for name, value in _position(i, n, anchor).items():
            row[_INDEX[name]] = value
        row[_INDEX["cohesion"]] = cohesion[i]
        row[_INDEX["repeated"]] = float(counts[norms[i]] > 1 and len(norms[i]) > 0)
        dom = tuple(block.features)
        if dom not in all_names:
            names = NAMES + dom
            all_names[dom] = (names, {n: j for j, n in enumerate(names)})
        names, index = all_names[dom]
        row.extend(block.features.values())  # DOM features set by the HTML segmenter
        out.append(_with_features(block, FeatureVector(names, row, index)))
    return tuple(out)


def _with_features(block: Block, vector: FeatureVector) -> Block:
    return Block(block.index, block.text, block.start, block.end, vector, block.label,
                 block.confidence, block.evidence, block.tag)


def _stoplist(blocks: Sequence[Block], config: Config) -> frozenset[str]:
    name = language.language_name(config.language) if config.language else language.detect(b.text for b in blocks)
    return language.stopwords(name)


def _shape(text: str, norm: str, stoplist: frozenset[str]) -> dict:
    """The block's own features, plus its content tokens under "_content".

    Tokens are read from the block's first `_READ_CHARS` characters and counts scaled
    to its length: a 50 MB one-line page costs what a 100 KB one does, in time and memory.
    """
    n_chars = len(text)
    sample = text[:_READ_CHARS]
    scale = n_chars / max(len(sample), 1)
    lowered = sample.lower()
    tokens = _TOKEN.findall(lowered)
    n_words = round(_word_count(sample, tokens) * scale)
    sample_stop = sum(map(stoplist.__contains__, tokens))
    n_stop = round(sample_stop * scale)
    letters = sum(len(t) for t in tokens) or 1
    head = text[:2000]  # ratios are read off the block's start: flat cost on huge blocks
    n_alpha = len(_TOKEN.findall(head)) - len(_NUMBER.findall(head)) or 1
    capitals = len(_CAPITALISED.findall(head))
    all_caps = len(_ALL_CAPS.findall(head))
    sentences = len(_SENTENCE_END.findall(text[:20000])) if n_chars < 20000 else n_chars / 120
    digits = len(_DIGIT.findall(head)) / len(head)
    punct = len(_PUNCT.findall(head)) / len(head)
    last = text[-1]
    return {
        "log_words": math.log1p(n_words),
        "log_chars": math.log1p(n_chars),
        "stop_density": sample_stop / len(tokens) if tokens else 0.0,
        "log_stopwords": math.log1p(n_stop),
        "end_punct": float(last in _TERMINAL),
        "ends_colon": float(last == ":"),
        "log_sentences": math.log1p(sentences),
        "mean_word_len": min(letters / max(len(tokens), 1), 20.0),
        "comma_rate": text.count(",") / max(n_words, 1),
        "cap_ratio": min(capitals / n_alpha, 1.0),
        "upper_ratio": min(all_caps / n_alpha, 1.0),
        "digit_ratio": digits,
        "punct_ratio": punct,
        "has_date": float(n_chars < 300 and digits > 0 and cues.DATE.search(text) is not None),
        "has_reltime": float(n_chars < 300 and cues.RELATIVE_TIME.search(text) is not None),
        "has_url": float(_URL.search(text[:2000]) is not None),
        "has_separator": float(n_chars < 400 and _SEPARATORS.search(text) is not None),
        "starts_bullet": float(_BULLET.match(text) is not None),
        "has_quotes": float(not _QUOTES.isdisjoint(text[:5000])),
        "personal_rate": sum(map(cues.PERSONAL.__contains__, tokens)) / max(len(tokens), 1),
        "reporting": float(not cues.REPORTING.isdisjoint(tokens)),
        "related_heading": float(cues.is_related_heading(norm)),
        "comments_heading": float(cues.is_comments_heading(norm)),
        "comment_control": float(cues.is_comment_control(norm, text)),
        "chrome_phrase": float(cues.is_chrome_phrase(norm)),
        "chrome_contains": float(n_chars < 1000 and cues.has_chrome_phrase(lowered)),
        "byline": float(n_words <= 15 and cues.BYLINE.match(text) is not None),
        "caption_credit": float(n_chars < 300 and cues.CAPTION_CREDIT.search(text) is not None),
        "_content": [t for t in tokens if len(t) >= _CONTENT_MIN_LENGTH and t not in stoplist and not t.isdigit()],
    }


def _word_count(text: str, tokens: list[str]) -> int:
    """Tokens, counting each character of unspaced scripts (CJK, Thai) as a word."""
    if text.isascii():
        return len(tokens)
    return len(tokens) + len(_UNSPACED.findall(text))


def _anchor(shapes: list[dict]) -> tuple[int, int]:
    """[first, last] index of the run of prose blocks with the most words; (-1, -1) if none."""
    best, best_words = (-1, -1), 0.0
    start, words, gap, last_prose = -1, 0.0, 0, -1
    for i, s in enumerate(shapes):
        n = math.expm1(s["log_words"])
        if s["has_reltime"]:  # a teaser's time stamp opens another story: the run ends here
            gap = _ANCHOR_GAP + 1
            continue
        if n >= _PROSE_WORDS:
            if start < 0 or gap > _ANCHOR_GAP:
                start, words = i, 0.0
            words += n
            gap, last_prose = 0, i
            if words > best_words:
                best, best_words = (start, last_prose), words
        else:
            gap += 1
    return best


def _cohesion(tokens: list[list[str]], anchor: tuple[int, int]) -> list[float]:
    """Share of each block's content tokens that the anchor's other blocks also use."""
    first, last = anchor
    if first < 0:
        return [0.0] * len(tokens)
    vocab: Counter[str] = Counter()
    for toks in tokens[first:last + 1]:
        vocab.update(set(toks))
    out = []
    for i, toks in enumerate(tokens):
        if not toks:
            out.append(0.0)
            continue
        own = 1 if first <= i <= last else 0
        out.append(sum(1 for t in toks if vocab[t] > own) / len(toks))
    return out


def _position(i: int, n: int, anchor: tuple[int, int]) -> dict[str, float]:
    first, last = anchor
    if first < 0:
        side, dist = 0.0, 0
    elif i < first:
        side, dist = -1.0, first - i
    elif i > last:
        side, dist = 1.0, i - last
    else:
        side, dist = 0.0, 0
    return {
        "anchor_side": side,
        "log_anchor_dist": math.log1p(dist),
        "in_anchor": float(first <= i <= last),
    }
