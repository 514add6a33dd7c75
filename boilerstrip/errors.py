"""Typed errors. Each message says what was wrong and what to do about it."""
from __future__ import annotations


class BoilerstripError(Exception):
    """Base class of every error boilerstrip raises on purpose."""


class ConfigError(BoilerstripError, ValueError):
    """A `Config` field has a value it cannot take."""


class NotTextError(BoilerstripError, ValueError):
    """The input is binary (a PDF, an image, random bytes), not a page's text or HTML."""


class NotAPageError(BoilerstripError, ValueError):
    """The input is a feed, a sitemap or an outline (XML that lists pages), not a page."""


class InputTooLargeError(BoilerstripError, ValueError):
    """The input is longer than `Config.max_input_chars`."""


class DecodeError(BoilerstripError, ValueError):
    """Bytes that no encoding tried could decode into text."""
