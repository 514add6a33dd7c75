"""decode: the input as text, and whether that text is HTML.

``to_text(source, config)`` returns a ``str`` unchanged and decodes ``bytes`` in
this order, the order browsers use:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. UTF-16 without a mark, recognised by NUL bytes on every other position;
3. a declared charset in the first few KB: ``<meta charset>``,
   ``<meta http-equiv="Content-Type" content="...; charset=...">`` or an XML
   declaration's ``encoding``; names are mapped as the WHATWG Encoding standard
   maps them (``iso-8859-1`` and ``us-ascii`` mean windows-1252, ``gb2312`` means
   GBK, ``shift_jis`` means windows-31J);
4. strict UTF-8;
5. detection with charset-normalizer.

A declared single-byte charset loses to UTF-8 when the bytes are valid UTF-8 and
hold multi-byte sequences: legacy text almost never forms valid UTF-8 by chance,
and pages that declare latin-1 but are UTF-8 are the most common mislabel in crawls.

Binary input (a PDF, an image, an archive, or a sample dense in NUL and control
bytes) raises `NotTextError`; bytes that no encoding decodes raise `DecodeError`.
Markup whose root element is a feed, a sitemap or an outline raises `NotAPageError`
(`reject_non_page`): such XML lists pages and holds none, and read as HTML its titles,
links and summaries would run together into one paragraph.
Every scan here is a bounded prefix or a linear pass; no regex can backtrack.
"""
from __future__ import annotations

import codecs
import re

from .config import Config
from .errors import DecodeError, NotAPageError, NotTextError

# How far into the bytes a charset declaration is looked for. The HTML standard's
# prescan reads 1024 bytes; real pages put long <head> comments and scripts first,
# so we read further (4 KB covers the declarations of every wcxb-dev page that has one).
_DECLARATION_WINDOW = 4096
# Sample for the binary check and for recognising UTF-16 without a BOM.
_SAMPLE = 8192
# Binary when more than this share of the sample is NUL (text has none) ...
_MAX_NUL_SHARE = 0.01
# ... or this share is C0 control bytes other than tab, newline, form feed, carriage
# return and ESC (ESC switches charsets in ISO-2022-JP mail and pages).
_MAX_CONTROL_SHARE = 0.05
# UTF-16 without a BOM: ASCII-range text puts a NUL on every other byte.
_UTF16_NUL_SHARE = 0.3

# Magic numbers of formats people feed to text tools by mistake: (prefix, what it is).
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub)"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first, e.g. with gzip.decompress)"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"(\xb5/\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"OggS\x00", "Ogg audio or video"),
    (b"ID3\x03\x00", "an MP3 file"),
    (b"ID3\x04\x00", "an MP3 file"),
    (b"\x00asm", "WebAssembly"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")  # "BZh" alone also starts ordinary words
_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG Encoding standard labels that differ from Python's codec of the same name.
_WHATWG = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254",
    "gb2312": "gbk", "gb_2312-80": "gbk", "x-gbk": "gbk", "chinese": "gbk",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "iso-8859-11": "cp874", "tis-620": "cp874",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",  # a BOM-less page cannot be UTF-16 and declare it in ASCII
    "x-user-defined": "cp1252", "unicode-1-1-utf-8": "utf-8", "utf8": "utf-8",
}
# Single-byte legacy charsets, which lose to valid multi-byte UTF-8 (see the module doc).
_SINGLE_BYTE = re.compile(r"^(cp12\d\d|cp874|latin_?\d|iso8859_\d+|koi8_[ru]|mac_\w+|cp437|cp850)$")

# (Spaces after the quote only when there is one: two adjacent \s* split a run of spaces
# every way, 0.3 s on a 4 KB window of "charset=" and blanks.)
_CHARSET = re.compile(rb"""charset\s*=\s*(?:["']\s*)?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)

# looks_like_html: markup that only HTML has, near the start of the input.
_HTML_SAMPLE = 4096
_DOC_MARKERS = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s", re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|span|a|ul|ol|li|table|tr|td|h[1-6]|article|section|nav|header|footer|main|aside"
    r"|form|title|script|style|link|img|br|blockquote|pre|em|strong|b|i)(?:\s[^<>]{0,300})?/?>",
    re.IGNORECASE,
)
# Openings only markup has: an XML declaration (XHTML, whose elements may carry a prefix that
# no HTML marker matches), or a style sheet or script (a page may open with one longer than
# the sample: one trafilatura-eval page opens with 4 KB and more of CSS).
_MARKUP_OPENER = re.compile(r"<\?xml\s|<(?:style|script)[\s>]", re.IGNORECASE)
_MIN_TAGS = 3  # a text quoting one <p> tag stays text; three tags at the start is markup ...
# ... unless nearly all its lines hold none: a page about HTML, rendered to text, opens with a
# tag's name ("<table>: The Table element") and quotes tags in its examples, on few of its
# lines (one wcxb-dev rendering by html-text: 5 of the first 162), where markup has tags on
# most lines, or on one in ten at least when its paragraphs are hard-wrapped.
_MIN_TAG_LINE_SHARE = 0.1


def to_text(source: str | bytes, config: Config | None = None) -> str:
    """The input as ``str``: a ``str`` passes through, ``bytes`` are decoded (see the module doc);
    either way control characters and lone surrogates are replaced (see `scrub`)."""
    if isinstance(source, str):
        return scrub(source)
    if isinstance(source, (bytearray, memoryview)):
        source = bytes(source)
    if not isinstance(source, bytes):
        raise TypeError(f"expected the page as str or bytes, not {type(source).__name__}")
    encoding = detect_encoding(source)
    try:
        text = source.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(
            f"could not decode the input as {encoding} ({exc}); decode it yourself and pass a str"
        ) from None
    return scrub(text[1:] if text.startswith("\ufeff") else text)


# Control characters other than tab, line feed, form feed and carriage return (C0, DEL, C1)
# are never page text; left in, they reach the clean output (a NUL or an ESC in a corpus
# breaks the tools downstream). Lone surrogates cannot be written as UTF-8 at all.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# The same control characters in UTF-8: C0 and DEL are one byte each, C1 is 0xC2 then a
# byte from 0x80 to 0x9F (no other character's encoding holds these sequences).
_C0_UTF8 = tuple(bytes([c]) for c in [*range(0x00, 0x09), 0x0b, *range(0x0e, 0x20), 0x7f])
_C0 = tuple(c.decode() for c in _C0_UTF8)  # (an ASCII text holds no C1 character)
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def scrub(text: str) -> str:
    """``text`` with control characters as spaces and lone surrogates as U+FFFD.

    One character for one, so offsets into the result are offsets into ``text``; a text
    with neither comes back as the same object. (Finding none is the common case and the
    cost. An ASCII text is searched in place, a byte search per C0 control character; any
    other is encoded to UTF-8, which fails only on a surrogate, and searched in its bytes,
    a byte search per C0 character and one pattern for C1. A substring search per character
    in a str whose characters are two or four bytes wide took twice as long: 0.66 → 0.34 ms
    on the average wcxb-dev page, 255 KB of HTML.)"""
    surrogates, controls = _find_unwanted(text)
    if surrogates:
        text = _SURROGATES.sub("\ufffd", text)
    if controls:
        text = _CONTROLS.sub(" ", text)
    return text


# The UTF-8 check runs over this many characters at a time, so that what it encodes stays
# a few MB on any page (whole, a 50 MB page made a 50 MB copy); a page this long or shorter
# is encoded in one piece.
_SCAN_CHARS = 1 << 20


def _find_unwanted(text: str) -> tuple[bool, bool]:
    """Whether ``text`` holds lone surrogates, and whether it holds control characters."""
    if text.isascii():  # a byte a character already: searched in place, with no copy
        return False, any(c in text for c in _C0)
    surrogates = controls = False
    for start in range(0, len(text), _SCAN_CHARS):
        part = text[start:start + _SCAN_CHARS]  # (a surrogate is one character: never split)
        try:
            data = part.encode("utf-8")
        except UnicodeEncodeError:  # strict UTF-8 fails on lone surrogates only
            surrogates = True
            data = part.encode("utf-8", "surrogatepass")  # (their bytes are never control bytes)
        controls = controls or any(c in data for c in _C0_UTF8) or _C1_UTF8.search(data) is not None
        if surrogates and controls:
            break
    return surrogates, controls


def detect_encoding(data: bytes) -> str:
    """The Python codec name ``data`` decodes with; raises `NotTextError` for binary input."""
    _reject_binary(data)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    utf16 = _bomless_utf16(data[:_SAMPLE])
    if utf16:
        return utf16
    _reject_controls(data[:_SAMPLE])
    declared = declared_encoding(data[:_DECLARATION_WINDOW])
    if declared and _decodes(data, declared):
        if _SINGLE_BYTE.match(declared) and _is_multibyte_utf8(data):
            return "utf-8"
        return declared
    if _decodes(data, "utf-8"):
        return "utf-8"
    return _detected(data)


def declared_encoding(head: bytes) -> str | None:
    """The codec a ``<meta>`` tag or XML declaration in ``head`` names, or None."""
    found = _XML_ENCODING.search(head) or _CHARSET.search(head)
    if not found:
        return None
    label = found.group(1).decode("ascii").strip().lower()
    label = _WHATWG.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def looks_like_html(text: str) -> bool:
    """True when the start of ``text`` is markup (a doctype, ``<html>``/``<head>``/``<body>``,
    an XML declaration, style sheet or script first, or several common tags at the very
    start); scraped plain text that mentions a tag is not."""
    sample = text[:_HTML_SAMPLE]
    if _DOC_MARKERS.search(sample):
        return True
    stripped = sample.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("<"):
        return False
    if _MARKUP_OPENER.match(stripped):
        return True
    count = 0
    for _ in _BLOCK_TAG.finditer(stripped):
        count += 1
        if count >= _MIN_TAGS:
            return _tag_line_share(stripped) >= _MIN_TAG_LINE_SHARE
    return False


def _tag_line_share(sample: str) -> float:
    """The share of the sample's non-empty lines that hold a tag."""
    lines = [line for line in sample.splitlines() if line.strip()]
    return sum(1 for line in lines if _BLOCK_TAG.search(line)) / len(lines)


# Root elements of XML that scrapers fetch beside pages but that is no page (lower-cased):
# news feeds (RSS 0.9x/2.0, RSS 1.0 as RDF, Atom), sitemaps (sitemaps.org) and OPML
# outlines (feed lists). None of them is an HTML element, so no HTML page or fragment starts
# with one.
_NOT_PAGES = {
    "rss": "an RSS feed", "rdf:rdf": "an RSS 1.0 (RDF) feed", "feed": "an Atom feed",
    "urlset": "a sitemap", "sitemapindex": "a sitemap index", "opml": "an OPML outline",
}
# What may stand before the root element: an XML declaration or processing instruction,
# a comment, a doctype (each closed by the marker given).
_PROLOG_ENDS = (("<?", "?>"), ("<!--", "-->"), ("<!", ">"))
_ROOT = re.compile(r"<([A-Za-z][\w:.-]{0,40})")
_SPACE = re.compile(r"[\s\ufeff]*")


def reject_non_page(text: str) -> None:
    """Raise `NotAPageError` when the markup's root element is a feed's, a sitemap's or an
    outline's; return for anything else (an HTML page or fragment, plain text)."""
    root = _root_element(text[:_HTML_SAMPLE])
    what = _NOT_PAGES.get(root.lower()) if root else None
    if what:
        raise NotAPageError(
            f"the input is {what} (its root element is <{root}>), not a web page; "
            "boilerstrip reads one page's HTML or text: parse the feed or sitemap with a reader for it "
            "(e.g. feedparser) and pass each entry's page or content"
        )


def _root_element(sample: str) -> str | None:
    """The name of the first element after the prolog (declaration, comments, doctype),
    or None when the sample does not start with markup or the prolog runs past it."""
    at = _SPACE.match(sample).end()
    while True:
        for opener, closer in _PROLOG_ENDS:
            if sample.startswith(opener, at):
                end = sample.find(closer, at + len(opener))
                if end < 0:
                    return None
                at = _SPACE.match(sample, end + len(closer)).end()
                break
        else:
            root = _ROOT.match(sample, at)
            return root.group(1) if root else None


def _reject_binary(data: bytes) -> None:
    what = next((what for magic, what in _MAGIC if data.startswith(magic)), None)
    if what is None and _BZIP2.match(data[:10]):
        what = "bzip2-compressed data"
    if what:
        raise NotTextError(
            f"the input starts like {what}, not a web page; "
            "boilerstrip reads HTML or text: extract the text first, or pass the page itself"
        )


def _reject_controls(sample: bytes) -> None:
    if not sample:
        return
    nul = sample.count(0)
    controls = sum(sample.count(c) for c in _CONTROL_BYTES)
    if nul / len(sample) > _MAX_NUL_SHARE or controls / len(sample) > _MAX_CONTROL_SHARE:
        raise NotTextError(
            f"the input looks binary ({nul} NUL and {controls} control bytes in its first {len(sample)}); "
            "boilerstrip reads HTML or text: pass the page's markup or its extracted text, not a file of another format"
        )


_CONTROL_BYTES = tuple(c for c in range(1, 32) if c not in (9, 10, 12, 13, 27))


def _bomless_utf16(sample: bytes) -> str | None:
    if len(sample) < 16 or sample.count(0) < _UTF16_NUL_SHARE * len(sample):
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.8 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.8 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        codecs.decode(data, encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _is_multibyte_utf8(data: bytes) -> bool:
    return not data.isascii() and _decodes(data, "utf-8")


def _detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError(
            "could not tell which encoding the input bytes use (no BOM, no declared charset, "
            "not UTF-8, and detection found none); decode it yourself and pass a str"
        )
    return codecs.lookup(_prefer_windows_1252(matches, best)).name


# Detection ties among single-byte charsets are common on short Western text (cp1250,
# cp1252, cp1257 all decode "été" plausibly); windows-1252 is by far the most used
# legacy charset on the web, so it wins a tie (within this much chaos / coherence).
_TIE = 0.01


def _prefer_windows_1252(matches, best) -> str:
    for match in matches:
        tied = match.chaos <= best.chaos + _TIE and match.coherence >= best.coherence - _TIE
        if tied and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return best.encoding
