"""The whole-page shape pass gives exactly what the block-by-block definitions give."""
from __future__ import annotations

import math
import random
import re
from pathlib import Path

import numpy as np
import pytest

from boilerstrip import cues, language, pagetype, shape
from boilerstrip.config import Config
from boilerstrip.features import features
from boilerstrip.segment import segment

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Lines chosen to reach every branch of every feature: scripts without spaces, capitals
# in several scripts, sentence ends with closing quotes, dates, times, credits, bullets,
# separators, URLs, cue phrases, emoji and other characters beyond the BMP, controls.
ODD_LINES = [
    "Istanbul'da BÜYÜK IŞIK yapıldı.", "ΟΔΥΣΣΕΥΣ ΚΑΙ ΣΟΦΟΣ. Ὀδυσσεύς ΣΟΦΟΣ", "東京は雨でした。今日も雨です。",
    "สวัสดีครับ ผมชื่อสมชาย", "Emoji 😀 test 👍🏽 ok. 𝐁𝐨𝐥𝐝 𝟏𝟐", "\x01 ctrl\u200b zero-width\u200f rtl עברית שלום.",
    "ABC DEF ghi JKL_MN Ǆemal ǅabc 123 4a5 ٣٤ ½ ² x²", "By Jane Doe", "Posted on 3 March 2025 by Jane Roe",
    "Photo: AP", "Jane Doe/Reuters", "(Getty Images)", "5 minutes ago", "vor 3 Stunden", "hace 2 días",
    "12.05.2024", "May 30, 2024", "30. Mai 2024", "https://example.org/x", "write to jane@example.org",
    "Home | News | Sport", "• item one", "12) item", "- dash item", "1. first step", "“Quoted” text.\"",
    "He said: \"Yes.\" Then left.)", "End.)\" next", "Wait... what?!", "Related Articles", "Kommentare (12)",
    "Share this article", "Reply", "jdoe says:", "© 2025 Example Media", "We use cookies to improve your visit.",
    "Leave a Reply", "All rights reserved.", "Lesen Sie auch", "a", "!", "12", "I think you are right, my friend.",
    "The minister said on Tuesday that the plan, according to officials, would cost more.",
    "410 posts · Joined 2002", "Beiträge: 8412", "#12 · 09:41", "Quote #3", "posted at 12:13",
    "il y a 5 heures", "4 ore fa", "há 7 horas", "5 minut temu", "10 минут назад", "Just now", "FAST AGO fact",
]


# Cue patterns run over the page lower-cased, without IGNORECASE, unless the page holds a letter
# only case-insensitive matching equates with another (ſ for s, ı for i): both ways must give
# the answers the block-by-block definition gives.
CAPITAL_CUES = ["5 MINUTES AGO", "HACE 2 DÍAS", "VOR 3 STUNDEN", "MAY 30, 2024", "Photo: GETTY IMAGES", "Home"]
FOLDED_CUES = ["5 ſeconds ago", "Aprıl 3, 2024", "10 \u1c81ней назад", "Photo: GETTY IMAGES", "Home"]


def _pages() -> list[list[str]]:
    pages = [ODD_LINES, CAPITAL_CUES, FOLDED_CUES]
    for path in sorted((FIXTURES / "text").glob("*.page")):
        lines = [line.partition("|")[2].strip() for line in path.read_text(encoding="utf-8").splitlines()]
        pages.append([line for line in lines if line])
    rng = random.Random(7)
    # (İ, whose lower case is two characters, has a test of its own below)
    alphabet = [chr(c) for c in range(32, 0x3000) if not 0xD800 <= c < 0xE000 and c != 0x130] + list("     ..,,!?\"»”)") + ["😀"]
    for _ in range(30):
        pages.append(["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 400))).strip() or "x"
                      for _ in range(rng.randrange(1, 40))])
    pages.append(["word " * 500, "Long para, with commas. " * 100, "x" * 2500, "Home"])  # long blocks mixed in
    # more long blocks than page_shapes hands over at a time, between short ones
    pages.append([f"Story {i}: " + "the river rose and the town held. " * 70 if i % 3 else f"Menu item {i}"
                  for i in range(2 * shape._LONG_BATCH + 50)])
    return pages


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p[0][:20])
def test_page_shapes_equal_block_by_block(page):
    stoplist = language.stopwords("English")
    norms = [n if len(t) <= 200 else t for n, t in zip(shape.normalise_many(page), page)]
    matrix = np.empty((len(page), len(shape.SHAPE_NAMES)))
    content = shape.page_shapes(page, norms, stoplist, out=matrix)
    short = [i for i, text in enumerate(page) if len(text) <= 2000]
    assert shape._short_shapes([page[i] for i in short], [norms[i] for i in short], stoplist) is not None
    for i, text in enumerate(page):
        values, tokens = shape.block_shape(text, norms[i], stoplist)
        assert matrix[i].tolist() == values, (text, [n for n, a, b in zip(shape.SHAPE_NAMES, matrix[i], values) if a != b])
        assert content.of(i) == tokens


def test_page_shapes_cover_every_feature():
    """The odd lines set every feature somewhere, so the equality test above exercises all."""
    norms = shape.normalise_many(ODD_LINES)
    matrix = np.empty((len(ODD_LINES), len(shape.SHAPE_NAMES)))
    shape.page_shapes(ODD_LINES, norms, language.stopwords("English"), out=matrix)
    unset = [name for name, column in zip(shape.SHAPE_NAMES, matrix.T) if not column.any()]
    assert unset == []


@pytest.mark.parametrize("odd", ["a\x00b said the minister.", "İstanbul'da BÜYÜK İŞ yapıldı."])
def test_pages_the_joined_form_cannot_hold_are_measured_block_by_block(odd):
    """The separator inside a block, or a character whose lower case is longer (İ → i̇)."""
    page = ["Home", odd, "News"]
    assert shape._short_shapes(page, shape.normalise_many(page), frozenset()) is None
    matrix = np.empty((len(page), len(shape.SHAPE_NAMES)))
    shape.page_shapes(page, shape.normalise_many(page), frozenset(), out=matrix)
    assert matrix[1].tolist() == shape.block_shape(odd, cues.normalise(odd), frozenset())[0]


def test_cue_patterns_find_capitals_and_folded_letters():
    for page, found in ((CAPITAL_CUES, [1, 1, 1, 1, 0, 0]), (FOLDED_CUES, [1, 1, 1, 0, 0])):
        matrix = np.empty((len(page), len(shape.SHAPE_NAMES)))
        shape.page_shapes(page, shape.normalise_many(page), frozenset(), out=matrix)
        stamp = [shape.SHAPE_NAMES.index("has_reltime"), shape.SHAPE_NAMES.index("has_date")]
        assert matrix[:, stamp].max(axis=1).tolist() == found
        assert matrix[page.index("Photo: GETTY IMAGES"), shape.SHAPE_NAMES.index("caption_credit")] == 1


def test_normalise_many_is_normalise():
    texts = ODD_LINES + ["  Related   Articles!! ", "x" * 300, "", "a\x00b", "İŞ  \u3000 x\x1c"]
    assert shape.normalise_many(texts) == [cues.normalise(t) for t in texts]
    rng = random.Random(1)
    alphabet = [chr(c) for c in range(1, 0x3000) if not 0xD800 <= c < 0xE000] + ["😀", "𝐁", " ", "\u3000", "\x1c"]
    for _ in range(100):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 300))) for _ in range(rng.randrange(1, 20))]
        assert shape.normalise_many(texts) == [cues.normalise(t) for t in texts]


@pytest.mark.parametrize("pattern, prefilter", [
    (cues.DATE, None), (cues.RELATIVE_TIME, None), (cues.MEMBER_STATS, None), (pagetype._CLOCK, None),
    (pagetype._POST_NUMBER, pagetype._NUMBER_SIGN),  # anchored at the start: found through its prefilter
])
def test_blocks_matching_is_search_text_by_text(pattern, prefilter):
    expected = [pattern.search(t) is not None for t in ODD_LINES]
    assert shape.blocks_matching(pattern, ODD_LINES, prefilter).tolist() == expected
    assert any(expected)
    # a page longer than one run of joined text: runs cover it in order, the same answers
    page = ODD_LINES * (3 * shape._CHUNK_CHARS // sum(len(t) + 1 for t in ODD_LINES) + 1)
    spans = list(shape._spans_of(page))
    assert len(spans) >= 3 and spans[0][0] == 0 and spans[-1][1] == len(page)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert shape.blocks_matching(pattern, page, prefilter).tolist() == [pattern.search(t) is not None for t in page]


def test_page_marks_equal_is_mark():
    path = FIXTURES / "text" / "en-forum-qa-thread.page"
    text = "\n".join(line.partition("|")[2].strip() for line in path.read_text(encoding="utf-8").splitlines())
    blocks = features(segment(text, Config()), Config())
    expected = [pagetype.is_mark(b) for b in blocks]
    assert pagetype.marks(blocks) == expected
    assert sum(expected) >= 3


def test_char_flags_read_astral_characters():
    flags = shape.char_flags("a😀𝐁")
    assert flags[0] & shape.WORD and not flags[1] & shape.WORD and flags[2] & shape.UPPER
    assert np.array_equal(shape.char_flags(""), np.zeros(0, dtype=np.uint16))


def test_heading_cues_are_the_three_heading_tests():
    phrases = sorted(cues.RELATED_HEADINGS | cues.COMMENTS_HEADINGS | cues.CHROME_PHRASES)
    norms = shape.normalise_many(ODD_LINES) + phrases + [p + " and more words here" for p in phrases] + \
        [p + " x" for p in phrases] + [p + " x y" for p in phrases] + ["", "x" * 90]
    for norm in norms:
        assert cues.heading_cues(norm) == (cues.is_related_heading(norm), cues.is_comments_heading(norm),
                                           cues.is_chrome_phrase(norm)), norm


@pytest.mark.parametrize("pattern", [r"", r"\b", r"$", r"(?=d)", r"c|d", r"x", r"\d+", r"[a-z]"])
def test_joined_hit_finds_the_blocks_every_match_falls_in_even_for_zero_width_patterns(pattern):
    # hit() resumes its search at the next block after a block's first match; the answer must be
    # what scanning every match gives (a match on a separator counts for the block before it),
    # and a pattern that matches the empty string must not stall it
    texts = ["abc", "def 12", "", "x", "dd d", "9"]
    joined = shape._Joined(texts)
    compiled = re.compile(pattern)
    every = np.zeros(len(texts), dtype=bool)
    for m in compiled.finditer(joined.text):
        every[joined.owner(m.start())] = True
    assert joined.hit(compiled).tolist() == every.tolist()


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression's source."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]


def test_every_relative_time_alternative_holds_one_of_its_literals():
    """`shape` looks for RELATIVE_TIME only in blocks holding one of its literals: an
    alternative added to the pattern without its literal would go unseen."""
    alternatives = _alternatives(cues.RELATIVE_TIME.pattern)
    assert len(alternatives) == len(cues.RELATIVE_TIME_LITERALS)
    for alternative, literal in zip(alternatives, cues.RELATIVE_TIME_LITERALS):
        assert literal in alternative, (alternative, literal)


def _first_group(alternative: str) -> list[str]:
    """The alternatives of the first group, ``(?:a|b|c)``, of a regular expression's source."""
    start = i = alternative.index("(?:") + 3
    depth = 0
    while True:
        c = alternative[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return _alternatives(alternative[start:i])
            depth -= 1
        i += 1


@pytest.mark.parametrize("pattern, literals", [
    (cues.MEMBER_STATS, cues.MEMBER_STATS_LITERALS), (cues.CREDIT_AGENCY, cues.CREDIT_AGENCY_LITERALS),
])
def test_every_word_of_a_prefiltered_pattern_holds_one_of_its_literals(pattern, literals):
    """`shape` and `pagetype` look for these patterns only in blocks holding one of their
    literals: a word added to a pattern without a literal it holds would go unseen."""
    for alternative in _alternatives(pattern.pattern):
        for word in _first_group(alternative):
            assert any(literal in word for literal in literals), word


def test_blocks_matching_literals_is_search_text_by_text():
    folded = ["ſtrange", "POſTS: 12"]  # letters case-insensitive matching folds: the pattern's own scan
    for texts in (ODD_LINES, ODD_LINES + folded, ODD_LINES + ["İstanbul member since 2001"], ["MEMBER SINCE 2001"]):
        expected = [cues.MEMBER_STATS.search(t) is not None for t in texts]
        assert shape.blocks_matching(cues.MEMBER_STATS, texts, literals=cues.MEMBER_STATS_LITERALS).tolist() == expected
        assert any(expected)


def test_the_says_prefilter_lets_through_every_block_the_pattern_matches():
    """`cues._may_say` only spares blocks COMMENT_SAYS cannot match: names, separators, every
    verb in several cases (and letters case-insensitive matching folds: İ, ſ), the endings the
    pattern allows and some it does not."""
    rng = random.Random(11)
    verbs = list(cues._SAYS_VERBS) + ["say", "saying", "SAYS", "Said", "SAİD", "ſays", "wrotE", "DIT", "Escreveu"]
    matched = 0
    for _ in range(20000):
        text = (rng.choice(["Kevin", "jdoe", "A", "Anna Maria", "x", "İlker", "ſam", ""])
                + rng.choice([" ", "  ", "\t", "\xa0", ""]) + rng.choice(verbs)
                + "".join(rng.choice([":", ",", "…", ".", "..", " ", "\n", "!"]) for _ in range(rng.randint(0, 3))))
        if cues.COMMENT_SAYS.match(text):
            matched += 1
            assert cues._may_say(text), text
    assert matched > 2000


# Phrases written with their punctuation, which `cues.normalise` turns into spaces before the
# lists are looked up: no block can ever match them. Written as normalised, each would match
# training pages (wcxb-dev and trafilatura-eval lines hold "e mail" 104 times, "don t miss" 24,
# ...), so both models must be trained again with them, and the attempt read worse
# (docs/pipeline.md, cue phrases written with punctuation). Listed here so that the set can
# only shrink: a new phrase must be written as the blocks it should match are normalised.
UNMATCHABLE_UNTIL_RETRAINED = {
    "don't miss", "editor's picks", "editors' picks", "top-themen",  # related headings
    "e-mail", "s'abonner", "abonnez-vous", "s'inscrire", "mots-clés",  # chrome phrases
}


def test_cue_phrases_are_written_as_normalised_blocks_are():
    lists = {name: getattr(cues, name) for name in (
        "RELATED_HEADINGS", "COMMENTS_HEADINGS", "CHROME_PHRASES", "COMMENT_CONTROLS", "COMMENT_SECTION_NAMES")}
    unmatchable = {phrase for phrase_list in lists.values() for phrase in phrase_list if cues.normalise(phrase) != phrase}
    assert unmatchable == UNMATCHABLE_UNTIL_RETRAINED
    # and a phrase written as normalised is found
    assert cues.is_related_heading(cues.normalise("Plus d'articles")) and cues.normalise("J'aime") in cues.COMMENT_CONTROLS


def test_word_cues_are_single_word_tokens():
    # PERSONAL and REPORTING are looked up token by token (runs of \w): "i'm" or "ha detto"
    # could never be one
    for phrase_list in (cues.PERSONAL, cues.REPORTING, cues.CONTROL_ROW_WORDS):
        for word in phrase_list:
            assert re.fullmatch(r"\w+", word), word
    text = "I'm sure, ha detto lui."
    values, _ = shape.block_shape(text, cues.normalise(text), frozenset())
    named = dict(zip(shape.SHAPE_NAMES, values))
    assert named["personal_rate"] == 1 / 6 and named["reporting"] == 1.0  # i, m, sure, ha, detto, lui


def test_word_count_gives_back_the_count_log_words_was_made_from():
    """Rules compare counts with integer limits; `math.expm1` alone misses 8 (8.000000000000002)
    and 4 (3.9999999999999996), so "at most 8 words" would fail at 8."""
    assert math.expm1(math.log1p(8)) != 8 and math.expm1(math.log1p(4)) != 4
    assert all(shape.word_count(math.log1p(n)) == n for n in range(200_000))
    page = ["By Jane Doe and John Roe | March 4, 2020", "Home"]
    matrix = np.empty((len(page), len(shape.SHAPE_NAMES)))
    shape.page_shapes(page, shape.normalise_many(page), frozenset(), out=matrix)
    assert shape.word_count(matrix[0, shape.SHAPE_NAMES.index("log_words")]) == 9
    values = [math.log1p(n) for n in range(200_000)]
    assert shape.word_counts(values).tolist() == list(range(200_000))
