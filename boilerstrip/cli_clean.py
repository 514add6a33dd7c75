"""``boilerstrip clean FILE... | -``: print (or write) the clean text of each page.

Inputs are files (text, HTML; ``.gz`` allowed) or ``-`` for standard input. JSONL
inputs (``.jsonl``, ``.jsonl.gz``) are corpora: every record comes out, in order,
with its other fields untouched, the clean text in ``--output-field`` and a failed
record carrying an ``error`` field instead of disappearing.

Outputs are written atomically (a temporary file, then a rename), and an input is
never overwritten.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from . import annotate
from .assemble import assemble
from .config import Config
from .errors import BoilerstripError, ConfigError

FORMATS = ("text", "json", "labels", "markdown")
_JSONL = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_OUT_SUFFIX = {"text": ".txt", "json": ".json", "labels": ".labels.txt", "markdown": ".md"}


def register(subparsers) -> None:
    p = subparsers.add_parser("clean", help="print the clean main text of each page",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", metavar="FILE", help="page files, JSONL corpora, or - for stdin")
    p.add_argument("-o", "--output", help="write everything to this file (default: stdout)")
    p.add_argument("--output-dir", help="write one output per input into this directory")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text: the clean text; json: the document with its blocks; "
                        "labels: one line per block with label, confidence and reason; markdown")
    p.add_argument("--keep", default="body", help="labels to keep, e.g. 'title,body' (default: body)")
    p.add_argument("--input-format", choices=("auto", "text", "html"), default="auto")
    p.add_argument("--field", default=None, help="JSONL: the field holding the page (default: text, else html)")
    p.add_argument("--output-field", default="clean", help="JSONL: the field the result goes in (default: clean)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour labels in --format labels (auto: when stdout is a terminal)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        config = Config(keep=args.keep, input_format=args.input_format)
    except ConfigError as exc:
        print(f"boilerstrip clean: {exc}", file=sys.stderr)
        return 2
    if args.output and args.output_dir:
        print("boilerstrip clean: give -o/--output or --output-dir, not both", file=sys.stderr)
        return 2
    if args.output and _same_file(args.output, args.inputs):
        print(f"boilerstrip clean: refusing to overwrite input {args.output}", file=sys.stderr)
        return 2
    failed = 0
    with _sink(args.output) as shared_out:
        for name in args.inputs:
            failed += _process(name, args, config, shared_out)
    return 1 if failed else 0


def _process(name: str, args, config: Config, shared_out: IO[str] | None) -> int:
    """Clean one input; returns how many pages failed (reported on stderr)."""
    try:
        if _is_jsonl(name):
            with _output_for(name, args, shared_out, jsonl=True) as out:
                return _clean_jsonl(name, args, config, out)
        data = _read(name)
        result = render(data, args, config)
        with _output_for(name, args, shared_out) as out:
            out.write(result)
            if result and not result.endswith("\n"):
                out.write("\n")
        return 0
    except (BoilerstripError, OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"boilerstrip clean: {name}: {exc}", file=sys.stderr)
        return 1


def render(source: str | bytes, args, config: Config) -> str:
    doc = annotate(source, config)
    if args.format == "labels":
        from .display import format_labels

        color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and not args.output)
        return format_labels(doc, color=color)
    if args.format == "markdown":
        from .markdown import render_markdown

        return render_markdown(doc)
    return assemble(doc, args.format)


def _clean_jsonl(name: str, args, config: Config, out: IO[str]) -> int:
    failed = 0
    for lineno, line in enumerate(_open_lines(name), 1):
        if not line.strip():
            continue
        record, error = _parse_record(line)
        if error is None:
            try:
                page, fmt = _page_of(record, args.field)
                record[args.output_field] = render(page, args, config.replace(input_format=fmt)
                                                   if config.input_format == "auto" else config)
            except (BoilerstripError, ValueError, TypeError) as exc:
                error = str(exc)
        if error is not None:
            failed += 1
            print(f"boilerstrip clean: {name}:{lineno}: {error}", file=sys.stderr)
            record = record if isinstance(record, dict) else {"raw": line.rstrip("\n")}
            record["error"] = error
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return failed


def _parse_record(line: str) -> tuple[dict | None, str | None]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not a JSON record: {exc}"
    if not isinstance(record, dict):
        return None, f"a JSONL record must be an object, not {type(record).__name__}"
    return record, None


def _page_of(record: dict, field: str | None) -> tuple[str, str]:
    """The page in a record, and its format by field name (``html`` → html)."""
    for key in ([field] if field else ["text", "html"]):
        value = record.get(key)
        if isinstance(value, str):
            return value, "html" if key == "html" else "auto"
    wanted = field or "'text' or 'html'"
    raise ValueError(f"record has no string field {wanted}; choose one with --field")


def _is_jsonl(name: str) -> bool:
    return name != "-" and name.lower().endswith(_JSONL)


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    if path.is_dir():
        raise OSError(f"is a directory (give the files inside it)")
    data = path.read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def _open_lines(name: str) -> Iterator[str]:
    if name == "-":
        yield from sys.stdin
        return
    opener = gzip.open if name.endswith(".gz") else open
    with opener(name, "rt", encoding="utf-8", errors="replace") as fh:
        yield from fh


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
def _output_for(name: str, args, shared_out: IO[str] | None, jsonl: bool = False):
    if not args.output_dir:
        yield shared_out
        return
    base = Path("stdin" if name == "-" else Path(name).name)
    stem = base.name
    for suffix in (".gz", ".jsonl", ".ndjson", ".html", ".htm", ".txt"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    target = Path(args.output_dir) / (stem + (".jsonl" if jsonl else _OUT_SUFFIX[args.format]))
    if name != "-" and target.resolve() == Path(name).resolve():
        raise OSError(f"output {target} would overwrite the input")
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target) as fh:
        yield fh


@contextmanager
def atomic_write(path: Path):
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=str(path.parent or "."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
