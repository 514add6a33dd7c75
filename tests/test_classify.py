"""classify: the tree ensemble, its evidence, and the page-grammar decoder."""
from __future__ import annotations

import importlib

import numpy as np

import boilerstrip
from boilerstrip import Config, Label, annotate
from boilerstrip.classify import (AFTER, BEFORE, BODY, GAP, Costs, decode, design_matrix, keep_prose, load_model,
                                  model_for)
from boilerstrip.features import features
from boilerstrip.segment import segment


COSTS = Costs(enter_body=1.0, open_gap=1.0, close_gap=1.0, leave_body=1.0, heading_in_gap=8.0)


def test_decoder_keeps_one_article_with_gaps():
    prob = [0.1, 0.2, 0.9, 0.95, 0.02, 0.95, 0.9, 0.1, 0.05]
    states = decode(prob, [0.0] * len(prob), COSTS)
    assert states[:2] == [BEFORE, BEFORE]
    assert states[2:7] == [BODY, BODY, GAP, BODY, BODY]
    assert states[7:] == [AFTER, AFTER]


def test_decoder_smooths_an_isolated_prose_line_in_the_chrome():
    prob = [0.1, 0.7, 0.1, 0.1, 0.9, 0.95, 0.9, 0.1]
    states = decode(prob, [0.0] * len(prob), COSTS)
    assert states[1] == BEFORE and states[4:7] == [BODY, BODY, BODY]


def test_decoder_never_returns_to_the_body_after_a_section_heading():
    prob = [0.95, 0.95, 0.95, 0.05, 0.9, 0.9]
    heading = [0, 0, 0, 1, 0, 0]
    states = decode(prob, heading, COSTS)
    assert states[:3] == [BODY] * 3
    assert states[3:] == [AFTER] * 3
    # without the heading, the short interruption is a gap in the article
    assert decode(prob, [0] * 6, COSTS)[3:] == [GAP, BODY, BODY]


def test_a_one_paragraph_page_has_its_article():
    costs = Costs(enter_body=4.0, open_gap=1.0, close_gap=1.0, leave_body=0.5)
    assert decode([0.87], [0.0], costs) == [BODY]
    assert decode([0.1, 0.87, 0.2], [0.0] * 3, costs) == [BEFORE, BODY, AFTER]
    assert decode([0.1, 0.3, 0.2], [0.0] * 3, costs) == [BEFORE] * 3  # nothing reads as article


def test_prose_the_model_holds_body_is_kept_inside_a_gap():
    """A weak run inside the article is one gap; its prose blocks (P(body) >= 0.5, ten words
    or more) stay body, its short furniture and the blocks the model holds chrome do not."""
    prob = [0.95, 0.9, 0.2, 0.25, 0.7, 0.2, 0.62, 0.25, 0.2, 0.9, 0.95]
    words = np.log1p([40, 35, 3, 4, 30, 25, 6, 4, 3, 40, 30])
    states = decode(prob, [0.0] * len(prob), COSTS)
    assert states[2:9] == [GAP] * 7  # the decoder cuts the run as one gap
    kept_states, kept = keep_prose(states, prob, words)
    assert kept == {4}  # block 6 is more likely body too, but six words long
    assert kept_states == states[:4] + [BODY] + states[5:]
    assert keep_prose(states, prob, np.log1p([9] * len(prob))) == (states, frozenset())


def test_a_kept_gap_block_is_body_and_names_its_rule(monkeypatch):
    """`classify` labels a kept block body, with the rule as its decoder evidence."""
    from boilerstrip.classify import _KEPT_PROSE

    cls = importlib.import_module("boilerstrip.classify")
    prose = ["The council met on Tuesday evening to discuss the plans for the new bridge over the river.",
             "Residents who live near the crossing said they had waited many years for the work to begin.",
             "The first contracts will be signed in the spring, and building should start before the summer."]
    blocks = features(segment("\n".join(prose), Config()), Config())
    monkeypatch.setattr(cls, "decode", lambda prob, heading, costs: [BODY, GAP, BODY])
    labelled = cls.classify(blocks, Config(), "text")
    assert float(labelled[1].features["log_words"]) > np.log1p(10)
    assert labelled[1].label is Label.BODY and _KEPT_PROSE in labelled[1].evidence
    assert all(_KEPT_PROSE not in b.evidence for b in (labelled[0], labelled[2]))


BRIEF = ("NORTHPORT - A water main break on Elm Street closed two blocks between Fourth and Sixth avenues for most "
         "of Wednesday, and crews expect to finish repairs by Thursday morning, the city's utilities department said.")
BRIEF_DE = ("Die Gemeinde hat am Dienstag beschlossen, die Öffnungszeiten der Stadtbibliothek zu verlängern, nachdem "
            "Studierende und berufstätige Eltern monatelang darum gebeten hatten.")


def test_a_page_whose_only_prose_is_one_paragraph_keeps_it():
    """Where no block reached the body, the page's likeliest paragraph (20 words or more, ending
    a sentence, no chrome cue) that the decoder left out is body, with the rule as evidence."""
    from boilerstrip.classify import _LONE_PROSE

    for source in ["Menu\nSearch\n" + BRIEF + "\nShare", "Zum Inhalt springen\nMenü\n" + BRIEF_DE + "\nTeilen",
                   f"<html><body><p>{BRIEF_DE}</p></body></html>"]:
        doc = annotate(source)
        body = doc.labelled(Label.BODY)
        assert [b.text for b in body] == [BRIEF if "Menu" in source else BRIEF_DE]
        assert body[0].evidence[0] == _LONE_PROSE and 0.1 <= body[0].confidence < 0.5
        assert all(b.label is Label.CHROME for b in doc.blocks if b is not body[0])


SHORT = "Farmers welcomed the first heavy rain in weeks on Tuesday, saying it came in time."  # 15 words


def test_on_a_small_page_a_shorter_paragraph_is_enough():
    """Below 20 words, a paragraph holding a quarter or more of the page's words (8 words at
    least) is the page's prose: the smallest pages, a headline and one sentence, are not empty."""
    for source, body in [("Home | News | Sport\nRain returns to the valley\n" + SHORT + "\nShare this article", SHORT),
                         ("<html><body><h1>Rain returns</h1><p>Farmers welcomed the first heavy rain in weeks on "
                          "Tuesday.</p></body></html>", "Farmers welcomed the first heavy rain in weeks on Tuesday.")]:
        assert boilerstrip.clean(source) == body
    # the same sentence among 64 words or more of menus is a line of the site, not its article
    menu = ("Home World Business Science Sport Culture Travel Health Opinion Weather Local Politics Money Tech "
            "Newsletters Podcasts Video Photos Puzzles Obituaries Jobs Classifieds Events Advertise Careers "
            "Accessibility Help Corrections Archive Apps Letters Columnists Reviews Recipes Gardening Motoring "
            "Property").split() + ["Sign in", "Subscribe", "Contact us", "About us", "Privacy policy", "Terms of use",
                                    "Cookie settings", "Site map", "RSS feeds"]
    page = annotate("\n".join(menu) + "\n" + SHORT + "\nShare this article")
    assert sum(len(b.text.split()) for b in page.blocks) >= 64 and page.body == ""
    assert boilerstrip.clean("Home\nRain returns\nFarmers welcomed the rain.\nShare") == ""  # 4 words: no paragraph


def test_the_kept_paragraph_gets_its_headline_as_any_article_does():
    doc = annotate("Menu\nSearch\nWater main break closes Elm Street\n" + BRIEF + "\nShare")
    assert doc.title == "Water main break closes Elm Street" and doc.body == BRIEF
    assert doc.labelled(Label.TITLE)[0].evidence[0] == "rule: headline shape just before the article"
    assert boilerstrip.clean(doc.source, Config(keep={"title", "body"})) == "Water main break closes Elm Street\n" + BRIEF


def test_a_stray_line_is_no_article():
    """A body of fewer than 8 words, none ending a sentence, is made chrome with the rule as its
    evidence, and what was named for it (title, byline) with it; a sentence, or 8 words, stay."""
    from boilerstrip.classify import drop_stray_body

    def reading(*lines_and_labels: tuple[str, Label]) -> tuple:
        blocks = features(segment("\n".join(line for line, _ in lines_and_labels), Config()), Config())
        return tuple(b.labelled(label, 0.6, ("model p(body)=0.60",)) for b, (_, label) in zip(blocks, lines_and_labels))

    chrome, body, title = Label.CHROME, Label.BODY, Label.TITLE
    stray = drop_stray_body(reading(("Help Center", chrome), ("Store news", title), ("Alibaba Group", body),
                                    ("Privacy Policy", chrome)))
    assert all(b.label is chrome for b in stray)
    assert stray[2].evidence[0] == "rule: a body of 2 words and no sentence is no article (the page has none)"
    assert stray[1].evidence[0] == stray[2].evidence[0] and stray[0].evidence == ("model p(body)=0.60",)
    for line in ("Rain returned on Tuesday.", "Camera and phone accessories for travel and home use"):
        page = reading(("Help Center", chrome), (line, body))
        assert drop_stray_body(page) == page


def test_a_stray_line_makes_way_for_the_page_s_paragraph():
    """The stray-line rule runs before the one-paragraph rule: when the decoder's only body was a
    menu line, the page's paragraph is kept in its place (the other way round it came back empty)."""
    page = "Home News Sport Weather\nCouncil approves new bridge\nBy Jane Smith, 3 March 2024\n" + BRIEF + \
        "\nShare this article"
    doc = annotate(page)
    menu = doc.blocks[0]
    assert menu.label is Label.CHROME and menu.evidence[0].startswith("rule: a body of 4 words and no sentence")
    assert doc.body == BRIEF and doc.byline == "By Jane Smith, 3 March 2024"


def test_no_paragraph_is_made_body_where_there_is_a_body_or_only_boilerplate():
    from boilerstrip.classify import _LONE_PROSE, keep_lone_prose

    cookie = ("We use cookies to give you the best experience on our website. By continuing to browse you agree "
              "to our use of cookies and our privacy policy.")
    for source in ["Menu\n" + cookie + "\nAccept",  # a chrome cue: not the page's prose
                   "Home\nNews\nCity news\nSports news\nWeather\nContact",  # no paragraph at all
                   "Menu\nShare this story with your friends and family today\nSign up"]:  # no sentence end
        assert boilerstrip.clean(source) == ""
    doc = annotate("Library hours extended\n" + BRIEF)  # the decoder found the body: nothing to do
    assert all(_LONE_PROSE not in b.evidence for b in doc.blocks) and doc.body == BRIEF
    assert keep_lone_prose((), []) == ()


def test_a_paragraph_a_rule_named_is_left_to_that_rule():
    """Only blocks the decoder left out are candidates: a comment, a related teaser or a second
    copy keeps the label its rule gave it."""
    from boilerstrip.classify import keep_lone_prose

    doc = annotate("Menu\nSearch\n" + BRIEF + "\nShare")
    named = tuple(b.labelled(Label.COMMENTS, b.confidence, ("rule: inside the comments section",) + b.evidence)
                  if b.text == BRIEF else b.labelled(Label.CHROME, b.confidence, b.evidence) for b in doc.blocks)
    prob = [0.2] * len(named)
    assert keep_lone_prose(named, prob) == named


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


def _walked_attribution(model, X):
    """Each row down each tree node by node, from the model's own arrays: raw scores and the
    change in value each split made, credited to its feature (the definition, slowly)."""
    raw = np.full(len(X), model.baseline)
    contrib = np.zeros((len(X), len(model.names)))
    for r, x in enumerate(X):
        for t in range(model.feature.shape[0]):
            node = 0
            while model.left[t, node] != node:
                f = model.feature[t, node]
                left = model.missing_left[t, node] if np.isnan(x[f]) else x[f] <= model.threshold[t, node]
                child = model.left[t, node] if left else model.right[t, node]
                contrib[r, f] += model.value[t, child] - model.value[t, node]
                node = child
            raw[r] += model.value[t, node]
    return raw, contrib


def test_attribution_equals_the_walk_node_by_node():
    rng = np.random.default_rng(7)
    for mode in ("text", "html"):
        model = model_for(mode)
        X = rng.normal(size=(300, len(model.names))) * 2
        X[:100][rng.random((100, X.shape[1])) < 0.1] = np.nan  # some rows miss values (a page's edges), most do not
        raw, contrib = model.score(X)
        want_raw, want = _walked_attribution(model, X)
        assert np.allclose(raw, want_raw) and np.allclose(contrib, want)


def test_attribution_past_a_split_with_an_infinite_threshold():
    # node 0 splits on "a" at +inf (every value goes left), node 1 on "b"; 2, 3 and 4 are leaves
    tree = {"feature": [[0, 1, 0, 0, 0]], "threshold": [[np.inf, 0.0, 0.0, 0.0, 0.0]],
            "left": [[1, 3, 2, 3, 4]], "right": [[2, 4, 2, 3, 4]], "value": [[0.5, 0.25, 2.0, -1.0, 1.5]],
            "missing_left": [[True, True, True, True, True]]}
    from boilerstrip.trees import Ensemble

    model = Ensemble(names=("a", "b"), baseline=0.0, depth=3, meta={},
                     **{k: np.asarray(v, dtype=bool if k == "missing_left" else float if k in ("threshold", "value")
                                      else np.int64) for k, v in tree.items()})
    raw, contrib = model.score(np.array([[5.0, 1.0], [5.0, -1.0]]))
    assert raw.tolist() == [1.5, -1.0]
    assert contrib.tolist() == [[-0.25, 1.25], [-0.25, -1.25]]


def test_every_label_has_confidence_and_evidence():
    doc = annotate("Home\nNews\n" + "The council voted to rebuild the pier after the storm, the mayor said. " * 3 + "\nShare")
    for b in doc.blocks:
        assert b.label is not None
        assert 0.0 <= b.confidence <= 1.0
        assert b.evidence and b.reason
        assert any(e.startswith(("model p(body)", "rule:")) for e in b.evidence)


_WALKS = ["The county's walking festival returns next month with more than forty guided routes, from short strolls "
          "around the old town to a full day on the ridge above the reservoir.",
          "Every walk is led by a volunteer who knows the area well, and most of the routes finish at a café or a pub "
          "where walkers can rest before the bus home.",
          "Places are free but must be booked in advance, because groups are kept small so that the paths are not "
          "damaged and nobody is left behind on the steeper sections."]
_ROUTES = ["Reservoir ridge circuit", "Old town heritage trail", "Bluebell wood ramble", "Canal towpath to the locks"]


def test_short_tail_fragments_are_cut_in_text_but_left_to_the_model_in_html():
    """A list closing the article (this year's routes) is content the markup shows; in plain
    text the same short lines look like tags and links, and the tail rule cuts them."""
    tail_rule = "rule: short fragment at the article's tail"
    html = ("<html><body><nav><a href='/'>Home</a> <a href='/events'>Events</a></nav><main><article>"
            "<h1>Walking festival returns</h1>" + "".join(f"<p>{p}</p>" for p in _WALKS)
            + "<h2>This year's routes</h2><ul>" + "".join(f"<li>{r}</li>" for r in _ROUTES + ["Castle hill sunrise walk"])
            + "</ul></article></main><footer><a href='/about'>About us</a></footer></body></html>")
    doc = boilerstrip.annotate(html)
    assert not [b.text for b in doc.blocks if tail_rule in b.evidence]
    assert all(b.label is Label.BODY for b in doc.blocks if b.text in _ROUTES)
    text = "\n".join(["Home", "Events", "Walking festival returns"] + _WALKS + ["This year's routes"] + _ROUTES)
    doc = boilerstrip.annotate(text, Config(input_format="text"))
    cut = [b.text for b in doc.blocks if tail_rule in b.evidence]
    assert "This year's routes" in cut and set(cut) <= {"This year's routes", *_ROUTES}


def test_strongest_features_are_a_stable_sort_by_magnitude():
    from boilerstrip.classify import _strongest

    rng = np.random.default_rng(3)
    contrib = rng.integers(-3, 4, size=(500, 40)).astype(float) / 4  # many equal magnitudes and zeros
    contrib[:5] = 0.0
    want = np.argsort(-np.abs(contrib), axis=1, kind="stable")[:, :3]
    assert np.array_equal(_strongest(contrib, 3), want)
    assert _strongest(np.zeros((0, 40)), 3).shape == (0, 3)


def test_classify_with_a_given_model_uses_that_model_and_its_costs():
    """`classify(..., model=)` (the training script scores candidate costs through it): the
    shipped model given explicitly labels as the default does; the same trees with costs that
    forbid a gap in the article label the page differently, and only through the decoder."""
    import dataclasses

    from boilerstrip.classify import classify
    from conftest import FIXTURES, read_fixture

    text = read_fixture(FIXTURES / "text" / "en-howto-steps.page").text
    config = Config(input_format="text")
    blocks = features(segment(text, config), config)
    shipped = model_for("text")
    default = classify(blocks, config)
    assert classify(blocks, config, model=shipped) == default
    no_gaps = dataclasses.replace(shipped, meta=dict(shipped.meta, costs=dict(shipped.meta["costs"], open_gap=1e6)))
    changed = classify(blocks, config, model=no_gaps)
    assert [b.label for b in changed] != [b.label for b in default]
    # same trees, the same P(body): the model's own evidence line is unchanged on every block
    assert [b.evidence[0] for b in changed] == [b.evidence[0] for b in default]
