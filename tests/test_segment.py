"""segment: blocks are the input's own lines (or paragraphs), with offsets, in order."""
from __future__ import annotations

import pytest

from boilerstrip import Config
from boilerstrip.segment import looks_hard_wrapped, looks_split_inline, segment

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


# A page printed one HTML text node a line, as BeautifulSoup's get_text("\n") prints it:
# every link and bold word breaks its sentence.
TEXT_NODES = "\n".join([
    "Home", "News", "Sport",
    "Council approves the river path",
    "The city council voted on Tuesday to build a path along the",
    "river",
    ", linking the old harbour to the", "market square", ".",
    "Work starts in spring, said the",
    "mayor",
    "; the path should open next year.",
    "Residents asked for it in a",
    "petition",
    ", signed by four thousand people",
    ".",
    "Share", "Print",
])


def test_text_printed_a_text_node_a_line_is_rejoined():
    assert looks_split_inline(TEXT_NODES)
    blocks = segment(TEXT_NODES, Config())
    texts = [b.text.replace("\n", " ") for b in blocks]
    assert texts == [
        "Home", "News", "Sport", "Council approves the river path",
        "The city council voted on Tuesday to build a path along the river , linking the old harbour to the "
        "market square .",
        "Work starts in spring, said the mayor ; the path should open next year.",
        "Residents asked for it in a petition , signed by four thousand people .",
        "Share", "Print",
    ]
    assert all(TEXT_NODES[b.start:b.end] == b.text for b in blocks)  # the input's own text, line breaks kept
    assert [b.index for b in blocks] == list(range(len(blocks)))


def test_rejoining_stops_at_a_sentence_end_and_at_a_blank_line():
    src = "It ended here.\nand this is a menu\n\nA sentence left\n\nopen above a blank line"
    blocks = segment(src, Config(segment="rejoin"))
    assert [b.text for b in blocks] == ["It ended here.", "and this is a menu", "A sentence left",
                                        "open above a blank line"]


def test_rejoin_is_chosen_only_for_text_that_looks_split_at_inline_elements():
    scraper = "\n".join(["Home", "News", "A first paragraph, whole on its line.",
                         "a lower-case menu item", "Another paragraph. It ends here.", "Share"] * 3)
    assert not looks_split_inline(scraper)
    assert len(segment(scraper, Config())) == 18
    assert len(segment(TEXT_NODES, LINE)) == len(TEXT_NODES.splitlines())  # forced line mode never joins


@pytest.mark.parametrize("code", [
    "items\n.filter(x => x.done)\n.map(show)\nresult\n.sort()\nlist\n.reverse()",
    "call(a,\nb\n);\nf(x\n))}\nselect\n::before\nend(\n) {",
])
def test_code_lines_opening_with_punctuation_are_no_sign_of_split_sentences(code):
    assert not looks_split_inline(code * 3)


def test_an_ellipsis_line_does_not_continue_the_line_before():
    blocks = segment("Wait for it\n... and more\nThe end", Config(segment="rejoin"))
    assert [b.text for b in blocks] == ["Wait for it", "... and more", "The end"]


def test_a_page_printed_a_text_node_a_line_comes_back_whole_only_rejoined():
    """fixtures/text/en-news-text-node-lines.page: read line by line, the article's broken
    sentences (a lone ".", a line ", who chairs the committee") are judged one by one and
    some are lost; rejoined, the article comes back exactly."""
    import boilerstrip
    from bench.fixture_floors import read_page
    from conftest import FIXTURES

    text, _, body = read_page(FIXTURES / "text" / "en-news-text-node-lines.page")
    assert looks_split_inline(text)
    assert boilerstrip.clean(text) == body
    assert boilerstrip.clean(text, Config(segment="line")) != body
