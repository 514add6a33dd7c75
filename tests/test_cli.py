"""The clean command: files, stdin, formats, JSONL records, exit statuses."""
from __future__ import annotations

import json
import subprocess
import sys

from boilerstrip.cli import main

from test_api import ARTICLE, PAGE


def run_cli(*args, stdin: bytes | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "boilerstrip", *args], input=stdin, capture_output=True, cwd=cwd)


def test_clean_file_prints_the_article(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["clean", str(page)]) == 0
    assert capsys.readouterr().out == ARTICLE + "\n"


def test_clean_stdin():
    r = run_cli("clean", "-", stdin=PAGE.encode("utf-8"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == ARTICLE + "\n"


def test_output_dir_and_formats(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(tmp_path / "a.txt"), "--output-dir", str(out), "--format", "json"]) == 0
    doc = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert doc["body"] == ARTICLE and len(doc["blocks"]) == PAGE.count("\n") + 1
    assert main(["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "l.txt"), "--format", "labels"]) == 0
    lines = (tmp_path / "l.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == PAGE.count("\n") + 1 and lines[0].split()[0] == "chrome"


def test_keep_flag(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    assert main(["clean", str(tmp_path / "a.txt"), "--keep", "body,chrome"]) == 0
    assert capsys.readouterr().out == PAGE + "\n"


def test_segment_flag(tmp_path, capsys):
    """--segment is Config.segment: forced to lines, a sentence printed across lines stays in
    pieces, one block each; rejoined it is one block."""
    page = "A council vote on the\nriver path\n, which residents asked for\n.\nHome"
    (tmp_path / "a.txt").write_text(page, encoding="utf-8")
    assert main(["clean", str(tmp_path / "a.txt"), "--segment", "line", "--format", "labels"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 5
    assert main(["clean", str(tmp_path / "a.txt"), "--segment", "rejoin", "--format", "labels"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_missing_input_exits_1_and_still_writes_the_others(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    assert main(["clean", str(tmp_path / "missing.txt"), str(tmp_path / "a.txt")]) == 1
    captured = capsys.readouterr()
    assert "missing.txt" in captured.err
    assert captured.out == ARTICLE + "\n"


def test_usage_errors_exit_2(tmp_path):
    assert main(["clean"]) == 2
    assert main(["clean", "x.txt", "--keep", "bodies"]) == 2
    page = tmp_path / "a.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["clean", str(page), "-o", str(page)]) == 2  # never overwrites its input
    assert page.read_text(encoding="utf-8") == PAGE


def test_jsonl_records_keep_order_fields_and_errors(tmp_path):
    records = [{"id": 1, "text": PAGE}, {"id": 2, "nope": 1}, "not json", {"id": 3, "text": ARTICLE, "x": [1]}]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(src), "-o", str(out)]) == 1
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert rows[0]["id"] == 1 and rows[0]["clean"] == ARTICLE
    assert rows[1]["id"] == 2 and "error" in rows[1]
    assert rows[2]["raw"] == "not json" and "error" in rows[2]
    assert rows[3] == {"id": 3, "text": ARTICLE, "x": [1], "clean": ARTICLE}
