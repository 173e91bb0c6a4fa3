"""The immutable data model: a Doc owns the user's original text; every span indexes it exactly."""

from __future__ import annotations

import bisect
import html
import json
from dataclasses import dataclass, field, replace
from typing import Any

ENTITY_LABELS = ("ORG", "PER", "ROLE", "LOC", "DATE")


def _check_offsets(text: str, start: int, end: int, surface: str, kind: str) -> None:
    if not (0 <= start <= end <= len(text)) or text[start:end] != surface:
        raise ValueError(
            f"{kind} offsets [{start}, {end}) do not index {surface!r} in the text "
            f"(found {text[start:end]!r})"
        )


@dataclass(frozen=True, slots=True)
class Span:
    """An entity: half-open character offsets into the original text, a label and an optional value."""

    text: str
    label: str
    start: int
    end: int
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "start": self.start, "end": self.end,
                "value": self.value}


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An abbreviation occurrence and the expansion chosen for it in this document."""

    text: str
    start: int
    end: int
    expansion: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "expansion": self.expansion}


@dataclass(frozen=True, slots=True)
class Person:
    """A person and the role and organisation the text gives them (surface forms, as written)."""

    name: str
    role: str | None = None
    org: str | None = None
    start: int = -1  # offsets of the name mention the triple was read from
    end: int = -1

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "org": self.org, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Activity:
    label: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": round(float(self.score), 4)}


@dataclass(frozen=True, slots=True)
class Removed:
    """A stretch of the original text that normalization left out (web boilerplate), and why."""

    text: str
    start: int
    end: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Doc:
    """The result of the pipeline. Stages return new Docs (``dataclasses.replace``); nothing is edited."""

    text: str
    normalized: str = ""
    alignment: tuple[int, ...] = ()  # alignment[i]: start in `text` of normalized char i; last = len(text)
    alignment_end: tuple[int, ...] = ()  # end in `text` of normalized char i
    date: str | None = None
    abbreviations: tuple[Abbreviation, ...] = ()
    entities: tuple[Span, ...] = ()
    people: tuple[Person, ...] = ()
    activities: tuple[Activity, ...] = ()
    removed: tuple[Removed, ...] = ()
    fixers: tuple[str, ...] = ()  # the normalization fixers that changed something
    encoding: str | None = None  # a legacy encoding detected and converted, if any
    id: str | None = None
    user_data: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for item in (*self.abbreviations, *self.entities, *self.removed):
            _check_offsets(self.text, item.start, item.end, item.text, type(item).__name__)

    # -- offsets ---------------------------------------------------------------------------------
    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalized text to the original text."""
        if not self.alignment_end:
            return start, end
        if start >= end:
            pos = self.alignment[start] if start < len(self.alignment) else len(self.text)
            return pos, pos
        return self.alignment[start], self.alignment_end[end - 1]

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the original text to the normalized text (the characters it covers)."""
        if not self.alignment_end:
            return start, end
        s = bisect.bisect_left(self.alignment, start)
        e = bisect.bisect_right(self.alignment_end, end)
        return s, max(s, e)

    def char_span(self, start: int, end: int, label: str, value: str | None = None) -> Span:
        """A Span over the ORIGINAL text from normalized offsets (spaCy's Doc.char_span, aligned)."""
        s, e = self.to_original(start, end)
        return Span(self.text[s:e], label, s, e, value)

    def evolve(self, **changes: Any) -> Doc:
        return replace(self, **changes)

    # -- views -----------------------------------------------------------------------------------
    def ents(self, label: str | None = None) -> list[Span]:
        return [e for e in self.entities if label is None or e.label == label]

    def to_dict(self) -> dict[str, Any]:
        """The JSON-serialisable schema of SPEC.md §4."""
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        out.update({
            "text": self.text,
            "date": self.date,
            "normalized": self.normalized,
            "abbreviations": [a.to_dict() for a in self.abbreviations],
            "entities": [e.to_dict() for e in self.entities],
            "people": [p.to_dict() for p in self.people],
            "activities": [a.to_dict() for a in self.activities],
            "removed": [r.to_dict() for r in self.removed],
            "encoding": self.encoding,
        })
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        head = self.text[:40].replace("\n", " ")
        return (f"Doc({head!r}{'…' if len(self.text) > 40 else ''}, entities={len(self.entities)}, "
                f"people={len(self.people)}, activities={[a.label for a in self.activities]})")

    def _repr_html_(self) -> str:
        return render_html(self)


_COLORS = {"ORG": "#cfe2ff", "PER": "#ffd6a5", "ROLE": "#e2f0cb", "LOC": "#d0f4de", "DATE": "#fde2e4"}


def render_html(doc: Doc) -> str:
    """The original text with entities highlighted, abbreviations underlined; all user text escaped."""
    marks: list[tuple[int, int, str]] = []
    for e in doc.entities:
        title = f"{e.label}" + (f": {e.value}" if e.value else "")
        marks.append((e.start, e.end,
                      f'<mark style="background:{_COLORS.get(e.label, "#eee")};padding:0 2px;border-radius:3px" '
                      f'title="{html.escape(title, quote=True)}">'))
    pieces, pos = [], 0
    abbr_by_start = {a.start: a for a in doc.abbreviations}
    for start, end, opening in sorted(marks):
        if start < pos:
            continue
        pieces.append(_abbr_html(doc, pos, start, abbr_by_start))
        label = html.escape(next(e.label for e in doc.entities if e.start == start and e.end == end))
        pieces.append(opening + _abbr_html(doc, start, end, abbr_by_start)
                      + f'<sub style="font-size:0.7em;opacity:0.7"> {label}</sub></mark>')
        pos = end
    pieces.append(_abbr_html(doc, pos, len(doc.text), abbr_by_start))
    body = "".join(pieces).replace("\n", "<br>")
    acts = ", ".join(f"{html.escape(a.label)} ({a.score:.2f})" for a in doc.activities) or "—"
    return (f'<div class="vnunion-doc" style="line-height:1.8">{body}'
            f'<div style="margin-top:6px;font-size:0.85em"><b>activities:</b> {acts}</div></div>')


def _abbr_html(doc: Doc, start: int, end: int, by_start: dict[int, Abbreviation]) -> str:
    out, pos = [], start
    for a_start in sorted(s for s in by_start if start <= s < end):
        a = by_start[a_start]
        if a.end > end or a.start < pos:
            continue
        out.append(html.escape(doc.text[pos:a.start]))
        out.append(f'<abbr title="{html.escape(a.expansion, quote=True)}" '
                   f'style="text-decoration:underline dotted">{html.escape(a.text)}</abbr>')
        pos = a.end
    out.append(html.escape(doc.text[pos:end]))
    return "".join(out)
