"""``boilerstrip eval``: reads labelled pages, scores them with the shared scorer, teaches on bad input."""
import argparse
import gzip
import json

import pytest

from boilerstrip import cli_eval
from boilerstrip.score import word_score

ARTICLE = (
    "Home\nNews\nSport\n"
    "Rain returns to the valley after a dry month\n"
    "Farmers in the valley welcomed the first heavy rain in weeks on Tuesday, saying the storm came "
    "just in time for the late harvest of apples and pears.\n"
    "The weather service expects more showers through the weekend, with cooler nights and light winds "
    "from the north across the whole region.\n"
    "Share this article\nFollow us\n"
)
BODY = "\n".join(ARTICLE.splitlines()[4:6])


def _run(argv):
    parser = argparse.ArgumentParser(prog="boilerstrip")
    cli_eval.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["eval", *argv])
    return args.func(args)


def _write(path, pages):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(p) + "\n" for p in pages)
    return path


@pytest.mark.parametrize("name", ["gold.jsonl", "gold.jsonl.gz"])
def test_eval_scores_with_the_shared_scorer(tmp_path, capsys, name):
    import boilerstrip

    gold = _write(tmp_path / name, [{"id": "p1", "text": ARTICLE, "body": BODY, "page_type": "article",
                                      "with": ["heavy rain in weeks"], "without": ["Share this article"]}])
    assert _run([str(gold), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    expected = word_score(boilerstrip.clean(ARTICLE, boilerstrip.Config(input_format="text")), BODY)
    assert summary["all"]["pages"] == 1
    assert summary["all"]["f1"] == pytest.approx(expected.f1)
    assert summary["all"]["with_kept"] is not None and summary["all"]["without_dropped"] is not None
    assert set(summary["by_page_type"]) == {"article"}


def test_eval_prints_a_table(tmp_path, capsys):
    gold = _write(tmp_path / "gold.jsonl", [{"text": ARTICLE, "body": BODY}])
    assert _run([str(gold)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| | pages | f1 |") and "| all | 1 |" in out


def test_eval_html_pages_in_text_mode(tmp_path, capsys):
    pytest.importorskip("html_text")
    html = "<html><body>" + "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()) + "</body></html>"
    gold = _write(tmp_path / "gold.jsonl", [{"html": html, "body": BODY}])
    assert _run([str(gold), "--mode", "text", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["all"]["pages"] == 1


@pytest.mark.parametrize("lines,message", [
    (None, "no gold file"),
    ([{"text": "only input"}], "needs 'body'"),
    ([{"body": "only gold"}], "needs 'body' (gold text) and 'html' or 'text'"),
    ('{"body": "b", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "gold.jsonl:1: not a JSON record"),
], ids=["missing-file", "no-body", "no-input", "nested-too-deeply"])
def test_eval_explains_bad_input(tmp_path, capsys, lines, message):
    gold = tmp_path / "gold.jsonl"
    if isinstance(lines, str):
        gold.write_text(lines + "\n", encoding="utf-8")
    elif lines is not None:
        _write(gold, lines)
    assert _run([str(gold)]) == 2
    assert message in capsys.readouterr().err


def test_limit_and_page_type_select_pages():
    pages = [{"id": i, "extra": {"page_type": "forum" if i % 2 else "article"}} for i in range(10)]
    assert [p["id"] for p in cli_eval.select(pages, None, 0, "forum")] == [1, 3, 5, 7, 9]
    chosen = cli_eval.select(pages, 3, seed=4, page_type=None)
    assert len(chosen) == 3 and chosen == cli_eval.select(pages, 3, seed=4, page_type=None)


def test_eval_is_a_boilerstrip_subcommand(tmp_path, capsys):
    from boilerstrip.cli import main

    gold = _write(tmp_path / "gold.jsonl", [{"text": ARTICLE, "body": BODY}])
    assert main(["eval", str(gold), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["all"]["failures"] == 0
