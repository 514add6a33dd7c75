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
  story for the article (topic shift across a teaser break);
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

import re
import statistics

import numpy as np
import regex

from . import cues, language, pagetype
from .config import Config
from .model import Block, Document, Label

BEFORE, BODY, GAP, AFTER = range(4)

# Title search: the headline sits within this many blocks before the body starts.
_TITLE_WINDOW = 8
_TITLE_WORDS = (3, 30)
_TITLE_MIN_COHESION = 0.3  # a headline shares words with its article
# Another story: prose after the article sharing few of its words.
# (Body paragraphs of wcxb-dev train pages have median cohesion ~0.5; spilled-over
# stories in aggregator pages ~0.0-0.2.)
_SPILLOVER_MAX_COHESION = 0.2
_SPILLOVER_MIN_WORDS = 40
# Unmarked trailing comment: cohesion below this share of the body's median cohesion,
# and below an absolute ceiling (article paragraphs rarely fall under it: see
# docs/decisions.md for how often the rule fires on wcxb-dev).
_TAIL_COMMENT_COHESION_SHARE = 0.5
_TAIL_COMMENT_MAX_COHESION = 0.2
# A caption sentence is short; longer prose next to a credit is the article's lede.
_CAPTION_MAX_WORDS = 45
_TAIL_COMMENT_MIN_WORDS = 15
# Comment threads: the article has at least this many body words before its comments
# (a short lede, like a forum's first post, is not an article with comments); a heading
# this many blocks before the first comment opens the section; the last comment runs on
# for at most this many text blocks after its mark.
_ARTICLE_MIN_WORDS = 150
_HEADING_REACH = 6
# An article has at most one mark of its own (its date line) in its first _ARTICLE_MIN_WORDS
# words; two or more make it a run of posts (a forum thread the judge did not recognise).
_MAX_ARTICLE_MARKS = 2
_LAST_COMMENT_BLOCKS = 8
# A thread without a heading is comments when it has reply rows or "X says:" lines and its
# texts use first/second person words at least this often (news teasers' blurbs and event
# or product listings speak in the third person).
_COMMENT_MIN_PERSONAL = 0.01
_INITIAL = regex.compile(r"(?:^|\s)\p{Lu}\.$")
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
# decoded body; prose blocks of at least _PROSE_WORDS words, at most _ANCHOR_GAP short ones
# between them (the anchor's definition in features.py).
_BREAK_REACH = 6
_POST_TEXT_WORDS = 6  # a forum post's text block (shorter ones are names, counts, links)
_STAMP_WORDS = 8  # a teaser's time line: "6 hours ago", "Jane Doe | 2 weeks ago"
_TEASER_REACH = 4  # a section heading opens teasers when a time stamp follows within this many blocks
_PROSE_WORDS = 12
_ANCHOR_GAP = 3
_CONTENT = regex.compile(r"\w{4,}")  # the page's stopwords are taken out as well
# How comment systems sign a comment: "Posted by: X | date", "X said,", "X writes:".
_COMMENT_BYLINE = re.compile(r"\b(?:posted by|said|says|wrote|writes|schrieb|schreibt|escribió|dice|a écrit"
                             r"|ha scritto|scrive|disse|escreveu|napisał)\b", re.IGNORECASE)


def _words(block: Block) -> float:
    return float(np.expm1(block.features["log_words"]))


def _relabel(block: Block, label: Label, rule: str, confidence: float | None = None) -> Block:
    return block.labelled(label, block.confidence if confidence is None else confidence,
                          (f"rule: {rule}",) + block.evidence)


def name_sections(blocks: tuple[Block, ...], states: np.ndarray, config: Config,
                  page_type: str | None = None) -> tuple[Block, ...]:
    """``page_type`` is `pagetype.judge`'s verdict when the caller has it (it is judged here otherwise)."""
    out = list(blocks)
    body_ix = [i for i, s in enumerate(states) if s == BODY]
    if not body_ix:
        return tuple(out)
    first, last = body_ix[0], body_ix[-1]
    forum = (page_type or pagetype.judge(blocks)[0]) == pagetype.FORUM
    if config.detect_related and not forum:
        first, last = _article_before_spillover(out, first, last)
    _name_head(out, first)
    _name_gaps(out, states)
    if forum:  # the posts are the main content: nothing after the first post is demoted
        _keep_posts(out)
        _name_after(out, max(i for i, b in enumerate(out) if b.label is Label.BODY), comments=False)
        return tuple(out)
    if config.detect_comments:
        last = _cut_comment_region(out, first, last)
        last = _cut_comment_thread(out, first, last)
    if config.detect_related:
        last = _cut_topic_shift(out, first, last)
    if config.detect_comments:
        last = _cut_tail_comment(out, first, last)
    _name_after(out, last)
    return tuple(out)


def _keep_posts(out: list[Block]) -> None:
    """On a forum page, the text of every marked post is body, wherever the decoder put it."""
    for found in pagetype.threads(out):
        marks = set(found.marks)
        for j in range(found.start, found.posts[-1] + 1):
            b = out[j]
            if j not in marks and b.label is Label.CHROME and _words(b) >= _POST_TEXT_WORDS \
                    and not (b.features["chrome_phrase"] or b.features["chrome_contains"]):
                out[j] = _relabel(b, Label.BODY, "post text in a forum thread")


def _name_head(out: list[Block], first: int) -> None:
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
            and 5 <= _words(block) <= _CAPTION_MAX_WORDS)


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


def _cut_comment_region(out: list[Block], first: int, last: int) -> int:
    """HTML: body blocks inside an element whose class or id names comments ("comment-list",
    "kommentare"), after an article that is not inside one → comments."""
    start = _article_end(out, first, last)
    if start is None or any(out[j].features.get("dom_cue_comment") for j in range(first, start)):
        return last
    cut = next((j for j in range(start, last + 1) if out[j].features.get("dom_cue_comment")
                and out[j].label is Label.BODY), None)
    if cut is None:
        return last
    for j in range(cut, last + 1):
        if out[j].label is Label.BODY and out[j].features.get("dom_cue_comment"):
            out[j] = _relabel(out[j], Label.COMMENTS, "inside a comment element (class/id), after the article")
    return _last_body(out, first, last)


def _cut_comment_thread(out: list[Block], first: int, last: int) -> int:
    """A thread of reader comments (user lines, time stamps, reply rows) after the article
    → comments: from its first comment to the end of the body and of the page's last
    comment thread (the article does not resume after its comments begin)."""
    start = _article_end(out, first, last)
    if start is None or sum(map(pagetype.is_mark, out[max(first - 2, 0):start])) >= _MAX_ARTICLE_MARKS:
        return last  # no article, or one whose own text is marked like posts
    found = [t for t in pagetype.threads(out, start) if _reads_as_comments(out, t)]
    if not found:
        return last
    begin, _ = _thread_span(out, found[0])
    _, end = _thread_span(out, found[-1])
    why = (f"comment thread: {sum(len(t.posts) for t in found)} comments with user lines, "
           "time stamps or reply rows, after the article")
    for j in range(begin, max(end, last) + 1):
        if out[j].label is Label.BODY or out[j].label is Label.CHROME and j <= end and not _plain_chrome(out[j]):
            out[j] = _relabel(out[j], Label.COMMENTS, why)
    return _last_body(out, first, begin - 1) if begin <= last else last


def _article_end(out: list[Block], first: int, last: int) -> int | None:
    """Where comments may start: after the article's first _ARTICLE_MIN_WORDS words of body."""
    words = 0.0
    for j in range(first, last + 1):
        if out[j].label is Label.BODY:
            words += _words(out[j])
            if words >= _ARTICLE_MIN_WORDS:
                return j + 1
    return None


def _reads_as_comments(out: list[Block], found: "pagetype.Thread") -> bool:
    """Comments, not teasers: a comment heading opens the run (not a related one), or it has
    reply rows or "X says:" lines and its texts speak in the first or second person. Marks
    that start teasers (source, time, headline, text) make it a related section."""
    if sum(_teaser(out, m - 1) for m in found.marks if m > 0) * 2 >= len(found.marks):
        return False
    for j in range(found.start - 1, max(found.start - _HEADING_REACH, -1), -1):
        if out[j].features["related_heading"]:
            return False
        if _comments_heading(out[j]):
            return True
    if any(_comments_heading(out[j]) for j in range(found.start, found.posts[0])):
        return True
    controls = any(out[j].features["comment_control"] or cues.is_control_row(cues.normalise(out[j].text))
                   or _COMMENT_BYLINE.search(out[j].text) for j in found.marks)
    return controls and found.personal >= _COMMENT_MIN_PERSONAL


def _thread_span(out: list[Block], found: "pagetype.Thread") -> tuple[int, int]:
    """First and last block of a comment thread: back to its heading or the first comment's
    user line, on to the end of the last comment's text."""
    begin = found.start
    for j in range(begin - 1, max(begin - _HEADING_REACH, -1), -1):
        if _comments_heading(out[j]):
            begin = j
            break
    else:
        if begin > 0 and _user_line(out[begin - 1]):
            begin -= 1
    end = found.posts[-1]
    while end + 1 < len(out) and end - found.posts[-1] < _LAST_COMMENT_BLOCKS \
            and (_comment_text(out[end + 1]) or pagetype.is_mark(out[end + 1])):
        end += 1
    return begin, end


def _comments_heading(block: Block) -> bool:
    return bool(block.features["comments_heading"]) or cues.COMMENT_COUNT_HEADING.match(block.text) is not None


def _user_line(block: Block) -> bool:
    """A commenter's name on its own line: one to four words, no sentence end (an initial
    like "Greg T." is fine), no cue."""
    f = block.features
    return (1 <= _words(block) <= 4 and (not f["end_punct"] or _INITIAL.search(block.text) is not None)
            and not f["chrome_phrase"] and not f["related_heading"] and not f["comments_heading"])


def _comment_text(block: Block) -> bool:
    f = block.features
    return (_words(block) >= 3 and (f["end_punct"] or _words(block) >= 8) and not f["chrome_phrase"]
            and not f["chrome_contains"] and not f["related_heading"] and not _comments_heading(block))


def _plain_chrome(block: Block) -> bool:
    """Site furniture that stays chrome inside a comment section (not a comment control)."""
    f = block.features
    return bool(f["chrome_phrase"] or f["chrome_contains"]) and not f["comment_control"] \
        and not cues.is_control_row(cues.normalise(block.text))


def _article_before_spillover(out: list[Block], first: int, last: int) -> tuple[int, int]:
    """When the decoder's body starts just after a related heading or a teaser's time stamp,
    and a run of prose the model scored as body ends just before that break and shares few
    words with the decoded body, the run is the article and the decoded body a spilled-over
    story (stories longer than the article pull the page's main prose run to themselves)."""
    brk, run = None, []
    for j, prose in _break_chain(out, first):  # the earliest break with an article before it
        if prose and sum(_words(out[k]) for k in prose) >= _ARTICLE_MIN_WORDS:
            brk, run = j, prose
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
    for j in range(run[0], run[-1] + 1):
        if j in run or _prob(out[j]) >= 0.5:
            out[j] = _relabel(out[j], Label.BODY, "the article before a related section (prose the model "
                                                   "scored as body, on another topic than the stories after)")
    return run[0], run[-1]


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
    """Indexes of the prose blocks scored as body just before block ``brk`` (short blocks
    between them allowed, up to _ANCHOR_GAP in a row)."""
    run: list[int] = []
    short = 0
    for j in range(brk - 1, -1, -1):
        if _words(out[j]) >= _PROSE_WORDS and _prob(out[j]) >= 0.5 and out[j].label is Label.CHROME:
            run.append(j)
            short = 0
        else:
            short += 1
            if short > _ANCHOR_GAP:
                break
    return run[::-1]


def _prob(block: Block) -> float:
    """The model's P(body) for the block, as its evidence records it (0 when absent)."""
    for item in block.evidence:
        if item.startswith("model p(body)="):
            return float(item.split("=", 1)[1])
    return 0.0


def _cut_topic_shift(out: list[Block], first: int, last: int) -> int:
    """Other stories after a break inside the body (a section heading, a teaser's time
    stamp) → related, when the body text after the break shares few of its content words
    with the article before it."""
    stop: frozenset[str] | None = None
    vocab: set[str] = set()
    words = 0.0
    for i in range(first, last + 1):
        b = out[i]
        if words >= _ARTICLE_MIN_WORDS and _section_break(out, i):
            stop = stop if stop is not None else _page_stopwords(out)
            after = _body_sample(out, i, last) - stop
            shared = len(after & vocab) / len(after) if after else 1.0
            limit = _SHIFT_MAX_SHARED_HEADED if b.features["related_heading"] else _SHIFT_MAX_SHARED
            if len(after) >= _SHIFT_MIN_TOKENS and shared < limit:
                _name_section_run(out, i, last, f"another story after a break: {shared:.2f} of its "
                                                f"content words are in the article before it")
                return _last_body(out, first, i - 1)
        if b.label is Label.BODY:
            vocab.update(_content_words(b.text))
            words += _words(b)
    return last


def _page_stopwords(out: list[Block]) -> frozenset[str]:
    return language.stopwords(language.detect(b.text for b in out[:400]))


def _section_break(out: list[Block], i: int) -> bool:
    """A teaser's time stamp ("6 hours ago"), or a section heading with one just after it."""
    f = out[i].features
    if _time_stamp(out[i]):
        return True
    heading = f["related_heading"] or _comments_heading(out[i])
    return bool(heading) and any(map(_time_stamp, out[i + 1:i + 1 + _TEASER_REACH]))


def _time_stamp(block: Block) -> bool:
    """A teaser's relative time on a short line of its own ("6 hours ago", "Daily Post | 2 weeks
    ago"), not a sentence that mentions one ("built 30 years ago, the bridge …")."""
    return bool(block.features["has_reltime"]) and _words(block) <= _STAMP_WORDS


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


def _cut_tail_comment(out: list[Block], first: int, last: int) -> int:
    """An unmarked reader comment glued to the article's end → comments."""
    if last <= first:
        return last
    tail = out[last]
    f = tail.features
    body = [b.features["cohesion"] for b in out[first:last] if b.label is Label.BODY]
    if len(body) < 3 or _words(tail) < _TAIL_COMMENT_MIN_WORDS:
        return last
    reads_apart = f["cohesion"] < min(_TAIL_COMMENT_COHESION_SHARE * statistics.median(body),
                                      _TAIL_COMMENT_MAX_COHESION)
    unreported = not f["has_quotes"] and not f["reporting"]
    if reads_apart and unreported:
        out[last] = _relabel(out[last], Label.COMMENTS,
                             f"unmarked comment: last paragraph, cohesion {f['cohesion']:.2f} "
                             f"vs article median {statistics.median(body):.2f}, no quotes or attribution")
        return _last_body(out, first, last - 1)
    return last


def _last_body(out: list[Block], first: int, upto: int) -> int:
    for j in range(upto, first - 1, -1):
        if out[j].label is Label.BODY:
            return j
    return first


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


def _teaser(out: list[Block], i: int) -> bool:
    """A teaser starts here: a short source line, then a time stamp, then (within two blocks)
    a headline (no sentence end) and a text. A comment has a user line and a time stamp
    too, but its text follows the stamp with no headline between."""
    if _words(out[i]) > _STAMP_WORDS or out[i].features["end_punct"] or i + 3 >= len(out):
        return False
    if not _time_stamp(out[i + 1]):
        return False
    for j in (i + 2, i + 3):
        head, text = out[j], out[j + 1] if j + 1 < len(out) else None
        if text is not None and _TITLE_WORDS[0] <= _words(head) <= _TITLE_WORDS[1] \
                and not head.features["end_punct"] and _words(text) >= _TAIL_COMMENT_MIN_WORDS:
            return True
    return False


def _next_is_other_story(out: list[Block], i: int) -> bool:
    for b in out[i + 1:i + 5]:
        if _words(b) >= _SPILLOVER_MIN_WORDS:
            return b.features["cohesion"] <= _SPILLOVER_MAX_COHESION
    return False


# --- Document.comments and Document.related -----------------------------------------

def split_comments(doc: Document) -> list[str]:
    """Each comment as one string, its user line and time stamp included, controls and
    headings left out. Comments are split at their marks (user lines, time stamps, "X
    says:"): marks open a comment when the section starts with one, else they close one."""
    comments: list[list[str]] = []
    current: list[str] = []
    run_start = True
    opens = True
    for b in doc.blocks:
        if b.label is not Label.COMMENTS:
            current, run_start = _flush(comments, current), True
            continue
        kind = _comment_part(b)
        if kind == "skip":
            continue
        if run_start:
            opens, run_start = kind == "mark", False
        if kind == "mark" and opens and any(_has_text(x) for x in current):
            current = _flush(comments, current)
        current.append(b.text)
        if kind == "mark" and not opens:
            current = _flush(comments, current)
    _flush(comments, current)
    return ["\n".join(c) for c in comments if any(_has_text(x) for x in c)]


def _comment_part(block: Block) -> str:
    """'skip' (heading, control row, form furniture), 'mark' (user line, stamp) or 'text'."""
    f = block.features
    if _comments_heading(block) or f["comment_control"] and not _COMMENT_BYLINE.search(block.text) \
            or cues.is_control_row(cues.normalise(block.text)):
        return "skip"
    if pagetype.is_mark(block) or _user_line(block):
        return "mark"
    return "text"


def _has_text(text: str) -> bool:
    return len(text.split()) >= 3


def _flush(comments: list[list[str]], current: list[str]) -> list[str]:
    if current:
        comments.append(current)
    return []


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
