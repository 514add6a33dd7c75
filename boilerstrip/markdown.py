"""markdown: the kept blocks of a document as Markdown.

Structure comes from each block's ``tag`` path, which HTML input has (`segment_html`):

- ``h1``–``h6`` → ``#`` … ``######``; a block labelled ``title`` is always ``#``;
- ``li`` → ``- item`` (``1. item`` inside ``ol``), indented two spaces per enclosing list item;
- table rows (cells separated by tabs) → ``| a | b |``, the first row of a table as its header;
- consecutive ``pre`` lines → one fenced code block;
- inside ``blockquote`` → ``> quote``;
- anything else is a paragraph. Text input has no tags, so it renders as paragraphs.

Blocks are kept as `boilerstrip.assemble` keeps them (``Config.keep``). Text that
would read as Markdown syntax at the start of a paragraph is escaped.

    >>> from boilerstrip.model import Block
    >>> print(render_blocks([
    ...     Block(0, "Harbour reopens", 0, 15, tag="body>article>h1"),
    ...     Block(1, "The wall is higher.", 16, 35, tag="body>article>p"),
    ...     Block(2, "New lights", 36, 46, tag="article>ul>li"),
    ...     Block(3, "A wider slipway", 47, 62, tag="article>ul>li"),
    ...     Block(4, "Day\\tFerries", 63, 74, tag="article>table>tr"),
    ...     Block(5, "Monday\\t4", 75, 83, tag="article>table>tr"),
    ... ]))
    # Harbour reopens
    <BLANKLINE>
    The wall is higher.
    <BLANKLINE>
    - New lights
    - A wider slipway
    <BLANKLINE>
    | Day | Ferries |
    | --- | --- |
    | Monday | 4 |
"""
from __future__ import annotations

import re
from typing import Sequence

from .model import Block, Document, Label

_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# A paragraph starting like Markdown syntax (heading, list item, quote, rule, table) is escaped.
_NUMBERED = re.compile(r"^\d{1,9}[.)]")
_SYNTAX_START = re.compile(r"^(#{1,6}\s|[-+*]\s|\d{1,9}[.)]\s|>|\||={3,}|-{3,}|`{3})")


def render_markdown(doc: Document) -> str:
    """The document's kept blocks (``doc.config.keep``) as Markdown."""
    keep = doc.config.keep
    return render_blocks([b for b in doc.blocks if b.label in keep])


def render_blocks(blocks: Sequence[Block]) -> str:
    """Blocks as Markdown, one element each; groups (lists, tables, code) kept together."""
    out: list[str] = []
    previous = ""
    for i, block in enumerate(blocks):
        kind = _kind(block)
        line = _render(block, kind, previous_block=blocks[i - 1] if i else None, previous_kind=previous)
        if out and not (kind == previous and kind in ("item", "row", "pre")):
            out.append("")
        if previous == "pre" and kind != "pre":
            out.insert(len(out) - 1, "```")
        out.append(line)
        previous = kind
    if previous == "pre":
        out.append("```")
    return "\n".join(out)


def _segments(block: Block) -> list[str]:
    return [seg.split(".", 1)[0] for seg in block.tag.split(">")] if block.tag else []


def _kind(block: Block) -> str:
    segs = _segments(block)
    last = segs[-1] if segs else ""
    if block.label == Label.TITLE or last in _HEADING:
        return "heading"
    if last in ("li", "dt", "dd"):
        return "item"
    if "\t" in block.text and (last == "tr" or "tr" in segs):
        return "row"
    if "pre" in segs or block.features.get("dom_is_pre", 0.0) > 0:
        return "pre"
    if "blockquote" in segs:
        return "quote"
    return "paragraph"


def _render(block: Block, kind: str, previous_block: Block | None, previous_kind: str) -> str:
    text, segs = block.text, _segments(block)
    if kind == "heading":
        level = 1 if block.label == Label.TITLE else _HEADING.get(segs[-1], 2)
        return "#" * level + " " + " ".join(text.split())
    if kind == "item":
        indent = "  " * max(segs.count("li") - 1, 0)
        marker = "1." if len(segs) > 1 and segs[-2] == "ol" else "-"
        return f"{indent}{marker} {_escape(text)}"
    if kind == "row":
        row = "| " + " | ".join(cell.replace("|", "\\|") for cell in text.split("\t")) + " |"
        if previous_kind == "row" and previous_block is not None and previous_block.tag == block.tag:
            return row
        return row + "\n|" + " --- |" * len(text.split("\t"))
    if kind == "pre":
        return text if previous_kind == "pre" else "```\n" + text
    if kind == "quote":
        return "> " + text
    return _escape(text)


def _escape(text: str) -> str:
    match = _SYNTAX_START.match(text)
    if not match:
        return text
    number = _NUMBERED.match(text)
    if number:  # "3. Tage" must not become a list: escape the dot, "3\\. Tage"
        return text[:number.end() - 1] + "\\" + text[number.end() - 1:]
    return "\\" + text
