"""What the section rules share: the decoder's states, block measures, relabelling, and the
shapes several rules look for (a comment heading, a teaser, a time stamp, the article's end).
"""
from __future__ import annotations

from .. import cues
from ..decoder import AFTER, BEFORE, BODY, GAP, Costs, decode, keep_prose, section_headings  # noqa: F401
from ..features import _ANCHOR_GAP, _PROSE_WORDS, ARTICLE_MIN_WORDS, STAMP_WORDS, TITLE_WORDS, column, is_teaser
from ..model import Block, Label
from ..shape import word_count


_TITLE_WORDS = TITLE_WORDS

# Another story: prose after the article sharing few of its words.
# (Body paragraphs of wcxb-dev train pages have median cohesion ~0.5; spilled-over
# stories in aggregator pages ~0.0-0.2.)
_SPILLOVER_MAX_COHESION = 0.2
_SPILLOVER_MIN_WORDS = 40
# An unmarked tail comment has more than 15 words: a closing line of 15 (an editor's credit,
# a quoted saying) is the article's. (Counted exactly since `shape.word_count`: at 15 the
# tail rule took 2 must-keep snippets on trafilatura-eval's text and no comment.)
_TAIL_COMMENT_MIN_WORDS = 16

# The article has at least this many body words before its comments or a spilled-over
# story (a short lede, like a forum's first post, is not an article with comments).
_ARTICLE_MIN_WORDS = ARTICLE_MIN_WORDS  # (defined with the anchor, which counts it too)
_STAMP_WORDS = STAMP_WORDS  # a teaser's time line: "6 hours ago", "Jane Doe | 2 weeks ago"


def _words(block: Block) -> float:
    return float(word_count(block.features["log_words"]))


def _relabel(block: Block, label: Label, rule: str, confidence: float | None = None) -> Block:
    return block.labelled(label, block.confidence if confidence is None else confidence,
                          (f"rule: {rule}",) + block.evidence)


def _article_end(out: list[Block], first: int, last: int) -> int | None:
    """Where comments may start: after the article's first _ARTICLE_MIN_WORDS words of body."""
    words = 0.0
    for j in range(first, last + 1):
        if out[j].label is Label.BODY:
            words += _words(out[j])
            if words >= _ARTICLE_MIN_WORDS:
                return j + 1
    return None


def _comments_heading(block: Block) -> bool:
    return bool(block.features["comments_heading"]) or cues.COMMENT_COUNT_HEADING.match(block.text) is not None


def _time_stamp(block: Block) -> bool:
    """A teaser's relative time on a short line of its own ("6 hours ago", "Daily Post | 2 weeks
    ago"), not a sentence that mentions one ("built 30 years ago, the bridge …"); or such a
    line among the first lines of a block of several (`_stamped_head`)."""
    return bool(block.features["has_reltime"]) and _words(block) <= _STAMP_WORDS or _stamped_head(block)


# Hard-wrapped text (`segment`'s paragraph mode) keeps a paragraph's lines in one block, and
# an aggregator prints a teaser's source, time and headline on lines of their own above the
# story's text: the teaser's time stamp is then one of the first few lines of a block that
# goes on to a story. (A short block is not one: an article's own date line above its
# "Print | Share" row, a block of 12 words on a trafilatura-eval page, is no story's head.)
_HEAD_LINES = 3
_HEAD_CHARS = 400


def _stamped_head(block: Block) -> bool:
    if block.text.find("\n", 0, _HEAD_CHARS) < 0 or _words(block) < _SPILLOVER_MIN_WORDS:
        return False  # (the common case, a block of one line, found without a copy)
    return any(len(line.split()) <= _STAMP_WORDS and cues.RELATIVE_TIME.search(line)
               for line in block.text[:_HEAD_CHARS].split("\n")[:_HEAD_LINES])


def _last_body(out: list[Block], first: int, upto: int) -> int:
    for j in range(upto, first - 1, -1):
        if out[j].label is Label.BODY:
            return j
    return first


def _teaser(out: list[Block], i: int) -> bool:
    """A teaser starts at block ``i`` (`features.is_teaser`)."""
    window = out[i:i + 5]
    return is_teaser([_words(b) for b in window], [b.features["end_punct"] for b in window],
                     [b.features["has_reltime"] for b in window])


def _prob(block: Block) -> float:
    """The model's P(body) for the block, as its evidence records it (0 when absent)."""
    for item in block.evidence:
        if item.startswith("model p(body)="):
            return float(item.split("=", 1)[1])
    return 0.0


def _prose_runs_before(out: list[Block], at: int, stop: int = 0, sentences: bool = False):
    """Runs of prose the model scored as body that the decoder left out (blocks of
    _PROSE_WORDS words or more, at most _ANCHOR_GAP other blocks in a row between them: the
    anchor's definition in features.py), going back from block ``at`` to block ``stop``:
    each run's indexes in page order, nearest run first. With ``sentences``, runs of such
    blocks that end a sentence, whatever the model scored them."""
    run: list[int] = []
    gap = 0
    for j in range(at - 1, stop - 1, -1):
        b = out[j]
        if _words(b) >= _PROSE_WORDS and b.label is Label.CHROME and (
                b.features.get("end_punct", 0) > 0 if sentences else _prob(b) >= 0.5):
            run.append(j)
            gap = 0
        elif run:
            gap += 1
            if gap > _ANCHOR_GAP:
                yield run[::-1]
                run = []
    if run:
        yield run[::-1]


def _decoded_article(out: list[Block], run: list[int], upto: int, costs: Costs, mode: str) -> list[int]:
    """The article above block ``upto``: the prose ``run`` (with the blocks between its prose the
    model scored as body) and the body of the decoder's reading of that part of the page alone
    (the model's P(body), the page grammar's costs; on text, with the gap prose `keep_prose`
    keeps) when that body meets the run. Indexes in page order.

    A run of prose (`_prose_runs_before`) finds the article; the decoder gives its extent. Where
    a comment section or a longer story pulled the page's reading to itself, the article's weaker
    blocks (a list of prizes, a one-line figure, a short paragraph between two long ones) fall
    under 0.5 and break the run, but not the decoder's body, which crosses them as it does on
    any page.
    """
    article = {j for j in range(run[0], run[-1] + 1) if j in run or _prob(out[j]) >= 0.5}
    prob = [_prob(b) for b in out[:upto]]
    states = decode(prob, section_headings(out[:upto]), costs)
    if mode == "text":
        states, _ = keep_prose(states, prob, column(out[:upto], "log_words"))
    body = [j for j, s in enumerate(states) if s == BODY]
    if body and body[0] <= run[-1] and body[-1] >= run[0]:
        article.update(body)
    return sorted(article)


def _restore_decoded(out: list[Block], body: list[int], why: str) -> None:
    """The blocks of ``body`` labelled chrome → body (headlines and bylines keep their names)."""
    for j in body:
        if out[j].label is Label.CHROME:
            out[j] = _relabel(out[j], Label.BODY, why)
