"""Cost: time and memory linear in the input, no regex that can backtrack, a size limit.

Timings here are ratios between two sizes of the same input (CPU time, best of a few
runs) with generous margins, or inputs on which a quadratic cost would take minutes:
they hold on a loaded two-core machine. Memory is measured with tracemalloc (counts
bytes, not wall time). Absolute figures for 1-50 MB live in bench/scale.py.
"""
from __future__ import annotations

import importlib
import pkgutil
import platform
import re
import sys
import time
import tracemalloc

import numpy as np
import pytest
import regex

import boilerstrip
from bench.scale import page
from boilerstrip import Config, InputTooLargeError, annotate, clean, features, segment
from boilerstrip.classify import load_model, score
from boilerstrip.decode import scrub
from boilerstrip.segment_html import _Walker, parse, segment_html

TEXT, HTML = Config(input_format="text"), Config(input_format="html")


def modules():
    """Every module of the package and its subpackages (``boilerstrip.segment`` the module,
    not the function; ``boilerstrip.sections.comments``)."""
    for info in pkgutil.walk_packages(boilerstrip.__path__, "boilerstrip."):
        if info.name.endswith("__main__"):
            continue
        try:
            yield importlib.import_module(info.name)
        except ImportError:  # an optional integration whose host library is not installed
            continue


def patterns():
    for module in modules():
        for name, value in vars(module).items():
            if isinstance(value, (re.Pattern, regex.Pattern)):
                yield f"{module.__name__}.{name}", value


# Runs of what regexes match with * or + (letters, digits, spaces, tags, punctuation),
# alone and after a prefix that opens a construct: the shapes that make backtracking blow up.
_UNITS = (" ", "a", "A", "1", "<", ".", "\n", "/", "-", ":", "a ", "<a", "1.", "1/", "A.", " \n", "\t", "by ",
          "A/A ", "\u00a0", "\r", "1 ", "a'", "a,", "- ", "\"", "新")
_PREFIXES = ("", "<a", "By ", "Photo: ", "charset=")
_RUN = 8_000  # the quadratic patterns fixed here took 0.3-7 s on one such run; linear ones take milliseconds


@pytest.mark.parametrize("name,pattern", list(patterns()), ids=[n for n, _ in patterns()])
def test_no_regex_in_the_package_backtracks_on_long_runs(name, pattern):
    for prefix in _PREFIXES:
        for unit in _UNITS:
            text = prefix + unit * (_RUN // len(unit))
            subject = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
            start = time.process_time()
            for _ in pattern.finditer(subject):
                pass
            assert time.process_time() - start < 0.25, f"{name} is slow on {text[:12]!r}..."


def _cpu(fn, *args, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn(*args)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("source,config", [
    ("a" + " " * 300_000 + "b\n\nc", Config(input_format="text", segment="paragraph")),  # blank-line scan
    ("<div>" * 3_000 + "<a" + "b-" * 150_000, HTML),  # too deep for libxml2, then an unclosed tag
    ("<p>" + "<" * 300_000, HTML),
    ("x" * 300_000 + "\n" + "By " * 100_000, TEXT),  # byline and caption cues on long blocks
    ("1/" * 150_000 + "\n" + "- " * 150_000, TEXT),
    # one tag's attributes: libxml2 checks each against those before it (9 s uncapped)
    ("<p " + " ".join(f"a{i}" for i in range(60_000)) + ">Text.</p>", HTML),
], ids=["spaces-in-paragraph-mode", "deep-then-unclosed-tag", "lt-run", "cue-prefixes", "date-and-bullet-runs",
        "many-attributes"])
def test_pathological_pages_finish_fast(source, config):
    assert _cpu(annotate, source, config, repeat=1) < 5.0  # quadratic: minutes


@pytest.mark.parametrize("kind", ["text", "html"])
def test_time_grows_linearly_with_page_size(kind):
    config = Config(input_format=kind)
    clean(page(kind, 20_000, seed=1), config)  # model and stoplists loaded
    small, large = page(kind, 25_000), page(kind, 200_000)
    ratio = _cpu(clean, large, config) / _cpu(clean, small, config)
    scale = len(large) / len(small)
    assert ratio < 2.5 * scale, f"{scale:.1f}x the input cost {ratio:.1f}x the time"  # quadratic: ~64x


def test_a_huge_block_costs_what_its_head_costs():
    line = " ".join(["Volunteers planted four hundred oak saplings along the river on Saturday."] * 60_000)
    small, large = line[:400_000], line[:4_000_000]
    clean(small, TEXT)
    # 10x the characters: the only full passes left are C-speed scans (split, count), so
    # the time grows far less than 10x; tokenising the whole block took ~10x.
    assert _cpu(clean, large, TEXT) < 5 * _cpu(clean, small, TEXT) + 0.05
    assert _peak(clean, large, TEXT) < 0.5 * len(large)  # the head's tokens, not the block's


def _peak(fn, *args) -> int:
    tracemalloc.start()
    try:
        fn(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("kind", ["text", "html"])
def test_memory_grows_linearly_with_page_size(kind):
    config = Config(input_format=kind)
    clean(page(kind, 20_000, seed=1), config)
    small, large = page(kind, 30_000), page(kind, 240_000)
    small_peak, large_peak = _peak(clean, small, config), _peak(clean, large, config)
    assert large_peak / small_peak < 1.5 * len(large) / len(small)
    # The slope, bytes of peak per input character past the fixed cost (Python objects and
    # numpy arrays, tracemalloc; measured 8.1 for text and 8.4 for HTML with the feature
    # table at 5fa2264, 16 and 24 at 4d6c1f0, 22 and 40 before the scoring in steps and the
    # DOM feature matrix; docs/robustness.md has the resident figures)
    slope = (large_peak - small_peak) / (len(large) - len(small))
    assert slope < {"text": 14, "html": 16}[kind]


def test_memory_does_not_grow_page_after_page():
    """A corpus run cleans millions of pages in one process: once a page is cleaned, none of
    its records (blocks, feature tables, the walk's frames, libxml2's elements) stays alive,
    and what cleaning keeps between pages is a cache with a bound."""
    import functools
    import gc
    from pathlib import Path

    from lxml import etree

    from boilerstrip.features import FeatureVector
    from boilerstrip.segment_html import _Frame, _Raw
    from boilerstrip.table import FeatureTable

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    sources = [p.read_text(encoding="utf-8") for p in sorted(fixtures.glob("*/*")) if p.suffix in (".page", ".html")]
    sources += [page(kind, 40_000, seed=seed) for kind in ("text", "html") for seed in range(3)]
    assert len(sources) > 40
    kept = [clean(source) for source in sources]
    assert all(kept)
    gc.collect()
    per_page = (boilerstrip.Block, boilerstrip.Document, FeatureVector, FeatureTable, _Frame, _Raw, etree._Element)
    alive = [type(o).__name__ for o in gc.get_objects() if isinstance(o, per_page)]
    assert not alive, f"records of cleaned pages still alive: {sorted(set(alive))}"
    caches = [(module.__name__, name, value) for module in modules() for name, value in vars(module).items()
              if isinstance(getattr(value, "cache_info", None), type(functools.lru_cache()(len).cache_info))]
    assert len(caches) >= 5  # the cue answers, stoplists, models, ...
    for module, name, cached in caches:
        assert cached.cache_info().maxsize is not None, f"{module}.{name} caches without a bound"


def test_the_model_scores_long_pages_in_bounded_memory():
    model = load_model()
    rows = np.random.default_rng(0).normal(size=(20_000, len(model.names)))
    model.score(rows[:100])
    # All rows at once needed ~8 KB a row (160 MB here); in steps it is the output plus a few MB.
    assert _peak(model.score, rows) < 40_000_000


def test_scoring_holds_a_few_rows_of_the_design_matrix_at_a_time():
    blocks = features(segment(page("text", 400_000), TEXT), TEXT)
    model = load_model()
    score(blocks[:300], model)
    # Whole, the design matrix, its contributions and the sort picking the strongest cost
    # ~2 KB a block (8.5 MB here); a few rows at a time, measured 3.9 MB: ~3 MB of work
    # arrays for 256 rows plus ~200 bytes a block (page-wide neighbour columns, P(body)).
    assert _peak(score, blocks, model) < 4_000_000 + 400 * len(blocks)


def test_html_blocks_hold_a_row_of_dom_features_not_a_dict():
    source = page("html", 300_000)
    segment_html(source[:5_000], HTML)
    tracemalloc.start()
    try:
        blocks, _ = segment_html(source, HTML)
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # A dict of 52 features a block made it ~2.6 KB a block; a float64 matrix row ~1 KB; a
    # row of the feature table (flags a byte), measured 550 bytes (with the block, its text
    # and its tag path).
    assert kept < 800 * len(blocks)


def test_checking_a_huge_page_for_lone_surrogates_copies_a_slice_at_a_time():
    text = "é " + "Volunteers planted four hundred oak saplings along the river on Saturday. " * 120_000
    scrub(text[:1000])
    # Encoding the whole page to UTF-8 at once held a copy of it (1-2x its characters).
    assert _peak(scrub, text) < 0.5 * len(text)
    assert scrub(text + "\ud800")[-1] == "\ufffd"  # a surrogate in the last slice is still found


def test_the_dom_walk_lets_go_of_every_element():
    """Nothing the walk returns holds an lxml element, so libxml2's tree (several times
    the page) is freed as soon as the walk is done."""
    raws = _Walker().walk(parse(page("html", 20_000)))
    frame_ids, frames = set(), []
    for raw in raws:
        frame = raw.owner
        while frame is not None and id(frame) not in frame_ids:
            frame_ids.add(id(frame))
            frames.append(frame)
            frame = frame.parent
    assert frames and all(frame.el is None for frame in frames)


def test_bench_scale_shows_the_traced_peak_of_each_stage(tmp_path):
    from bench.scale import STAGES, stage_peaks

    path = tmp_path / "page.html"
    path.write_text(page("html", 30_000), encoding="utf-8")
    before = {name: getattr(boilerstrip, name) for name in STAGES}
    row = stage_peaks("html", str(path))
    assert list(row["stages"]) == ["segment_html", "features", "judge_page", "classify"]
    assert all(peak >= after > 0 for peak, after in row["stages"].values())
    assert {name: getattr(boilerstrip, name) for name in STAGES} == before  # the stages are put back


def test_deep_html_is_walked_without_python_recursion():
    html = "<html><body>" + "<div><span>" * 5_000 + "deep" + "</span></div>" * 5_000 + "</body></html>"
    annotate("<p>warm up</p>" * 3, HTML)
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 120)  # any recursion over the tree would need thousands of frames
    try:
        doc = annotate(html, HTML)
    finally:
        sys.setrecursionlimit(limit)
    assert [b.text for b in doc.blocks] == ["deep"]


# --- the size limit -----------------------------------------------------------------------

@pytest.mark.parametrize("source", ["x" * 1_001, b"x" * 1_001, bytearray(b"<p>x</p>" * 200)],
                         ids=["str", "bytes", "bytearray"])
def test_inputs_over_the_limit_raise_input_too_large(source):
    config = Config(max_input_chars=1_000)
    with pytest.raises(InputTooLargeError, match=r"max_input_chars=1,000") as info:
        clean(source, config)
    assert "Config(max_input_chars=...)" in str(info.value)
    assert clean(source[:1_000], config) is not None  # at the limit: cleaned


def test_the_limit_is_checked_before_any_decoding(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("decoded an input that is over the limit")

    monkeypatch.setattr(boilerstrip, "to_text", refuse)
    with pytest.raises(InputTooLargeError):
        clean(b"\xff\xfe" + b"x\x00" * 5_000, Config(max_input_chars=1_000))


def test_the_default_limit_covers_fifty_megabyte_pages():
    assert Config().max_input_chars >= 50_000_000


def test_a_large_pages_freed_tree_is_handed_back_to_the_system(monkeypatch):
    """libxml2's tree, freed after the walk, is returned to the system on large pages only."""
    module = importlib.import_module("boilerstrip.segment_html")
    module._trim_heap()  # the real call: harmless at any time
    calls = []
    monkeypatch.setattr(module, "_trim_heap", lambda: calls.append(1))
    monkeypatch.setattr(module, "_TRIM_CHARS", 100_000)  # (the real bound, 4 million characters, is slow to build)
    source = page("html", 110_000)
    segment_html(source[:50_000], HTML)
    assert calls == []
    segment_html(source, HTML)
    assert calls == [1]
    if platform.libc_ver()[0] == "glibc":
        assert module._malloc_trim() is not None
