"""segment: text → blocks.

A block is one non-empty line of the input (what scrapers produce: one paragraph,
menu item or heading per line); for hard-wrapped text, one run of non-blank lines;
for text printed one HTML text node a line, a line with the lines that continue its
sentence. Each block's text is the input's own slice (surrounding white space
trimmed) with its character offsets, so ``source[b.start:b.end] == b.text``.
"""
from __future__ import annotations

import re

from .config import Config
from .model import Block, new_block

_LINE = re.compile(r"[^\r\n]+")
# A blank-line break starts at a line break, so a long run of spaces is scanned once
# (starting the match at the spaces made every space of a run rescan the rest: quadratic).
_BLANK_LINES = re.compile(r"(?:\r\n|\r|\n)(?:[ \t\f\v\u00a0]*(?:\r\n|\r|\n))+")

# Hard-wrap detection (Config.segment="auto"): text counts as hard-wrapped when most
# non-empty lines sit in multi-line paragraphs and those lines are short, as in e-mail,
# plain-text archives and terminal dumps (wrapped at 60-80 columns). Scraper output
# keeps one paragraph per line, so its lines inside runs are rarely all that short.
_WRAP_MIN_LINES = 8
_WRAP_SHARE_IN_RUNS = 0.6
_WRAP_MAX_P90_LENGTH = 100
_WRAP_MIN_MEDIAN_LENGTH = 40  # menus are runs of short lines too, but far shorter than this
_WRAP_MIN_MEDIAN_TO_P90 = 0.7  # wrapped lines fill most of the column; menu items vary


# Text printed one HTML text node a line (BeautifulSoup's ``get_text("\n")``, a join of
# XPath's ``//text()``) breaks a sentence at each link or bold word: "Think again, my" /
# "friend." A line that opens with punctuation after a line that ended no sentence is the
# mark of it; renderers that keep inline text together print it rarely. Config.segment="auto"
# rejoins when a page has at least `_REJOIN_MIN_BREAKS` such lines, and they are at least
# `_REJOIN_MIN_SHARE` of its lines. On wcxb-dev's train and tune pages (1,111) rendered a
# text node a line, this holds for 425; of the same pages rendered by html-text, for none,
# by inscriptis, for one (docs/pipeline.md, segment). The two were chosen on those pages'
# mean word F1, train and tune: at 3 lines and 1% (626 pages found) +0.0090 / +0.0104, at
# 3 and 2% +0.0106 / +0.0085, at 5 and 2% +0.0109 / +0.0087, at 8 and 2% +0.0106 / +0.0075,
# at 5 and 3% +0.0094 / +0.0079: pages with a few such lines lose more than they gain.
_REJOIN_MIN_BREAKS = 5
_REJOIN_MIN_SHARE = 0.02
_SENTENCE_END = ".!?"
_CONTINUING_PUNCT = ",.;:)!?"  # a line opening with one of these goes on from the one before
_SCAN_CHARS = 200_000  # the page's head the detectors read: enough lines to judge, bounded cost


def segment(source: str, config: Config) -> tuple[Block, ...]:
    """Split ``source`` into blocks, in input order."""
    mode = config.segment
    if mode == "auto":
        head = _head_lines(source)  # read once for both detectors
        mode = "paragraph" if _hard_wrapped(head) else "rejoin" if _split_inline(head) else "line"
    if mode == "paragraph":
        return _blocks(source, _paragraph_spans(source))
    if mode == "rejoin":
        return _blocks(source, _rejoined_spans(source))
    return _blocks(source, _line_spans(source))


def _line_spans(source: str):
    for match in _LINE.finditer(source):
        yield match.start(), match.end()


def _paragraph_spans(source: str):
    start = 0
    for match in _BLANK_LINES.finditer(source):
        yield start, match.start()
        start = match.end()
    yield start, len(source)


def _rejoined_spans(source: str):
    """Line spans, a line that continues the sentence of the line just before it (no blank
    line between) joined to it: one opening in lower case, or with punctuation that goes on
    (not an ellipsis), after a line that ends no sentence."""
    start = end = None
    last = ""
    for lo, hi in _line_spans(source):
        text = source[lo:hi].strip()
        if not text:  # a line of white space is a blank line: it ends the paragraph
            if start is not None:
                yield start, end
            start = None
            continue
        if start is not None and _continues(last, text) and source[end:lo] in ("\n", "\r\n", "\r"):
            end = hi
        else:
            if start is not None:
                yield start, end
            start, end = lo, hi
        last = text
    if start is not None:
        yield start, end


def _continues(before: str, line: str) -> bool:
    """Whether ``line`` goes on with the sentence ``before`` left open (both stripped)."""
    return before[-1] not in _SENTENCE_END and (line[0].islower() or _opens_with_punctuation(line))


def _opens_with_punctuation(line: str) -> bool:
    """``line`` (stripped) opens with punctuation that goes on from a line before: a mark
    alone ("." / ",") or one followed by a space and a word (", and the" / ") said"). Not code,
    where such lines are common: ".filter(x)", ");", "))}", "::before", ") {"."""
    if line[0] not in _CONTINUING_PUNCT:
        return False
    if len(line) == 1:
        return line != ")"
    return line[1].isspace() and (line[2:3].isalnum() or line[2:3] in _QUOTES)


_QUOTES = frozenset("\"'“‘«„")


def _head_lines(source: str) -> list[str]:
    """The lines of the page's head that the detectors read, stripped."""
    return [line.strip() for line in source[:_SCAN_CHARS].splitlines()]


def looks_split_inline(source: str) -> bool:
    """True when the text looks printed one HTML text node a line (see `_REJOIN_MIN_BREAKS`):
    lines opening with punctuation after a line that ended no sentence."""
    return _split_inline(_head_lines(source))


def _split_inline(head: list[str]) -> bool:
    lines = breaks = 0
    last = None  # the line before, stripped; None after a blank line
    for text in head:
        if not text:
            last = None
            continue
        lines += 1
        if last is not None and last[-1] not in _SENTENCE_END and _opens_with_punctuation(text):
            breaks += 1
        last = text
    return breaks >= _REJOIN_MIN_BREAKS and breaks >= _REJOIN_MIN_SHARE * lines


def _blocks(source: str, spans) -> tuple[Block, ...]:
    blocks = []
    for start, end in spans:
        text = source[start:end]
        stripped = text.strip()
        if not stripped:
            continue
        start += len(text) - len(text.lstrip())
        blocks.append(new_block(len(blocks), stripped, start, start + len(stripped)))
    return tuple(blocks)


def looks_hard_wrapped(source: str) -> bool:
    """True when most lines are short lines of multi-line paragraphs (hard-wrapped prose)."""
    return _hard_wrapped(_head_lines(source))


def _hard_wrapped(head: list[str]) -> bool:
    runs: list[list[int]] = [[]]
    for text in head:
        length = len(text)
        if length:
            runs[-1].append(length)
        elif runs[-1]:
            runs.append([])
    lines = [n for run in runs for n in run]
    wrapped = sorted(n for run in runs if len(run) > 1 for n in run[:-1])
    if len(lines) < _WRAP_MIN_LINES or not wrapped:
        return False
    in_runs = sum(len(run) for run in runs if len(run) > 1)
    p90 = wrapped[int(0.9 * (len(wrapped) - 1))]
    median = wrapped[len(wrapped) // 2]
    return (
        in_runs / len(lines) >= _WRAP_SHARE_IN_RUNS
        and p90 <= _WRAP_MAX_P90_LENGTH
        and median >= max(_WRAP_MIN_MEDIAN_LENGTH, _WRAP_MIN_MEDIAN_TO_P90 * p90)
        and len(runs) > 2
    )
