"""Rules at the edges of the decoded article, applied before `sections` names the rest.

The decoder reads the page as one article with gaps; these rules correct its edges
with evidence the trees see only weakly:

- a headline-shaped first line (no sentence end, followed by prose) is the title,
  not body: it is handed back to the part before the article, where `sections`
  names it;
- short fragments without a sentence end at the article's tail ("Tags", "#topic",
  "Download our app") are furniture (text input only: on HTML the model reads the markup
  around the tail, and the rule took more content than furniture, see `fix_edges`);
- a short block inside the article that is a chrome phrase ("Share on Facebook",
  "Advertisement") is a gap;
- an inline teaser inside the article ("Read also: …", "Lesen Sie auch: …") is related;
- a menu row inside the article ("Home | News | Sport | Weather", a breadcrumb trail
  "Home / Travel / Europe / Spain") is a gap.
"""
from __future__ import annotations

import re
from typing import Sequence

from . import cues, shape
from .model import Block, Label

BEFORE, BODY, GAP, AFTER = range(4)

_HEADLINE_WORDS = (3, 30)
_PROSE_WORDS = 12  # the line after a headline is a paragraph of at least this many words
_FRAGMENT_WORDS = 10  # tail fragments are shorter than this
_INLINE_CHROME_WORDS = 8
# A menu row: at least _MENU_ITEMS items of at most _MENU_ITEM_WORDS words each between
# separators set off by spaces (the marks of the `has_separator` feature, `shape`, and the
# breadcrumb arrow ">"), and no sentence end. On wcxb-dev's train and tune splits rendered by inscriptis, 22 body blocks had
# that shape; 20 were menus, footers, breadcrumbs and post meta ("Guidelines | FAQ | Lists |
# API", "10 months ago · 154 likes · 10 comments"), 2 a product's feature list in its gold.
_MENU_SEPARATOR = re.compile(rf"\s[{re.escape(shape.ITEM_SEPARATOR_MARKS + '>')}]\s")
_MENU_ITEMS, _MENU_ITEM_WORDS = 4, 3
_MENU_MAX_WORDS = 60  # a block longer than this is read no further: a menu row is a line, not a paragraph


def _words(block: Block) -> int:
    return shape.word_count(block.features["log_words"])


def _mark(block: Block, label: Label, rule: str) -> Block:
    return block.labelled(label, max(block.confidence, 1.0 - block.confidence), (f"rule: {rule}",) + block.evidence)


def fix_edges(blocks: Sequence[Block], states: Sequence[int], tail: bool = True) -> tuple[list[Block], list[int]]:
    """The blocks and decoder states with the article's edges corrected; ``tail``: whether
    short fragments at its tail are cut. `classify` cuts them on text input only: on
    wcxb-dev's train and tune pages in html mode the cut took 3,669 gold-body tokens (list
    items and table rows of listings and collections) for 1,928 others, and html word F1
    rose 0.8697 -> 0.8743 without it (test split 0.8739 -> 0.8752); in text mode it took
    1,660 gold tokens for 2,826 others, and stays."""
    out, st = list(blocks), list(states)
    body = [i for i, s in enumerate(st) if s == BODY]
    if not body:
        return out, st
    _headline_out(out, st, body)
    _inline(out, st)
    if tail:
        _tail(out, st)
    return out, st


def _headline_out(out: list[Block], st: list[int], body: list[int]) -> None:
    first = body[0]
    b = out[first]
    f = b.features
    if not any(_words(out[i]) >= _PROSE_WORDS for i in body[1:4]):  # prose follows (past a photo credit)
        return
    ends_like_headline = not f["end_punct"] or b.text.endswith(("?", "!"))
    if ends_like_headline and _HEADLINE_WORDS[0] <= _words(b) <= _HEADLINE_WORDS[1] and not f["starts_bullet"] \
            and not f["byline"] and not f["caption_credit"]:
        st[first] = BEFORE
        out[first] = _mark(b, Label.CHROME, "headline-shaped opening line, before the article's prose")


def _inline(out: list[Block], st: list[int]) -> None:
    for i, s in enumerate(st):
        if s != BODY:
            continue
        b = out[i]
        head, colon, _ = b.text.partition(":")
        if colon and len(head) < 40 and cues.is_related_heading(cues.normalise(head)):
            st[i] = GAP
            out[i] = _mark(b, Label.RELATED, "inline teaser ('Read also: …') inside the article")
        elif _words(b) <= _INLINE_CHROME_WORDS and (b.features["chrome_phrase"] or b.features["chrome_contains"]):
            st[i] = GAP
            out[i] = _mark(b, Label.CHROME, "chrome phrase inside the article")
        elif _menu_row(b):
            st[i] = GAP
            out[i] = _mark(b, Label.CHROME, "a menu row inside the article (short items between separators)")


def _menu_row(block: Block) -> bool:
    if block.features["end_punct"] or _words(block) > _MENU_MAX_WORDS:
        return False
    items = _MENU_SEPARATOR.split(block.text.strip())
    return len(items) >= _MENU_ITEMS and all(0 < len(item.split()) <= _MENU_ITEM_WORDS for item in items)


def _tail(out: list[Block], st: list[int]) -> None:
    body = [i for i, s in enumerate(st) if s == BODY]
    for i in reversed(body[1:]):
        b = out[i]
        if _words(b) >= _FRAGMENT_WORDS or b.features["end_punct"]:
            break
        st[i] = AFTER
        out[i] = _mark(b, Label.CHROME, "short fragment at the article's tail")
    last = max((i for i, s in enumerate(st) if s == BODY), default=-1)
    for i in range(last + 1, len(st)):  # gaps after the new tail are after the article
        if st[i] == GAP:
            st[i] = AFTER
