"""The scorer, case by case: each row is (output, gold) and the expected P / R / F1."""
import pytest

import random

from boilerstrip.score import (comment_leak, format_table, in_order_recall, lcs_length, score_page, snippets_found,
                               summarize, summarize_by_type, tokenize, word_score)

WORD_CASES = [
    # id, output, gold, precision, recall, f1
    ("identical", "The cat sat.", "the CAT sat", 1.0, 1.0, 1.0),
    ("both-empty", "", "", 1.0, 1.0, 1.0),
    ("none-output", None, "", 1.0, 1.0, 1.0),
    ("empty-gold-some-output", "menu home", "", 0.0, 1.0, 0.0),
    ("empty-output", "  ...  ", "a real sentence", 0.0, 0.0, 0.0),
    ("half-kept", "one two", "one two three four", 1.0, 0.5, 2 / 3),
    ("extra-noise", "one two x y", "one two", 0.5, 1.0, 2 / 3),
    ("disjoint", "alpha", "beta", 0.0, 0.0, 0.0),
    # multiset: gold has "the" twice, output three times -> two matches
    ("multiset", "the the the", "the the cat", 2 / 3, 2 / 3, 2 / 3),
    ("unicode-words", "Straße über café", "straße ÜBER café", 1.0, 1.0, 1.0),
]


@pytest.mark.parametrize("output,gold,precision,recall,f1", [c[1:] for c in WORD_CASES],
                         ids=[c[0] for c in WORD_CASES])
def test_word_score(output, gold, precision, recall, f1):
    score = word_score(output, gold)
    assert (score.precision, score.recall, score.f1) == pytest.approx((precision, recall, f1))


def test_tokenize_lowercases_and_splits_on_non_word_characters():
    assert tokenize("Hello, World! it's 3.5%") == ["hello", "world", "it", "s", "3", "5"]


SNIPPET_CASES = [
    # id, output, snippets, (found, total)
    ("whitespace-and-punctuation-ignored", "He said:\n  Hello ,  world!", ["said: hello, world"], (1, 1)),
    ("order-matters", "world hello", ["hello world"], (0, 1)),
    ("no-partial-token-match", "helloworld", ["hello"], (0, 1)),
    ("tokenless-snippet-skipped", "anything", ["...", "anything"], (1, 1)),
    ("empty-output", "", ["a", "b"], (0, 2)),
]


@pytest.mark.parametrize("output,snippets,expected", [c[1:] for c in SNIPPET_CASES],
                         ids=[c[0] for c in SNIPPET_CASES])
def test_snippets_found(output, snippets, expected):
    assert snippets_found(output, snippets) == expected


def test_comment_leak_counts_only_tokens_not_in_the_body():
    # "great" is in the body too, so only "nice" and "post" count as comment tokens.
    assert comment_leak("great nice", "a great article", "great nice post") == (1, 2)
    assert comment_leak("anything", "body", None) == (0, 0)


def test_comment_leak_of_the_gold_body_itself_is_nothing():
    # the comments use "the" and "pipes" more often than the article does: the article alone
    # holds none of their extra copies, an output with one comment appended holds its own
    body = "the board will replace the pipes"
    comments = "the the pipes leak again\nthe pipes are fine"
    assert comment_leak(body, body, comments) == (0, 6)
    assert comment_leak(body + "\nthe pipes leak again", body, comments) == (4, 6)


def _lcs_by_table(a, b):
    """The textbook dynamic programme, one cell per pair: the reference for `lcs_length`."""
    previous = [0] * (len(b) + 1)
    for x in a:
        row = [0]
        for j, y in enumerate(b):
            row.append(previous[j] + 1 if x == y else max(previous[j + 1], row[j]))
        previous = row
    return previous[-1]


def test_lcs_length_agrees_with_the_dynamic_programme():
    rng = random.Random(7)
    for _ in range(500):
        a = [rng.choice("abcd") for _ in range(rng.randint(0, 40))]
        b = [rng.choice("abcde") for _ in range(rng.randint(0, 40))]
        assert lcs_length(a, b) == _lcs_by_table(a, b), (a, b)
        # a common subsequence is a common multiset: in-order recall never exceeds word recall
        assert in_order_recall(" ".join(b), " ".join(a)) <= word_score(" ".join(b), " ".join(a)).recall + 1e-12
    long = [rng.choice("abcdefgh") for _ in range(300)]  # more bits than one machine word
    other = [rng.choice("abcdefgh") for _ in range(250)]
    assert lcs_length(long, other) == _lcs_by_table(long, other)


def test_in_order_recall_credits_words_only_where_they_continue_the_gold():
    gold = "the mayor opened the new bridge on monday"
    # the body's first half, then a comment that uses the rest of its words: word recall
    # credits them all, in-order recall only the half and one word after it
    output = "the mayor opened\nmonday on bridge new the"
    assert word_score(output, gold).recall == 1.0
    assert in_order_recall(output, gold) == 4 / 8
    assert word_score("four three two one", "one two three four").recall == 1.0
    assert in_order_recall("four three two one", "one two three four") == 1 / 4
    assert in_order_recall(gold.upper(), gold) == 1.0
    assert in_order_recall(None, gold) == 0.0
    assert in_order_recall("anything", "") == 1.0


def _page(id_, body, page_type=None, **extra):
    return {"id": id_, "body": body, "comments": None, "extra": {"page_type": page_type, **extra}}


def test_summarize_pools_snippets_and_averages_f1_per_page():
    pages = [_page("a", "one two", "article", **{"with": ["one"], "without": ["menu"]}),
             _page("b", "three four", "forum", **{"with": ["three", "four"], "without": ["menu"]})]
    scores = [score_page(pages[0], "one two menu"), score_page(pages[1], "three", failed=True)]
    summary = summarize(scores)
    assert summary["f1"] == pytest.approx((0.8 + 2 / 3) / 2)  # page a: P 2/3, R 1; page b: P 1, R 1/2
    assert summary["with_kept"] == pytest.approx(2 / 3)
    assert summary["without_dropped"] == pytest.approx(1 / 2)
    assert summary["failures"] == 1
    assert summary["comment_leak"] is None
    assert set(summarize_by_type(scores)) == {"article", "forum"}


def test_snippet_only_pages_have_no_word_score():
    page = _page("t", "kept snippet joined", gold_kind="snippets", **{"with": ["kept snippet"]})
    score = score_page(page, "kept snippet and more")
    assert score.words is None and score.with_found == 1
    assert summarize([score])["f1"] is None


def test_format_table_leaves_out_empty_columns():
    table = format_table({"sys": {"pages": 2, "f1": 0.5, "with_kept": None}})
    assert "| sys | 2 | 0.500 |" in table and "with_kept" not in table
