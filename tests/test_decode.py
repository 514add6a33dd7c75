"""decode: bytes → text by BOM, declared charset, then detection; binary rejected; HTML recognised."""
from __future__ import annotations

import codecs
import re

import pytest

from boilerstrip.config import Config
import boilerstrip
from boilerstrip.decode import declared_encoding, detect_encoding, looks_like_html, reject_non_page, to_text
from boilerstrip.errors import NotAPageError, NotTextError

# Texts in several scripts, long enough for detection to have evidence.
GERMAN = "Die Bürgerinitiative fordert größere Grünflächen, schönere Straßen und mehr Fußwege für die Stadt. " * 3
FRENCH = "L'été dernier, les élèves ont visité le château près de la forêt où il a neigé très tôt. " * 3
RUSSIAN = "Городской совет обсудил новый проект парка и решил начать строительство весной будущего года. " * 3
JAPANESE = "東京都は新しい公園の建設計画を発表しました。住民からは歓迎の声が上がっています。" * 3
CHINESE = "市政府今天宣布了新的公园建设计划，居民们对此表示欢迎，工程将于明年春天开始。" * 3


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


CASES = [  # (id, bytes, expected text)
    ("utf8-no-bom", page(GERMAN).encode("utf-8"), page(GERMAN)),
    ("utf8-bom", codecs.BOM_UTF8 + page(GERMAN).encode("utf-8"), page(GERMAN)),
    ("utf16-le-bom", page(RUSSIAN).encode("utf-16"), page(RUSSIAN)),
    ("utf16-be-bom", codecs.BOM_UTF16_BE + page(RUSSIAN).encode("utf-16-be"), page(RUSSIAN)),
    ("utf16-le-no-bom", page(FRENCH).encode("utf-16-le"), page(FRENCH)),
    ("utf32-bom", page(JAPANESE).encode("utf-32"), page(JAPANESE)),
    ("cp1252-declared", page(FRENCH + " “quoted” – €", '<meta charset="windows-1252">').encode("cp1252"),
     page(FRENCH + " “quoted” – €", '<meta charset="windows-1252">')),
    ("latin1-declared-means-cp1252", page(GERMAN + " „Zitat“", '<meta charset="iso-8859-1">').encode("cp1252"),
     page(GERMAN + " „Zitat“", '<meta charset="iso-8859-1">')),
    ("latin1-http-equiv", page(GERMAN, '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">').encode("latin-1"),
     page(GERMAN, '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')),
    ("shift_jis-declared", page(JAPANESE, '<meta charset="Shift_JIS">').encode("shift_jis"),
     page(JAPANESE, '<meta charset="Shift_JIS">')),
    ("gb2312-declared", page(CHINESE, '<meta charset="gb2312">').encode("gb2312"), page(CHINESE, '<meta charset="gb2312">')),
    ("gbk-declared", page(CHINESE + "镕", '<meta charset="GBK">').encode("gbk"), page(CHINESE + "镕", '<meta charset="GBK">')),
    ("koi8-r-declared-in-meta", page(RUSSIAN, '<meta http-equiv="content-type" content="text/html; charset=koi8-r">').encode("koi8-r"),
     page(RUSSIAN, '<meta http-equiv="content-type" content="text/html; charset=koi8-r">')),
    ("xml-declaration", ('<?xml version="1.0" encoding="ISO-8859-15"?>' + page(FRENCH + " €")).encode("iso-8859-15"),
     '<?xml version="1.0" encoding="ISO-8859-15"?>' + page(FRENCH + " €")),
    ("declared-latin1-but-utf8", page(GERMAN, '<meta charset="iso-8859-1">').encode("utf-8"),
     page(GERMAN, '<meta charset="iso-8859-1">')),
    ("undeclared-cp1252-detected", page(FRENCH).encode("cp1252"), page(FRENCH)),
    ("undeclared-koi8-r-detected", page(RUSSIAN).encode("koi8-r"), page(RUSSIAN)),
    ("plain-text-utf8", GERMAN.encode("utf-8"), GERMAN),
    ("empty", b"", ""),
]


@pytest.mark.parametrize("data,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bytes_decode_to_the_original_text(data, expected):
    assert to_text(data, Config()) == expected


def test_str_passes_through_unchanged():
    text = "  Grüße\r\n<p>x</p>\ufeff "
    assert to_text(text, Config()) is text


def test_bytearray_and_memoryview_are_bytes_too():
    data = page(GERMAN).encode("utf-8")
    assert to_text(bytearray(data)) == to_text(memoryview(data)) == page(GERMAN)


def test_other_types_are_refused_with_a_type_error():
    with pytest.raises(TypeError, match="str or bytes"):
        to_text(42)  # type: ignore[arg-type]


BINARY = [
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>", "PDF"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP"),
    ("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    ("bzip2", b"BZh91AY&SY\x00\x00", "bzip2"),
    ("nul-heavy", bytes(range(256)) * 8, "binary"),
    ("control-heavy", b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 100, "binary"),
]


@pytest.mark.parametrize("data,what", [c[1:] for c in BINARY], ids=[c[0] for c in BINARY])
def test_binary_input_is_rejected_with_a_message_that_teaches(data, what):
    with pytest.raises(NotTextError, match=what) as info:
        to_text(data, Config())
    assert "HTML or text" in str(info.value)


def test_words_that_start_like_magic_numbers_are_still_text():
    assert to_text(b"BZh is not bzip2 without its block marker") == "BZh is not bzip2 without its block marker"
    assert to_text(b"ID3 tags describe songs") == "ID3 tags describe songs"


def test_iso_2022_jp_escapes_are_not_mistaken_for_binary():
    data = ("<p>" + JAPANESE + "</p>").encode("iso-2022-jp")
    assert to_text(b'<meta charset="iso-2022-jp">' + data) == '<meta charset="iso-2022-jp">' + "<p>" + JAPANESE + "</p>"


def test_unknown_declared_charset_falls_back_to_utf8():
    data = page(GERMAN, '<meta charset="no-such-charset">').encode("utf-8")
    assert detect_encoding(data) == "utf-8"


def test_declaration_outside_the_window_is_ignored():
    data = b"<html><head><!--" + b"x" * 5000 + b'--><meta charset="koi8-r">'
    assert declared_encoding(data[:4096]) is None


@pytest.mark.parametrize("head,expected", [
    (b'<meta charset="UTF-8">', "utf-8"),
    (b"<meta charset=utf-8>", "utf-8"),
    (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=Windows-1251'>", "cp1251"),
    (b'<?xml version="1.0" encoding="euc-jp"?>', "euc_jp"),
    (b'<meta charset="gb2312">', "gbk"),
    (b'<meta charset="shift_jis">', "cp932"),
    (b"<p>no declaration</p>", None),
])
def test_declared_encoding(head, expected):
    assert declared_encoding(head) == expected


def test_undecodable_declared_bytes_fall_back_to_detection():
    # declares UTF-8 but is cp1252: strict UTF-8 fails, detection decides
    data = page(FRENCH, '<meta charset="utf-8">').encode("cp1252")
    assert "élèves" in to_text(data)


HTML_OR_NOT = [
    ("doctype", "<!DOCTYPE html><title>x</title>", True),
    ("lowercase-doctype-after-space", "\n\n  <!doctype html>\n<p>x", True),
    ("html-tag", "<html lang='de'><p>Hallo</p></html>", True),
    ("fragment", "<div class='a'><p>One</p><p>Two</p></div>", True),
    ("xhtml", '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', True),
    ("xhtml-prefixed", '<?xml version="1.0"?><h:html xmlns:h="http://www.w3.org/1999/xhtml"><h:p>x</h:p></h:html>',
     True),
    ("plain-text", "Breaking news\nThe council met on Monday.\nShare this", False),
    ("long-style-first", "<style>\n" + ".box { opacity: 1; }\n" * 400 + "</style>\n<div><p>x</p></div>", True),
    ("script-first", "<script type='text/javascript'>var a = 1;</script><p>x</p>", True),
    ("hard-wrapped-fragment", "<div class='post'>\n<p>\n" + "A line of a paragraph wrapped at seventy columns.\n" * 30
     + "</p>\n</div>", True),
    ("text-about-tags", "<table>: The Table element\n\n" + "Skip to main content\nReference\n" * 40
     + "Use <tr> for rows and <td> for cells inside <table>.\n", False),
    ("text-quoting-a-declaration", 'Start the file with <?xml version="1.0"?> and then the root.', False),
    ("text-mentioning-a-tag", "Use the <p> tag for paragraphs and <div> for groups.", False),
    ("text-starting-with-angle", "<3 thanks everyone for coming", False),
    ("email-address", "<jane@example.org> wrote:\n> quoted", False),
    ("empty", "", False),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in HTML_OR_NOT], ids=[c[0] for c in HTML_OR_NOT])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


def test_looks_like_html_reads_only_a_prefix():
    # a huge text without markup is judged from its start, in bounded time
    assert looks_like_html("word " * 2_000_000) is False
    assert looks_like_html("<" * 2_000_000) is False


ITEM = ("<title>Rain returns to the valley after a dry month</title><link>https://example.org/rain</link>"
        "<description>Farmers in the valley welcomed the first heavy rain in weeks on Tuesday, saying the storm "
        "came just in time for the late harvest.</description>")
NOT_PAGES = [  # (id, markup, what the message calls it)
    ("rss", f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>{ITEM}<item>{ITEM}</item>'
            "</channel></rss>", "an RSS feed"),
    ("rss-no-declaration", f'<rss version="0.91"><channel><item>{ITEM}</item></channel></rss>', "an RSS feed"),
    ("rdf", '<?xml version="1.0"?><!-- RSS 1.0 -->\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            f' xmlns="http://purl.org/rss/1.0/"><item>{ITEM}</item></rdf:RDF>', "an RSS 1.0 (RDF) feed"),
    ("atom", '\ufeff<?xml version="1.0"?>\n<?xml-stylesheet href="feed.xsl"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
             "<entry><title>Rain returns</title><summary>Farmers welcomed the rain.</summary></entry></feed>",
     "an Atom feed"),
    ("sitemap", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                "<url><loc>https://example.org/rain</loc></url></urlset>", "a sitemap"),
    ("opml", '<?xml version="1.0"?><!DOCTYPE opml><opml version="2.0"><body><outline text="News"/></body></opml>',
     "an OPML outline"),
]


@pytest.mark.parametrize("markup,what", [c[1:] for c in NOT_PAGES], ids=[c[0] for c in NOT_PAGES])
def test_feeds_and_sitemaps_are_refused_as_not_pages(markup, what):
    # read as HTML, a feed's titles, links and summaries would run together into one
    # paragraph ("…/rainFarmers in the valley…"): refused instead, as str and as bytes
    for source in (markup, markup.encode("utf-8")):
        for config in (Config(), Config(input_format="html")):
            with pytest.raises(NotAPageError, match=re.escape(what)):
                boilerstrip.clean(source, config)


@pytest.mark.parametrize("text", [
    '<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>',
    "<!-- saved page --><div><p>Our feed: <rss> and <feed> tags explained.</p></div>",
    "The <rss> element is the root of a feed; <feed> is Atom's.",
    "<p>Subscribe to the feed</p><feed>",  # an HTML fragment first, whatever follows
    "<?xml version='1.0'?><!-- a prolog that never ends",
    "",
])
def test_pages_fragments_and_texts_are_not_refused(text):
    reject_non_page(text)  # returns: none of these is a feed, sitemap or outline


def test_a_feed_the_caller_calls_text_is_read_as_text():
    doc = boilerstrip.annotate(NOT_PAGES[0][1], Config(input_format="text"))  # read, not refused
    assert doc.metadata["input_format"] == "text" and doc.blocks[0].text.startswith("<?xml")


def test_the_root_is_found_within_the_prefix_only():
    reject_non_page("<!--" + "x" * 10_000 + "--><rss>")  # the comment runs past the 4 KB read: no root seen
    with pytest.raises(NotAPageError):
        reject_non_page("<!--" + "x" * 1_000 + "-->\n<rss>")


@pytest.mark.parametrize("text, expected", [
    ("plain ascii", "plain ascii"),
    ("ascii\x1b[0m with\x00escapes\x7f", "ascii [0m with escapes "),
    ("café\x85naïve\x9f", "café naïve "),  # C1 controls in a text of non-ASCII letters
    ("\u00a0\u00bf\u0100 kept", "\u00a0\u00bf\u0100 kept"),  # 0xC2 0xA0.. in UTF-8 is no control
    ("lone \ud800 surrogate and \x85", "lone \ufffd surrogate and  "),
    ("中文\udfff", "中文\ufffd"),
])
def test_scrub_replaces_controls_and_surrogates_one_for_one(text, expected):
    from boilerstrip.decode import scrub
    out = scrub(text)
    assert out == expected and len(out) == len(text)
    assert (out is text) == (expected == text)  # nothing to replace: the same object back
