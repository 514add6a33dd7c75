"""features: named numbers per block, pure functions of the page."""
from __future__ import annotations

import math

from boilerstrip import Config
from boilerstrip.features import NAMES, features, matrix_rows
from boilerstrip.segment import segment

CFG = Config()
ARTICLE = [
    "The river rose overnight and flooded the lower streets of the old town, the mayor said on Monday.",
    "Residents moved furniture upstairs as the river water reached the doors of the market hall in town.",
    "The mayor said the town would open a shelter in the school gym for residents who had to leave.",
]


def featured(lines):
    return features(segment("\n".join(lines), CFG), CFG)


def test_every_block_has_every_named_feature():
    blocks = featured(["Home"] + ARTICLE + ["Share this article"])
    for b in blocks:
        assert tuple(b.features)[: len(NAMES)] == NAMES
        assert all(math.isfinite(v) for v in b.features.values)


def test_shape_features():
    b = featured(ARTICLE)[0]
    assert b.features["end_punct"] == 1.0
    assert round(math.expm1(b.features["log_words"])) == 18
    assert 0.3 < b.features["stop_density"] < 0.7
    assert b.features["reporting"] == 1.0


def test_cue_features_are_multilingual():
    blocks = featured(["Ähnliche Artikel", "Comentarios (4)", "vor 3 Stunden", "Partager", "By Jane Roe"])
    f = [b.features for b in blocks]
    assert f[0]["related_heading"] == 1.0
    assert f[1]["comments_heading"] == 1.0
    assert f[2]["has_reltime"] == 1.0
    assert f[3]["chrome_phrase"] == 1.0
    assert f[4]["byline"] == 1.0


def test_cohesion_separates_another_story():
    other = ("Astronomers announced a comet that will pass close to Jupiter next spring, "
             "giving telescopes a rare view of its icy tail and dusty coma.")
    blocks = featured(ARTICLE + ["Share", "Print", "Comments", "Related", other])
    # the article's paragraphs share "river", "town", "mayor", "residents"...; the comet story shares nothing
    assert min(b.features["cohesion"] for b in blocks[:3]) >= 0.1
    assert blocks[-1].features["cohesion"] == 0.0
    assert blocks[-1].features["anchor_side"] == 1.0


def test_repeated_lines_are_marked():
    blocks = featured(["Home", "News"] + ARTICLE + ["Home", "News"])
    assert blocks[0].features["repeated"] == 1.0
    assert blocks[2].features["repeated"] == 0.0


def test_features_are_deterministic():
    a = featured(["Menu"] + ARTICLE)
    b = featured(["Menu"] + ARTICLE)
    assert [x.features.values.tolist() for x in a] == [x.features.values.tolist() for x in b]


def test_blocks_with_different_dom_features_keep_their_own():
    """Blocks a segmenter gave different extra features (rare; one list per page is the rule)
    each keep theirs after the page's own features, and their own values are the page's."""
    import dataclasses

    plain = segment("\n".join(["Home"] + ARTICLE), CFG)
    mixed = [dataclasses.replace(b, features={"dom_x": float(i)} if i % 2 else {}) for i, b in enumerate(plain)]
    out, reference = features(mixed, CFG), features(plain, CFG)
    for i, (b, ref) in enumerate(zip(out, reference)):
        assert tuple(b.features) == NAMES + (("dom_x",) if i % 2 else ())
        assert b.features.values[: len(NAMES)].tolist() == ref.features.values.tolist()
        if i % 2:
            assert b.features["dom_x"] == float(i)


def test_html_dom_columns_are_shared_not_copied():
    """The featured blocks' table holds the HTML segmenter's own DOM columns after the own
    features; featuring the same blocks again gives equal numbers and leaves the first
    table as it was."""
    import numpy as np

    from boilerstrip.segment_html import FEATURE_NAMES, segment_html

    html = "<html><body><nav><a href='/'>Home</a></nav><article>" + "".join(
        f"<p>{line}</p>" for line in ARTICLE) + "</article></body></html>"
    blocks, _ = segment_html(html, CFG)
    dom = blocks[0].features.table
    first = features(blocks, CFG)
    table = first[0].features.table
    assert table.cols[len(NAMES):] == dom.cols and all(a is b for a, b in zip(table.cols[len(NAMES):], dom.cols))
    before = table.rows(0, len(first))
    second = features(blocks, CFG)
    assert np.array_equal(second[0].features.table.rows(0, len(second)), before)
    assert np.array_equal(table.rows(0, len(first)), before)
    assert tuple(first[0].features) == NAMES + FEATURE_NAMES
    assert [b.features["dom_is_p"] for b in first] == [b.features["dom_is_p"] for b in blocks]
    assert all(not col.flags.writeable for col in table.cols)  # blocks are immutable, and so are their features


def test_matrix_rows_only_for_a_run_of_one_page_in_order():
    cfg = Config()
    page = features(segment("Home\nThe council met on Monday to vote on the pier.\nShare\nNews", cfg), cfg)
    other = features(segment("About us\nContact", cfg), cfg)
    rows = matrix_rows(page[1:3])
    assert rows is not None and rows.dtype == float and rows.tolist() == [list(b.features.values) for b in page[1:3]]
    assert matrix_rows([page[2], page[1]]) is None  # out of order
    assert matrix_rows([page[0], other[1]]) is None  # two pages
    assert matrix_rows([]) is None
