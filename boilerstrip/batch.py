"""batch: clean many pages, in order, on several processes, with progress and a summary.

`ordered_map` runs a function over chunks of items on a process pool and yields the
results in input order, with a bounded number of chunks in flight (memory stays flat
on a corpus of any size). `CleanJob` is the work on one page or one JSONL record; it
never raises for a bad page: a failed record comes out with an ``error`` field, so
every record that goes in comes out. `Summary` adds up what the CLI reports at the end.

The single-process path runs the very same `CleanJob` code, so ``--workers N`` output
is byte-identical to ``--workers 1``.
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator, Sequence, TextIO

from .config import Config
from .errors import BoilerstripError
from .model import Label

CHUNK = 16  # records per task: amortises inter-process traffic, small enough for even load
WINDOW_PER_WORKER = 4  # chunks in flight per worker: keeps workers busy, memory bounded


@dataclasses.dataclass(frozen=True)
class Outcome:
    """One cleaned page: the output, and what the summary counts."""

    text: str
    error: str | None = None
    chars_in: int = 0
    chars_kept: int = 0
    labels: tuple[tuple[str, int], ...] = ()


@dataclasses.dataclass(frozen=True)
class CleanJob:
    """How to clean each page of a batch: everything a worker process needs."""

    config: Config = Config()
    format: str = "text"
    field: str | None = None
    output_field: str = "clean"
    profile: Any = None  # boilerstrip.profile.Profile
    site_field: str | None = None

    def page(self, source: str | bytes, site: str = "") -> Outcome:
        """Clean one page (a file's content); failures come back as an Outcome with error."""
        try:
            return self._render(source, self.config, site)
        except Exception as exc:  # one bad page costs one page, never the batch
            return Outcome("", error=_describe(exc))

    def record(self, line: str) -> Outcome:
        """Clean one JSONL line; the output line always holds the record (or its raw text)."""
        record, error = _parse_record(line)
        result = None
        if error is None:
            try:
                page, fmt = page_of(record, self.field)
                config = self.config.replace(input_format=fmt) if self.config.input_format == "auto" else self.config
                result = self._render(page, config, _site(record, self.site_field, self.profile))
            except Exception as exc:  # noqa: BLE001 - the record carries the error instead
                error = _describe(exc)
        if error is not None:
            record = record if isinstance(record, dict) else {"raw": line.rstrip("\n")}
            record["error"] = error
            return Outcome(_dumps(record), error=error)
        record[self.output_field] = result.text
        return dataclasses.replace(result, text=_dumps(record))

    def warm(self) -> None:
        """Build the read-only tables the pipeline loads on first use (model, stoplists,
        language index) in this process, so forked workers inherit them instead of each
        building its own (a second or more per worker). Output does not change."""
        self.page("Warm-up: a short paragraph of plain prose, read once before the workers start.")

    def _render(self, source: str | bytes, config: Config, site: str) -> Outcome:
        from . import annotate
        from .assemble import assemble

        doc = annotate(source, config, profile=self.profile, site=site)
        if self.format == "markdown":
            from .markdown import render_markdown

            text = render_markdown(doc)
        elif self.format == "labels":
            from .display import format_labels

            text = format_labels(doc, color=False)
        else:
            text = assemble(doc, self.format)
        kept = sum(len(b.text) for b in doc.blocks if b.label in config.keep)
        labels = Counter(b.label.value for b in doc.blocks if b.label)
        return Outcome(text, chars_in=sum(len(b.text) for b in doc.blocks), chars_kept=kept,
                       labels=tuple(sorted(labels.items())))


def _dumps(record: dict) -> str:
    """One JSONL line. A field holding a lone surrogate (a legal JSON escape, "\\ud800", but
    not encodable as UTF-8) stays escaped, so writing the record cannot fail the whole run."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line + "\n"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, (BoilerstripError, ValueError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _site(record: dict, field: str | None, profile) -> str:
    if profile is None:
        return ""
    from .profile import site_of

    return site_of(record, field)


def _parse_record(line: str) -> tuple[dict | None, str | None]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not a JSON record: {exc}"
    except RecursionError:  # json's parser recurses once per level of nesting
        return None, "not a JSON record this parser can read: nested too deeply"
    if not isinstance(record, dict):
        return None, f"a JSONL record must be an object, not {type(record).__name__}"
    return record, None


def page_of(record: dict, field: str | None) -> tuple[str, str]:
    """The page in a record, and its format by field name (``html`` → html)."""
    for key in ([field] if field else ["text", "html"]):
        value = record.get(key)
        if isinstance(value, str):
            return value, "html" if key == "html" else "auto"
    wanted = field or "'text' or 'html'"
    raise ValueError(f"record has no string field {wanted}; choose one with --field")


# --- ordered parallel map -----------------------------------------------------------

_WORKER: dict[str, Any] = {}  # set once per worker process by _init_worker, read-only after


def _init_worker(fn: Callable) -> None:
    _WORKER["fn"] = fn


def _run_chunk(items: Sequence) -> list:
    fn = _WORKER["fn"]
    return [fn(item) for item in items]


def ordered_map(fn: Callable, items: Iterable, workers: int = 1, chunk: int = CHUNK,
                on_lost: Callable | None = None) -> Iterator:
    """``map(fn, items)`` on ``workers`` processes, results in input order.

    ``fn`` must be picklable (e.g. a bound method of a frozen `CleanJob`); it is sent to
    each worker once. At most ``workers * WINDOW_PER_WORKER`` chunks are in flight. When a
    worker dies (a crash in native code, the OOM killer), the chunk being waited for
    yields ``on_lost(item)`` for each of its items, the pool is restarted and the other
    chunks are run again; without ``on_lost`` the `BrokenProcessPool` is raised.
    """
    if workers <= 1:
        yield from map(fn, items)
        return
    source = _chunks(items, chunk)
    pending: deque = deque()  # (chunk, its future, or None when the pool broke before it was sent)
    pool = _pool(fn, workers)
    try:
        while True:
            while len(pending) < workers * WINDOW_PER_WORKER and (batch := next(source, None)) is not None:
                pending.append((batch, _submit(pool, batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            if future is None:  # never ran: the pool broke while idle; run it on a new one
                pool = _restart(pool, fn, workers)
                pending.appendleft((batch, None))
                pending = deque((b, _submit(pool, b)) for b, _ in pending)
                continue
            try:
                results = future.result()
            except BrokenProcessPool:
                if on_lost is None:
                    raise
                results = [on_lost(item) for item in batch]
                pool = _restart(pool, fn, workers)
                pending = deque((b, _submit(pool, b)) for b, _ in pending)
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, batch: list):
    """The chunk's future, or None when a worker already died and the pool takes no more
    work (the chunk is then sent again to the next pool, not counted as lost)."""
    try:
        return pool.submit(_run_chunk, batch)
    except BrokenProcessPool:
        return None


def _restart(pool: ProcessPoolExecutor, fn: Callable, workers: int) -> ProcessPoolExecutor:
    pool.shutdown(wait=False, cancel_futures=True)
    return _pool(fn, workers)


def _pool(fn: Callable, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(fn,))


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def clean_lines(job: CleanJob, lines: Iterable[str], workers: int = 1) -> Iterator[Outcome]:
    """Every non-blank JSONL line cleaned, in order; records of a worker that died come
    back as failed records, so counts in and out stay equal."""
    if workers > 1:
        job.warm()
    return ordered_map(job.record, (line for line in lines if line.strip()), workers, on_lost=lost_record)


def lost_record(line: str) -> Outcome:
    error = "a worker process died on this batch (crash or out of memory); rerun with --workers 1 to find the page"
    record, _ = _parse_record(line)
    record = record if isinstance(record, dict) else {"raw": line.rstrip("\n")}
    record["error"] = error
    return Outcome(_dumps(record), error=error)


# --- progress and summary -----------------------------------------------------------

@dataclasses.dataclass
class Summary:
    """What a batch did: pages, failures, share of characters kept, blocks per label."""

    pages: int = 0
    failed: int = 0
    chars_in: int = 0
    chars_kept: int = 0
    labels: Counter = dataclasses.field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.pages += 1
        self.failed += outcome.error is not None
        self.chars_in += outcome.chars_in
        self.chars_kept += outcome.chars_kept
        self.labels.update(dict(outcome.labels))

    def lines(self, seconds: float) -> list[str]:
        share = self.chars_kept / self.chars_in if self.chars_in else 0.0
        rate = self.pages / seconds if seconds > 0 else 0.0
        order = [label.value for label in Label]
        hist = ", ".join(f"{k} {self.labels[k]}" for k in order if self.labels.get(k))
        return [f"pages {self.pages:,}  failed {self.failed:,}  kept {share:.1%} of characters  "
                f"{rate:,.1f} pages/s  {seconds:.1f} s",
                f"blocks by label: {hist or 'none'}"]


class Progress:
    """A one-line progress bar on a terminal (pages/s, and ETA when the size is known);
    silent when the stream is not a terminal."""

    def __init__(self, stream: TextIO | None = None, total_bytes: int = 0, every: float = 0.2):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _isatty(self.stream)
        self.total = total_bytes
        self.every = every
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, pages: int, done_bytes: int = 0) -> None:
        now = time.monotonic()
        if not self.enabled or now - self._last < self.every:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        line = f"\r{pages:,} pages  {pages / elapsed:,.1f} pages/s"
        if self.total and done_bytes:
            frac = min(done_bytes / self.total, 1.0)
            eta = elapsed * (1 - frac) / max(frac, 1e-9)
            line += f"  {frac:5.1%}  ETA {_clock(eta)}"
        self.stream.write(line + "   ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty()) and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
