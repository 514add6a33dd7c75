"""What kind of page this is: an ``article`` (one text, perhaps followed by comments) or a
``forum`` (a thread of posts, which are the main content).

Both kinds hold the same furniture: posts and reader comments are introduced or closed
by *marks* — a user line with a time stamp ("Greg T. · 4 March 2025 at 7:12 am",
"by jdoe writes: on Friday @11:51AM"), a reply/quote/like row, member statistics
("410 posts · Joined 2002"), "X says:". A *thread* is a run of marks with post text
between them (`threads`). Two things make a page a forum:

- the thread carries furniture only forums print (member statistics, Q&A
  "asked/answered" stamps and vote counts, numbered posts "#12"); blog and news comment
  systems print names, times and reply links only;
- the page's first thread with such furniture starts before any long run of unmarked
  prose: an article with comments has its article there.

`judge(blocks)` returns the kind with the evidence that decided it; `annotate` records it
on `Document.page_type`. On a forum page the rules of `sections` that demote posts (comment
threads, comment sections, an unmarked trailing comment, spilled-over stories) do not run:
the posts stay body.
"""
from __future__ import annotations

import dataclasses
import math
import re
from typing import Sequence

import numpy as np
import regex

from . import cues, shape
from .model import Block

# A mark is a short block: at most this many words and characters.
_MARK_WORDS = 25
MARK_CHARS = 250
# A post's text: a block of at least this many words that is not a mark.
_POST_WORDS = 6
# Marks further apart than this many blocks belong to different threads. Only blocks that
# hold a letter count (`within_gap`): renderers print a nested list's bullet, or each of a
# vote control's digits, on a line of its own (inscriptis: "*", "+", "5", "4", …), and those
# lines stretch a comment box in blocks far beyond its text. Counted so (the comment heading's
# reach above a thread, `sections.comments._heading_above`, too), wcxb-dev word F1 moved on 8
# pages of the inscriptis rendering (train 0.81953 -> 0.82040, tune 0.84039 -> 0.84040: a news
# story with a reader thread 0.13 -> 0.86, two forum threads' tails -0.02), 3 of html-text's
# (train 0.82441 -> 0.82440, tune the same) and 1 in html mode (one of those forum threads;
# train 0.87993 -> 0.87991); dragnet-train and the synthetic spillover pages did not move.
_MAX_MARK_GAP = 20
# A thread needs this many marked posts (a mark followed by post text).
_MIN_POSTS = 3
# Forum when at least _MIN_FURNITURE of a thread's marks are furniture that only threads
# print (member statistics, Q&A "asked/answered" stamps, vote counts, numbered posts), and
# the page's first thread starts before any run of unmarked prose of _MAX_LEAD_WORDS words
# (an article with comments has its article there). Chosen on wcxb-dev and dragnet-train
# rendered by html-text (docs/comments-and-related.md): 55 of 112 wcxb-dev forum pages
# are judged forum, 2 of 711 article pages, 7 of 535 other pages, 5 of the 283
# dragnet-train articles with comments (with 150 words: 47, 1, 5 and 2); 0 of the dragnet-train
# pages since post numbers are at most five digits (`_POST_NUMBER`); 69 of the 112 forum pages
# since a post number printed bare after the clock counts (`_BARE_POST_NUMBER`), no other page
# more.
_MIN_FURNITURE = 3
_MAX_LEAD_WORDS = 300

ARTICLE, FORUM = "article", "forum"

_TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s?(?:[ap]\.?m\.?|uhr|h)?\b|@\s?\d{1,2}:\d{2}", re.IGNORECASE)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?!\d)")  # 12:13, 09:02PM
_COLON = re.compile(":")  # what every _CLOCK holds (searched for first: 0.35 → 0.15 ms a page)
# A post number is the post's ordinal in its thread ("#12"), up to five digits: a longer
# number after "#" is a comment system's permalink id ("(#40750343)" beside each reader
# comment under a news story), which article pages print as much as forums.
_POST_NUMBER = re.compile(r"(?:^|[\s·|(])#\d{1,5}\b")
_NUMBER_SIGN = re.compile(r"#\d{1,5}\b")  # what every _POST_NUMBER holds
# What only threads print beside a post: Q&A "asked/answered <when>", vote and answer counts.
_QA_FURNITURE = re.compile(
    r"^(?:asked|answered|edited|modified)\s.{0,40}\d|^\d[\d.,]*k?\s(?:votes?|answers?|points?|upvotes?)\b",
    re.IGNORECASE)
_WORD = regex.compile(r"\w+")
# A post's ordinal printed bare after its user line's clock time, ending the line ("jdoe June 2,
# 2024, 3:24pm 12": Discourse and its kin number every post so, with no "#").
_BARE_POST_NUMBER = re.compile(r"\d{1,2}:\d{2}\s?(?:[ap]\.?m\.?)?\s+\d{1,5}$", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Thread:
    """The marked thread of a page: block indexes of its marks and of its post texts."""

    marks: tuple[int, ...]
    posts: tuple[int, ...]  # the first text block after each mark cluster
    lead_words: float  # words of the longest unmarked prose run before the first mark
    thread_words: float  # words of text blocks from the first mark to the last post
    personal: float  # mean first/second-person rate of the post texts
    furniture: int  # marks that only forums print: member statistics, post numbers

    @property
    def start(self) -> int:
        return self.marks[0] if self.marks else -1


def _words(block: Block) -> int:
    return shape.word_count(block.features["log_words"])


def is_mark(block: Block) -> bool:
    """A post's or comment's furniture: user line with a time, controls, member stats, 'X says:'."""
    text = block.text
    if len(text) > MARK_CHARS or _words(block) > _MARK_WORDS:
        return False
    f = block.features
    if f.get("dom_is_pre"):
        return False  # HTML: a line of code or of a console log, whatever clock times it prints
    if f["comment_control"] or cues.is_control_row(cues.normalise(text)) or cues.MEMBER_STATS.search(text):
        return True
    if _POST_NUMBER.search(text) and _words(block) <= 8:
        return True
    stamp = f["has_reltime"] or f["has_date"] or _CLOCK.search(text) is not None
    return bool(stamp) and not f["end_punct"] or bool(stamp) and _words(block) <= 12


def marks(blocks: Sequence[Block]) -> list[bool]:
    """`is_mark` of every block: the ``thread_mark`` feature `features` computed with
    `page_marks`, or computed here for blocks without it."""
    if blocks and "thread_mark" in blocks[0].features:
        from .features import column  # (features imports this module)

        return (column(blocks, "thread_mark") != 0).tolist()
    f = [b.features for b in blocks]
    texts = [b.text for b in blocks]
    return page_marks(texts, [cues.normalise(t) for t in texts], *(
        [v[name] for v in f] for name in ("log_words", "comment_control", "has_reltime", "has_date", "end_punct")),
        preformatted=[bool(v.get("dom_is_pre")) for v in f])


def page_marks(texts: Sequence[str], norms: Sequence[str], log_words, comment_control, reltime, date,
               end_punct, preformatted=None) -> list[bool]:
    """`is_mark` of every block of a page from its texts, `cues.normalise`d texts and these
    features (sequences or arrays, one value a block), each pattern run once over the page
    (the same answers). Only short blocks can be marks: only their values are read.
    ``preformatted``: per block, whether it is a line of an HTML ``<pre>`` (never a mark)."""
    short_enough = np.fromiter(map(len, texts), np.int64, len(texts)) <= MARK_CHARS
    if preformatted is not None:
        short_enough &= ~np.asarray(preformatted, dtype=bool)
    brief = np.flatnonzero(short_enough)
    counts = shape.word_counts(np.asarray(log_words)[brief])
    few = counts <= _MARK_WORDS
    short, counts = brief[few], counts[few].tolist()
    # the flags as Python bools (shared objects: no float object a block on huge pages)
    comment_control, reltime, date, end_punct = (
        (np.asarray(column)[short] != 0).tolist() for column in (comment_control, reltime, date, end_punct))
    short = short.tolist()
    some = [texts[i] for i in short]
    member = shape.blocks_matching(cues.MEMBER_STATS, some, literals=cues.MEMBER_STATS_LITERALS)
    number = shape.blocks_matching(_POST_NUMBER, some, prefilter=_NUMBER_SIGN)
    clock = shape.blocks_matching(_CLOCK, some, prefilter=_COLON)
    out = [False] * len(texts)
    for k, i in enumerate(short):
        n = counts[k]
        if comment_control[k] or cues.is_control_row(norms[i]) or member[k] or number[k] and n <= 8:
            out[i] = True
            continue
        stamp = reltime[k] or date[k] or clock[k]
        out[i] = bool(stamp) and (not end_punct[k] or n <= 12)
    return out


def _is_text(block: Block) -> bool:
    return _words(block) >= _POST_WORDS


def threads(blocks: Sequence[Block], start: int = 0) -> list[Thread]:
    """Every run of marks with post text between them, from block ``start`` on, in page order."""
    marked = [i for i, mark in enumerate(marks(blocks[start:]), start) if mark]
    found: list[Thread] = []
    run: list[int] = []
    for m in marked + [math.inf]:
        if run and (m == math.inf or _gap_exceeded(blocks, run[-1], m)):
            one = _as_thread(blocks, run)
            if one is not None:
                found.append(one)
            run = []
        run.append(m)
    return found


_LETTER = regex.compile(r"\p{L}")


def _holds_letter(block: Block) -> bool:
    return _LETTER.search(block.text) is not None


def within_gap(blocks: Sequence[Block], start: int, stop: int):
    """Block indices from ``start`` towards ``stop`` (not included; either direction) while at
    most `_MAX_MARK_GAP` of the blocks passed hold a letter: the reach between a thread's marks,
    and of a comment heading above a thread."""
    step, worded = (1 if stop >= start else -1), 0
    for j in range(start, stop, step):
        worded += _holds_letter(blocks[j])
        if worded > _MAX_MARK_GAP:
            return
        yield j


def _gap_exceeded(blocks: Sequence[Block], lo: int, hi: int) -> bool:
    """Whether more than `_MAX_MARK_GAP` of blocks ``lo`` .. ``hi - 1`` hold a letter (read
    only when more than that many blocks lie between)."""
    return hi - lo > _MAX_MARK_GAP and sum(1 for _ in within_gap(blocks, lo, hi)) < hi - lo


def thread(blocks: Sequence[Block], start: int = 0) -> Thread | None:
    """The page's run of marks with the most posts, from ``start`` on."""
    return max(threads(blocks, start), key=lambda t: len(t.posts), default=None)


def _as_thread(blocks: Sequence[Block], run: list[int]) -> Thread | None:
    posts = []
    marks = set(run)
    for a, b in zip(run, run[1:] + [min(run[-1] + _MAX_MARK_GAP, len(blocks))]):
        texts = [j for j in range(a + 1, b) if j not in marks and _is_text(blocks[j])]
        if texts and (not posts or posts[-1] < texts[0]):
            posts.append(texts[0])
    if len(posts) < _MIN_POSTS:
        return None
    lead = _longest_prose_run(blocks, run[0])
    texts = [blocks[j] for j in range(run[0], posts[-1] + 1) if j not in marks and _is_text(blocks[j])]
    words = sum(map(_words, texts))
    personal = sum(b.features["personal_rate"] for b in texts) / len(texts)
    furniture = sum(1 for j in run if _forum_furniture(blocks[j].text))
    return Thread(tuple(run), tuple(posts), lead, words, personal, furniture)


# A list bullet before the furniture: renderers that print list items as "* #12", "+ #3" (a
# nested list) or "- asked 3 days ago" (inscriptis) hide a line's start from the patterns
# anchored there.
_LIST_BULLET = re.compile(r"^\s*[-*+•·▪]\s+")


def _forum_furniture(text: str) -> bool:
    """Member statistics, Q&A stamps and vote counts, or a post number beside a time stamp."""
    text = _LIST_BULLET.sub("", text, count=1)
    if cues.MEMBER_STATS.search(text) or _QA_FURNITURE.search(text):
        return True
    if _BARE_POST_NUMBER.search(text):
        return True
    return _POST_NUMBER.search(text) is not None and (_CLOCK.search(text) is not None or text.startswith("#"))


def _longest_prose_run(blocks: Sequence[Block], upto: int) -> float:
    """Words of the longest run of prose blocks before ``upto`` (short blocks between allowed)."""
    best = current = 0.0
    short = 0
    for b in blocks[:upto]:
        n = _words(b)
        if n >= 12:
            current, short = current + n, 0
            best = max(best, current)
        else:
            short += 1
            if short > 3:
                current = 0.0
    return best


# schema.org types by which a page declares that its content is a discussion: a forum thread
# and its replies, a question and its answers. On wcxb-dev 73 of the 112 forum pages declare
# one of them (JSON-LD or microdata) and no page of another type does, nor any dragnet-train
# page. ("Question" alone is not one: articles and service pages declare FAQ boxes with it.)
DISCUSSION_TYPES = frozenset({"DiscussionForumPosting", "QAPage"})


def judge(blocks: Sequence[Block], declared: Sequence[str] = ()) -> tuple[str, str]:
    """(``"article"`` or ``"forum"``, the evidence that decided it); ``declared``: the schema.org
    types the page declares (HTML input: `metadata`'s ``schema_types``)."""
    stated = [kind for kind in declared if kind in DISCUSSION_TYPES]
    if stated:
        return FORUM, f"forum: the page declares itself a discussion (schema.org {stated[0]})"
    found = threads(blocks)
    if not found:
        return ARTICLE, f"article: fewer than {_MIN_POSTS} marked posts"
    best = max(found, key=lambda t: (t.furniture, len(t.posts)))
    # the prose before the first thread that prints forum furniture (a run of dated list items
    # or sub-headings above it is no sign that the posts start there)
    first = next((t for t in found if t.furniture), found[0])
    lead = first.lead_words
    detail = (f"{len(best.posts)} marked posts from block {best.start}, {best.furniture} with member "
              f"statistics, Q&A stamps or post numbers; {lead:.0f} words of unmarked prose before the "
              f"first thread with them")
    forum = best.furniture >= _MIN_FURNITURE and lead < _MAX_LEAD_WORDS
    return (FORUM if forum else ARTICLE), ("forum: " if forum else "article: ") + detail
