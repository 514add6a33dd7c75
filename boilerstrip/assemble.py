"""assemble: labelled blocks → the clean text (and other renderings).

Dropping happens here and only here: every earlier stage labels, this one filters
by `Config.keep`. The text is the kept blocks' own text, in input order, one per line.
"""
from __future__ import annotations

import json

from .model import Document


def assemble_text(doc: Document) -> str:
    keep = doc.config.keep
    return "\n".join(b.text for b in doc.blocks if b.label in keep)


def assemble(doc: Document, format: str = "text") -> str:
    """Render a document: ``text`` (the clean body), ``json`` (everything) or ``labels``."""
    if format == "text":
        return assemble_text(doc)
    if format == "json":
        return json.dumps(doc.to_dict(), ensure_ascii=False)
    if format == "labels":
        return "\n".join(
            f"{b.label.value if b.label else '-':<9}{b.confidence:5.2f}  {b.reason[:120]}  | {b.text[:200]}"
            for b in doc.blocks
        )
    raise ValueError(f"unknown format {format!r}; use 'text', 'json' or 'labels'")
