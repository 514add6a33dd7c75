"""Name the parts of the page around the article body.

After the decoder has split the page into *before*, *body*, *gap* and *after*,
these rules give the non-body blocks their kind, each with the rule's name as
evidence (docs/comments-and-related.md describes them with their measurements):

- before the body: the headline (``title``), author line (``byline``) and photo
  credits and captions (``caption``); the rest is ``chrome``;
- inside the body's gaps: ``caption`` for photo credits, else ``chrome``;
- forum pages (`pagetype.judge`): the text of every marked post is body, and nothing
  below demotes posts;
- the article before a related section, when the decoder took a longer spilled-over
  story for the article (topic shift across a teaser break); and the article's opening
  above an inline related box, when the decoder started the article after the box;
- comment threads after the article (user lines, time stamps, reply rows; in HTML also
  elements whose class/id names comments) are ``comments``;
- other stories after a teaser break inside the body (low share of the article's
  content words), and long prose of another story (low cohesion), are ``related``;
- after the body: sections opened by a heading cue ("Related Articles",
  "Kommentare", "4 thoughts on …") or by a teaser (source, time stamp, headline) are
  ``related`` or ``comments``; strong chrome cues stay ``chrome``;
- the body's own tail: a last paragraph that does not read like the article (low
  cohesion, no quotes or attribution) is an unmarked reader comment.

`split_comments` and `split_related` turn the labelled blocks into `Document.comments`
and `Document.related`.
"""
from __future__ import annotations

import numpy as np

from .. import pagetype
from ..config import Config
from ..model import Block, Label
from .comments import (_article_before_comments, _cut_comment_heading, _cut_comment_region, _cut_comment_thread, _cut_tail_comment,
                       split_comments)
from .common import BODY, Costs
from .naming import _keep_posts, _name_after, _name_gaps, name_head
from .spillover import _article_around_inline_related, _article_before_spillover, _cut_topic_shift, split_related

__all__ = ["name_sections", "split_comments", "split_related"]


def name_sections(blocks: tuple[Block, ...], states: np.ndarray, config: Config,
                  page_type: str | None = None, mode: str = "text", costs: Costs | None = None) -> tuple[Block, ...]:
    """``page_type`` is `pagetype.judge`'s verdict when the caller has it (it is judged here
    otherwise); ``mode`` the input's kind: an unmarked comment glued to the article's end is
    looked for in text only (in HTML a comment sits in its own markup: on trafilatura-eval the
    cut took 18 must-keep snippets, mostly the article's closing paragraph, for 12 must-drop
    ones, and without it dragnet-train html body recall rose 0.930 -> 0.934, comment leakage
    0.201 -> 0.202). In HTML a topic shift counts only after a related heading (see
    `spillover._cut_topic_shift`). ``costs`` are the decoder's (the model's tuned ones, from
    `classify`; the grammar's defaults when absent): the part of the page above a comment
    section is decoded again with them when the page's reading took the comments for the
    article (`comments._article_before_comments`)."""
    out = list(blocks)
    body_ix = [i for i, s in enumerate(states) if s == BODY]
    if not body_ix:
        return tuple(out)
    first, last = body_ix[0], body_ix[-1]
    forum = (page_type or pagetype.judge(blocks)[0]) == pagetype.FORUM
    if config.detect_related and not forum:
        first, last = _article_before_spillover(out, first, last, costs or Costs(), mode)
        first = _article_around_inline_related(out, first, last)
    if config.detect_comments and not forum:
        first, last = _article_before_comments(out, first, last, costs or Costs(), mode)
    name_head(out, first)
    _name_gaps(out, states)
    if forum:  # the posts are the main content: nothing after the first post is demoted
        _keep_posts(out)
        _name_after(out, max(i for i, b in enumerate(out) if b.label is Label.BODY), comments=False)
        return tuple(out)
    if config.detect_comments:
        last = _cut_comment_region(out, first, last)
        last = _cut_comment_thread(out, first, last)
        last = _cut_comment_heading(out, first, last)
    if config.detect_related:
        last = _cut_topic_shift(out, first, last, headed_only=mode == "html")
    if config.detect_comments and mode == "text":
        last = _cut_tail_comment(out, first, last)
    _name_after(out, last)
    return tuple(out)
