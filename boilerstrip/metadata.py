"""Page metadata from HTML (title, author, date, site name, language, canonical URL,
description, the schema.org types it declares) and the article text a page states in
JSON-LD or microdata.

Read from what pages declare, cheapest first: schema.org JSON-LD, ``<meta>`` tags
(OpenGraph, Dublin Core, the article/parsely/sailthru names CMSs emit), microdata
``itemprop``, ``<title>``, ``<html lang>``, ``<link rel=canonical>``, ``<time datetime>``. No date guessing from the visible text:
trafilatura's full metadata extraction costs about 30 ms a page on wcxb-dev (measured
on its first 40 pages) and even htmldate's quick search about 4 ms (on the pages with
no declared date), more than the rest of the segmentation, for little more than these
reads find.
Every step is guarded: a malformed declaration loses that field, never the page.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

FIELDS = ("title", "author", "date", "sitename", "language", "url", "description", "schema_types")
_MAX_TYPES = 20  # schema.org types kept per page (a page declares a handful)
# JSON-LD scripts larger than this are skipped (an article is far smaller; multi-megabyte
# blobs are application state, not schema.org data).
_MAX_JSONLD_CHARS = 2_000_000
_MAX_NODES = 50_000  # JSON values visited per page
# Stated bodies and blocks are compared on their first million characters (an article is far
# shorter): a 5 MB microdata articleBody cost 9 s and 200 MB in word pairs, read whole.
_MAX_BODY_CHARS = 1_000_000
_WORD = re.compile(r"\w+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

# <meta> keys (name, property or itemprop; lower-case) per field, preferred first.
_META_KEYS = {
    "title": ("og:title", "twitter:title", "dc.title", "headline", "parsely-title", "sailthru.title"),
    "author": ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author",
               "byl", "twitter:creator"),
    "date": ("article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
             "publish-date", "dc.date", "dcterms.date", "dc.date.issued", "dcterms.created", "parsely-pub-date",
             "sailthru.date", "article.published", "published-date", "release_date", "datecreated",
             "article:modified_time", "datemodified", "last-modified"),
    "sitename": ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site"),
    "url": ("og:url", "twitter:url"),
    "description": ("description", "og:description", "twitter:description", "dc.description"),
}
_JSONLD_KEYS = {"title": ("headline", "name"), "date": ("datePublished", "dateCreated", "dateModified")}
_ARTICLE_TYPES = re.compile(r"Article|Posting|BlogPosting|Report|Review|WebPage|Recipe|HowTo|Question", re.I)


def read_page(root, html: str) -> tuple[dict[str, Any], list[str]]:
    """``(metadata, article_bodies)``: metadata has every name in `FIELDS` (None when absent)."""
    objects = list(_jsonld_objects(root))
    marked = _Marked(root)
    metadata = dict.fromkeys(FIELDS)
    for source in (_from_jsonld(objects), _from_meta(root), _from_markup(root, marked)):
        for name, value in source.items():
            if value and not metadata.get(name):
                metadata[name] = value
    metadata["date"] = _iso_date(metadata["date"])
    metadata["schema_types"] = _schema_types(objects, marked)
    return metadata, _bodies(objects, marked)


class _Marked:
    """The elements that carry microdata (``itemprop``, ``itemtype``) and ``<time datetime>``
    elements, in page order: one scan of the tree for what three look-ups need."""

    def __init__(self, root):
        found = root.xpath("//*[@itemprop or @itemtype] | //time[@datetime]")
        self.typed = [el for el in found if el.get("itemtype") is not None]
        self.bodies = [el for el in found if el.get("itemprop") in ("articleBody", "articlebody")]
        self.dated = [el for el in found if el.get("itemprop") == "datePublished"
                      or el.tag == "time" and el.get("datetime") is not None]


def _schema_types(objects: list[dict], marked: _Marked) -> tuple[str, ...]:
    """The schema.org types the page declares (JSON-LD ``@type``, microdata ``itemtype``), in
    page order: what the page says it is ("NewsArticle", "DiscussionForumPosting", "QAPage")."""
    found: dict[str, None] = {}
    for obj in objects:
        kinds = obj.get("@type")
        for kind in kinds if isinstance(kinds, list) else [kinds]:
            if isinstance(kind, str) and kind.strip():
                found.setdefault(kind.strip().rsplit("/", 1)[-1], None)
    for element in marked.typed[:_MAX_NODES]:
        for kind in (element.get("itemtype") or "").split():
            found.setdefault(kind.rstrip("/").rsplit("/", 1)[-1], None)
    return tuple(found)[:_MAX_TYPES]


def body_tokens(bodies: list[str]) -> frozenset | None:
    """The stated article bodies' lower-cased words and word pairs, or None when the page states none."""
    if not bodies:
        return None
    words = _WORD.findall(" ".join(bodies)[:_MAX_BODY_CHARS].lower())
    return frozenset(words) | frozenset(zip(words, words[1:]))


def overlap(text: str, stated: frozenset | None) -> float:
    """Share of the text's word pairs (its word, for a one-word text) found in the stated bodies."""
    if not stated:
        return 0.0
    words = _WORD.findall(text[:_MAX_BODY_CHARS].lower())  # a huge block: its head tells
    units = list(zip(words, words[1:])) or words
    return round(sum(1 for u in units if u in stated) / len(units), 4) if units else 0.0


# ---------------------------------------------------------------- JSON-LD


def _jsonld_objects(root) -> Iterator[dict]:
    for script in root.iter("script"):
        text = script.text
        if not text or len(text) > _MAX_JSONLD_CHARS or "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # malformed, or nested deeper than json's parser recurses
            continue
        yield from _dicts(data)


def _dicts(data: Any) -> Iterator[dict]:
    stack, seen = [data], 0
    while stack and seen < _MAX_NODES:
        value = stack.pop()
        seen += 1
        if isinstance(value, dict):
            yield value
            stack.extend(reversed([v for v in value.values() if isinstance(v, (dict, list))]))
        elif isinstance(value, list):
            stack.extend(reversed(value))


def _from_jsonld(objects: list[dict]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for obj in objects:
        kind = obj.get("@type")
        kind = " ".join(kind) if isinstance(kind, list) else str(kind or "")
        if not _ARTICLE_TYPES.search(kind):
            if kind in ("Organization", "NewsMediaOrganization", "WebSite") and isinstance(obj.get("name"), str):
                found.setdefault("sitename", obj["name"])
            continue
        for name, keys in _JSONLD_KEYS.items():
            value = next((obj[k] for k in keys if isinstance(obj.get(k), str)), None)
            if value and "WebPage" not in kind:
                found.setdefault(name, value)
        author = _names(obj.get("author"))
        if author:
            found.setdefault("author", author)
    return found


def _names(value: Any) -> str | None:
    items = value if isinstance(value, list) else [value]
    names = [i if isinstance(i, str) else i.get("name") for i in items if isinstance(i, (str, dict))]
    names = [n.strip() for n in names if isinstance(n, str) and n.strip() and "://" not in n]
    return "; ".join(dict.fromkeys(names)) or None


def _bodies(objects: list[dict], marked: _Marked) -> list[str]:
    bodies = [obj["articleBody"] for obj in objects if isinstance(obj.get("articleBody"), str)]
    for element in marked.bodies:
        bodies.append(element.get("content") or " ".join(element.itertext()))
    return [b for b in bodies if b.strip()]


# ---------------------------------------------------------------- meta tags and markup


def _from_meta(root) -> dict[str, Any]:
    content: dict[str, str] = {}
    for meta in root.iter("meta"):
        value = (meta.get("content") or meta.get("datetime") or "").strip()
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and value and key not in content:
            content[key] = value
    found = {}
    for name, keys in _META_KEYS.items():
        value = next((content[k] for k in keys if k in content), None)
        if value and not (name in ("author", "sitename") and "://" in value):
            found[name] = " ".join(value.split())
    return found


def _from_markup(root, marked: _Marked) -> dict[str, Any]:
    found: dict[str, Any] = {"language": _language(root)}
    for title in root.iter("title"):
        found["title"] = " ".join("".join(title.itertext()).split())
        break
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            found["url"] = link.get("href").strip()
            break
    for element in marked.dated:
        found["date"] = element.get("content") or element.get("datetime")
        break
    return found


def _language(root) -> str | None:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for meta in root.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language" and meta.get("content"):
                lang = meta.get("content")
                break
    if not lang:
        return None
    code = lang.strip().split(",")[0].replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _iso_date(value: Any) -> str | None:
    match = _ISO_DATE.search(value) if isinstance(value, str) else None
    if not match or not ("1990" <= match.group(1) <= "2100" and "01" <= match.group(2) <= "12"):
        return None
    return match.group(0)
