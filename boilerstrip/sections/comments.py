"""Reader comments: comment elements and marked threads after the article, an unmarked
comment glued to its end, and `split_comments` for `Document.comments`.
"""
from __future__ import annotations

import re
import statistics

import regex

from .. import cues, pagetype
from ..model import Block, Document, Label
from ..pagetype import _MAX_MARK_GAP
from .common import (_ARTICLE_MIN_WORDS, _PROSE_WORDS, _TAIL_COMMENT_MIN_WORDS, Costs, _article_end, _comments_heading,
                     _decoded_article, _last_body, _prose_runs_before, _relabel, _restore_decoded, _teaser, _words)


# Unmarked trailing comment: cohesion below this share of the body's median cohesion,
# and below an absolute ceiling (article paragraphs rarely fall under it: see
# docs/decisions.md for how often the rule fires on wcxb-dev).
_TAIL_COMMENT_COHESION_SHARE = 0.5
_TAIL_COMMENT_MAX_COHESION = 0.2
_HEADING_WORDS = 10  # a heading just above a cut comment: this many words at most, no sentence end
# A heading this many blocks before the first comment opens the section; the last comment
# runs on for at most _LAST_COMMENT_BLOCKS text blocks after its mark.
_HEADING_REACH = 6
# An article has at most one mark of its own (its date line) in its first _ARTICLE_MIN_WORDS
# words; two or more make it a run of posts (a forum thread the judge did not recognise).
_MAX_ARTICLE_MARKS = 2
_LAST_COMMENT_BLOCKS = 8
# A heading that names comments cuts the body after _ARTICLE_MIN_WORDS words of article, or
# after this many when a comment's mark (user line with a time stamp, reply row) follows it
# within _HEADING_REACH blocks: a short post (a quotation, a photo with a paragraph) has its
# comments too. dragnet-train has posts of about 100 words followed by "{ 69 comments… }" and
# the comments; below 50 words the "article" is little more than a title and a lede. Without
# the mark, a comment count among the links under an article's first paragraph ("124
# Comments", "Share this") cut the rest of the article (one wcxb-dev page, html).
_HEADED_ARTICLE_MIN_WORDS = 50
_POST_WORDS = 6  # a block of text (shorter ones are names, counts, controls), as in `pagetype`
_HEADING_CHARS = 200  # what `cues.normalise` reads; "53 Responses to “<a headline>”" fits
# The article before its comment section: a run of prose (`common._prose_runs_before`) within
# _ARTICLE_REACH blocks above the comment heading or the thread's first mark. An author box,
# tags, a share bar, a list of the site's other stories and a comment filter form stand between
# them: up to 44 blocks on dragnet-train pages (40 missed five story pages of one layout there).
_ARTICLE_REACH = 60

# A thread without a heading is comments when it has reply rows or "X says:" lines and its
# texts use first/second person words at least this often (news teasers' blurbs and event
# or product listings speak in the third person).
_COMMENT_MIN_PERSONAL = 0.01
_INITIAL = regex.compile(r"(?:^|\s)\p{Lu}\.$")

# How comment systems sign a comment: "Posted by: X | date", "X said,", "X writes:".
_COMMENT_BYLINE = re.compile(r"\b(?:posted by|said|says|wrote|writes|schrieb|schreibt|escribió|dice|a écrit"
                             r"|ha scritto|scrive|disse|escreveu|napisał)\b", re.IGNORECASE)


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


def _article_before_comments(out: list[Block], first: int, last: int, costs: Costs,
                             mode: str) -> tuple[int, int]:
    """When the decoder's body starts inside a comment section (a heading that names or counts
    comments, then comments' marks, within _MAX_MARK_GAP blocks with words before it, and marks
    inside it too) and a run of prose the model scored as body (failing that, a run of sentences:
    `_prose_run`) stands before that heading, the run is the article (with the decoder's reading
    of the page above the heading: `common._decoded_article`) and the decoded body comments: a
    long comment section pulls the page's main prose run (the features' anchor) to itself, away
    from a shorter article."""
    if sum(pagetype.marks(out[first:last + 1])) < _MAX_ARTICLE_MARKS:
        return first, last
    heading = _heading_above(out, first)
    if heading is None:
        return _article_before_thread(out, first, last, costs, mode)
    run = _prose_run(out, heading) if any(pagetype.marks(out[heading + 1:first])) else []
    if not run:
        return first, last
    out[heading] = _relabel(out[heading], Label.COMMENTS, "comment-section heading above the decoded body")
    return _body_to_comments(out, first, last, _decoded_article(out, run, heading, costs, mode),
                             f"the decoded body starts inside the comment section ({out[heading].text[:40]!r} above it)")


def _heading_above(out: list[Block], first: int) -> int | None:
    """The nearest block naming a comment section (not one the page repeats) within
    `_MAX_MARK_GAP` blocks with words above block ``first`` (`pagetype.within_gap`), or None."""
    return next((j for j in pagetype.within_gap(out, first - 1, -1)
                 if _names_comment_section(out[j]) and not _recurs(out, j, 0)), None)


def _article_before_thread(out: list[Block], first: int, last: int, costs: Costs,
                           mode: str) -> tuple[int, int]:
    """The same when no heading names the section: the decoded body starts inside a thread of
    reader comments (`_reads_as_comments`: reply rows or "X writes:" lines, posts in the first
    or second person), and a run of prose the model scored as body (failing that, a run of
    sentences) stands before the thread's first mark. The page's threads are found from its
    top: a thread looked for from a block inside it would start there, and a comment above that
    block would read as the article. A body decoded from up to _HEADING_REACH blocks above the
    first mark (a sort control, the box's fine print) starts inside the thread too."""
    found = next((t for t in pagetype.threads(out) if t.start - _HEADING_REACH <= first <= t.posts[-1]), None)
    if found is None or not _reads_as_comments(out, found):
        return first, last
    run = _prose_run(out, found.start)
    if not run:
        return first, last
    return _body_to_comments(out, first, last, _decoded_article(out, run, found.start, costs, mode),
                             "the decoded body starts inside a thread of reader comments")


def _body_to_comments(out: list[Block], first: int, last: int, article: list[int], why: str) -> tuple[int, int]:
    """The decoded body ``first..last`` → comments, and the ``article`` before it
    (`common._decoded_article`) → body."""
    for j in range(first, last + 1):
        if out[j].label is Label.BODY:
            out[j] = _relabel(out[j], Label.COMMENTS, why)
    _restore_decoded(out, article, "the article before its comment section (the decoder's reading of the page above it)")
    return article[0], article[-1]


def _prose_run(out: list[Block], heading: int) -> list[int]:
    """The longest run of prose scored as body before block ``heading``, within _ARTICLE_REACH
    blocks, of at least _HEADED_ARTICLE_MIN_WORDS words: the article, not the nearest run, which
    may be a note or a list of suggested posts between the article and its comments.

    Failing that, the longest such run of prose that ends its sentences, whatever the model
    scored it, or []. The model's P(body) measures a block against the page's main prose run,
    and when the decoded body is a comment section that run is the comments' own: a 150-word
    story above a long thread scores 0.3."""
    for sentences in (False, True):
        runs = [(sum(_words(out[k]) for k in run), run)
                for run in _prose_runs_before(out, heading, max(heading - _ARTICLE_REACH, 0), sentences)]
        words, run = max(runs, key=lambda wr: wr[0], default=(0.0, []))  # the first (nearest) on ties
        if words >= _HEADED_ARTICLE_MIN_WORDS:
            return run
    return []


def _cut_comment_heading(out: list[Block], first: int, last: int) -> int:
    """A heading that names or counts comments ("Comments (5)", "{ 12 comments }", "42
    Responses to …") inside the body, after the article's first words → comments, with the
    body after it: a page's comment section sometimes has no time stamps or reply rows to make
    a thread of (names only), or its heading stands too far above the first mark, and the
    decoder reads it on as the article."""
    words = 0.0
    for j in range(first, last + 1):
        b = out[j]
        if words >= _HEADED_ARTICLE_MIN_WORDS and _names_comment_section(b) and not _recurs(out, j, first) \
                and (words >= _ARTICLE_MIN_WORDS or any(pagetype.marks(out[j + 1:j + 1 + _HEADING_REACH]))):
            resume = next((k for k in range(j + 1, last + 1) if out[k].label is Label.BODY), None)
            if resume is None or (resume - j > _HEADING_REACH and not any(pagetype.marks(out[j + 1:resume]))):
                # nothing after it is body (`_name_after` names the section), or the body resumes
                # only further below with no comment's mark between: another prose run, not the
                # body read on past the heading (on one wcxb-dev forum page not judged a forum, a
                # reply eight blocks down). With marks between (user lines, time stamps, reply
                # rows), the body resumes inside the comment section.
                return last
            why = f"after a comment-section heading inside the body ({b.text[:40]!r})"
            out[j] = _relabel(b, Label.COMMENTS, "comment-section heading inside the body, after the article")
            for k in range(j + 1, last + 1):
                if out[k].label is Label.BODY:
                    out[k] = _relabel(out[k], Label.COMMENTS, why)
            return _last_body(out, first, j - 1)
        if b.label is Label.BODY:
            words += _words(b)
    return last


def _names_comment_section(block: Block) -> bool:
    """A heading that names or counts comments, in words: not a line of code that mentions them,
    nor a sentence ("Comments welcome here."), nor a label ending in a colon ("Comments:",
    "Comments Filter:" over a form's field or a filter's options), unless it counts them
    ("7 comments:")."""
    text = block.text.strip()
    if len(text) > _HEADING_CHARS or not (text[:1].isalnum() or text[:1] in "[{(") or text[-1:] in ".!?":
        return False
    return cues.names_comments(cues.normalise(text), text) and (
        text[-1:] != ":" or cues.COMMENT_COUNT_HEADING.match(text) is not None)


def _recurs(out: list[Block], i: int, first: int) -> bool:
    """The heading of block ``i`` stands again elsewhere on the page (from the body's start on),
    with text between: the same words, or another count ("0 comments" … "14 comments",
    "Comments (12 posted)" … "Comments (4 posted)"). That is a listing's per-item counter, not
    the heading of the page's one comment section."""
    heading = out[i].text.strip().lower()
    counted = _counted(out[i].text)
    for others in (range(i + 1, len(out)), range(i - 1, first - 1, -1)):  # below it, then above it
        text = False
        for j in others:
            if _words(out[j]) >= _POST_WORDS:
                text = True
            elif text and (out[j].text.strip().lower() == heading or counted and _counted(out[j].text) == counted):
                return True
    return False


def _counted(text: str) -> str:
    """What a count of comments counts (its words, digits left out), or "" for no count."""
    if cues.COMMENT_COUNT_HEADING.match(text):
        return "comments"  # "1 comment", "14 Comments", "3 Kommentare": all counts alike
    return cues.normalise(text) if any(c.isdigit() for c in text[:40]) else ""


def _cut_comment_thread(out: list[Block], first: int, last: int) -> int:
    """A thread of reader comments (user lines, time stamps, reply rows) after the article
    → comments: from its first comment to the end of the body and of the page's last
    comment thread (the article does not resume after its comments begin)."""
    start = _article_end(out, first, last)
    if start is None or sum(pagetype.marks(out[max(first - 2, 0):start])) >= _MAX_ARTICLE_MARKS:
        start = _short_article_end(out, first, last)
        if start is None:
            return last  # no article, or one whose own text is marked like posts
    found = [t for t in pagetype.threads(out, start) if _reads_as_comments(out, t)]
    if not found:
        return last
    begin, _ = _thread_span(out, found[0])
    _, end = _thread_span(out, found[-1])
    # above a comment heading inside the thread: the article's own marks and furniture. Its date
    # line and short controls there are chrome; a mark that ends a sentence ("…,” she replied.")
    # is the article's text and stays.
    for j in range(found[0].start, begin):
        if out[j].label is Label.BODY and (pagetype.is_mark(out[j]) and not out[j].features["end_punct"]
                                           or not _comment_text(out[j])):
            out[j] = _relabel(out[j], Label.CHROME, "the article's date line or furniture above its comment heading")
    why = (f"comment thread: {sum(len(t.posts) for t in found)} comments with user lines, "
           "time stamps or reply rows, after the article")
    for j in range(begin, max(end, last) + 1):
        if out[j].label is Label.BODY or out[j].label is Label.CHROME and j <= end and not _plain_chrome(out[j]):
            out[j] = _relabel(out[j], Label.COMMENTS, why)
    return _last_body(out, first, begin - 1) if begin <= last else last


def _short_article_end(out: list[Block], first: int, last: int) -> int | None:
    """Where the comments start under a short article, or None.

    A post of 100 words (a story's summary on a news aggregator) followed by its readers'
    thread has no _ARTICLE_MIN_WORDS words of its own: counting on into the thread found the
    thread's marks in "the article" and cut nothing. Here the first thread after the article's
    first text that reads as comments (`_reads_as_comments`) and holds two of its posts inside
    the decoded body starts the comments (from `_thread_span`'s start), when a comment heading
    stands between the article and the thread (a forum's first post and its replies have
    none), and _HEADED_ARTICLE_MIN_WORDS words of body with fewer than _MAX_ARTICLE_MARKS
    marks come before it."""
    text = next((j for j in range(first, last + 1)
                 if out[j].label is Label.BODY and not pagetype.is_mark(out[j])), last)
    found = next((t for t in pagetype.threads(out, text + 1)
                  if sum(post <= last for post in t.posts) >= 2 and _reads_as_comments(out, t)), None)
    if found is None or not any(_comments_heading(out[j]) for j in range(first, found.start)):
        return None
    begin, _ = _thread_span(out, found)
    words = sum(_words(out[j]) for j in range(first, begin) if out[j].label is Label.BODY)
    marked = sum(pagetype.marks(out[max(first - 2, 0):begin]))
    return begin if begin > first and words >= _HEADED_ARTICLE_MIN_WORDS and marked < _MAX_ARTICLE_MARKS else None


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
    second = found.posts[1] if len(found.posts) > 1 else found.start
    inside = next((j for j in range(found.start + 1, second + 1) if _names_comment_section(out[j])), None)
    if inside is not None:
        # a heading that names or counts comments after the thread's first mark and post: that
        # mark and post are the article's own ("As he wrote:" over a quotation, its date line)
        begin = inside
    else:
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


def _cut_tail_comment(out: list[Block], first: int, last: int) -> int:
    """An unmarked reader comment glued to the article's end → comments."""
    if last <= first:
        return last
    tail = out[last]
    f = tail.features
    body = [b.features["cohesion"] for b in out[first:last] if b.label is Label.BODY]
    if len(body) < 3 or _words(tail) < _TAIL_COMMENT_MIN_WORDS:
        return last
    if not any(b.label is Label.BODY and _words(b) >= _PROSE_WORDS and b.features["end_punct"] for b in out[first:last]):
        return last  # no paragraph above it, only headings and labels: the tail is the article
    reads_apart = f["cohesion"] < min(_TAIL_COMMENT_COHESION_SHARE * statistics.median(body),
                                      _TAIL_COMMENT_MAX_COHESION)
    unreported = not f["has_quotes"] and not f["reporting"]
    if reads_apart and unreported:
        out[last] = _relabel(out[last], Label.COMMENTS,
                             f"unmarked comment: last paragraph, cohesion {f['cohesion']:.2f} "
                             f"vs article median {statistics.median(body):.2f}, no quotes or attribution")
        if last - 1 > first and out[last - 1].label is Label.BODY and _heading_shaped(out[last - 1]):
            last -= 1  # a heading goes with the text under it ("Get our newsletter" over its blurb)
            out[last] = _relabel(out[last], Label.COMMENTS, "heading of the text cut as a comment just below it")
        return _last_body(out, first, last - 1)
    return last


def _heading_shaped(block: Block) -> bool:
    """A short line that is no sentence: a heading (or a call to action) over what follows."""
    return _words(block) <= _HEADING_WORDS and not block.features["end_punct"]


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
