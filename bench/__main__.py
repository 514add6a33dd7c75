"""``python -m bench``: boilerstrip and its peers on the same pages, side by side.

    pip install -e ".[bench]"
    nice python -m bench                                   # every shared set, both modes
    nice python -m bench --sets wcxb-dev --docs docs/benchmarks.md
    python -m bench --sets my-pages.jsonl --limit 50 --systems boilerstrip,trafilatura

Writes ``bench/results/bench.json`` (every figure, per-page F1, failures) beside
``bench/results/bench.md`` (the tables); ``--docs`` also rewrites the generated section of
that markdown file.
"""
from __future__ import annotations

import argparse
import datetime
import json
import shlex
import sys
import time
from pathlib import Path

from .linearity import linearity, sample_text
from .data import RENDERERS
from .measure import MODES, load_set, measure, merge_reused, set_label
from .report import environment, markdown, update_docs
from .systems import BASELINES, PEERS, SYSTEMS

DEFAULT_SETS = ("wcxb-dev", "trafilatura-eval", "dragnet-train")
DEFAULT_RENDERERS = ("html-text", "inscriptis")  # of `data.RENDERERS`: the two the figures in the docs use


def _list(choices):
    def parse(value: str) -> list[str]:
        items = [v.strip() for v in value.split(",") if v.strip()]
        unknown = [v for v in items if choices and v not in choices]
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown {unknown}; choose from {', '.join(choices)}")
        return items
    return parse


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--sets", type=_list(None), default=list(DEFAULT_SETS),
                   help="shared set names or paths to JSONL files in the same schema (comma-separated)")
    p.add_argument("--modes", type=_list(MODES), default=list(MODES))
    p.add_argument("--renderers", type=_list(RENDERERS), default=list(DEFAULT_RENDERERS),
                   help="how text mode renders each page before the systems see it")
    p.add_argument("--systems", type=_list(tuple(SYSTEMS)), default=["boilerstrip", *PEERS, *BASELINES])
    p.add_argument("--limit", type=int, help="a seeded random sample of this many pages per set")
    p.add_argument("--page-type", help="only pages of this type (sets that have types)")
    p.add_argument("--seed", type=int, default=0, help="seed of the --limit sample and the linearity page")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per page before it counts as failed")
    p.add_argument("--out", type=Path, default=Path("bench/results"))
    p.add_argument("--docs", type=Path, help="also rewrite the generated section of this markdown file")
    p.add_argument("--no-linearity", action="store_true", help="skip the 1×/10×/100× timing of clean()")
    p.add_argument("--reuse", type=Path, help="an earlier bench.json: systems not given in --systems are "
                   "taken from it (same pages and mode only), so one system can be re-measured alone")
    p.add_argument("--quiet", action="store_true")
    return p


def _mode_list(args) -> list[tuple[str, str | None]]:
    runs = [("html", None)] if "html" in args.modes else []
    return runs + ([("text", r) for r in args.renderers] if "text" in args.modes else [])


def _previous(reused: dict | None, label: str, mode_key: str) -> dict | None:
    runs = (reused or {}).get("sets", {}).get(label, [])
    return next((r for r in runs if r["mode"] == mode_key), None)


def run(args, command: str) -> dict:
    started, clock = datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), time.time()
    reused = json.loads(args.reuse.read_text(encoding="utf-8")) if args.reuse else None
    results = {"command": command, "started": started, "environment": environment(), "sets": {},
               "args": {k: str(v) for k, v in vars(args).items()}}
    for name in args.sets:
        pages = load_set(name, limit=args.limit, seed=args.seed, page_type=args.page_type)
        runs = results["sets"][set_label(name)] = []
        for mode, renderer in _mode_list(args):
            fresh = measure(pages, mode, renderer, args.systems, timeout=args.timeout, progress=not args.quiet)
            previous = _previous(reused, set_label(name), fresh["mode"])
            runs.append(merge_reused(fresh, previous, reused["started"] if reused else ""))
            results["wall_seconds"] = time.time() - clock
            write(results, args)  # partial results survive an interrupted run
        if "boilerstrip" in args.systems and not args.no_linearity and "linearity" not in results:
            try:
                results["linearity"] = linearity(sample_text(pages, args.seed))
            except Exception as exc:  # boilerstrip missing or broken: the tables still stand
                print(f"linearity check skipped: {exc}", file=sys.stderr)
        results["wall_seconds"] = time.time() - clock
        write(results, args)
    return results


def write(results: dict, args) -> None:
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    table = markdown(results)
    (args.out / "bench.md").write_text(table, encoding="utf-8")
    if args.docs:
        update_docs(args.docs, table)


_ROOT = Path(__file__).resolve().parents[1]
_PATH_OPTIONS = ("--out", "--docs", "--reuse")


def shown(argv: list[str]) -> str:
    """The command as the docs print it: paths inside the checkout relative to it, scratch
    paths outside it as the option's metavar (no machine's directories in the docs)."""
    out, pending = [], None
    for arg in argv:
        option, eq, value = arg.partition("=")
        if pending or (eq and option in _PATH_OPTIONS):
            name, value = (pending, arg) if pending else (option, value)
            path = Path(value).resolve()
            value = str(path.relative_to(_ROOT)) if path.is_relative_to(_ROOT) else name.lstrip("-").upper()
            out.append(f"{option}={value}" if eq and not pending else value)
            pending = None
            continue
        out.append(arg)
        pending = arg if arg in _PATH_OPTIONS else None
    return "python -m bench " + shlex.join(out)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    results = run(args, shown(argv))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
