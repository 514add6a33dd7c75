"""The shipped models are what the training scripts give, and training gives the same model
in any process (docs/pipeline.md, training)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bench.data import DATA
from conftest import ROOT

MODELS = ROOT / "boilerstrip" / "data"
needs_wcxb = pytest.mark.skipif(not (DATA / "wcxb-dev.jsonl.gz").exists(), reason=f"wcxb-dev not in {DATA}")


@pytest.mark.parametrize("model, command", [("model-text.json", "python -m bench.train"),
                                            ("model-html.json", "python -m bench.train_html")])
def test_shipped_models_come_from_the_plain_training_command(model, command):
    """Each model records the command that wrote it: the plain one (its default settings), the
    command docs/pipeline.md gives for rebuilding it; a model written by a one-off command
    would not come back from the documented one."""
    meta = json.loads((MODELS / model).read_text(encoding="utf-8"))["meta"]
    assert meta["command"] == command
    assert meta["trees_fit_on"] in {"train split", "train and tune splits (refit after tuning)"}
    assert {"tune_f1", "test_f1_body_decoder_only", "sklearn", "costs"} <= set(meta)


def _train(tmp_path, hash_seed: str) -> tuple[dict, dict]:
    out = tmp_path / f"model-{hash_seed}.json"
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "bench.train", "--limit", "24", "--trees", "8", "--out", str(out)],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=900)
    data = json.loads(out.read_text(encoding="utf-8"))
    return data, data.pop("meta")


@pytest.mark.slow
@pytest.mark.shared
@needs_wcxb
def test_training_gives_the_same_model_in_any_process(tmp_path):
    """Two processes with different string hashing (set and dict orders differ between them)
    train on the same seeded sample: the same trees, costs and held-out figures."""
    pytest.importorskip("sklearn")
    pytest.importorskip("inscriptis")
    first, first_meta = _train(tmp_path, "1")
    second, second_meta = _train(tmp_path, "2")
    assert first["names"] and len(first["feature"]) == 8
    assert first == second
    for key in ("costs", "tune_f1", "test_f1_body_decoder_only", "pages"):
        assert first_meta[key] == second_meta[key]


def _fixture_rows():
    """Training-script rows (bench.train's layout) for the text fixtures, gold = expected body."""
    import boilerstrip
    from bench.train import labelled_rows
    from conftest import FIXTURES, read_fixture

    config = boilerstrip.Config(input_format="text")
    rows, texts = [], []
    for path in sorted((FIXTURES / "text").glob("*.page")):
        page = read_fixture(path)
        blocks = boilerstrip.features(boilerstrip.segment(page.text, config), config)
        rows.append(({"body": page.body}, "fixture") + labelled_rows(blocks, {"body": page.body}))
        texts.append(page.text)
    return rows, texts


def test_pipeline_f1_is_the_word_f1_of_clean():
    """The training script's whole-pipeline score, from featured blocks on, is what `clean`
    itself gives on those pages: the costs it picks are picked for the real output."""
    import boilerstrip
    from bench.train import page_f1, pipeline_f1
    from boilerstrip.classify import model_for
    from boilerstrip.decoder import Costs

    rows, texts = _fixture_rows()
    model = model_for("text")
    expected = sum(page_f1(boilerstrip.clean(t, boilerstrip.Config(input_format="text")), r[0]["body"])
                   for t, r in zip(texts, rows)) / len(rows)
    assert pipeline_f1(rows, model, Costs(**model.meta["costs"])) == pytest.approx(expected, abs=1e-12)
    assert 0.5 < expected < 1.0  # the fixtures are neither all right nor all wrong


def test_pipeline_costs_take_the_best_gap_measured():
    """The gap cost written into the model is the one whose whole-pipeline F1 was highest
    (the lower cost on a tie), and the decoder-only choice is kept beside it."""
    from bench.train import tune_costs_with_pipeline
    from boilerstrip.classify import model_for

    rows, _ = _fixture_rows()
    decoder_f1, costs, notes = tune_costs_with_pipeline(rows, model_for("text"), gaps=(1.0, 4.0, 30.0))
    tried = {float(g): f for g, f in notes["tune_f1_pipeline_by_gap"].items()}
    assert set(tried) == {1.0, 4.0, 30.0}
    best = max(tried.values())
    assert costs.open_gap == costs.close_gap == min(g for g, f in tried.items() if f == best)
    assert notes["tune_f1_pipeline"] == best
    assert 0.0 < decoder_f1 <= 1.0 and set(notes["costs_decoder_only"]) == set(costs.__dataclass_fields__)


@pytest.mark.slow
@pytest.mark.shared
@needs_wcxb
def test_training_commands_give_the_shipped_models_back(tmp_path):
    """`python -m bench.train` and `python -m bench.train_html`, run on today's code, write the
    shipped models back tree for tree, costs and all. A change to segmentation, features or cues
    changes what the trees are trained on; this is where such a change shows that the models
    must be retrained (and the retrained ones measured) before it can ship. The two run side by
    side (about 4 minutes on 2 cores). Skipped when the installed scikit-learn is not the one
    that wrote the models: another version may bin and split differently."""
    sklearn = pytest.importorskip("sklearn")
    pytest.importorskip("inscriptis")
    pytest.importorskip("html_text")
    if not (DATA / "trafilatura-eval.jsonl.gz").exists():
        pytest.skip(f"trafilatura-eval not in {DATA}")
    shipped = {name: json.loads((MODELS / f"model-{name}.json").read_text(encoding="utf-8"))
               for name in ("text", "html")}
    written_by = {meta["sklearn"] for meta in (m["meta"] for m in shipped.values())}
    if written_by != {sklearn.__version__}:
        pytest.skip(f"the models were written with scikit-learn {written_by}, {sklearn.__version__} is installed")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = {name: subprocess.Popen([sys.executable, "-m", script, "--out", str(tmp_path / f"model-{name}.json")],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for name, script in (("text", "bench.train"), ("html", "bench.train_html"))}
    for name, run in runs.items():
        _, err = run.communicate(timeout=1800)
        assert run.returncode == 0, err.decode("utf-8", "replace")[-2000:]
        trained = json.loads((tmp_path / f"model-{name}.json").read_text(encoding="utf-8"))
        meta, shipped_meta = trained.pop("meta"), dict(shipped[name]["meta"])
        assert trained == {k: v for k, v in shipped[name].items() if k != "meta"}, \
            f"training ({name}) no longer gives boilerstrip/data/model-{name}.json back"
        for key in ("costs", "tune_f1", "test_f1_body_decoder_only", "pages", "trees_fit_on"):
            assert meta[key] == shipped_meta[key], key


def test_with_pipeline_f1_adds_the_whole_pipeline_at_the_chosen_costs():
    """`bench.train --pipeline-f1`: the tune step's costs are unchanged, and the meta gains the
    whole pipeline's tune F1 at those costs (what `bench.seeds` shows per seed)."""
    from bench.train import pipeline_f1, tune_costs, with_pipeline_f1
    from boilerstrip.classify import model_for

    rows, _ = _fixture_rows()
    model = model_for("text")
    f1, costs = tune_costs(rows, model)
    f1_again, costs_again, notes = with_pipeline_f1(tune_costs)(rows, model)
    assert (f1_again, costs_again) == (f1, costs)
    assert notes == {"tune_f1_pipeline": round(pipeline_f1(rows, model, costs), 4)}
