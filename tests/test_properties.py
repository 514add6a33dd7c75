"""Property-based checks (hypothesis), bounded so CI stays fast.

For any text: `clean()` returns only the input's own blocks, in input order, or raises
one of the documented errors; the same input gives the same output; and an article
(prose only) cleaned once comes back unchanged when cleaned again.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from boilerstrip import BoilerstripError, Config, annotate, clean
from boilerstrip.decode import to_text

from test_robust_inputs import input_lines, is_subsequence

BOUNDED = settings(max_examples=40, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LINE_MODE = Config(input_format="text", segment="line")

# Characters that stress segmentation and features: every kind of line break and blank,
# controls, zero-width and bidi marks, CJK, Thai, Arabic, emoji, surrogate halves, markup.
_SPECIAL = st.sampled_from(list("\n\r\t \x00\x07\x0b\x0c\x1b\x7f\x85\u00a0\u2028\u2029\u200b\u200d\u202e\ufeff"
                                "<>/&;=\"'.,:!?-–—•|»©") + ["\r\n", "\ud800", "新闻", "ข่าว", "خبر", "🏳️‍🌈", "By ", "ago"])
_WORDS = st.sampled_from("the rain valley farmers said on Tuesday storm harvest Home News Share Comments Related "
                         "Reply 2024 12 minutes Photo: Reuters Sign in".split())
_TEXT = st.lists(st.one_of(_WORDS.map(lambda w: w + " "), _SPECIAL, st.text(max_size=8)), max_size=120).map("".join)


@BOUNDED
@given(_TEXT)
def test_clean_returns_input_lines_in_order_or_a_documented_error(text):
    try:
        out = clean(text, LINE_MODE)
    except BoilerstripError:  # the documented errors (InputTooLargeError, ...) are the only way out
        return
    kept = out.split("\n") if out else []
    assert is_subsequence(kept, input_lines(text))


@BOUNDED
@given(_TEXT)
def test_any_segmentation_keeps_input_text_in_input_order(text):
    """Automatic segmentation (paragraph mode may join lines): each output line is in the input, in order."""
    out = clean(text, Config(input_format="text"))
    source = to_text(text)
    position = 0
    for line in (out.split("\n") if out else []):
        found = source.find(line, position)
        assert found >= 0, line
        position = found + len(line)


@BOUNDED
@given(_TEXT)
def test_same_input_same_output(text):
    first = annotate(text)
    again = annotate(text)
    assert [(b.text, b.label, b.confidence, b.evidence) for b in first.blocks] == \
           [(b.text, b.label, b.confidence, b.evidence) for b in again.blocks]
    assert clean(text) == clean(text)


@BOUNDED
@given(st.binary(max_size=3_000))
def test_any_bytes_give_text_or_a_documented_error(data):
    try:
        out = clean(data)
    except BoilerstripError:
        return
    assert isinstance(out, str)
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]", out)


_TAGS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<!--", "-->", "<![CDATA[", "]]>",
                         "<table><tr><td>", "</td><td>", "<br>", "<script>", "</script>", "<a href='x'>", "</a>",
                         "<li>", "</html>", "<", ">", "&amp;", "&#0;", "&bogus;"])
_HTML = st.lists(st.one_of(_TAGS, _WORDS.map(lambda w: w + " "), _SPECIAL), max_size=150).map(lambda parts: "".join(parts))


@BOUNDED
@given(_HTML)
def test_tag_soup_gives_blocks_of_its_own_text_and_is_deterministic(soup):
    html = "<html><body>" + soup
    doc = annotate(html, Config(input_format="html"))
    assert [b.text for b in doc.blocks] == [b.text for b in annotate(html, Config(input_format="html")).blocks]
    visible = re.sub(r"\s+", "", html)
    for block in doc.blocks:
        assert block.text.strip() == block.text and block.text
        for word in re.findall(r"[A-Za-z]{4,}", block.text):
            assert word in visible  # every word of a block is a word of the page


# Articles: paragraphs of prose sentences (a mix of function and content words, as
# news prose has), several paragraphs, nothing else.
_PROSE = st.sampled_from((
    "the of and a to in that was for on with as by at from his her their it they said would "
    "council farmers river city school teachers report minister company workers families storm "
    "harvest budget hospital museum election court village market bridge water plan year week "
    "planted opened announced warned expected decided reported visited built raised reduced "
    "new local public early several many most last final heavy long small").split())
_SENTENCE = st.lists(_PROSE, min_size=10, max_size=25).map(lambda words: " ".join(words).capitalize() + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=2, max_size=4).map(" ".join)
_ARTICLE = st.lists(_PARAGRAPH, min_size=3, max_size=8).map("\n".join)


@settings(BOUNDED, max_examples=30)
@given(_ARTICLE)
def test_clean_is_idempotent_on_article_only_texts(article):
    once = clean(article, LINE_MODE)
    assert clean(once, LINE_MODE) == once
