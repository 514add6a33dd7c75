"""``boilerstrip clean FILE|DIR... | -``: print (or write) the clean text of each page.

Inputs are files (text, HTML; ``.gz`` allowed), directories (their files, recursively,
in name order) or ``-`` for standard input. JSONL inputs (``.jsonl``, ``.jsonl.gz``,
or any input with ``--jsonl``) are corpora: every record comes out, in order, with its
other fields untouched, the clean text in ``--output-field`` and a failed record
carrying an ``error`` field instead of disappearing.

``--workers N`` cleans on N processes; the output is the same, byte for byte, as with
one. ``--profile FILE`` (from ``boilerstrip profile``) adds corpus evidence. Outputs are
written atomically (a temporary file, then a rename), gzip-compressed when the name
ends in ``.gz``; with ``--output-dir`` the output tree mirrors the input tree, and an
input is never overwritten. A progress line shows on a terminal, and a batch ends
with a summary on standard error.
"""
from __future__ import annotations

import argparse
import gzip
import io
import os
import sys
import tempfile
import time
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from .batch import CleanJob, Outcome, Progress, Summary, clean_lines, ordered_map
from .config import INPUT_FORMATS, SEGMENTS, Config
from .errors import BoilerstripError, ConfigError

FORMATS = ("text", "json", "labels", "markdown")
_JSONL = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_OUT_SUFFIX = {"text": ".txt", "json": ".json", "labels": ".labels.txt", "markdown": ".md"}
_IN_SUFFIXES = (".gz", ".jsonl", ".ndjson", ".html", ".htm", ".txt")


def register(subparsers) -> None:
    p = subparsers.add_parser("clean", help="print the clean main text of each page",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", metavar="FILE", help="page files, directories, JSONL corpora, or - for stdin")
    p.add_argument("-o", "--output", help="write everything to this file (default: stdout; .gz compresses)")
    p.add_argument("--output-dir", help="write one output per input into this directory, mirroring input directories")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text: the clean text; json: the document with its blocks; "
                        "labels: one line per block with label, confidence and reason; markdown")
    p.add_argument("--keep", default="body", help="labels to keep, e.g. 'title,body' (default: body)")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto")
    p.add_argument("--segment", choices=SEGMENTS, default="auto",
                   help="text input: a block a line, a paragraph (hard-wrapped text), or a line with the lines "
                        "continuing its sentence (text printed a text node a line); auto chooses (default)")
    p.add_argument("--jsonl", action="store_true", help="read every input (and stdin) as JSONL records")
    p.add_argument("--field", default=None, help="JSONL: the field holding the page (default: text, else html)")
    p.add_argument("--output-field", default="clean", help="JSONL: the field the result goes in (default: clean)")
    p.add_argument("--workers", type=int, default=1, help="processes to clean on (default 1; output is identical)")
    p.add_argument("--profile", help="a corpus profile from 'boilerstrip profile': recurring blocks and copies as evidence")
    p.add_argument("--site-field", default=None,
                   help="JSONL: the field naming a record's site (default: url's host, else domain, else site)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour labels in --format labels (auto: when stdout is a terminal)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        job = _job(args)
    except (ConfigError, BoilerstripError) as exc:
        print(f"boilerstrip clean: {exc}", file=sys.stderr)
        return 2
    problem = _usage_problem(args)
    if problem:
        print(f"boilerstrip clean: {problem}", file=sys.stderr)
        return 2
    units = list(_expand(args.inputs))
    summary, started = Summary(), time.monotonic()
    progress = Progress(None if not args.quiet else io.StringIO(), _total_bytes(units))
    with _sink(args.output) as shared_out:
        failed = _run_units(units, args, job, shared_out, summary, progress)
    progress.close()
    if _is_batch(args, units) and not args.quiet:
        for line in summary.lines(time.monotonic() - started):
            print(f"boilerstrip clean: {line}", file=sys.stderr)
    return 1 if failed or summary.failed else 0


def _job(args) -> CleanJob:
    config = Config(keep=args.keep, input_format=args.input_format, segment=args.segment)
    profile = None
    if args.profile:
        from .profile import Profile

        profile = Profile.load(args.profile)
    return CleanJob(config, args.format, args.field, args.output_field, profile, args.site_field)


def _usage_problem(args) -> str | None:
    if args.output and args.output_dir:
        return "give -o/--output or --output-dir, not both"
    if args.output and _same_file(args.output, args.inputs):
        return f"refusing to overwrite input {args.output}"
    if args.workers < 1:
        return f"--workers must be at least 1, not {args.workers}"
    return None


def _expand(inputs: list[str]) -> Iterator[tuple[str, Path | None]]:
    """(file name, path relative to its input directory or None), directories walked."""
    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = child.relative_to(path)
                if not any(part.startswith(".") for part in rel.parts):
                    yield str(child), rel
        else:
            yield name, None


def _is_batch(args, units) -> bool:
    return len(units) > 1 or any(_is_jsonl(name, args) for name, _ in units)


def _total_bytes(units) -> int:
    return sum(os.path.getsize(name) for name, _ in units if name != "-" and os.path.isfile(name))


def _run_units(units, args, job: CleanJob, shared_out, summary: Summary, progress: Progress) -> int:
    """Clean every input in order: JSONL corpora record by record, runs of page files
    file by file (both on ``--workers`` processes). Returns how many inputs failed."""
    failed, done, i = 0, 0, 0
    while i < len(units):
        name, rel = units[i]
        if _is_jsonl(name, args):
            failed += _jsonl_unit(name, rel, args, job, shared_out, summary, progress, done)
            done += _size(name)
            i += 1
            continue
        run = [units[i]]
        while i + len(run) < len(units) and not _is_jsonl(units[i + len(run)][0], args):
            run.append(units[i + len(run)])
        failed += _page_units(run, args, job, shared_out, summary, progress, done)
        done += sum(_size(n) for n, _ in run)
        i += len(run)
    return failed


def _page_units(run, args, job, shared_out, summary, progress, done: int) -> int:
    reader = _PageReader(job, args.format == "labels" and _color(args))
    if args.workers > 1 and len(run) > 1:
        job.warm()
    for (name, rel), outcome in zip(run, ordered_map(reader, [n for n, _ in run], min(args.workers, len(run)), chunk=1)):
        summary.add(outcome)
        done += _size(name)
        progress.update(summary.pages, done)
        if outcome.error is not None:
            print(f"boilerstrip clean: {name}: {outcome.error}", file=sys.stderr)
            continue
        try:
            with _output_for(name, rel, args, shared_out) as out:
                out.write(outcome.text)
                if outcome.text and not outcome.text.endswith("\n"):
                    out.write("\n")
        except OSError as exc:
            print(f"boilerstrip clean: {name}: {exc}", file=sys.stderr)
            summary.failed += 1
    return 0


class _PageReader:
    """Read and clean one page file (picklable, so it runs in worker processes)."""

    def __init__(self, job: CleanJob, color: bool):
        self.job, self.color = job, color

    def __call__(self, name: str) -> Outcome:
        try:
            data = _read(name, self.job.config.max_input_chars)  # bytes over the limit are refused anyway
        except (OSError, EOFError, zlib.error) as exc:  # unreadable, or a truncated or corrupt .gz
            return Outcome("", error=str(exc) or type(exc).__name__)
        if self.color:
            return _colored(self.job, data)
        return self.job.page(data)


def _colored(job: CleanJob, data: bytes) -> Outcome:
    from . import annotate
    from .display import format_labels

    try:
        return Outcome(format_labels(annotate(data, job.config, profile=job.profile), color=True))
    except Exception as exc:  # noqa: BLE001 - reported like any failed page
        return Outcome("", error=f"{type(exc).__name__}: {exc}")


def _color(args) -> bool:
    return args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and not args.output)


def _jsonl_unit(name, rel, args, job, shared_out, summary, progress, done: int) -> int:
    try:
        with _output_for(name, rel, args, shared_out, jsonl=True) as out, _LineSource(name) as source:
            for number, outcome in enumerate(clean_lines(job, source, args.workers), 1):
                summary.add(outcome)
                progress.update(summary.pages, done + source.position())
                if outcome.error is not None:
                    print(f"boilerstrip clean: {name}: record {number}: {outcome.error}", file=sys.stderr)
                out.write(outcome.text)
        return 0
    except (OSError, UnicodeDecodeError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        print(f"boilerstrip clean: {name}: {exc}", file=sys.stderr)
        return 1


class _LineSource:
    """The lines of a (possibly gzipped) file or stdin, with the raw bytes read so far."""

    def __init__(self, name: str):
        self.name = name
        self.raw = None

    def __enter__(self) -> "_LineSource":
        if self.name == "-":
            self.lines = sys.stdin
            return self
        self.raw = open(self.name, "rb")
        stream = gzip.GzipFile(fileobj=self.raw) if self.name.endswith(".gz") else self.raw
        self.lines = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
        return self

    def __iter__(self):
        return iter(self.lines)

    def position(self) -> int:
        return self.raw.tell() if self.raw is not None else 0

    def __exit__(self, *exc) -> None:
        if self.raw is not None:
            self.raw.close()


def _is_jsonl(name: str, args) -> bool:
    if args.jsonl or (name == "-" and args.field):
        return True
    return name != "-" and name.lower().endswith(_JSONL)


def _size(name: str) -> int:
    try:
        return os.path.getsize(name) if name != "-" else 0
    except OSError:
        return 0


def _read(name: str, limit: int | None = None) -> bytes:
    """The input's bytes (gunzipped), at most ``limit + 1`` of them: an input over the size
    limit is refused without being read whole (a gzip bomb, /dev/zero, a stray disk image)."""
    size = -1 if limit is None else limit + 1
    if name == "-":
        return sys.stdin.buffer.read(size)
    path = Path(name)
    if path.is_dir():
        raise OSError("is a directory (give the files inside it)")
    with (gzip.open(path, "rb") if name.endswith(".gz") else open(path, "rb")) as fh:
        return fh.read(size)


def _same_file(output: str, inputs: list[str]) -> bool:
    out = Path(output).resolve()
    return any(name != "-" and Path(name).resolve() == out for name in inputs)


@contextmanager
def _sink(output: str | None):
    """The shared output: stdout, or one file written atomically."""
    if output is None:
        yield sys.stdout
        return
    with atomic_write(Path(output)) as fh:
        yield fh


@contextmanager
def _output_for(name: str, rel: Path | None, args, shared_out: IO[str] | None, jsonl: bool = False):
    if not args.output_dir:
        yield shared_out
        return
    target = _target(name, rel, args, jsonl)
    if name != "-" and target.resolve() == Path(name).resolve():
        raise OSError(f"output {target} would overwrite the input")
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target) as fh:
        yield fh


def _target(name: str, rel: Path | None, args, jsonl: bool) -> Path:
    """Where an input's output goes: its place in the input tree, its format's suffix
    (JSONL stays JSONL, gzipped when the input was)."""
    base = Path("stdin" if name == "-" else Path(name).name)
    stem = base.name
    for suffix in _IN_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    suffix = (".jsonl" + (".gz" if name.endswith(".gz") else "")) if jsonl else _OUT_SUFFIX[args.format]
    folder = Path(args.output_dir) / (rel.parent if rel is not None else "")
    return folder / (stem + suffix)


@contextmanager
def atomic_write(path: Path):
    """Write to a temporary file beside ``path``, then rename: never a half-written file.
    A name ending in ``.gz`` is gzip-compressed (with a zero time stamp: same input,
    same bytes)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=str(path.parent or "."))
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would make every output private
        with os.fdopen(fd, "wb") as raw:
            if path.name.endswith(".gz"):
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz, \
                        io.TextIOWrapper(gz, encoding="utf-8", newline="") as fh:
                    yield fh
            else:
                with io.TextIOWrapper(raw, encoding="utf-8", newline="") as fh:
                    yield fh
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
