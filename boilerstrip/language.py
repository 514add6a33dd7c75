"""Stopword lists and language detection, from jusText's ~100 multilingual stoplists.

jusText comes with trafilatura. Its lists are loaded once per process on first use
and never change afterwards (read-only data, so results never depend on what ran
before).
"""
from __future__ import annotations

import functools
import itertools
import re
from collections import Counter

from .errors import ConfigError

_TOKEN = re.compile(r"\w+")
_SAMPLE_TOKENS = 1500  # enough to tell languages apart; keeps detection O(1) per page


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[int, ...]], dict[str, int], tuple[str, ...]]:
    """word → indices of the stoplists holding it; sizes; names."""
    import justext

    names = tuple(sorted(justext.get_stoplists()))
    owners: dict[str, list[int]] = {}
    sizes: dict[str, int] = {}
    for i, name in enumerate(names):
        words = justext.get_stoplist(name)
        sizes[name] = len(words)
        for word in words:
            owners.setdefault(word, []).append(i)
    return {w: tuple(v) for w, v in owners.items()}, sizes, names


# ISO 639-1 codes of the languages users are most likely to force with Config.language.
_ISO = {
    "en": "English", "de": "German", "es": "Spanish", "fr": "French", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "ru": "Russian", "sv": "Swedish",
    "da": "Danish", "no": "Norwegian_Bokmal", "fi": "Finnish", "cs": "Czech", "sk": "Slovak",
    "hu": "Hungarian", "ro": "Romanian", "tr": "Turkish", "el": "Greek", "uk": "Ukrainian",
    "bg": "Bulgarian", "hr": "Croatian", "sr": "Serbian", "sl": "Slovenian", "ca": "Catalan",
    "id": "Indonesian", "vi": "Vietnamese", "ar": "Arabic", "fa": "Persian", "he": "Hebrew",
}


def language_name(code: str) -> str:
    """The stoplist name for an ISO code (or a stoplist name given as is)."""
    _, sizes, _ = _index()
    name = _ISO.get(code.lower(), code)
    if name not in sizes:
        known = ", ".join(sorted(_ISO))
        raise ConfigError(f"Config.language: no stoplist for language {code!r}; known codes: {known} "
                          "(or a jusText stoplist name)")
    return name


def detect(texts) -> str | None:
    """The stoplist whose words cover most tokens of the sample, or None when nothing matches.

    Each token votes for every language listing it, weighted by 1/(number of such
    languages), so words shared by many languages ("a", "de") count for little.
    """
    import numpy as np

    owners, _, names = _index()
    hits: list[tuple[int, ...]] = []
    seen = 0
    for text in texts:
        tokens = _TOKEN.findall(text[:20000].lower())[: _SAMPLE_TOKENS - seen]
        hits.extend(filter(None, map(owners.get, tokens)))
        seen += len(tokens)
        if seen >= _SAMPLE_TOKENS:
            break
    if not hits:
        return None
    # Each distinct list of languages votes once, weighted by how often it was hit: the
    # same sums as a vote per hit, with far fewer elements (a page repeats "the" and "and").
    repeats = Counter(hits)
    owned = list(repeats)
    counts = np.fromiter(map(len, owned), np.intp, len(owned))
    languages = np.fromiter(itertools.chain.from_iterable(owned), np.intp, int(counts.sum()))
    share = np.fromiter(repeats.values(), np.float64, len(owned)) / counts
    votes = np.bincount(languages, weights=np.repeat(share, counts), minlength=len(names))
    return names[int(np.argmax(votes))]  # argmax takes the first on ties: deterministic


@functools.lru_cache(maxsize=128)
def stopwords(name: str | None) -> frozenset[str]:
    if name is None:
        return frozenset()
    import justext

    return frozenset(justext.get_stoplist(name))
