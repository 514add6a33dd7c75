"""shape: each block's own features (length, stopwords, sentences, capitals, digits,
punctuation, cue phrases), for all blocks of a page at once.

`block_shape` defines every feature on one block's text. `page_shapes` gives the same
numbers, to the last bit, far faster: a page's short blocks (menu items, headings,
paragraphs: nearly all of its blocks) are joined into one string with a separator no
pattern can match, every character is classified once by table lookup (`char_flags`),
per-block counts are differences of cumulative sums, and each regular expression runs
once over the joined text instead of once per block. Long blocks, and the rare page
the joined form cannot represent exactly, go through `block_shape` one by one.
``tests/test_shape.py`` holds the two paths to identical values.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
from typing import Iterator, Sequence

import numpy as np
import regex

from . import cues

SHAPE_NAMES: tuple[str, ...] = (
    "log_words", "log_chars", "stop_density", "log_stopwords", "end_punct", "ends_colon",
    "log_sentences", "mean_word_len", "comma_rate", "cap_ratio", "upper_ratio", "digit_ratio",
    "punct_ratio", "has_date", "has_reltime", "has_url", "has_separator", "starts_bullet",
    "has_quotes", "personal_rate", "reporting", "related_heading", "comments_heading",
    "comment_control", "chrome_phrase", "chrome_contains", "byline", "caption_credit",
)
# The features above that are flags (0 or 1): `block_shape` gives them as float(bool).
SHAPE_FLAGS: frozenset[str] = frozenset({
    "end_punct", "ends_colon", "has_date", "has_reltime", "has_url", "has_separator", "starts_bullet",
    "has_quotes", "reporting", "related_heading", "comments_heading", "comment_control", "chrome_phrase",
    "chrome_contains", "byline", "caption_credit",
})

_TOKEN = re.compile(r"\w+")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENTENCE_END_CHARS = ".!?。！？…"
_CLOSING_CHARS = "\"'”’»)]"  # may follow a sentence's end: quotes, brackets
_SENTENCE_END = re.compile(f"[{re.escape(_SENTENCE_END_CHARS)}](?:[{re.escape(_CLOSING_CHARS)}]*)(?:\\s|$)")
_TERMINAL = frozenset(".!?。！？…\"'”’»)]")
# Marks that set items of a line apart when spaces stand around them ("Home | News", "Home /
# Travel", "10 comments · Jane Doe"): the `has_separator` feature, and `edges`' menu rows.
ITEM_SEPARATOR_MARKS = "|»›·•/"
_SEPARATORS = re.compile(rf"\s[{re.escape(ITEM_SEPARATOR_MARKS)}]\s")
_BULLET_MARK = r"(?:[-–—*•·▪►>+]|\d{1,2}[.)])\s"
_BULLET = re.compile("^" + _BULLET_MARK)
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\b\d+\b")
_CAPITALISED = regex.compile(r"\b\p{Lu}\w*")  # words starting with a capital, in any script
_ALL_CAPS = regex.compile(r"\b\p{Lu}{2,}\b")
_PUNCT = re.compile(r"[^\w\s]")
_URL = re.compile(r"https?://|www\.|\w@\w")
_URL_LITERALS = ("://", "www.", "@")  # every match of _URL holds one
# Quotation marks (not apostrophes: ’ and ' mostly elide letters, "don’t").
_QUOTES = frozenset("\"“”„«»‹›‘")
_CONTENT_MIN_LENGTH = 3  # shorter tokens are too common to carry a topic
# Blocks are tokenised up to this many characters (far above a real paragraph: the longest
# wcxb-dev block is a few thousand); longer ones are read from their head, counts scaled.
_READ_CHARS = 100_000
# Ratios (capitals, digits, punctuation) are read off a block's first _HEAD_CHARS
# characters: a flat cost on huge blocks. Blocks no longer than that are the short ones
# `page_shapes` measures together.
_HEAD_CHARS = 2000
# Length limits of the short-block cues: dates, times and credits are short lines.
_STAMP_CHARS, _SEPARATOR_CHARS, _CHROME_CHARS, _BYLINE_WORDS = 300, 400, 1000, 15


def block_shape(text: str, norm: str, stoplist: frozenset[str]) -> tuple[list[float], list[str]]:
    """The block's own features in `SHAPE_NAMES` order, and its content tokens.

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
    head = text[:_HEAD_CHARS]
    n_alpha = len(_TOKEN.findall(head)) - len(_NUMBER.findall(head)) or 1
    digits = len(_DIGIT.findall(head)) / len(head)
    last = text[-1]
    related, comments, chrome = _heading_cues(norm)
    values = [
        math.log1p(n_words), math.log1p(n_chars),
        sample_stop / len(tokens) if tokens else 0.0, math.log1p(round(sample_stop * scale)),
        float(last in _TERMINAL), float(last == ":"),
        math.log1p(len(_SENTENCE_END.findall(text[:20000])) if n_chars < 20000 else n_chars / 120),
        min((sum(map(len, tokens)) or 1) / max(len(tokens), 1), 20.0),
        text.count(",") / max(n_words, 1),
        min(len(_CAPITALISED.findall(head)) / n_alpha, 1.0), min(len(_ALL_CAPS.findall(head)) / n_alpha, 1.0),
        digits, len(_PUNCT.findall(head)) / len(head),
        float(n_chars < _STAMP_CHARS and digits > 0 and cues.DATE.search(text) is not None),
        float(n_chars < _STAMP_CHARS and cues.RELATIVE_TIME.search(text) is not None),
        float(_URL.search(head) is not None),
        float(n_chars < _SEPARATOR_CHARS and _SEPARATORS.search(text) is not None),
        float(_BULLET.match(text) is not None),
        float(not _QUOTES.isdisjoint(text[:5000])),
        sum(map(cues.PERSONAL.__contains__, tokens)) / max(len(tokens), 1),
        float(not cues.REPORTING.isdisjoint(tokens)),
        float(related), float(comments),
        float(cues.is_comment_control(norm, text)),
        float(chrome),
        float(n_chars < _CHROME_CHARS and cues.has_chrome_phrase(lowered)),
        float(n_words <= _BYLINE_WORDS and cues.BYLINE.match(text) is not None),
        float(n_chars < _STAMP_CHARS and cues.CAPTION_CREDIT.search(text) is not None),
    ]
    return values, [t for t in tokens if len(t) >= _CONTENT_MIN_LENGTH and t not in stoplist and not t.isdigit()]


def _word_count(text: str, tokens: list[str]) -> int:
    """Tokens, counting each character of unspaced scripts (CJK, Thai) as a word."""
    if text.isascii():
        return len(tokens)
    return len(tokens) + len(_UNSPACED.findall(text))


_NO_CUES = (False, False, False)


def _heading_cues(norm: str) -> tuple[bool, bool, bool]:
    """(related heading, comments heading, chrome phrase) of a normalised block."""
    return _NO_CUES if len(norm) > cues.HEADING_CHARS else _short_heading_cues(norm)


@functools.lru_cache(maxsize=1 << 16)
def _short_heading_cues(norm: str) -> tuple[bool, bool, bool]:
    # short blocks repeat within and across pages ("Home", "Share"): answers are kept
    return cues.heading_cues(norm)


class ContentTokens:
    """A page's content tokens (words that can carry a topic) as numbers: for each token
    occurrence, its block and its id in `vocabulary`, blocks in page order. Arrays, not a
    list of strings per block: on a page of short lines these lists were much of the
    memory the feature stage took. Numbers are int32 (a page has fewer than 2**31 blocks
    and distinct words: its size limit is far below that); 8 bytes a token in all."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._parts: list[tuple[np.ndarray, np.ndarray]] = []
        self.block = self.token = np.zeros(0, dtype=np.int32)

    def add(self, blocks: np.ndarray, tokens: Sequence[str]) -> None:
        """Occurrences of ``tokens``, each in the block at the same place in ``blocks``."""
        ids = self._ids
        self._parts.append((np.asarray(blocks, dtype=np.int32),
                            np.fromiter((ids.setdefault(t, len(ids)) for t in tokens), np.int32, len(tokens))))

    def close(self) -> "ContentTokens":
        if self._parts:
            parts, self._parts = self._parts, []
            block = np.concatenate([b for b, _ in parts])
            token_parts = [t for _, t in parts]
            del parts  # the parts' block numbers are copied: freed before their tokens are
            token = np.concatenate(token_parts)
            del token_parts
            if len(block) and (np.diff(block) < 0).any():  # long blocks' tokens came after the short ones
                order = np.argsort(block, kind="stable")
                block, token = block[order], token[order]
            self.block, self.token = block, token
        self.vocabulary = tuple(self._ids)
        self._parts, self._ids = [], {}
        return self

    def of(self, i: int) -> list[str]:
        """Block ``i``'s content tokens, in order."""
        lo, hi = np.searchsorted(self.block, [i, i + 1])
        return [self.vocabulary[t] for t in self.token[lo:hi].tolist()]


def page_shapes(texts: Sequence[str], norms: Sequence[str], stoplist: frozenset[str],
                out) -> ContentTokens:
    """`block_shape` of every block, written into ``out`` (``out[rows] = values``: a (blocks,
    `SHAPE_NAMES`) float array, or the first columns of the page's feature table through
    `FeatureTable.rows_writer`); returns the content tokens."""
    content = ContentTokens()
    done = np.zeros(len(texts), dtype=bool)  # (a byte a block: a set of indexes cost ~60)
    for chunk in _short_chunks(texts):
        together = _short_shapes([texts[i] for i in chunk], [norms[i] for i in chunk], stoplist)
        if together is not None:
            out[chunk], (blocks, tokens) = together
            content.add(np.asarray(chunk, dtype=np.int64)[blocks], tokens)
            done[chunk] = True
    rest = np.flatnonzero(~done).tolist()  # long blocks (and chunks measured apart), one by one
    for lo in range(0, len(rest), _LONG_BATCH):
        rows, values, owners, tokens = rest[lo:lo + _LONG_BATCH], [], [], []
        for i in rows:
            row, own = block_shape(texts[i], norms[i], stoplist)
            values.append(row)
            owners += [i] * len(own)
            tokens += own
        out[rows] = values
        content.add(np.array(owners, dtype=np.int64), tokens)
    return content.close()


# Long blocks' rows and tokens are handed over this many blocks at a time: a few arrays for
# the lot rather than two a block (and no page-long list of Python floats).
_LONG_BATCH = 256


# Short blocks are measured together this many characters at a time: the per-character
# work arrays (about 50 bytes a character) then stay under ~2 MB on any page; a typical
# page (16,000 characters) is one run.
_CHUNK_CHARS = 1 << 15


def _short_chunks(texts: Sequence[str]) -> Iterator[list[int]]:
    """The indexes of the short blocks, in page order, in runs of at most `_CHUNK_CHARS`
    (one run at a time: the page's indexes are never all held as Python ints)."""
    chunk: list[int] = []
    size = 0
    for i, text in enumerate(texts):
        if len(text) > _HEAD_CHARS:
            continue
        if size + len(text) > _CHUNK_CHARS and chunk:
            yield chunk
            chunk, size = [], 0
        chunk.append(i)
        size += len(text) + 1
    if chunk:
        yield chunk


# --- short blocks, measured together -----------------------------------------------

SEPARATOR = "\x00"  # joins blocks: no pattern matches it, and a page holding one is measured block by block


class _Joined:
    """Blocks joined by `SEPARATOR`, with each block's [start, end) in the joined text."""

    def __init__(self, texts: Sequence[str]):
        self.text = SEPARATOR.join(texts) + SEPARATOR
        self.lengths = np.fromiter(map(len, texts), np.int64, len(texts))
        self.ends = np.cumsum(self.lengths + 1) - 1
        self.starts = self.ends - self.lengths

    def count(self, mask: np.ndarray) -> np.ndarray:
        """Per block, how many of its characters are set in ``mask`` (a per-character array)."""
        total = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
        return total[self.ends] - total[self.starts]

    def owner(self, positions) -> np.ndarray:
        """The block holding each character position."""
        return np.searchsorted(self.starts, positions, side="right") - 1

    def per_block(self, positions: np.ndarray, weights=None) -> np.ndarray:
        return np.bincount(self.owner(positions), weights=weights, minlength=len(self.starts))

    def hit(self, pattern, where: np.ndarray | None = None, text: str | None = None) -> np.ndarray:
        """Per block, whether ``pattern`` matches inside it, for the blocks in ``where`` (a
        mask; False elsewhere; default: every block): one scan of those blocks joined, from
        ``text`` (default: the joined text itself; or the same length, e.g. lower-cased)."""
        found = np.zeros(len(self.starts), dtype=bool)
        source = self.text if text is None else text
        part, chosen = self, None
        if where is not None:
            chosen = np.flatnonzero(where)
            if not len(chosen):
                return found
            part = _Joined([source[a:b] for a, b in zip(self.starts[chosen].tolist(), self.ends[chosen].tolist())])
            source = part.text
        owners = part.first_matches(pattern, source)
        if owners:
            found[owners if chosen is None else chosen[owners]] = True
        return found

    def first_matches(self, pattern, source: str) -> list[int]:
        """The blocks in which ``pattern`` matches ``source`` (this joined text, or one of the
        same length), in order, one search per block (`first_hits`)."""
        search = pattern.search
        return self.first_hits(lambda at: match.start() if (match := search(source, at)) else -1)

    def first_hits(self, locate) -> list[int]:
        """The blocks holding a hit, in order: ``locate(at)`` is the position of the first hit at
        or after ``at`` (or -1). After a block's first hit the search goes on from the next
        block's start, so a block of many hits (a row of separators, a list of dates) costs one
        search, and a zero-width hit cannot stall the loop. A hit on a separator counts for the
        block before it."""
        starts = self.starts.tolist()
        owners, at = [], 0
        while (position := locate(at)) >= 0:
            block = bisect.bisect_right(starts, position) - 1
            if not owners or owners[-1] != block:
                owners.append(block)
            if block + 1 == len(starts):
                break
            at = starts[block + 1]
        return owners

    def holds(self, literals: Sequence[str], text: str | None = None) -> np.ndarray:
        """Per block, whether it holds any of ``literals`` (found with `str.find`, in C), in
        the joined text or in ``text`` (the same length, e.g. lower-cased)."""
        source = self.text if text is None else text
        found = np.zeros(len(self.starts), dtype=bool)
        for literal in literals:
            if literal in source:  # (most literals are on no block of a page: one scan, no per-block work)
                found[self.first_hits(functools.partial(source.find, literal))] = True
        return found


def blocks_matching(pattern, texts: Sequence[str], prefilter=None, literals: Sequence[str] = ()) -> np.ndarray:
    """Per text, whether ``pattern.search`` finds a match in it: one scan of the texts
    joined, for ``prefilter``, then ``pattern`` itself on the texts the scan found. The
    same answers as searching text by text when every match of ``pattern`` holds a match
    of ``prefilter`` that cannot take in `SEPARATOR`. ``prefilter`` defaults to ``pattern``,
    which suits patterns not anchored at the text's start (``^`` matches only where the
    joined text starts).

    With ``literals`` (lower case; every match of the case-insensitive ``pattern`` holds one),
    the scan is a substring search for them in the lower-cased texts instead, far faster than
    the pattern's own (`cues.MEMBER_STATS` over the short blocks of a wcxb-dev page: 0.95 →
    0.39 ms); where lower-casing changes the texts' length, or they hold a letter only
    case-insensitive matching equates with another (`cues.FOLDED_APART`), the scan is the
    pattern's as without them."""
    found = np.zeros(len(texts), dtype=bool)
    for lo, hi in _spans_of(texts):  # (a page's worth of joined text is never made at once)
        page = _Joined(texts[lo:hi])
        candidates = _holding(page, literals) if literals else None
        if candidates is None:
            candidates = page.hit(prefilter or pattern)
        for i in np.flatnonzero(candidates).tolist():
            found[lo + i] = pattern.search(texts[lo + i]) is not None
    return found


def _holding(page: "_Joined", literals: Sequence[str]) -> np.ndarray | None:
    """Per block of ``page``, whether its lower case holds one of ``literals``; None where that
    cannot stand for a case-insensitive match (see `blocks_matching`)."""
    lowered = page.text.lower()
    if len(lowered) != len(page.text) or cues.FOLDED_APART.search(lowered) is not None:
        return None
    return page.holds(literals, text=lowered)


def _spans_of(texts: Sequence[str]) -> Iterator[tuple[int, int]]:
    """[lo, hi) runs of consecutive texts of about `_CHUNK_CHARS` characters in all (a longer
    text is a run of its own), covering every text in order."""
    if sum(map(len, texts)) + len(texts) <= _CHUNK_CHARS:  # most pages: one run, no loop in Python
        if texts:
            yield 0, len(texts)
        return
    lo = 0
    while lo < len(texts):
        hi, size = lo, 0
        while hi < len(texts) and (size < _CHUNK_CHARS or hi == lo):
            size += len(texts[hi]) + 1
            hi += 1
        yield lo, hi
        lo = hi


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[start, end) of each run of set characters."""
    edges = np.diff(np.concatenate(([0], mask.view(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _short_shapes(texts: Sequence[str], norms: Sequence[str],
                  stoplist: frozenset[str]) -> tuple[np.ndarray, tuple[np.ndarray, list[str]]] | None:
    """`block_shape` of short blocks (≤ `_HEAD_CHARS`), all at once; None when the page holds
    the separator or characters whose lower case changes length (then block by block)."""
    page = _Joined(texts)
    lowered = page.text.lower()
    if page.text.count(SEPARATOR) != len(texts) or len(lowered) != len(page.text):
        return None
    codes = _code_points(page.text)
    flags, lower_flags = _flags_of(codes), char_flags(lowered)
    tokens = _TOKEN.findall(lowered)
    words = _Words(page, lower_flags, tokens, stoplist)
    if words.count is None:
        return None
    counts = _Counts(page, flags)
    # the lower-cased page, where case-sensitive cue patterns find what IGNORECASE ones would
    cased = lowered if cues.FOLDED_APART.search(lowered) is None else None
    n_chars = page.lengths
    n_words = words.count + counts.unspaced
    columns = {
        "log_words": _log1p(n_words), "log_chars": _log1p(n_chars),
        "stop_density": np.where(words.count > 0, words.stop / np.maximum(words.count, 1), 0.0),
        "log_stopwords": _log1p(words.stop),
        "end_punct": counts.last_terminal, "ends_colon": counts.last_colon,
        "log_sentences": _log1p(counts.sentences),
        "mean_word_len": np.minimum(np.where(words.letters > 0, words.letters, 1) / np.maximum(words.count, 1), 20.0),
        "comma_rate": counts.commas / np.maximum(n_words, 1),
        "cap_ratio": np.minimum(counts.capitals / counts.alpha_words, 1.0),
        "upper_ratio": np.minimum(counts.all_caps / counts.alpha_words, 1.0),
        "digit_ratio": counts.digits / n_chars, "punct_ratio": counts.punct / n_chars,
        "has_date": _hit_any_case(page, cues.DATE, (n_chars < _STAMP_CHARS) & (counts.digits > 0), cased),
        "has_reltime": _hit_any_case(page, cues.RELATIVE_TIME, n_chars < _STAMP_CHARS, cased),
        "has_url": page.hit(_URL, page.holds(_URL_LITERALS)),
        "has_separator": (n_chars < _SEPARATOR_CHARS) & (page.count(_separator_at(codes, flags)) > 0),
        "starts_bullet": _starts_bullet(texts),
        "has_quotes": counts.quotes > 0,
        "personal_rate": words.personal / np.maximum(words.count, 1),
        "reporting": words.reporting > 0,
        "chrome_contains": (n_chars < _CHROME_CHARS) & (
            page.holds(cues.CHROME_CONTAINS, text=lowered) | (_code_points(lowered)[page.starts] == ord("©"))),
    }
    columns.update(_cue_columns(page, cased, texts, norms, n_words, n_chars, counts))
    matrix = np.column_stack([np.asarray(columns[name], dtype=np.float64) for name in SHAPE_NAMES])
    return matrix, words.content()


def _hit_any_case(page: _Joined, pattern, where: np.ndarray, cased: str | None) -> np.ndarray:
    """`_Joined.hit` of an IGNORECASE cue ``pattern``: its case-sensitive form (`cues.lowered`)
    over ``cased``, the lower-cased page, two to three times faster; the pattern itself when
    ``cased`` is None (the page holds a letter that only case-insensitive matching equates
    with another, `cues.FOLDED_APART`: Turkish ı, ſ)."""
    if cased is None:
        return page.hit(pattern, where)
    literals = _HELD.get(pattern)
    if literals is not None:
        where = where & page.holds(literals, text=cased)
    return page.hit(_LOWER_CASE[pattern], where, cased)


_LOWER_CASE = {pattern: cues.lowered(pattern) for pattern in (cues.DATE, cues.RELATIVE_TIME, cues.CREDIT_AGENCY)}
# Literals one of which every match of a pattern holds (lower case): the pattern is searched
# for only in the blocks that hold one (on the lower-cased page only: with `cues.FOLDED_APART`
# letters in the page, case-insensitive matching can match a literal the lower case lacks).
# (CREDIT_AGENCY's scan over a wcxb-dev page's short blocks: 0.6 → 0.15 ms.)
_HELD = {cues.RELATIVE_TIME: cues.RELATIVE_TIME_LITERALS, cues.CREDIT_AGENCY: cues.CREDIT_AGENCY_LITERALS}


def word_count(log_words: float) -> int:
    """A block's word count from its ``log_words`` feature. ``math.expm1`` does not give the
    integer back exactly (8 words read 8.000000000000002, 4 read 3.9999999999999996), and rules
    compare counts with integer limits ("at most 8 words"): rounded, a limit holds at its own
    value."""
    return round(math.expm1(log_words))


def word_counts(log_words) -> np.ndarray:
    """`word_count` of each value (a sequence or array), in one step (int64)."""
    return np.rint(np.expm1(np.asarray(log_words, dtype=np.float64))).astype(np.int64)


def _log1p(values: np.ndarray) -> list[float]:
    # math.log1p, not np.log1p: numpy's differs in the last bit for about 1% of integers,
    # and the model's thresholds were learned on math.log1p's values
    return list(map(math.log1p, values.tolist()))


def _separator_at(codes: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """Per character, whether `_SEPARATORS` matches there: a separator mark between two
    spaces (never across blocks: the blocks' separator is no space). Read off the characters'
    classes, not scanned for (the pattern's scan cost 0.3 ms of a wcxb-dev page)."""
    space = (flags & SPACE) != 0
    found = np.zeros(len(codes), dtype=bool)
    found[1:-1] = np.isin(codes[1:-1], _SEPARATOR_CODES) & space[:-2] & space[2:]
    return found


_SEPARATOR_CODES = np.array([ord(c) for c in ITEM_SEPARATOR_MARKS], dtype=np.uint32)


def _starts_bullet(texts: Sequence[str]) -> np.ndarray:
    """Per block, whether it opens with a list bullet: one scan of the blocks' heads joined."""
    heads = _Joined([text[:_BULLET_CHARS] for text in texts])
    found = np.zeros(len(texts), dtype=bool)
    at = np.asarray([m.start() for m in _BULLET_AT_BLOCK_START.finditer(heads.text)], dtype=np.int64)
    block = heads.owner(at)
    found[block[heads.starts[block] == at]] = True
    return found


_BULLET_AT_BLOCK_START = re.compile(rf"(?:^|(?<={SEPARATOR}))" + _BULLET_MARK)
_BULLET_CHARS = 4  # the longest bullet mark with its space: "12) "


def _cue_columns(page, cased, texts, norms, n_words, n_chars, counts) -> dict[str, np.ndarray]:
    """The per-block cues: heading and phrase lists, comment controls, bylines, credits
    (each tested only on the blocks short enough, and credits only where a cheap test allows)."""
    k = len(texts)
    heading = np.array([_heading_cues(n) for n in norms], dtype=bool).reshape(k, 3)
    control = np.zeros(k, dtype=bool)
    byline = np.zeros(k, dtype=bool)
    credit = np.zeros(k, dtype=bool)
    for i in np.flatnonzero(n_chars <= 60).tolist():
        control[i] = cues.is_comment_control(norms[i], texts[i])
    for i in np.flatnonzero(n_words <= _BYLINE_WORDS).tolist():
        byline[i] = cues.BYLINE.match(texts[i]) is not None
    short = n_chars < _STAMP_CHARS
    candidate = short & (counts.colon_or_slash | _hit_any_case(page, cues.CREDIT_AGENCY, short, cased))
    for i in np.flatnonzero(candidate).tolist():
        credit[i] = cues.CAPTION_CREDIT.search(texts[i]) is not None
    return {"related_heading": heading[:, 0], "comments_heading": heading[:, 1], "chrome_phrase": heading[:, 2],
            "comment_control": control, "byline": byline, "caption_credit": credit}


class _Words:
    """Token counts per block, from the lower-cased joined text."""

    def __init__(self, page: _Joined, lower_flags: np.ndarray, tokens: list[str], stoplist: frozenset[str]):
        start, end = _runs((lower_flags & WORD) != 0)
        if len(start) != len(tokens):  # the table and the regex disagree: measure block by block
            self.count = None
            return
        k = len(page.starts)
        length = end - start
        block = page.owner(start)
        stop = np.fromiter(map(stoplist.__contains__, tokens), bool, len(tokens))
        self.count = np.bincount(block, minlength=k)
        self.stop = np.bincount(block, weights=stop, minlength=k).astype(np.int64)
        self.letters = np.bincount(block, weights=length, minlength=k).astype(np.int64)
        self.personal = np.bincount(block, weights=np.fromiter(map(cues.PERSONAL.__contains__, tokens), bool,
                                                               len(tokens)), minlength=k)
        self.reporting = np.bincount(block, weights=np.fromiter(map(cues.REPORTING.__contains__, tokens), bool,
                                                                len(tokens)), minlength=k)
        digit = np.fromiter(map(str.isdigit, tokens), bool, len(tokens))
        keep = np.flatnonzero((length >= _CONTENT_MIN_LENGTH) & ~stop & ~digit)
        self._content = [tokens[i] for i in keep.tolist()]
        self._content_block = block[keep]

    def content(self) -> tuple[np.ndarray, list[str]]:
        """The content tokens and, for each, its block (an index into this run of blocks)."""
        return self._content_block, self._content


class _Counts:
    """Character-class counts per block, from the joined text's own case."""

    def __init__(self, page: _Joined, flags: np.ndarray):
        self.digits = page.count((flags & DIGIT) != 0)
        word = (flags & WORD) != 0
        self.punct = page.count(~word & ((flags & SPACE) == 0))
        self.commas = page.count((flags & COMMA) != 0)
        self.quotes = page.count((flags & QUOTE) != 0)
        self.unspaced = page.count((flags & UNSPACED) != 0)
        self.colon_or_slash = page.count((flags & (COLON | SLASH)) != 0) > 0  # what a credit needs, bar agency names
        last = flags[page.ends - 1]
        self.last_terminal = (last & TERMINAL) != 0
        self.last_colon = (last & COLON) != 0
        self.sentences = page.count(_sentence_ends(flags))
        self.alpha_words = self._alpha_words(page, word, (flags & DIGIT) != 0)
        self.capitals, self.all_caps = self._capitals(page, (flags & REGEX_WORD) != 0, (flags & UPPER) != 0)

    @staticmethod
    def _alpha_words(page: _Joined, word: np.ndarray, digit: np.ndarray) -> np.ndarray:
        """Words that are not numbers (`\\w+` runs less all-digit ones), at least 1."""
        start, end = _runs(word)
        digits = np.concatenate(([0], np.cumsum(digit, dtype=np.int64)))
        number = (digits[end] - digits[start]) == (end - start)
        alpha = page.per_block(start) - page.per_block(start, weights=number).astype(np.int64)
        return np.where(alpha == 0, 1, alpha)

    @staticmethod
    def _capitals(page: _Joined, word: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Words opening with a capital, and all-capital words of two letters or more."""
        boundary = word != np.concatenate(([False], word[:-1]))
        start, end = _runs(word)
        uppers = np.concatenate(([0], np.cumsum(upper, dtype=np.int64)))
        shouting = ((uppers[end] - uppers[start]) == (end - start)) & ((end - start) >= 2)
        return page.count(upper & boundary), page.per_block(start, weights=shouting).astype(np.int64)


def _sentence_ends(flags: np.ndarray) -> np.ndarray:
    """Characters that end a sentence: an end mark, then closing quotes or brackets, then a
    space or the block's end (the separator), as `_SENTENCE_END` reads it."""
    n = len(flags)
    closing = (flags & CLOSING) != 0
    positions = np.arange(n)
    next_open = np.minimum.accumulate(np.where(closing, n - 1, positions)[::-1])[::-1]  # first non-closing at or after
    after = np.concatenate((next_open[1:], [n - 1]))
    space_or_end = ((flags & SPACE) != 0) | ((flags & SEP) != 0)
    return ((flags & END) != 0) & space_or_end[after]


def normalise_many(texts: Sequence[str]) -> list[str]:
    """`cues.normalise` of every text (the same strings), for a whole page at once: the
    texts' heads joined and lower-cased, each run of digits, punctuation, symbols and
    spaces made one space by table lookup, then split and stripped (`_CHUNK_CHARS` at a
    time, so the work arrays stay small on any page)."""
    heads = [text[:_NORMALISED_CHARS] for text in texts]
    out: list[str] = []
    for lo, hi in _spans_of(heads):
        out += _normalise_run(heads[lo:hi])
    return out


def _normalise_run(heads: list[str]) -> list[str]:
    lowered = SEPARATOR.join(heads).lower()
    if lowered.count(SEPARATOR) != len(heads) - 1:
        return [cues.normalise(text) for text in heads]
    codes = _code_points(lowered)
    blank = (_flags_of(codes) & (DROPPED | REGEX_SPACE)) != 0
    run_head = blank & ~np.concatenate(([False], blank[:-1]))
    kept = np.where(blank, np.uint32(ord(" ")), codes)[~blank | run_head].astype("<u4", copy=False)
    return [norm.strip() for norm in kept.tobytes().decode("utf-32-le", "surrogatepass").split(SEPARATOR)]


_NORMALISED_CHARS = 200  # what `cues.normalise` reads of a text


# --- per-character classes ----------------------------------------------------------

(WORD, REGEX_WORD, SPACE, DIGIT, UPPER, UNSPACED, END, CLOSING, TERMINAL, QUOTE, COMMA, COLON, SLASH,
 SEP, DROPPED, REGEX_SPACE) = (1 << i for i in range(16))
# Each class is the very pattern (or character set) `block_shape` uses, so the two agree.
_PATTERN_CLASSES = (
    (WORD, re.compile(r"\w")),  # `re`'s \w: tokens, numbers, punctuation
    (REGEX_WORD, regex.compile(r"\w")),  # `regex`'s \w: the word boundaries of capitals
    (SPACE, re.compile(r"\s")),
    (DIGIT, _DIGIT),
    (UPPER, regex.compile(r"\p{Lu}")),
    (UNSPACED, _UNSPACED),
    (DROPPED, cues.NORMALISE_DROPPED),  # what `cues.normalise` blanks out
    (REGEX_SPACE, cues.NORMALISE_SPACE),  # and the spaces it collapses
)
_SET_CLASSES = (
    (END, _SENTENCE_END_CHARS), (CLOSING, _CLOSING_CHARS), (TERMINAL, _TERMINAL), (QUOTE, _QUOTES),
    (COMMA, ","), (COLON, ":"), (SLASH, "/"), (SEP, SEPARATOR),
)
_BMP = 0x10000


@functools.lru_cache(maxsize=1)
def _table() -> np.ndarray:
    """Class bits of every character of the Basic Multilingual Plane (built once, ~20 ms)."""
    chars = "".join(map(chr, range(_BMP)))
    table = np.zeros(_BMP, dtype=np.uint16)
    for bit, pattern in _PATTERN_CLASSES:
        marked = _code_points(pattern.sub(SEPARATOR, chars)) == 0  # each match is one character
        marked[0] = pattern.match(SEPARATOR) is not None
        table[marked] |= bit
    for bit, members in _SET_CLASSES:
        table[[ord(c) for c in members]] |= bit
    table.flags.writeable = False
    return table


@functools.lru_cache(maxsize=4096)
def _astral_flags(code: int) -> int:
    char = chr(code)
    return sum(bit for bit, pattern in _PATTERN_CLASSES if pattern.match(char))


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def char_flags(text: str) -> np.ndarray:
    """The class bits of each character of ``text``."""
    return _flags_of(_code_points(text))


def _flags_of(codes: np.ndarray) -> np.ndarray:
    flags = _table()[np.minimum(codes, _BMP - 1)]
    for i in np.flatnonzero(codes >= _BMP).tolist():  # emoji and rare scripts: a few per page
        flags[i] = _astral_flags(int(codes[i]))
    return flags
