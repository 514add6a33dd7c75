"""Time and peak memory of `boilerstrip.clean` on 1, 10 and 50 MB pages, text and HTML.

    nice python -m bench.scale                      # the table in docs/robustness.md
    python -m bench.scale --sizes 1,5 --kinds text  # a quicker look
    python -m bench.scale --stages --sizes 1        # where the peak is: traced memory per stage
    python -m bench.scale --peer --kinds text,html  # trafilatura on the same pages, same table

Each (kind, size) runs in a fresh process, so its peak memory is its own: the figure is
the peak resident set size while cleaning (the kernel's high-water mark, reset just
before) minus the resident size just before (the page already built, the model already
loaded), reported in MB and as a multiple of the input.
The pages are synthetic and seeded (the same bytes on every run): a news-page unit of
menus, headline, byline, article paragraphs, share links, related teasers and footer,
repeated to the size asked for; HTML pages wrap the same units in markup, "line"
pages are the text pages' content on one single line, and "short" pages are short lines
only (a menu word and a number, 12 characters a line: a million lines at 12 MB), the
most blocks a page of its size can hold.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time

KINDS = ("text", "html", "line", "short")
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
    """A synthetic page of ``kind`` ("text", "html", "line": the text on a single line, or
    "short": short lines only) with about ``chars`` characters."""
    rng = random.Random(seed)
    if kind == "short":
        return _short_lines(rng, chars)
    parts, size = [], 0
    render = _html_unit if kind == "html" else _text_unit
    while size < chars:
        part = render(_unit(rng))
        parts.append(part)
        size += len(part) + 1
    if kind == "line":  # the same text on one line: one huge block
        return " ".join(part.replace("\n", " ") for part in parts)
    body = ("\n\n" if kind == "text" else "\n").join(parts)
    if kind == "html":
        return f"<!doctype html><html><head><title>Example</title></head><body>{body}</body></html>"
    return body


def _short_lines(rng: random.Random, chars: int) -> str:
    lines, size = [], 0
    while size < chars:
        lines.append(f"{rng.choice(_MENU)} {len(lines)}")
        size += len(lines[-1]) + 1
    return "\n".join(lines)


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    raise OSError(f"no {field} in /proc/self/status")


def _reset_peak() -> float:
    """The resident size now, with the kernel's peak (VmHWM) reset to it, so the peak read
    after cleaning is cleaning's own, not building the page's. Falls back to the process's
    peak so far where the reset is not available."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return _status_mb("VmRSS")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_mb() -> float:
    try:
        return _status_mb("VmHWM")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_one(kind: str, path: str) -> dict:
    """Read the page, warm the pipeline up, then time one clean() and its peak memory."""
    import boilerstrip

    config = boilerstrip.Config(input_format="html" if kind == "html" else "text")
    boilerstrip.clean(page(kind, 20_000, seed=1), config)  # loads the model and stoplists
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    before = _reset_peak()
    start = time.perf_counter()
    out = boilerstrip.clean(source, config)
    seconds = time.perf_counter() - start
    extra = max(_peak_mb() - before, 0.0)
    return {"kind": kind, "chars": len(source), "seconds": round(seconds, 2),
            "peak_mb": round(extra, 1), "out_chars": len(out)}


def peer_one(kind: str, path: str) -> dict:
    """`measure_one` for trafilatura (``extract``) on the same page, for scale: text pages go
    to it as one ``<p>`` a line, as in the quality bench."""
    import trafilatura

    from bench.systems import lines_to_html

    warm = page(kind, 20_000, seed=1)
    trafilatura.extract(warm if kind == "html" else lines_to_html(warm))
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    chars = len(source)
    if kind != "html":
        source = lines_to_html(source)
    before = _reset_peak()
    start = time.perf_counter()
    out = trafilatura.extract(source) or ""
    seconds = time.perf_counter() - start
    extra = max(_peak_mb() - before, 0.0)
    return {"kind": f"{kind} (trafilatura)", "chars": chars, "seconds": round(seconds, 2),
            "peak_mb": round(extra, 1), "out_chars": len(out)}


def measure(kind: str, mb: float, how: str = "measure_one") -> dict:
    """`measure_one` (or ``how``, another function of this module) in a fresh interpreter,
    so each row's peak memory is its own. The page is built here and read there from a
    file: building it leaves no freed memory behind in the measuring process for cleaning
    to reuse unseen."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".page") as fh:
        fh.write(page(kind, int(mb * 1_000_000)))
        fh.flush()
        code = f"import json; from bench.scale import {how}; print(json.dumps({how}({kind!r}, {fh.name!r})))"
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


# The stages `boilerstrip.annotate` calls, by the names it calls them by.
STAGES = ("segment", "segment_html", "features", "judge_page", "classify")


def stage_peaks(kind: str, path: str) -> dict:
    """Like `measure_one`, but the figures are tracemalloc's (Python objects and numpy
    arrays; not libxml2's tree): for each stage of `annotate`, the traced peak while it ran
    and what it left behind, both as multiples of the input, plus the whole call's peak."""
    import tracemalloc

    import boilerstrip

    config = boilerstrip.Config(input_format="html" if kind == "html" else "text")
    boilerstrip.clean(page(kind, 20_000, seed=1), config)
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    stages: dict[str, tuple[float, float]] = {}

    def traced(name, stage):
        def run(*args, **kwargs):
            tracemalloc.reset_peak()
            result = stage(*args, **kwargs)
            peak, now = tracemalloc.get_traced_memory()[1], tracemalloc.get_traced_memory()[0]
            stages[name] = (round(peak / len(source), 1), round(now / len(source), 1))
            return result
        return run

    originals = {name: getattr(boilerstrip, name) for name in STAGES}
    for name, stage in originals.items():
        setattr(boilerstrip, name, traced(name, stage))
    tracemalloc.start()
    try:
        doc = boilerstrip.annotate(source, config)
        blocks = len(doc.blocks)
        kept = round(tracemalloc.get_traced_memory()[0] / len(source), 1)
        del doc
    finally:
        tracemalloc.stop()
        for name, stage in originals.items():
            setattr(boilerstrip, name, stage)
    return {"kind": kind, "chars": len(source), "blocks": blocks, "stages": stages, "document": kept}


def stage_table(rows: list[dict]) -> str:
    lines = ["| input | size | blocks | stage | traced peak × input | left after it × input |",
             "|---|---:|---:|---|---:|---:|"]
    for r in rows:
        for name, (peak, after) in r["stages"].items():
            lines.append(f"| {r['kind']} | {r['chars'] / 1e6:.0f} MB | {r['blocks']} | {name} | {peak:.1f} | {after:.1f} |")
        lines.append(f"| {r['kind']} | {r['chars'] / 1e6:.0f} MB | {r['blocks']} | (the Document) | | {r['document']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES_MB)), help="MB, comma-separated (default 1,10,50)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="text,html,line,short")
    parser.add_argument("--stages", action="store_true",
                        help="traced memory per stage of annotate (tracemalloc: slower, no libxml2) instead")
    parser.add_argument("--peer", action="store_true",
                        help="also trafilatura on the same text and HTML pages (same table), for scale")
    args = parser.parse_args(argv)
    rows = []
    for kind in args.kinds.split(","):
        for mb in (float(s) for s in args.sizes.split(",")):
            if args.stages:
                rows.append(measure(kind, mb, "stage_peaks"))
                print(f"  {kind} {mb:g} MB: {rows[-1]['stages']}", file=sys.stderr)
                continue
            for how in ("measure_one", "peer_one") if args.peer and kind != "line" else ("measure_one",):
                rows.append(measure(kind, mb, how))
                print(f"  {rows[-1]['kind']} {mb:g} MB: {rows[-1]['seconds']:.2f} s, {rows[-1]['peak_mb']:.0f} MB",
                      file=sys.stderr)
    print(stage_table(rows) if args.stages else table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
