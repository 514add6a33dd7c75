"""Library errors are typed, documented and teach; nothing is swallowed into None or "".

Every error boilerstrip raises on purpose is a `BoilerstripError` (and a `ValueError`,
so ``except ValueError`` keeps working); each message says what was wrong and what to
do. docs/robustness.md lists every one with what raises it. An empty result is never
unexplained: the document says which blocks there were and why each was dropped.
"""
from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

import boilerstrip
from boilerstrip import (BoilerstripError, Config, ConfigError, DecodeError, InputTooLargeError, Label, NotAPageError,
                         NotTextError, annotate, assemble, clean)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "robustness.md"
ERRORS = [obj for name, obj in vars(boilerstrip).items()
          if inspect.isclass(obj) and issubclass(obj, BoilerstripError) and name in boilerstrip.__all__]

# (what goes wrong, the call, the error type, words its message must hold)
CASES = [
    ("pdf", lambda: clean(b"%PDF-1.4\n" + bytes(500)), NotTextError, ["PDF", "extract the text first"]),
    ("gzip", lambda: clean(b"\x1f\x8b\x08\x00" + bytes(100)), NotTextError, ["gzip", "decompress"]),
    ("binary", lambda: clean(bytes(range(1, 32)) * 100), NotTextError, ["binary", "not a file of another format"]),
    ("rss feed", lambda: clean('<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>'),
     NotAPageError, ["RSS feed", "<rss>", "not a web page", "each entry"]),
    ("no encoding", lambda: clean(bytes(range(128, 256)) * 10), DecodeError, ["encoding", "pass a str"]),
    ("too large", lambda: clean("x" * 11, Config(max_input_chars=10)), InputTooLargeError,
     ["11", "max_input_chars=10", "Config(max_input_chars=...)"]),
    ("bad input_format", lambda: Config(input_format="pdf"), ConfigError, ["input_format", "'auto'"]),
    ("bad segment", lambda: Config(segment="sentence"), ConfigError, ["segment", "'line'"]),
    ("bad keep", lambda: Config(keep={"bodies"}), ConfigError, ["bodies", "body"]),
    ("bad limit", lambda: Config(max_input_chars=0), ConfigError, ["max_input_chars", "positive"]),
    ("bad language code", lambda: Config(language="e n"), ConfigError, ["language", "'en'"]),
    ("unknown language", lambda: clean("Some words of a page.\nMore words.", Config(language="xx")), ConfigError,
     ["'xx'", "known codes"]),
]


@pytest.mark.parametrize("what,call,error,words", CASES, ids=[c[0] for c in CASES])
def test_each_error_is_typed_and_its_message_teaches(what, call, error, words):
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, BoilerstripError) and isinstance(info.value, ValueError)
    for word in words:
        assert word in str(info.value), f"{what}: {word!r} not in {str(info.value)!r}"


def test_every_public_error_is_documented_with_what_raises_it():
    text = DOCS.read_text(encoding="utf-8")
    assert {e.__name__ for e in ERRORS} >= {"BoilerstripError", "ConfigError", "NotTextError", "DecodeError",
                                           "InputTooLargeError", "NotAPageError"}
    for error in ERRORS:
        assert f"`{error.__name__}`" in text, f"{error.__name__} is not in docs/robustness.md"
        assert error.__doc__, f"{error.__name__} has no docstring"


def test_wrong_types_are_type_errors_not_silence():
    for value in (None, 12, ["a page"], {"text": "x"}):
        with pytest.raises(TypeError, match="str or bytes"):
            clean(value)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown format"):
        assemble(annotate("a page"), "pdf")


def test_an_empty_result_always_says_why():
    page = "\n".join(["Home", "News", "Sign in", "Share on Facebook", "© 2025 The Valley Post. All rights reserved."])
    doc = annotate(page)
    assert clean(page) == "" == doc.body
    assert len(doc.blocks) == 5  # every block is still there, labelled ...
    for block in doc.blocks:
        assert block.label is not None and block.label is not Label.BODY
        assert block.evidence and block.reason  # ... with the evidence that dropped it
    assert annotate("").blocks == () and annotate("").metadata["input_format"] == "text"


def test_internal_failures_propagate_instead_of_becoming_empty_text(monkeypatch):
    import boilerstrip as package

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in a stage")

    monkeypatch.setattr(package, "classify", broken)
    with pytest.raises(RuntimeError, match="a bug in a stage"):
        clean("Home\nA page with some text on it.")


def test_results_are_always_strings_and_serialisable():
    for source in ("", "x", "Home\nNews", "<p>x</p><p>y</p><div>z</div>", b"\xef\xbb\xbf<html><body><p>a</p>"):
        out = clean(source)
        assert isinstance(out, str)
        json.loads(assemble(annotate(source), "json"))
