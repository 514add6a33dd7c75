"""The views of an annotated page: notebook HTML, the report page, the terminal listing, `boilerstrip report`.

Rendering is checked on hand-built documents (every label, hostile text, a long block),
then on the seed pages through the real pipeline (skipped when ../shared is absent).
"""
from __future__ import annotations

import base64
import doctest
import gzip
import hashlib
import json
import re
from pathlib import Path

import lxml.html
import pytest

import boilerstrip
from boilerstrip import display
from boilerstrip.cli_report import ReportInputError, iter_sources
from boilerstrip.display import (FOLD_CHARS, LABEL_STYLES, UNLABELLED, block_row, format_labels, page_view,
                                 report_html)
from boilerstrip.model import Document, Label
from display_helpers import BLOCKS, HOSTILE, make_doc, needs_seeds, run_report, seed_paths, write_corpus

def block_texts(root) -> list[str]:
    """Each rendered block's text as a reader sees it unfolded (the fold marker left out)."""
    texts = []
    for text_el in root.find_class("bs-text"):
        for more in text_el.find_class("bs-more"):
            more.drop_tree()
        texts.append(text_el.text_content())
    return texts


def check_blocks(root, doc: Document) -> None:
    """Every block is rendered once, in order, with its label, confidence, reason and exact text."""
    rendered = root.find_class("bs-block")
    assert [int(el.get("data-index")) for el in rendered] == [b.index for b in doc.blocks]
    for el, block in zip(rendered, doc.blocks):
        name = block.label.value if block.label else "none"
        assert el.get("data-label") == name and f"bs-l-{name}" in el.get("class").split()
        assert el.find_class("bs-label")[0].text_content() == name
        assert el.find_class("bs-conf")[0].text_content() == f"{block.confidence:.2f}"
        assert el.find_class("bs-reason")[0].text_content() == block.reason
        assert el.get("title").startswith(f"{name} \u00b7 confidence {block.confidence:.2f}")
    assert block_texts(root) == [b.text for b in doc.blocks]


# ---------------------------------------------------------------- notebook fragment


def test_notebook_html_shows_every_block_in_order_with_its_label_and_reason():
    doc = make_doc()
    root = lxml.html.fragment_fromstring(doc._repr_html_())
    check_blocks(root, doc)
    legend = {el.get("data-label"): el.text_content() for el in root.find_class("bs-key")}
    assert legend == {"chrome": "chrome 2", "title": "title 1", "byline": "byline 1", "caption": "caption 1",
                      "body": "body 3", "comments": "comments 1", "related": "related 1", "none": "none 1"}


def test_hostile_text_is_shown_as_text_never_as_markup():
    html = display.document_html(make_doc())
    root = lxml.html.fragment_fromstring(html)
    assert root.xpath("//script | //img | //b | //*[@onerror]") == []
    assert HOSTILE in block_texts(root)
    assert "&lt;script&gt;window.__bs_pwned" in html and "&lt;b&gt;bold&lt;/b&gt; evidence" in html


def test_long_blocks_fold_and_short_ones_do_not():
    root = lxml.html.fragment_fromstring(display.document_html(make_doc()))
    folded = [el for el in root.find_class("bs-text") if el.tag == "details"]
    assert len(folded) == 1 and len(folded[0].find("summary").text) <= FOLD_CHARS
    assert "characters)" in folded[0].find_class("bs-more")[0].text_content()


def test_each_label_has_its_own_colour_used_in_the_stylesheet():
    colours = [style.colour for style in LABEL_STYLES.values()]
    assert set(LABEL_STYLES) == set(Label) and len(set(colours)) == len(colours) and UNLABELLED.colour not in colours
    css = display._css()
    for label, style in LABEL_STYLES.items():
        assert f".bs .bs-l-{label.value}{{background:{style.colour};border-color:{style.ink}}}" in css


@needs_seeds
@pytest.mark.shared
@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name[:3])
def test_notebook_html_of_a_seed_page(path):
    doc = boilerstrip.annotate(path.read_text(encoding="utf-8"))
    root = lxml.html.fragment_fromstring(doc._repr_html_())
    check_blocks(root, doc)
    shown = {el.get("data-label") for el in root.find_class("bs-key")}
    assert {b.label.value for b in doc.blocks} <= shown and {label.value for label in Label} <= shown


# ---------------------------------------------------------------- records


def test_records_carry_text_label_confidence_reason_and_offsets():
    doc = make_doc()
    records = doc.to_records()
    assert [r["text"] for r in records] == [b.text for b in doc.blocks]
    assert records[1] == {"index": 1, "text": "Rain returns to the valley", "start": 20, "end": 46,
                          "label": "title", "confidence": 0.91, "reason": "first-heading; short", "tag": ""}
    assert all(doc.source[r["start"]:r["end"]] == r["text"] for r in records)


def test_dataframe_of_blocks_when_pandas_is_installed():
    pd = pytest.importorskip("pandas", reason="pandas is optional; to_dataframe() needs it")
    frame = make_doc().to_dataframe()
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(BLOCKS)
    assert list(frame["label"].fillna("none")) == [b[0].value if b[0] else "none" for b in BLOCKS]
    assert list(frame.columns) == ["index", "text", "start", "end", "label", "confidence", "reason", "tag"]


# ---------------------------------------------------------------- terminal


def test_format_labels_one_line_per_block():
    lines = format_labels(make_doc(), color=False).split("\n")
    assert len(lines) == len(BLOCKS)
    assert lines[1] == "title     0.91  first-heading; short | Rain returns to the valley"
    assert lines[4] == "body      0.93  long-text; stopwords | Farmers welcomed the rain. \u23ce It came just in time."
    assert lines[10] == "none      0.00  - | an unlabelled block"
    assert "\x1b" not in "".join(lines)


def test_format_labels_colours_each_label_and_neutralises_page_escapes():
    lines = format_labels(make_doc(), color=True).split("\n")
    for line, (label, *_rest) in zip(lines, BLOCKS):
        style = LABEL_STYLES[label] if label else UNLABELLED
        assert line.startswith(f"\x1b[{style.ansi}m{(label.value if label else 'none'):<8}\x1b[0m  ")
    assert lines[9].endswith(r"We use cookies.\x1b[2J\x07 Accept")
    assert sum(line.count("\x1b") for line in lines) == 2 * len(lines)  # only our own colour codes


# ---------------------------------------------------------------- report


def check_rows(page, doc: Document) -> None:
    """A report page carries every block as a JSON row its script draws: label, confidence, reason, text."""
    data = json.loads(page.xpath("script[@type='application/json'][@class='bs-rows']")[0].text)
    rows = [[*row[:3], "; ".join(data["evidence"][i] for i in row[3]), *row[4:]] for row in data["rows"]]
    assert rows == [block_row(b) for b in doc.blocks]
    assert ["".join(r[4:6]) for r in rows] == [b.text for b in doc.blocks]
    assert [r[1:4] for r in rows] == [[b.label.value if b.label else "none", f"{b.confidence:.2f}", b.reason]
                                      for b in doc.blocks]


def report_root(views, **kw):
    html = report_html(views, **kw)
    return html, lxml.html.document_fromstring(html)


def test_report_lists_least_confident_pages_first_and_totals_per_label():
    docs = {"sure": make_doc(confidence=0.9), "unsure": make_doc(confidence=0.3), "middle": make_doc(confidence=0.6)}
    html, root = report_root([page_view(name, doc) for name, doc in docs.items()], title="Audit")
    pages = root.find_class("bs-page")
    assert [p.get("data-name") for p in pages] == ["unsure", "middle", "sure"]
    for page in pages:
        check_rows(page, docs[page.get("data-name")])
    totals = {tr.get("data-label"): tr.findall("td")[1].text for tr in root.find_class("bs-total")}
    assert totals["body"] == "9" and totals["chrome"] == "6" and totals["none"] == "3"
    assert [a.text for a in root.xpath("//table[@class='bs-index']//a")] == ["unsure", "middle", "sure"]
    assert root.findtext(".//title") == "Audit"


def test_report_has_a_filter_per_label():
    _, root = report_root([page_view("p", make_doc())])
    boxes = root.xpath("//input[@type='checkbox'][contains(@class, 'bs-filter')]")
    assert [b.get("data-label") for b in boxes] == [label.value for label in Label] + ["none"]
    css = root.findtext(".//style")
    assert all(f".bs.bs-hide-{b.get('data-label')} .bs-block.bs-l-{b.get('data-label')}{{display:none}}" in css
               for b in boxes)


def test_report_is_self_contained_and_runs_only_its_own_script():
    html, root = report_root([page_view("<b>a page</b>", make_doc()), page_view("another", make_doc())])
    assert root.xpath("//link | //iframe | //object | //embed | //img | //*[@src]") == []
    assert {a.get("href")[0] for a in root.xpath("//a[@href]")} == {"#"}
    assert "url(" not in root.findtext(".//style") and "@import" not in root.findtext(".//style")
    scripts = root.xpath("//script[not(@type='application/json')]")
    assert len(scripts) == 1  # ours; the pages' own <script> text is escaped
    digest = base64.b64encode(hashlib.sha256(scripts[0].text.encode()).digest()).decode()
    csp = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp and f"script-src 'sha256-{digest}'" in csp
    assert "&lt;b&gt;a page&lt;/b&gt;" in html
    for rows in (script.text for script in root.xpath("//script[@class='bs-rows']")):
        assert "<" not in rows and "\\u003c/script>" in rows  # page text cannot close the data element


def test_a_small_report_opens_every_page_a_corpus_report_folds_them():
    _, small = report_root([page_view(str(i), make_doc()) for i in range(2)])
    _, large = report_root([page_view(str(i), make_doc()) for i in range(display.OPEN_PAGES + 1)])
    assert all(p.get("open") is not None for p in small.find_class("bs-page"))
    assert all(p.get("open") is None for p in large.find_class("bs-page"))


# ---------------------------------------------------------------- boilerstrip report: inputs


INPUT_CASES = [  # (file name, content written, --field, expected (name, content, input_format) per page)
    ("page.txt", "Home\nText", None, [("page.txt", b"Home\nText", "text")]),
    ("page.html.gz", "<p>Hi</p>", None, [("page.html.gz", b"<p>Hi</p>", "html")]),
    ("page.md", "# Hi", None, [("page.md", b"# Hi", "auto")]),
    ("c.jsonl", [{"id": "a", "text": "x"}, {"url": "u", "html": "<p>y</p>"}], None,
     [("a", "x", "text"), ("u", "<p>y</p>", "html")]),
    ("c.jsonl.gz", [{"id": 7, "html": "<p>h</p>", "text": "t"}], None, [("7", "t", "text")]),
    ("c.jsonl.gz", [{"body": "b", "text": "t"}], "body", [("c.jsonl.gz:1", "b", "auto")]),
]


@pytest.mark.parametrize("name,content,field,expected", INPUT_CASES, ids=[f"{c[0]}-{c[2]}" for c in INPUT_CASES])
def test_report_reads_text_html_and_jsonl_inputs(tmp_path, name, content, field, expected):
    path = tmp_path / name
    if isinstance(content, list):
        write_corpus(path, content)
    elif name.endswith(".gz"):
        path.write_bytes(gzip.compress(content.encode()))
    else:
        path.write_text(content, encoding="utf-8")
    got = [(s.name.replace(str(tmp_path) + "/", ""), s.content, s.input_format)
           for s in iter_sources([str(path)], field)]
    assert got == expected


BAD_INPUTS = [  # (JSONL line, --field, words the error must say)
    ('{"title": "no page"}', None, "no page in field 'text' or 'html' (the record has: title)"),
    ('{"text": "t"}', "html", "no page in field 'html'"),
    ('{"text": 3}', None, "--field"),
    ("not json", None, "not JSON"),
    ("[1, 2]", None, "not an object"),
]


@pytest.mark.parametrize("line,field,says", BAD_INPUTS, ids=[b[2] for b in BAD_INPUTS])
def test_unreadable_corpus_lines_raise_errors_that_say_where_and_what(tmp_path, line, field, says):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "fine", "html": "<p>fine</p>"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ReportInputError, match=re.escape(says)) as caught:
        list(iter_sources([str(path)], field))
    assert f"{path}:2:" in str(caught.value)


def test_a_missing_input_file_is_an_error(tmp_path):
    with pytest.raises(ReportInputError, match="no such file"):
        list(iter_sources([str(tmp_path / "absent.txt")]))


# ---------------------------------------------------------------- boilerstrip report: end to end


def test_report_command_writes_one_page_per_input(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Home\nNews\nRain returns to the valley after a dry month, farmers said "
                                    "on Tuesday, just in time for the harvest.\nShare this", encoding="utf-8")
    write_corpus(tmp_path / "c.jsonl", [{"id": "first", "text": "Menu\nA short page of text."},
                                        {"id": "second", "text": "Login\nAnother page."}])
    (tmp_path / "b.html").write_text("<html><body><nav><a href='/'>Home</a></nav><article><h1>Rain</h1>"
                                     "<p>Rain returns to the valley after a dry month, farmers said on Tuesday."
                                     "</p></article></body></html>", encoding="utf-8")
    out = tmp_path / "r.html"
    inputs = [str(tmp_path / name) for name in ("a.txt", "c.jsonl", "b.html")]
    assert run_report([*inputs, "-o", str(out), "--title", "T"]) == 0
    root = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    pages = {p.get("data-name"): p for p in root.find_class("bs-page")}
    assert sorted(pages) == sorted([inputs[0], "first", "second", inputs[2]])
    html_doc = boilerstrip.annotate((tmp_path / "b.html").read_bytes(), boilerstrip.Config(input_format="html"))
    assert html_doc.metadata["input_format"] == "html"
    check_rows(pages[inputs[2]], html_doc)
    assert "4 page(s)" in capsys.readouterr().err


def test_report_command_fails_with_a_message_not_a_traceback(tmp_path, capsys):
    (tmp_path / "c.jsonl").write_text('{"name": "x"}\n', encoding="utf-8")
    assert run_report([str(tmp_path / "c.jsonl"), "-o", str(tmp_path / "r.html")]) == 2
    assert "c.jsonl:1: no page in field 'text' or 'html'" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------- docs/report.md

DOCS = Path(__file__).resolve().parents[1] / "docs" / "report.md"


def test_docs_examples_run():
    """The ```python blocks of docs/report.md, run in order as one doctest."""
    examples = "\n\n".join(re.findall(r"^```python\n(.*?)^```$", DOCS.read_text(encoding="utf-8"), re.S | re.M))
    test = doctest.DocTestParser().get_doctest(examples, {}, "docs/report.md", str(DOCS), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.tries >= 6 and runner.failures == 0


def test_docs_colour_table_is_the_one_the_code_uses():
    rows = re.findall(r"^\| (\w+) \| `(#\w+)` \| `(#\w+)` \| [\w ]+ \(`([\d;]+)`\) \|$", DOCS.read_text(), re.M)
    assert {Label(name): (colour, ink, ansi) for name, colour, ink, ansi in rows} == {
        label: (s.colour, s.ink, s.ansi) for label, s in LABEL_STYLES.items()}


def test_report_command_in_parallel_writes_the_same_report(tmp_path):
    pages = [{"id": f"p{i}", "text": f"Menu\nPage {i} tells a story about the valley and its rain.\nFooter"}
             for i in range(40)]
    write_corpus(tmp_path / "c.jsonl.gz", pages)
    for workers in ("1", "2"):
        assert run_report([str(tmp_path / "c.jsonl.gz"), "--workers", workers, "-o", str(tmp_path / f"{workers}.html")]) == 0
    assert (tmp_path / "1.html").read_bytes() == (tmp_path / "2.html").read_bytes()


def test_a_page_that_cannot_be_annotated_is_listed_and_the_rest_reported(tmp_path, capsys):
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "a.txt").write_text("Menu\nA short page of text.", encoding="utf-8")
    out = tmp_path / "r.html"
    assert run_report([str(tmp_path / "blob.bin"), str(tmp_path / "a.txt"), "-o", str(out)]) == 1
    root = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    assert [p.get("data-name") for p in root.find_class("bs-page")] == [str(tmp_path / "a.txt")]
    assert "NotTextError" in root.find_class("bs-failed")[0].text_content()
    assert "blob.bin: NotTextError" in capsys.readouterr().err


def test_report_with_a_profile_shows_the_labels_clean_would_give(tmp_path, monkeypatch):
    from boilerstrip.cli import main
    from boilerstrip.profile import Profile

    story = "The council voted on Tuesday to rebuild the old bridge over the river, after a long debate."
    pages = [{"id": f"p{i}", "url": f"https://news.example/{i}", "text": f"Sign in\nSubscribe now\n{story} Part {i}."}
             for i in range(6)]
    write_corpus(tmp_path / "c.jsonl", pages)
    assert main(["profile", str(tmp_path / "c.jsonl"), "-o", str(tmp_path / "profile.json"), "-q"]) == 0
    out = tmp_path / "r.html"
    assert run_report([str(tmp_path / "c.jsonl"), "--profile", str(tmp_path / "profile.json"), "-o", str(out)]) == 0
    root = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    profile = Profile.load(tmp_path / "profile.json")
    for page in root.find_class("bs-page"):
        record = pages[int(page.get("data-name")[1:])]
        doc = boilerstrip.annotate(record["text"], boilerstrip.Config(input_format="text"), profile=profile,
                                   site="news.example")
        check_rows(page, doc)
    assert run_report([str(tmp_path / "c.jsonl"), "--profile", str(tmp_path / "absent.json"), "-o", str(out)]) == 2
    calls, annotate = [], boilerstrip.annotate
    monkeypatch.setattr(boilerstrip, "annotate", lambda *a, **kw: calls.append(kw) or annotate(*a, **kw))
    assert run_report([str(tmp_path / "c.jsonl"), "--profile", str(tmp_path / "profile.json"), "-o", str(out)]) == 0
    assert len(calls) == len(pages) and all(isinstance(kw["profile"], Profile) and kw["site"] == "news.example"
                                            for kw in calls)


@pytest.mark.parametrize("flags,says", [(["--workers", "0"], "--workers must be at least 1"),
                                        (["--limit", "-1"], "--limit must be at least 0")])
def test_report_command_rejects_impossible_numbers(tmp_path, capsys, flags, says):
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    assert run_report([str(tmp_path / "a.txt"), *flags, "-o", str(tmp_path / "r.html")]) == 2
    assert says in capsys.readouterr().err
