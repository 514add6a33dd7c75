"""segment: blocks are the input's own lines (or paragraphs), with offsets, in order."""
from __future__ import annotations

import pytest

from boilerstrip import Config
from boilerstrip.segment import looks_hard_wrapped, segment

LINE = Config(segment="line")


def test_lines_become_blocks_with_offsets():
    src = "  Home \nFirst paragraph of the story.\n\nSecond one.\n"
    blocks = segment(src, LINE)
    assert [b.text for b in blocks] == ["Home", "First paragraph of the story.", "Second one."]
    assert all(src[b.start:b.end] == b.text for b in blocks)
    assert [b.index for b in blocks] == [0, 1, 2]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_any_newline_convention(newline):
    src = newline.join(["Menu", "A sentence here.", "", "Footer"])
    blocks = segment(src, LINE)
    assert [b.text for b in blocks] == ["Menu", "A sentence here.", "Footer"]
    assert all(src[b.start:b.end] == b.text for b in blocks)


def test_empty_and_blank_inputs_have_no_blocks():
    assert segment("", LINE) == ()
    assert segment(" \n\t\n\r\n", LINE) == ()


def test_one_line_page_and_a_very_long_line():
    long_line = "word " * 200_000
    blocks = segment(long_line, Config())
    assert len(blocks) == 1 and blocks[0].text == long_line.strip()


WRAPPED = "\n\n".join(
    "\n".join(["This is a hard wrapped paragraph of prose that goes on and on",
               "across several lines, as plain-text archives and e-mails do,",
               "each line filling most of the column before it breaks here."])
    for _ in range(4)
)


def test_hard_wrapped_text_is_segmented_by_paragraph():
    assert looks_hard_wrapped(WRAPPED)
    blocks = segment(WRAPPED, Config())
    assert len(blocks) == 4
    assert all(WRAPPED[b.start:b.end] == b.text for b in blocks)
    assert "\n" in blocks[0].text  # the paragraph keeps its own line breaks


def test_menus_are_not_mistaken_for_wrapped_paragraphs():
    menu = "\n".join(["Home", "News", "World", "Sport", "Business", "Opinion", "Culture", "Weather", "Contact"])
    assert not looks_hard_wrapped(menu + "\n\nA line.\n\nAnother line.")
    assert len(segment(menu, Config())) == 9
