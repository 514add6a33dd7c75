"""Other stories spilled into or after the article: the article before a related break,
stories after a break inside the body that share few of its words, and `split_related`
for `Document.related`.
"""
from __future__ import annotations

import regex

from .. import language
from ..features import TEASER_REACH
from ..model import Block, Document, Label
from .common import (_ANCHOR_GAP, _ARTICLE_MIN_WORDS, _PROSE_WORDS, _SPILLOVER_MIN_WORDS, _STAMP_WORDS, Costs,
                     _comments_heading, _decoded_article, _last_body, _prob, _prose_runs_before, _relabel,
                     _restore_decoded, _time_stamp, _words)


# Topic shift: after a break inside the body, a sample of up to _SHIFT_SAMPLE_WORDS words of
# body text (at least _SHIFT_MIN_TOKENS distinct content words) of which fewer than
# _SHIFT_MAX_SHARED are in the article before the break is another story. Content words:
# four letters or more (short words are mostly function words in the languages we see).
_SHIFT_SAMPLE_WORDS = 150
_SHIFT_MIN_TOKENS = 25
_SHIFT_MAX_SHARED = 0.3
# After a related-section heading that teasers' time stamps follow (the structure itself says
# "other stories"), a story sharing up to half its words is still another story: a related
# story is related in topic. Chosen on `bench.spillover`'s synthetic pages: related leakage
# 0.046 -> 0.028 (seed 1, 100 hosts), 0.063 -> 0.029 and 0.048 -> 0.029 (seeds 2 and 3, 150
# hosts), no lower with any higher limit; wcxb-dev held-out text F1 unchanged (0.804).
_SHIFT_MAX_SHARED_HEADED = 0.5
# The article before a spilled-over story: a break at most _BREAK_REACH blocks before the
# decoded body, a run of prose (`common._prose_runs_before`) just before the break.
_BREAK_REACH = 6
_TEASER_REACH = TEASER_REACH  # a section heading opens teasers when a time stamp follows within this many blocks
_CONTENT = regex.compile(r"\w{4,}")  # the page's stopwords are taken out as well
# Teasers' time stamps inside the body before any break: the body is a listing of stories
# (a blog index, a news river), each item another story by design, and no topic shift cuts
# it. An article has none in its text (its date is in the byline); spilled stories bring
# theirs after the break. On wcxb-dev's train and tune pages the topic-shift cut had taken
# gold text from 7 listing and forum pages in text mode and 11 in html mode (and fired on 1
# article page, rightly); with this limit word F1 rose 0.8025 -> 0.8035 (text) and 0.8677 ->
# 0.8697 (html), article pages and the synthetic spillover figures unchanged (3 stamps:
# html 0.8691). Stamps above a whole article's worth (_ARTICLE_MIN_WORDS) of stamp-free body text
# are not the listing's: they were a box above the article ("Latest comments", "Most read").
_LISTING_STAMPS = 2
# Nor does a break cut what comes after it when the body before it is a listing, not an
# article (no run of _ARTICLE_RUN_WORDS words of consecutive paragraphs: a section front's
# headlines and one-sentence summaries), and the listing goes on after it: a second stamp
# within _LISTING_AFTER_WORDS body words of the break's (a news river's items, each dated,
# after a "More top stories" line), or less than _STORY_PROSE_SHARE of the words after the
# break in paragraphs of prose (headlines, links and promotions, not a story spilled whole).
# After an article any break counts as before (a river of dated teasers after a story is
# cut). On wcxb-dev rendered by inscriptis the cut had fired on 7 pages, no article page
# among them, and lowered word F1 on all 7; it now stays off 4 of them in both renderings
# (inscriptis train 0.8177 -> 0.8193, tune unchanged as it fired on no tune page, test
# 0.8264 -> 0.8289), article pages unchanged, trafilatura-eval and dragnet-train unchanged,
# and bench.spillover's synthetic related leakage the same on seeds 1-4. Without the
# article test the guards let a news river after a story through (one trafilatura-eval page,
# two dragnet-train pages); the article test alone at 60 words raised the synthetic leakage
# on seeds 3 and 4. Chosen on the train pages the cut had fired on and the synthetic pages.
_LISTING_AFTER_WORDS = 100
_ARTICLE_RUN_WORDS = 100
_STORY_PROSE_SHARE = 0.5
_HEAD_REACH = 2  # a headline and its stamp: the first item's head above the decoded body


def _article_before_spillover(out: list[Block], first: int, last: int, costs: Costs,
                              mode: str) -> tuple[int, int]:
    """When the decoder's body starts just after a related heading or a teaser's time stamp,
    and a run of prose the model scored as body ends just before that break and shares few
    words with the decoded body, the run is the article (with the decoder's reading of the page
    above the break: `common._decoded_article`) and the decoded body a spilled-over story
    (stories longer than the article pull the page's main prose run to themselves).

    The break taken is the earliest in the chain with an article before it: a run of an
    article's words, or, once such a break is found (the chain is then inside a related
    section), a run whose article, so read, has an article's words in blocks the model holds
    body. The run alone may be only the article's last paragraphs, cut from the rest by
    sub-headings and figure lines the model scored low, while a spilled story written as one
    long paragraph is a run of its own between two breaks. (Measuring the first break's
    article so as well took an article's first two paragraphs with the author's bio above an
    inline "Related" teaser for an article, and the rest of it after the teaser for another
    story.)"""
    brk, run, article = None, [], []
    for j, prose in _break_chain(out, first):  # the earliest break with an article before it
        if not prose:
            continue
        words, extent = sum(_words(out[k]) for k in prose), None
        if words < _ARTICLE_MIN_WORDS and brk is not None:  # inside a related section already found
            extent = _decoded_article(out, prose, j, costs, mode)
            words = sum(_words(out[k]) for k in extent if _prob(out[k]) >= 0.5)
        if words >= _ARTICLE_MIN_WORDS:
            brk, run, article = j, prose, extent or _decoded_article(out, prose, j, costs, mode)
    if brk is None:
        return first, last
    stop = _page_stopwords(out)
    vocab = set().union(*(_content_words(out[j].text) for j in run)) - stop
    after = _body_sample(out, first, last) - stop
    shared = len(after & vocab) / len(after) if after else 1.0
    if len(after) < _SHIFT_MIN_TOKENS or shared >= _SHIFT_MAX_SHARED:
        return first, last
    _name_section_run(out, brk, last, f"another story after a related break: {shared:.2f} of its content words "
                                      "are in the article before it")
    _restore_decoded(out, article, "the article before a related section (the decoder's reading of the page above "
                                   "it, on another topic than the stories after)")
    return article[0], article[-1]


def _break_chain(out: list[Block], first: int):
    """Related breaks (heading, teaser time stamp) going back from the decoded body, each
    within _BREAK_REACH blocks of the prose run after the previous one; with the run
    of prose scored as body before each."""
    at = first
    while True:
        brk = next((j for j in range(at - 1, max(at - _BREAK_REACH, -1), -1)
                    if out[j].features["related_heading"] or _time_stamp(out[j])), None)
        if brk is None:
            return
        run = _prose_run_before(out, brk)
        yield brk, run
        at = run[0] if run else brk


def _prose_run_before(out: list[Block], brk: int) -> list[int]:
    """The run of prose scored as body just before block ``brk`` (at most _ANCHOR_GAP
    blocks between them, not counting the furniture that closes an article: a share line, a
    comment box's heading or its "No comments yet", a related heading), or []."""
    run = next(_prose_runs_before(out, brk), [])
    if not run:
        return []
    between = sum(not _closing_furniture(out[j]) for j in range(run[-1] + 1, brk))
    if between > _ANCHOR_GAP:
        return []
    return _joined_above(out, run[0]) + run


def _joined_above(out: list[Block], start: int) -> list[int]:
    """The prose above block ``start`` joined to it across short lines (a list, a sub-heading):
    going up through the blocks the model scored as body, up to the topmost prose block among
    them; [] when there is none (short lines alone above the prose are not joined)."""
    top, j = start, start - 1
    while j >= 0 and out[j].label is Label.CHROME and _prob(out[j]) >= 0.5:
        if _words(out[j]) >= _PROSE_WORDS:
            top = j
        j -= 1
    return list(range(top, start))


def _closing_furniture(block: Block) -> bool:
    f = block.features
    return bool(f["chrome_phrase"] or f["comments_heading"] or f["related_heading"] or f["comment_control"])


def _cut_topic_shift(out: list[Block], first: int, last: int, headed_only: bool = False) -> int:
    """Other stories after a break inside the body (a section heading, a teaser's time
    stamp) → related, when the body text after the break shares few of its content words
    with the article before it.

    ``headed_only`` (HTML): only a related heading is a break. In HTML a time stamp after the
    article is a listing's item, a forum post, a comment or a product review far more often
    than a spilled story (those come with their own markup): on wcxb-dev's train and tune
    splits the cut fired after a time stamp on 10 pages and never after a heading, and it
    lowered F1 on 6 of them (listings, a forum) for 4 it raised (comments and reviews it
    happened to cut); without it html F1 on the train split rose 0.8803 -> 0.8820, tune
    0.8727 -> 0.8724, trafilatura-eval snippets and dragnet-train unchanged."""
    stop: frozenset[str] | None = None
    vocab: set[str] = set()
    unread: list[str] = []  # body text before the break not yet in vocab: read only at a break
    words = 0.0
    run = longest = 0.0  # body words of the current and the longest run of consecutive paragraphs
    stamps = _head_stamps(out, first)  # teasers' time stamps met so far
    since_stamp = 0.0  # body words since the last of them
    for i in range(first, last + 1):
        b = out[i]
        if stamps >= _LISTING_STAMPS and since_stamp >= _ARTICLE_MIN_WORDS:
            stamps = 0  # a whole article's text with no stamp: the stamps were a widget above it
        listing = stamps >= _LISTING_STAMPS  # a listing of stories, not an article: nothing spilled into it
        if not listing and words >= _ARTICLE_MIN_WORDS and _section_break(out, i, dated=not headed_only) and (
                not headed_only or b.features["related_heading"]) and _may_follow_spilled(out, i, last, longest):
            stop = stop if stop is not None else _page_stopwords(out)
            vocab.update(*map(_content_words, unread))
            unread.clear()
            after = _body_sample(out, i, last) - stop
            shared = len(after & vocab) / len(after) if after else 1.0
            limit = _SHIFT_MAX_SHARED_HEADED if b.features["related_heading"] else _SHIFT_MAX_SHARED
            if len(after) >= _SHIFT_MIN_TOKENS and shared < limit:
                _name_section_run(out, i, last, f"another story after a break: {shared:.2f} of its "
                                                f"content words are in the article before it")
                return _last_body(out, first, i - 1)
        n = _words(b) if b.label is Label.BODY else 0.0
        if n:
            unread.append(b.text)
            words += n
            since_stamp += n
        run = run + n if n >= _PROSE_WORDS else 0.0
        longest = max(longest, run)
        if _time_stamp(b):
            stamps, since_stamp = stamps + 1, 0.0
    return last


def _head_stamps(out: list[Block], first: int) -> int:
    """1 when a time stamp sits in the _HEAD_REACH blocks just above the body: a listing's first
    item prints its stamp between its headline and its text, and the decoder may leave both out of
    the body; counted or not, the listing has the same stamps (an article's own date line there
    is one stamp, not a listing's two)."""
    return int(any(map(_time_stamp, out[max(0, first - _HEAD_REACH):first])))


def _page_stopwords(out: list[Block]) -> frozenset[str]:
    return language.stopwords(language.detect(b.text for b in out[:400]))


def _section_break(out: list[Block], i: int, dated: bool = False) -> bool:
    """A teaser's time stamp ("6 hours ago"), or a section heading with one just after it;
    with ``dated``, also a related heading with a short dated line just after it."""
    f = out[i].features
    if _time_stamp(out[i]):
        return True
    heading = f["related_heading"] or _comments_heading(out[i])
    if not heading:
        return False
    after = out[i + 1:i + 1 + _TEASER_REACH]
    return any(map(_time_stamp, after)) or dated and bool(f["related_heading"]) and any(map(_date_line, after))


# A related heading ("You might also like") over teasers that print a byline and a date, not a
# relative time ("By Jane Doe | March 4, 2020"), opens other stories as well. Text only: in
# HTML the cue lists' headings include links such as an author box's "Read more...", which an
# article's own "Updated on: <date>" line can follow (on wcxb-dev html it cut 3 articles and a
# listing after their first paragraphs). In text mode it changed 5 wcxb-dev pages rendered by
# inscriptis and 6 by html-text, all articles, all gains (inscriptis train / tune / test article
# F1 0.9314 / 0.9330 / 0.8996 -> 0.9318 / 0.9331 / 0.8998; html-text 0.9327 / 0.9305 / 0.9018 ->
# 0.9332 / 0.9306 / 0.9026); on trafilatura-eval 3 pages dropped a must-drop snippet and none lost
# a must-keep one; on dragnet-train one page's related stories went (F1 0.61 -> 0.98).
def _date_line(block: Block) -> bool:
    """A teaser's short byline-and-date line."""
    return bool(block.features["has_date"]) and _words(block) <= _STAMP_WORDS


def _may_follow_spilled(out: list[Block], i: int, last: int, longest: float) -> bool:
    """Whether a story may have spilled in at the break at block ``i``: after an article (a run
    of _ARTICLE_RUN_WORDS words of consecutive paragraphs before the break), yes; after a body of
    short items, only when what follows reads as a story and not as more of the listing."""
    return longest >= _ARTICLE_RUN_WORDS or not _listing_after(out, i, last) and _story_after(out, i, last)


def _listing_after(out: list[Block], i: int, last: int) -> bool:
    """The body after the break at block ``i`` goes on as a listing of stories: another
    teaser's time stamp within _LISTING_AFTER_WORDS body words of the break's own."""
    stamps, words = 0, 0.0
    for b in out[i:last + 1]:
        if _time_stamp(b):
            stamps += 1
            if stamps >= _LISTING_STAMPS:
                return True
        if b.label is Label.BODY:
            words += _words(b)
            if words >= _LISTING_AFTER_WORDS:
                return False
    return False


def _story_after(out: list[Block], i: int, last: int) -> bool:
    """The body after the break at block ``i`` reads as a story: of its first
    _SHIFT_SAMPLE_WORDS words, at least _STORY_PROSE_SHARE stand in paragraphs of prose
    (blocks of _PROSE_WORDS words or more), not in a list of headlines and links."""
    words = prose = 0.0
    for b in out[i:last + 1]:
        if b.label is Label.BODY:
            n = _words(b)
            words += n
            prose += n if n >= _PROSE_WORDS else 0.0
            if words >= _SHIFT_SAMPLE_WORDS:
                break
    return words > 0 and prose >= _STORY_PROSE_SHARE * words


def _body_sample(out: list[Block], i: int, last: int) -> set[str]:
    """Distinct content words of the body text after block ``i`` (up to _SHIFT_SAMPLE_WORDS words)."""
    sample: set[str] = set()
    words = 0.0
    for b in out[i:last + 1]:
        if b.label is Label.BODY:
            sample.update(_content_words(b.text))
            words += _words(b)
            if words >= _SHIFT_SAMPLE_WORDS:
                break
    return sample


def _content_words(text: str) -> set[str]:
    return set(_CONTENT.findall(text[:5000].lower()))


def _name_section_run(out: list[Block], i: int, last: int, why: str) -> None:
    """Blocks i..last: headings take their section's label, the rest the section they are in
    (related unless a comment heading opened it); chrome cues stay chrome."""
    section = Label.RELATED
    for j in range(i, last + 1):
        b, f = out[j], out[j].features
        if f["related_heading"]:
            section = Label.RELATED
        elif _comments_heading(b):
            section = Label.COMMENTS
        elif b.label is Label.CHROME and (f["chrome_phrase"] or f["chrome_contains"]):
            continue
        if b.label in (Label.BODY, Label.CHROME):
            out[j] = _relabel(b, section, why)


def split_related(doc: Document) -> list[dict[str, str]]:
    """Related items: a headline (short block), its source and time, and its text."""
    items: list[dict[str, str]] = []
    item: dict[str, str] = {}
    for b in doc.blocks:
        if b.label is not Label.RELATED or b.features.get("related_heading"):
            if item:
                items.append(item)
                item = {}
            continue
        words = _words(b)
        if b.features.get("has_reltime"):
            item.setdefault("time", b.text)
        elif words >= _SPILLOVER_MIN_WORDS or b.features.get("end_punct") and words > 25:
            item["text"] = (item.get("text", "") + "\n" + b.text).strip()
            items.append(item)
            item = {}
        elif "headline" in item or words <= 4 and "source" not in item:
            item.setdefault("source", b.text.lstrip("-–— "))
            if words > 4:
                item["headline"] = b.text
        else:
            item["headline"] = b.text
    if item:
        items.append(item)
    return items


# An inline related box inside the article ("Related" over one teaser, as many news sites set
# one after the opening paragraphs): a related heading costs the decoder so much inside the
# body (`decoder.Costs.heading_in_gap`) that its reading starts the article after the box.
# The prose run just above the box is the article's opening when it holds _JOIN_MIN_WORDS
# words the model scored body and at least _JOIN_MIN_SHARED of its distinct content words
# come back in the decoded body (the same story goes on; an article's run of its own words
# before a spilled-over story shares fewer than _SHIFT_MAX_SHARED, `_article_before_spillover`).
# Prose above the article's byline or date line is not its opening (a pull quote or a
# teaser above the article's header: a dragnet-train page lost its headline and byline to the
# body). Chosen on wcxb-dev's train and tune splits: at 0.5 it changes 2 train pages in each
# text rendering (+0.010, +0.015) and no tune page; at 0.3 it also joined a thread's comments
# above a "More from <user>" heading to the post (tune, -0.045). Elsewhere: no wcxb-dev test
# page; on trafilatura-eval's text one page keeps a must-keep snippet it had lost; on
# dragnet-train's text one page's opening paragraph comes back (word F1 0.8857 -> 0.8856: its
# caption came with it); no html output changes on any set.
_JOIN_MIN_WORDS = 40
_JOIN_MIN_SHARED = 0.5


def _article_around_inline_related(out: list[Block], first: int, last: int) -> int:
    """When a related heading stands at most _BREAK_REACH blocks above the decoded body and the
    prose run above the heading is the same story's opening (see above), the run becomes body
    and the blocks from the heading to the decoded body the related box; returns the
    article's first block."""
    h = next((j for j in range(first - 1, max(first - _BREAK_REACH, -1), -1) if out[j].features["related_heading"]),
             None)
    if h is None:
        return first
    run = _prose_run_before(out, h)
    if not run or sum(_words(out[k]) for k in run if _prob(out[k]) >= 0.5) < _JOIN_MIN_WORDS:
        return first
    if any(out[k].features["byline"] or _date_line(out[k]) for k in range(run[0], h)):
        return first  # the article's byline or date comes after the run: the run is no part of it
    stop = _page_stopwords(out)
    opening = set().union(*(_content_words(out[k].text) for k in run)) - stop
    body = set().union(*(_content_words(out[k].text) for k in range(first, last + 1)
                         if out[k].label is Label.BODY)) - stop
    if not opening or len(opening & body) / len(opening) < _JOIN_MIN_SHARED:
        return first
    for k in run:
        if out[k].label is Label.CHROME and _prob(out[k]) >= 0.5:
            out[k] = _relabel(out[k], Label.BODY, "the article's opening, above an inline related box")
    for k in range(h, first):
        if out[k].label in (Label.CHROME, Label.TITLE, Label.BYLINE):
            out[k] = _relabel(out[k], Label.RELATED, "an inline related box inside the article")
    return run[0]
