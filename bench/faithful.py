"""``python -m bench.faithful``: trafilatura on wcxb-dev under the settings a published figure may use.

WCXB publishes trafilatura at 0.791 mean word F1 on its dev split. Our scorer gives a
different figure with trafilatura's defaults; this runs the same pages under the other
common settings so the difference can be explained rather than guessed.
"""
from __future__ import annotations

import argparse
import sys

from boilerstrip.score import tokenize, word_score

from .measure import load_set

SETTINGS = {
    "default": {},
    "fast (no fallback extractors)": {"fast": True},
    "include_comments=False": {"include_comments": False},
    "favor_precision=True": {"favor_precision": True},
}


def _extract(html: str, options: dict) -> str | None:
    import trafilatura

    try:
        return trafilatura.extract(html, **options)
    except Exception:  # trafilatura's own failure: an empty output, as in the bench
        return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.faithful", description=__doc__.split("\n\n")[0])
    p.add_argument("--set", default="wcxb-dev")
    p.add_argument("--limit", type=int)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    pages = load_set(args.set, limit=args.limit, seed=args.seed, page_type=None)
    with_gold = [bool(tokenize(page.get("body"))) for page in pages]
    print(f"| trafilatura setting | mean word F1 ({len(pages)} pages) | pages with a non-empty gold ({sum(with_gold)}) |")
    print("|---|---:|---:|")
    for name, options in SETTINGS.items():
        f1 = [word_score(_extract(page["html"], options), page.get("body")).f1 for page in pages]
        kept = [f for f, ok in zip(f1, with_gold) if ok]
        print(f"| {name} | {sum(f1) / len(f1):.3f} | {sum(kept) / max(1, len(kept)):.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
