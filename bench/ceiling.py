"""How much of the word-F1 loss is labelling, and how much is the blocks themselves.

    python -m bench.ceiling [--mode html|html-text|inscriptis|text-nodes] [--split test|tune|train|all]
                            [--limit N]

For every wcxb-dev page of the split, boilerstrip annotates the page once and two outputs
are scored against the gold body, per page type:

- **boilerstrip**: what `clean()` returns (``assemble`` of that annotation);
- **ceiling**: the same blocks, each kept when the training scripts label it body
  (`bench.align.body_labels`: most of a long block's word 3-grams in the gold, a short
  block's whole text in it and within the long ones' span), and nothing else changed.

The ceiling is what a classifier that learned the training labels perfectly would score
with boilerstrip's segmentation: the gap from boilerstrip up to it is labelling, the gap
from it up to 1 is the blocks (a block holding gold and other text, gold text the page
renders nowhere) and the alignment's own rule. It is not the best any subset of the blocks
could score, only the one the models are trained towards.

Also printed: pages whose gold body is empty (every output with a word scores 0 there), and
boilerstrip's figures on the split without them.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from boilerstrip.model import Block

from . import align
from .data import DATA, RENDERERS, load_pages, render_text
from .heldout import print_type_tables
from .train import split_of

MODES = ("html", *RENDERERS)


def ceiling_output(blocks: Sequence[Block], gold_body: str) -> str:
    """The blocks the training labels call body, a line each, in page order."""
    labels = align.body_labels([b.text for b in blocks], gold_body or "")
    return "\n".join(b.text for b, body in zip(blocks, labels) if body)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", default="html", choices=MODES,
                    help="html: the page's HTML; otherwise the renderer that turns it into text")
    ap.add_argument("--split", default="test", choices=("train", "tune", "test", "all"))
    ap.add_argument("--data", default=str(DATA / "wcxb-dev.jsonl.gz"))
    ap.add_argument("--limit", type=int, default=None, help="the split's first N pages (a quick look)")
    args = ap.parse_args(argv)
    import boilerstrip

    config = boilerstrip.Config(input_format="html" if args.mode == "html" else "text")
    pages = [p for p in load_pages(args.data) if args.split == "all" or split_of(p) == args.split][:args.limit]
    outputs: dict[str, list[str]] = {"boilerstrip": [], "ceiling": []}
    for page in pages:
        source = page["html"] if args.mode == "html" else render_text(page["html"], args.mode)
        doc = boilerstrip.annotate(source, config)
        outputs["boilerstrip"].append(boilerstrip.assemble(doc))
        outputs["ceiling"].append(ceiling_output(doc.blocks, page.get("body") or ""))
    print_type_tables(pages, outputs, f"wcxb-dev {args.split} split ({len(pages)} pages), mode {args.mode}")
    gold = [bool((p.get("body") or "").strip()) for p in pages]
    kept = [i for i, has in enumerate(gold) if has]
    empty = [str(p.get("id")) for p, has in zip(pages, gold) if not has]
    print(f"\npages with an empty gold body: {len(empty)}" + (f" ({', '.join(empty)})" if empty else ""))
    if empty:  # every output with a word scores 0 there: the figures without those pages
        print_type_tables([pages[i] for i in kept], {"boilerstrip": [outputs["boilerstrip"][i] for i in kept]},
                          f"wcxb-dev {args.split} split, the {len(kept)} pages with a gold body, mode {args.mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
