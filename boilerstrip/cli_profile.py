"""``boilerstrip profile CORPUS... -o FILE``: learn a corpus profile in one pass.

Counts, per site, on how many pages each normalised block occurs, and the shingles of
prose blocks over the whole corpus (see `boilerstrip.profile`). Inputs are JSONL
corpora (``.gz`` allowed; directories are walked; ``-`` reads JSONL from stdin) or page
files. ``--merge A B ... -o C`` adds shard profiles up instead: learning shards on
separate machines and merging gives exactly the profile of the whole corpus.
``boilerstrip clean --profile FILE`` then uses it.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .batch import Progress, ordered_map
from .config import Config
from .errors import BoilerstripError

if TYPE_CHECKING:
    from .profile import Profile


def register(subparsers) -> None:
    p = subparsers.add_parser("profile", help="count recurring blocks per site (and story copies) over a corpus",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", metavar="FILE",
                   help="JSONL corpora, directories, page files or - (or, with --merge, profiles)")
    p.add_argument("-o", "--output", required=True, help="the profile file to write (.gz compresses)")
    p.add_argument("--merge", action="store_true", help="the inputs are profiles: add them up")
    p.add_argument("--field", default=None, help="JSONL: the field holding the page (default: text, else html)")
    p.add_argument("--site-field", default=None,
                   help="JSONL: the field naming the site (default: url's host, else domain, else site)")
    p.add_argument("--input-format", choices=("auto", "text", "html"), default="auto")
    p.add_argument("--workers", type=int, default=1, help="processes to count on (default 1; same profile)")
    p.add_argument("--prune", type=int, default=1, metavar="N",
                   help="drop entries seen on fewer than N pages (smaller file; a pruned profile no longer merges exactly)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .profile import Profile

    if args.workers < 1 or args.prune < 1:
        print("boilerstrip profile: --workers and --prune must be at least 1", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        if args.merge:
            profile = Profile.merge(*(Profile.load(name) for name in args.inputs))
            failed = 0
        else:
            profile, failed = _learn(args)
        profile.save(args.output, min_count=args.prune)
    except (BoilerstripError, OSError) as exc:
        print(f"boilerstrip profile: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"boilerstrip profile: {profile.total_pages:,} pages of {len(profile.pages):,} sites, "
              f"{failed:,} failed, {time.monotonic() - started:.1f} s -> {args.output}", file=sys.stderr)
    return 1 if failed else 0


def _learn(args) -> tuple["Profile", int]:
    from .profile import Profile

    counter = _Counter(Config(input_format=args.input_format), args.field, args.site_field)
    progress = Progress(None if not args.quiet else _Null())
    results, failed = [], 0
    for n, (error, counts) in enumerate(ordered_map(counter, _items(args.inputs), args.workers), 1):
        progress.update(n)
        if error:
            failed += 1
            print(f"boilerstrip profile: {error}", file=sys.stderr)
        else:
            results.append(counts)
    progress.close()
    return Profile.from_counts(results), failed


def _items(inputs: list[str]):
    """("jsonl", name, line) per record and ("page", name, None) per page file."""
    from .cli_clean import _LineSource, _expand

    for name, _ in _expand(inputs):
        if name == "-" or name.lower().endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            with _LineSource(name) as source:
                for number, line in enumerate(source, 1):
                    if line.strip():
                        yield ("jsonl", f"{name}:{number}", line)
        else:
            yield ("page", name, None)


class _Counter:
    """One page's counts (picklable: it runs in worker processes)."""

    def __init__(self, config: Config, field: str | None, site_field: str | None):
        self.config, self.field, self.site_field = config, field, site_field

    def __call__(self, item):
        import json

        from .batch import page_of
        from .profile import PageCounts, site_of

        kind, where, line = item
        try:
            if kind == "page":
                return None, PageCounts.of("", _read_page(where), self.config)
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError(f"a JSONL record must be an object, not {type(record).__name__}")
            page, fmt = page_of(record, self.field)
            config = self.config.replace(input_format=fmt) if self.config.input_format == "auto" else self.config
            return None, PageCounts.of(site_of(record, self.site_field), page, config)
        except Exception as exc:  # noqa: BLE001 - a bad record is reported, the pass goes on
            return f"{where}: {type(exc).__name__}: {exc}", None


def _read_page(name: str) -> bytes:
    import gzip

    data = Path(name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


class _Null:
    def write(self, _):
        pass

    def flush(self):
        pass

    def isatty(self):
        return False
