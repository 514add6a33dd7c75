"""edges: the rules that correct the decoded article's edges, each on a small page of its own."""
from __future__ import annotations

import boilerstrip
from boilerstrip import Config, Label
from boilerstrip.edges import AFTER, BEFORE, BODY, GAP, fix_edges
from boilerstrip.features import features
from boilerstrip.segment import segment

PROSE = ("The harbour ferry carried its first passengers in three months on Friday morning, after repairs to its "
         "engine took longer than the operator had planned.")


def _read(*lines: str) -> tuple:
    """The lines featured as one page, every block labelled body by a decoder reading all body."""
    blocks = features(segment("\n".join(lines), Config()), Config())
    return tuple(b.labelled(Label.BODY, 0.6, ("model p(body)=0.60", "decoder: body")) for b in blocks)


def _fixed(*lines: str):
    blocks = _read(*lines)
    return fix_edges(blocks, [BODY] * len(blocks))


def test_a_menu_row_inside_the_article_is_a_gap():
    for row in ("Home | News | Sport | Weather", "Home / Travel / Europe / Spain",
                "Startseite » Politik » Inland » Berlin", "10 months ago · 154 likes · 10 comments · Jane Doe",
                "Accueil • Actualités • Sport • Météo • Contact"):
        out, states = _fixed(PROSE, row, PROSE)
        assert states[1] == GAP and out[1].label is Label.CHROME, row
        assert out[1].evidence[0] == "rule: a menu row inside the article (short items between separators)"
        assert out[1].evidence[1:] == ("model p(body)=0.60", "decoder: body")  # the model's reading stays as evidence
        assert out[0].label is out[2].label is Label.BODY


def test_what_only_looks_like_a_menu_row_stays():
    for line in ("Home | News | Sport",  # three items: a title's "Site | Section | Page" as often
                 "Prep time: 10 minutes | Cook time: 25 minutes | Serves four people | Easy",  # items of 4 words
                 "Rain | Wind | Fog | Snow all returned to the valley this week.",  # a sentence
                 "The ratio a / b / c / d is what the survey measured across every region",  # prose with slashes
                 "Home|News|Sport|Weather"):  # separators not set off by spaces: one token each
        out, states = _fixed(PROSE, line, PROSE)
        assert states[1] == BODY and out[1].label is Label.BODY, line


def test_a_headline_shaped_first_line_goes_before_the_article():
    out, states = _fixed("Harbour ferry returns after repairs", PROSE, PROSE)
    assert states[0] == BEFORE
    assert out[0].evidence[0] == "rule: headline-shaped opening line, before the article's prose"
    assert states[1:] == [BODY, BODY]


def test_short_fragments_at_the_tail_are_cut_on_text_only():
    out, states = _fixed(PROSE, PROSE, "Harbour life", "Ferries")
    assert states == [BODY, BODY, AFTER, AFTER]
    assert out[3].evidence[0] == "rule: short fragment at the article's tail"
    blocks = _read(PROSE, PROSE, "Harbour life", "Ferries")
    out, states = fix_edges(blocks, [BODY] * 4, tail=False)
    assert states == [BODY] * 4


def test_the_whole_page_a_menu_row_leads_to_its_paragraph():
    """The small page's menu row is no longer its article: its paragraph is (the one-paragraph rule),
    with the byline named."""
    page = ("Home | News | Sport | Weather\nHarbour ferry returns after repairs\nBy Tom Reader, 4 April 2026\n"
            "The harbour ferry carried its first passengers in three months on Friday.\nShare this story")
    doc = boilerstrip.annotate(page)
    assert doc.blocks[0].label is Label.CHROME
    assert doc.body == "The harbour ferry carried its first passengers in three months on Friday."
