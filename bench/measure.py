"""One (set, mode) measurement: build the inputs once, run every system, score and time it."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from boilerstrip.score import score_page, summarize, summarize_by_type, tokenize

from .data import DATA, load_pages, render_text, sample_pages
from .run import SystemRun, run_systems
from .systems import SYSTEMS

MODES = ("html", "text")


def resolve_set(name: str) -> Path:
    """A set name from the shared data (``wcxb-dev``) or a path to any JSONL in the same schema."""
    path = Path(name)
    if path.exists():
        return path
    shared = DATA / f"{name}.jsonl.gz"
    if shared.exists():
        return shared
    known = sorted(p.name.removesuffix(".jsonl.gz") for p in DATA.glob("*.jsonl.gz")) if DATA.exists() else []
    raise SystemExit(f"no data set {name!r}: give a path to a JSONL file or one of {known or '(none found in ' + str(DATA) + ')'}")


def set_label(name: str) -> str:
    return Path(name).name.removesuffix(".gz").removesuffix(".jsonl")


def mode_key(mode: str, renderer: str | None) -> str:
    return "html" if mode == "html" else f"text/{renderer}"


def page_input(page: dict, mode: str, renderer: str | None) -> str:
    """What a system is given for one page: the raw HTML, or the page rendered to text."""
    html = page.get("html")
    if not html:
        return page.get("text") or ""
    if mode == "html":
        return html
    try:
        return render_text(html, renderer or "html-text")
    except Exception:  # a renderer failure leaves the page empty for every system alike
        return ""


def _speed(run: SystemRun, inputs: Sequence[str]) -> dict:
    seconds = sum(p.cpu_seconds for p in run.pages)
    megabytes = sum(len(s.encode("utf-8", "replace")) for s in inputs) / 1e6
    return {"cpu_seconds": round(seconds, 3),
            "pages_per_s": len(inputs) / seconds if seconds else None,
            "mb_per_s": megabytes / seconds if seconds else None,
            "peak_mb": round(run.peak_mb, 1)}


def _system_result(run: SystemRun, pages: Sequence[dict], inputs: Sequence[str]) -> dict:
    scores = [score_page(page, p.output, failed=p.error is not None) for page, p in zip(pages, run.pages)]
    errors = [f"{page.get('id')}: {p.error}" for page, p in zip(pages, run.pages) if p.error]
    with_gold = [s.words.f1 for page, s in zip(pages, scores) if s.words is not None and tokenize(page.get("body"))]
    return {**summarize(scores), "by_type": summarize_by_type(scores), **_speed(run, inputs),
            "f1_nonempty_gold": sum(with_gold) / len(with_gold) if with_gold else None,
            "load_error": run.load_error, "errors": errors[:20],
            # per page: id, word F1, failed, must-keep found / total, must-drop found / total
            "per_page": [[s.id, None if s.words is None else round(s.words.f1, 4), s.failed,
                          s.with_found, s.with_total, s.without_found, s.without_total] for s in scores]}


def _add_speed_ratio(systems: dict) -> None:
    reference = (systems.get("trafilatura") or {}).get("pages_per_s")
    for result in systems.values():
        speed = result.get("pages_per_s")
        result["vs_trafilatura"] = speed / reference if speed and reference else None


def measure(pages: Sequence[dict], mode: str, renderer: str | None, system_names: Sequence[str], *,
            timeout: float = 30.0, progress: bool = False) -> dict:
    """Run and score ``system_names`` on ``pages`` in one mode; inputs are built once for all."""
    inputs = [page_input(page, mode, renderer) for page in pages]
    if progress:
        print(f"{', '.join(system_names)} [{mode_key(mode, renderer)}] on {len(pages)} pages, taking turns",
              file=sys.stderr)
    runs = run_systems([SYSTEMS[name] for name in system_names], mode, inputs, timeout=timeout, progress=progress)
    systems = {name: _system_result(runs[name], pages, inputs) for name in system_names}
    _add_speed_ratio(systems)
    return {"mode": mode_key(mode, renderer), "pages": len(pages),
            "input_mb": round(sum(len(s.encode("utf-8", "replace")) for s in inputs) / 1e6, 2),
            "splits": training_splits(pages), "page_types": page_types(pages), "systems": systems}


def page_types(pages: Sequence[dict]) -> dict[str, str]:
    """Page id -> the set's page type (wcxb-dev's ``extra.page_type``), for pages that have one."""
    return {str(page.get("id")): (page.get("extra") or {})["page_type"] for page in pages
            if (page.get("extra") or {}).get("page_type")}


def training_splits(pages: Sequence[dict]) -> dict[str, str]:
    """Page id -> train / tune / test, the split boilerstrip's training uses (md5 of the domain)."""
    try:
        from .train import split_of
    except ImportError:  # the training script's own dependencies are missing: no split column
        return {}
    return {str(page.get("id")): split_of(page) for page in pages}


def merge_reused(run: dict, previous: dict | None, started: str) -> dict:
    """Add the systems of an earlier run on the same pages and mode that this run did not measure.

    Their rows are marked ``reused_from`` (the earlier run's start); speed ratios are then
    across two runs, each system still timed in its own CPU seconds.
    """
    if not previous or previous["mode"] != run["mode"]:
        return run
    ids = [row[0] for row in next(iter(run["systems"].values()))["per_page"]] if run["systems"] else None
    systems = dict(run["systems"])
    for name, result in previous["systems"].items():
        if name not in systems and [row[0] for row in result["per_page"]] == ids:
            systems[name] = {**result, "reused_from": result.get("reused_from") or started}
    _add_speed_ratio(systems)
    return {**run, "systems": systems}


def load_set(name: str, *, limit: int | None, seed: int, page_type: str | None) -> list[dict]:
    """The set's pages, or a seeded sample of ``limit`` of them (of one page type if given)."""
    if limit is not None and page_type is None:
        return sample_pages(resolve_set(name), limit, seed)
    return load_pages(resolve_set(name), limit=limit, seed=seed, page_type=page_type)
