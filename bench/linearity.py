"""Is `boilerstrip.clean()` linear in its input? Time one page's text at 1×, 10× and 100×."""
from __future__ import annotations

import random
import time
from typing import Sequence

from .data import render_text

FACTORS = (1, 10, 100)


def sample_text(pages: Sequence[dict], seed: int = 0, min_chars: int = 2000) -> str:
    """The html-text rendering of a seeded page with at least ``min_chars`` characters."""
    order = list(range(len(pages)))
    random.Random(seed).shuffle(order)
    for index in order:
        text = render_text(pages[index]["html"]) if pages[index].get("html") else pages[index].get("text", "")
        if len(text) >= min_chars:
            return text
    raise ValueError(f"no page renders to {min_chars} characters or more")


def _cpu_seconds(clean, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        clean(text)
        best = min(best, time.process_time() - start)
    return best


def linearity(text: str, factors: Sequence[int] = FACTORS) -> list[dict]:
    """CPU seconds of ``clean`` on ``text`` repeated k times (pages joined by a blank line)."""
    import boilerstrip

    config = boilerstrip.Config(input_format="text")
    clean = lambda source: boilerstrip.clean(source, config)  # noqa: E731
    rows = []
    for factor in factors:
        source = "\n\n".join([text] * factor)
        seconds = _cpu_seconds(clean, source, repeat=3 if factor < 100 else 1)
        rows.append({"factor": factor, "chars": len(source), "seconds": seconds, "per_unit": seconds / factor})
    return rows
