"""The records that flow through the pipeline: `Label`, `Block` and `Document`.

A `Block` is frozen: every stage returns new blocks (``dataclasses.replace``)
instead of mutating old ones, so a block's label and its evidence are always
written together by the stage that decided them.
"""
from __future__ import annotations

import dataclasses
import enum
from types import MappingProxyType
from typing import Any, Iterator, Mapping

_EMPTY: Mapping[str, float] = MappingProxyType({})


class Label(str, enum.Enum):
    """What a block is on its page."""

    BODY = "body"  # the main article (or, on a forum page, the posts)
    TITLE = "title"  # the article's headline
    BYLINE = "byline"  # author / date line of the article
    CAPTION = "caption"  # image caption or photo credit
    RELATED = "related"  # teasers or whole other articles after the main one
    COMMENTS = "comments"  # reader comments and the comment section's furniture
    CHROME = "chrome"  # navigation, share buttons, cookie notes, footers, ads

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: "str | Label") -> "Label":
        """`Label.parse("body")`; raises ValueError naming the valid labels."""
        if isinstance(value, Label):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            names = ", ".join(label.value for label in cls)
            raise ValueError(f"unknown label {value!r}; expected one of: {names}") from None


@dataclasses.dataclass(frozen=True, slots=True)
class Block:
    """One segment of the input: a line or paragraph, or a block-level element of HTML.

    ``text`` is the block's own text; for text input ``source[start:end] == text``.
    ``features`` are the numbers the classifier saw, ``evidence`` the named rules
    or strongest features that decided ``label``, strongest first.
    """

    index: int
    text: str
    start: int
    end: int
    features: Mapping[str, float] = dataclasses.field(default_factory=lambda: _EMPTY)
    label: Label | None = None
    confidence: float = 0.0
    evidence: tuple[str, ...] = ()
    tag: str = ""  # HTML only: the element's tag path, e.g. "body>article>p"

    def labelled(self, label: "Label", confidence: float, evidence: tuple[str, ...]) -> "Block":
        """This block with a label, its confidence and evidence (what ``dataclasses.replace``
        would give, without its per-call look at the fields: classify makes one per block)."""
        return new_block(self.index, self.text, self.start, self.end, self.features, label, confidence, evidence,
                         self.tag)

    def __reduce__(self):
        # picklable (process pools, caches): a read-only mapping travels as a dict and comes
        # back read-only
        read_only = isinstance(self.features, MappingProxyType)
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if read_only:
            fields["features"] = dict(self.features)
        return _block, (fields, read_only)

    @property
    def reason(self) -> str:
        """The evidence as one short human-readable string."""
        return "; ".join(self.evidence)

    def to_record(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "label": self.label.value if self.label else None,
            "confidence": round(self.confidence, 4),
            "reason": self.reason,
            "tag": self.tag,
        }


_SET_INDEX, _SET_TEXT, _SET_START, _SET_END, _SET_FEATURES, _SET_LABEL, _SET_CONFIDENCE, _SET_EVIDENCE, _SET_TAG = (
    getattr(Block, field.name).__set__ for field in dataclasses.fields(Block))
_new_object = object.__new__


def new_block(index: int, text: str, start: int, end: int, features: Mapping[str, float] = _EMPTY,
              label: "Label | None" = None, confidence: float = 0.0, evidence: tuple[str, ...] = (),
              tag: str = "") -> Block:
    """``Block(index, text, start, end, features, label, confidence, evidence, tag)`` (the same
    defaults), made in half the time: the stages make a block three times over for each block of
    the input (segmented, featured, labelled), and a frozen dataclass's own ``__init__`` sets each
    field through ``object.__setattr__``; this fills the slots directly. The block is as frozen
    and compares equal all the same (tests/test_api.py)."""
    block = _new_object(Block)
    _SET_INDEX(block, index)
    _SET_TEXT(block, text)
    _SET_START(block, start)
    _SET_END(block, end)
    _SET_FEATURES(block, features)
    _SET_LABEL(block, label)
    _SET_CONFIDENCE(block, confidence)
    _SET_EVIDENCE(block, evidence)
    _SET_TAG(block, tag)
    return block


@dataclasses.dataclass(frozen=True)
class Document:
    """The annotated page: every block with its label; `body` is the clean text."""

    source: str
    blocks: tuple[Block, ...]
    config: Any  # boilerstrip.Config (not imported here to keep the model free of cycles)
    page_type: str = "article"  # "article" or "forum" (posts are the main content)
    confidence: float = 0.0
    metadata: Mapping[str, Any] = dataclasses.field(default_factory=lambda: _EMPTY)

    def __reduce__(self):
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        fields["metadata"] = dict(self.metadata)
        return _document, (fields,)

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)

    def labelled(self, *labels: Label | str) -> tuple[Block, ...]:
        wanted = {Label.parse(label) for label in labels}
        return tuple(b for b in self.blocks if b.label in wanted)

    @property
    def title(self) -> str | None:
        found = self.labelled(Label.TITLE)
        return found[0].text if found else self.metadata.get("title")

    @property
    def byline(self) -> str | None:
        found = self.labelled(Label.BYLINE)
        return found[0].text if found else self.metadata.get("author")

    @property
    def body(self) -> str:
        """The text of the blocks the config keeps, in input order."""
        from .assemble import assemble_text

        return assemble_text(self)

    @property
    def comments(self) -> list[str]:
        """The comment section split into separate comments where their boundaries show."""
        from .sections import split_comments

        return split_comments(self)

    @property
    def related(self) -> list[dict[str, str]]:
        """Related items: headline, source and text where present."""
        from .sections import split_related

        return split_related(self)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per block (text, label, confidence, reason, offsets), e.g. for pandas."""
        return [b.to_record() for b in self.blocks]

    def to_dataframe(self):  # pragma: no cover - exercised only where pandas is installed
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("Document.to_dataframe() needs pandas: pip install pandas") from exc
        return pd.DataFrame.from_records(self.to_records())

    def _repr_html_(self) -> str:
        """Jupyter's display: every block in order, coloured by label (see `boilerstrip.display`)."""
        from .display import document_html

        return document_html(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "byline": self.byline,
            "page_type": self.page_type,
            "confidence": round(self.confidence, 4),
            "metadata": dict(self.metadata),
            "body": self.body,
            "comments": self.comments,
            "related": self.related,
            "blocks": self.to_records(),
        }


def _block(fields: dict, read_only: bool) -> Block:
    """A pickled `Block` back (see `Block.__reduce__`)."""
    if read_only:
        fields["features"] = MappingProxyType(fields["features"]) if fields["features"] else _EMPTY
    return Block(**fields)


def _document(fields: dict) -> "Document":
    """A pickled `Document` back, its metadata read-only again."""
    return Document(**dict(fields, metadata=MappingProxyType(fields["metadata"])))
