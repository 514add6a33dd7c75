"""docs/corpus.md: every Python block runs, in order, and prints the output shown after it."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "corpus.md"
# A Python block, and the ```text block right after it (its expected output) when there is one.
_BLOCK = re.compile(r"```python\n(.*?)```\n(?:\n```text\n(.*?)```)?", re.S)


def recipes() -> list[tuple[str, str | None]]:
    return [(m.group(1), m.group(2)) for m in _BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def test_the_doc_has_recipes_with_outputs():
    found = recipes()
    assert len(found) >= 4 and all(expected for _, expected in found)


def test_recipes_run_and_print_what_the_doc_says(tmp_path, monkeypatch):
    pytest.importorskip("datasets", reason="the datasets recipe needs the test extra")
    pytest.importorskip("datatrove", reason="the datatrove recipe needs the test extra")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "recipes"}
    for i, (code, expected) in enumerate(recipes()):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{DOC.name}:block{i}", "exec"), namespace)
        assert out.getvalue() == expected, f"block {i} of {DOC.name} printed {out.getvalue()!r}"
