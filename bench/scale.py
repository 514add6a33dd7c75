"""Time and peak memory of `boilerstrip.clean` on 1, 10 and 50 MB pages, text and HTML.

    nice python -m bench.scale                      # the table in docs/robustness.md
    python -m bench.scale --sizes 1,5 --kinds text  # a quicker look

Each (kind, size) runs in a fresh process, so its peak memory is its own: the figure is
the peak resident set size while cleaning minus the resident size just before (the page
already built, the model already loaded), reported in MB and as a multiple of the input.
The pages are synthetic and seeded (the same bytes on every run): a news-page unit of
menus, headline, byline, article paragraphs, share links, related teasers and footer,
repeated to the size asked for; HTML pages wrap the same units in markup.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

KINDS = ("text", "html")
SIZES_MB = (1, 10, 50)
_SYLLABLES = ("ka", "lo", "mi", "ter", "an", "den", "sul", "vo", "ri", "pe", "tho", "nas", "gel", "ur", "bim")
_STOP = ("the", "of", "and", "a", "to", "in", "is", "was", "that", "for", "on", "with", "as", "it", "said")
_MENU = ("Home", "News", "World", "Sport", "Business", "Culture", "Opinion", "Sign in", "Subscribe")


def _word(rng: random.Random) -> str:
    if rng.random() < 0.45:
        return rng.choice(_STOP)
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(_word(rng) for _ in range(words))
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def _unit(rng: random.Random) -> dict:
    """One page's parts: menu, headline, byline, paragraphs, teasers, footer."""
    return {
        "menu": list(_MENU),
        "title": _sentence(rng, 8)[:-1],
        "byline": "By " + _word(rng).title() + " " + _word(rng).title(),
        "paragraphs": [" ".join(_sentence(rng, rng.randint(8, 25)) for _ in range(rng.randint(2, 5)))
                       for _ in range(rng.randint(5, 10))],
        "teasers": [_sentence(rng, 7)[:-1] for _ in range(4)],
        "footer": ["Share this article", "Privacy policy", "© 2024 The Daily Example. All rights reserved."],
    }


def _text_unit(u: dict) -> str:
    lines = u["menu"] + [u["title"], u["byline"]] + u["paragraphs"] + ["Related articles"] + u["teasers"] + u["footer"]
    return "\n".join(lines)


def _html_unit(u: dict) -> str:
    menu = "".join(f"<li><a href='/{i}'>{m}</a></li>" for i, m in enumerate(u["menu"]))
    paragraphs = "".join(f"<p>{p}</p>" for p in u["paragraphs"])
    teasers = "".join(f"<li><a href='/t'>{t}</a></li>" for t in u["teasers"])
    footer = "".join(f"<p>{f}</p>" for f in u["footer"])
    return (f"<header><nav class='menu'><ul>{menu}</ul></nav></header>"
            f"<article><h1>{u['title']}</h1><p class='byline'>{u['byline']}</p>{paragraphs}</article>"
            f"<aside class='related'><h2>Related articles</h2><ul>{teasers}</ul></aside><footer>{footer}</footer>")


def page(kind: str, chars: int, seed: int = 0) -> str:
    """A synthetic page of ``kind`` ("text" or "html") with about ``chars`` characters."""
    rng = random.Random(seed)
    parts, size = [], 0
    render = _text_unit if kind == "text" else _html_unit
    while size < chars:
        part = render(_unit(rng))
        parts.append(part)
        size += len(part) + 1
    body = ("\n\n" if kind == "text" else "\n").join(parts)
    if kind == "html":
        return f"<!doctype html><html><head><title>Example</title></head><body>{body}</body></html>"
    return body


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KB


def measure_one(kind: str, mb: float) -> dict:
    """Build the page, warm the pipeline up, then time one clean() and its peak memory."""
    import boilerstrip

    config = boilerstrip.Config(input_format=kind)
    boilerstrip.clean(page(kind, 20_000, seed=1), config)  # loads the model and stoplists
    source = page(kind, int(mb * 1_000_000))
    before = _rss_mb()
    start = time.perf_counter()
    out = boilerstrip.clean(source, config)
    seconds = time.perf_counter() - start
    extra = max(_rss_mb() - before, 0.0)
    return {"kind": kind, "mb": mb, "chars": len(source), "seconds": round(seconds, 2),
            "peak_mb": round(extra, 1), "out_chars": len(out)}


def measure(kind: str, mb: float) -> dict:
    """`measure_one` in a fresh interpreter, so each row's peak memory is its own."""
    code = f"import json; from bench.scale import measure_one; print(json.dumps(measure_one({kind!r}, {mb!r})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    lines = ["| input | size | seconds | s per MB | peak extra memory | × input |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        input_mb = r["chars"] / 1e6
        lines.append(f"| {r['kind']} | {input_mb:.0f} MB | {r['seconds']:.2f} | {r['seconds'] / input_mb:.2f} "
                     f"| {r['peak_mb']:.0f} MB | {r['peak_mb'] / input_mb:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES_MB)), help="MB, comma-separated (default 1,10,50)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="text,html")
    args = parser.parse_args(argv)
    rows = []
    for kind in args.kinds.split(","):
        for mb in (float(s) for s in args.sizes.split(",")):
            rows.append(measure(kind, mb))
            print(f"  {kind} {mb:g} MB: {rows[-1]['seconds']:.2f} s, {rows[-1]['peak_mb']:.0f} MB", file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
