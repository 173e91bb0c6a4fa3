"""The immutable data model: a Doc owns the user's original text; every span indexes it exactly."""

from __future__ import annotations

import bisect
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

ENTITY_LABELS = ("ORG", "PER", "ROLE", "LOC", "DATE")


def map_to_original(starts: Sequence[int], ends: Sequence[int], original_len: int, start: int,
                    end: int) -> tuple[int, int]:
    """A half-open span of a normalized text mapped to the original through its alignment (empty = identity).

    ``starts[i]`` / ``ends[i]``: the range of the original that normalized character i came from.
    """
    if not ends:
        return start, end
    if start >= end:
        pos = starts[start] if start < len(starts) else original_len
        return pos, pos
    return starts[start], ends[end - 1]


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
    # a web page's fields (vnunion_nlp.read_html): its text is the title, a blank line, the main text
    url: str | None = None
    title: str | None = None
    date_source: str | None = None  # where the date came from: "caller", "metadata", "dateline", "url",
    # "timestamp" (a page timestamp found in the text itself, guide §21)

    def __post_init__(self) -> None:
        for item in (*self.abbreviations, *self.entities, *self.removed):
            _check_offsets(self.text, item.start, item.end, item.text, type(item).__name__)

    # -- offsets ---------------------------------------------------------------------------------
    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalized text to the original text."""
        return map_to_original(self.alignment, self.alignment_end, len(self.text), start, end)

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
            "url": self.url,
            "title": self.title,
            "date_source": self.date_source,
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


# Light backgrounds with dark text, readable in light and dark notebook themes alike.
LABEL_COLORS = {"ORG": "#cfe2ff", "PER": "#ffd6a5", "ROLE": "#d8f3c4", "LOC": "#c9f0ea", "DATE": "#fbd3e0"}
_OTHER_COLOR = "#e5e5e5"
_MARK = "color:#1a1a1a;padding:0.05em 0.3em;margin:0 0.05em;border-radius:0.35em;box-decoration-break:clone;" \
        "-webkit-box-decoration-break:clone"
_TAG = "font-size:0.62em;font-weight:700;letter-spacing:0.03em;margin-left:0.35em;opacity:0.65;" \
       "vertical-align:middle;font-family:system-ui,sans-serif"
_ABBR = "text-decoration:underline dotted;text-decoration-thickness:1.5px;text-underline-offset:3px;cursor:help"
_CHIP = "display:inline-block;margin:0 0.35em 0.25em 0;padding:0.05em 0.5em;border-radius:1em;" \
        "font-size:0.8em;color:#1a1a1a;font-family:system-ui,sans-serif"
MAX_RENDER_CHARS = 100_000


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def _free(taken: list[tuple[int, int]], start: int, end: int, shown: int) -> bool:
    """Whether [start, end) is shown and overlaps none of ``taken`` (sorted, disjoint)."""
    if not (start < end <= shown):
        return False
    i = bisect.bisect_left(taken, (end,))  # spans starting before `end`; the last of them reaches furthest
    return i == 0 or taken[i - 1][1] <= start


def render_html(doc: Doc, *, max_chars: int = MAX_RENDER_CHARS) -> str:
    """The Doc as HTML for Jupyter (``Doc._repr_html_``): the original text with each entity highlighted by
    label (its value on hover), abbreviations underlined (their expansion on hover), boilerplate that
    normalization left out greyed, the activity labels with their scores, and a legend of the labels.

    Every piece of user text is HTML-escaped, attributes included: a document containing ``<script>``
    renders as text. Only the first ``max_chars`` characters are shown (a note says how many are left).
    """
    shown = min(len(doc.text), max(0, max_chars))
    # outer layer: entities then removed stretches, first come first kept, never overlapping
    outer: list[tuple[int, int, str, str]] = []  # start, end, opening tag, closing tag
    # Entities come sorted by start, so one overlaps those already taken exactly when it starts before the
    # furthest end so far; removed stretches are checked by bisection. Sorted sweeps, not a scan of every
    # span taken per span: a document with thousands of entities renders in n log n.
    reach = 0
    for e in sorted(doc.entities, key=lambda e: (e.start, -e.end)):
        if not (e.start < e.end <= shown and e.start >= reach):
            continue
        title = e.label + (f" → {e.value}" if e.value else "")
        color = LABEL_COLORS.get(e.label, _OTHER_COLOR)
        outer.append((e.start, e.end,
                      f'<mark class="vn-ent vn-{_esc(e.label.lower())}" style="background:{color};{_MARK}" '
                      f'title="{_esc(title)}">',
                      f'<span class="vn-label" style="{_TAG}">{_esc(e.label)}</span></mark>'))
        reach = e.end
    taken = [(s, e) for s, e, _, _ in outer]  # sorted and disjoint, kept so
    for r in doc.removed:
        if _free(taken, r.start, r.end, shown):
            outer.append((r.start, r.end, f'<span style="opacity:0.45;text-decoration:line-through" '
                                          f'title="{_esc("left out by normalization: " + r.reason)}">', "</span>"))
            bisect.insort(taken, (r.start, r.end))
    outer.sort()
    starts = [s for s, _ in taken]

    abbrs: list[Abbreviation] = []
    for a in sorted(doc.abbreviations, key=lambda a: (a.start, -a.end)):
        i = bisect.bisect_right(starts, a.start) - 1  # the taken span that starts last at or before a
        lo = i if i >= 0 and taken[i][1] > a.start else i + 1
        inside = taken[lo:bisect.bisect_left(starts, a.end)]  # taken spans that overlap a
        fits = not inside or (len(inside) == 1 and inside[0][0] <= a.start and a.end <= inside[0][1])
        if a.end <= shown and a.start < a.end and fits and (not abbrs or abbrs[-1].end <= a.start):
            abbrs.append(a)
    next_abbr = 0  # plain() is called on consecutive stretches: each abbreviation is looked at once

    def plain(start: int, end: int) -> str:
        nonlocal next_abbr
        out, pos = [], start
        while next_abbr < len(abbrs) and abbrs[next_abbr].start < start:
            next_abbr += 1
        while next_abbr < len(abbrs) and abbrs[next_abbr].start < end:
            a = abbrs[next_abbr]
            if a.end <= end:
                out.append(_esc(doc.text[pos:a.start]))
                out.append(f'<abbr class="vn-abbr" title="{_esc(a.expansion)}" style="{_ABBR}">{_esc(a.text)}</abbr>')
                pos = a.end
            next_abbr += 1
        out.append(_esc(doc.text[pos:end]))
        return "".join(out)

    pieces, pos = [], 0
    for start, end, opening, closing in outer:
        pieces.append(plain(pos, start))
        pieces.append(opening + plain(start, end) + closing)
        pos = end
    pieces.append(plain(pos, shown))
    if shown < len(doc.text):
        pieces.append(f'<span class="vn-more" style="opacity:0.6"> … ({len(doc.text) - shown:,} more '
                      f'characters)</span>')

    head = " · ".join(_esc(x) for x in (doc.id, doc.date) if x)
    labels = [label for label in ENTITY_LABELS if any(e.label == label for e in doc.entities)]
    labels += sorted({e.label for e in doc.entities} - set(ENTITY_LABELS))
    legend = "".join(f'<span style="{_CHIP};background:{LABEL_COLORS.get(label, _OTHER_COLOR)}">{_esc(label)} '
                     f'{sum(e.label == label for e in doc.entities)}</span>' for label in labels)
    if doc.abbreviations:
        legend += (f'<span style="{_CHIP};background:transparent;color:inherit;border:1px solid #9995">'
                   f'<abbr style="{_ABBR}" title="hover an underlined abbreviation for its expansion">abbr</abbr> '
                   f'{len(doc.abbreviations)}</span>')
    acts = "".join(f'<span class="vn-activity" style="{_CHIP};background:#ede4ff" title="score {a.score:.4f}">'
                   f'<b>{_esc(a.label)}</b> {a.score:.2f}</span>' for a in doc.activities)
    acts = acts or '<span style="opacity:0.6">none</span>'
    small = "font-size:0.85em;margin-bottom:0.4em;font-family:system-ui,sans-serif"
    return ('<div class="vnunion-doc" style="border:1px solid #9994;border-radius:0.5em;padding:0.8em 1em;'
            'max-width:60em">'
            + (f'<div style="{small};opacity:0.7">{head}</div>' if head else "")
            + f'<div style="{small}"><span style="opacity:0.7">activities:</span> {acts}</div>'
            + (f'<div style="{small}">{legend}</div>' if legend else "")
            + f'<div class="vn-text" style="line-height:1.9;white-space:pre-wrap;overflow-wrap:anywhere">'
            f'{"".join(pieces)}</div>'
            + "</div>")
