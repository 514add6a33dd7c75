"""segment: text → blocks.

A block is one non-empty line of the input (what scrapers produce: one paragraph,
menu item or heading per line) or, for hard-wrapped text, one run of non-blank
lines. Each block's text is the input's own slice (surrounding white space
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


# Inside a paragraph of text found hard-wrapped, a line break is the wrap's only when the
# next line's first word would not have fitted on the line; otherwise someone broke the
# line on purpose (a teaser's source name, a list item, a short line of a signature), and
# the block ends there. The column is the 90th percentile of the wrapped lines' lengths,
# which is at most the true column on wrapped text, so no break the wrap made is taken for
# a deliberate one. A line longer than the column by more than a quarter is no wrapped line
# (text pasted in unwrapped) and ends its block too. Auto mode only: Config.segment =
# "paragraph" keeps every run of lines whole.
_WRAP_LONG_LINE = 1.25


def segment(source: str, config: Config) -> tuple[Block, ...]:
    """Split ``source`` into blocks, in input order."""
    if config.segment == "paragraph":
        return _blocks(source, _paragraph_spans(source))
    if config.segment == "auto":
        column = wrap_column(source)
        if column:
            return _blocks(source, _unwrapped_spans(source, column))
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


def _unwrapped_spans(source: str, column: int):
    """Paragraph spans, each split after a line that was broken on purpose (see above)."""
    for start, end in _paragraph_spans(source):
        lines = [m.span() for m in _LINE.finditer(source, start, end)]
        lo = start
        for (a, b), (c, d) in zip(lines, lines[1:]):
            line, following = source[a:b].strip(), source[c:d].strip()
            if _broken_on_purpose(len(line), len(following.split(maxsplit=1)[0]) if following else 0, column):
                yield lo, b
                lo = c
        yield lo, end


def _broken_on_purpose(length: int, next_word: int, column: int) -> bool:
    return length + 1 + next_word <= column or length > _WRAP_LONG_LINE * column


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
    return wrap_column(source) > 0


def wrap_column(source: str) -> int:
    """The column hard-wrapped text is wrapped at (the 90th percentile of the lengths of the
    lines inside its paragraphs), or 0 when the text does not look hard-wrapped."""
    runs: list[list[int]] = [[]]
    for line in source[:200_000].splitlines():
        length = len(line.strip())
        if length:
            runs[-1].append(length)
        elif runs[-1]:
            runs.append([])
    lines = [n for run in runs for n in run]
    wrapped = sorted(n for run in runs if len(run) > 1 for n in run[:-1])
    if len(lines) < _WRAP_MIN_LINES or not wrapped:
        return 0
    in_runs = sum(len(run) for run in runs if len(run) > 1)
    p90 = wrapped[int(0.9 * (len(wrapped) - 1))]
    median = wrapped[len(wrapped) // 2]
    wrapped_text = (
        in_runs / len(lines) >= _WRAP_SHARE_IN_RUNS
        and p90 <= _WRAP_MAX_P90_LENGTH
        and median >= max(_WRAP_MIN_MEDIAN_LENGTH, _WRAP_MIN_MEDIAN_TO_P90 * p90)
        and len(runs) > 2
    )
    return p90 if wrapped_text else 0
