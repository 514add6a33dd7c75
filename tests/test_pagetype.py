"""pagetype: article or forum, judged from where a page's post marks are and what they say."""
from __future__ import annotations


import pytest

import boilerstrip
from boilerstrip import pagetype
from boilerstrip.features import features
from boilerstrip.segment import segment
from conftest import FIXTURES, read_fixture

CONFIG = boilerstrip.Config(input_format="text")


def featured(text: str):
    return features(segment(text, CONFIG), CONFIG)


# A bulletin-board thread: every post opens with a user line and a time, member statistics follow.
FORUM = """Garden Talk Forum
Board index › Vegetables › Tomatoes
Tomato leaves curling upwards in July
greenthumb_ali » Tue 8 Jul 2025, 18:02
My tomato plants in the greenhouse have leaves curling upwards since the heatwave started, is that something I should worry about?
Posts: 14 · Joined: Mar 2024
Quote Reply
Marta K. » Tue 8 Jul 2025, 18:40
Leaf roll like that is usually a reaction to heat and strong sun, the plants protect themselves and it does no lasting harm at all.
Posts: 2311 · Joined: Jan 2011
Quote Reply
greenthumb_ali » Wed 9 Jul 2025, 07:15
Thanks, that is reassuring. I will open the vents earlier in the morning and see whether the new leaves stay flat.
Posts: 14 · Joined: Mar 2024
Quote Reply
oldspade » Wed 9 Jul 2025, 09:51
Shade netting on the south side helped mine a lot in a similar summer, and water in the evening rather than at midday.
Posts: 508 · Joined: Jun 2016
Quote Reply
Powered by a forum engine"""

# An article with a reader comment thread after it: the article is a long unmarked run.
ARTICLE_PARAGRAPHS = [
    "The regional water board approved a plan on Monday to replace the oldest pipes under the market "
    "district, a project that engineers say will cut leaks by a third over the next five years.",
    "Work will start in the spring on the streets around the covered market, where the cast iron mains "
    "were laid more than a century ago and burst several times during the cold weeks of last winter.",
    "The board chair said the cost would be spread over six years, so that household bills rise by less "
    "than two percent in any single year, and that traders would be told of closures a month ahead.",
    "Shop owners in the district welcomed the plan but asked for the digging to pause during the "
    "weeks before the holidays, when the market draws the largest crowds of the year.",
    "The board will publish a street-by-street schedule in February, after a last survey of the pipes "
    "with cameras, and residents can comment on it at two public meetings in the town hall.",
]
COMMENTS = [
    ("Rosa P.", "12 March 2025 at 7:12 am",
     "About time. My street has had three burst pipes in two years and nobody ever told us anything in advance."),
    ("dan_the_baker", "12 March 2025 at 9:30 am",
     "I hope they really keep the promise about the holiday weeks, we make half our money in December."),
    ("Ines", "13 March 2025 at 6:48 pm",
     "Two percent a year for six years is still twelve percent, I wish they would say that plainly."),
]


def article_with_thread(heading: str | None = "Comments") -> str:
    lines = ["City News", "Water board approves new pipes for the market district", *ARTICLE_PARAGRAPHS,
             "Share this article"]
    if heading:
        lines.append(heading)
    for name, when, text in COMMENTS:
        lines += [name, when, text, "Reply"]
    return "\n".join(lines + ["© 2025 City News"])


def test_forum_thread_is_a_forum():
    kind, why = pagetype.judge(featured(FORUM))
    assert kind == "forum", why
    assert "member statistics" in why


def test_article_with_comment_thread_is_an_article():
    kind, why = pagetype.judge(featured(article_with_thread()))
    assert kind == "article", why


def test_plain_article_is_an_article_with_its_reason():
    kind, why = pagetype.judge(featured("\n".join(ARTICLE_PARAGRAPHS)))
    assert (kind, why) == ("article", "article: fewer than 3 marked posts")


@pytest.mark.parametrize("text, expected", [
    ("Reply Quote Like", True),
    ("410 posts · Joined 2002", True),
    ("Greg T. · 4 March 2025 at 7:12 am", True),
    ("by jdoe writes: on Friday January 12, @11:51AM (#64153115)", True),
    ("3 hours ago", True),
    ("The council met on 4 March 2025 and approved the budget for the new school buildings, after a debate "
     "that lasted well into the evening and ended with a narrow vote.", False),
    ("Read the full report", False),
    # how comment systems introduce a comment, and sentences that end on the same verbs
    ("Kevin said,", True), ("infamousdx said...", True), ("Rosa P. says:", True), ("Anna schrieb:", True),
    ("‘Nuff said.", False), ("“Oh, not even close, no,” she replied.", False),
])
def test_marks(text, expected):
    (block,) = featured(text)
    assert pagetype.is_mark(block) is expected


def test_document_page_type_is_the_judgement():
    assert boilerstrip.annotate(FORUM, CONFIG).page_type == "forum"
    assert boilerstrip.annotate(article_with_thread(), CONFIG).page_type == "article"
    assert boilerstrip.annotate(FORUM, CONFIG).to_dict()["page_type"] == "forum"


@pytest.mark.parametrize("name, expected", [("de-forum-thread", "forum"), ("en-blog-comments-thread", "article"),
                                            ("fr-blog-comments", "article"), ("fr-all-article", "article")])
def test_fixture_pages(name, expected):
    page = read_fixture(FIXTURES / "text" / f"{name}.page")
    assert boilerstrip.annotate(page.text).page_type == expected


def _discussion_html(declared: bool) -> str:
    """A thread in HTML: an opening post, then replies in elements named as comments; with
    ``declared``, the page says it is a schema.org DiscussionForumPosting (microdata) and
    a QAPage (JSON-LD)."""
    kind = ' itemscope itemtype="https://schema.org/DiscussionForumPosting"' if declared else ""
    jsonld = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "QAPage"}</script>'
    replies = "".join(f'<div class="comment"><div class="comment-author">{name}</div><time>{when}</time>'
                      f'<p>{text}</p><a href="#">Reply</a></div>' for name, when, text in COMMENTS)
    return (f"<html><head><title>Pipes</title>{jsonld if declared else ''}</head><body>"
            f"<nav><a href='/'>Forum index</a></nav><main{kind}><h1>New pipes for the market district?</h1>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS) + f'<section class="comments">{replies}</section>'
            + "</main><footer><a href='/about'>About</a></footer></body></html>")


def test_a_page_that_declares_itself_a_discussion_is_a_forum():
    doc = boilerstrip.annotate(_discussion_html(declared=True))
    assert doc.metadata["schema_types"] == ("QAPage", "DiscussionForumPosting")
    assert doc.page_type == pagetype.FORUM
    assert all(b.label is boilerstrip.Label.BODY for b in doc.blocks if b.text in {c[2] for c in COMMENTS})
    undeclared = boilerstrip.annotate(_discussion_html(declared=False))  # the same page, read by its text alone
    assert undeclared.metadata["schema_types"] == () and undeclared.page_type == pagetype.ARTICLE
    assert all(b.label is boilerstrip.Label.COMMENTS for b in undeclared.blocks if b.text in {c[2] for c in COMMENTS})


def test_declared_types_decide_only_when_they_name_a_discussion():
    blocks = featured("\n".join(ARTICLE_PARAGRAPHS))
    assert pagetype.judge(blocks, ("NewsArticle", "Question"))[0] == pagetype.ARTICLE
    kind, why = pagetype.judge(blocks, ("WebPage", "QAPage"))
    assert kind == pagetype.FORUM and "QAPage" in why


def test_a_console_log_in_pre_is_no_comment_thread():
    # clock times and short lines after an article's prose look like comment marks in plain
    # text; in HTML a <pre> says they are a log, so the article keeps them
    prose = ("<p>The board would not boot from the second disk, so I attached a serial console and "
             "watched the firmware try every device in turn before it gave up on the last one.</p>")
    log = "\n".join(f"[12:0{i}:1{i}] probe disk{i}: no boot block found\nretrying with the next device"
                    for i in range(8))
    more = ("<p>The log shows the firmware reading each disk's first block and finding nothing it could "
            "load, which is how I learned that this machine wants its boot block in its own partition.</p>")
    html = f"<html><body><article><h1>A stubborn boot</h1>{prose * 3}<pre>{log}</pre>{more * 2}</article></body></html>"
    doc = boilerstrip.annotate(html, boilerstrip.Config(input_format="html"))
    logged = [b for b in doc.blocks if "probe disk" in b.text]
    assert len(logged) == 8
    assert all(b.label is boilerstrip.Label.BODY for b in logged), [(b.text, b.label, b.evidence) for b in logged]
    assert "firmware reading each disk" in doc.body
    assert not any(pagetype.is_mark(b) for b in logged)


def _numbered_thread(bullet: str) -> str:
    posts = [
        ("greenthumb_ali", "My tomato plants in the greenhouse have leaves curling upwards since the heatwave started, is that something I should worry about?"),
        ("Marta K.", "Leaf roll like that is usually a reaction to heat and strong sun, the plants protect themselves and it does no lasting harm at all."),
        ("oldspade", "Shade netting on the south side helped mine a lot in a similar summer, and water in the evening rather than at midday."),
        ("greenthumb_ali", "Thanks, that is reassuring. I will open the vents earlier in the morning and see whether the new leaves stay flat."),
    ]
    lines = ["Garden Talk Forum", "Tomato leaves curling upwards in July"]
    for n, (user, text) in enumerate(posts, 1):
        lines += [f"{bullet}{user}", f"{bullet}Jul {n + 7}, 2025", f"{bullet}#{n}", text]
    return "\n".join(lines)


@pytest.mark.parametrize("bullet", ["", "* ", "- ", "• ", "+ "])
def test_post_numbers_count_as_forum_furniture_behind_a_list_bullet(bullet):
    # renderers such as inscriptis print list items with a bullet: "* #3"
    kind, why = pagetype.judge(featured(_numbered_thread(bullet)))
    assert kind == pagetype.FORUM, why


def _story_with_comments(number) -> str:
    """A short news story, then reader comments each printed with its time and ``number(n)``
    for the n-th comment: a permalink id "(#40743959)" or a post's ordinal "#1"."""
    lines = ["Tech News", "City council votes to put public transport timetables online",
             "Posted by an editor on Monday July 23, @08:24PM",
             "The city council voted on Monday to publish every bus and tram timetable as open data, "
             "so that app makers and riders can use the same figures the operators plan with."]
    comments = [
        ("commuter42", "Finally. I have been copying the tram times by hand from the stop for years now."),
        ("railfan", "Open data is great, but the real problem is that the buses never keep to the timetable."),
        ("quietreader", "Our town did this two years ago and three different apps appeared within a month."),
        ("commuter42", "Does anyone know whether the night buses are included in the published data as well?"),
    ]
    for n, (user, text) in enumerate(comments):
        lines += [f"by {user} on Monday July 23, @08:{25 + n}PM {number(n)}", text, "Reply to This"]
    return "\n".join(lines)


def test_comment_permalink_ids_are_not_post_numbers():
    blocks = featured(_story_with_comments(lambda n: f"(#4074{3959 + n * 17})"))
    kind, why = pagetype.judge(blocks)
    assert kind == pagetype.ARTICLE, why
    assert "0 with member statistics" in why  # the thread is found; its ids are not forum furniture
    # a post's ordinal still counts: the same thread numbered "#1".."#4" beside the time
    kind, why = pagetype.judge(featured(_story_with_comments(lambda n: f"#{n + 1}")))
    assert kind == pagetype.FORUM, why


def test_the_prose_counted_is_before_the_first_thread_with_forum_furniture():
    """A dated list at the top (three dates, each over a line of text: a thread of marks, but
    no forum furniture), then a long article, then a thread that prints member statistics:
    the article stands before the thread with the furniture, so the page is an article. The
    same thread with no article before it is a forum."""
    agenda = ["What's on", "4 March 2025", "The spring market opens on the square with thirty stalls.",
              "11 March 2025", "A talk on the history of the covered market at the library.",
              "18 March 2025", "Guided walk along the old water mains, starting at the town hall."]
    thread = FORUM.split("\n")[2:]
    kind, why = pagetype.judge(featured("\n".join(agenda + ARTICLE_PARAGRAPHS * 5 + thread)))
    assert kind == "article", why
    assert "before the first thread with them" in why
    kind, why = pagetype.judge(featured("\n".join(agenda + thread)))
    assert kind == "forum", why


def _bare_numbered_thread(related: list[str] = ()) -> str:
    """A thread whose user lines end with the post's ordinal printed bare after the clock time
    ("dan_the_baker March 12, 2025, 9:30am 2", as Discourse prints them), no "#"."""
    lines = ["Town Forum", "New pipes for the market district?"]
    posts = [("rosa_p", "March 12, 2025, 7:12am"), *[(name, when) for name, when, _ in COMMENTS]]
    texts = [ARTICLE_PARAGRAPHS[0], *[text for _, _, text in COMMENTS]]
    for n, ((name, when), text) in enumerate(zip(posts, texts), 1):
        lines += [f"{name} {when.replace(' at ', ', ')} {n}", text, f"{n + 2} Likes"]
    return "\n".join(lines + list(related) + ["Powered by a forum engine"])


@pytest.mark.parametrize("line, expected", [
    ("dan_the_baker March 12, 2025, 9:30am 2", True), ("rosa_p 12 March 2025 19:12 14", True),
    ("Greg T. · 4 March 2025 at 7:12 am", False), ("Kickoff at 7:30 pm", False),
])
def test_a_post_number_printed_bare_after_the_clock_is_forum_furniture(line, expected):
    assert pagetype._forum_furniture(line) is expected


def test_a_thread_of_bare_numbered_posts_is_a_forum():
    kind, why = pagetype.judge(featured(_bare_numbered_thread()))
    assert kind == "forum", why


def test_a_forum_thread_ends_at_a_related_heading():
    """Other threads' titles and dates under "Related topics" are no posts, dated as they are."""
    related = ["Related topics", "Water pressure low after the pipe works", "Support", "Mar 2025",
               "Who do I call about a burst pipe in the market street", "Support", "Feb 2025",
               "Parking during the road works near the covered market", "Traffic", "Jan 2025"]
    doc = boilerstrip.annotate(_bare_numbered_thread(related), CONFIG)
    assert doc.page_type == "forum"
    labels = {b.text: b.label for b in doc.blocks}
    assert all(labels[text] is boilerstrip.Label.BODY for _, _, text in COMMENTS)
    assert all(labels[text] is not boilerstrip.Label.BODY for text in related)


def _thread_spread_by(filler: list[str]) -> str:
    """An article, then its comments, each followed by the lines ``filler``."""
    lines = ["City News", *ARTICLE_PARAGRAPHS, "Comments"]
    for name, when, text in COMMENTS + [("Marta K.", "14 March 2025 at 8:02 am",
                                         "The schedule in February will tell us more than any promise made today.")]:
        lines += [f"{name} · {when}", text, *filler]
    return "\n".join(lines)


# A vote control and a nested list's bullets as inscriptis prints them: a line each.
_LETTERLESS = ["+", "*", "5", "4", "3", "2", "1", "0", "-1", "+", "*", "•", "3", "2", "1", "0", "*", "+",
               "-", "*", "+"]
# As many lines with words, standing for an ad or a list of other stories between comments.
_WORDED = [f"Other story number {k}" for k in range(len(_LETTERLESS))]


def test_lines_without_letters_do_not_part_a_thread():
    assert len(_LETTERLESS) > pagetype._MAX_MARK_GAP  # the marks stand further apart than the gap, in blocks
    spread = pagetype.thread(featured(_thread_spread_by(_LETTERLESS)))
    assert spread is not None and len(spread.posts) == 4
    # the same distance in lines with words parts the comments: no run of three marked posts
    assert pagetype.thread(featured(_thread_spread_by(_WORDED))) is None
