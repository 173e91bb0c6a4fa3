"""Pipeline stages: small named callables ``Doc -> Doc`` that adapt the task modules to the Doc model.

Task modules work on plain normalized strings; a stage runs one on ``doc.normalized`` and maps the offsets
back to the original text through the Doc's alignment. A stage may also offer ``pipe(docs)`` to batch work.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

from .abbreviations import Lexicon
from .doc import Abbreviation, Activity, Doc, Person, Span
from .entities import EntityTagger, map_abbreviations, org_value


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
        found = dates.find_dates(doc.normalized, doc_date)
        if doc_date is None:  # guide §21: the page's own timestamp is the document's date
            doc_date = dates.page_date(doc.normalized, found)
            if doc_date is not None:
                found = dates.find_dates(doc.normalized, doc_date)
                doc = doc.evolve(date=doc_date.isoformat(), date_source="timestamp")
        spans = [doc.char_span(m.start, m.end, "DATE", m.value) for m in found]
        return doc.evolve(entities=_merge(doc.entities, spans))


class EntityStage:
    """ORG / PER / ROLE / LOC from the domain CRF; DATE spans already in the Doc take precedence."""

    name = "entities"

    def __init__(self, tagger: EntityTagger) -> None:
        self.tagger = tagger

    def __call__(self, doc: Doc) -> Doc:
        text = doc.normalized
        date_spans = [doc.from_original(e.start, e.end) for e in doc.entities if e.label == "DATE"]
        abbrs = sorted((*doc.from_original(a.start, a.end), a.expansion) for a in doc.abbreviations)
        spans = []
        for s, e, label in self.tagger.predict(text, date_spans):
            value = org_value(text[s:e], map_abbreviations(abbrs, s, e)) if label == "ORG" else None
            spans.append(doc.char_span(s, e, label, value))
        return doc.evolve(entities=_merge(doc.entities, spans))


class PeopleStage:
    """(name, role, org) triples from the entities (people.py), as written in the original text."""

    name = "people"

    def __call__(self, doc: Doc) -> Doc:
        from . import people

        ents = sorted(doc.entities, key=lambda e: (e.start, e.end))
        if not any(e.label == "PER" for e in ents):
            return doc.evolve(people=())
        spans = [(*doc.from_original(e.start, e.end), e.label) for e in ents]
        found = []
        for p, r, o in people.link(doc.normalized, spans):
            per = ents[p]
            found.append(Person(per.text, None if r is None else ents[r].text, None if o is None else ents[o].text,
                                per.start, per.end))
        return doc.evolve(people=tuple(found))


class ActivityStage:
    """Activity labels with calibrated scores, best first; one classifier call per batch."""

    name = "activities"
    whole_document = True  # a document read in windows is classified once, whole (windows.py)

    def __init__(self, model) -> None:
        self.model = model

    @staticmethod
    def model_input(doc: Doc) -> str:
        """Exactly what the classifier was trained on (classify.prepare), from the already normalized text."""
        from .classify import prepare_normalized

        return prepare_normalized(doc.normalized)

    def pipe(self, docs: Sequence[Doc]) -> list[Doc]:
        if not docs:
            return []
        scored = self.model.predict_scored([self.model_input(d) for d in docs])
        return [d.evolve(activities=tuple(Activity(label, score) for label, score in row))
                for d, row in zip(docs, scored)]

    def __call__(self, doc: Doc) -> Doc:
        return self.pipe([doc])[0]


def _merge(existing: Sequence[Span], new: Sequence[Span]) -> tuple[Span, ...]:
    """Add spans that do not overlap the ones already there (nor each other); keep them sorted by offset.

    One sorted sweep, so a 10 MB document with 100,000 entities costs n log n, not n².
    """
    old = sorted(existing, key=lambda s: (s.start, s.end))
    starts = [s.start for s in old]
    added: list[Span] = []
    last_end = -1
    for span in sorted(new, key=lambda s: (s.start, s.end)):
        if span.end <= span.start or span.start < last_end:
            continue
        i = bisect.bisect_left(starts, span.end)  # existing spans that start before this one ends
        if i and old[i - 1].end > span.start:  # the latest of them (sorted, non-overlapping) reaches into it
            continue
        added.append(span)
        last_end = span.end
    if not added:
        return tuple(old)
    return tuple(sorted(old + added, key=lambda s: (s.start, s.end)))
