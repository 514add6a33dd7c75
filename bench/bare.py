"""``python -m bench.bare``: the article alone in, the article out? Word recall when the input is nothing but the gold body.

    python -m bench.bare                       # every wcxb-dev page with a gold body
    python -m bench.bare --limit 300 --seed 1  # a seeded sample

Pipelines often run a cleaner over text that is already clean (an article a previous step
extracted, a feed entry's content): then the right output is the whole input. This measures
it on real articles instead of invented ones: each wcxb-dev page's gold body, its non-empty
lines joined (text mode), and the same lines as the ``<p>`` elements of an ``<article>``
(html mode). For each page type it prints mean word recall against that gold and the share
of pages that came back whole (recall 1), for boilerstrip and, on the same inputs, for
trafilatura (which reads HTML: text mode gives it one ``<p>`` a line, as the main bench does).

Only recall is asked for: the input holds nothing but gold. A headline that opens a gold body
is named ``title`` and is not in `clean()`'s default output, so it costs recall here by design;
the row "keep title and body" (``Config(keep={"title", "body"})``) shows that part apart.
"""
from __future__ import annotations

import argparse
import html as html_lib
import statistics
import sys
from collections import defaultdict
from typing import Callable, Iterable

from boilerstrip.score import word_score

from .data import DATA, load_pages
from .systems import lines_to_html

MODES = ("text", "html")


def bare_input(gold: str, mode: str) -> str:
    """The gold body as a scraper would hand it over: its lines (text), or an article of <p>s (html)."""
    lines = [line.strip() for line in gold.splitlines() if line.strip()]
    if mode == "text":
        return "\n".join(lines)
    return "<html><body><article>" + "".join(f"<p>{html_lib.escape(line)}</p>" for line in lines) + \
        "</article></body></html>"


def _extractors(mode: str) -> dict[str, Callable[[str], str]]:
    import boilerstrip
    import trafilatura

    config = boilerstrip.Config(input_format=mode)
    with_title = config.replace(keep=frozenset({"title", "body"}))
    as_html = (lambda source: source) if mode == "html" else lines_to_html
    return {"boilerstrip": lambda source: boilerstrip.clean(source, config),
            "boilerstrip, keep title and body": lambda source: boilerstrip.clean(source, with_title),
            "trafilatura": lambda source: trafilatura.extract(as_html(source)) or ""}


def measure(pages: list[dict], mode: str) -> dict[str, dict[str, tuple[int, float, float]]]:
    """system -> page type (and "all") -> (pages, mean word recall, share returned whole)."""
    recalls: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    extractors = _extractors(mode)
    for page in pages:
        source = bare_input(page["body"], mode)
        kind = (page.get("extra") or {}).get("page_type") or "unknown"
        for name, extract in extractors.items():
            recall = word_score(extract(source), page["body"]).recall
            recalls[name][kind].append(recall)
            recalls[name]["all"].append(recall)
    return {name: {kind: (len(v), statistics.mean(v), sum(r >= 0.999 for r in v) / len(v))
                   for kind, v in sorted(by_kind.items())}
            for name, by_kind in recalls.items()}


def table(results: dict[str, dict[str, tuple[int, float, float]]], mode: str) -> str:
    kinds = list(next(iter(results.values())))
    rows = [f"| mode `{mode}` | " + " | ".join(f"{k} ({results['boilerstrip'][k][0]})" for k in kinds) + " |",
            "|---|" + "---:|" * len(kinds)]
    for name, by_kind in results.items():
        rows.append(f"| {name} | " + " | ".join(f"{by_kind[k][1]:.3f} / {by_kind[k][2]:.0%}" for k in kinds) + " |")
    return "\n".join(rows)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bare", description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="a seeded sample of this many pages")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(list(argv) if argv is not None else None)
    path = DATA / "wcxb-dev.jsonl.gz"
    if not path.exists():
        print(f"bench.bare: {path} not found (../shared/data beside the checkout, or $BOILERSTRIP_SHARED)",
              file=sys.stderr)
        return 2
    pages = [p for p in load_pages(path, limit=args.limit, seed=args.seed) if (p.get("body") or "").strip()]
    print(f"wcxb-dev, the gold body alone as input ({len(pages)} pages): mean word recall / share of pages "
          "returned whole\n")
    for mode in MODES:
        print(table(measure(pages, mode), mode), end="\n\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
