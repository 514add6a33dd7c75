"""profile: what a whole corpus knows that one page cannot.

A `Profile` is learned in one pass over a corpus and holds two kinds of counts:

- **site recurrence**: for every site (a URL's host, a ``domain`` field, or the whole
  corpus when records carry neither), how many pages it has and on how many of them
  each normalised block occurs. A line such as "Try Our AI Features" that recurs on
  37 of 40 pages of one site is that site's chrome, however much it reads like prose.
- **copies**: for every prose block, a small sketch of its word shingles, counted over
  the whole corpus. A paragraph whose shingles recur on a few other pages is part of a
  story the corpus holds several copies of (syndication, mirrors); what one copy adds
  after the shared core ends is that source's own addition: a comment or spillover.

Counts add up, so profiles of shards merge exactly: ``Profile.merge(a, b)`` equals
the profile learned on both shards at once. `classify` reads the counts through
`Profile.hints`; the profile is always an explicit argument, never global state.

File format (``boilerstrip-profile``, version 1): UTF-8 JSON lines, gzip-compressed
when the file name ends in ``.gz`` (with a zero time stamp, so equal profiles give
equal bytes):

1. a header ``{"format": "boilerstrip-profile", "version": 1, "normalise": ...,
   "hash": ..., "shingle": ..., "pages": N, "sites": K}``;
2. one line per site, sites sorted: ``{"site": "example.org", "pages": M,
   "blocks": [[hash, n], ...]}`` with hashes sorted (``""`` is the whole corpus);
3. one last line ``{"shingles": [[hash, n], ...]}``, hashes sorted.

Hashes are 16 hex digits: BLAKE2b-64 of the normalised block text (NFKC, case-folded,
numbers as 0, words only) or of a 5-word shingle of it.
"""
from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import json
import math
import re
import unicodedata
from collections import Counter
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from .config import Config
from .errors import BoilerstripError
from .model import Block, Label
from .shape import word_count

FORMAT = "boilerstrip-profile"
VERSION = 1
_NORMALISE = "nfkc-casefold-digits0-words"
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d+")  # every number as one 0: "3 hours ago" = "12 hours ago"

# Copies: prose blocks (at least _PROSE_WORDS words, the prose threshold `features` uses)
# are sketched by the _SKETCH smallest hashes of their 5-word shingles. A block is shared
# with another copy when at least _SHARED_MIN of its sketch hashes occur on another page;
# 4 of 8 (5-word shingles) survives the light edits seen between syndicated copies (quotes, a changed word
# per sentence) and is not reached by two unrelated paragraphs. Shingles on more than
# _COPY_MAX_PAGES pages are boilerplate shared by many pages, not copies of one story.
_PROSE_WORDS = 12
_SHINGLE = 5
_SKETCH = 8
_SHARED_MIN = 4
_COPY_MAX_PAGES = 20
# A page is a copy of a story when at least _COPY_MIN_BLOCKS of its prose blocks, and at
# least _COPY_MIN_SHARE of them, are shared (a lone shared line is not a shared story).
_COPY_MIN_BLOCKS = 3
_COPY_MIN_SHARE = 0.5

# Site recurrence: evidence only from this many pages up (two pages may be two copies of
# one story) and from this share of the site's pages up. The logit shift grows with the
# share and reaches _RECUR_LOGIT at _RECUR_FULL_SHARE; chosen on fixtures/corpus (see
# bench/corpus.py), where it turns recurring prose-like chrome from body to chrome without
# touching the articles. A page most of whose blocks recur (_DUPLICATE_PAGE_SHARE) is a
# duplicate of another page of the site, where recurrence says nothing about chrome.
_RECUR_MIN_PAGES = 3
_RECUR_MIN_SHARE = 0.05
_RECUR_FULL_SHARE = 0.5
_RECUR_LOGIT = 8.0
_DUPLICATE_PAGE_SHARE = 0.8
_SHARED_LOGIT = 2.0  # body evidence of a block shared with another copy of the story
# Prose one copy has before the shared core (a caption, an editor's note): evidence against
# body, strong enough to move a block the model gives p(body)=0.95 below one half.
_ADDED_LOGIT = 4.0
# Spillover after a copy's core: long prose sharing few words with the article, the
# thresholds `sections` uses for another story after the article.
_SPILLOVER_MIN_WORDS = 40
_SPILLOVER_MAX_COHESION = 0.2


class ProfileError(BoilerstripError):
    """A profile file that cannot be read: wrong format, newer version, or damaged."""


def normalise(text: str) -> str:
    """The form blocks are compared in: NFKC, case-folded, numbers as 0, words only."""
    folded = _DIGIT.sub("0", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(_WORD.findall(folded))


def block_hash(text: str) -> str:
    return _hash(normalise(text))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def sketch(text: str) -> tuple[str, ...]:
    """The _SKETCH smallest shingle hashes of a prose block; () for shorter blocks."""
    words = normalise(text).split()
    if len(words) < _PROSE_WORDS:
        return ()
    shingles = {_hash(" ".join(words[i:i + _SHINGLE])) for i in range(len(words) - _SHINGLE + 1)}
    return tuple(sorted(shingles)[:_SKETCH])


def site_of(record: Mapping, field: str | None = None) -> str:
    """A record's site: the host of its ``url`` (no ``www.``), its ``domain`` or ``site``
    field, or ``""`` (the whole corpus) when it has none. ``field`` names another field."""
    for key in ([field] if field else ["url", "domain", "site"]):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            value = value.strip().lower()
            host = urlsplit(value).hostname if "://" in value else value.split("/", 1)[0]
            host = host or ""
            return host[4:] if host.startswith("www.") else host
    return ""


def page_blocks(source: str | bytes, config: Config | None = None) -> tuple[Block, ...]:
    """The page's blocks as `annotate` segments them (no model needed)."""
    from . import _as_text, _is_html
    from .segment import segment
    from .segment_html import segment_html

    config = config or Config()
    text = _as_text(source, config)
    return segment_html(text, config)[0] if _is_html(text, config) else segment(text, config)


@dataclasses.dataclass(frozen=True)
class PageCounts:
    """One page's contribution to a profile: its site, block hashes and shingle hashes."""

    site: str
    blocks: frozenset[str]
    shingles: frozenset[str]

    @classmethod
    def of(cls, site: str, source: str | bytes, config: Config | None = None) -> "PageCounts":
        texts = [b.text for b in page_blocks(source, config)]
        return cls(site, frozenset(block_hash(t) for t in texts if normalise(t)),
                   frozenset(h for t in texts for h in sketch(t)))


@dataclasses.dataclass(frozen=True)
class Profile:
    """Per-site block recurrence and corpus-wide shingle counts (see the module doc)."""

    pages: Mapping[str, int]  # site → pages
    blocks: Mapping[str, Mapping[str, int]]  # site → block hash → pages with it
    shingles: Mapping[str, int]  # shingle hash → pages with it

    # --- building -------------------------------------------------------------------

    @classmethod
    def learn(cls, pages: Iterable[str | bytes | tuple[str, str | bytes]],
              config: Config | None = None) -> "Profile":
        """Count a corpus in one pass. Items are pages (one site: the whole corpus) or
        ``(site, page)`` pairs, e.g. ``(site_of(record), record["text"])``."""
        counts = (PageCounts.of(*(item if isinstance(item, tuple) else ("", item)), config)
                  for item in pages)
        return cls.from_counts(counts)

    @classmethod
    def from_counts(cls, counts: Iterable[PageCounts]) -> "Profile":
        pages: Counter = Counter()
        blocks: dict[str, Counter] = {}
        shingles: Counter = Counter()
        for page in counts:
            pages[page.site] += 1
            blocks.setdefault(page.site, Counter()).update(page.blocks)
            shingles.update(page.shingles)
        return cls._frozen(pages, blocks, shingles)

    @classmethod
    def merge(cls, *profiles: "Profile") -> "Profile":
        """The profile of all their corpora together (counts add up: exact)."""
        pages: Counter = Counter()
        blocks: dict[str, Counter] = {}
        shingles: Counter = Counter()
        for p in profiles:
            pages.update(p.pages)
            for site, counts in p.blocks.items():
                blocks.setdefault(site, Counter()).update(counts)
            shingles.update(p.shingles)
        return cls._frozen(pages, blocks, shingles)

    @classmethod
    def _frozen(cls, pages, blocks, shingles) -> "Profile":
        return cls(MappingProxyType(dict(pages)),
                   MappingProxyType({s: MappingProxyType(dict(c)) for s, c in blocks.items()}),
                   MappingProxyType(dict(shingles)))

    def __eq__(self, other) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        return (dict(self.pages) == dict(other.pages) and dict(self.shingles) == dict(other.shingles)
                and {s: dict(c) for s, c in self.blocks.items()} == {s: dict(c) for s, c in other.blocks.items()})

    # --- lookups --------------------------------------------------------------------

    @property
    def total_pages(self) -> int:
        return sum(self.pages.values())

    def recurrence(self, site: str, text: str) -> tuple[int, int]:
        """``(n, m)``: the block occurs on n of the m pages of ``site`` in the corpus."""
        return self.blocks.get(site, {}).get(block_hash(text), 0), self.pages.get(site, 0)

    def shared(self, text: str) -> tuple[int, int]:
        """``(k, of)``: k of the block's ``of`` sketch shingles occur on other pages, as
        copies do (on 2 to _COPY_MAX_PAGES pages, the page itself counted)."""
        hashes = sketch(text)
        k = sum(1 for h in hashes if 2 <= self.shingles.get(h, 0) <= _COPY_MAX_PAGES)
        return k, len(hashes)

    def hints(self, blocks: Sequence[Block], site: str = "") -> "Hints":
        return Hints.of(self, blocks, site)

    # --- the file -------------------------------------------------------------------

    def save(self, path: str | Path, min_count: int = 1) -> None:
        """Write the documented file. ``min_count`` > 1 drops rarer entries: smaller, but
        no longer mergeable exactly (prune only a final profile)."""
        data = self.dumps(min_count).encode("utf-8")
        if str(path).endswith(".gz"):
            buf = io.BytesIO()
            with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
                gz.write(data)
            data = buf.getvalue()
        Path(path).write_bytes(data)

    def dumps(self, min_count: int = 1) -> str:
        header = {"format": FORMAT, "version": VERSION, "normalise": _NORMALISE, "hash": "blake2b-64",
                  "shingle": {"words": _SHINGLE, "sketch": _SKETCH, "min_words": _PROSE_WORDS},
                  "pages": self.total_pages, "sites": len(self.pages)}
        lines = [header]
        for site in sorted(self.pages):
            counts = self.blocks.get(site, {})
            lines.append({"site": site, "pages": self.pages[site],
                          "blocks": [[h, n] for h, n in sorted(counts.items()) if n >= min_count]})
        lines.append({"shingles": [[h, n] for h, n in sorted(self.shingles.items()) if n >= min_count]})
        return "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in lines)

    @classmethod
    def load(cls, path: str | Path) -> "Profile":
        try:
            raw = Path(path).read_bytes()
            text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
            raise ProfileError(f"cannot read profile {path}: {exc}") from None
        return cls.loads(text, name=str(path))

    @classmethod
    def loads(cls, text: str, name: str = "<profile>") -> "Profile":
        try:
            lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ProfileError(f"{name} is not a boilerstrip profile (bad JSON: {exc}); "
                               f"make one with 'boilerstrip profile CORPUS -o FILE'") from None
        _check_header(lines[0] if lines else None, name)
        try:
            pages = {d["site"]: int(d["pages"]) for d in lines[1:-1]}
            blocks = {d["site"]: {h: int(n) for h, n in d["blocks"]} for d in lines[1:-1]}
            shingles = {h: int(n) for h, n in lines[-1]["shingles"]}
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ProfileError(f"{name}: damaged profile ({type(exc).__name__}: {exc}); learn it again") from None
        return cls._frozen(pages, blocks, shingles)


def _check_header(header, name: str) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ProfileError(f"{name} is not a boilerstrip profile; make one with 'boilerstrip profile CORPUS -o FILE'")
    if header.get("version") != VERSION or header.get("normalise") != _NORMALISE:
        raise ProfileError(f"{name} is a version {header.get('version')} profile; this boilerstrip reads "
                           f"version {VERSION}: learn the profile again with this version")


# --- evidence for one page -----------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Hints:
    """What the profile says about each block of one page: logit shifts for P(body),
    evidence strings, and the blocks a copy of a story added after the shared core."""

    shift: tuple[float, ...]
    evidence: tuple[tuple[str, ...], ...]
    added: frozenset[int]  # blocks after the story's shared core, present in this copy only

    @classmethod
    def of(cls, profile: Profile, blocks: Sequence[Block], site: str) -> "Hints":
        recur = [profile.recurrence(site, b.text) for b in blocks]
        shared = [profile.shared(b.text) for b in blocks]
        shift = [0.0] * len(blocks)
        evidence: list[tuple[str, ...]] = [()] * len(blocks)
        recurring = [i for i, (n, m) in enumerate(recur) if n >= _RECUR_MIN_PAGES and n / max(m, 1) >= _RECUR_MIN_SHARE]
        if len(recurring) < _DUPLICATE_PAGE_SHARE * len(blocks):
            where = site or "this corpus"
            for i in recurring:
                n, m = recur[i]
                shift[i] -= _RECUR_LOGIT * min(1.0, n / m / _RECUR_FULL_SHARE)
                evidence[i] += (f"profile: recurs on {n}/{m} pages of {where}",)
        own = [bool(of) and recur[i][0] < _RECUR_MIN_PAGES for i, (k, of) in enumerate(shared)]
        copies = [i for i, (k, of) in enumerate(shared) if own[i] and k >= _SHARED_MIN]
        added: set[int] = set()
        if len(copies) >= max(_COPY_MIN_BLOCKS, _COPY_MIN_SHARE * sum(own)):
            for i in copies:
                shift[i] += _SHARED_LOGIT
                evidence[i] += (f"copies: shared with another copy of this story ({shared[i][0]}/{shared[i][1]} shingles)",)
            for i in range(copies[0]):
                if recur[i][0] < _RECUR_MIN_PAGES and shared[i][0] < _SHARED_MIN:
                    shift[i] -= _ADDED_LOGIT
                    evidence[i] += (f"copies: only in this copy, before the story's shared core "
                                    f"(which starts at block {copies[0]}): added by this source",)
            for i in range(copies[-1] + 1, len(blocks)):
                if own[i] and shared[i][0] < _SHARED_MIN:
                    added.add(i)
                    evidence[i] += (f"copies: only in this copy, after the story's shared core "
                                    f"(which ends at block {copies[-1]}): added by this source",)
        return cls(tuple(shift), tuple(evidence), frozenset(added))

    def adjust(self, prob: Sequence[float]) -> list[float]:
        """P(body) moved by the profile's logit shifts."""
        return [_sigmoid(_logit(p) + s) if s else float(p) for p, s in zip(prob, self.shift)]

    def relabel(self, blocks: Sequence[Block]) -> tuple[Block, ...]:
        """Blocks a copy added after the shared core and still read as body become
        comments, or related when they are long prose of another story."""
        out = list(blocks)
        for i in sorted(self.added):
            b = out[i]
            if b.label is not Label.BODY:
                continue
            words = b.features.get("log_words", 0.0)
            spill = word_count(words) >= _SPILLOVER_MIN_WORDS and b.features.get("cohesion", 1.0) <= _SPILLOVER_MAX_COHESION
            label = Label.RELATED if spill else Label.COMMENTS
            out[i] = dataclasses.replace(b, label=label, confidence=max(b.confidence, 0.5),
                                         evidence=(f"rule: {label.value} added by this copy after the shared story",)
                                         + b.evidence)
        return tuple(out)


def _logit(p: float) -> float:
    p = min(max(float(p), 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
