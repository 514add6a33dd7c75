"""Load labelled pages (the shared JSONL schema) and render their HTML to text.

Schema, one JSON object per line: id, source, url, html, body, comments, extra.
Sets live outside the repository (``../shared/data`` beside a checkout); point to
them by path, never copy them in.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
from pathlib import Path
from typing import Iterator

SHARED = Path(os.environ.get("BOILERSTRIP_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


def open_text(path: str | Path) -> io.TextIOBase:
    path = str(path)
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, "r", encoding="utf-8")


def iter_pages(path: str | Path) -> Iterator[dict]:
    with open_text(path) as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_pages(path: str | Path, *, limit: int | None = None, seed: int = 0,
               page_type: str | None = None) -> list[dict]:
    """Pages of a set; with ``limit``, a seeded random sample of that many (stable order)."""
    pages = [p for p in iter_pages(path)
             if page_type is None or (p.get("extra") or {}).get("page_type") == page_type]
    if limit is not None and limit < len(pages):
        rng = random.Random(seed)
        chosen = sorted(rng.sample(range(len(pages)), limit))
        pages = [pages[i] for i in chosen]
    return pages


def page_domain(page: dict) -> str:
    """The page's site, for splitting train and held-out pages by domain."""
    extra = page.get("extra") or {}
    if extra.get("domain"):
        return str(extra["domain"]).lower()
    url = page.get("url") or ""
    if "://" in url:
        host = url.split("://", 1)[1].split("/", 1)[0].lower()
        return host[4:] if host.startswith("www.") else host
    return str(page.get("id"))


RENDERERS = ("html-text", "inscriptis", "text-nodes")


def render_text(html: str, renderer: str = "html-text") -> str:
    """The whole page as a naive scraper renders it to plain text.

    ``html-text`` and ``inscriptis`` keep inline text together, a paragraph a line (the two
    renderings the bench reports and training reads); ``text-nodes`` prints each text node of
    the page on a line of its own, stripped, script, style and template left out, as BeautifulSoup's
    ``get_text("\n", strip=True)`` does: every link and bold word breaks its sentence."""
    if renderer == "html-text":
        import html_text

        return html_text.extract_text(html, guess_layout=True)
    if renderer == "inscriptis":
        import inscriptis

        return inscriptis.get_text(html)
    if renderer == "text-nodes":
        return _text_nodes(html)
    raise ValueError(f"unknown renderer {renderer!r}; use one of {', '.join(RENDERERS)}")


def _text_nodes(html: str) -> str:
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html.encode("utf-8"))
    except (etree.ParserError, ValueError):  # an empty or markup-free page
        return html.strip()
    etree.strip_elements(root, "script", "style", "template", with_tail=False)  # (noscript is text get_text prints)
    return "\n".join(text.strip() for text in root.itertext() if text.strip())


def sample_pages(path: str | Path, limit: int, seed: int = 0) -> list[dict]:
    """The same pages as ``load_pages(path, limit=limit, seed=seed)``, parsing only those pages.

    Two passes over the file (count the lines, then decode the chosen ones), so a small
    sample of a large set costs a fraction of loading it whole.
    """
    with open_text(path) as fh:
        count = sum(1 for line in fh if line.strip())
    if limit >= count:
        return load_pages(path)
    chosen = set(random.Random(seed).sample(range(count), limit))
    pages, index = [], 0
    with open_text(path) as fh:
        for line in fh:
            if line.strip():
                if index in chosen:
                    pages.append(json.loads(line))
                index += 1
    return pages
