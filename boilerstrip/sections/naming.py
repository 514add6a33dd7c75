"""The parts around the body: headline, byline and captions before it, captions in its
gaps, forum posts kept, and the sections after it opened by a heading or teasers.
"""
from __future__ import annotations

import numpy as np

from .. import pagetype
from ..model import Block, Label
from .common import (GAP, _SPILLOVER_MAX_COHESION, _SPILLOVER_MIN_WORDS, _TITLE_WORDS, _comments_heading, _relabel,
                     _teaser, _words)


# Title search: the headline sits within this many blocks before the body starts.
_TITLE_WINDOW = 8
_TITLE_MIN_COHESION = 0.3  # a headline shares words with its article

# A caption is one short sentence; longer prose next to a credit, or more than one sentence,
# is the article's lede. (One sentence: on trafilatura-eval's HTML pages the rule had taken
# 21 must-keep snippets, mostly ledes after a credit, for 2 must-drop ones; with it 8 for 1.
# On wcxb-dev in html mode it cut 20 blocks, 6 of them gold body, and then 14, 5 of them gold.)
_CAPTION_MAX_WORDS = 45
_POST_TEXT_WORDS = 6
_ONE_SENTENCE = 0.7  # a forum post's text block (shorter ones are names, counts, links)


def _keep_posts(out: list[Block]) -> None:
    """On a forum page, the text of every marked post is body, wherever the decoder put it."""
    for found in pagetype.threads(out):
        marks = set(found.marks)
        for j in range(found.start, found.posts[-1] + 1):
            b = out[j]
            if b.features["related_heading"]:
                break  # "Related topics": other threads' titles and dates, no more posts
            if j not in marks and b.label is Label.CHROME and _words(b) >= _POST_TEXT_WORDS \
                    and not (b.features["chrome_phrase"] or b.features["chrome_contains"]):
                out[j] = _relabel(b, Label.BODY, "post text in a forum thread")


def name_head(out: list[Block], first: int) -> None:
    """Title, byline and captions just before (or opening) the body."""
    start = max(0, first - _TITLE_WINDOW)
    credit_at = [i for i in range(start, min(first + 2, len(out))) if out[i].features["caption_credit"]]
    for i in credit_at:
        out[i] = _relabel(out[i], Label.CAPTION, "photo credit at the article's head")
        for j in (i - 1, i + 1):  # a caption usually precedes its credit; one caption per credit
            if 0 <= j < len(out) and j <= first + 1 and _caption_sentence(out[j]):
                out[j] = _relabel(out[j], Label.CAPTION, "short sentence beside a photo credit at the article's head")
                break
    for i in range(start, min(first + 1, len(out))):
        if out[i].features["byline"] and out[i].label in (Label.CHROME, Label.BODY):
            out[i] = _relabel(out[i], Label.BYLINE, "byline cue ('By …') next to the article start")
    for i in range(min(first, len(out)) - 1, start - 1, -1):
        if out[i].label is Label.CHROME and _headline_shaped(out[i]):
            out[i] = _relabel(out[i], Label.TITLE, "headline shape just before the article")
            break


def _caption_sentence(block: Block) -> bool:
    f = block.features
    return (block.label in (Label.BODY, Label.CHROME) and bool(f["end_punct"]) and not f["caption_credit"]
            and 5 <= _words(block) <= _CAPTION_MAX_WORDS and f["log_sentences"] <= _ONE_SENTENCE)


def _headline_shaped(block: Block) -> bool:
    f = block.features
    words = _words(block)
    ends_like_headline = not f["end_punct"] or block.text.endswith(("?", "!"))
    cued = f["chrome_phrase"] or f["chrome_contains"] or f["repeated"] or f["has_reltime"] or f["byline"]
    return (
        _TITLE_WORDS[0] <= words <= _TITLE_WORDS[1]
        and ends_like_headline
        and f["cohesion"] >= _TITLE_MIN_COHESION
        and not cued
    )


def _name_gaps(out: list[Block], states: np.ndarray) -> None:
    for i, s in enumerate(states):
        if s == GAP and out[i].features["caption_credit"]:
            out[i] = _relabel(out[i], Label.CAPTION, "photo credit inside the article")


def _name_after(out: list[Block], last: int, comments: bool = True) -> None:
    """Sections after the article: comments or related, opened by a heading or teasers.
    With ``comments`` off (forum pages), comment headings open no section."""
    section: Label | None = None
    for i in range(last + 1, len(out)):
        b = out[i]
        f = b.features
        if f["related_heading"]:
            section = Label.RELATED
            out[i] = _relabel(b, Label.RELATED, "related-section heading")
        elif comments and _comments_heading(b):
            section = Label.COMMENTS
            out[i] = _relabel(b, Label.COMMENTS, "comment-section heading")
        elif b.label is not Label.CHROME and b.label is not Label.BODY:
            continue  # already named (e.g. spillover)
        elif f["chrome_phrase"] or f["chrome_contains"]:
            out[i] = _relabel(b, Label.CHROME, "chrome cue after the article")
        elif section is not Label.RELATED and _teaser(out, i):
            section = Label.RELATED
            out[i] = _relabel(b, Label.RELATED, "teaser (source, time stamp, headline) opening other stories")
        elif section is not None:
            out[i] = _relabel(b, section, f"inside the {section.value} section")
        elif f["has_reltime"] and _next_is_other_story(out, i):
            section = Label.RELATED
            out[i] = _relabel(b, Label.RELATED, "teaser (time stamp) opening other stories")


def _next_is_other_story(out: list[Block], i: int) -> bool:
    for b in out[i + 1:i + 5]:
        if _words(b) >= _SPILLOVER_MIN_WORDS:
            return b.features["cohesion"] <= _SPILLOVER_MAX_COHESION
    return False
