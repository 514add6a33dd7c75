"""The datatrove step: a local executor over several tasks gives the CLI's records."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("datatrove", reason="the datatrove extra is not installed")
pytest.importorskip("orjson", reason="datatrove's JsonlWriter needs orjson (the datatrove extra installs it)")

from boilerstrip.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fixtures" / "corpus"))
from generate import generate  # noqa: E402

SHARDS = 6
# Records that cannot be cleaned, placed among good ones: they must come out with an error.
BAD = ({"id": "bad-no-text", "url": "https://x.example/a", "body": "no text field"},
       {"id": "bad-number", "url": "https://x.example/b", "text": 42})
NOT_RECORDS = ("not json {", '["a", "list"]',  # lines datatrove's own JsonlReader would skip
               "[" * 50_000 + "]" * 50_000)  # nested deeper than json's parser recurses


def write_corpus(folder: Path) -> int:
    pages = generate()[:30]
    records = [{"id": p["id"], "url": p["url"], "text": p["text"]} for p in pages]
    records[7:7] = BAD
    folder.mkdir()
    for shard in range(SHARDS):
        with (folder / f"shard-{shard}.jsonl").open("w", encoding="utf-8") as fh:
            for record in records[shard::SHARDS]:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            if shard < len(NOT_RECORDS):
                fh.write(NOT_RECORDS[shard] + "\n")
    return len(records) + len(NOT_RECORDS)


def read_lines(folder: Path) -> list[str]:
    return [line for path in sorted(folder.rglob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_records(folder: Path) -> list[dict]:
    rows = [json.loads(line) for path in sorted(folder.rglob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(rows, key=lambda r: str(r.get("id", r.get("raw"))))


def test_local_executor_three_tasks_equals_cli(tmp_path):
    from datatrove.executor import LocalPipelineExecutor
    from boilerstrip.datatrove_step import BoilerstripClean, JsonlRecords, JsonlRecordsWriter

    corpus = tmp_path / "corpus"
    n = write_corpus(corpus)
    profile = tmp_path / "corpus.profile"
    assert main(["profile", str(corpus), "-o", str(profile), "-q"]) == 1  # the bad records are reported
    assert main(["clean", str(corpus), "--output-dir", str(tmp_path / "cli"), "--profile", str(profile), "-q"]) == 1

    LocalPipelineExecutor(
        pipeline=[JsonlRecords(str(corpus), compression=None),
                  BoilerstripClean(profile=str(profile)),
                  JsonlRecordsWriter(str(tmp_path / "dt"))],
        tasks=3, workers=3, logging_dir=str(tmp_path / "logs"),
    ).run()

    cli, dt = read_records(tmp_path / "cli"), read_records(tmp_path / "dt")
    assert len(cli) == len(dt) == n
    assert dt == cli
    assert sorted(read_lines(tmp_path / "dt")) == sorted(read_lines(tmp_path / "cli"))  # the same bytes
    errors = {r.get("id", r.get("raw")) for r in dt if "error" in r}
    assert errors == {r["id"] for r in BAD} | set(NOT_RECORDS)
    assert all(r["clean"] for r in dt if "error" not in r)
    outputs = sorted(p.name for p in (tmp_path / "dt").glob("*.jsonl"))
    assert len(outputs) == 3  # one output per task: the work was split three ways


def test_step_keeps_failed_documents_and_can_replace_text():
    from datatrove.data import Document

    from boilerstrip.datatrove_step import BoilerstripClean

    page = generate()[0]
    docs = [Document(text=page["text"], id="ok"), Document(text="", id="empty")]
    out = list(BoilerstripClean(replace_text=True).run(iter(docs)))
    assert [d.id for d in out] == ["ok", "empty"]
    assert out[0].text and out[0].text != page["text"] and out[0].text in page["text"]
    assert "error" not in out[0].metadata


def test_profile_stage_over_three_tasks_merges_to_the_cli_profile(tmp_path):
    from datatrove.executor import LocalPipelineExecutor

    from boilerstrip.datatrove_step import BoilerstripProfile, JsonlRecords
    from boilerstrip.profile import Profile

    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    assert main(["profile", str(corpus), "-o", str(tmp_path / "cli.profile"), "-q"]) == 1
    LocalPipelineExecutor(
        pipeline=[JsonlRecords(str(corpus), compression=None), BoilerstripProfile(str(tmp_path / "parts"))],
        tasks=3, workers=1, logging_dir=str(tmp_path / "logs"),
    ).run()
    parts = sorted((tmp_path / "parts").glob("*.profile"))
    assert len(parts) == 3
    Profile.merge(*(Profile.load(p) for p in parts)).save(tmp_path / "merged.profile")
    assert (tmp_path / "merged.profile").read_bytes() == (tmp_path / "cli.profile").read_bytes()


def test_record_adapter_gives_datatrove_jsonlwriter_the_same_records(tmp_path):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import JsonlWriter

    from boilerstrip.datatrove_step import BoilerstripClean, JsonlRecords, record_adapter

    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    assert main(["clean", str(corpus), "--output-dir", str(tmp_path / "cli"), "-q"]) == 1
    LocalPipelineExecutor(
        pipeline=[JsonlRecords(str(corpus), compression=None), BoilerstripClean(),
                  JsonlWriter(str(tmp_path / "dt"), adapter=record_adapter, compression=None)],
        tasks=3, workers=1, logging_dir=str(tmp_path / "logs"),
    ).run()
    assert read_records(tmp_path / "dt") == read_records(tmp_path / "cli")
