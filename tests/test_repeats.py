"""sections.repeats: a body block that repeats an earlier one word for word is a second copy."""
from __future__ import annotations

import math

import boilerstrip
from boilerstrip import Config, Label
from boilerstrip.model import Block
from boilerstrip.sections.repeats import name_repeats

TEXT = Config(input_format="text")
STORY = [
    "The ferry between the two islands will run twice as often from May, the operator said on Tuesday.",
    "A second boat, bought second-hand from a company in Norway, has passed its sea trials and will join the route.",
    "Islanders had asked for more crossings for years, saying the single morning sailing left them stranded.",
    "Tickets for the new afternoon crossing go on sale next week, at the same fares as the morning one.",
]


def _block(i: int, text: str, in_anchor: bool) -> Block:
    features = {"log_words": math.log1p(len(text.split())), "in_anchor": float(in_anchor)}
    return Block(i, text, 0, len(text), features, Label.BODY, 0.9, ("model p(body)=0.90",))


def test_a_second_copy_of_the_article_is_chrome_and_names_the_first():
    text = "\n".join(["Home", "News"] + STORY + ["Share"] + STORY + ["Contact us"])
    doc = boilerstrip.annotate(text, TEXT)
    copies = [b for b in doc.blocks if b.text == STORY[1]]
    assert [b.label for b in copies] == [Label.BODY, Label.CHROME]
    assert copies[1].evidence[0] == f"rule: repeats block {copies[0].index} word for word (a second copy)"
    assert boilerstrip.assemble(doc) == "\n".join(STORY)


def test_repeats_off_keeps_every_copy():
    text = "\n".join(["Home", "News"] + STORY + ["Share"] + STORY + ["Contact us"])
    doc = boilerstrip.annotate(text, TEXT.replace(detect_repeats=False))
    assert [b.label for b in doc.blocks if b.text == STORY[1]] == [Label.BODY, Label.BODY]


def test_short_repeats_and_spacing_or_case_variants():
    short = "Stir the sauce and wait."  # 5 words: steps and refrains may recur
    long = "Whisk the eggs with the sugar until the mixture is pale and thick."
    blocks = [_block(0, short, True), _block(1, long, True), _block(2, short, True),
              _block(3, "  WHISK the eggs with the sugar until the mixture   is pale and thick. ", True)]
    out = name_repeats(blocks)
    assert [b.label for b in out] == [Label.BODY, Label.BODY, Label.BODY, Label.CHROME]


def test_a_contents_list_before_the_article_gives_way_to_the_headings_in_it():
    heading = "Which materials do you need to build a raised garden bed?"
    blocks = [_block(0, heading, False), _block(1, STORY[0], True), _block(2, heading, True), _block(3, STORY[1], True)]
    out = name_repeats(blocks)
    assert [b.label for b in out] == [Label.CHROME, Label.BODY, Label.BODY, Label.BODY]
    assert out[0].evidence[0] == "rule: repeats block 2 word for word (a second copy)"


def test_only_body_blocks_count():
    other = _block(0, STORY[0], True).labelled(Label.RELATED, 0.9, ("rule: inside the related section",))
    out = name_repeats([other, _block(1, STORY[0], True)])
    assert [b.label for b in out] == [Label.RELATED, Label.BODY]


def test_keys_that_share_a_hash_are_told_apart_by_their_words(monkeypatch):
    """Blocks are found by their key's hash; two different texts with one hash are not copies."""
    from boilerstrip.sections import repeats

    heading = "Which materials do you need to build a raised garden bed?"
    blocks = [_block(0, heading, False), _block(1, STORY[0], True), _block(2, STORY[1], True),
              _block(3, heading, True), _block(4, STORY[1], True), _block(5, STORY[0], True)]
    expected = name_repeats(blocks)
    assert [b.label for b in expected] == [Label.CHROME, Label.BODY, Label.BODY, Label.BODY, Label.CHROME, Label.CHROME]
    monkeypatch.setattr(repeats, "hash", lambda key: 0, raising=False)  # every key collides
    out = name_repeats(blocks)
    assert [(b.label, b.evidence) for b in out] == [(b.label, b.evidence) for b in expected]
