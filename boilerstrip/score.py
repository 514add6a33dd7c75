"""The one scorer: how close a cleaned text is to a labelled page's gold text.

Shared by ``boilerstrip eval`` (users' own labelled pages), the benchmark harness in
``bench/`` and the quality floor in CI, so every figure we publish is computed here.

Metrics
-------
word precision / recall / F1
    WCXB's own metric: the output and the gold body are lower-cased and split into
    ``\\w+`` tokens (Unicode word characters, Python's `re`), and compared as multisets
    (a token that occurs 3 times in the gold and 5 times in the output counts 3 matches).
    Empty cases, by definition here:

    ========================  =========  ======  ====
    gold tokens / output      precision  recall  F1
    ========================  =========  ======  ====
    none / none               1          1       1
    none / some               0          1       0
    some / none               0          0       0
    ========================  =========  ======  ====

    so a cleaner that returns nothing scores 0 on a page with content, and a cleaner
    that keeps text on a page whose gold is empty scores 0 too.
snippet rates (``with`` / ``without``)
    Must-keep snippets found in the output (``with_kept``, higher is better) and
    must-drop snippets absent from it (``without_dropped``, higher is better). A snippet
    is found when its token sequence (as above) occurs contiguously in the output's
    token sequence, so whitespace, punctuation and case differences do not matter.
    Rates are pooled over all snippets of a set (micro average), as trafilatura's own
    evaluation does; ``snippet_f1`` is its F-score over those pooled counts.
in-order recall
    The share of gold tokens that the output holds *in the gold's order*: the length of the
    longest common subsequence of the two token sequences over the gold's length. Word
    recall above credits an output token wherever it stands, so an output that keeps a
    comment thread scores recall for the thread's "the", "and" and repeated names against
    the body; in-order recall credits them only where they continue the body's own
    sequence. The comment benchmark reports both (``bench.spillover``). An empty gold has
    in-order recall 1.
comment leakage
    Of the gold comment tokens that are not also gold body tokens (multiset difference),
    the share that ends up in the output (multiset overlap). Lower is better.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import Iterable, Mapping, Sequence

_TOKEN = re.compile(r"\w+")


def tokenize(text: str | None) -> list[str]:
    """Lower-cased ``\\w+`` tokens of ``text`` (``None`` counts as empty)."""
    return _TOKEN.findall(text.lower()) if text else []


@dataclasses.dataclass(frozen=True)
class WordScore:
    precision: float
    recall: float
    f1: float


def word_score(output: str | None, gold: str | None) -> WordScore:
    """Word-level precision, recall and F1 of ``output`` against ``gold`` (multiset overlap)."""
    out, ref = Counter(tokenize(output)), Counter(tokenize(gold))
    n_out, n_ref = sum(out.values()), sum(ref.values())
    if not n_ref:
        return WordScore(0.0 if n_out else 1.0, 1.0, 0.0 if n_out else 1.0)
    if not n_out:
        return WordScore(0.0, 0.0, 0.0)
    common = sum((out & ref).values())
    precision, recall = common / n_out, common / n_ref
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return WordScore(precision, recall, f1)


def in_order_recall(output: str | None, gold: str | None) -> float:
    """The share of ``gold``'s tokens that ``output`` holds in the gold's order (the longest
    common subsequence of their token sequences over the gold's token count)."""
    ref = tokenize(gold)
    return lcs_length(ref, tokenize(output)) / len(ref) if ref else 1.0


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the longest common subsequence of ``a`` and ``b``.

    Bit-parallel (Allison and Dix, 1986; in the form Hyyrö, 2004 gives it): one integer of
    ``len(a)`` bits is the dynamic programme's whole column, and each token of ``b`` updates it
    with one addition, one subtraction and three bitwise operations on Python's big integers,
    so the cost is ``len(a) * len(b) / 64`` machine-word steps instead of a cell per pair.
    """
    masks: dict[str, int] = {}
    for i, token in enumerate(a):  # per token, the bits of the places it holds in ``a``
        masks[token] = masks.get(token, 0) | (1 << i)
    full = (1 << len(a)) - 1
    column = full  # a zero bit for each place of ``a`` matched so far along the best path
    for token in b:
        matched = column & masks.get(token, 0)
        if matched:
            column = ((column + matched) | (column - matched)) & full
    return len(a) - bin(column).count("1")


def _joined(tokens: Sequence[str]) -> str:
    return " " + " ".join(tokens) + " "


def snippets_found(output: str | None, snippets: Iterable[str]) -> tuple[int, int]:
    """(found, total) for the snippets that have at least one token."""
    haystack = _joined(tokenize(output))
    found = total = 0
    for snippet in snippets:
        needle = tokenize(snippet)
        if needle:
            total += 1
            found += _joined(needle) in haystack
    return found, total


def comment_leak(output: str | None, gold_body: str | None, gold_comments: str | None) -> tuple[int, int]:
    """(leaked, total): the gold comment tokens not in the gold body (``total``), and how many of
    them the output holds beyond the gold body (``leaked``).

    Both sides are multisets with the gold body taken out: a comment's "the" counts only where
    the comments have more of them than the body, and an output's only where it has more than
    the body. An output equal to the gold body leaks nothing, however many words its comments
    share with it; measured against the whole output instead, the gold bodies of dragnet-train
    would themselves leak 8% of its comment tokens.
    """
    body = Counter(tokenize(gold_body))
    comment_only = Counter(tokenize(gold_comments)) - body
    total = sum(comment_only.values())
    if not total:
        return 0, 0
    return sum(((Counter(tokenize(output)) - body) & comment_only).values()), total


@dataclasses.dataclass(frozen=True)
class PageScore:
    """Everything measured on one page. Counts are kept so sets can be pooled."""

    id: str
    page_type: str | None
    words: WordScore | None  # None when the page has no usable gold body (snippet-only sets)
    with_found: int = 0
    with_total: int = 0
    without_found: int = 0
    without_total: int = 0
    comment_leaked: int = 0
    comment_total: int = 0
    comment_snippets_found: int = 0
    comment_snippets_total: int = 0
    failed: bool = False


def score_page(page: Mapping, output: str | None, *, failed: bool = False) -> PageScore:
    """Score ``output`` against one page of the shared schema (id, body, comments, extra)."""
    extra = page.get("extra") or {}
    snippet_only = extra.get("gold_kind") == "snippets"
    with_found, with_total = snippets_found(output, extra.get("with") or ())
    without_found, without_total = snippets_found(output, extra.get("without") or ())
    leaked, leak_total = comment_leak(output, page.get("body"), page.get("comments"))
    csnip_found, csnip_total = snippets_found(output, extra.get("comments_snippets") or ())
    return PageScore(
        id=str(page.get("id")), page_type=extra.get("page_type"),
        words=None if snippet_only else word_score(output, page.get("body")),
        with_found=with_found, with_total=with_total,
        without_found=without_found, without_total=without_total,
        comment_leaked=leaked, comment_total=leak_total,
        comment_snippets_found=csnip_found, comment_snippets_total=csnip_total, failed=failed)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _snippet_f1(scores: Sequence[PageScore]) -> float | None:
    tp = sum(s.with_found for s in scores)
    fn = sum(s.with_total - s.with_found for s in scores)
    fp = sum(s.without_found for s in scores)
    if not (tp + fn) or not (tp + fp):
        return None
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall) if tp else 0.0


def summarize(scores: Sequence[PageScore]) -> dict:
    """Means over pages (word metrics) and pooled rates (snippets, leakage) of a set of pages."""
    words = [s.words for s in scores if s.words is not None]
    return {
        "pages": len(scores),
        "failures": sum(s.failed for s in scores),
        "f1": _mean([w.f1 for w in words]),
        "precision": _mean([w.precision for w in words]),
        "recall": _mean([w.recall for w in words]),
        "with_kept": _ratio(sum(s.with_found for s in scores), sum(s.with_total for s in scores)),
        "without_dropped": _ratio(sum(s.without_total - s.without_found for s in scores),
                                  sum(s.without_total for s in scores)),
        "snippet_f1": _snippet_f1(scores),
        "comment_leak": _ratio(sum(s.comment_leaked for s in scores), sum(s.comment_total for s in scores)),
        "comment_snippets_leak": _ratio(sum(s.comment_snippets_found for s in scores),
                                        sum(s.comment_snippets_total for s in scores)),
    }


def summarize_by_type(scores: Sequence[PageScore]) -> dict[str, dict]:
    """`summarize` per page type (only pages that have one), types in alphabetical order."""
    types = sorted({s.page_type for s in scores if s.page_type})
    return {t: summarize([s for s in scores if s.page_type == t]) for t in types}


METRICS = ("f1", "precision", "recall", "with_kept", "without_dropped", "snippet_f1",
           "comment_leak", "comment_snippets_leak", "failures")
"""Column order of the printed tables; lower is better only for the leak columns and failures."""


def format_value(value) -> str:
    if value is None:
        return "–"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def format_table(rows: Mapping[str, Mapping], columns: Sequence[str] = METRICS) -> str:
    """A markdown table: one row per name, one column per metric present in any row."""
    used = [c for c in columns if any(r.get(c) is not None for r in rows.values())]
    lines = ["| | pages | " + " | ".join(used) + " |", "|---|---:|" + "---:|" * len(used)]
    for name, row in rows.items():
        cells = [format_value(row.get(c)) for c in used]
        lines.append(f"| {name} | {row.get('pages', '')} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
