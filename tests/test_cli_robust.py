"""The clean CLI under bad input and interruption: no lost record, no half-written file.

A batch killed midway leaves only complete outputs (each identical to what a full run
writes) and no temporary file after SIGTERM or Ctrl-C; a rerun completes. A JSONL
corpus with bad records in the middle comes out with as many records as went in, in
order, other fields untouched, each failed record carrying its error. An input is
never overwritten, and one bad file is reported by name while the others are cleaned.
"""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.scale import page
from boilerstrip import Config, InputTooLargeError, clean
from boilerstrip.cli import main

ROOT = Path(__file__).resolve().parents[1]


def start(*args: str, cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "boilerstrip", "clean", "-q", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the run never got midway"
        time.sleep(0.02)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Name → bytes of the files in ``folder``; a file renamed or removed while this reads
    (a running batch's temporary file becoming its output) is left out."""
    files = {}
    for path in sorted(folder.iterdir()) if folder.exists() else ():
        try:
            files[path.name] = path.read_bytes()
        except FileNotFoundError:
            continue
    return files


def outputs(folder: Path) -> int:
    """How many finished outputs ``folder`` holds (temporary files start with a dot)."""
    return len([p for p in folder.iterdir() if not p.name.startswith(".")]) if folder.exists() else 0


def _pages(folder: Path, count: int, chars: int) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"page{i:02d}.txt").write_text(page("text", chars, seed=i), encoding="utf-8")


def _interrupt(tmp_path: Path, sig: int) -> dict[str, bytes]:
    """Start a batch, send ``sig`` once it has written an output; the output folder then."""
    out = tmp_path / "out"
    already = outputs(out)
    run = start("in", "--output-dir", "out", cwd=tmp_path)
    wait_until(lambda: outputs(out) > already)
    run.send_signal(sig)
    run.communicate(timeout=60)
    if sig != signal.SIGKILL:  # a catchable signal runs the clean-up: no temporary file is left
        assert run.returncode == 130
        assert not [name for name in snapshot(out) if name.endswith(".part")]
    return snapshot(out)


def test_a_batch_killed_midway_leaves_only_complete_outputs_and_a_rerun_completes(tmp_path):
    _pages(tmp_path / "in", count=8, chars=20_000)
    terminated = _interrupt(tmp_path, signal.SIGTERM)
    killed = _interrupt(tmp_path, signal.SIGKILL)  # the rerun, killed hard this time
    finished = [name for name in killed if not name.startswith(".")]
    assert len(finished) < 8, "the run finished before it was interrupted; give it more pages"
    rerun = start("in", "--output-dir", "out", cwd=tmp_path)  # a process like the killed ones
    rerun.communicate(timeout=120)
    assert rerun.returncode == 0
    done = snapshot(tmp_path / "out")
    assert sorted(n for n in done if not n.startswith(".")) == [f"page{i:02d}.txt" for i in range(8)]
    for earlier in (terminated, killed):
        for name in (n for n in earlier if not n.startswith(".")):
            assert earlier[name] == done[name], f"{name} was left half-written"


def test_a_jsonl_run_killed_midway_leaves_no_partial_output_and_a_rerun_completes(tmp_path):
    records = [{"id": i, "text": page("text", 12_000, seed=i)} for i in range(16)]
    (tmp_path / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run = start("corpus.jsonl", "--output-dir", "out", cwd=tmp_path)
    wait_until(lambda: any(p.stat().st_size > 0 for p in (tmp_path / "out").glob(".*.part")))
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130 and b"interrupted" in err
    assert snapshot(tmp_path / "out") == {}  # neither a half-written corpus nor its temporary file
    assert main(["clean", "-q", str(tmp_path / "corpus.jsonl"), "--output-dir", str(tmp_path / "out")]) == 0
    lines = (tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == list(range(16))


GOOD = "Home\nNews\n" + "\n".join(
    f"Paragraph {i}: the council said on Tuesday that the new bridge over the river would open in the spring, "
    "after two years of work and a long debate about its cost." for i in range(4))
BAD_LINES = [
    ("not json", "{this is not json"),
    ("nested too deeply", '{"id": "x", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"),  # json recurses a level
    ("array", json.dumps(["a", "list"])),
    ("no page field", json.dumps({"id": "x", "title": "no text here"})),
    ("page not a string", json.dumps({"id": "x", "text": 42})),
    ("surrogate field", '{"id": "x", "text": "Home", "note": "\\ud800 half a pair"}'),
    ("control characters", json.dumps({"id": "x", "text": "a\x00b\x1bc\nHome"})),
    ("empty page", json.dumps({"id": "x", "text": ""})),
    ("html field", json.dumps({"id": "x", "html": "<html><body><p>" + GOOD.replace("\n", "</p><p>") + "</p>"})),
]


def _corpus() -> tuple[list[str], list[str]]:
    """Good records around each bad one: (lines, what each is)."""
    lines, kinds = [], []
    for i, (kind, line) in enumerate(BAD_LINES):
        lines.append(json.dumps({"id": f"good-{i}", "text": GOOD, "meta": {"n": i, "tags": ["ä", None]}}))
        kinds.append("good")
        lines.append(line)
        kinds.append(kind)
    lines.append(json.dumps({"id": "last", "text": GOOD}))
    kinds.append("good")
    return lines, kinds


@pytest.mark.parametrize("workers", ["1", "2"])
def test_jsonl_with_bad_records_in_the_middle_keeps_count_order_and_fields(tmp_path, capsys, workers):
    lines, kinds = _corpus()
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n\n", encoding="utf-8")  # a blank line at the end is not a record
    status = main(["clean", "-q", str(corpus), "--output-dir", str(tmp_path / "out"), "--workers", workers])
    err = capsys.readouterr().err
    out = (tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    assert status == 1
    assert len(out) == len(lines)
    failed = {"not json", "nested too deeply", "array", "no page field", "page not a string"}
    for number, (line, kind, result) in enumerate(zip(lines, kinds, out), 1):
        record = json.loads(result)
        if kind in failed:
            assert "clean" not in record and record["error"]
            assert f"record {number}:" in err
        else:
            assert "error" not in record and isinstance(record["clean"], str), kind
        if kind in ("not json", "nested too deeply", "array"):
            assert record["raw"] == line  # the line itself, as it was
        else:
            original = json.loads(line)
            assert {k: v for k, v in record.items() if k not in ("clean", "error")} == original  # fields untouched
    assert json.loads(out[-1])["id"] == "last"
    assert "\x00" not in json.loads(out[kinds.index("control characters")])["clean"]


def test_jsonl_on_stdout_keeps_every_record_too(tmp_path, capsys):
    lines, _ = _corpus()
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines), encoding="utf-8")
    assert main(["clean", "-q", str(corpus)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(lines)
    assert [json.loads(o).get("id") for o in out[::2]] == [f"good-{i}" for i in range(len(BAD_LINES))] + ["last"]


def test_an_input_is_never_overwritten(tmp_path, capsys):
    (tmp_path / "page.txt").write_text(GOOD, encoding="utf-8")
    before = (tmp_path / "page.txt").read_bytes()
    assert main(["clean", str(tmp_path / "page.txt"), "-o", str(tmp_path / "page.txt")]) == 2
    assert main(["clean", "-q", str(tmp_path / "page.txt"), "--output-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "page.txt" in err and "overwrite" in err
    assert (tmp_path / "page.txt").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["page.txt"]  # no temporary file either


def test_a_bad_file_is_reported_by_name_and_the_run_goes_on(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.pdf").write_bytes(b"%PDF-1.4\n" + bytes(300))
    (folder / "c.txt.gz").write_bytes(b"\x1f\x8b not really gzip")
    (folder / "d.txt").write_text(GOOD, encoding="utf-8")
    status = main(["clean", "-q", str(folder), "--output-dir", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1
    assert f"{folder / 'b.pdf'}:" in err and "PDF" in err
    assert f"{folder / 'c.txt.gz'}:" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "d.txt"]
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == (tmp_path / "out" / "d.txt").read_text(encoding="utf-8")


def test_a_gzip_bomb_is_read_only_up_to_the_size_limit(tmp_path):
    from boilerstrip.cli_clean import _read

    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb") as fh:
        for _ in range(20):
            fh.write(b"a" * 1_000_000)  # 20 MB of text in a ~20 KB file
    assert bomb.stat().st_size < 200_000
    data = _read(str(bomb), limit=1_000)
    assert len(data) == 1_001  # one byte over the limit, no more: the size check refuses it
    with pytest.raises(InputTooLargeError):
        clean(data, Config(max_input_chars=1_000))


def test_truncated_and_corrupt_gzip_pages_are_reported_and_the_run_goes_on(tmp_path, capsys):
    packed = gzip.compress(GOOD.encode("utf-8") * 20)
    (tmp_path / "a.txt.gz").write_bytes(packed[: len(packed) // 2])  # truncated
    corrupt = bytearray(packed)
    corrupt[20:40] = bytes(20)
    (tmp_path / "b.txt.gz").write_bytes(bytes(corrupt))
    (tmp_path / "c.txt").write_text(GOOD, encoding="utf-8")
    status = main(["clean", "-q", str(tmp_path / "a.txt.gz"), str(tmp_path / "b.txt.gz"), str(tmp_path / "c.txt"),
                   "--output-dir", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1
    assert "a.txt.gz:" in err and "b.txt.gz:" in err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["c.txt"]
