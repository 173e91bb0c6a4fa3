"""Pipeline stages: small named callables ``Doc -> Doc`` that adapt the task modules to the Doc model.

Task modules work on plain normalized strings; a stage runs one on ``doc.normalized`` and maps the offsets
back to the original text through the Doc's alignment. A stage may also offer ``pipe(docs)`` to batch work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .abbreviations import Lexicon
from .doc import Abbreviation, Doc, Span


class AbbreviationStage:
    """Finds abbreviations (lexicon, context senses, the document's own definitions)."""

    name = "abbreviations"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for m in self.lexicon.find(doc.normalized):
            s, e = doc.to_original(m.start, m.end)
            found.append(Abbreviation(doc.text[s:e], s, e, m.expansion))
        return doc.evolve(abbreviations=tuple(found))


class DateStage:
    """DATE entities with ISO values from the project's own Vietnamese date grammar."""

    name = "dates"

    def __call__(self, doc: Doc) -> Doc:
        from . import dates

        doc_date = dt.date.fromisoformat(doc.date) if doc.date else None
        spans = [doc.char_span(m.start, m.end, "DATE", m.value) for m in dates.find_dates(doc.normalized, doc_date)]
        return doc.evolve(entities=_merge(doc.entities, spans))


class EmptyStage:
    """A named stage that adds nothing yet (keeps the contract and schema complete)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


def _merge(existing: Sequence[Span], new: Sequence[Span]) -> tuple[Span, ...]:
    """Add spans that do not overlap the ones already there; keep them sorted by offset."""
    kept = list(existing)
    for span in new:
        if span.end <= span.start:
            continue
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return tuple(sorted(kept, key=lambda s: (s.start, s.end)))
