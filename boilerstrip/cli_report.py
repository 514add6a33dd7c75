"""``boilerstrip report INPUT... -o report.html``: one self-contained HTML page to audit the cleaner.

Inputs are text files, HTML files (``.html``/``.htm``) and JSONL corpora (``.jsonl``, one
page per line in field ``text`` or ``html``, or the field named by ``--field``); any of them
may be gzipped (``.gz``). Every page is annotated (on ``--workers`` processes), rendered at
once to a `PageView` and dropped, so a corpus of thousands of pages fits in memory.
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import itertools
import json
import os
import sys
from pathlib import Path
from typing import IO, Any, Iterator, NamedTuple

from .batch import CHUNK, ordered_map
from .config import Config
from .display import PageView, page_view, report_html
from .errors import BoilerstripError
from .profile import site_of

_FORMAT_BY_SUFFIX = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text"}  # others: "auto"
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_NAME_FIELDS = ("id", "url", "name")  # what names a JSONL page in the report, first found wins


class ReportInputError(BoilerstripError, ValueError):
    """An input of ``boilerstrip report`` cannot be read as pages."""


class Source(NamedTuple):
    name: str
    content: str | bytes
    input_format: str  # "text", "html" or "auto": what the file name or JSONL field says
    site: str = ""  # JSONL: the record's site, for a profile's per-site evidence


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="write one self-contained HTML page showing every block's label and why",
        description=__doc__.split("\n\n")[1])
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="text, HTML or JSONL files (.gz allowed)")
    parser.add_argument("-o", "--output", required=True, help="the HTML file to write")
    parser.add_argument("--field", help="JSONL field holding the page (default: 'text', else 'html')")
    parser.add_argument("--input-format", choices=("auto", "text", "html"),
                        help="override what file names and JSONL fields say about the input")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--title", default="boilerstrip report", help="the report's heading")
    parser.add_argument("--workers", type=int, default=available_cpus(),
                        help="processes to annotate on (default: one per CPU; the report is the same)")
    parser.add_argument("--profile", help="a corpus profile from 'boilerstrip profile', as 'clean --profile' uses")
    parser.add_argument("--site-field", help="JSONL: the field naming a record's site (default: url's host, "
                                             "else domain, else site)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit status 0; 1 when some pages could not be annotated (they are listed in the report);
    2 when an input or the profile cannot be read (no report is written)."""
    for flag, value, least in (("--workers", args.workers, 1), ("--limit", args.limit, 0)):
        if value is not None and value < least:
            print(f"boilerstrip report: {flag} must be at least {least}, not {value}", file=sys.stderr)
            return 2
    sources = _limited(iter_sources(args.inputs, args.field, args.site_field), args.limit)
    if args.input_format:
        sources = (source._replace(input_format=args.input_format) for source in sources)
    views, failed = [], []
    try:
        for result in page_views(sources, ReportJob(_load_profile(args.profile)), args.workers):
            (failed if isinstance(result, Failure) else views).append(result)
    except BoilerstripError as exc:
        print(f"boilerstrip report: {exc}", file=sys.stderr)
        return 2
    Path(args.output).write_text(report_html(views, title=args.title, failed=failed), encoding="utf-8")
    for failure in failed:
        print(f"boilerstrip report: {failure.name}: {failure.error}", file=sys.stderr)
    print(f"boilerstrip report: {len(views)} page(s) -> {args.output}", file=sys.stderr)
    return 1 if failed else 0


def _load_profile(path: str | None):
    if not path:
        return None
    from .profile import Profile

    return Profile.load(path)


class Failure(NamedTuple):
    """A page `annotate` refused (binary, too large...), shown in the report instead of its blocks."""

    name: str
    error: str


@dataclasses.dataclass(frozen=True)
class ReportJob:
    """Annotate one page and keep what the report shows of it (picklable: sent once to each worker)."""

    profile: Any = None  # boilerstrip.profile.Profile, or None

    def __call__(self, source: Source) -> PageView | Failure:
        from . import annotate

        config = Config(input_format=source.input_format)
        try:
            return page_view(source.name, annotate(source.content, config, profile=self.profile, site=source.site))
        except BoilerstripError as exc:
            return Failure(source.name, f"{type(exc).__name__}: {exc}")


def page_views(sources: Iterator[Source], job: ReportJob, workers: int = 1) -> Iterator[PageView | Failure]:
    """Each page annotated and rendered, in input order, on ``workers`` processes when there is
    enough work to be worth starting them."""
    first = list(itertools.islice(sources, CHUNK + 1))
    workers = workers if len(first) > CHUNK else 1  # one chunk of pages: one process is enough
    lost = (lambda source: Failure(source.name, "the worker process annotating it died"))
    yield from ordered_map(job, itertools.chain(first, sources), workers, on_lost=lost)


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _limited(sources: Iterator[Source], limit: int | None) -> Iterator[Source]:
    return itertools.islice(sources, limit) if limit is not None else sources


def iter_sources(paths: list[str], field: str | None = None, site_field: str | None = None) -> Iterator[Source]:
    """The pages of every input, in order."""
    for path in map(Path, paths):
        if not path.is_file():
            raise ReportInputError(f"{path}: no such file; give text, HTML or JSONL files")
        suffix = _suffix(path)
        if suffix in _JSONL_SUFFIXES:
            yield from _jsonl_sources(path, field, site_field)
        else:
            with _open(path, "rb") as fh:
                yield Source(str(path), fh.read(), _FORMAT_BY_SUFFIX.get(suffix, "auto"))


def _suffix(path: Path) -> str:
    """The suffix that says what the file holds, under a ``.gz``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _open(path: Path, mode: str) -> IO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, mode, **({"encoding": "utf-8"} if "t" in mode else {}))
    return open(path, mode, **({"encoding": "utf-8"} if "t" in mode else {}))


def _jsonl_sources(path: Path, field: str | None, site_field: str | None) -> Iterator[Source]:
    with _open(path, "rt") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                record = _parse_line(path, lineno, line)
                yield _record_source(path, lineno, record, field)._replace(site=site_of(record, site_field))


def _parse_line(path: Path, lineno: int, line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReportInputError(f"{path}:{lineno}: not JSON ({exc.msg}); a corpus holds one JSON object a line") from None
    if not isinstance(record, dict):
        raise ReportInputError(f"{path}:{lineno}: a JSON {type(record).__name__}, not an object with a page field")
    return record


def _record_source(path: Path, lineno: int, record: dict, field: str | None) -> Source:
    chosen = field or next((f for f in ("text", "html") if isinstance(record.get(f), str)), None)
    content = record.get(chosen) if chosen else None
    if not isinstance(content, str):
        wanted = f"field {field!r}" if field else "field 'text' or 'html'"
        raise ReportInputError(f"{path}:{lineno}: no page in {wanted} (the record has: {', '.join(record) or 'nothing'}); "
                               "name the field that holds the page with --field")
    name = next((str(record[f]) for f in _NAME_FIELDS if record.get(f) not in (None, "")), f"{path.name}:{lineno}")
    return Source(name, content, {"text": "text", "html": "html"}.get(chosen, "auto"))
