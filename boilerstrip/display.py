"""See why: an annotated `Document` as HTML (notebooks, reports) and as a terminal listing.

Three views of the same labelled blocks, one colour per label defined once in
`LABEL_STYLES`:

- `document_html(doc)`: an HTML fragment for Jupyter (``Document._repr_html_``);
  no script, so it works in untrusted notebooks too.
- `report_html(views)`: one self-contained HTML page for many pages (inline CSS and
  JS, no external URL; a Content-Security-Policy forbids any network request), built
  from `page_view(name, doc)` summaries so a corpus never has to be held in memory.
- `format_labels(doc, color)`: one line per block, ``label  confidence  reason | text``.

Every piece of page text is escaped: a block that reads ``<script>`` shows as text.
"""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
from collections import Counter
from typing import Iterable, Mapping, NamedTuple, Sequence

from .model import Block, Document, Label


class LabelStyle(NamedTuple):
    """How one label looks: a light background, a strong ink for borders, an ANSI colour."""

    colour: str  # CSS hex, background of the label's blocks
    ink: str  # CSS hex, left border and legend swatch outline
    ansi: str  # SGR parameters for the terminal listing


# One table for notebook, report and terminal. Hues follow the ANSI colour so the three
# views agree: kept text in green/blue/cyan, dropped text in grey, yellow, red, magenta.
LABEL_STYLES: dict[Label, LabelStyle] = {
    Label.BODY: LabelStyle("#d8f0d2", "#2e7d32", "32"),  # green
    Label.TITLE: LabelStyle("#cfe0fb", "#1f4fa3", "1;34"),  # bold blue
    Label.BYLINE: LabelStyle("#cdeeee", "#00838f", "36"),  # cyan
    Label.CAPTION: LabelStyle("#ecdcf5", "#7b3fa0", "35"),  # magenta
    Label.RELATED: LabelStyle("#fbe6bf", "#b26a00", "33"),  # yellow / amber
    Label.COMMENTS: LabelStyle("#f9d3dc", "#b0283f", "31"),  # red / rose
    Label.CHROME: LabelStyle("#e3e3e3", "#6d6d6d", "90"),  # grey
}
UNLABELLED = LabelStyle("#ffffff", "#9e9e9e", "2")  # a block no stage labelled (dim)

FOLD_CHARS = 600
"""Blocks longer than this are folded to their first ~600 characters (about six lines of
the text column at 100 characters a line): a display choice, not a measured number."""


def label_name(block: Block) -> str:
    return block.label.value if block.label else "none"


def style_of(block: Block) -> LabelStyle:
    return LABEL_STYLES.get(block.label, UNLABELLED) if block.label else UNLABELLED


# ---------------------------------------------------------------- terminal

_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({ord("\n"): " \u23ce ", ord("\t"): " "})
_LABEL_WIDTH = max(len(label.value) for label in Label)


def format_labels(doc: Document, color: bool) -> str:
    """One line per block: ``label  confidence  reason | text``, labels in ANSI colour if asked.

    Control characters in the page (escape sequences included) are shown as ``\\xNN``
    so a page cannot drive the terminal; a newline inside a block shows as ``⏎``.
    """
    return "\n".join(_label_line(block, color) for block in doc.blocks)


def _label_line(block: Block, color: bool) -> str:
    name = f"{label_name(block):<{_LABEL_WIDTH}}"
    if color:
        name = f"\x1b[{style_of(block).ansi}m{name}\x1b[0m"
    reason = block.reason.translate(_CONTROL) or "-"
    return f"{name}  {block.confidence:.2f}  {reason} | {block.text.translate(_CONTROL)}"


# ---------------------------------------------------------------- HTML pieces


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _css() -> str:
    """The stylesheet, scoped under ``.bs``; one rule per label, generated from `LABEL_STYLES`."""
    rules = [_BASE_CSS]
    for name, style in [(label.value, s) for label, s in LABEL_STYLES.items()] + [("none", UNLABELLED)]:
        rules.append(f".bs .bs-l-{name}{{background:{style.colour};border-color:{style.ink}}}")
        rules.append(f".bs.bs-hide-{name} .bs-block.bs-l-{name}{{display:none}}")
    return "\n".join(rules)


_BASE_CSS = """
.bs{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b}
.bs .bs-legend{display:flex;flex-wrap:wrap;gap:.4em;margin:.4em 0}
.bs .bs-key{border-left:6px solid;padding:1px 7px;border-radius:3px;font-size:12px}
.bs .bs-head{font-size:13px;color:#444;margin:.2em 0}
.bs .bs-block{display:grid;grid-template-columns:17em minmax(0,1fr);gap:.8em;
  border-left:5px solid;margin:2px 0;padding:3px 8px;border-radius:2px}
.bs .bs-meta{font:11.5px/1.35 ui-monospace,Menlo,Consolas,monospace;color:#333;overflow-wrap:anywhere}
.bs .bs-label{font-weight:600}
.bs .bs-reason{display:block;color:#555}
.bs .bs-text{white-space:pre-wrap;overflow-wrap:anywhere;color:#111}
.bs .bs-text summary{cursor:pointer;list-style-position:inside}
.bs details[open]>summary .bs-more{display:none}
.bs .bs-more{color:#666;font-style:italic}
"""


def block_row(block: Block) -> list:
    """What a block shows, as strings: ``[index, label, confidence, reason, text]``, or for a
    long block ``[index, label, confidence, reason, head, tail, fold note]``.

    The notebook turns rows into HTML here (`block_html`); the report's script turns the same
    rows into the same elements in the browser, so a corpus report stays small and opens fast.
    """
    return [block.index, label_name(block), f"{block.confidence:.2f}", block.reason, *_fold(block.text)]


def _fold(text: str) -> list[str]:
    if len(text) <= FOLD_CHARS:
        return [text]
    cut = text.rfind(" ", 0, FOLD_CHARS)
    cut = cut if cut > FOLD_CHARS // 2 else FOLD_CHARS
    return [text[:cut], text[cut:], f"\u2026 (+{len(text) - cut:,} characters)"]


def block_html(block: Block) -> str:
    """One block: label, confidence and reason in a side column (and on hover), then its text,
    a long one folded into ``<details>`` (no script needed)."""
    index, name, conf, reason, *text = block_row(block)
    hover = _esc(f"{name} \u00b7 confidence {conf}" + (f" \u00b7 {reason}" if reason else ""))
    if len(text) == 1:
        body = f'<div class="bs-text">{_esc(text[0])}</div>'
    else:
        body = (f'<details class="bs-text"><summary>{_esc(text[0])}<span class="bs-more">{_esc(text[2])}</span>'
                f"</summary>{_esc(text[1])}</details>")
    return (f'<div class="bs-block bs-l-{name}" data-label="{name}" data-index="{index}" title="{hover}">'
            f'<div class="bs-meta"><span class="bs-label">{name}</span> <span class="bs-conf">{conf}</span>'
            f'<span class="bs-reason">{_esc(reason)}</span></div>{body}</div>')


def _legend(counts: Mapping[str, int]) -> str:
    keys = [f'<span class="bs-key bs-l-{name}" data-label="{name}">{name} {counts.get(name, 0)}</span>'
            for name in _label_names(counts)]
    return f'<div class="bs-legend">{"".join(keys)}</div>'


def _label_names(counts: Mapping[str, int]) -> list[str]:
    """Every label in `Label` order, plus "none" when some block is unlabelled."""
    return [label.value for label in Label] + (["none"] if counts.get("none") else [])


def _counts(doc: Document) -> tuple[Counter, Counter]:
    """Blocks and characters of text per label name."""
    blocks, chars = Counter(), Counter()
    for block in doc.blocks:
        blocks[label_name(block)] += 1
        chars[label_name(block)] += len(block.text)
    return blocks, chars


def _doc_head(doc: Document, name: str | None) -> str:
    parts = [_esc(name)] if name else []
    if doc.title:
        parts.append(f"<strong>{_esc(doc.title)}</strong>")
    parts.append(f"{_esc(doc.page_type)} \u00b7 confidence {doc.confidence:.2f} \u00b7 {len(doc.blocks)} blocks")
    return '<div class="bs-head">' + " \u00b7 ".join(parts) + "</div>"


# ---------------------------------------------------------------- notebook


def document_html(doc: Document, name: str | None = None) -> str:
    """An HTML fragment for Jupyter: a legend, then every block in order, coloured by label."""
    counts, _ = _counts(doc)
    blocks = "".join(block_html(block) for block in doc.blocks)
    return (f'<div class="bs bs-doc"><style>{_css()}</style>{_doc_head(doc, name)}'
            f'{_legend(counts)}<div class="bs-blocks">{blocks}</div></div>')


# ---------------------------------------------------------------- report


@dataclasses.dataclass(frozen=True)
class PageView:
    """What the report keeps of one page: its name, its numbers, and its block rows as JSON."""

    name: str
    confidence: float
    page_type: str
    title: str | None
    blocks: Mapping[str, int]  # label name -> number of blocks
    chars: Mapping[str, int]  # label name -> characters of text
    rows_json: str  # page_json(doc), safe inside <script type="application/json">


def page_view(name: str, doc: Document) -> PageView:
    counts, chars = _counts(doc)
    return PageView(name, doc.confidence, doc.page_type, doc.title, counts, chars, _script_safe(page_json(doc)))


def page_json(doc: Document) -> str:
    """``{"evidence": [item, ...], "rows": [block_row, ...]}`` where each row's reason is the list
    of its evidence items' positions: the same few items recur on every block of a page, and
    written once they take a third of the space the repeated reasons took on wcxb-dev."""
    evidence: dict[str, int] = {}
    rows = []
    for block in doc.blocks:
        row = block_row(block)
        row[3] = [evidence.setdefault(item, len(evidence)) for item in block.evidence]
        rows.append(row)
    return json.dumps({"evidence": list(evidence), "rows": rows}, ensure_ascii=False, separators=(",", ":"))


def _script_safe(data: str) -> str:
    """JSON that cannot end its <script> element early: every ``<`` becomes ``\\u003c``."""
    return data.replace("<", "\\u003c")


_NOSCRIPT = "<p>The pages' blocks are drawn by the report's own script: allow it to see them.</p>"

OPEN_PAGES = 10
"""Reports of at most this many pages show every page unfolded; larger ones start folded
(a page opens from the index): a display choice so a corpus report opens quickly."""


def report_html(views: Iterable[PageView], title: str = "boilerstrip report",
                failed: Sequence[tuple[str, str]] = ()) -> str:
    """One self-contained HTML page: totals per label, the least confident pages first, each
    page's blocks coloured by label, and label filters; ``failed`` lists (page, error) of the
    pages that could not be annotated."""
    pages = sorted(views, key=lambda view: view.confidence)  # stable: ties keep input order
    totals, chars = _sum_counts(pages)
    script = _REPORT_JS
    body = (f'<header class="bs-bar"><h1>{_esc(title)}</h1>{_filters(totals)}</header>'
            f"{_failed_list(failed)}{_totals_table(totals, chars, len(pages))}{_index_table(pages) if len(pages) > 1 else ''}"
            f'<main>{"".join(_page_html(i, v, len(pages) <= OPEN_PAGES) for i, v in enumerate(pages))}</main>')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{_esc(title)}</title><style>{_css()}{_REPORT_CSS}</style></head>"
            f'<body class="bs"><noscript>{_NOSCRIPT}</noscript>{body}<script>{script}</script></body></html>\n')


def _csp(script: str) -> str:
    """No network at all; only our own inline script (by hash) may run."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{digest}'")


def _sum_counts(pages: Sequence[PageView]) -> tuple[Counter, Counter]:
    totals, chars = Counter(), Counter()
    for view in pages:
        totals.update(view.blocks)
        chars.update(view.chars)
    return totals, chars


def _filters(totals: Mapping[str, int]) -> str:
    boxes = [f'<label class="bs-key bs-l-{name}"><input type="checkbox" class="bs-filter" '
             f'data-label="{name}" checked> {name} <span class="bs-n">{totals.get(name, 0):,}</span></label>'
             for name in _label_names(totals)]
    return f'<div class="bs-filters" title="show or hide the blocks of a label">{"".join(boxes)}</div>'


def _totals_table(totals: Mapping[str, int], chars: Mapping[str, int], n_pages: int) -> str:
    all_chars = sum(chars.values()) or 1
    rows = "".join(
        f'<tr class="bs-total" data-label="{name}"><td><span class="bs-key bs-l-{name}">{name}</span></td>'
        f"<td>{totals.get(name, 0):,}</td><td>{chars.get(name, 0):,}</td>"
        f"<td>{100 * chars.get(name, 0) / all_chars:.1f}%</td></tr>"
        for name in _label_names(totals))
    return (f'<section class="bs-summary"><h2>Totals over {n_pages:,} page{"s" * (n_pages != 1)}</h2>'
            f'<table class="bs-totals"><tr><th>label</th><th>blocks</th><th>characters</th>'
            f"<th>share of text</th></tr>{rows}</table></section>")


def _index_table(pages: Sequence[PageView]) -> str:
    rows = "".join(
        f'<tr><td>{i + 1}</td><td><a href="#p{i}">{_esc(v.name)}</a></td><td>{v.confidence:.2f}</td>'
        f"<td>{_esc(v.page_type)}</td><td>{sum(v.blocks.values()):,}</td><td>{_share_bar(v)}</td></tr>"
        for i, v in enumerate(pages))
    return ('<section class="bs-summary"><h2>Pages, least confident first</h2><table class="bs-index">'
            "<tr><th>#</th><th>page</th><th>confidence</th><th>type</th><th>blocks</th>"
            f"<th>text by label</th></tr>{rows}</table></section>")


def _failed_list(failed: Sequence[tuple[str, str]]) -> str:
    if not failed:
        return ""
    items = "".join(f"<li><b>{_esc(name)}</b>: {_esc(error)}</li>" for name, error in failed)
    return (f'<section class="bs-summary bs-failed"><h2>{len(failed):,} page{"s" * (len(failed) != 1)} '
            f"could not be annotated</h2><ul>{items}</ul></section>")


def _share_bar(view: PageView) -> str:
    total = sum(view.chars.values()) or 1
    parts = "".join(f'<i class="bs-l-{name}" style="width:{100 * view.chars[name] / total:.1f}%" '
                    f'title="{name} {100 * view.chars[name] / total:.0f}%"></i>'
                    for name in _label_names(view.chars) if view.chars.get(name))
    return f'<span class="bs-share">{parts}</span>'


def _page_html(i: int, view: PageView, open_: bool) -> str:
    head = f"{i + 1}. {_esc(view.name)} \u00b7 {_esc(view.page_type)} \u00b7 confidence {view.confidence:.2f}"
    if view.title:
        head += f" \u00b7 <strong>{_esc(view.title)}</strong>"
    return (f'<details class="bs-page" id="p{i}" data-name="{_esc(view.name)}" '
            f'data-confidence="{view.confidence:.4f}"{" open" if open_ else ""}>'
            f"<summary>{head} {_share_bar(view)}</summary>"
            f'<script type="application/json" class="bs-rows">{view.rows_json}</script></details>')


_REPORT_CSS = """
body.bs{margin:0;background:#fafafa}
.bs .bs-bar{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #ccc;padding:.4em 1em}
.bs h1{font-size:18px;margin:.1em 0}
.bs h2{font-size:15px;margin:.8em 0 .3em}
.bs .bs-filters{display:flex;flex-wrap:wrap;gap:.4em}
.bs .bs-filters label{cursor:pointer;user-select:none}
.bs .bs-summary,.bs main{padding:0 1em}
.bs table{border-collapse:collapse;font-size:12.5px}
.bs td,.bs th{padding:2px 8px;border-bottom:1px solid #e4e4e4;text-align:left}
.bs .bs-index{max-height:none}
.bs .bs-share{display:inline-flex;width:160px;height:10px;vertical-align:middle;border:1px solid #bbb}
.bs .bs-share i{display:block;height:100%;border:0}
.bs .bs-page{margin:.6em 0;background:#fff;border:1px solid #ddd;border-radius:4px;padding:.3em .6em}
.bs .bs-page>summary{cursor:pointer;font-size:13px;padding:.2em 0}
"""

# Filters toggle one class per hidden label on <body>; index links open the page they point to.
# A page's blocks are built from its JSON rows (see `block_row`) the first time it opens, into
# the same elements as `block_html`, with textContent only: page text is never parsed as HTML.
_REPORT_JS = """
function bsEl(tag, cls, text) {
  var el = document.createElement(tag);
  if (cls) el.className = cls;
  if (text) el.textContent = text;
  return el;
}
function bsBlock(row, evidence) {
  var block = bsEl('div', 'bs-block bs-l-' + row[1]), meta = bsEl('div', 'bs-meta'), text;
  var reason = row[3].map(function (i) { return evidence[i]; }).join('; ');
  block.dataset.label = row[1];
  block.dataset.index = row[0];
  block.title = row[1] + ' \\u00b7 confidence ' + row[2] + (reason ? ' \\u00b7 ' + reason : '');
  meta.append(bsEl('span', 'bs-label', row[1]), ' ', bsEl('span', 'bs-conf', row[2]), bsEl('span', 'bs-reason', reason));
  if (row.length === 5) {
    text = bsEl('div', 'bs-text', row[4]);
  } else {
    var summary = bsEl('summary', null, row[4]);
    summary.append(bsEl('span', 'bs-more', row[6]));
    text = bsEl('details', 'bs-text');
    text.append(summary, row[5]);
  }
  block.append(meta, text);
  return block;
}
function bsRender(page) {
  if (!page.open || page.querySelector('.bs-blocks')) return;
  var box = bsEl('div', 'bs-blocks');
  var data = JSON.parse(page.querySelector('script.bs-rows').textContent);
  data.rows.forEach(function (row) { box.appendChild(bsBlock(row, data.evidence)); });
  page.appendChild(box);
}
document.querySelectorAll('details.bs-page').forEach(function (page) {
  page.addEventListener('toggle', function () { bsRender(page); });
  bsRender(page);
});
document.querySelectorAll('input.bs-filter').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('bs-hide-' + box.dataset.label, !box.checked);
  });
});
function bsOpen() {
  var page = location.hash && document.getElementById(location.hash.slice(1));
  if (page && page.tagName === 'DETAILS') { page.open = true; page.scrollIntoView(); }
}
window.addEventListener('hashchange', bsOpen);
bsOpen();
"""
