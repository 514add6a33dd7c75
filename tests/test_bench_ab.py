"""bench.ab: two copies of the package in one process, timed page by page against each other."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import ab
from conftest import FIXTURES

REPO = Path(ab.__file__).resolve().parents[1]


@pytest.fixture
def own_modules():
    """The package's modules as the other tests imported them, put back afterwards (the
    copies made here would otherwise replace them for the tests that run next)."""
    saved = {name: module for name, module in sys.modules.items()
             if name == ab.PACKAGE or name.startswith(ab.PACKAGE + ".")}
    yield
    for name in [n for n in sys.modules if n == ab.PACKAGE or n.startswith(ab.PACKAGE + ".")]:
        del sys.modules[name]
    sys.modules.update(saved)


def _pages() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "html").glob("*.html"))[:4]]


def test_two_copies_of_the_same_tree_give_the_same_outputs_and_comparable_times(own_modules):
    base, new = ab.Copy(REPO), ab.Copy(REPO)
    assert base.package is not new.package
    assert base.modules["boilerstrip.features"] is not new.modules["boilerstrip.features"]
    result = ab.compare(base, new, _pages(), "html", repeat=2)
    assert result["pages"] == 4 and result["outputs_differ"] == []
    assert result["base_ms"] > 0 and result["new_ms"] > 0
    assert 0.2 < result["ratio"] < 5  # (the same code: equal within noise on a quiet machine)


def test_each_copy_runs_its_own_modules(own_modules, tmp_path):
    """A copy whose scrub step differs gives other outputs: the comparison sees it, and the
    other copy's lazily imported modules are not mixed in."""
    import shutil

    shutil.copytree(REPO / ab.PACKAGE, tmp_path / ab.PACKAGE)
    decode = tmp_path / ab.PACKAGE / "decode.py"
    decode.write_text(decode.read_text(encoding="utf-8").replace(
        "    return text\n\n\n# The UTF-8 check", "    return text.upper()\n\n\n# The UTF-8 check"), encoding="utf-8")
    changed, base = ab.Copy(tmp_path), ab.Copy(REPO)
    result = ab.compare(base, changed, _pages(), "html", repeat=1)
    assert result["outputs_differ"] == [0, 1, 2, 3]


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="not a git checkout")
def test_the_base_revision_comes_from_git(tmp_path):
    ab.export_package("HEAD", tmp_path)
    assert (tmp_path / ab.PACKAGE / "__init__.py").is_file()
    with pytest.raises(RuntimeError, match="no-such-revision"):
        ab.export_package("no-such-revision", tmp_path / "x")
