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


def segment(source: str, config: Config) -> tuple[Block, ...]:
    """Split ``source`` into blocks, in input order."""
    if config.segment == "paragraph" or (config.segment == "auto" and looks_hard_wrapped(source)):
        return _blocks(source, _paragraph_spans(source))
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
