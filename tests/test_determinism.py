"""Determinism: the same input and config give the same output, in any process, on any run.

No result may depend on what ran before (caches, module state), on hash randomisation
(set and dict order), or on the process: the checks below clean the same pages in
between other pages, in fresh interpreters with different hash seeds, and compare
every field of the result, not just the clean text.
"""
from __future__ import annotations

import copy
import dataclasses
import hashlib
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

import boilerstrip
from bench.scale import page
from boilerstrip import Config, annotate, clean

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CONFIGS = {
    "default": Config(),
    "text-title-body": Config(input_format="text", keep={"title", "body"}),
    "paragraph-de": Config(segment="paragraph", language="de"),
    "no-comments-related": Config(detect_comments=False, detect_related=False, keep={"body", "comments", "related"}),
}


def pages() -> dict[str, str]:
    """Fixture pages (text and HTML) and synthetic ones, by name."""
    found = {p.name: p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "text").glob("*.page"))[:8]}
    found.update({p.name: p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "html").glob("*.html"))})
    found["synthetic.txt"] = page("text", 30_000, seed=3)
    found["synthetic.html"] = page("html", 30_000, seed=4)
    return found


def fingerprint() -> str:
    """One hash over every page × config: labels, confidences, evidence, metadata, text."""
    digest = hashlib.sha256()
    for name, source in pages().items():
        for key in ("default", "paragraph-de"):
            doc = annotate(source, CONFIGS[key])
            digest.update(f"{name}|{key}|".encode())
            digest.update(json.dumps(doc.to_dict(), sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


def test_repeated_calls_give_identical_documents():
    source = page("text", 20_000, seed=5)
    first = annotate(source).to_dict()
    for _ in range(2):
        assert annotate(source).to_dict() == first
    assert clean(source) == first["body"]


def test_results_do_not_depend_on_what_ran_before():
    source = page("html", 20_000, seed=6)
    alone = annotate(source).to_dict()
    for config in CONFIGS.values():  # other configs, languages and formats in between
        for other in list(pages().values())[:4]:
            annotate(other, config)
    assert annotate(source).to_dict() == alone


def test_threads_sharing_the_process_get_what_one_thread_gets():
    """Callers that clean pages on a thread pool (a web service, a notebook) share the
    process's loaded model, stoplists and caches: each page must come out as it does alone."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(source, config) for source in pages().values() for config in CONFIGS.values()] * 2

    def document(job):
        return annotate(*job).to_dict()

    alone = [document(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(document, jobs))
    assert len(together) == len(alone) == 2 * len(pages()) * len(CONFIGS)
    for job, one, other in zip(jobs, alone, together):
        assert other == one, job[1]


def test_same_output_in_fresh_processes_with_other_hash_seeds():
    """Three interpreters at once, each with its own hash seed (set and dict order differ)."""
    code = "import sys; sys.path[:0] = [%r, %r]; from test_determinism import fingerprint; print(fingerprint())" % (
        str(ROOT), str(ROOT / "tests"))
    runs = {seed: subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=dict(os.environ, PYTHONHASHSEED=seed), cwd=ROOT)
            for seed in ("0", "1", "4242")}
    prints = {}
    for seed, run in runs.items():
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err[-2000:]
        prints[seed] = out.strip().splitlines()[-1]
    assert len(set(prints.values())) == 1, f"the hash seed changed the output: {prints}"


def _package_modules() -> list[types.ModuleType]:
    found = []
    for info in pkgutil.walk_packages(boilerstrip.__path__, "boilerstrip."):  # subpackages too
        if not info.name.endswith("__main__"):
            try:
                found.append(importlib.import_module(info.name))
            except ImportError:  # an optional integration whose host library is absent
                pass
    return found


def _mutable_globals() -> dict[str, object]:
    """Every module-level dict, list, set or bytearray of the package, deep-copied."""
    state = {}
    for module in _package_modules():
        for name, value in vars(module).items():
            if isinstance(value, (dict, list, set, bytearray)) and not name.startswith("__"):
                state[f"{module.__name__}.{name}"] = copy.deepcopy(value)
    return state


def test_cleaning_leaves_no_module_state_behind():
    annotate("warm up the caches\nwith a page", Config())  # read-only caches (model, stoplists) load here
    before = _mutable_globals()
    for config in CONFIGS.values():
        for source in pages().values():
            annotate(source, config)
    after = _mutable_globals()
    changed = [name for name in before if after[name] != before[name]]
    assert not changed, f"module state changed while cleaning: {changed}"


def test_config_and_records_are_immutable():
    config = Config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.keep = frozenset()  # type: ignore[misc]
    doc = annotate(page("text", 5_000))
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.blocks[0].label = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        doc.metadata["input_format"] = "html"  # type: ignore[index]
    assert hash(config) == hash(Config())
