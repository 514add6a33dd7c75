"""Batch cleaning: order and identity across workers, records in = records out, directories,
gzip, streams, progress and summary."""
from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from boilerstrip.batch import CleanJob, Progress, Summary, clean_lines, ordered_map
from boilerstrip.cli import main

from conftest import ROOT

sys.path.insert(0, str(ROOT / "fixtures" / "corpus"))
from generate import generate  # noqa: E402

PAGES = generate()
# Lines that cannot be cleaned, each for a different reason; they go in the middle of a corpus.
BAD_LINES = ('{"id": "no-field", "body": "x"}', "not json {", '["a", "list"]', '{"id": "number", "text": 7}')


def corpus_lines(n: int = 40) -> list[str]:
    lines = [json.dumps({"id": i, "url": p["url"], "text": p["text"]}) for i, p in enumerate(PAGES[:n])]
    return lines[: n // 2] + list(BAD_LINES) + lines[n // 2:]


def write(path: Path, lines: list[str]) -> Path:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def read_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8").splitlines()


def test_workers_output_is_byte_identical_and_counts_match(tmp_path, capsys):
    src = write(tmp_path / "in.jsonl", corpus_lines())
    outs = {}
    for workers in (1, 2):
        out = tmp_path / f"out{workers}.jsonl"
        assert main(["clean", str(src), "-o", str(out), "--workers", str(workers), "-q"]) == 1  # bad lines
        outs[workers] = out.read_bytes()
    assert outs[1] == outs[2]
    rows = [json.loads(line) for line in outs[1].decode("utf-8").splitlines()]
    assert len(rows) == len(corpus_lines())
    assert [r.get("id") for r in rows if "raw" not in r][:20] == list(range(20))
    assert sum("error" in r for r in rows) == len(BAD_LINES)
    assert all(r["clean"] for r in rows if "error" not in r)


def test_gzip_in_and_out_by_file_name(tmp_path):
    src = write(tmp_path / "in.jsonl.gz", corpus_lines(10))
    assert main(["clean", str(src), "-o", str(tmp_path / "out.jsonl.gz"), "-q"]) == 1
    gz = read_lines(tmp_path / "out.jsonl.gz")
    assert main(["clean", str(src), "-o", str(tmp_path / "out.jsonl"), "-q"]) == 1
    assert gz == read_lines(tmp_path / "out.jsonl") and len(gz) == len(corpus_lines(10))


def test_directories_are_walked_and_mirrored(tmp_path):
    tree = tmp_path / "crawl"
    (tree / "a" / "b").mkdir(parents=True)
    write(tree / "a" / "part.jsonl", corpus_lines(4))
    write(tree / "a" / "b" / "more.jsonl.gz", corpus_lines(3))
    (tree / "a" / "b" / "page.txt").write_text(PAGES[0]["text"], encoding="utf-8")
    (tree / ".hidden").write_text("skip me", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(tree), "--output-dir", str(out), "--workers", "2", "-q"]) == 1
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert made == ["a/b/more.jsonl.gz", "a/b/page.txt", "a/part.jsonl"]
    assert len(read_lines(out / "a" / "part.jsonl")) == len(corpus_lines(4))
    assert len(read_lines(out / "a" / "b" / "more.jsonl.gz")) == len(corpus_lines(3))
    assert (out / "a" / "b" / "page.txt").read_text(encoding="utf-8").strip() in PAGES[0]["text"]


def test_stdin_stream_with_workers():
    lines = corpus_lines(8)
    r = subprocess.run([sys.executable, "-m", "boilerstrip", "clean", "-", "--jsonl", "--workers", "2"],
                       input=("\n".join(lines) + "\n").encode("utf-8"), capture_output=True, cwd=ROOT)
    assert r.returncode == 1  # the bad lines
    assert len(r.stdout.decode("utf-8").splitlines()) == len(lines)
    err = r.stderr.decode("utf-8")
    assert f"pages {len(lines)}  failed {len(BAD_LINES)}" in err and "blocks by label: body" in err
    assert "\r" not in err  # no progress bar when stderr is not a terminal


def _die_on_three(x: int) -> int:
    if x == 3:
        os._exit(1)  # a worker killed mid-batch (as by a crash in native code or the OOM killer)
    return x * 10


def test_a_dead_worker_costs_its_chunk_not_the_batch():
    out = list(ordered_map(_die_on_three, range(12), workers=2, chunk=2, on_lost=lambda x: -x))
    assert len(out) == 12
    assert out[2:4] == [-2, -3]  # the chunk holding 3 comes back as lost
    # a chunk still running on the other worker when the pool broke may be lost with it
    assert out[:2] in ([0, 10], [0, -1])
    assert out[4:] == [x * 10 for x in range(4, 12)]  # later chunks run again on a new pool


def test_a_pool_that_broke_while_the_reader_was_busy_loses_only_the_dead_chunk():
    # the reader holds the first result while a worker dies: the next chunks find the
    # pool already broken when they are sent, and must run on a new pool, not crash the map
    # (40 items in chunks of 2 is more than the 2 * WINDOW_PER_WORKER chunks sent at first)
    results = ordered_map(_die_on_three, range(40), workers=2, chunk=2, on_lost=lambda x: -x)
    out = [next(results)]
    time.sleep(1.0)
    out += list(results)
    assert len(out) == 40
    assert out[2:4] == [-2, -3]
    assert out[:2] in ([0, 10], [0, -1])
    assert out[4:] == [x * 10 for x in range(4, 40)]


def test_clean_lines_skips_only_blank_lines_and_keeps_order():
    good = [line for line in corpus_lines(2) if line not in BAD_LINES]
    lines = ["", good[0], "   ", "nope", good[1]]
    outcomes = list(clean_lines(CleanJob(), lines, workers=1))
    assert len(outcomes) == 3 and [o.error is None for o in outcomes] == [True, False, True]


def test_summary_counts_and_histogram():
    summary = Summary()
    job = CleanJob()
    for line in corpus_lines(4):
        summary.add(job.record(line))
    text = "\n".join(summary.lines(2.0))
    assert summary.pages == 4 + len(BAD_LINES) and summary.failed == len(BAD_LINES)
    assert 0 < summary.chars_kept < summary.chars_in
    assert "blocks by label: body" in text and "chrome" in text


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_on_a_terminal_shows_rate_and_eta(monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    stream = _Tty()
    progress = Progress(stream, total_bytes=1000, every=0.0)
    progress.update(5, 500)
    assert "5 pages" in stream.getvalue() and "pages/s" in stream.getvalue() and "ETA" in stream.getvalue()
    silent = io.StringIO()
    Progress(silent, total_bytes=1000, every=0.0).update(5, 500)
    assert silent.getvalue() == ""


@pytest.mark.parametrize("argv", [["--workers", "0"]], ids=["zero-workers"])
def test_bad_batch_options_exit_2(tmp_path, argv):
    src = write(tmp_path / "in.jsonl", corpus_lines(2))
    assert main(["clean", str(src), *argv]) == 2
