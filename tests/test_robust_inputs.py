"""Robust under bad input: every kind of input a crawl produces gives text or a documented error.

Each case asserts what must come out, not just that nothing raised: the clean text is
made of the input's own blocks in input order, decoded bytes read as the same page
as the str, control characters never reach the output, deep and broken HTML keeps its
text and its block boundaries, and binary input is refused with `NotTextError`.
"""
from __future__ import annotations

import codecs
import gzip
import math
import random
import re

import pytest

import boilerstrip
from boilerstrip import Config, NotTextError, annotate, assemble, clean
from boilerstrip.decode import to_text

ARTICLE = [
    "Volunteers planted four hundred oak saplings along the river on Saturday, hoping to slow erosion.",
    "The group, founded by two retired teachers, has planted more than ten thousand trees since it began.",
    "Each sapling is protected by a plastic sleeve until its roots are deep enough to survive the floods.",
    "Local schools will visit the site in spring to measure how the young trees have grown over winter.",
]
PAGE = "\n".join(["Home", "News", "Sign in", *ARTICLE, "Share on Facebook", "© 2025 The Valley Post. All rights reserved."])
TEXT = Config(input_format="text")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def input_lines(text: str) -> list[str]:
    """The blocks line segmentation makes of ``text``: its non-empty stripped lines."""
    return [line.strip() for line in _LINE_BREAK.split(to_text(text)) if line.strip()]


def is_subsequence(items: list[str], of: list[str]) -> bool:
    rest = iter(of)
    return all(any(item == candidate for candidate in rest) for item in items)


def assert_made_of_input_lines(text: str, config: Config = TEXT) -> str:
    """clean(text) in line mode is a subsequence of the input's lines; returns it."""
    out = clean(text, config.replace(segment="line"))
    lines = out.split("\n") if out else []
    assert is_subsequence(lines, input_lines(text)), (lines[:5], input_lines(text)[:5])
    return out


# --- empty, whitespace, str vs bytes ------------------------------------------------

@pytest.mark.parametrize("source", ["", "   ", "\n\n\n", " \t\r\n\f\v ", "\u00a0\u2003\n\u3000", b"", b"  \r\n "],
                         ids=["empty", "spaces", "newlines", "ascii-whitespace", "unicode-whitespace", "empty-bytes",
                              "whitespace-bytes"])
def test_empty_and_whitespace_only_give_empty_text_and_no_blocks(source):
    assert clean(source) == ""
    assert annotate(source).blocks == ()


@pytest.mark.parametrize("encode", [
    pytest.param(lambda t: t.encode("utf-8"), id="utf-8"),
    pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf-8-bom"),
    pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom"),
    pytest.param(lambda t: t.encode("utf-16-le"), id="utf-16-le-no-bom"),
    pytest.param(lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be"), id="utf-32-be-bom"),
    pytest.param(lambda t: t.encode("cp1252"), id="cp1252-detected"),
])
def test_bytes_in_any_encoding_read_as_the_same_page(encode):
    page = PAGE.replace("Home", "Accueil — été")  # non-ASCII in the page
    assert clean(encode(page), TEXT) == clean(page, TEXT)
    assert annotate(encode(page), TEXT).source == page


@pytest.mark.parametrize("charset,text", [
    ("windows-1251", "Новости культуры: выставка открылась в субботу и продлится до весны, сообщили организаторы."),
    ("shift_jis", "東京の美術館で新しい展覧会が土曜日に始まり、春まで続くと主催者が発表した。"),
    ("iso-8859-7", "Η έκθεση άνοιξε το Σάββατο και θα διαρκέσει μέχρι την άνοιξη, ανακοίνωσαν οι διοργανωτές."),
], ids=["windows-1251", "shift_jis", "iso-8859-7"])
def test_a_declared_charset_is_honoured(charset, text):
    html = f'<html><head><meta charset="{charset}"></head><body><p>{text}</p></body></html>'
    doc = annotate(html.encode(charset))
    assert [b.text for b in doc.blocks] == [text]


def test_mojibake_is_kept_as_input_text_not_mangled_further():
    mojibake = "CafÃ© SociÃ©tÃ© reopened its doors on Monday, Ã  la grande joie des habituÃ©s du quartier."
    page = PAGE + "\n" + mojibake
    out = assert_made_of_input_lines(page)
    assert annotate(page, TEXT).blocks[-1].text == mojibake
    assert "\ufffd" not in out


# --- control, zero-width, bidi, scripts without spaces, emoji ------------------------

def test_nul_and_control_characters_never_reach_the_output_and_offsets_hold():
    dirty = "\x00Home\x07\n" + "\n".join(a.replace("oak", "o\x00ak\x1b[0m") for a in ARTICLE) + "\n\x7fShare\x85\ud800"
    doc = annotate(dirty, TEXT.replace(keep={"body", "chrome", "title", "byline", "caption", "related", "comments"}))
    assert len(doc.source) == len(dirty)  # one character for one: offsets still index the caller's string
    for block in doc.blocks:
        assert doc.source[block.start:block.end] == block.text
        assert not _CONTROL.search(block.text), block.text
    assert not _CONTROL.search(clean(dirty, TEXT.replace(keep={"body", "chrome"})))


def test_control_characters_in_html_are_dropped_too():
    doc = annotate("<html><body><p>one\x01\x02 two\x7f\x1b</p><p>th\x00ree</p></body></html>")
    assert [b.text for b in doc.blocks] == ["one two", "th ree"]


def test_zero_width_characters_are_kept_as_text():
    # ZWJ joins emoji sequences, ZWNJ shapes Persian words: both are meaning, not noise.
    persian = "می\u200cخواهم"
    family = "👨\u200d👩\u200d👧"
    page = f"{PAGE}\n{persian} {family} and a zero\u200bwidth space"
    doc = annotate(page, TEXT)
    assert doc.blocks[-1].text == f"{persian} {family} and a zero\u200bwidth space"


RTL_ARTICLE = [
    "افتتحت المكتبة العامة في المدينة فرعاً جديداً يوم السبت، ويضم أكثر من عشرين ألف كتاب باللغتين العربية والإنجليزية.",
    "وقال مدير المكتبة إن الفرع الجديد سيقدم ورشاً للأطفال كل أسبوع، إضافة إلى قاعة للدراسة مفتوحة حتى منتصف الليل.",
    "وأضاف أن المشروع استغرق ثلاث سنوات من التخطيط، وأن التمويل جاء من تبرعات السكان ومنحة من البلدية.",
]
CJK_ARTICLE = [
    "市立图书馆周六在城东开设了新的分馆，馆内藏书超过两万册，并设有儿童阅览区和二十四小时自习室。",
    "馆长表示，新分馆每周都会为孩子们举办读书会和手工课，希望让更多家庭养成阅读的习惯。",
    "该项目历时三年规划，资金来自居民捐款和市政府的专项补贴，预计每年接待读者十万人次。",
]
THAI_ARTICLE = [
    "ห้องสมุดประชาชนเปิดสาขาใหม่เมื่อวันเสาร์ที่ผ่านมามีหนังสือมากกว่าสองหมื่นเล่มและห้องอ่านหนังสือสำหรับเด็ก",
    "ผู้อำนวยการห้องสมุดกล่าวว่าสาขาใหม่จะจัดกิจกรรมการอ่านสำหรับเด็กทุกสัปดาห์และเปิดห้องทบทวนบทเรียนจนถึงเที่ยงคืน",
]


@pytest.mark.parametrize("article,menu", [
    (RTL_ARTICLE, ["الرئيسية", "أخبار", "تسجيل الدخول"]),
    (["\u202b" + RTL_ARTICLE[0] + "\u202c", *RTL_ARTICLE[1:]], ["الرئيسية", "أخبار"]),  # explicit bidi embedding
    (CJK_ARTICLE, ["首页", "新闻", "登录"]),
    (THAI_ARTICLE, ["หน้าแรก", "ข่าว", "เข้าสู่ระบบ"]),
], ids=["arabic", "arabic-bidi-marks", "chinese", "thai"])
def test_right_to_left_and_unspaced_scripts(article, menu):
    page = "\n".join(menu + article + ["© 2025"])
    doc = annotate(page, TEXT)
    assert [b.text for b in doc.blocks] == menu + article + ["© 2025"]
    # Unspaced scripts count a word per character, so a paragraph is prose, not one long "word".
    paragraph = doc.blocks[len(menu)]
    assert math.expm1(paragraph.features["log_words"]) >= 12
    assert_made_of_input_lines(page)


def test_emoji_and_astral_characters_survive_whole():
    line = "Fans 🎉🏳️‍🌈 cheered as the team 🏆 returned home on Sunday night, 𝒜𝓁𝓁 the way from the final. 👍🏽"
    doc = annotate("\n".join(["Home", line, *ARTICLE]), TEXT)
    assert doc.blocks[1].text == line
    assert doc.source[doc.blocks[1].start:doc.blocks[1].end] == line


# --- sizes and shapes ------------------------------------------------------------------

def test_a_long_single_line_is_one_block_kept_whole_or_dropped_whole():
    line = " ".join(ARTICLE) * 5_000  # ~2 MB on one line (bench/scale.py goes to 50 MB)
    doc = annotate(line, TEXT)
    assert len(doc.blocks) == 1 and doc.blocks[0].text == line.strip()
    assert clean(line, TEXT) in ("", line.strip())


def test_many_short_lines_each_become_a_block_in_order():
    rng = random.Random(7)  # 10,000 here; bench/scale.py and test_robust_cost time the growth
    lines = [rng.choice(["Home", "News", "ok", "a", "7", "—", "Sign in", "Más", "新闻"]) + f" {i}" for i in range(10_000)]
    doc = annotate("\n".join(lines), TEXT)
    assert [b.text for b in doc.blocks] == lines
    kept = assemble(doc).split("\n") if assemble(doc) else []
    assert is_subsequence(kept, lines)


# --- HTML: deep, wide, broken ------------------------------------------------------------

def html_texts(html: str) -> list[str]:
    return [b.text for b in annotate(html, Config(input_format="html")).blocks]


@pytest.mark.parametrize("open_tag,close_tag", [("<div>", "</div>"), ("<span>", "</span>"), ("<b>", ""),
                                                 ("<div>", ""), ("<table><tr><td>", "</td></tr></table>")],
                         ids=["div", "span", "unclosed-b", "unclosed-div", "nested-tables"])
def test_html_nested_ten_thousand_levels_keeps_its_text_and_boundaries(open_tag, close_tag):
    html = ("<html><body><p>Start of the page.</p>" + open_tag * 10_000 + "Deep text."
            + close_tag * 10_000 + "<p>End of the page.</p></body></html>")
    texts = html_texts(html)
    joined = "\n".join(texts)
    assert texts[0] == "Start of the page."
    assert "Deep text." in joined and texts[-1].endswith("End of the page.")
    assert "text.End" not in joined  # no two blocks glued together


def test_a_huge_table_gives_one_block_per_row_with_every_cell():
    rows, cols = 400, 60
    html = "<html><body><table>" + "".join(
        "<tr>" + "".join(f"<td>r{r}c{c}</td>" for c in range(cols)) + "</tr>" for r in range(rows)) + "</table></body></html>"
    texts = html_texts(html)
    assert len(texts) == rows
    assert texts[123].split("\t") == [f"r123c{c}" for c in range(cols)]


@pytest.mark.parametrize("html,expected", [
    ("<html><body><p>one<p>two<div>three<b>four<i>five<table><tr><td>six", ["one", "two", "threefourfive", "six"]),
    ("<p>one</p><!-- never closed <p>two</p><p>three</p>", ["one"]),  # the rest is a comment, as browsers read it
    ("<p>one</p><!--> <p>two</p> --!> <p>three</p>", ["one", "two", "--!>", "three"]),
    ("<p>one</p><![CDATA[ raw <p>x</p> ]]><p>three</p>", ["one", "x ]]>", "three"]),  # HTML has no CDATA: a bogus comment
    ("<p>one</p><script>var a = '<p>two</p>';", ["one"]),
    ("<p>one</p></div></div></body></html><p>after the end</p>", ["one", "after the end"]),
    ("<p>a &lt; b &amp;&amp; c &#x1F600; &bogus; &#0; &#xD800;</p><p>x</p>", None),
    ("<p>" + "<" * 50_000 + "</p>", ["<" * 50_000]),
    ("<<<>>><p>x</p>< p>y</p>", None),
], ids=["unclosed", "open-comment", "odd-comments", "cdata", "open-script", "after-html", "entities", "lt-run", "angle-soup"])
def test_broken_html_keeps_every_visible_text(html, expected):
    texts = html_texts("<html><body>" + html)
    if expected is not None:
        assert texts == expected
    for text in texts:
        assert not _CONTROL.search(text)
    assert texts[-1].endswith(("x", "y", "three", "one", "end", "six", "<"))


def test_markup_without_text_gives_no_blocks():
    assert html_texts("<html><body><div><span></span><img src=x></div></body></html>") == []
    assert clean("<div><div><span></span></div></div>") == ""


# --- binary ----------------------------------------------------------------------------

BINARY = {
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20, "PDF"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "PNG"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4, "JPEG"),
    "gzip": (gzip.compress(PAGE.encode("utf-8")), "gzip"),
    "zip": (b"PK\x03\x04\x14\x00\x00\x00" + bytes(200), "ZIP"),
    "random": (random.Random(1).randbytes(20_000), "binary"),
    "nul-dense": (b"text\x00\x00\x00more\x00\x00" * 500, "binary"),
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_input_raises_not_text_error_saying_what_it_looks_like(name):
    data, what = BINARY[name]
    with pytest.raises(NotTextError, match=what) as info:
        clean(data)
    assert "boilerstrip reads HTML or text" in str(info.value)
    assert isinstance(info.value, boilerstrip.BoilerstripError)
