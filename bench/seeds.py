"""Train a model with several seeds and show how far its figures move with the seed alone.

    python -m bench.seeds --seeds 0,1,2                           # bench.train, its defaults
    python -m bench.seeds --seeds 0,1,2 -- --learning-rate 0.2    # bench.train's own options after --
    python -m bench.seeds --script train_html --seeds 0,1
    python -m bench.seeds --seeds 0,1 -- --pipeline-f1            # and the whole pipeline on tune

The seed fixes the cropped training variants and the trees' binning sample, and that alone moves
the text model's tune figure by 0.003 (0.8059-0.8086 over seeds 0-2 at e9ac11d) and its word F1
on dragnet-train by 0.009: a setting or feature change measured on one seed is measured against
that spread. Each seed's model is written to a temporary directory, never into the package; the
table gives each seed's figures from the model's meta (decoder costs tuned on the tune split,
decoder-only word F1 on the tune and held-out test splits) and their mean and range. With
``--limit`` the seed also draws the pages, so the spread then includes the sample's.
"""
from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Callable, Sequence

FIGURES = ("tune_f1", "test_f1_body_decoder_only")
# Shown too when every seed's meta has it (`python -m bench.train --pipeline-f1`): the whole
# pipeline on the tune split, the figure a change that means retraining is judged by.
OPTIONAL = ("tune_f1_pipeline",)
Trainer = Callable[[list[str]], int]  # a training script's main(argv)


def run(trainer: Trainer, seeds: Sequence[int], extra: Sequence[str] = ()) -> list[dict]:
    """Each seed's model meta, trained by ``trainer`` with ``extra`` arguments."""
    if any(arg == "--seed" or arg.startswith("--seed=") or arg == "--out" or arg.startswith("--out=")
           for arg in extra):
        raise ValueError("bench.seeds sets --seed and --out itself; leave them out of the training arguments")
    metas = []
    with tempfile.TemporaryDirectory(prefix="boilerstrip-seeds-") as tmp:
        for seed in seeds:
            out = Path(tmp) / f"model-seed{seed}.json"
            status = trainer([*extra, "--seed", str(seed), "--out", str(out)])
            if status:
                raise RuntimeError(f"training with --seed {seed} exited with status {status}")
            metas.append(dict(json.loads(out.read_text(encoding="utf-8"))["meta"], seed=seed))
    return metas


def table(metas: Sequence[dict]) -> str:
    """One row per seed, then the mean and the range (max - min) of each figure."""
    figures = FIGURES + tuple(f for f in OPTIONAL if metas and all(f in meta for meta in metas))
    lines = ["| seed | " + " | ".join(figures) + " | costs |", "|---:|" + "---:|" * len(figures) + "---|"]
    for meta in metas:
        costs = ", ".join(f"{k} {v:g}" for k, v in meta.get("costs", {}).items())
        lines.append(f"| {meta['seed']} | " + " | ".join(f"{meta[f]:.4f}" for f in figures) + f" | {costs} |")
    values = {f: [meta[f] for meta in metas] for f in figures}
    lines.append("| mean | " + " | ".join(f"{statistics.fmean(v):.4f}" for v in values.values()) + " | |")
    lines.append("| range | " + " | ".join(f"{max(v) - min(v):.4f}" for v in values.values()) + " | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    own = argv[:argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(prog="python -m bench.seeds", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="0,1,2", help="comma-separated seeds (default 0,1,2)")
    ap.add_argument("--script", choices=("train", "train_html"), default="train",
                    help="the training script: bench.train (text model) or bench.train_html")
    args = ap.parse_args(own)
    try:
        seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--seeds takes comma-separated integers, not {args.seeds!r}")
    if len(seeds) < 2:
        ap.error("--seeds needs at least two seeds to show a spread")
    trainer = importlib.import_module(f"bench.{args.script}").main
    try:
        metas = run(trainer, seeds, extra)
    except ValueError as exc:
        ap.error(str(exc))
    print(" ".join(["python -m", f"bench.{args.script}", *extra]) + f" over seeds {', '.join(map(str, seeds))}")
    print(table(metas))
    return 0


if __name__ == "__main__":
    sys.exit(main())
