"""Train boilerstrip's block classifier on wcxb-dev, reproducibly.

    python -m bench.train                      # writes boilerstrip/data/model-text.json

Data: ``../shared/data/wcxb-dev.jsonl.gz`` (CC-BY-4.0, WCXB, Foley 2026), each page's
HTML rendered to text by html-text and by inscriptis (the two renderers the bench
uses), segmented and featured by the library itself, and labelled by `bench.align`.
Split by domain (md5 of the domain): 60% train, 20% tune (decoder costs), 20% test.
The test pages are never seen in training or tuning; the figure written into the
model's ``meta`` is measured on them.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from bench import align
from bench.data import DATA, load_pages, page_domain, render_text

RENDERERS = ("html-text", "inscriptis")
OUT = Path(__file__).resolve().parents[1] / "boilerstrip" / "data" / "model-text.json"


def split_of(page: dict) -> str:
    """train / tune / test by the md5 of the page's domain: stable across machines."""
    bucket = int(hashlib.md5(page_domain(page).encode("utf-8")).hexdigest(), 16) % 10
    return "train" if bucket < 6 else "tune" if bucket < 8 else "test"


def variants(page: dict, seed: int) -> list[tuple[str, str]]:
    """The texts a page is trained on: its rendering by each renderer, a rendering cropped
    to the article and a few lines around it (scrapers often hand over such cut pages),
    and the bare gold article (which must come back whole)."""
    texts = [(r, render_text(page["html"], r)) for r in RENDERERS]
    gold = page.get("body") or ""
    if gold.strip():
        texts.append(("gold-only", gold))
        lines = texts[0][1].split("\n")
        labels = align.body_labels(lines, gold)
        hits = [i for i, lab in enumerate(labels) if lab]
        if hits:
            rng = random.Random(f"{seed}:{page.get('id')}")
            lo, hi = max(0, hits[0] - rng.randint(0, 6)), hits[-1] + 1 + rng.randint(0, 6)
            texts.append(("cropped", "\n".join(lines[lo:hi])))
    return texts


def training_blocks(text: str) -> tuple:
    """The featured blocks training reads of one rendering: a block a line, or a paragraph of
    hard-wrapped text. Not rejoined (`segment.looks_split_inline`): the renderers training
    uses keep inline text together (of wcxb-dev's 1,358 pages, one inscriptis rendering looks
    split), and a model trained on rejoined text, where they do not, lost more on the tune
    split than rejoining gained (docs/pipeline.md, segment)."""
    import boilerstrip
    from boilerstrip.segment import looks_hard_wrapped

    config = boilerstrip.Config(input_format="text", segment="paragraph" if looks_hard_wrapped(text) else "line")
    return boilerstrip.features(boilerstrip.segment(text, config), config)


def page_rows(page: dict, text: str):
    """(blocks, X, names, y, weights) for one page text, or None if it has no blocks."""
    return labelled_rows(training_blocks(text), page)


def labelled_rows(blocks, page: dict, body_weight: float = 1.0):
    """(blocks, X, names, y, weights) of featured blocks, labelled against the page's gold body."""
    from boilerstrip.classify import design_matrix

    if not blocks:
        return None
    X, names = design_matrix(blocks)
    y = np.array(align.body_labels([b.text for b in blocks], page.get("body") or ""), dtype=np.int8)
    ntok = np.array([max(len(align.tokens(b.text)), 1) for b in blocks], dtype=np.float64)
    weights = ntok / ntok.sum() * 100.0 + 0.05  # the metric weighs words, and every page alike
    weights = np.where(y == 1, weights * body_weight, weights)
    return blocks, X, names, y, weights


# Pages with snippet gold only (trafilatura's evaluation set, Apache-2.0: must-keep and
# must-drop snippets, no whole body) may join the training pages of their own train split:
# a block holding a must-keep snippet is body, one holding a must-drop snippet is not, the
# page's other blocks are left out (`align.snippet_labels`). The labelled blocks of such a
# page share this total weight (a body-labelled page's blocks share 100), must-keep ones
# times the body weight. Chosen for the html model on the tune splits: page weights 30 and 60,
# must-keep factors 2.3, 3 and 4 compared; 60 with 2.3 (the body weight) gave the best wcxb-dev
# tune word F1 (0.872, against 0.864 for the model trained on wcxb-dev alone) among those
# keeping and dropping at least as many of trafilatura-eval's tune-split snippets as
# trafilatura does.
SNIPPET_PAGE_WEIGHT = 60.0
SNIPPETS = DATA / "trafilatura-eval.jsonl.gz"


def snippet_rows(blocks, page: dict, body_weight: float = 1.0):
    """(blocks, X, names, y, weights) of the featured ``blocks`` of a snippet-gold page that
    hold a whole snippet, or None when none does."""
    from boilerstrip.classify import design_matrix

    extra = page.get("extra") or {}
    label = align.snippet_labels([b.text for b in blocks], extra.get("with") or [], extra.get("without") or [])
    if not label:
        return None
    keep = sorted(label)
    X, names = design_matrix(blocks)
    y = np.array([label[i] for i in keep], dtype=np.int8)
    weights = np.full(len(keep), SNIPPET_PAGE_WEIGHT / len(keep))
    weights = np.where(y == 1, weights * body_weight, weights)
    return [blocks[i] for i in keep], X[keep], names, y, weights


def text_snippet_rows(page: dict) -> list:
    """Training rows of a snippet-gold page in text mode: its rendering by each renderer."""
    rows = []
    for renderer in RENDERERS:
        blocks = training_blocks(render_text(page["html"], renderer))
        r = snippet_rows(blocks, page) if blocks else None
        if r is not None:
            rows.append((page, f"snippets/{renderer}") + r)
    return rows


def snippet_note(snippets: str) -> str:
    """What ``meta["trained_on"]`` adds when a snippet-gold set joined training."""
    return f"; with the snippet-labelled blocks of {Path(snippets).name}'s train split" if snippets else ""


def build(pages: list[dict], seed: int, augment: bool):
    """Rows for training (with the cropped and gold-only variants) or evaluation (renderings only)."""
    rows = []
    for page in pages:
        for kind, text in variants(page, seed):
            if not augment and kind not in RENDERERS:
                continue
            r = page_rows(page, text)
            if r is not None:
                rows.append((page, kind) + r)
    return rows


# Ensemble size: inference cost grows with trees × depth, so the shipped model is kept
# small; these values were compared on the tune split (see docs/decisions.md).
TREES = 120
LEAVES = 15
LEARNING_RATE = 0.15


def fit(rows, seed: int, trees: int = TREES, leaves: int = LEAVES, learning_rate: float = LEARNING_RATE):
    from sklearn.ensemble import HistGradientBoostingClassifier

    X = np.vstack([r[3] for r in rows])
    y = np.concatenate([r[5] for r in rows])
    w = np.concatenate([r[6] for r in rows])
    clf = HistGradientBoostingClassifier(
        max_iter=trees, learning_rate=learning_rate, max_leaf_nodes=leaves, max_depth=6, min_samples_leaf=40,
        l2_regularization=1.0, random_state=seed, early_stopping=False,
    )
    clf.fit(X, y, sample_weight=w)
    return clf


def export(clf, names) -> dict:
    """The fitted ensemble as padded node arrays (see boilerstrip.trees.Ensemble)."""
    trees = [p[0].nodes for p in clf._predictors]
    width = max(len(t) for t in trees)
    out = {k: np.zeros((len(trees), width)) for k in ("feature", "threshold", "left", "right", "value", "missing_left")}
    depth = 0
    for ti, nodes in enumerate(trees):
        values = _internal_values(nodes)
        for ni, node in enumerate(nodes):
            leaf = bool(node["is_leaf"])
            out["feature"][ti, ni] = 0 if leaf else node["feature_idx"]
            out["threshold"][ti, ni] = 0.0 if leaf else node["num_threshold"]
            out["left"][ti, ni] = ni if leaf else node["left"]
            out["right"][ti, ni] = ni if leaf else node["right"]
            out["value"][ti, ni] = values[ni]
            out["missing_left"][ti, ni] = bool(node["missing_go_to_left"])
            depth = max(depth, int(node["depth"]))
        for ni in range(len(nodes), width):  # padding: unreachable self-looping leaves
            out["left"][ti, ni] = out["right"][ti, ni] = ni
    baseline = float(np.ravel(clf._baseline_prediction)[0])
    return {
        "names": list(names), "baseline": baseline, "depth": depth + 1,
        "feature": out["feature"].astype(int).tolist(), "threshold": out["threshold"].tolist(),
        "left": out["left"].astype(int).tolist(), "right": out["right"].astype(int).tolist(),
        "value": np.round(out["value"], 6).tolist(), "missing_left": out["missing_left"].astype(bool).tolist(),
    }


def _internal_values(nodes) -> list[float]:
    """Leaf values as trained; an internal node's value is its children's count-weighted mean."""
    values = [float(n["value"]) for n in nodes]
    order = sorted(range(len(nodes)), key=lambda i: -int(nodes[i]["depth"]))
    for i in order:
        n = nodes[i]
        if not n["is_leaf"]:
            l, r = int(n["left"]), int(n["right"])
            cl, cr = float(nodes[l]["count"]), float(nodes[r]["count"])
            values[i] = (values[l] * cl + values[r] * cr) / max(cl + cr, 1.0)
    return values


def page_f1(pred_text: str, gold: str) -> float:
    p, g = Counter(align.tokens(pred_text)), Counter(align.tokens(gold))
    if not g:
        return 1.0 if not p else 0.0
    common = sum((p & g).values())
    if not common:
        return 0.0
    prec, rec = common / sum(p.values()), common / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def predictions(rows, model) -> list:
    """P(body) and heading cues per row, computed once for all the cost settings tried."""
    from boilerstrip.classify import score
    from boilerstrip.decoder import section_headings

    return [(score(r[2], model)[0], section_headings(r[2]).tolist()) for r in rows]


def evaluate(rows, preds, costs) -> float:
    """Mean word-F1 of the body blocks the decoder keeps, over the rows' pages."""
    from boilerstrip.decoder import BODY, decode

    f1s = []
    for (page, renderer, blocks, X, names, y, w), (prob, heading) in zip(rows, preds):
        states = decode(prob, heading, costs)
        text = "\n".join(b.text for b, s in zip(blocks, states) if s == BODY)
        f1s.append(page_f1(text, page.get("body") or ""))
    return float(np.mean(f1s)) if f1s else 0.0


# The decoder costs tried on the tune split (every combination).
COST_GRID = {"enter_body": (0.5, 2.0, 4.0), "open_gap": (1.0, 3.0, 6.0), "close_gap": (1.0, 3.0, 6.0),
             "leave_body": (0.5, 2.0, 4.0), "heading_before": (0.0, 3.0)}


def tune_costs(rows, model, grid: dict = COST_GRID):
    """The best decoder costs on ``rows`` (mean word-F1), and that F1."""
    from boilerstrip.decoder import Costs

    preds = predictions(rows, model)
    best = (-1.0, Costs())
    for values in itertools.product(*grid.values()):
        costs = Costs(**dict(zip(grid, values)))
        f1 = evaluate(rows, preds, costs)
        if f1 > best[0]:
            best = (f1, costs)
    return best


# The gaps' costs chosen again on the tune split with the whole pipeline: the grid above
# scores the decoder's body alone, but the stages after it (`keep_prose`, the section rules,
# several body runs) take back some of what a gap cuts and not the rest, so the costs best for
# the decoder alone are not best for the output. From the decoder-only choice, open_gap and
# close_gap are set together to each of these values and `classify` is run whole on the tune
# pages; the best mean word F1 of the output wins (ties: the lower cost).
PIPELINE_GAPS = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0)


def pipeline_f1(rows, model, costs) -> float:
    """Mean word-F1 over the rows' pages of what the whole pipeline keeps, from their featured
    blocks on (page type, `classify` with ``model`` and ``costs``, then the configured keep)."""
    import boilerstrip
    from boilerstrip.assemble import assemble_text
    from boilerstrip.classify import classify
    from boilerstrip.model import Document
    from boilerstrip.pagetype import judge

    candidate = dataclasses.replace(model, meta=dict(model.meta, costs=dataclasses.asdict(costs)))
    config = boilerstrip.Config(input_format="text")
    f1s = []
    for page, _, blocks, *_ in rows:
        labelled = classify(blocks, config, "text", page_type=judge(blocks, ())[0], model=candidate)
        f1s.append(page_f1(assemble_text(Document("", labelled, config)), page.get("body") or ""))
    return float(np.mean(f1s)) if f1s else 0.0


def tune_costs_with_pipeline(rows, model, gaps: tuple[float, ...] = PIPELINE_GAPS):
    """`tune_costs`, then the gap costs chosen with the whole pipeline (`PIPELINE_GAPS`): the
    decoder-only tune F1, the costs, and what the pipeline step measured (for the model's meta)."""
    decoder_f1, decoder_costs = tune_costs(rows, model)
    tried = {gap: pipeline_f1(rows, model, dataclasses.replace(decoder_costs, open_gap=gap, close_gap=gap))
             for gap in gaps}
    gap = max(tried, key=lambda g: (tried[g], -g))
    costs = dataclasses.replace(decoder_costs, open_gap=gap, close_gap=gap)
    return decoder_f1, costs, {
        "costs_decoder_only": dataclasses.asdict(decoder_costs),
        "tune_f1_pipeline_by_gap": {f"{g:g}": round(f, 4) for g, f in tried.items()},
        "tune_f1_pipeline": round(tried[gap], 4),
    }


def with_pipeline_f1(tune):
    """``tune``, and the whole pipeline's mean word F1 on the tune split with the costs it chose
    (meta ``tune_f1_pipeline``): the figure a change to segmentation, features or cues is judged
    by, since such a change means retraining and the decoder-only figure leaves the section
    rules out (`bench.seeds` shows it per seed)."""
    def tuned(rows, model):
        f1, costs, *notes = tune(rows, model)
        extra = dict(notes[0]) if notes else {}
        extra.setdefault("tune_f1_pipeline", round(pipeline_f1(rows, model, costs), 4))
        return f1, costs, extra
    return tuned


def fit_tune_write(rows, parts, args, tune, meta: dict, command: str, argv, t0: float, refit_rows=None) -> dict:
    """Fit the trees on the train rows, tune decoder costs on the tune rows, score the test
    rows, and write the model with its provenance (``meta``) to ``args.out``.

    With ``refit_rows`` (the tune split's pages as training rows) and ``args.refit``, the
    trees are then fit again, same settings, on the train and those rows together, and the
    costs tuned with the train-only trees are kept: the tune pages choose the costs while
    unseen, then teach the trees; the test pages are never seen.
    """
    import sklearn

    model, data = _fit_export(rows["train"], args)
    tuned_f1, costs, *pipeline_notes = tune(rows["tune"], model)
    refit = bool(args.refit and refit_rows)
    if refit:
        model, data = _fit_export(rows["train"] + list(refit_rows), args)
    test_f1 = evaluate(rows["test"], predictions(rows["test"], model), costs)
    data["meta"] = dict(meta, **{
        "pages": {k: len(v) for k, v in parts.items()},
        "trees_fit_on": "train and tune splits (refit after tuning)" if refit else "train split",
        "costs": dataclasses.asdict(costs),
        "costs_tuned_on": "tune split (md5(domain) % 10 in 6..7), with trees fit on the train split alone",
        "tune_f1": round(tuned_f1, 4), "test_f1_body_decoder_only": round(test_f1, 4),
        **(pipeline_notes[0] if pipeline_notes else {}),
        "command": " ".join([command] + (argv if argv is not None else sys.argv[1:])),
        "sklearn": sklearn.__version__,
        "trees": args.trees, "leaves": args.leaves, "learning_rate": args.learning_rate,
    })
    Path(args.out).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(json.dumps(data["meta"], indent=1), f"{time.time() - t0:.0f}s", file=sys.stderr)
    return data


def _fit_export(rows, args):
    """The trees fit on ``rows`` with ``args``' settings, as an `Ensemble` and as the data file's dict."""
    from boilerstrip.trees import Ensemble

    clf = fit(rows, args.seed, args.trees, args.leaves, args.learning_rate)
    data = export(clf, rows[0][4])
    tmp = Path(args.out).with_suffix(".tmp.json")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    model = Ensemble.load(tmp)
    tmp.unlink()
    return model, data


def add_training_arguments(ap: argparse.ArgumentParser, out: Path, snippets: Path | str = SNIPPETS,
                           refit: bool = True) -> None:
    """The options every training script takes (this one and bench/train_html.py)."""
    ap.add_argument("--data", default=str(DATA / "wcxb-dev.jsonl.gz"))
    ap.add_argument("--snippets", default=str(snippets),
                    help="a snippet-gold set whose train-split pages are added to training ('' for none)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=None, help="pages to use (a seeded sample), for quick runs")
    ap.add_argument("--out", default=str(out))
    ap.add_argument("--trees", type=int, default=TREES)
    ap.add_argument("--leaves", type=int, default=LEAVES)
    ap.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    ap.add_argument("--refit", action=argparse.BooleanOptionalAction, default=refit,
                    help="after the costs are tuned, fit the trees again on the train and tune splits "
                         "(--no-refit: keep the trees fit on the train split alone)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # The text model trains on wcxb-dev alone: with trafilatura-eval's snippet rows (both
    # renderings of its train split, page weight 60) wcxb-dev tune word F1 fell 0.8135 ->
    # 0.8119 (html-text) and 0.8153 -> 0.8121 (inscriptis), whole pipeline.
    # The text model keeps its trees fit on the train split alone (--refit to change it):
    # refit on train and tune (measured against the model trained at 693f61b), held-out test
    # word F1 rose 0.8113 -> 0.8156 (html-text) and 0.8149 -> 0.8157 (inscriptis), whole
    # pipeline, but inscriptis article pages fell 0.8985 -> 0.8945, further from the 0.90 aim.
    add_training_arguments(ap, OUT, snippets="", refit=False)
    # Off by default: with the shipped trees the whole pipeline chose gap costs of 4 (tune
    # word F1 0.8345 -> 0.8378, both renderings), and the train split agreed (html-text /
    # inscriptis 0.8177 -> 0.8191 / 0.8130 -> 0.8149), but the held-out test split did not:
    # 0.8230 -> 0.8226 / 0.8261 -> 0.8234, inscriptis article pages 0.8996 -> 0.8976.
    ap.add_argument("--pipeline-gaps", action="store_true",
                    help="after the decoder-only grid, choose the gap costs with the whole pipeline "
                         f"on the tune split (tries {', '.join(f'{g:g}' for g in PIPELINE_GAPS)})")
    ap.add_argument("--pipeline-f1", action="store_true",
                    help="also score the whole pipeline on the tune split with the chosen costs "
                         "(meta tune_f1_pipeline; about 15 s more)")
    args = ap.parse_args(argv)
    t0 = time.time()
    pages = load_pages(args.data, limit=args.limit, seed=args.seed)
    parts = {s: [p for p in pages if split_of(p) == s] for s in ("train", "tune", "test")}
    print({k: len(v) for k, v in parts.items()}, file=sys.stderr)
    rows = {s: build(v, args.seed, augment=(s == "train")) for s, v in parts.items()}
    if args.snippets:
        rows["train"] += [r for p in load_pages(args.snippets) if split_of(p) == "train" for r in text_snippet_rows(p)]
    meta = {
        "trained_on": "wcxb-dev (CC-BY-4.0, WCXB, Foley 2026): train split by md5(domain) % 10 < 6"
                      + snippet_note(args.snippets),
        "renderers": list(RENDERERS), "augmented_with": ["cropped", "gold-only"],
    }
    refit_rows = build(parts["tune"], args.seed, augment=True) if args.refit else None
    tune = tune_costs_with_pipeline if args.pipeline_gaps else tune_costs
    tune = with_pipeline_f1(tune) if args.pipeline_f1 else tune
    fit_tune_write(rows, parts, args, tune, meta, "python -m bench.train", argv, t0, refit_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
