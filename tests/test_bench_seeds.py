"""bench.seeds: one training per seed, each figure's mean and range (a fake trainer here; the
real one is exercised by tests/test_train.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import seeds


def fake_trainer(calls: list[list[str]]):
    def train(argv: list[str]) -> int:
        calls.append(argv)
        seed = int(argv[argv.index("--seed") + 1])
        meta = {"tune_f1": 0.80 + seed / 100, "test_f1_body_decoder_only": 0.81 - seed / 200,
                "costs": {"open_gap": 1.0}}
        Path(argv[argv.index("--out") + 1]).write_text(json.dumps({"meta": meta}), encoding="utf-8")
        return 0
    return train


def test_each_seed_is_trained_with_the_extra_arguments_and_reported():
    calls: list[list[str]] = []
    metas = seeds.run(fake_trainer(calls), [0, 2], ["--learning-rate", "0.2"])
    assert [m["seed"] for m in metas] == [0, 2]
    assert all(call[:2] == ["--learning-rate", "0.2"] for call in calls)
    assert [call[call.index("--seed") + 1] for call in calls] == ["0", "2"]
    assert len({call[call.index("--out") + 1] for call in calls}) == 2  # a file of its own per seed
    text = seeds.table(metas)
    assert "| 0 | 0.8000 | 0.8100 | open_gap 1 |" in text
    assert "| mean | 0.8100 | 0.8050 | |" in text
    assert "| range | 0.0200 | 0.0100 | |" in text


def test_seed_and_out_are_its_own():
    with pytest.raises(ValueError, match="--seed and --out"):
        seeds.run(fake_trainer([]), [0, 1], ["--seed", "3"])
    with pytest.raises(ValueError, match="--seed and --out"):
        seeds.run(fake_trainer([]), [0, 1], ["--out=/tmp/x.json"])


def test_a_failed_training_is_an_error_naming_the_seed():
    with pytest.raises(RuntimeError, match="--seed 1"):
        seeds.run(lambda argv: 1, [1, 2])


@pytest.mark.parametrize("argv", [["--seeds", "0"], ["--seeds", "a,b"], ["--seeds", "0,1", "--", "--seed", "4"]])
def test_bad_command_lines_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        seeds.main(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_the_whole_pipeline_figure_is_a_column_when_every_seed_has_it():
    metas = [{"seed": s, "tune_f1": 0.8, "test_f1_body_decoder_only": 0.81, "tune_f1_pipeline": 0.83 + s / 1000,
              "costs": {}} for s in (0, 1)]
    text = seeds.table(metas)
    assert "| seed | tune_f1 | test_f1_body_decoder_only | tune_f1_pipeline | costs |" in text
    assert "| mean | 0.8000 | 0.8100 | 0.8305 | |" in text and "| range | 0.0000 | 0.0000 | 0.0010 | |" in text
    del metas[1]["tune_f1_pipeline"]  # a seed without it: the column is left out, not half filled
    assert "tune_f1_pipeline" not in seeds.table(metas)
