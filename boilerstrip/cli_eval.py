"""``boilerstrip eval GOLD.jsonl``: score boilerstrip on your own labelled pages.

Each line of GOLD.jsonl (or .jsonl.gz) is one page: ``html`` or ``text`` (the input),
``body`` (the gold main text), and optionally ``id``, ``comments`` (gold comment text,
for comment leakage) and ``extra`` with ``page_type``, ``with`` / ``without`` (snippets
that must be kept / dropped). ``page_type``, ``with`` and ``without`` may also sit at
the top level. The metrics are those of the benchmark (`boilerstrip.score`).
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

from .config import Config
from .score import format_table, score_page, summarize, summarize_by_type

_EXTRA_KEYS = ("page_type", "with", "without", "comments_snippets", "gold_kind")


def register(subparsers) -> None:
    p = subparsers.add_parser("eval", help="score boilerstrip on your own labelled pages (JSONL)",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("gold", type=Path, help="JSONL file, one labelled page a line (gzip if it ends in .gz)")
    p.add_argument("--mode", choices=("auto", "html", "text"), default="auto",
                   help="html: clean the HTML; text: render the HTML to text first, as a scraper would; "
                        "auto: html for pages that have it, text for the others (default)")
    p.add_argument("--renderer", choices=("html-text", "inscriptis"), default="html-text",
                   help="how --mode text renders HTML to text")
    p.add_argument("--limit", type=int, help="score a seeded random sample of this many pages")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--page-type", help="only pages of this type")
    p.add_argument("--keep", default="body", help="labels that make up the output, e.g. 'title,body'")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def read_gold(path: Path) -> list[dict]:
    """The labelled pages of a JSONL file, with top-level page_type/with/without moved into extra."""
    if not path.exists():
        raise FileNotFoundError(f"no gold file at {path}; give a JSONL file with one labelled page a line")
    opener = gzip.open if path.suffix == ".gz" else open
    pages = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                pages.append(_normalise(_record(line, number, path), number, path))
    return pages


def _record(line: str, number: int, path: Path):
    try:
        return json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:  # (json's parser recurses once a level)
        raise ValueError(f"{path}:{number}: not a JSON record: {exc}") from None


def _normalise(page: dict, number: int, path: Path) -> dict:
    if not isinstance(page, dict) or "body" not in page or not (page.get("html") or page.get("text") is not None):
        raise ValueError(f"{path}:{number}: each line needs 'body' (gold text) and 'html' or 'text' (the input)")
    extra = dict(page.get("extra") or {})
    for key in _EXTRA_KEYS:
        if key in page and key not in extra:
            extra[key] = page[key]
    return {**page, "id": page.get("id", number), "extra": extra}


def select(pages: list[dict], limit: int | None, seed: int, page_type: str | None) -> list[dict]:
    pages = [p for p in pages if page_type is None or p["extra"].get("page_type") == page_type]
    if limit is not None and limit < len(pages):
        pages = [pages[i] for i in sorted(random.Random(seed).sample(range(len(pages)), limit))]
    return pages


def render(html: str, renderer: str) -> str:
    try:
        if renderer == "inscriptis":
            import inscriptis

            return inscriptis.get_text(html)
        import html_text

        return html_text.extract_text(html, guess_layout=True)
    except ImportError as exc:
        raise ImportError(f"--mode text needs the {renderer} package: pip install {renderer}") from exc


def page_input(page: dict, mode: str, renderer: str) -> tuple[str, str]:
    """(source, input_format) for one page under --mode."""
    html = page.get("html")
    if not html:
        return page.get("text") or "", "text"
    if mode == "text":
        return render(html, renderer), "text"
    return html, "html"


def evaluate(pages: list[dict], mode: str, renderer: str, config: Config) -> tuple[dict, dict]:
    import boilerstrip

    scores = []
    for page in pages:
        source, input_format = page_input(page, mode, renderer)
        try:
            output, failed = boilerstrip.clean(source, config.replace(input_format=input_format)), False
        except Exception as exc:
            print(f"page {page['id']}: {type(exc).__name__}: {exc}", file=sys.stderr)
            output, failed = None, True
        scores.append(score_page(page, output, failed=failed))
    return summarize(scores), summarize_by_type(scores)


def run(args: argparse.Namespace) -> int:
    try:
        pages = select(read_gold(args.gold), args.limit, args.seed, args.page_type)
        summary, by_type = evaluate(pages, args.mode, args.renderer, Config(keep=args.keep))
    except (FileNotFoundError, ValueError, ImportError) as exc:
        print(f"boilerstrip eval: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"all": summary, "by_page_type": by_type}, indent=1))
    else:
        print(format_table({"all": summary, **by_type}))
    return 1 if summary["failures"] else 0  # the command's convention: 1 when some inputs failed
