"""The HTML fixture pages (``fixtures/html``, format in its README): segmentation, metadata,
decoding from bytes, Markdown, and the labels the whole pipeline gives them."""
from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from boilerstrip import markdown
from boilerstrip.config import Config
from boilerstrip.decode import to_text
from boilerstrip.model import Label
from boilerstrip.segment_html import segment_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.html"))
CONFIG = Config(input_format="html")
WIDTH = 9
METADATA_KEYS = ("title", "author", "date", "sitename", "url")


def read_labels(name: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(header, [(label, block text)]) of ``<name>.labels``."""
    text = (FIXTURES / f"{name}.labels").read_text(encoding="utf-8")
    assert text.endswith("\n"), f"{name}.labels must end with a newline"
    header, rows = {}, []
    for line in text[:-1].split("\n"):
        if line.startswith("#"):
            assert not rows, f"{name}.labels: header lines belong at the top"
            key, _, value = line[1:].partition(":")
            header[key.strip()] = value.strip()
            continue
        label, bar, body = line[:WIDTH], line[WIDTH:WIDTH + 2], line[WIDTH + 2:]
        assert bar == "| " and label == label.strip().ljust(WIDTH), f"{name}.labels: bad line {line!r}"
        rows.append((Label.parse(label.strip()).value, body))
    assert "about" in header and "language" in header and name.startswith(header["language"] + "-")
    return header, rows


def html_of(name: str) -> str:
    return (FIXTURES / f"{name}.html").read_text(encoding="utf-8")


def test_there_are_fixtures_with_labels_in_several_languages():
    assert len(NAMES) >= 4
    assert all((FIXTURES / f"{n}.labels").exists() for n in NAMES)
    assert len({n.split("-")[0] for n in NAMES}) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_segmentation_gives_the_labelled_blocks(name):
    _, rows = read_labels(name)
    blocks, _ = segment_html(html_of(name), CONFIG)
    assert [b.text for b in blocks] == [text for _, text in rows]


@pytest.mark.parametrize("name", NAMES)
def test_metadata(name):
    header, _ = read_labels(name)
    _, metadata = segment_html(html_of(name), CONFIG)
    expected = {k: header[k] for k in METADATA_KEYS if k in header}
    assert {k: metadata[k] for k in expected} == expected
    assert metadata["language"] == header["language"] or metadata["language"] is None


ENCODINGS = ["utf-8-sig", "utf-16", "cp1252", "iso-8859-15"]
_DECLARED = re.compile(r'<meta charset="utf-8">|content="text/html; charset=utf-8"', re.IGNORECASE)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", NAMES)
def test_pages_decoded_from_bytes_segment_the_same(name, encoding):
    html = html_of(name)
    declared = _DECLARED.sub(f'<meta charset="{encoding.replace("-sig", "")}">', html)
    try:
        data = declared.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{name} has characters {encoding} cannot encode")
    text = to_text(data, CONFIG)
    assert [b.text for b in segment_html(text, CONFIG)[0]] == [b.text for b in segment_html(declared, CONFIG)[0]]


def _labelled_blocks(name: str):
    import dataclasses

    _, rows = read_labels(name)
    blocks, _ = segment_html(html_of(name), CONFIG)
    return [dataclasses.replace(b, label=Label.parse(label)) for b, (label, _) in zip(blocks, rows)]


@pytest.mark.parametrize("name", [n for n in NAMES if (FIXTURES / f"{n}.md").exists()])
def test_markdown_of_title_and_body(name):
    kept = [b for b in _labelled_blocks(name) if b.label in (Label.TITLE, Label.BODY)]
    expected = (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
    assert markdown.render_blocks(kept) + "\n" == expected


def test_markdown_doctest():
    assert doctest.testmod(markdown).failed == 0


@pytest.mark.parametrize("text,expected", [
    ("# not a heading", "\\# not a heading"),
    ("- not an item", "\\- not an item"),
    ("3. not an item", "3\\. not an item"),
    ("plain", "plain"),
])
def test_markdown_escapes_syntax_at_the_start_of_a_paragraph(text, expected):
    from boilerstrip.model import Block

    assert markdown.render_blocks([Block(0, text, 0, len(text), tag="body>p")]) == expected


# The whole pipeline on the fixture pages: the article must come back (word F1 of the
# kept body against the labelled body) and most blocks must get the body/not-body call
# their label says. Floors, not exact labels: the classifier is learned. Each page's floor
# is what model-html.json (python -m bench.train_html, 13:22 run) reaches, rounded down
# to 0.05; raise them when the model improves, never lower them without a reason.
# Known gaps: on de-blog-threaded-comments two reader comments are kept as body, on
# en-news-nav-aside-comment-form the related teasers after the article are, and on
# es-div-soup-no-semantic-tags the three-row comparison table inside the article is left out
# (P(body) 0.43-0.49) since the model also learns from trafilatura-eval's snippets: its floor
# went from 0.95 to 0.90 then (F1 0.950), the model being better on both sets' tune splits.
BODY_F1_FLOOR = {"de-blog-threaded-comments": 0.85, "en-news-nav-aside-comment-form": 0.9,
                 "es-div-soup-no-semantic-tags": 0.9, "fr-magazine-jsonld": 0.9}
AGREEMENT_FLOOR = 0.85


def _word_f1(output: str, gold: str) -> float:
    from collections import Counter

    out, ref = Counter(re.findall(r"\w+", output.lower())), Counter(re.findall(r"\w+", gold.lower()))
    common = sum((out & ref).values())
    if not common:
        return 0.0
    precision, recall = common / sum(out.values()), common / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


@pytest.mark.parametrize("name", NAMES)
def test_pipeline_keeps_the_article(name):
    import boilerstrip

    _, rows = read_labels(name)
    doc = boilerstrip.annotate(html_of(name), CONFIG)
    assert [b.text for b in doc.blocks] == [text for _, text in rows]
    gold = "\n".join(text for label, text in rows if label == "body")
    assert _word_f1(doc.body, gold) >= BODY_F1_FLOOR.get(name, 0.9), doc.body
    agree = sum((b.label == Label.BODY) == (label == "body") for b, (label, _) in zip(doc.blocks, rows))
    assert agree / len(rows) >= AGREEMENT_FLOOR
