"""classify: the tree ensemble, its evidence, and the page-grammar decoder."""
from __future__ import annotations

import numpy as np

from boilerstrip import Config, annotate
from boilerstrip.classify import AFTER, BEFORE, BODY, GAP, Costs, decode, design_matrix, load_model
from boilerstrip.features import features
from boilerstrip.segment import segment


def test_decoder_keeps_one_article_with_gaps():
    prob = [0.1, 0.2, 0.9, 0.95, 0.3, 0.9, 0.1, 0.05]
    states = decode(prob, [0.0] * len(prob), Costs())
    assert states[:2] == [BEFORE, BEFORE]
    assert states[2:6] == [BODY, BODY, GAP, BODY]
    assert states[6:] == [AFTER, AFTER]


def test_decoder_never_returns_to_the_body_after_a_section_heading():
    prob = [0.9, 0.9, 0.2, 0.95, 0.95]
    heading = [0, 0, 1, 0, 0]
    states = decode(prob, heading, Costs())
    assert states[:2] == [BODY, BODY]
    assert states[2:] == [AFTER, AFTER, AFTER]
    # without the heading, a short interruption is a gap in the article
    assert decode(prob, [0] * 5, Costs())[2:] == [GAP, BODY, BODY]


def test_decoder_on_empty_input():
    assert decode([], [], Costs()) == []


def test_evidence_adds_up_to_the_score():
    """Saabas attribution: baseline + root values + contributions == the raw score."""
    model = load_model()
    cfg = Config()
    text = "Home\nThe council voted on Monday to rebuild the old pier, the mayor said.\nShare"
    blocks = features(segment(text, cfg), cfg)
    X, _ = design_matrix(blocks, model.names)
    raw, contrib = model.score(X)
    roots = model.value[:, 0].sum()
    assert np.allclose(model.baseline + roots + contrib.sum(axis=1), raw)
    raw_only, none = model.score(X, explain=False)
    assert none is None and np.allclose(raw_only, raw)


def test_every_label_has_confidence_and_evidence():
    doc = annotate("Home\nNews\n" + "The council voted to rebuild the pier after the storm, the mayor said. " * 3 + "\nShare")
    for b in doc.blocks:
        assert b.label is not None
        assert 0.0 <= b.confidence <= 1.0
        assert b.evidence and b.reason
        assert any(e.startswith(("model p(body)", "rule:")) for e in b.evidence)
