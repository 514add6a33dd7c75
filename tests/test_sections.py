"""sections: comments and related stories around the article, named, split, and kept on request.

Pages here are small invented ones (our own text). Each case says which rule it exercises;
the fixture pages (tests/test_fixtures.py) cover whole pages in five languages.
"""
from __future__ import annotations

import numpy as np
import pytest

import boilerstrip
from boilerstrip import Config, Label
from boilerstrip.features import features
from boilerstrip.sections import name_sections
from boilerstrip.sections.comments import _heading_above
from boilerstrip.sections.common import AFTER, BEFORE, BODY, GAP
from boilerstrip.segment import segment
from test_pagetype import ARTICLE_PARAGRAPHS, COMMENTS, FORUM, article_with_thread, featured

TEXT = Config(input_format="text")
HTML = Config(input_format="html")


def labels(doc) -> list[tuple[str, str]]:
    return [(b.label.value, b.text) for b in doc.blocks]


def labels_of(blocks) -> list[tuple[str, str]]:
    return [(b.label.value, b.text) for b in blocks]


def label_of_blocks(blocks, text: str) -> Label:
    return next(b.label for b in blocks if b.text == text)


def label_of(doc, text: str) -> Label:
    return label_of_blocks(doc.blocks, text)


@pytest.mark.parametrize("heading", ["Comments", "Kommentare", "Comentarios", "3 thoughts on “Water pipes”", None])
def test_comment_thread_after_the_article_is_comments(heading):
    doc = boilerstrip.annotate(article_with_thread(heading), TEXT)
    for name, when, text in COMMENTS:
        assert label_of(doc, text) is Label.COMMENTS, labels(doc)
        assert label_of(doc, when) is Label.COMMENTS
    assert all(label_of(doc, p) is Label.BODY for p in ARTICLE_PARAGRAPHS)
    assert any("comment" in e for b in doc.blocks if b.text == COMMENTS[0][2] for e in b.evidence)


def test_document_comments_are_split_one_per_comment_with_their_user_line():
    doc = boilerstrip.annotate(article_with_thread("Comments"), TEXT)
    assert doc.comments == [f"{name}\n{when}\n{text}" for name, when, text in COMMENTS]


def test_clean_keeps_the_article_only_by_default_and_comments_on_request():
    page = article_with_thread("Comments")
    body_only = boilerstrip.clean(page, TEXT)
    assert body_only == "\n".join(ARTICLE_PARAGRAPHS)
    with_comments = boilerstrip.clean(page, TEXT.replace(keep={"body", "comments"}))
    assert with_comments.startswith("\n".join(ARTICLE_PARAGRAPHS))
    assert all(text in with_comments for _, _, text in COMMENTS)


def test_detect_comments_off_leaves_the_thread_to_the_model():
    doc = boilerstrip.annotate(article_with_thread(None), TEXT.replace(detect_comments=False))
    assert not any("comment thread" in e for b in doc.blocks for e in b.evidence)


def test_forum_posts_stay_body():
    doc = boilerstrip.annotate(FORUM, TEXT)
    assert doc.page_type == "forum"
    assert not doc.labelled(Label.COMMENTS)
    posts = [line for line in FORUM.split("\n") if len(line.split()) > 15]
    assert all(label_of(doc, post) is Label.BODY for post in posts)


# A news page whose story is followed by teasers of other stories (source, relative time,
# headline, whole text), with or without a section heading.
STORY = [
    "The city library will stay open until midnight during the exam weeks in January and June, the "
    "council said on Tuesday, after students collected more than four thousand signatures for it.",
    "The longer hours will cost about ninety thousand euros a year, most of it for extra staff on the "
    "evening shifts and for the security service that guards the reading rooms at night.",
    "Students who signed the petition said the reading rooms of the university close too early and "
    "that many of them share small flats where it is hard to find a quiet place to study.",
    "The library director said the evening hours would be reviewed after the first year, and that the "
    "reading rooms on the second floor would stay quiet zones with no group work allowed.",
    "A night bus will stop outside the library from eleven until one, so that students who stay late "
    "do not have to walk home across the park, the transport office confirmed on Wednesday.",
]
TEASERS = [
    ("Riverside Daily", "7 hours ago", "Ferry fares to rise by six percent from July",
     "Passengers on the river ferry will pay more from July, when the operator raises single fares by "
     "six percent and monthly passes by four, blaming fuel prices and new engines for its boats."),
    ("The Eastbank Herald", "11 hours ago", "Council asks residents to name the new footbridge",
     "Residents can suggest names for the footbridge over the railway until the end of the month; a jury "
     "of pupils from the three nearest schools will choose five names for a final public vote."),
]


def news_page(heading: str | None) -> str:
    lines = ["Northfield Courier", "Library to stay open until midnight in exam weeks", *STORY]
    if heading:
        lines.append(heading)
    for source, when, headline, text in TEASERS:
        lines += ["", source, when, headline, text]
    return "\n".join(lines)


@pytest.mark.parametrize("heading", ["Related Articles", "Lesen Sie auch", "Noticias relacionadas", None])
def test_teasers_after_the_story_are_related(heading):
    doc = boilerstrip.annotate(news_page(heading), TEXT)
    for source, when, headline, text in TEASERS:
        assert label_of(doc, text) is Label.RELATED, labels(doc)
        assert label_of(doc, when) is Label.RELATED
    kept = boilerstrip.clean(news_page(heading), TEXT)
    assert all(p in kept for p in STORY)
    assert not any(t in kept or h in kept for _, _, h, t in TEASERS)


def test_document_related_items_have_headline_source_and_text():
    doc = boilerstrip.annotate(news_page("Related Articles"), TEXT)
    items = [item for item in doc.related if item.get("text")]
    assert [item["text"] for item in items] == [t for *_, t in TEASERS]
    assert [item.get("headline") for item in items] == [h for _, _, h, _ in TEASERS]


def test_an_article_that_is_all_article_comes_back_whole():
    """Negative case: dated paragraphs and a sub-heading inside one story are not comments."""
    paragraphs = [
        "On 3 March 2025 the first survey team lowered a camera into the old brick sewer under the market "
        "square and found the tunnel in far better shape than the engineers had feared it would be.",
        "On 10 March 2025 a second team walked the northern branch and counted only four places where "
        "bricks had fallen, all of them under the road where heavy lorries turn towards the bridge.",
        "What the engineers propose",
        "The engineers now think the sewer can be lined from inside instead of being dug up, which would "
        "spare the market square two years of roadworks and cut the cost of the repair by half.",
        "A decision on the lining is expected in the autumn, after the council has seen the full survey "
        "and the engineers' estimate of how long the lined sewer would last before the next repair.",
    ]
    doc = boilerstrip.annotate("\n".join(paragraphs), TEXT)
    assert doc.page_type == "article"
    assert boilerstrip.clean("\n".join(paragraphs), TEXT) == "\n".join(paragraphs)


def test_docs_examples_run():
    """The ```python blocks of docs/comments-and-related.md, run in order as one doctest."""
    import doctest
    import re
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "docs" / "comments-and-related.md"
    examples = "\n\n".join(re.findall(r"^```python\n(.*?)^```$", path.read_text(encoding="utf-8"), re.S | re.M))
    test = doctest.DocTestParser().get_doctest(examples, {}, path.name, str(path), 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.tries >= 5 and runner.failures == 0


def test_a_heading_over_a_text_cut_as_an_unmarked_comment_goes_with_it():
    """A newsletter box after the article: its heading is no sentence and the blurb under it
    reads apart from the article (cut as an unmarked tail comment); the heading must not
    stay behind as the article's last line."""
    heading = "Get the Valley Post in your inbox"
    blurb = "Our free morning briefing brings you twelve quick headlines, weather and traffic before breakfast every weekday."
    page = "\n".join(["Home", "News"] + ARTICLE_PARAGRAPHS + [heading, blurb, "Enter your email address",
                                                               "Sign me up"])
    doc = boilerstrip.annotate(page, TEXT)
    assert label_of(doc, heading) is not Label.BODY, labels(doc)
    assert label_of(doc, blurb) is not Label.BODY
    assert boilerstrip.clean(page, TEXT).splitlines()[-1] == ARTICLE_PARAGRAPHS[-1]


# Comments signed with a name only (no time stamp, no reply row): nothing makes a thread of them,
# only the heading that counts them. The model reads such comments on as the article.
NAMED_COMMENTS = [
    ("Rosa P.", "About time. My street has had three burst pipes in two years and nobody ever told us anything "
                "in advance, so I am glad to see a plan at last and I hope the schedule is kept this time."),
    ("dan_the_baker", "I hope they really keep the promise about the holiday weeks, we make half our money in "
                      "December and a closed street in front of the shop would hurt us badly this year."),
    ("Ines", "Two percent a year for six years is still twelve percent, I wish they would say that plainly "
             "instead of hiding it behind a yearly figure that sounds so small on the board's website."),
]


def article_with_named_comments(heading: str) -> str:
    lines = ["City News", "Water board approves new pipes for the market district", *ARTICLE_PARAGRAPHS, heading]
    for name, text in NAMED_COMMENTS:
        lines += [name, text]
    return "\n".join(lines)


@pytest.mark.parametrize("heading", ["{ 3 comments }", "3 Comments", "Comments (3)", "Reader Comments",
                                     "3 Kommentare", "Comentarios (3)", "1.234 Kommentare"])
def test_a_heading_that_counts_or_names_comments_inside_the_body_cuts_them(heading):
    page = article_with_named_comments(heading)
    doc = boilerstrip.annotate(page, TEXT)
    for name, text in NAMED_COMMENTS:
        assert label_of(doc, text) is Label.COMMENTS, labels(doc)
    assert all(label_of(doc, p) is Label.BODY for p in ARTICLE_PARAGRAPHS)
    kept = boilerstrip.clean(page, TEXT)
    assert "\n".join(ARTICLE_PARAGRAPHS) in kept and not any(text in kept for _, text in NAMED_COMMENTS)


@pytest.mark.parametrize("heading", ["Comments: 10 pages, 4 figures", "Comments welcome here.",
                                     ">>> comments = r.json()", "Comments:", "Leave a comment", "Discussion",
                                     "2. Comment engagement score"])
def test_a_field_a_sentence_code_or_a_form_does_not_cut_the_body(heading):
    """Negative case: 'Comments:' with a value is a field (and with none, a form's label), a
    sentence is no heading, code that mentions comments is code, forms and ambiguous words
    do not name a comment section, and "2. Comment …" numbers a section, it counts nothing."""
    page = article_with_named_comments(heading)
    doc = boilerstrip.annotate(page, TEXT)
    assert not any("heading inside the body" in e for b in doc.blocks for e in b.evidence), labels(doc)


def test_a_listing_with_a_comment_count_per_item_is_not_cut():
    """Negative case: '4 comments' under every item of a listing counts that item's comments."""
    items = []
    for k, paragraph in enumerate(ARTICLE_PARAGRAPHS):
        items += [f"Story {k + 1} of the week", paragraph, STORY[k], f"{k + 2} comments"]
    doc = boilerstrip.annotate("\n".join(items), TEXT)
    assert not any("heading inside the body" in e for b in doc.blocks for e in b.evidence), labels(doc)


def _resumed_below_comment_heading(signed: bool) -> list:
    """An article, a "Comments" heading and three short comments the decoder left out (a gap),
    then LONG_COMMENTS read as body again, nine blocks below the heading; with ``signed`` the
    comments stand under user lines with time stamps, else the short ones are bare texts."""
    short = [("Mila", "12 March 2025 at 7:12 am", "Finally!"), ("Joe K.", "12 March 2025 at 8:01 am", "Good news."),
             ("Ana", "12 March 2025 at 8:30 am", "About time.")]
    lines = ["City News", *ARTICLE_PARAGRAPHS, "Comments"]
    lines += [x for c in short for x in c] if signed else [t for *_, t in short] * 3
    resume = len(lines)
    lines += [x for c in LONG_COMMENTS for x in c] if signed else [t for *_, t in LONG_COMMENTS]
    blocks = features(segment("\n".join(lines), TEXT), TEXT)
    body = set(range(1, 1 + len(ARTICLE_PARAGRAPHS))) | set(range(resume, len(blocks)))
    return [b.labelled(Label.BODY if i in body else Label.CHROME, 0.9, ("model p(body)=0.90",))
            for i, b in enumerate(blocks)]


def test_a_body_resuming_below_a_comment_heading_after_marked_comments_is_comments():
    """The decoder reads the article, then a gap (the comment heading and its first, short comments,
    each under a user line with a time stamp), then body again at the longer comments further down.
    With comments' marks between the heading and the resumed body, the heading cuts it."""
    from boilerstrip.sections.comments import _cut_comment_heading

    out = _resumed_below_comment_heading(signed=True)
    last = _cut_comment_heading(out, 1, len(out) - 1)
    assert last == len(ARTICLE_PARAGRAPHS), labels_of(out)
    assert all(label_of_blocks(out, text) is Label.COMMENTS for *_, text in LONG_COMMENTS)
    # with no marks between, the body below is another prose run: left as it is
    out = _resumed_below_comment_heading(signed=False)
    assert _cut_comment_heading(out, 1, len(out) - 1) == len(out) - 1
    assert all(label_of_blocks(out, text) is Label.BODY for *_, text in LONG_COMMENTS)


LONG_COMMENTS = [
    ("Rosa P.", "12 March 2025 at 7:12 am",
     "About time. My street has had three burst pipes in two years and nobody ever told us anything in advance. "
     "The last time the water was off for two whole days and the only notice was a paper sign on a lamp post."),
    ("dan_the_baker", "12 March 2025 at 9:30 am",
     "I hope they really keep the promise about the holiday weeks, we make half our money in December. "
     "Last winter the road in front of my shop was closed for nine days and we lost most of the orders."),
    ("Ines", "13 March 2025 at 6:48 pm",
     "Two percent a year for six years is still twelve percent, I wish they would say that plainly. "
     "I do think the pipes need replacing, but I would like to see the whole bill and not a yearly slice."),
]


_ARTICLE_LINES = range(1, 4)  # where `_decoded_inside_comments` pages hold the article


def _decoded_inside_comments(head: list[str], article_lines=_ARTICLE_LINES,
                             weak: dict[int, float] | None = None, early: int = 0) -> tuple[tuple, np.ndarray]:
    """The blocks of ``head`` (a title, the article's paragraphs at ``article_lines``, what
    follows them) and then LONG_COMMENTS, labelled as by a decoder that took the comments for the
    article: the body starts at the first comment's text (or, with ``early``, that many blocks
    before the first comment's user line); the model scored the article and the comments 0.9,
    the lines in ``weak`` as given there, the rest 0.1. Returns the blocks and the decoder's
    states."""
    lines = head + [LONG_COMMENTS[0][0], LONG_COMMENTS[0][1]]
    start = len(head) - early if early else len(lines)
    lines += [LONG_COMMENTS[0][2], "Reply"]
    for name, when, text in LONG_COMMENTS[1:]:
        lines += [name, when, text, "Reply"]
    blocks = features(segment("\n".join(lines), TEXT), TEXT)
    p_body = [(weak or {}).get(i, 0.9 if i in article_lines or i >= start else 0.1) for i in range(len(blocks))]
    states = [BODY if i >= start else BEFORE for i in range(len(blocks))]
    labelled = tuple(b.labelled(Label.BODY if s == BODY else Label.CHROME, 0.9, (f"model p(body)={p:.2f}",))
                     for b, s, p in zip(blocks, states, p_body))
    return labelled, np.array(states)


@pytest.mark.parametrize("heading", ["12 Comments", "Kommentare (12)"])
def test_a_body_decoded_inside_the_comment_section_is_comments_and_the_article_above_it_body(heading):
    """The decoder took the comments for the article (a long comment section pulls the page's
    main prose run to itself); the model scored the article above the comment heading as body
    but it lost the decoding. The rule hands the article back and labels the rest comments."""
    labelled, states = _decoded_inside_comments(["City News", *ARTICLE_PARAGRAPHS[:3], "Share this:", "Related posts",
                                                 "Market hall roof to be repaired", heading])
    out = name_sections(labelled, states, TEXT, "article")
    assert [b.text for b in out if b.label is Label.BODY] == ARTICLE_PARAGRAPHS[:3], labels_of(out)
    assert all(b.label is Label.COMMENTS for b in out if b.text in {t for *_, t in LONG_COMMENTS})


def test_a_body_decoded_inside_an_unheaded_comment_thread_is_comments_and_the_article_above_it_body():
    """The same with no heading over the comments: the decoded body starts inside a thread of
    reader comments (user lines, times, reply rows, posts in the first person), so the prose
    the model scored as body above the thread's first mark is the article."""
    labelled, states = _decoded_inside_comments(["City News", *ARTICLE_PARAGRAPHS[:3], "Share this:"])
    out = name_sections(labelled, states, TEXT, "article")
    assert [b.text for b in out if b.label is Label.BODY] == ARTICLE_PARAGRAPHS[:3], labels_of(out)
    comments = [b for b in out if b.text in {t for *_, t in LONG_COMMENTS}]
    assert comments and all(b.label is Label.COMMENTS for b in comments), labels_of(out)
    assert any("thread of reader comments" in b.reason for b in comments)
    # with the model scoring the article low too (the thread's prose held the page's main run),
    # the article's sentences are still the longest prose above the thread: handed back
    weak = tuple(b.labelled(b.label, b.confidence, ("model p(body)=0.10",)) if i in _ARTICLE_LINES else b
                 for i, b in enumerate(labelled))
    out = name_sections(weak, states, TEXT, "article")
    assert [b.text for b in out if b.label is Label.BODY] == ARTICLE_PARAGRAPHS[:3], labels_of(out)
    # long lines that end no sentence (a category list), scored low, are no article: nothing is
    # handed back, and the body stays as decoded
    categories = ["Academia Anglicanism Announcements Atheists Baptists Book Reviews Buddhism Catholicism "
                  f"Church and State Culture Wars Evangelicals Part {k}" for k in range(1, 4)]
    labelled, states = _decoded_inside_comments(["City News", *categories, "Share this:"], weak={1: 0.1, 2: 0.1, 3: 0.1})
    out = name_sections(labelled, states, TEXT, "article")
    assert not any(b.label is Label.BODY for b in out if b.text in categories), labels_of(out)


def test_a_body_decoded_from_just_above_an_unheaded_thread_is_comments_too():
    """The decoded body starts two lines above the thread's first mark (a sort control and the
    comment box's fine print, which the decoder read on into the comments): the thread holds
    that body all the same, and the article above it is handed back."""
    fine_print = "The following comments are owned by whoever posted them, and we are not responsible for them."
    labelled, states = _decoded_inside_comments(["City News", *ARTICLE_PARAGRAPHS[:3], "Share this:",
                                                 "Sort by: newest", fine_print], early=2)
    assert labelled[5].label is Label.BODY and labelled[4].label is Label.CHROME  # the decoded body's start
    out = name_sections(labelled, states, TEXT, "article")
    assert [b.text for b in out if b.label is Label.BODY] == ARTICLE_PARAGRAPHS[:3], labels_of(out)
    assert all(b.label is Label.COMMENTS for b in out if b.text in {t for *_, t in LONG_COMMENTS})
    assert label_of_blocks(out, fine_print) is Label.COMMENTS


def test_the_article_handed_back_above_a_comment_section_is_the_decoders_reading_of_it():
    """The article's list (three short items the model scored 0.4) breaks its prose into two runs;
    a run finds the article, and decoding the page above the comment heading gives its whole
    extent, the list and the paragraphs after it included, as the decoder reads any article with
    weak lines inside it."""
    article = [ARTICLE_PARAGRAPHS[0], ARTICLE_PARAGRAPHS[1], "What the plan includes:",
               "- new mains under six streets", "- camera surveys every year", "- a month's notice of closures",
               ARTICLE_PARAGRAPHS[2], ARTICLE_PARAGRAPHS[3]]
    labelled, states = _decoded_inside_comments(["City News", *article, "Share this:", "12 Comments"],
                                                article_lines={1, 2, 7, 8}, weak={3: 0.6, 4: 0.4, 5: 0.4, 6: 0.4})
    out = name_sections(labelled, states, TEXT, "article")
    assert [b.text for b in out if b.label is Label.BODY] == article, labels_of(out)
    assert all("decoder's reading of the page above it" in b.reason for b in out if b.text in article)
    assert all(b.label is Label.COMMENTS for b in out if b.text in {t for *_, t in LONG_COMMENTS})


def test_marks_above_a_comment_heading_inside_a_thread_are_the_articles():
    """The article ends on a quotation introduced like a comment ("As the chair wrote:") and its
    date line: a thread's first mark and post, above the heading that counts the comments. The
    comment section starts at that heading; the quotation stays the article's."""
    quote = ("“We will not dig up the market square in December, whatever the schedule says, and every "
             "trader will hear about a closure four weeks before it starts,” the letter says.")
    lines = ["City News", *ARTICLE_PARAGRAPHS, "As the board chair wrote:", quote,
             "Posted on 12 March 2025 at 6:00 am", "3 Responses to “Water board approves new pipes”"]
    for name, when, text in COMMENTS:
        lines += [f"{name} says:", when, text, "Reply"]
    doc = boilerstrip.annotate("\n".join(lines), TEXT)
    assert label_of(doc, quote) is Label.BODY, labels(doc)
    assert all(label_of(doc, text) is Label.COMMENTS for *_, text in COMMENTS)


def test_an_articles_sentence_shaped_like_a_mark_above_a_comment_heading_stays_body():
    """The decoder read the article on into its comments. A sentence of the article that reads
    like a comment's mark ("…,” she replied.") starts the thread, above the heading that counts
    the comments: the comments start at the heading, and that sentence is the article's text,
    not its furniture; the date line there is furniture."""
    reply = "“Oh, not even close, no,” she replied."
    closing = "The first streets will be closed in April, and the board will publish the full list next week."
    lines = ["City News", *ARTICLE_PARAGRAPHS, "“Will the market square be dug up in December?” we asked.",
             reply, closing, "Posted on 12 March 2025 at 6:00 am", "3 Responses to “Water board approves new pipes”"]
    for name, when, text in COMMENTS:
        lines += [f"{name} says:", when, text, "Reply"]
    out = name_sections(*_decoded(lines, start=1), TEXT, "article")
    assert label_of_blocks(out, reply) is Label.BODY, labels_of(out)
    assert label_of_blocks(out, closing) is Label.BODY
    assert label_of_blocks(out, "Posted on 12 March 2025 at 6:00 am") is Label.CHROME
    assert all(label_of_blocks(out, text) is Label.COMMENTS for *_, text in COMMENTS)


def _decoded(lines: list[str], start: int = 0):
    """The lines as blocks the decoder read as one body from line ``start`` to the last."""
    blocks = features(segment("\n".join(lines), TEXT), TEXT)
    states = [BODY if i >= start else BEFORE for i in range(len(blocks))]
    labelled = tuple(b.labelled(Label.BODY if s == BODY else Label.CHROME, 0.9, ("model p(body)=0.90",))
                     for b, s in zip(blocks, states))
    return labelled, np.array(states)


# A reader's comment glued to the article's end, no heading, no name: it reads apart from the
# article and reports nothing.
GLUED_COMMENT = ("Honestly I stopped caring about this years ago, my cousin sold his old bike for almost "
                 "nothing last summer and he never regretted it for a single minute.")


def test_an_unmarked_comment_at_the_end_is_looked_for_in_text_only():
    """Text has no markup to tell a reader's comment from the closing paragraph; in HTML a
    comment sits in its own markup, and the closing paragraph is kept."""
    labelled, states = _decoded([*ARTICLE_PARAGRAPHS, GLUED_COMMENT])
    text = name_sections(labelled, states, TEXT, "article", "text")
    html = name_sections(labelled, states, TEXT, "article", "html")
    assert [b.label for b in text][-1] is Label.COMMENTS, labels_of(text)
    assert "unmarked comment" in text[-1].reason
    assert all(b.label is Label.BODY for b in html), labels_of(html)


def test_a_page_with_no_paragraph_above_its_last_one_keeps_it():
    """An unmarked comment is glued to an article: when all the body above the last paragraph is
    headings and labels (a page title, the site's name, a section line), that paragraph is the
    article, however apart it reads from them (here the site's blurbs below, the page's longest
    prose, share their words and the paragraph's none)."""
    head = ["Skiing in the troll country of the north", "Columbus travel stories", "The best travel stories of the north"]
    only = ("Iceland tempts in winter too: runs over untouched slopes, and not a trace of the crowds. The biggest "
            "area has five lifts and a view of the fjord.")
    blurbs = ["Columbus collects the best travel stories of the north and of the whole world, told by travellers "
              "for travellers, every week of the year.",
              "Send us your travel stories of the north and of the south: the best stories of the year win a trip "
              "for two to the troll country."]
    blocks = features(segment("\n".join(head + [only] + blurbs), TEXT), TEXT)
    states = [BODY] * 4 + [AFTER] * 2
    labelled = tuple(b.labelled(Label.BODY if s == BODY else Label.CHROME, 0.9, ("model p(body)=0.90",))
                     for b, s in zip(blocks, states))
    named = name_sections(labelled, np.array(states), TEXT, "article", "text")
    assert named[3].label is Label.BODY and all(b.label is Label.BODY for b in named[:3]), labels_of(named)
    # under the article's paragraphs, a tail that reads apart is cut as before
    labelled, states = _decoded([*ARTICLE_PARAGRAPHS, GLUED_COMMENT])
    cut = name_sections(labelled, states, TEXT, "article", "text")
    assert cut[-1].label is Label.COMMENTS and "unmarked comment" in cut[-1].reason, labels_of(cut)


LEDE_TWO_SENTENCES = ("The water board approved new pipes for the market district on Tuesday. "
                      "Work starts in spring and will take six years, street by street.")
CAPTION = "Workers lay a new water main under the market square in March."


@pytest.mark.parametrize("beside, caption", [(CAPTION, True), (LEDE_TWO_SENTENCES, False)])
def test_a_sentence_beside_a_photo_credit_is_a_caption_only_when_it_is_one_sentence(beside, caption):
    """Below a credit, one short sentence is its photo's caption; two sentences are the
    article's lede, which must stay body."""
    lines = ["City News", "Water board approves new pipes", "Photo: Jane Doe/Valley Press Agency", beside,
             *ARTICLE_PARAGRAPHS]
    labelled, states = _decoded(lines, start=2)
    out = name_sections(labelled, states, TEXT, "article", "text")
    assert out[2].label is Label.CAPTION, labels_of(out)
    assert (out[3].label is Label.CAPTION) is caption, labels_of(out)


def html_news_page(heading: str | None) -> str:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    teasers = "".join(f"<div><div>{source}</div><div>{when}</div><div>{headline}</div><div>{text}</div></div>"
                      for source, when, headline, text in TEASERS)
    return (f"<html><body><div><h1>Library to stay open until midnight in exam weeks</h1>{story}"
            f"{f'<div>{heading}</div>' if heading else ''}{teasers}</div></body></html>")


def test_html_stories_after_a_related_heading_are_cut_by_their_topic():
    doc = boilerstrip.annotate(html_news_page("Related Articles"), HTML)
    kept = boilerstrip.assemble(doc)
    assert all(p in kept for p in STORY)
    assert not any(t in kept for *_, t in TEASERS), labels(doc)
    assert all(any("another story after a break" in e for e in b.evidence)
               for b in doc.blocks if any(t == b.text for *_, t in TEASERS))


def test_html_a_time_stamp_alone_is_no_topic_break():
    """In HTML a time stamp after the article is a listing's item, a post, a comment or a review
    far more often than a spilled story: the topic-shift cut needs a related heading there."""
    doc = boilerstrip.annotate(html_news_page(None), HTML)
    assert not any("another story after a break" in e for b in doc.blocks for e in b.evidence)
    text_doc = boilerstrip.annotate(news_page(None), TEXT)
    assert any("another story after a break" in e for b in text_doc.blocks for e in b.evidence)


def test_the_article_restored_above_a_comment_section_is_the_longest_prose_run_not_the_nearest():
    import math

    from boilerstrip.model import Block
    from boilerstrip.sections.comments import _prose_run

    def block(i: int, words: int, p_body: float) -> Block:
        return Block(i, " ".join(["word"] * words), 0, 0, {"log_words": math.log1p(words)}, Label.CHROME, 0.5,
                     (f"model p(body)={p_body:.2f}",))

    # an article of four 40-word paragraphs, four short lines (more than a run bridges), a list
    # of suggested posts (two 30-word blurbs), four short lines, then the comment heading
    short = [block(i, 2, 0.1) for i in range(4, 8)]
    suggested = [block(8, 30, 0.8), block(9, 30, 0.8)]
    page = [block(i, 40, 0.8) for i in range(4)] + short + suggested + [block(i, 2, 0.1) for i in range(10, 15)]
    assert _prose_run(page, 14) == [0, 1, 2, 3]
    # an article 45 blocks above the heading (tags, a share bar, a list of other stories between)
    assert _prose_run(page[:4] + [block(i, 2, 0.1) for i in range(4, 49)], 49) == [0, 1, 2, 3]
    # with the article gone, the suggested posts are the one run of 50 words or more
    assert _prose_run(short + suggested + page[10:], 10) == [4, 5]


def test_the_decoded_article_is_the_run_and_the_decoders_body_when_they_meet():
    import math

    from boilerstrip.model import Block
    from boilerstrip.sections.common import Costs, _decoded_article

    def block(i: int, words: int, p_body: float) -> Block:
        return Block(i, " ".join(["word"] * words), 0, 0, {"log_words": math.log1p(words), "related_heading": 0.0,
                                                            "comments_heading": 0.0},
                     Label.CHROME, 0.5, (f"model p(body)={p_body:.2f}",))

    # menu (0-2), paragraph (3), a list of four weak items (4-7), two paragraphs (8-9), chrome (10-11)
    page = ([block(i, 1, 0.1) for i in range(3)] + [block(3, 40, 0.9)] + [block(i, 4, 0.45) for i in range(4, 8)]
            + [block(8, 40, 0.9), block(9, 40, 0.9)] + [block(i, 1, 0.1) for i in range(10, 12)])
    # the run found the last two paragraphs; the decoder crosses the list to the first one
    assert _decoded_article(page, [8, 9], 12, Costs(), "text") == [3, 4, 5, 6, 7, 8, 9]
    # a body the decoder reads elsewhere (above a long stretch of chrome) leaves the run alone
    far = ([block(0, 40, 0.9), block(1, 40, 0.9)] + [block(i, 1, 0.02) for i in range(2, 30)]
           + [block(30, 40, 0.9), block(31, 3, 0.3), block(32, 40, 0.9)])
    assert _decoded_article(far, [30, 32], 31, Costs(), "text") == [30, 32]


def _story_with_related_after(above: list[str]) -> list[str]:
    """``above``, then STORY, a "Related Articles" heading and TEASERS, all read as one body."""
    lines = [*above, *STORY, "Related Articles"]
    for source, when, headline, text in TEASERS:
        lines += [source, when, headline, text]
    return lines


def test_stories_after_the_article_are_cut_below_a_recent_comments_box_with_time_stamps():
    """Two time stamps in a "latest comments" box above the article do not make the page a
    listing of stories: the article's own stamp-free text after them (STORY is 160 words)
    says it is an article, so the stories after its related heading are cut by their topic."""
    widget = ["Latest Comments", "Mila 3 weeks ago", "Thanks, a very useful piece.", "Joe K. 1 month ago",
              "Good to read this."]
    out = name_sections(*_decoded(_story_with_related_after(widget)), TEXT, "article", "text")
    assert all(label_of_blocks(out, p) is Label.BODY for p in STORY), labels_of(out)
    for *_, text in TEASERS:
        assert label_of_blocks(out, text) is Label.RELATED, labels_of(out)


def test_a_listing_whose_items_carry_time_stamps_is_not_cut_by_topic():
    """Negative case: stamps recurring between short items are a listing's, every item another
    story by design; its related heading does not start a cut of the items below."""
    lines = []
    for k, paragraph in enumerate(STORY):
        lines += [f"Story {k + 1} of the week", f"{k + 2} hours ago", paragraph]
    lines.append("Related Articles")
    for source, when, headline, text in TEASERS:
        lines += [source, when, headline, text]
    out = name_sections(*_decoded(lines), TEXT, "article", "text")
    assert not any("another story after a break" in e for b in out for e in b.evidence), labels_of(out)


def _read_as(rows: list[tuple[str, float, int]]):
    """Blocks of ``rows`` (text, the model's P(body), decoder state) labelled as classify would."""
    blocks = features(segment("\n".join(text for text, _, _ in rows), TEXT), TEXT)
    labelled = tuple(b.labelled(Label.BODY if state == BODY else Label.CHROME, 0.9, (f"model p(body)={p:.2f}",))
                     for b, (_, p, state) in zip(blocks, rows))
    return labelled, np.array([state for *_, state in rows])


def test_the_article_before_a_comment_box_and_spilled_stories_is_restored_with_its_list():
    """The decoder took the last spilled story for the article. Going back from it: a teaser,
    the first spilled story (one long block), a teaser, then the page's comment box and share
    line, and above them the article, its prose broken by a list the model also scored as
    body. The closing furniture does not part the article from the teasers, and the list
    counts with the prose around it: the article is restored, both stories are related."""
    bullets = ["Check the meter before the work starts", "Keep a jug of water for the first day",
               "Tell the board about elderly neighbours", "Ask your landlord about the bills"]
    first_story = " ".join(t for *_, t in TEASERS) * 3
    above, below = ARTICLE_PARAGRAPHS[:3], ARTICLE_PARAGRAPHS[3:]  # the article: 160 words with its list
    rows = [("City News", 0.1, BEFORE), *[(p, 0.9, BEFORE) for p in above],
            ("Before the digging starts, residents should:", 0.8, BEFORE),
            *[(b, 0.7, BEFORE) for b in bullets], *[(p, 0.9, BEFORE) for p in below],
            ("Share this article", 0.1, BEFORE), ("Comments", 0.1, BEFORE), ("No comments yet...", 0.1, BEFORE),
            ("Riverside Daily", 0.1, BEFORE), ("an hour ago", 0.1, BEFORE), ("- Riverside Daily", 0.2, BEFORE),
            ("Ferry fares to rise by six percent from July", 0.4, BEFORE), (first_story, 0.45, BEFORE),
            ("The Eastbank Herald", 0.1, BEFORE), ("3 hours ago", 0.1, BEFORE),
            ("Library to stay open until midnight in exam weeks", 0.6, BODY), *[(p, 0.9, BODY) for p in STORY]]
    out = name_sections(*_read_as(rows), TEXT, "article", "text")
    for text in (*above, *bullets, *below):
        assert label_of_blocks(out, text) is Label.BODY, labels_of(out)
    for text in (first_story, *STORY):
        assert label_of_blocks(out, text) is Label.RELATED, labels_of(out)


def test_short_lines_above_the_prose_before_a_related_break_do_not_join_it():
    """Negative case: lines the model scored as body but with no prose above them ("Here is a
    summary of the story:", a "Try this:" prompt) do not count as the article's text. The
    132 words of prose before an in-article "Related" box are short of an article, so what
    the decoder read below the box stays the body."""
    lead = ["Here is a short summary of what this story is about:", "Try something different today:"]
    rows = [("City News", 0.1, BEFORE), *[(line, 0.7, BEFORE) for line in lead],
            *[(p, 0.9, BEFORE) for p in ARTICLE_PARAGRAPHS[:4]], ("Related", 0.4, BEFORE),
            ("Library to stay open until midnight in exam weeks", 0.6, BODY), *[(p, 0.9, BODY) for p in STORY]]
    out = name_sections(*_read_as(rows), TEXT, "article", "text")
    assert all(label_of_blocks(out, p) is Label.BODY for p in STORY), labels_of(out)


def test_the_article_before_spilled_stories_is_measured_by_its_whole_reading_inside_a_related_section():
    """The decoder took the last spilled story for the article. Going back from it: a teaser,
    the first spilled story (one long block: a story-sized run between two breaks, so the
    chain is inside a related section), a teaser and the page's comment box. The prose just
    above them is only the article's last two paragraphs (63 words), parted from the rest by
    a figure line and sub-headings the model scored low; the decoder's reading of the page
    above the break has the whole article (170 words), so that is the article restored, and
    both stories are related."""
    first_story = " ".join(t for *_, t in TEASERS) * 3
    above, below = ARTICLE_PARAGRAPHS[:3], ARTICLE_PARAGRAPHS[3:]
    breaks = ["What changes for residents", "Figure 1. The route of the new pipe", "Timetable", "Why now"]
    rows = [("City News", 0.1, BEFORE), *[(p, 0.9, BEFORE) for p in above], *[(b, 0.3, BEFORE) for b in breaks],
            *[(p, 0.9, BEFORE) for p in below],
            ("Share this article", 0.1, BEFORE), ("Comments", 0.1, BEFORE), ("No comments yet...", 0.1, BEFORE),
            ("More stories", 0.05, BEFORE),
            ("Riverside Daily", 0.1, BEFORE), ("an hour ago", 0.1, BEFORE), ("- Riverside Daily", 0.2, BEFORE),
            ("Ferry fares to rise by six percent from July", 0.4, BEFORE), (first_story, 0.72, BEFORE),
            ("The Eastbank Herald", 0.1, BEFORE), ("3 hours ago", 0.1, BEFORE),
            ("Library to stay open until midnight in exam weeks", 0.6, BODY), *[(p, 0.9, BODY) for p in STORY]]
    out = name_sections(*_read_as(rows), TEXT, "article", "text")
    for text in (*above, *below):
        assert label_of_blocks(out, text) is Label.BODY, labels_of(out)
    for text in (first_story, *STORY):
        assert label_of_blocks(out, text) is Label.RELATED, labels_of(out)


_STORY = ("Growers across the valley say the frost in the last week of February killed most of the early "
          "blossom on their apple and pear trees, and some expect to lose half of this year's crop this autumn.")


@pytest.mark.parametrize("text, stamped", [
    # a teaser printed on lines of its own above the story, in one paragraph block
    ("Valley Evening Post\n2 hours ago\nOrchard growers count the cost\n" + _STORY, True),
    ("Talzeitung\nvor 2 Stunden\nWinzer rechnen mit einer kleinen Ernte\n" + _STORY, True),
    # an article's own date line above its print row: a short block, no story follows
    ("vor 5 Stunden in Aktuelles, keine Lesermeinung\nDruckansicht | Artikel versenden", False),
    # the time below the first lines is in the story, not its head
    ("Valley Evening Post\nOrchard growers count the cost\nA quiet spring\n2 hours ago\n" + _STORY, False),
    # one line: `_time_stamp` reads the block's own features instead
    (_STORY + " The frost came two weeks ago.", False),
])
def test_a_teasers_time_stamp_among_a_blocks_first_lines(text, stamped):
    from boilerstrip.sections.common import _stamped_head
    block = features(segment(text, Config(segment="paragraph")), TEXT)[0]
    assert _stamped_head(block) is stamped


_SUMMARY = ["A reader writes that exit interviews are a trap: whatever you say on your last day is written "
            "down, and the only people who read it are the managers you are complaining about.",
            "The piece argues that you should thank everyone, hand in your badge and keep your criticism for "
            "the anonymous staff survey, where it might at least be counted. Is that good advice?"]
_SIGNED_THREAD = [
    ("mike_r (10231)", "Monday July 23, @08:25PM", "I told my last boss exactly what I thought of the rota and "
     "nothing bad ever came of it, but I was leaving the industry anyway."),
    ("Anna K (5523)", "Monday July 23, @08:40PM", "You never know who you will work with again. I would keep it "
     "short and polite and move on with my life."),
    ("dbl_espresso (88812)", "Monday July 23, @09:02PM", "In my experience HR only wants to know whether you would "
     "come back, so I just said yes and left it there."),
    ("quietgeek (4410)", "Monday July 23, @09:30PM", "I skipped mine entirely. Nobody asked why and my reference "
     "was fine when I applied for the next job."),
]


def _summary_then_thread(furniture: list[str]) -> str:
    """An aggregator's story: a summary of under 150 words, the comment box's furniture, then
    the readers' thread, each comment signed "by <name> (<id>) on <date>" over a reply link."""
    parts = ["<html><body><div><h1>Being honest in exit interviews is pointless</h1>",
             "<p>Posted by editor on Monday July 23, @08:24PM</p>", *(f"<p>{p}</p>" for p in _SUMMARY), "</div><div>",
             *(f"<div>{f}</div>" for f in furniture)]
    for name, when, text in _SIGNED_THREAD:
        parts.append(f"<div><div>by {name} on {when}</div><div>{text}</div><div>Reply to This</div></div>")
    return "".join(parts + ["</div><div>© 2025 Example News</div></body></html>"])


@pytest.mark.parametrize("furniture, cut", [
    (["Comments Filter:", "All", "Insightful", "Informative", "Funny",
      "The following comments are owned by whoever posted them.", "Load all comments", "Sort: Oldest first"], True),
    (["All", "Insightful", "Informative", "Funny", "Load all", "Sort: Oldest first"], False),
], ids=["comment-heading-far-above", "no-comment-heading"])
def test_a_thread_under_a_short_article_is_comments_when_a_comment_heading_opens_the_box(furniture, cut):
    # The summary has too few words for the article's usual extent (150), which used to run into
    # the thread and find its marks; a forum's first post and its replies have no comment heading.
    doc = boilerstrip.annotate(_summary_then_thread(furniture), HTML)
    assert all(label_of(doc, p) is Label.BODY for p in _SUMMARY), labels(doc)
    expected = Label.COMMENTS if cut else Label.BODY
    assert all(label_of(doc, text) is expected for _, _, text in _SIGNED_THREAD), labels(doc)


def test_a_comment_heading_is_looked_for_over_blocks_with_words():
    vote_rows = ["Score:", "5", "4", "3", "2", "1", "0", "-1", "*", "+", "*", "+"] * 2  # a filter form, as inscriptis prints it
    other = [f"Other story number {k}" for k in range(len(vote_rows))]
    for filler, found in ((vote_rows, True), (other, False)):
        blocks = list(featured("\n".join(["Comments", *filler, "by jdoe on Friday December 19, 2025 @08:08PM"])))
        assert len(blocks) - 1 > 20  # more blocks than the reach stand between
        assert _heading_above(blocks, len(blocks) - 1) == (0 if found else None)
