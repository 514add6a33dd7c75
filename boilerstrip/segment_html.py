"""segment_html: DOM → blocks, the same `Block` records that `segment` makes from text.

A block is the text of one block-level element (``p``, ``div``, ``h1``–``h6``, ``li``,
``tr``, ``blockquote``...) that is not inside a nested block-level element: text
before, between and after nested blocks becomes blocks of its own, so nothing is
lost and nothing counted twice. ``<br>`` ends a block (as a line break ends one in
text mode). Table rows are one block each, their cells joined by a tab; each line
of a ``<pre>`` is a block, its indentation kept. All other text is whitespace-collapsed.

Offsets: ``start``/``end`` index the page's plain-text rendering, `render_plain`,
which is the blocks' texts joined by ``"\\n"`` (so ``render_plain(blocks)[b.start:b.end]
== b.text``).

Each block's ``tag`` is a compact path of its last few ancestors
(``body>div.article>p``) and its ``features`` are DOM evidence, all numbers and all
named ``dom_*``: link density, the page regions around it (``dom_in_nav``...),
class/id cue categories (`boilerstrip.cues_html`), heading level, list/table/pre
membership, depth, whether it sits in the densest text region of the page
(``dom_in_best``), how often its path repeats (teaser lists), and overlap with a
JSON-LD / microdata ``articleBody``. Script/style/template/svg/form controls are
skipped entirely, and so is inline text hidden by the ``hidden`` attribute or an inline
``display:none``/``visibility:hidden``. Hidden *block-level* elements (and
``aria-hidden="true"``) are kept and marked ``dom_in_hidden``; ``<noscript>`` content is
kept and marked ``dom_in_noscript``: pages saved after their scripts ran hide real
content (tabs, carousels, folded text), and forum engines serve their posts inside
``<noscript>``; dropping either lost most of the gold text on several wcxb-dev pages
(e.g. recall 0.01 → 0.99 on a forum thread), so the classifier weighs the mark instead.

Parsing is lxml's HTML parser with no network access and no DTD or entity loading;
the walk is iterative (no recursion, any depth) and linear in the size of the tree.
"""
from __future__ import annotations

import ctypes
import functools
import math
import re
from typing import Any, Iterator, Mapping

import numpy as np
from lxml import etree

from .config import Config
from .cues_html import CATEGORIES, cue_bits
from .metadata import body_tokens, overlap, read_page
from .model import Block, new_block
from .table import FeatureTable

# Elements whose content is never page text (or is form-control furniture).
DROP = frozenset({
    "script", "style", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "video", "audio", "head", "title", "select", "datalist", "textarea", "button", "dialog", "map",
})
# A button is form-control furniture ("Menu", "Search"), except when the parser has put the
# page inside it: libxml2 keeps a <button> open past its </button> while a <div> opened in
# it is still open (`<button><div></button>`, a real menu button's markup), and the rest of
# the page nests inside. A button holding the page's <main> or an <article> is walked as a
# container. (Paragraphs are no sign: product and course pages put <p>s in their option
# buttons, and walking those cost F1 on 18 wcxb-dev pages for 3 it fixed.)
_NOT_IN_A_BUTTON = ("main", "article")


def _holds_page(button) -> bool:
    return next(button.iter(*_NOT_IN_A_BUTTON), None) is not None


# Block-level elements: entering or leaving one ends the current block.
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dir", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "p", "plaintext",
    "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "xmp", "caption", "noframes",
    "frame", "td", "th", "option", "noscript",
})
_CELLS = frozenset({"td", "th"})
# Inline elements that always get a frame: links (link density), times, line breaks.
_INLINE_KEPT = frozenset({"a", "time", "br", "hr"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CELL = "\ue000"  # private-use marker between table cells while a row's text is gathered

# Region flags: (feature name, tags, ARIA roles). A region is known by its tag or its role.
REGIONS = (
    ("nav", {"nav"}, {"navigation", "menu", "menubar"}),
    ("aside", {"aside"}, {"complementary"}),
    ("footer", {"footer"}, {"contentinfo"}),
    ("header", {"header"}, {"banner"}),
    ("form", {"form"}, {"search", "form"}),
    ("article", {"article"}, {"article"}),
    ("main", {"main"}, {"main"}),
    ("list", {"ul", "ol", "dl", "menu"}, {"list"}),
    ("table", {"table"}, {"table", "grid"}),
    ("figure", {"figure", "figcaption", "caption"}, {"figure"}),
    ("blockquote", {"blockquote", "q"}, set()),
    ("address", {"address"}, set()),
    ("noscript", {"noscript"}, set()),
    ("hidden", set(), set()),  # set by _hidden(), not by a tag
)
_REGION_BIT = {name: 1 << i for i, (name, _, _) in enumerate(REGIONS)}
_TAG_BITS: dict[str, int] = {}
_ROLE_BITS: dict[str, int] = {}
for _name, _tags, _roles in REGIONS:
    for _t in _tags:
        _TAG_BITS[_t] = _TAG_BITS.get(_t, 0) | _REGION_BIT[_name]
    for _r in _roles:
        _ROLE_BITS[_r] = _ROLE_BITS.get(_r, 0) | _REGION_BIT[_name]
# Page header/footer only count outside the article: an <article>'s own <header> holds
# its headline and byline, its <footer> its tags, which are not page chrome.
_SECTIONING = _REGION_BIT["article"] | _REGION_BIT["main"]
_PAGE_LEVEL = _REGION_BIT["header"] | _REGION_BIT["footer"]
_HIDDEN = _REGION_BIT["hidden"]
_ITEMPROP_BODY = frozenset({"articlebody", "text", "reviewbody", "description"})

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PATH_LENGTH = 4  # ancestors shown in Block.tag: enough to tell teaser lists from prose
_MAX_DEPTH_FEATURE = 60  # dom_depth is capped: beyond this, depth says nothing more
# dom_in_best: the element whose paragraphs hold most non-link text (readability's idea,
# our weights): a block credits its container fully and the container's parent by half,
# when it has at least this many characters.
_BEST_MIN_CHARS = 25


# The tag names a frame is made for, each one string (see `_Frame`).
_TAG_NAMES = {name: name for name in (*BLOCK, *_INLINE_KEPT, *_TAG_BITS, "span", "b", "i", "em", "strong", "small",
                                       "font", "label", "abbr", "code", "sup", "sub", "u", "s", "mark", "cite", "q")}


class _Frame:
    """One open element during the walk: what it inherits and what it is."""

    __slots__ = ("el", "tag", "parent", "regions", "_cues", "_key", "_cache", "depth", "heading", "link", "pre",
                 "itembody", "enter", "exit", "cls", "score", "_seg")

    def __init__(self, el, tag: str, parent: "_Frame | None", attrs: dict[str, str], enter: int, cache: tuple):
        # (lxml makes a new string for each element's tag: one shared string a tag name, not
        # one a frame, on a page of tens of thousands of blocks)
        self.el, self.tag, self.parent = el, _TAG_NAMES.get(tag, tag), parent
        self.enter, self.exit, self.score = enter, 1 << 62, 0.0
        self.cls, self._seg = attrs.get("class"), None
        own = _TAG_BITS.get(tag, 0)
        itembody, key = False, None
        if attrs:
            role = attrs.get("role")
            if role:
                own |= _ROLE_BITS.get(role.lower(), 0)
            if not _HIDING.isdisjoint(attrs) and _hidden(attrs):
                own |= _HIDDEN
            itemprop = attrs.get("itemprop")
            itembody = bool(itemprop) and itemprop.lower() in _ITEMPROP_BODY and tag not in ("meta", "span")
            key = _cue_key(tag, attrs)
        self._cues, self._key, self._cache = None, key, cache
        if parent is None:
            self.regions, self.depth = own, 0
            self.heading, self.link, self.itembody = _HEADINGS.get(tag, 0), tag == "a", itembody
            self.pre = tag in _PREFORMATTED
            return
        base = parent.regions
        if base & _SECTIONING:
            own &= ~_PAGE_LEVEL
        self.regions = base | own
        self.depth = parent.depth + 1
        self.heading = _HEADINGS.get(tag) or parent.heading
        self.link = parent.link or tag == "a"
        self.pre = parent.pre or tag in _PREFORMATTED
        self.itembody = parent.itembody or itembody

    @property
    def cues(self) -> int:
        """Cue categories of this element's and its ancestors' class, id and itemprop (bits of
        `cues_html.CATEGORIES`). Read when asked: only the elements that hold blocks, and
        their ancestors, are asked (59% of the elements on 150 wcxb-dev pages; html mode
        3.4% faster a page than reading every element's cues during the walk)."""
        if self._cues is None:
            chain, frame = [], self
            while frame is not None and frame._cues is None:  # up to the nearest element read already
                chain.append(frame)
                frame = frame.parent
            bits = frame._cues if frame is not None else 0
            for frame in reversed(chain):
                bits |= _page_cue_bits(frame._key, frame._cache) if frame._key is not None else 0
                frame._cues, frame._key, frame._cache = bits, None, None
        return self._cues

    @property
    def seg(self) -> str:
        """``tag.first-class``, as shown in `Block.tag` (made once: the paths of all the
        blocks inside an element show it)."""
        if self._seg is None:
            first = self.cls.split(None, 1) if self.cls else None
            self._seg = f"{self.tag}.{_CSS_JUNK.sub('', first[0])[:40]}" if first else self.tag
        return self._seg


_CSS_JUNK = re.compile(r"[^\w-]")
_PREFORMATTED = frozenset({"pre", "xmp", "listing", "plaintext"})


def _cue_key(tag: str, attrs: dict[str, str]) -> tuple[str, str, str, str] | None:
    """The attributes an element's cues are read from, or None when it has none."""
    if not attrs or tag in ("html", "body") or not ("class" in attrs or "id" in attrs or "itemprop" in attrs):  # page-wide classes ("single-post has-sidebar") describe the page
        return None
    return attrs.get("class", ""), attrs.get("id", ""), attrs.get("itemprop", ""), attrs.get("itemtype", "")


def _page_cue_bits(key: tuple[str, str, str, str], cache: tuple[dict, dict]) -> int:
    # (looked up by the attributes' own strings, whose hashes Python keeps: the joined
    # value is a new string an element, hashed afresh each time)
    values, tokens = cache
    bits = values.get(key)
    if bits is None:
        joined = " ".join((*key[:3], key[3].rsplit("/", 1)[-1]))
        bits = values[key] = cue_bits(joined, tokens) if joined.strip() else 0
    return bits


class _Raw:
    """A block as the walk found it, before features are computed."""

    __slots__ = ("text", "links", "owner", "cells", "pre", "time")

    def __init__(self, text: str, links: float, owner: _Frame, cells: int, pre: bool, time: bool):
        self.text, self.links, self.owner, self.cells, self.pre, self.time = text, links, owner, cells, pre, time


class _Walker:
    """Gathers text into blocks while walking the tree once, start and end events."""

    def __init__(self) -> None:
        self.raws: list[_Raw] = []
        self.frames: list[_Frame] = []
        self.owners: list[_Frame] = []
        self.parts: list[str] = []
        self.link_parts: list[str] = []
        self.worded = False  # whether `parts` holds more than white space (and cell marks)
        self.time = False
        self.cache: tuple[dict, dict] = ({}, {})  # this page's attribute values and tokens → cue bits

    def walk(self, root) -> list[_Raw]:
        """One pass over start and end events. (One loop with the work written inline and each
        element's text read once, being the hottest loop of html mode: 4.77 → 4.59 ms a page
        over 150 wcxb-dev pages against a method per event.)"""
        events = etree.iterwalk(root, events=("start", "end"))
        skip, flush = events.skip_subtree, self.flush
        frames, owners, parts, link_parts, cache = self.frames, self.owners, self.parts, self.link_parts, self.cache
        counter = 0
        for event, el in events:
            if event == "end":
                if frames and frames[-1].el is el:
                    frame = frames.pop()
                    frame.el = None  # the element is done with: holding it would keep the whole tree alive
                    counter += 1
                    frame.exit = counter
                    if owners and owners[-1] is frame:
                        flush()
                        owners.pop()
                text, holder = el.tail, frames[-1] if frames else None
            else:
                tag = el.tag
                if not isinstance(tag, str):  # a comment or processing instruction
                    skip()
                    continue
                if "}" in tag:
                    tag = tag.rsplit("}", 1)[-1]
                if tag in DROP and not (tag == "button" and _holds_page(el)):
                    skip()
                    continue
                items = el.items()
                block = tag in BLOCK
                if not block and tag not in _INLINE_KEPT and (not items or not len(el)):
                    # an inline element that cannot hold a block (no attributes, or no child
                    # elements): its text joins the current block; no frame is needed
                    if items and _hidden(dict(items), aria=False):
                        skip()
                        continue
                    text, holder = el.text, frames[-1] if frames else None
                else:
                    attrs = dict(items)
                    if not block and _hidden(attrs, aria=False):
                        skip()
                        continue
                    counter += 1
                    holder = _Frame(el, tag, frames[-1] if frames else None, attrs, counter, cache)
                    if block and tag not in _CELLS:
                        flush()
                        owners.append(holder)
                    elif tag in _CELLS:
                        parts.append(_CELL)
                    elif tag == "br" or tag == "hr":
                        flush()
                    elif tag == "time":
                        self.time = True
                    frames.append(holder)
                    text = el.text
            if text and holder is not None:  # an element's text, or the tail after it
                parts.append(text)
                if holder.link:
                    link_parts.append(text)
                if not text.isspace():
                    self.worded = True
        flush()
        return self.raws

    def flush(self) -> None:
        if not self.parts:
            return
        worded, self.worded = self.worded, False
        time, self.time = self.time, False
        if not worded:  # the indentation between tags, most often: it makes no block
            self.parts.clear()
            self.link_parts.clear()
            return
        owner = self.owners[-1] if self.owners else (self.frames[-1] if self.frames else None)
        raw, links = "".join(self.parts), "".join(self.link_parts) if self.link_parts else ""
        self.parts.clear()
        self.link_parts.clear()
        if owner is None:
            return
        if owner.pre:
            for line in raw.replace(_CELL, "\t").splitlines():
                if line.strip():
                    self.raws.append(_Raw(line.rstrip(), 0.0, owner, 0, True, time))
            return
        text, cells = _collapse(raw)
        if text:
            share = _nonspace(links) / max(1, _nonspace(text)) if links else 0.0  # (most blocks hold no link)
            self.raws.append(_Raw(text, min(1.0, share), owner, cells, False, time))


def _collapse(raw: str) -> tuple[str, int]:
    if _CELL not in raw:
        return " ".join(raw.split()), 0
    cells = [" ".join(cell.split()) for cell in raw.split(_CELL)]
    cells = [c for c in cells if c]
    return "\t".join(cells), len(cells)


def _nonspace(text: str) -> int:
    return len("".join(text.split()))


# The attributes `_hidden` reads: most elements have none of them, and are not hidden.
_HIDING = frozenset({"hidden", "aria-hidden", "style"})


def _hidden(attrs, aria: bool = True) -> bool:
    """Hidden by the ``hidden`` attribute or an inline style; with ``aria``, also hidden from
    screen readers (``aria-hidden="true"``), which sighted readers may still see."""
    if not attrs:
        return False
    if "hidden" in attrs or (aria and attrs.get("aria-hidden", "").strip().lower() == "true"):
        return True
    style = attrs.get("style")
    return bool(style and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style))


# ---------------------------------------------------------------- parsing


# "</html>" with any whitespace before its ">" (what ``\s`` matches in a str pattern: every
# character whose ``str.isspace()`` is true), found in the page's UTF-8 bytes: a bytes
# pattern scans them in half the time a str pattern takes over the text.
_SPACE_CHARS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200b))) + \
    "\u2028\u2029\u202f\u205f\u3000"
_HTML_END = re.compile(b"</html(?:" + b"|".join(re.escape(c.encode()) for c in _SPACE_CHARS) + b")*>", re.IGNORECASE)


def parse(html: str):
    """The page's root element, or None for a page with no markup at all.

    The parser never touches the network, loads no DTD and expands no external
    entity; ``huge_tree`` lifts libxml2's limits on text node size so big pages parse
    whole. libxml2 still stops at 2,048 levels of nesting and drops the rest of the
    page; when it reports that, the page is parsed again with the elements nested
    deeper than `_MAX_NESTING` unwrapped (their text kept), see `flatten_deep`.
    """
    data = html.encode("utf-8", "replace")
    data = _HTML_END.sub(b"", data).replace(b"\x00", b"")  # libxml2 drops all that follows </html>; browsers show it
    if not data.strip():
        return None
    data = cap_attributes(data)
    root, too_deep = _parse(data)
    if too_deep:
        root, _ = _parse(flatten_deep(data.decode("utf-8")).encode("utf-8"))
    return root


def _parse(data: bytes):
    parser = etree.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True, huge_tree=True,
        recover=True, default_doctype=False, collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, False
    return root, any("depth" in entry.message for entry in parser.error_log if entry.type_name == "ERR_RESOURCE_LIMIT")


# Attributes kept on one element. libxml2 checks each attribute of a start tag against all
# the tag's attributes before it, and lxml reads each value by searching the element's
# attributes by name: both cost the square of a tag's attributes (a tag of 40,000 took 5.4 s,
# of 100,000 39 s; a 50 MB page of one tag would take hours). Real tags have a few dozen;
# with at most 512 a tag, the cost is linear in the page whatever its tags. Only tags longer
# than _LONG_TAG bytes can hold more (an attribute takes two bytes at least, a space and a
# letter), and only those are read: of the 3,314 pages of wcxb-dev, trafilatura-eval and
# dragnet-train, 1,602 hold such a tag (SVG paths, data attributes) and one a tag of more than
# 512 attributes (an SVG path whose quotes are written "&quot;": libxml2 reads each number of
# it as an attribute; the page's blocks and features are the same capped).
_MAX_ATTRIBUTES = 512
_LONG_TAG = 2 * _MAX_ATTRIBUTES
_ATTRIBUTE = re.compile(rb"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?""")
_TAG_NAME = re.compile(rb"<[A-Za-z][^\s/>]*")


def cap_attributes(data: bytes, limit: int = _MAX_ATTRIBUTES) -> bytes:
    """``data`` (a page's UTF-8 bytes) with each start tag's attributes after its first
    ``limit`` removed (see `_MAX_ATTRIBUTES`); the page itself when no tag has more.

    Tags are found between a "<" and the next ">" (a tag whose quoted values hold ">" is
    read in parts, each part counted on its own); a "<" inside a script, style, textarea or
    title is no tag (``i<items.length`` in a script) and is left as it is."""
    replaced: list[tuple[int, int, bytes]] = []  # [start, end) of a piece and what it becomes
    lowered = None
    for start, end in _long_pieces(data):
        piece = data[start:end]
        at = piece.rfind(b"<")
        if at < 0 or len(piece) - at <= _LONG_TAG:
            continue
        name = _TAG_NAME.match(piece, at)
        if name is None:
            continue
        kept = [m.group() for _, m in zip(range(limit + 1), _ATTRIBUTE.finditer(piece, name.end()))]
        if len(kept) <= limit:
            continue
        if lowered is None:  # (pages with such a tag are rare: lower-cased once, then looked up)
            lowered = data.lower()
        if not _in_raw_text(lowered, start + at):
            replaced.append((start, end, piece[:name.end()] + b" " + b" ".join(kept[:limit])))
    if not replaced:
        return data
    out, last = [], 0
    for start, end, piece in replaced:
        out += (data[last:start], piece)
        last = end
    out.append(data[last:])
    return b"".join(out)


def _long_pieces(data: bytes) -> list[tuple[int, int]]:
    """[start, end) of each piece of ``data`` between two ">" (or an end of the page) longer
    than `_LONG_TAG` bytes: the only pieces that can hold a tag of too many attributes. Found
    from the positions of the ">" with numpy (splitting the page at every ">" and measuring
    each piece in Python cost 0.6 ms of a wcxb-dev page's ~33)."""
    closes = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord(">"))
    starts = np.concatenate(([0], closes + 1))
    ends = np.concatenate((closes, [len(data)]))
    long = np.flatnonzero(ends - starts > _LONG_TAG)
    return list(zip(starts[long].tolist(), ends[long].tolist()))


_RAW_TEXT = tuple((b"<" + name, b"</" + name) for name in (b"script", b"style", b"textarea", b"title"))


def _in_raw_text(lowered: bytes, at: int) -> bool:
    """Whether position ``at`` of the (lower-cased) page lies inside an element whose content
    the parser reads as text, markup and all."""
    return any(lowered.rfind(start, 0, at) > lowered.rfind(end, 0, at) for start, end in _RAW_TEXT)


# Nesting kept when a page is too deep for libxml2: far above real pages (the deepest
# wcxb-dev page nests a few hundred levels) and well below libxml2's 2,048.
_MAX_NESTING = 500
# After the name, attributes must start with a character a name cannot hold, so the name
# and the attributes never compete for the same characters (that backtracking was quadratic
# on an unclosed "<name..." run).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:[^<>A-Za-z0-9:-][^<>]*)?>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "keygen", "command"})


def flatten_deep(html: str, limit: int = _MAX_NESTING) -> str:
    """``html`` with the start and end tags nested deeper than ``limit`` removed, text kept.

    A removed block-level tag becomes ``<br>``, so the blocks it separated stay apart
    (removing it glued the last word of one block to the first of the next).
    One linear scan; nesting is counted from start and end tags, so it is approximate
    on sloppy markup, which is fine for its one use: rescuing pages libxml2 gives up on."""
    out: list[str] = []
    depth = last = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID or match.group(0).endswith("/>"):
            continue
        deep = (depth >= limit) if not closing else (depth > limit)
        depth = depth - 1 if closing else depth + 1
        depth = max(depth, 0)
        if deep:
            out.append(html[last:match.start()])
            if name in BLOCK:
                out.append("<br>")
            last = match.end()
    out.append(html[last:])
    return "".join(out)


# ---------------------------------------------------------------- blocks and features


def segment_html(html: str, config: Config) -> tuple[tuple[Block, ...], dict[str, Any]]:
    """Blocks of an HTML page, in document order, and the page's metadata (see the module doc)."""
    root = parse(html)
    if root is None:
        return (), {}
    metadata, bodies = read_page(root, html)
    raws = _Walker().walk(root)
    del root  # the walk keeps no element: libxml2's tree (~4x the page) is freed before the features are built
    if len(html) >= _TRIM_CHARS:
        _trim_heap()
    return _blocks(raws, body_tokens(bodies)), metadata


# libxml2 frees its tree into the C heap, where Python's objects (kept apart, in pymalloc's
# arenas) do not reuse it: on a large page that memory stayed resident through the rest of
# the page. glibc's malloc_trim hands it back to the system (bench.scale's 10 MB HTML page:
# peak resident memory 11.9x -> 10.7x the page). It walks the heap (1-6 ms after the 13
# wcxb-dev pages of 1-3 million characters, 1-5% of their time, for a few MB), so only pages
# of four million characters or more, where the memory matters, are trimmed; elsewhere than
# glibc this does nothing.
_TRIM_CHARS = 4 << 20


def _trim_heap() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on (glibc on Linux)
    except (OSError, AttributeError, TypeError):  # no such C library or function (macOS, Windows)
        return None


def _blocks(raws: list[_Raw], jsonld: frozenset | None) -> tuple[Block, ...]:
    best = _best_container(raws)
    path_of: dict[int, str] = {}  # per owner element
    equal: dict[str, str] = {}  # equal paths as one string: blocks keep theirs as their tag
    paths = [path_of.get(id(raw.owner)) or path_of.setdefault(id(raw.owner), equal.setdefault(p := _path(raw.owner), p))
             for raw in raws]
    repeats: dict[str, int] = {}
    for path in paths:
        repeats[path] = repeats.get(path, 0) + 1
    table = FeatureTable(len(raws), FEATURE_NAMES, SMALL, index=_FEATURE_INDEX)
    _add_own_features(raws, table, best, [repeats[path] for path in paths], jsonld)
    _add_container_features(raws, table)
    _add_window_features(table)
    _add_page_features(raws, table, best)
    table.freeze()  # blocks are immutable, and so are their features
    blocks, offset = [], 0
    for index, (raw, path) in enumerate(zip(raws, paths)):
        end = offset + len(raw.text)
        blocks.append(new_block(index, raw.text, offset, end, DomFeatures(table, index), tag=path))
        offset = end + 1
    return tuple(blocks)


# Features also given as their mean over the blocks within _WINDOW places of a block
# (the model's own neighbour columns cover only the text features).
_WINDOWED = ("dom_link_density", "dom_in_best", "dom_jsonld_overlap", "dom_in_hidden")
_WINDOW = 3
_REGION_FEATURES = tuple(f"dom_in_{name}" for name, _, _ in REGIONS)
_CUE_FEATURES = tuple(f"dom_cue_{name}" for name in CATEGORIES)
FEATURE_NAMES: tuple[str, ...] = (
    ("dom_link_density",) + _REGION_FEATURES + _CUE_FEATURES
    + ("dom_heading", "dom_is_heading", "dom_is_list_item", "dom_is_table_row", "dom_table_cells", "dom_is_pre",
       "dom_is_p", "dom_has_time", "dom_depth", "dom_in_best", "dom_path_repeat", "dom_in_itemprop_body",
       "dom_has_jsonld", "dom_jsonld_overlap", "dom_container_words", "dom_container_link_density",
       "dom_section_words", "dom_section_link_density")
    + tuple(f"{name}@window" for name in _WINDOWED)
    + ("dom_in_best_parent", "dom_page_link_density", "dom_page_best_words", "dom_page_blocks")
)
"""Every feature `segment_html` puts on a block, in a fixed order."""
_FEATURE_INDEX = {name: j for j, name in enumerate(FEATURE_NAMES)}
# Whole-number feature values handed out as shared float objects (no DOM feature is ever
# -0.0, the one value a lookup by equality would change: every feature is a count, a bit,
# a depth, a log1p of a count or a non-negative share).
_SHARED = {float(i): float(i) for i in range(_MAX_DEPTH_FEATURE + 1)}  # every bit, heading level, depth


# The DOM features that are flags or small whole numbers (heading levels, depths up to
# _MAX_DEPTH_FEATURE): stored a byte a block (`table`).
SMALL: frozenset[str] = frozenset(_REGION_FEATURES + _CUE_FEATURES + (
    "dom_heading", "dom_is_heading", "dom_is_list_item", "dom_is_table_row", "dom_is_pre", "dom_is_p",
    "dom_has_time", "dom_depth", "dom_in_best", "dom_in_itemprop_body", "dom_in_best_parent"))


class DomFeatures(Mapping[str, float]):
    """One block's DOM features: a read-only name → value mapping (in `FEATURE_NAMES`
    order) over the block's row of its page's `FeatureTable`. The table stores flags and
    levels a byte a block; the dict each block had before cost ~2.5 KB (22x the input on
    the 10 MB `bench.scale` HTML page, whose blocks average 115 characters)."""

    __slots__ = ("_table", "_row")
    names = FEATURE_NAMES

    def __init__(self, table: FeatureTable, row: int):
        self._table, self._row = table, row

    @property
    def table(self) -> FeatureTable:
        """The page's DOM feature table (read-only; one row per block, in block order): a
        stage that wants every block's DOM features reads its columns instead of a Python
        list per block."""
        return self._table

    @property
    def row(self) -> int:
        """This block's row in `table`."""
        return self._row

    def __getitem__(self, key: str) -> float:
        return self._table.item(self._row, _FEATURE_INDEX[key])

    def __contains__(self, key: object) -> bool:
        return key in _FEATURE_INDEX

    def __iter__(self) -> Iterator[str]:
        return iter(FEATURE_NAMES)

    def __len__(self) -> int:
        return len(FEATURE_NAMES)

    def values(self) -> list[float]:  # type: ignore[override]
        """The row as Python floats; whole numbers up to 60 (bits, heading levels, depths,
        most cell counts: most of a block's features) are shared objects (`_SHARED`), so a
        caller that keeps every block's values list holds a few new floats a block, not 58
        (24 bytes each: 12x the input on the 1 MB bench.scale HTML page)."""
        return [_SHARED.get(v, v) for v in self._table.row(self._row).tolist()]

    def __repr__(self) -> str:
        return "DomFeatures({" + ", ".join(f"{k!r}: {v:.3g}" for k, v in zip(FEATURE_NAMES, self.values())) + "})"


def _add_own_features(raws: list[_Raw], table: FeatureTable, best: _Frame | None, repeats: list[int],
                      jsonld: frozenset | None) -> None:
    """What each block and its element say by themselves: links, regions, cue classes, tag."""
    owners = [raw.owner for raw in raws]
    table["dom_link_density"] = [raw.links for raw in raws]
    table.set_bits(_REGION_FEATURES, [owner.regions for owner in owners])
    table.set_bits(_CUE_FEATURES, [owner.cues for owner in owners])
    # flags as bools, levels and depths as ints: the table keeps them a byte a block
    table["dom_heading"] = [owner.heading for owner in owners]
    table["dom_is_heading"] = [owner.heading > 0 for owner in owners]
    table["dom_is_list_item"] = [owner.tag in ("li", "dt", "dd") for owner in owners]
    table["dom_is_table_row"] = [raw.cells > 0 for raw in raws]
    table["dom_table_cells"] = [float(raw.cells) for raw in raws]
    table["dom_is_pre"] = [bool(raw.pre) for raw in raws]
    table["dom_is_p"] = [owner.tag == "p" for owner in owners]
    table["dom_has_time"] = [bool(raw.time) for raw in raws]
    table["dom_depth"] = [min(owner.depth, _MAX_DEPTH_FEATURE) for owner in owners]
    table["dom_in_best"] = [best is not None and best.enter <= owner.enter and owner.exit <= best.exit
                            for owner in owners]
    table["dom_path_repeat"] = [math.log1p(repeat - 1) for repeat in repeats]
    table["dom_in_itemprop_body"] = [bool(owner.itembody) for owner in owners]
    table["dom_has_jsonld"] = float(jsonld is not None)
    table["dom_jsonld_overlap"] = [overlap(raw.text, jsonld) for raw in raws]


def _container(owner: _Frame) -> _Frame:
    """The element a block's text belongs to: a paragraph's or list item's parent, else the block itself."""
    if owner.tag in ("p", "li", "dd", "dt", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6") and owner.parent:
        return owner.parent
    return owner


def _add_container_features(raws: list[_Raw], table: FeatureTable) -> None:
    """Words and link density of each block's container and of the container's parent (its section)."""
    words: dict[int, float] = {}
    links: dict[int, float] = {}
    chars: dict[int, float] = {}
    keys = []
    for raw in raws:
        container = _container(raw.owner)
        pair = (id(container), id(container.parent) if container.parent else id(container))
        keys.append(pair)
        n_words, n_chars = float(len(raw.text.split())), float(len(raw.text))
        for key in pair:
            words[key] = words.get(key, 0.0) + n_words
            chars[key] = chars.get(key, 0.0) + n_chars
            links[key] = links.get(key, 0.0) + raw.links * n_chars
    table["dom_container_words"] = [math.log1p(words[own]) for own, _ in keys]
    table["dom_container_link_density"] = [links[own] / max(chars[own], 1.0) for own, _ in keys]
    table["dom_section_words"] = [math.log1p(words[section]) for _, section in keys]
    table["dom_section_link_density"] = [links[section] / max(chars[section], 1.0) for _, section in keys]


def _add_window_features(table: FeatureTable) -> None:
    """Each windowed feature's mean over the blocks within _WINDOW of each block, from running
    sums (numpy's cumsum adds in order, as a loop would)."""
    n = len(table)
    at = np.arange(n)
    lo, hi = np.maximum(0, at - _WINDOW), np.minimum(n, at + _WINDOW + 1)
    for name in _WINDOWED:
        prefix = np.concatenate(([0.0], np.cumsum(table.column(name))))
        table[f"{name}@window"] = (prefix[hi] - prefix[lo]) / (hi - lo)


def _add_page_features(raws: list[_Raw], table: FeatureTable, best: _Frame | None) -> None:
    """Page-wide numbers on every block, so the model can tell prose pages from listings:
    the page's link density, the words in its densest region, its number of blocks; and
    whether the block sits in the densest region's parent (a listing's grid, an article's page)."""
    parent = best.parent if best is not None and best.parent is not None else best
    chars = sum(len(raw.text) for raw in raws) or 1
    page_links = sum(raw.links * len(raw.text) for raw in raws) / chars
    best_words = sum(len(raw.text.split()) for raw, in_best in zip(raws, table.column("dom_in_best").tolist()) if in_best)
    table["dom_in_best_parent"] = [
        parent is not None and parent.enter <= raw.owner.enter and raw.owner.exit <= parent.exit for raw in raws
    ]
    table["dom_page_link_density"] = page_links
    table["dom_page_best_words"] = math.log1p(best_words)
    table["dom_page_blocks"] = math.log1p(len(raws))


def _best_container(raws: list[_Raw]) -> _Frame | None:
    best: _Frame | None = None
    for raw in raws:
        if raw.pre or len(raw.text) < _BEST_MIN_CHARS or raw.owner.heading:
            continue
        score = (1.0 + raw.text.count(",") + min(len(raw.text) / 100.0, 3.0)) * (1.0 - raw.links)
        container = _container(raw.owner)
        for share, frame in ((1.0, container), (0.5, container.parent if container else None)):
            if frame is not None:
                frame.score += share * score
                if best is None or frame.score > best.score:
                    best = frame
    return best


def _path(frame: _Frame) -> str:
    segs = []
    while frame is not None and len(segs) < _PATH_LENGTH:
        segs.append(frame.seg)
        frame = frame.parent
    return ">".join(reversed(segs))


def render_plain(blocks: tuple[Block, ...] | list[Block]) -> str:
    """The plain-text rendering block offsets index: block texts joined by newlines."""
    return "\n".join(block.text for block in blocks)
