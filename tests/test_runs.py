"""several_runs: the decoder's chrome that the model holds body comes back when the page's
likely body lies mostly outside the decoded body (a listing), and only then."""
from __future__ import annotations

import math

from boilerstrip import Config, annotate
from boilerstrip.model import Block, Label
from boilerstrip.runs import RUN_PROB, several_runs


def _block(i: int, words: int, label: Label, state: str = "before", rule: str | None = None) -> Block:
    evidence = ("model p(body)=0.00", f"decoder: {state}", "log_words+")
    if rule:
        evidence = (f"rule: {rule}",) + evidence
    return Block(i, f"block {i}", 0, 0, {"log_words": math.log1p(words)}, label, 0.9, evidence)


def _page(outside_prob: float = 0.8):
    """A decoded run of 20 words, then three listing entries the decoder left out (30
    words each, P(body) ``outside_prob``), a rule's chrome line and a related section."""
    blocks = [
        _block(0, 2, Label.CHROME),
        _block(1, 20, Label.BODY, "body"),
        _block(2, 30, Label.CHROME, "after"),
        _block(3, 30, Label.CHROME, "after"),
        _block(4, 3, Label.CHROME, "after", rule="chrome cue after the article"),
        _block(5, 30, Label.CHROME, "after"),
        _block(6, 3, Label.RELATED, "after", rule="related-section heading"),
        _block(7, 30, Label.CHROME, "after"),
    ]
    prob = [0.05, 0.9, outside_prob, outside_prob, 0.9, outside_prob, 0.9, 0.9]
    return blocks, prob


def test_decoder_chrome_likely_body_becomes_body_when_most_of_the_body_is_outside():
    blocks, prob = _page()
    out = several_runs(blocks, prob)
    assert [b.label for b in out] == [Label.CHROME, Label.BODY, Label.BODY, Label.BODY, Label.CHROME, Label.BODY,
                                      Label.RELATED, Label.CHROME]
    promoted = out[2]
    assert promoted.confidence == prob[2]
    assert promoted.evidence[0].startswith("rule: several body runs (")
    assert "inside)" in promoted.evidence[0] and promoted.evidence[1:] == blocks[2].evidence
    assert out[1] is blocks[1] and out[4] is blocks[4]  # the decoded body and a rule's chrome untouched
    assert out[7] is blocks[7]  # below the related section: not the article's


def test_nothing_changes_when_the_decoded_body_holds_most_of_the_likely_body():
    blocks, prob = _page()
    blocks[1] = _block(1, 200, Label.BODY, "body")  # an article of 200 words, 120 likely outside
    assert several_runs(blocks, prob) == tuple(blocks)


def test_blocks_below_the_run_threshold_stay_chrome():
    blocks, prob = _page()
    prob[3] = RUN_PROB - 0.01  # still counted as not likely body...
    out = several_runs(blocks, prob)
    assert out[3].label is Label.CHROME and out[2].label is Label.BODY  # ...60 words outside > 20 inside


def test_an_events_listing_keeps_its_entries_beyond_the_first_run():
    """The fixture page (fixtures/text/en-events-listing.page): the decoder takes one entry's
    description as the article; entries around it come back as several runs."""
    from bench.fixture_floors import FIXTURES, read_page

    text, labels, _ = read_page(FIXTURES / "en-events-listing.page")
    doc = annotate(text, Config(input_format="text"))
    promoted = [b for b in doc.blocks if b.evidence[0].startswith("rule: several body runs")]
    expected = [labels[b.index] for b in promoted]  # one label per non-empty line, as blocks are
    assert len(promoted) >= 5 and all(b.label is Label.BODY for b in promoted)
    assert expected.count("body") >= len(promoted) - 1, expected  # a "Book tickets" link comes along
    assert "Late Night at the Natural History Museum" in doc.body
