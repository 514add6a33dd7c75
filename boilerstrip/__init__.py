"""boilerstrip: strip the boilerplate from scraped web pages, keep the clean article.

    >>> import boilerstrip
    >>> page = "Home\\nNews\\nRain returns to the valley after a dry month\\n" \\
    ...        "Farmers in the valley welcomed the first heavy rain in weeks on Tuesday, " \\
    ...        "saying the storm came just in time for the late harvest.\\n" \\
    ...        "Share this article"
    >>> doc = boilerstrip.annotate(page)
    >>> [b.label.value for b in doc.blocks][-1]
    'chrome'

The pipeline, one stage a module::

    source ─ decode ─ segment ─ features ─ classify ─ assemble ─ clean text
                       (text)      │          │
                   segment_html    │     sections (title, byline, caption,
                      (HTML)       │      related, comments, chrome)

`clean()` is `assemble(annotate(...))`; `annotate()` labels every block and keeps
them all, with the evidence that decided each label.
"""
from __future__ import annotations

from .assemble import assemble
from .classify import classify
from .config import Config
from .errors import BoilerstripError, ConfigError, DecodeError, InputTooLargeError, NotTextError
from .features import features
from .model import Block, Document, Label
from .segment import segment

__version__ = "0.1.0"
__all__ = [
    "clean", "annotate", "assemble", "Config", "Document", "Block", "Label",
    "BoilerstripError", "ConfigError", "DecodeError", "InputTooLargeError", "NotTextError",
    "__version__",
]

_DEFAULT = Config()


def annotate(source: str | bytes, config: Config | None = None) -> Document:
    """Every block of the page, labelled, with its confidence and evidence."""
    config = config or _DEFAULT
    text = _as_text(source, config)
    blocks = classify(features(segment(text, config), config), config)
    return Document(source=text, blocks=blocks, config=config, confidence=_confidence(blocks))


def clean(source: str | bytes, config: Config | None = None) -> str:
    """The clean main article of a scraped page's text (or HTML)."""
    return assemble(annotate(source, config))


def _as_text(source: str | bytes, config: Config) -> str:
    if isinstance(source, bytes):
        source = source.decode("utf-8")  # replaced by boilerstrip.decode once HTML input lands
    if not isinstance(source, str):
        raise TypeError(f"boilerstrip takes str or bytes, not {type(source).__name__}")
    if len(source) > config.max_input_chars:
        raise InputTooLargeError(
            f"input has {len(source):,} characters, more than Config.max_input_chars="
            f"{config.max_input_chars:,}; raise the limit with Config(max_input_chars=...) if this page is expected"
        )
    return source


def _confidence(blocks) -> float:
    """Mean confidence over blocks, weighted by their length: how sure the whole reading is."""
    total = sum(len(b.text) for b in blocks)
    if not total:
        return 1.0
    return sum(b.confidence * len(b.text) for b in blocks) / total
