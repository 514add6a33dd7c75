"""boilerstrip in text mode on the wcxb-dev pages held out from training, beside the baselines.

    python -m bench.heldout [--renderer html-text|inscriptis|text-nodes] [--split test|tune|train|all]

The classifier is trained on the split ``bench.train.split_of`` calls "train" (md5 of the
domain); "test" pages were never seen in training or tuning, so figures on them are the
honest ones. Prints mean word-F1 / precision / recall per page type, and one-core speed
of ``boilerstrip.clean()`` over the rendered texts.
"""
from __future__ import annotations

import argparse
import sys
import time

from boilerstrip.score import format_table, score_page, summarize, summarize_by_type

from .data import DATA, RENDERERS, load_pages, render_text
from .systems import keep_line
from .train import split_of


def print_type_tables(pages: list[dict], systems: dict[str, list[str]], title: str) -> None:
    """For each system's outputs (one per page, in order), a table of mean word F1, precision
    and recall over all pages and per page type, headed by the system's name and ``title``."""
    for name, outs in systems.items():
        scores = [score_page(p, o) for p, o in zip(pages, outs)]
        rows = {"all": summarize(scores), **summarize_by_type(scores)}
        print(f"\n## {name} — {title}\n")
        print(format_table(rows, ("f1", "precision", "recall")))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--renderer", default="html-text", choices=RENDERERS)
    ap.add_argument("--split", default="test", choices=("train", "tune", "test", "all"))
    ap.add_argument("--data", default=str(DATA / "wcxb-dev.jsonl.gz"))
    args = ap.parse_args(argv)
    import boilerstrip

    pages = [p for p in load_pages(args.data) if args.split == "all" or split_of(p) == args.split]
    texts = [render_text(p["html"], args.renderer) for p in pages]
    boilerstrip.clean(texts[0])  # load the model and stoplists before timing
    start = time.process_time()
    outputs = [boilerstrip.clean(t) for t in texts]
    seconds = time.process_time() - start
    systems = {
        "boilerstrip": outputs,
        "keep-everything": texts,
        "line-filter": ["\n".join(line for line in t.splitlines() if keep_line(line)) for t in texts],
    }
    print_type_tables(pages, systems, f"wcxb-dev {args.split} split ({len(pages)} pages), text by {args.renderer}")
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"\nboilerstrip.clean(): {len(pages) / seconds:.1f} pages/s, {mb / seconds:.2f} MB/s "
          f"(CPU time of this process, {mb:.1f} MB of text)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
