"""One immutable configuration object for the whole pipeline.

Every stage reads the fields it needs from the same `Config`; nothing else is
passed around as loose keyword arguments. Build variants with `Config.replace`.
"""
from __future__ import annotations

import dataclasses
from typing import Iterable

from .errors import ConfigError
from .model import Label

INPUT_FORMATS = ("auto", "text", "html")
SEGMENTS = ("auto", "line", "paragraph", "rejoin")


def _labels(values: Iterable[Label | str] | str) -> frozenset[Label]:
    if isinstance(values, str):
        values = [v for v in values.replace(",", " ").split() if v]
    try:
        return frozenset(Label.parse(v) for v in values)
    except ValueError as exc:
        raise ConfigError(f"Config.keep: {exc}") from None


@dataclasses.dataclass(frozen=True)
class Config:
    """How to clean a page.

    keep
        Labels whose blocks make up the clean text (default: the article body only).
        ``Config(keep={"title", "body"})`` keeps the headline too;
        ``keep={"body", "comments"}`` suits discussion corpora.
    input_format
        ``"auto"`` (HTML when the input looks like markup), ``"text"`` or ``"html"``.
    segment
        ``"line"``: every non-empty line is a block (what scrapers produce);
        ``"paragraph"``: runs of non-blank lines are joined into one block (hard-wrapped
        text); ``"rejoin"``: lines, each with the lines after it that continue its sentence
        (text printed one HTML text node a line, broken at every link); ``"auto"``:
        paragraph mode when the text looks hard-wrapped, rejoin mode when it looks
        printed a text node a line, line mode otherwise.
    language
        An ISO 639-1 code (``"en"``, ``"de"``...) to force the stoplist; ``None`` detects it.
    detect_comments, detect_related
        Whether unmarked reader comments and spilled-over other articles are looked for.
        Off, such blocks are judged as body or chrome like any other.
    detect_repeats
        Whether a body block that repeats an earlier one word for word (the page's second
        copy of it) is labelled chrome. Off, every copy stays body.
    max_input_chars
        Inputs longer than this raise `InputTooLargeError` (default 100 million characters:
        above the 50 MB single-line pages seen in real crawls, below what exhausts memory).
    """

    keep: frozenset[Label] = frozenset({Label.BODY})
    input_format: str = "auto"
    segment: str = "auto"
    language: str | None = None
    detect_comments: bool = True
    detect_related: bool = True
    detect_repeats: bool = True
    max_input_chars: int = 100_000_000

    def __post_init__(self) -> None:
        object.__setattr__(self, "keep", _labels(self.keep))
        if self.input_format not in INPUT_FORMATS:
            raise ConfigError(f"Config.input_format must be one of {INPUT_FORMATS}, not {self.input_format!r}")
        if self.segment not in SEGMENTS:
            raise ConfigError(f"Config.segment must be one of {SEGMENTS}, not {self.segment!r}")
        if not isinstance(self.max_input_chars, int) or self.max_input_chars <= 0:
            raise ConfigError(f"Config.max_input_chars must be a positive int, not {self.max_input_chars!r}")
        if self.language is not None and not (isinstance(self.language, str) and self.language.isalpha()):
            raise ConfigError(f"Config.language must be a language code like 'en' or None, not {self.language!r}")

    def replace(self, **changes) -> "Config":
        """A copy with some fields changed: ``config.replace(keep={"body", "comments"})``."""
        return dataclasses.replace(self, **changes)


DEFAULT = Config()
