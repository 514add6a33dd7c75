"""The public API and the invariants every page must keep."""
from __future__ import annotations

import pytest

import boilerstrip
from boilerstrip import Config, ConfigError, InputTooLargeError, Label, assemble, annotate, clean

ARTICLE = "\n".join([
    "Volunteers planted four hundred oak saplings along the river on Saturday, hoping to slow erosion.",
    "The group, founded by two retired teachers, has planted more than ten thousand trees since it began.",
    "Each sapling is protected by a plastic sleeve until its roots are deep enough to survive the floods.",
    "Local schools will visit the site in spring to measure how the young trees have grown over winter.",
])
PAGE = "\n".join(["Home", "News", "Sign in", ARTICLE, "Share on Facebook", "© 2025 The Valley Post. All rights reserved."])


def test_clean_is_assemble_of_annotate():
    assert clean(PAGE) == assemble(annotate(PAGE))


def test_output_blocks_are_input_blocks_in_order():
    doc = annotate(PAGE)
    kept = [b for b in doc.blocks if b.label in doc.config.keep]
    positions = [b.start for b in kept]
    assert positions == sorted(positions)
    for b in doc.blocks:
        assert PAGE[b.start:b.end] == b.text
    assert clean(PAGE) == "\n".join(b.text for b in kept)


def test_menus_and_footer_are_dropped():
    assert clean(PAGE) == ARTICLE


def test_all_article_text_comes_back_whole():
    assert clean(ARTICLE) == ARTICLE


def test_keep_selects_labels():
    doc = annotate(PAGE, Config(keep={"body", "chrome"}))
    assert doc.body == PAGE
    assert Config(keep="title, body").keep == {Label.TITLE, Label.BODY}


def test_document_fields():
    doc = annotate(PAGE)
    assert doc.body == ARTICLE
    assert 0.0 <= doc.confidence <= 1.0
    assert doc.page_type in ("article", "forum")
    records = doc.to_records()
    assert len(records) == len(doc.blocks) and {"text", "label", "confidence", "reason", "start", "end"} <= set(records[0])
    d = doc.to_dict()
    assert d["body"] == ARTICLE and len(d["blocks"]) == len(doc.blocks)


def test_bad_config_teaches():
    with pytest.raises(ConfigError, match="expected one of"):
        Config(keep={"bodies"})
    with pytest.raises(ConfigError, match="input_format"):
        Config(input_format="pdf")


def test_too_large_input_raises_a_clear_error():
    with pytest.raises(InputTooLargeError, match="max_input_chars"):
        clean("x" * 101, Config(max_input_chars=100))


def test_wrong_type_raises_type_error():
    with pytest.raises(TypeError, match="str or bytes"):
        clean(12345)  # type: ignore[arg-type]


def test_empty_input_gives_empty_output():
    assert clean("") == ""
    assert clean("   \n\n ") == ""
    assert annotate("").blocks == ()


def test_blocks_are_frozen():
    block = annotate(PAGE).blocks[0]
    with pytest.raises(AttributeError):
        block.label = Label.BODY  # type: ignore[misc]


def test_readme_example_runs():
    import doctest

    failures, tried = doctest.testmod(boilerstrip, verbose=False)[:2]
    assert tried > 0 and failures == 0


@pytest.mark.parametrize("source", [
    PAGE,
    "<html><head><title>Rain</title></head><body><nav><a href='/'>Home</a></nav><article>"
    + "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()) + "</article></body></html>",
], ids=["text", "html"])
def test_documents_and_blocks_pickle(source):
    """Documents cross process pools and caches: they pickle, and come back equal and read-only."""
    import pickle
    import types

    doc = boilerstrip.annotate(source)
    back = pickle.loads(pickle.dumps(doc))
    assert back.body == doc.body and back.page_type == doc.page_type and back.confidence == doc.confidence
    assert [(b.text, b.label, b.evidence, b.tag) for b in back] == [(b.text, b.label, b.evidence, b.tag) for b in doc]
    assert [dict(b.features) for b in back] == [dict(b.features) for b in doc]
    assert isinstance(back.metadata, types.MappingProxyType) and dict(back.metadata) == dict(doc.metadata)
    plain = boilerstrip.segment(PAGE, Config())  # blocks without features
    again = pickle.loads(pickle.dumps(plain))
    assert again == plain and isinstance(again[0].features, types.MappingProxyType)


def test_new_block_is_the_dataclass_block_with_every_field_given():
    import dataclasses
    import pickle

    from boilerstrip.model import Block, Label, new_block

    fields = (3, "Harbour reopens", 10, 25, {"log_words": 1.0}, Label.TITLE, 0.75, ("rule: headline",), "body>h1")
    made, built = new_block(*fields), Block(*fields)
    assert made == built and type(made) is Block
    assert new_block(0, "Home", 0, 4) == Block(0, "Home", 0, 4)  # the same defaults
    assert [getattr(made, f.name) for f in dataclasses.fields(Block)] == list(fields)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.label = Label.BODY  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(made)) == built
    assert made.labelled(Label.BODY, 0.9, ("x",)) == dataclasses.replace(built, label=Label.BODY, confidence=0.9,
                                                                         evidence=("x",))
