"""A small, fast, seeded run of the synthetic spillover benchmark (bench/spillover.py).

Hosts are the fixture pages that are articles (their text is our own), so the test needs
no shared data: each gets a comment box and two or three other fixtures' whole bodies as
related stories after its last paragraph, in several header wordings and languages, or
with no header. The full benchmark on wcxb-dev articles is `python -m bench.spillover`.
"""
from __future__ import annotations

import random

import pytest

import boilerstrip

from bench import spillover
from boilerstrip import Label
from boilerstrip.sections import name_sections
from conftest import FIXTURES, read_fixture

# Pages whose main content is an article of some length (forum threads and how-to lists
# are hosts of a different kind).
HOSTS = ("en-news-menus-footer", "en-article-unmarked-comment", "en-blog-comments-thread",
         "de-article-unmarked-comment", "de-cookie-login-prompts", "es-news-comments-section",
         "es-news-brief-heavy-chrome", "fr-all-article", "fr-blog-comments")
# Three seeded runs of nine pages each, averaged. Floors: the measured mean with a margin of
# 0.02 (leak 0.046, recall 0.890 when first set; leak 0.022, recall 0.931 since the anchor
# stays before a related break).
SEEDS = (1, 2, 3)
MAX_RELATED_LEAK = 0.045
MIN_BODY_RECALL = 0.91


def _hosts(names=HOSTS) -> list[dict]:
    hosts = []
    for name in names:
        page = read_fixture(FIXTURES / "text" / f"{name}.page")
        title = next((t for t, l in zip([t for t in page.text.split("\n") if t.strip()], page.labels)
                      if l == "title"), page.body.split("\n", 1)[0])
        hosts.append({"text": page.text, "body": page.body, "title": title, "language": name[:2]})
    return hosts


# Related stories come from fixture pages in the host's language (a site links its own stories).
OTHERS = sorted(p.stem for p in (FIXTURES / "text").glob("*.page") if "forum" not in p.stem)


def test_synthetic_spillover_stays_out_of_the_article():
    runs = [spillover.synthetic(_hosts(), seed=seed, others=_hosts(OTHERS)) for seed in SEEDS]
    assert all(run["pages"] >= 8 for run in runs)
    leak = sum(run["related_leak"] for run in runs) / len(runs)
    recall = sum(run["body_recall"] for run in runs) / len(runs)
    assert leak <= MAX_RELATED_LEAK, runs
    assert recall >= MIN_BODY_RECALL, runs


def test_generator_is_seeded_and_inserts_after_the_article():
    hosts = _hosts()
    a = spillover.synthesize(hosts[0], hosts[1:], random.Random(3))
    b = spillover.synthesize(hosts[0], hosts[1:], random.Random(3))
    assert a == b
    last_para = hosts[0]["body"].split("\n")[-1]
    assert a["text"].index(last_para) < a["text"].index(a["related"].split("\n")[0])
    assert all(line in a["text"] for line in a["related"].split("\n"))


def test_insertion_point_is_the_last_paragraph_however_rendered():
    body = "First paragraph of the story.\nIt's the last one - with \"straight\" quotes."
    rendered = ["Menu", "First paragraph of the story.", "It’s the last one – with “straight” quotes.", "Footer"]
    assert spillover._last_body_line(rendered, body) == 2
    # joined to the line before it by the renderer: the line holding its last tokens
    joined = ["Menu", "First paragraph of the story. It's the last one - with straight quotes.", "Footer"]
    assert spillover._last_body_line(joined, body) == 1
    # never an earlier paragraph in its place (that would split the article)
    assert spillover._last_body_line(["Menu", "First paragraph of the story.", "Footer"], body) is None
    assert spillover._last_body_line(rendered, "") is None


@pytest.mark.parametrize("seed", range(5))
def test_generator_covers_headers_and_no_header(seed):
    hosts = _hosts()
    headers = {spillover.synthesize(hosts[i % len(hosts)], hosts, random.Random(seed * 100 + i))["header"]
               for i in range(40)}
    assert None in headers and len(headers) >= 4


# A news river: each item a headline, its time stamp and two paragraphs, each on its own topic.
RIVER = [
    ("Council approves new cycle lanes on the harbour road", "2 hours ago",
     "Councillors voted on Tuesday to paint protected cycle lanes along the whole harbour road, after a year of complaints from riders about lorries passing too close to them at the junctions near the ferry terminal.",
     "Work is due to start in the spring and will close one lane of traffic for about six weeks, the highways department said, adding that buses would keep their stops throughout the works."),
    ("Bakery on Mill Street wins regional bread award", "5 hours ago",
     "A family bakery that opened in a former shoe shop three years ago has won the regional award for its sourdough loaf, beating more than forty entries from across the county at the judging in the market hall.",
     "The owners said they would use the prize money to buy a second oven, so that the shop can bake rye and spelt loaves every morning instead of only at weekends."),
    ("Storm warning issued for the northern coast", "8 hours ago",
     "Forecasters have issued an amber warning for gales along the northern coast from Thursday evening, with gusts of up to seventy miles an hour expected on exposed headlands and high ground.",
     "Ferry operators have already cancelled the late crossings, and the coastguard has asked walkers to keep away from cliff paths until the wind drops on Saturday morning."),
    ("School choir to sing at the cathedral concert", "1 day ago",
     "Pupils from the primary school on Church Lane will sing at the cathedral's winter concert next month, the first time a school choir has been invited to perform there in more than a decade.",
     "The choir has been rehearsing twice a week since September, and parents have raised enough money to hire a coach to take all thirty singers and their teachers to the city."),
]


def test_a_listing_of_stories_is_not_cut_as_spillover():
    """Time stamps inside the body before any break make it a listing: its items are other
    stories by design, and the topic-shift cut leaves them in the body."""
    lines = ["The Valley Courier", "Latest news"]
    for title, when, first, second in RIVER:
        lines += [title, when, first, second]
    doc = boilerstrip.annotate("\n".join(lines + ["About us", "Contact"]), boilerstrip.Config(input_format="text"))
    assert not [b.text for b in doc.blocks if any("another story" in e for e in b.evidence)]
    assert all(b.label is boilerstrip.Label.BODY for b in doc.blocks if b.text in {p for item in RIVER for p in item[2:]})


def test_a_listing_whose_first_stamp_sits_above_the_decoded_body_is_not_cut():
    """The decoder may leave the first item's headline and time stamp above the body (they read
    as a page head): that stamp still counts for the listing, so one more stamp inside the body
    makes it a listing and the items after the next stamp are not cut as another story."""
    from test_sections import _decoded

    lines = ["The Valley Courier", "Latest news"]
    for title, when, first, second in RIVER[:3]:
        lines += [title, when, first, second]
    lines += LONG_STORY  # the last item's text runs on as a whole story: what follows its stamp reads as one
    blocks, states = _decoded(lines, start=4)  # the body starts at the first item's text
    out = name_sections(blocks, states, boilerstrip.Config(input_format="text"), "article", "text")
    assert not [b.text for b in out if any("another story" in e for e in b.evidence)]
    # the same body with no stamp above it: one stamp inside it is no listing, the cut is made
    lines[3] = "Tuesday"
    blocks, states = _decoded(lines, start=4)
    out = name_sections(blocks, states, boilerstrip.Config(input_format="text"), "article", "text")
    assert [b.text for b in out if any("another story" in e for e in b.evidence)]


# Another story, longer than the article (ARTICLE_PARAGRAPHS, 170 words), as aggregators print
# related articles whole.
LONG_STORY = [
    "The regional orchestra will open its winter season with a programme of Nordic symphonies, the "
    "conductor announced on Monday, after two years in which the concert hall stood half empty and the "
    "musicians played to recorded audiences at home. Tickets go on sale next week, with a third of the "
    "seats kept back for students and pensioners at a reduced price.",
    "Rehearsals begin in October in the old tram depot, which the city converted into a rehearsal space "
    "last spring. The acoustics surprised everyone, the first violinist said, because the brick vaults "
    "carry the sound of the strings far better than the modern hall, where the brass tends to drown the "
    "rest of the orchestra whenever the score grows loud.",
    "The season closes in March with a choral piece written for the orchestra by a local composer, who "
    "spent a year collecting folk songs in the villages of the valley. Several of the singers she "
    "recorded, some of them over ninety years old, have been invited to the premiere as guests of honour, "
    "and the hall will broadcast the evening live on the radio for listeners who cannot travel.",
    "Season subscriptions will also include two family matinees, an open rehearsal for schools and a "
    "late evening of chamber music in the foyer, where the players will talk about the pieces between "
    "the movements and answer questions from the audience over a glass of mulled wine.",
]


@pytest.mark.parametrize("heading", [["Related Articles"], []], ids=["heading", "teaser alone"])
def test_the_article_before_a_related_break_stays_the_anchor_however_long_the_stories_after(heading):
    """After a related heading with a teaser's time stamp, or after a teaser (source, time stamp,
    headline, text) with no heading, come other stories: the longest run of prose there is not
    the page's main text while an article's worth stands before the break."""
    from test_pagetype import ARTICLE_PARAGRAPHS

    page = "\n".join(["Home", "News", "Water board approves new pipes for the market district",
                      *ARTICLE_PARAGRAPHS, "Share this article", *heading, "Valley Courier",
                      "2 hours ago", "Orchestra opens its winter season with Nordic symphonies", *LONG_STORY])
    config = boilerstrip.Config(input_format="text")
    doc = boilerstrip.annotate(page, config)
    anchor = {b.text for b in doc.blocks if b.features["in_anchor"]}
    assert set(ARTICLE_PARAGRAPHS) <= anchor and not anchor & set(LONG_STORY)
    assert boilerstrip.clean(page, config).splitlines() == ARTICLE_PARAGRAPHS


# A list of items after a news site's own line, none dated: a headline and a one-sentence
# summary each (190 words in all, no two paragraphs in a row), as a section front prints them.
UNDATED_ITEMS = [(title, first) for title, _, first, _ in RIVER] + [
    ("Library extends its opening hours into the evening",
     "The town library will stay open until nine on weekdays from next month, after a survey found that most "
     "readers who had stopped coming could only visit after work.")]


def _section_front(after: list[str]) -> list[str]:
    lines = ["The Valley Courier"]
    for title, first in UNDATED_ITEMS:
        lines += [title, first]
    return lines + ["More top stories"] + after


def _cut(lines: list[str]) -> list[str]:
    from test_sections import _decoded

    blocks, states = _decoded(lines, start=1)
    out = name_sections(blocks, states, boilerstrip.Config(input_format="text"), "article", "text")
    return [b.text for b in out if any("another story" in e for e in b.evidence)]


def test_a_listing_that_goes_on_after_a_break_is_not_cut_as_spillover():
    """After a body of short items (no run of paragraphs an article has), a break is no article's
    end when the items go on after it: a second time stamp soon after the first, or no paragraphs
    of prose at all after it (headlines and links)."""
    dated = []
    for sentence, when in zip(LONG_STORY, ("3 hours ago", "4 hours ago", "6 hours ago", "9 hours ago")):
        dated += [when, sentence.split(",")[0], sentence]
    assert not _cut(_section_front(dated))
    headlines = ["2 days ago", "Tech Now", "Explore more", "Orchestra opens its winter season",
                 "Tram depot becomes a rehearsal hall", "Folk songs collected in the valley villages",
                 "Family matinees added to the season", "Chamber music in the foyer"]
    assert not _cut(_section_front(headlines))


def test_a_story_after_a_list_and_a_river_after_an_article_are_still_cut():
    """The guards hold only for a listing going on: a whole story after the break (paragraphs, no
    second stamp) is cut after the list too, and a run of dated teasers after an article is."""
    story = ["3 hours ago", "Orchestra opens its winter season with Nordic symphonies", *LONG_STORY]
    assert _cut(_section_front(story))[:2] == story[:2]
    from test_pagetype import ARTICLE_PARAGRAPHS

    river = []
    for sentence, when in zip(LONG_STORY, ("3 hours ago", "4 hours ago", "6 hours ago", "9 hours ago")):
        river += [when, sentence.split(",")[0], sentence]
    lines = ["Water board approves new pipes for the market district", *ARTICLE_PARAGRAPHS, *river]
    assert _cut(lines)[:1] == ["3 hours ago"]


def _dated_teasers() -> list[str]:
    lines = []
    for sentence, when in zip(LONG_STORY[:3], ("March 4, 2020", "12 May 2021", "October 29, 2024")):
        lines += ["Culture", sentence.split(",")[0], f"By Jane Doe | {when}", sentence, "Read More"]
    return lines


def test_a_related_heading_over_dated_teasers_is_a_break_in_text():
    """In text, a related heading followed by a short dated line (a teaser's byline and date, with
    no relative time) opens other stories; in HTML such a heading breaks the body only before a
    relative time stamp, as an article's own dated byline often follows a link the cue lists
    call a related heading ("Read more..." under an author's bio)."""
    from test_pagetype import ARTICLE_PARAGRAPHS
    from test_sections import _decoded

    lines = ["Water board approves new pipes for the market district", *ARTICLE_PARAGRAPHS,
             "You might also like", *_dated_teasers()]
    assert _cut(lines)[:2] == ["You might also like", "Culture"]
    blocks, states = _decoded(lines, start=1)
    out = name_sections(blocks, states, boilerstrip.Config(input_format="html"), "article", "html")
    assert not [b for b in out if any("another story" in e for e in b.evidence)]


# A story whose opening paragraphs and the rest share their words, as one story's parts do.
CYCLE_OPENING = [
    "The city council voted on Tuesday to build protected cycle lanes along the river road, after "
    "residents complained for years about traffic speeding past the primary school.",
    "The cycle lanes will run from the old bridge to the harbour, and the council expects the work on "
    "the river road to take most of next summer.",
]
CYCLE_REST = [
    "Residents near the school welcomed the vote. Parents said the traffic on the river road made the "
    "walk to the primary school dangerous, and that protected cycle lanes would let older children ride.",
    "Shop owners near the harbour were less sure. They fear that the work on the river road will keep "
    "customers away next summer, and asked the council to build the cycle lanes in stages.",
    "The council said the lanes between the old bridge and the school would come first, before the "
    "harbour section, so that the traffic changes would be in place when the school year begins.",
]


def _named_around_box(opening: list[str], after_opening: list[str] = ()) -> list:
    """Blocks named after a decoder that started the article after an inline "Related" box."""
    from test_sections import _decoded

    lines = ["Council approves cycle lanes on the river road", *opening, *after_opening, "Related",
             "Orchestra opens its winter season with Nordic symphonies", *CYCLE_REST]
    blocks, states = _decoded(lines, start=len(lines) - len(CYCLE_REST))
    return list(name_sections(blocks, states, boilerstrip.Config(input_format="text"), "article", "text"))


def test_the_opening_above_an_inline_related_box_is_the_article():
    """The article's opening paragraphs above an inline "Related" box (a heading and a teaser's
    headline) are body when they are the same story as the text after it; the box is related."""
    out = _named_around_box(CYCLE_OPENING)
    labels = {b.text: b.label for b in out}
    assert [labels[p] for p in CYCLE_OPENING + CYCLE_REST] == [Label.BODY] * 5
    assert labels["Related"] is labels["Orchestra opens its winter season with Nordic symphonies"] is Label.RELATED
    assert any("inline related box" in e for b in out for e in b.evidence)


def test_other_prose_above_a_related_box_or_above_the_byline_is_not_joined():
    """Prose of another story above the box, or prose with the article's byline and date after
    it (a pull quote, a teaser above the article's header), stays out of the article."""
    other = _named_around_box(LONG_STORY[:2])
    assert all(b.label is not Label.BODY for b in other if b.text in LONG_STORY[:2])
    dated = _named_around_box(CYCLE_OPENING, ["By Jane Doe | March 4, 2020"])
    assert all(b.label is not Label.BODY for b in dated if b.text in CYCLE_OPENING)


@pytest.mark.shared
@pytest.mark.skipif(not (spillover.DATA / "dragnet-train.jsonl.gz").is_file(),
                    reason=f"dragnet-train not found in {spillover.DATA}")
def test_dragnet_scored_with_the_labels_its_gold_body_holds():
    # dragnet-train's gold body holds headline and byline: keeping them adds words the
    # body-only output lacks (recall 0.956 -> 0.967 on these 8 pages when written), and
    # cannot take any away, on either side of the comparison
    body_only = spillover.dragnet(8, seed=3, mode="html")
    as_labelled = spillover.dragnet(8, seed=3, mode="html", keep=("title", "byline", "body"))
    assert body_only["pages"] == as_labelled["pages"] == 8
    assert as_labelled["body_recall"] > body_only["body_recall"]
    assert as_labelled["body_recall_no_detection"] >= body_only["body_recall_no_detection"]
    assert as_labelled["comments_recovered"] == body_only["comments_recovered"]  # Document.comments ignores keep
