"""The systems the bench runs: boilerstrip, the peers and two baselines, behind one shape.

A `System` turns one page input into text. ``load()`` imports the library and returns
the extract function (called once per worker process, outside the timed section);
``needs_html`` says the system only reads HTML, so in ``text`` mode it gets each line
of the rendered text wrapped in ``<p>``. Peers' exceptions are not caught here: the
runner counts them as failures; a peer returning ``None`` is an empty output.
"""
from __future__ import annotations

import dataclasses
import html as html_lib
import re
from typing import Callable

Extract = Callable[[str], "str | None"]


@dataclasses.dataclass(frozen=True)
class System:
    name: str
    load: Callable[[str], Extract]  # mode -> extract function
    needs_html: bool
    note: str  # how it is called, for docs/benchmarks.md
    prepare: Callable[[str], object] | None = None  # untimed per-page step; its result goes to extract


def lines_to_html(text: str) -> str:
    """Rendered text as HTML for peers that only read HTML: one ``<p>`` per non-empty line."""
    paras = (f"<p>{html_lib.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return "<html><body>\n" + "\n".join(paras) + "\n</body></html>"


def _boilerstrip(mode: str) -> Extract:
    import boilerstrip

    config = boilerstrip.Config(input_format="html" if mode == "html" else "text")
    return lambda source: boilerstrip.clean(source, config)


def _trafilatura(mode: str) -> Extract:
    import trafilatura

    return lambda source: trafilatura.extract(source)


def _readability(mode: str) -> Extract:
    import html_text
    from readability import Document

    return lambda source: html_text.extract_text(Document(source).summary(html_partial=True))


_STOPLISTS: dict[str, frozenset[str]] = {}


def justext_language(text: str) -> str:
    """The jusText stoplist that covers most of the page's words (jusText needs one given)."""
    import justext

    if not _STOPLISTS:
        _STOPLISTS.update({lang: frozenset(justext.get_stoplist(lang)) for lang in justext.get_stoplists()})
    visible = re.sub(r"(?s)<(script|style)\b.*?</\1>|<[^>]+>", " ", text[:400_000])
    words: dict[str, int] = {}
    for word in re.findall(r"\w+", visible.lower())[:5000]:
        words[word] = words.get(word, 0) + 1
    return max(sorted(_STOPLISTS), key=lambda lang: sum(n for w, n in words.items() if w in _STOPLISTS[lang]))


def _justext(mode: str) -> Extract:
    import justext

    def extract(prepared: tuple[str, str]) -> str:
        source, language = prepared
        paragraphs = justext.justext(source, _STOPLISTS[language])
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return extract


def _resiliparse(mode: str) -> Extract:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda source: extract_plain_text(source, main_content=True)


def _boilerpy3(mode: str) -> Extract:
    from boilerpy3 import extractors

    extractor = extractors.ArticleExtractor(raise_on_failure=True)
    return extractor.get_content


def _render(renderer: str) -> Extract:
    from .data import render_text

    return lambda source: render_text(source, renderer)


def _keep_everything(mode: str) -> Extract:
    """HTML mode: the page rendered by html-text; text mode: the rendered text as given."""
    return _render("html-text") if mode == "html" else (lambda source: source)


_TERMINAL = tuple(".!?…。！？:;\"'”’»)")


def keep_line(line: str) -> bool:
    """The classic baseline rule: at least 10 words and ending in terminal punctuation."""
    line = line.strip()
    return len(line.split()) >= 10 and line.endswith(_TERMINAL)


def _line_filter(mode: str) -> Extract:
    render = _render("html-text") if mode == "html" else (lambda source: source)
    return lambda source: "\n".join(line.strip() for line in render(source).splitlines() if keep_line(line))


SYSTEMS: dict[str, System] = {s.name: s for s in (
    System("boilerstrip", _boilerstrip, False, "`boilerstrip.clean(source, Config(input_format=mode))`"),
    System("trafilatura", _trafilatura, True, "`trafilatura.extract(html)`, default settings"),
    System("readability", _readability, True,
           "readability-lxml `Document(html).summary(html_partial=True)`, rendered by html-text"),
    System("justext", _justext, True,
           "`justext.justext(html, stoplist)`, non-boilerplate paragraphs; stoplist = the jusText "
           "language whose stopwords cover most of the page's words (chosen by the harness, untimed)",
           prepare=lambda source: (source, justext_language(source))),
    System("resiliparse", _resiliparse, True, "`extract_plain_text(html, main_content=True)`"),
    System("boilerpy3", _boilerpy3, True, "`ArticleExtractor().get_content(html)`"),
    System("keep-everything", _keep_everything, False,
           "html mode: the page rendered by html-text; text mode: the rendered text unchanged"),
    System("line-filter", _line_filter, False,
           "lines with ≥10 words ending in terminal punctuation (html mode: of the html-text rendering)"),
)}
PEERS = ("trafilatura", "readability", "justext", "resiliparse", "boilerpy3")
BASELINES = ("keep-everything", "line-filter")
