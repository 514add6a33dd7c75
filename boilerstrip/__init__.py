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
                      (HTML)       │      related, comments, chrome), repeats

`clean()` is `assemble(annotate(...))`; `annotate()` labels every block and keeps
them all, with the evidence that decided each label.
"""
from __future__ import annotations

from types import MappingProxyType

from .assemble import assemble
from .classify import classify
from .config import Config
from .decode import looks_like_html, reject_non_page, to_text
from .errors import BoilerstripError, ConfigError, DecodeError, InputTooLargeError, NotAPageError, NotTextError
from .features import features
from .model import Block, Document, Label
from .pagetype import judge as judge_page
from .segment import segment
from .segment_html import segment_html

__version__ = "0.1.0"
__all__ = [
    "clean", "annotate", "assemble", "Config", "Document", "Block", "Label",
    "BoilerstripError", "ConfigError", "DecodeError", "InputTooLargeError", "NotAPageError", "NotTextError",
    "__version__",
]

_DEFAULT = Config()


def annotate(source: str | bytes, config: Config | None = None, *, profile=None, site: str = "") -> Document:
    """Every block of the page, labelled, with its confidence and evidence.

    ``profile`` (a `boilerstrip.profile.Profile` learned on the corpus) and the page's
    ``site`` add corpus evidence: blocks recurring across the site's pages, and blocks
    shared with other copies of the same story.
    """
    config = config or _DEFAULT
    text = _as_text(source, config)
    mode = "html" if _is_html(text, config) else "text"
    blocks, metadata = segment_html(text, config) if mode == "html" else (segment(text, config), {})
    blocks = features(blocks, config)  # (a statement of its own: the segmenter's blocks are freed here)
    # judged once, before labelling: from text and features, and what an HTML page declares
    page_type, _ = judge_page(blocks, metadata.get("schema_types") or ())
    blocks = classify(blocks, config, mode, profile=profile, site=site, page_type=page_type)
    return Document(source=text, blocks=blocks, config=config, page_type=page_type, confidence=_confidence(blocks),
                    metadata=MappingProxyType(dict(metadata, input_format=mode)))


def clean(source: str | bytes, config: Config | None = None, *, profile=None, site: str = "") -> str:
    """The clean main article of a scraped page's text (or HTML); ``profile`` and
    ``site`` as in `annotate`."""
    return assemble(annotate(source, config, profile=profile, site=site))


def _as_text(source: str | bytes, config: Config) -> str:
    if not isinstance(source, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"boilerstrip takes the page as str or bytes, not {type(source).__name__}")
    _check_size(len(source), config)  # before decoding: no work on an input that is refused
    text = to_text(source, config)
    _check_size(len(text), config)
    if config.input_format != "text":  # text the caller calls text is read as text, whatever it holds
        reject_non_page(text)
    return text


def _check_size(size: int, config: Config) -> None:
    if size > config.max_input_chars:
        raise InputTooLargeError(
            f"input has {size:,} characters, more than Config.max_input_chars="
            f"{config.max_input_chars:,}; raise the limit with Config(max_input_chars=...) if this page is expected"
        )


def _is_html(text: str, config: Config) -> bool:
    if config.input_format == "auto":
        return looks_like_html(text)
    return config.input_format == "html"


def _confidence(blocks) -> float:
    """Mean confidence over blocks, weighted by their length: how sure the whole reading is."""
    total = sum(len(b.text) for b in blocks)
    if not total:
        return 1.0
    return sum(b.confidence * len(b.text) for b in blocks) / total
