"""``python -m bench.ab``: the working tree's ``clean()`` against another revision's, in one process.

    python -m bench.ab --base HEAD --mode html --limit 200
    python -m bench.ab --base 9d5da42 --mode text --repeat 5

Speed figures from two processes run one after the other swing by 10-15% on a shared
machine (the same code measured from 7.1 to 10.1 ms a page for one stage); a change worth
a few percent disappears in that. Here both packages are loaded into one interpreter (the
base revision taken from git with ``git archive``), and every page is cleaned by both, in
alternating order, so that drift and cache state fall on both sides alike. Prints the CPU
time a page of each, their ratio, and how many pages' outputs differ (a change meant for
speed alone should show 0).

Pages: a seeded sample of a shared set (wcxb-dev by default); text mode renders each page's
HTML with html-text first, outside the timing.
"""
from __future__ import annotations

import argparse
import importlib
import io
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Sequence

from .data import DATA, load_pages, render_text

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "boilerstrip"


def export_package(revision: str, into: Path, repo: Path = REPO) -> Path:
    """The package as it is at ``revision``, written under ``into``; returns ``into``.

    Raises ``RuntimeError`` (with git's message) when ``repo`` is no git checkout or does
    not know the revision."""
    try:
        archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", revision, PACKAGE],
                                 check=True, capture_output=True).stdout
    except FileNotFoundError:
        raise RuntimeError("bench.ab needs git to take the base revision's package") from None
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"git archive {revision} {PACKAGE}: {exc.stderr.decode(errors='replace').strip()}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


class Copy:
    """One copy of the package, imported beside any other: its modules, put back into
    ``sys.modules`` (`activate`) before its code runs, so that the imports its functions do
    when called (``from .features import column``) find this copy's modules, not the copy
    imported last."""

    def __init__(self, root: Path):
        for name in self._names():
            del sys.modules[name]
        sys.path.insert(0, str(root))
        try:
            self.package = importlib.import_module(PACKAGE)
        finally:
            sys.path.remove(str(root))
        if Path(self.package.__file__).resolve().parent != (root / PACKAGE).resolve():
            raise RuntimeError(f"imported {self.package.__file__}, not the copy under {root}")
        self.modules = {name: sys.modules[name] for name in self._names()}

    @staticmethod
    def _names() -> list[str]:
        return [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]

    def activate(self) -> None:
        sys.modules.update(self.modules)


def compare(base: Copy, new: Copy, sources: Sequence[str | bytes], mode: str, repeat: int = 3) -> dict:
    """CPU seconds a page of the two copies' ``clean`` over ``sources``, each page cleaned by
    both ``repeat`` times, the order of the two alternating from page to page and from round
    to round; and the pages whose outputs differ."""
    copies = {"base": base, "new": new}
    configs = {name: copy.package.Config(input_format=mode) for name, copy in copies.items()}
    for source in sources[:5]:  # warm both: imports, stoplists, models
        for name, copy in copies.items():
            copy.activate()
            copy.package.clean(source, configs[name])
    spent = {"base": 0.0, "new": 0.0}
    differ = set()
    for round_ in range(repeat):
        for i, source in enumerate(sources):
            order = ("base", "new") if (i + round_) % 2 == 0 else ("new", "base")
            out = {}
            for name in order:
                copies[name].activate()
                clean, config = copies[name].package.clean, configs[name]
                start = time.process_time()
                try:
                    out[name] = clean(source, config)
                except Exception as exc:  # (a documented error is an output too: both copies should raise it)
                    out[name] = f"{type(exc).__name__}: {exc}"
                spent[name] += time.process_time() - start
            if out["base"] != out["new"]:
                differ.add(i)
    runs = repeat * max(len(sources), 1)
    return {"pages": len(sources), "repeat": repeat, "base_ms": spent["base"] / runs * 1000,
            "new_ms": spent["new"] / runs * 1000,
            "ratio": spent["new"] / spent["base"] if spent["base"] else float("nan"),
            "outputs_differ": sorted(differ)}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ab", description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default="HEAD", help="the git revision to compare against (default HEAD)")
    ap.add_argument("--mode", choices=("html", "text"), default="html")
    ap.add_argument("--data", default=str(DATA / "wcxb-dev.jsonl.gz"), help="a JSONL set of pages with html")
    ap.add_argument("--limit", type=int, default=200, help="pages in the seeded sample (default 200)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="rounds over the pages (default 3)")
    args = ap.parse_args(argv)
    if not Path(args.data).exists():
        ap.error(f"no such set: {args.data} (the shared data sits beside the checkout, or set BOILERSTRIP_SHARED)")
    pages = load_pages(args.data, limit=args.limit, seed=args.seed)
    sources = [page["html"] if args.mode == "html" else render_text(page["html"]) for page in pages]
    with tempfile.TemporaryDirectory() as tmp:
        try:
            base = Copy(export_package(args.base, Path(tmp)))
        except RuntimeError as exc:
            print(f"bench.ab: {exc}", file=sys.stderr)
            return 2
        new = Copy(REPO)
        result = compare(base, new, sources, args.mode, args.repeat)
    print(f"{args.mode}, {result['pages']} pages x {result['repeat']} rounds, CPU time a page: "
          f"{args.base} {result['base_ms']:.2f} ms, working tree {result['new_ms']:.2f} ms, "
          f"ratio {result['ratio']:.3f}; outputs differ on {len(result['outputs_differ'])} pages"
          + (f" (first: {result['outputs_differ'][:10]})" if result["outputs_differ"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
