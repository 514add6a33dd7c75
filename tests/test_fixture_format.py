"""The fixture pages in ``fixtures/text/*.page`` are well formed (format: ``fixtures/README.md``).

This checks the files themselves, not the classifier: a header with ``about`` and
``language``, a valid label on every non-empty line, bare ``|`` for blank lines,
at least one body line per page. A few broken snippets check that the checker
itself catches each kind of mistake.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
PAGES = sorted(FIXTURES.glob("*.page"))
# The seven labels of boilerstrip.model.Label, spelled out so that checking the
# files does not depend on importing the pipeline; test_labels_match_the_model keeps them in step.
LABELS = {"body", "title", "byline", "caption", "related", "comments", "chrome"}
WIDTH = 9  # the label column, padded with spaces
LANGUAGE = re.compile(r"[a-z]{2,3}")
NAME = re.compile(r"(?P<lang>[a-z]{2,3})-[a-z0-9]+(?:-[a-z0-9]+)*\.page")


def check(text: str, name: str = "x-page.page") -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Parse one fixture; return (header, [(label, line text)]) or raise ValueError saying what is wrong."""
    if not text.endswith("\n"):
        raise ValueError(f"{name}: the file must end with a newline")
    lines = text[:-1].split("\n")
    header = _header(lines, name)
    rows = [_row(line, n, name) for n, line in enumerate(lines[len(header):], len(header) + 1)]
    _check_header(header, name)
    if not any(label == "body" for label, _ in rows):
        raise ValueError(f"{name}: no line is labelled body; every page needs its article")
    return header, rows


def _header(lines: list[str], name: str) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in lines:
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(":")
        if not sep or not value.strip():
            raise ValueError(f"{name}: header line {line!r} must read '# key: value'")
        header[key.strip()] = value.strip()
    return header


def _check_header(header: dict[str, str], name: str) -> None:
    for key in ("about", "language"):
        if key not in header:
            raise ValueError(f"{name}: header has no '# {key}: ...' line")
    language = header["language"]
    if not LANGUAGE.fullmatch(language):
        raise ValueError(f"{name}: language {language!r} is not an ISO 639 code like 'en'")
    match = NAME.fullmatch(name)
    if not match or match["lang"] != language:
        raise ValueError(f"{name}: file name must read '{language}-<what>.page' (lower case, dashes)")


def _row(line: str, number: int, name: str) -> tuple[str, str]:
    where = f"{name}:{number}"
    if line == "|":
        return "", ""
    if line.startswith("#"):
        raise ValueError(f"{where}: header lines belong at the top of the file")
    label, bar, body = line[:WIDTH], line[WIDTH:WIDTH + 2], line[WIDTH + 2:]
    if label.strip() not in LABELS or label != label.strip().ljust(WIDTH):
        raise ValueError(f"{where}: line must start with a label ({', '.join(sorted(LABELS))}) "
                         f"padded to {WIDTH} characters, got {line[:WIDTH + 2]!r}")
    if bar != "| ":
        raise ValueError(f"{where}: the label must be followed by '| ' then the line's text")
    if not body.strip():
        raise ValueError(f"{where}: a blank page line is written as a bare '|', without a label")
    if body != body.strip():
        raise ValueError(f"{where}: the text has leading or trailing whitespace")
    return label.strip(), body


def test_labels_match_the_model() -> None:
    from boilerstrip.model import Label

    assert LABELS == {label.value for label in Label}


def test_there_are_fixture_pages() -> None:
    assert len(PAGES) >= 10, f"expected the fixture pages in {FIXTURES}"


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_page_is_well_formed(path: Path) -> None:
    header, rows = check(path.read_text(encoding="utf-8"), path.name)
    assert header["about"] and header["language"]
    assert all(label in LABELS for label, text in rows if text)


def test_fixtures_cover_every_label_and_four_languages() -> None:
    seen_labels, languages = set(), set()
    for path in PAGES:
        header, rows = check(path.read_text(encoding="utf-8"), path.name)
        languages.add(header["language"])
        seen_labels.update(label for label, _ in rows if label)
    assert seen_labels == LABELS
    assert {"en", "de", "es", "fr"} <= languages


GOOD = "# about: a tiny page\n# language: en\nchrome   | Home\n|\ntitle    | A headline\nbody     | Text.\n"

BROKEN = {
    "no-about": GOOD.replace("# about: a tiny page\n", ""),
    "no-language": GOOD.replace("# language: en\n", ""),
    "bad-language": GOOD.replace("language: en", "language: English"),
    "unknown-label": GOOD.replace("chrome   | Home", "menu     | Home"),
    "unpadded-label": GOOD.replace("chrome   | Home", "chrome | Home"),
    "no-space-after-bar": GOOD.replace("chrome   | Home", "chrome   |Home"),
    "label-on-blank-line": GOOD.replace("\n|\n", "\nchrome   | \n"),
    "trailing-space": GOOD.replace("| Home", "| Home "),
    "late-header": GOOD + "# note: stray\n",
    "no-body": GOOD.replace("body     | Text.", "chrome   | Text."),
    "no-final-newline": GOOD[:-1],
}


def test_good_snippet_passes() -> None:
    header, rows = check(GOOD, "en-tiny.page")
    assert header == {"about": "a tiny page", "language": "en"}
    assert rows == [("chrome", "Home"), ("", ""), ("title", "A headline"), ("body", "Text.")]


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_broken_snippet_is_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        check(text, "en-tiny.page")


def test_file_name_must_match_language() -> None:
    with pytest.raises(ValueError, match="file name"):
        check(GOOD, "de-tiny.page")
