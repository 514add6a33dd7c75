"""``python -m bench.spillover``: comments and related stories leaking into the article.

Three measurements, one command:

1. **synthetic spillover** (seeded): a wcxb-dev article's rendered page, with a comment box
   and a related section made of other articles' whole bodies inserted after the
   article's last paragraph, in the style of news aggregators (source name, relative
   time, headline, text), under several header wordings in several languages, and
   sometimes with no header at all. Prints related-token leakage and body recall, beside
   the body recall of the same page without the insertion. Leakage is the share of the
   inserted stories' tokens (not in the gold body) that `clean()` keeps, less those the
   output of the page without the insertion already holds: the host page's own kept
   chrome shares common words with any story, and is not spillover.
2. **dragnet-train** (gold comments on 283 pages; AGPL: measured, never trained on), in
   text and html mode: comment leakage of `clean()`, body recall with and without
   comment detection, and the share of gold comment tokens `Document.comments` recovers.
   Its gold body holds the page's headline and byline (``title_blocks_in_gold``,
   ``byline_blocks_in_gold``: the share of the blocks boilerstrip labels so that have at
   least 80% of their words in the gold body; 0.72 and 0.81 in html mode on its 283 pages),
   which `clean()` leaves out by default; ``--keep title,byline,body`` scores the output the
   set labels.
3. **wcxb-dev forum pages**: word F1 of boilerstrip and trafilatura in the same run, and
   how many pages boilerstrip judged ``forum``.

    nice python -m bench.spillover --limit 150 --seed 1
    python -m bench.spillover --only synthetic --limit 300
    python -m bench.spillover --only dragnet --limit 1000 --keep title,byline,body

Metrics come from `boilerstrip.score` (word_score, in_order_recall, comment_leak, tokenize).
Body recall is given twice: as word recall (multiset overlap, the issue's measure) and as
in-order recall (the gold tokens the output holds in the gold's order). An output that keeps
a comment thread or a spilled story gets word recall for their common words wherever they
stand; in-order recall does not credit them, so it tells what detection really cost the body.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from typing import Iterable, Sequence

import boilerstrip
from boilerstrip.score import comment_leak, in_order_recall, tokenize, word_score

from .data import DATA, load_pages, render_text
from .systems import lines_to_html

# Header wordings of related sections (None: no header), by language. Generic stock
# phrases, as in boilerstrip.cues; the no-header case tests structure alone.
RELATED_HEADERS = ("Related Articles", "More stories", "You may also like", "Lesen Sie auch", "Mehr zum Thema",
                   "Noticias relacionadas", "À lire aussi", "Leggi anche", "Leia também", None, None)
# Comment boxes: heading and the box's furniture or its comments (None: no box).
COMMENT_BOXES = (
    ("Comments", "No comments yet..."), ("Kommentare", "Noch keine Kommentare"),
    ("Comentarios", "Sé el primero en comentar"), ("Commentaires", "Aucun commentaire pour le moment."),
    ("Leave a Reply", "Your email address will not be published."), None,
)
# Invented source names and relative times in the languages above.
SOURCES = ("The Morning Ledger", "Valley Courier", "Northfield Times", "Rheinische Rundschau", "Diario del Sur",
           "La Voix du Nord-Est", "Gazzetta di Valle", "Harbour Post")
RELATIVE_TIMES = ("an hour ago", "6 hours ago", "2 days ago", "vor 3 Stunden", "hace 2 horas", "il y a 5 heures",
                  "4 ore fa", "há 7 horas")


def hosts_from_wcxb(limit: int, seed: int) -> list[dict]:
    """wcxb-dev article pages rendered by html-text: text, gold body, title."""
    pages = load_pages(DATA / "wcxb-dev.jsonl.gz", page_type="article")
    rng = random.Random(seed)
    rng.shuffle(pages)
    out = []
    for page in pages[: limit * 2]:
        if page.get("body") and len(tokenize(page["body"])) >= 150:
            out.append({"text": render_text(page["html"]), "body": page["body"],
                        "title": (page.get("extra") or {}).get("title") or page["body"].split("\n", 1)[0]})
        if len(out) >= limit:
            break
    return out


def synthesize(host: dict, others: Sequence[dict], rng: random.Random) -> dict | None:
    """The host page with a comment box and related stories after its article's last paragraph.

    Returns ``text``, ``body`` (the host's gold), ``related`` (the inserted stories' text),
    ``header`` (the related header used, or None); None when the article's end is not found.
    """
    lines = host["text"].split("\n")
    at = _last_body_line(lines, host["body"])
    if at is None:
        return None
    insert, related = _comment_box(rng), []
    header = rng.choice(RELATED_HEADERS)
    if header:
        insert.append(header)
    for other in rng.sample(list(others), min(len(others), rng.randint(2, 3))):
        source = rng.choice(SOURCES)
        item = [source, rng.choice(RELATIVE_TIMES), f"- {source}", other["title"]]
        paragraphs = [p for p in other["body"].split("\n") if p.strip()]
        item += [" ".join(paragraphs)] if rng.random() < 0.5 else paragraphs
        insert += ["", ""] + item
        related += item
    text = "\n".join(lines[: at + 1] + insert + lines[at + 1:])
    return {"text": text, "body": host["body"], "related": "\n".join(related), "header": header,
            "original": host["text"]}


def _comment_box(rng: random.Random) -> list[str]:
    box = rng.choice(COMMENT_BOXES)
    return ["Share this article", *box] if box else ["Share this article"]


def _last_body_line(lines: list[str], body: str) -> int | None:
    """The line where the article's last paragraph ends in the rendered page, or None.

    Lines are compared by their tokens (`tokenize`), so a rendering that writes the
    paragraph's quotes or dashes differently (’ for ', – for -) still matches. When no line
    is the paragraph, the line holding its last tokens ends it (a renderer may join it to
    what precedes it, or drop a footnote mark before it); the last such line, as the
    article ends after anything it repeats. An earlier paragraph is never taken in its
    place: the insertion would then split the article, and its tail, cut with the
    related section after it, would count against body recall.
    """
    paragraphs = [p for p in body.split("\n") if tokenize(p)]
    if not paragraphs:
        return None
    last = tokenize(paragraphs[-1])
    tokens = [tokenize(line) for line in lines]
    whole = [i for i, line in enumerate(tokens) if line == last]
    if whole:
        return whole[-1]
    tail = " " + " ".join(last[-_TAIL_TOKENS:]) + " "
    ends = [i for i, line in enumerate(tokens) if tail in " " + " ".join(line) + " "]
    return ends[-1] if ends else None


# The last paragraph's final tokens that locate its line when no line is the whole paragraph.
_TAIL_TOKENS = 6


def synthetic(hosts: Sequence[dict], seed: int, config: boilerstrip.Config | None = None,
              others: Sequence[dict] | None = None) -> dict:
    """Related-token leakage and body recall over synthetic spillover pages built from ``hosts``.

    Related stories are drawn from ``others`` (default: the other hosts), from those in
    the host's ``language`` when the records have one.
    """
    config = config or boilerstrip.Config(input_format="text")
    rng = random.Random(seed)
    leaked = total = 0
    recall, before, in_order, by_header = [], [], [], Counter()
    for host in hosts:
        pool = [h for h in (others or hosts) if h["body"] != host["body"]
                and h.get("language") == host.get("language")]
        page = synthesize(host, pool, rng) if len(pool) >= 2 else None
        if page is None:
            continue
        out, plain = boilerstrip.clean(page["text"], config), boilerstrip.clean(page["original"], config)
        n, t = comment_leak(out, page["body"], page["related"])
        already, _ = comment_leak(plain, page["body"], page["related"])
        leaked, total = leaked + max(n - already, 0), total + t
        by_header[page["header"] is not None] += 1
        recall.append(word_score(out, page["body"]).recall)
        before.append(word_score(plain, page["body"]).recall)
        in_order.append((in_order_recall(out, page["body"]), in_order_recall(plain, page["body"])))
    return {"pages": len(recall), "with_header": by_header[True], "related_leak": leaked / total if total else None,
            "body_recall": _mean(recall), "body_recall_without_insert": _mean(before),
            "in_order_recall": _mean([a for a, _ in in_order]),
            "in_order_recall_without_insert": _mean([b for _, b in in_order])}


def dragnet(limit: int | None, seed: int, mode: str, keep: Iterable[str | boilerstrip.Label] = ("body",)) -> dict:
    """Comment leakage, body recall (with and without detection), Document.comments recovery,
    of `clean()` keeping the labels in ``keep`` (`Config.keep`)."""
    pages = [p for p in load_pages(DATA / "dragnet-train.jsonl.gz") if p.get("comments")]
    if limit is not None and limit < len(pages):
        pages = random.Random(seed).sample(pages, limit)
    on = boilerstrip.Config(input_format=mode, keep=frozenset(keep))
    off = on.replace(detect_comments=False)
    leaked = total = found = gold = 0
    recall_on, recall_off, in_order, kinds = [], [], [], Counter()
    in_gold: dict[boilerstrip.Label, list[float]] = {boilerstrip.Label.TITLE: [], boilerstrip.Label.BYLINE: []}
    for page in pages:
        source = render_text(page["html"]) if mode == "text" else page["html"]
        doc = boilerstrip.annotate(source, on)
        out, plain = boilerstrip.assemble(doc), boilerstrip.clean(source, off)
        n, t = comment_leak(out, page["body"], page["comments"])
        leaked, total = leaked + n, total + t
        recall_on.append(word_score(out, page["body"]).recall)
        recall_off.append(word_score(plain, page["body"]).recall)
        in_order.append((in_order_recall(out, page["body"]), in_order_recall(plain, page["body"])))
        ref = Counter(tokenize(page["comments"]))
        found += sum((Counter(tokenize("\n".join(doc.comments))) & ref).values())
        gold += sum(ref.values())
        kinds[doc.page_type] += 1
        body_words = set(tokenize(page["body"]))  # (once a page, not once a block)
        for label in in_gold:
            in_gold[label] += [_in_gold(block.text, body_words) for block in doc.blocks if block.label is label]
    return {"pages": len(pages), "comment_leak": leaked / total if total else None,
            "body_recall": _mean(recall_on), "body_recall_no_detection": _mean(recall_off),
            "in_order_recall": _mean([a for a, _ in in_order]),
            "in_order_recall_no_detection": _mean([b for _, b in in_order]),
            "comments_recovered": found / gold if gold else None, "judged_forum": kinds["forum"],
            **{f"{label.value}_blocks_in_gold": _mean(shares) for label, shares in in_gold.items()}}


# A block "is in the gold body" when this share of its words are gold body words: how often
# the set's gold holds what boilerstrip names title and byline (`dragnet`'s --keep).
_IN_GOLD_SHARE = 0.8


def _in_gold(text: str, body_words: set[str]) -> float:
    words = tokenize(text)
    return float(bool(words) and sum(w in body_words for w in words) >= _IN_GOLD_SHARE * len(words))


def forums(limit: int | None, seed: int, mode: str) -> dict:
    """Word F1 on wcxb-dev forum pages: boilerstrip and trafilatura, same pages, same run."""
    import trafilatura

    pages = load_pages(DATA / "wcxb-dev.jsonl.gz", page_type="forum", limit=limit, seed=seed)
    config = boilerstrip.Config(input_format=mode)
    ours, peer, kinds = [], [], Counter()
    for page in pages:
        source = render_text(page["html"]) if mode == "text" else page["html"]
        doc = boilerstrip.annotate(source, config)
        kinds[doc.page_type] += 1
        ours.append(word_score(boilerstrip.assemble(doc), page["body"]).f1)
        peer.append(word_score(trafilatura.extract(lines_to_html(source) if mode == "text" else source),
                               page["body"]).f1)
    return {"pages": len(pages), "boilerstrip_f1": _mean(ours), "trafilatura_f1": _mean(peer),
            "judged_forum": kinds["forum"]}


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _row(name: str, result: dict) -> str:
    cells = ", ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items())
    return f"{name}: {cells}"


def main(argv: Iterable[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.spillover", description=__doc__.split("\n\n")[0])
    p.add_argument("--only", choices=("synthetic", "dragnet", "forum"), action="append",
                   help="run only these measurements (repeatable); default all three")
    p.add_argument("--limit", type=int, default=150, help="pages per measurement (seeded sample)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", default="body",
                   help="dragnet-train: the labels clean() keeps (Config.keep), comma-separated; that set's gold "
                        "body holds the page's headline and byline, so 'title,byline,body' scores it as labelled")
    args = p.parse_args(list(argv) if argv is not None else None)
    only = set(args.only or ("synthetic", "dragnet", "forum"))
    try:
        keep = boilerstrip.Config(keep=frozenset(args.keep.split(","))).keep
    except boilerstrip.ConfigError as exc:
        p.error(str(exc))
    if not DATA.is_dir():
        print(f"no shared data at {DATA}; set BOILERSTRIP_SHARED", file=sys.stderr)
        return 2
    if "synthetic" in only:
        print(_row("synthetic spillover (text)", synthetic(hosts_from_wcxb(args.limit, args.seed), args.seed)),
              flush=True)
    for mode in ("text", "html"):
        if "dragnet" in only:
            print(_row(f"dragnet-train comments ({mode})", dragnet(args.limit, args.seed, mode, keep)), flush=True)
        if "forum" in only:
            print(_row(f"wcxb-dev forum pages ({mode})", forums(args.limit, args.seed, mode)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
