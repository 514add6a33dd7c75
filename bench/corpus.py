"""Corpus bench: batch throughput by workers, profile precision/recall, the seed pair.

    python -m bench.corpus            # all three, about a minute on 2 cores
    python -m bench.corpus --pages 400 --workers 1 2

1. **workers**: ``boilerstrip clean CORPUS.jsonl --workers N`` as a subprocess on a
   corpus of ``--pages`` records (fixtures/corpus pages repeated), pages/s for each N,
   the speed-up over one worker, and whether the outputs are byte-identical; then how
   evenly the workers share the work, in CPU seconds per process (a figure that other
   load on the machine does not distort, unlike wall time).
2. **profile**: body precision and recall (over blocks, against the gold labels of
   fixtures/corpus) without and with a profile learned on the same corpus.
3. **seeds**: the two seed pages (../shared/seeds, skipped when absent) cleaned as one
   corpus with its profile: exact body or not, and the evidence on 001's last line.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fixtures" / "corpus"))

from generate import generate  # noqa: E402

from bench.data import SEEDS  # noqa: E402


def body_scores(pages: list[dict], profile=None) -> dict:
    """Block-level body precision and recall against the pages' gold labels."""
    import boilerstrip
    from boilerstrip.profile import site_of

    tp = fp = fn = 0
    for page in pages:
        doc = boilerstrip.annotate(page["text"], profile=profile, site=site_of(page))
        for block, gold in zip(doc.blocks, page["labels"]):
            pred = block.label.value == "body"
            tp += pred and gold == "body"
            fp += pred and gold != "body"
            fn += (not pred) and gold == "body"
    return {"precision": tp / max(tp + fp, 1), "recall": tp / max(tp + fn, 1), "false_body": fp, "missed_body": fn}


def bench_profile() -> dict:
    from boilerstrip.profile import Profile, site_of

    pages = generate()
    profile = Profile.learn((site_of(p), p["text"]) for p in pages)
    without, with_ = body_scores(pages), body_scores(pages, profile)
    print(f"profile  {len(pages)} pages of {len(profile.pages)} sites (fixtures/corpus)")
    for name, s in (("no profile", without), ("profile", with_)):
        print(f"  {name:<11} body precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
              f"(false body blocks {s['false_body']}, missed body blocks {s['missed_body']})")
    return {"without": without, "with": with_}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_workers(n_pages: int, workers: list[int]) -> dict:
    pages = generate()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for i in range(n_pages):
                page = pages[i % len(pages)]
                fh.write(json.dumps({"id": i, "url": page["url"], "text": page["text"]}) + "\n")
        results, outputs = {}, {}
        print(f"workers  load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
              "(other work on the machine slows every figure below)")
        for n in workers:
            out = Path(tmp) / f"out-{n}.jsonl"
            cpu0, started = _children_cpu(), time.perf_counter()
            subprocess.run([sys.executable, "-m", "boilerstrip", "clean", str(src), "-o", str(out),
                            "--workers", str(n), "-q"], check=True, cwd=ROOT)
            seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu0
            results[n] = n_pages / seconds
            outputs[n] = out.read_bytes()
            print(f"workers  {n}: {n_pages} pages in {seconds:.1f} s = {results[n]:.1f} pages/s"
                  f"  (x{results[n] / results[workers[0]]:.2f}; {cpu:.1f} CPU s)")
        identical = len(set(outputs.values())) == 1
        print(f"workers  outputs byte-identical: {identical}")
    return {"pages_per_s": results, "identical": identical}


class _Timed:
    """A `CleanJob.record` that also says which process ran it and for how many CPU seconds."""

    def __init__(self, job):
        self.job = job

    def __call__(self, line: str):
        start = time.process_time()
        outcome = self.job.record(line)
        return os.getpid(), time.process_time() - start, outcome.text


def bench_split(n_pages: int, workers: int = 2) -> dict:
    """How evenly ``workers`` processes share the work (CPU seconds per process), and the
    parent's own CPU: on an idle machine, wall time ≈ the busiest worker's CPU seconds."""
    from boilerstrip.batch import CleanJob, ordered_map

    pages = generate()
    lines = [json.dumps({"id": i, "url": pages[i % len(pages)]["url"], "text": pages[i % len(pages)]["text"]})
             for i in range(n_pages)]
    job = CleanJob()
    job.warm()
    parent0 = time.process_time()
    per_pid: dict[int, float] = {}
    for pid, cpu, _ in ordered_map(_Timed(job), lines, workers):
        per_pid[pid] = per_pid.get(pid, 0.0) + cpu
    parent = time.process_time() - parent0
    busy = sorted(per_pid.values(), reverse=True)
    total = sum(busy)
    print(f"split    {n_pages} pages on {workers} workers: CPU s per worker "
          + ", ".join(f"{c:.1f}" for c in busy) + f" (parent {parent:.1f}); "
          f"the busiest does {busy[0] / total:.0%} of the work: ideal speed-up x{total / busy[0]:.2f}")
    return {"per_worker": busy, "parent": parent}


def bench_seeds() -> dict | None:
    if not SEEDS.is_dir():
        print("seeds    skipped: ../shared/seeds is absent")
        return None
    import boilerstrip
    from boilerstrip.profile import Profile

    stems = sorted(p.name[: -len(".gold.json")] for p in SEEDS.glob("*.gold.json"))
    texts = [(SEEDS / f"{s}.txt").read_text(encoding="utf-8") for s in stems]
    profile = Profile.learn(texts)
    exact = {}
    for stem, text in zip(stems, texts):
        body = (SEEDS / f"{stem}.body.txt").read_text(encoding="utf-8")
        exact[stem] = boilerstrip.clean(text, profile=profile).strip() == body.strip()
        print(f"seeds    {stem}: exact body {exact[stem]}")
    last = boilerstrip.annotate(texts[-1], profile=profile).blocks[-1]
    print(f"seeds    last line of {stems[-1]}: {last.label.value}; {last.reason}")
    return {"exact": exact, "last": {"label": last.label.value, "evidence": list(last.evidence)}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=400, help="records in the throughput corpus (default 400)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip-workers", action="store_true")
    args = parser.parse_args(argv)
    bench_profile()
    bench_seeds()
    if not args.skip_workers:
        bench_workers(args.pages, args.workers)
        bench_split(args.pages, max(args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
