"""Very long documents in windows: where to cut them, and how to put the per-window Docs back together.

``Pipeline.pipe(..., max_chars=...)`` uses this for a document longer than ``max_chars``: it is cut into
windows of at most that many characters, each at the last paragraph break, else line break, else sentence
end, else space in the second half of the window (a hard cut only in a run with none of them, never inside
a character sequence: a base letter and its combining marks, a surrogate pair, CR LF). The stages that work
span by span run on each window; the merged Doc holds every span with offsets into the whole original text,
exactly as if it had been processed whole, and stages that read the whole document (the activity classifier)
run once on it. What a window cannot see: an abbreviation defined in another window, a short name whose full
form is in another window.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from .doc import Doc

_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE_RE = re.compile(r"\s+")
_BREAK_RE = re.compile(r"\r\n?|\n")


def split_windows(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Half-open (start, end) windows covering ``text``, each at most ``max_chars`` long.

    >>> split_windows("Đoạn một.\\n\\nĐoạn hai. Câu ba.", 16)
    [(0, 11), (11, 21), (21, 28)]
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    windows: list[tuple[int, int]] = []
    pos = 0
    while len(text) - pos > max_chars:
        end = _cut(text, pos, pos + max_chars)
        windows.append((pos, end))
        pos = end
    windows.append((pos, len(text)))
    return windows


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end the window that starts at ``start`` and may not pass ``limit``."""
    lo = start + max(1, (limit - start) // 2)
    for sep in ("\n\n", "\n"):
        i = text.rfind(sep, lo, limit)
        if i != -1:
            return i + len(sep)
    for pattern in (_SENTENCE_END_RE, _SPACE_RE):
        last = max((m.end() for m in pattern.finditer(text, lo, limit)), default=None)
        if last is not None:
            return last
    cut = limit
    while cut > lo and _joined(text, cut):
        cut -= 1
    return cut


def _joined(text: str, i: int) -> bool:
    """Whether text[i - 1] and text[i] belong together (a mark on its base, a surrogate pair, CR LF)."""
    a, b = text[i - 1], text[i]
    return (unicodedata.category(b) in ("Mn", "Me") or unicodedata.combining(b) != 0 or (a, b) == ("\r", "\n")
            or ("\ud800" <= a <= "\udbff" and "\udc00" <= b <= "\udfff"))


def merge(text: str, windows: Sequence[tuple[int, int]], docs: Sequence[Doc], *,
          join_whitespace: bool = True) -> Doc:
    """One Doc over ``text`` from the Docs of its windows: offsets shifted, normalized texts joined.

    Between two windows' normalized texts goes what the whitespace fixer would write for the text that
    separates them ("\\n\\n" for a paragraph break, "\\n" for a line break, " " for spaces; nothing if
    ``join_whitespace`` is False, when normalization keeps whitespace as it is).
    """
    # the normalized texts and what goes between them, with where each piece starts and ends in `text`
    pieces: list[tuple[int, Doc | None, str, int, int]] = []  # offset, window Doc (None: separator), text, s, e
    last_end = 0
    for (offset, _), doc in zip(windows, docs):
        if not doc.normalized:
            continue
        first_start = offset + (doc.alignment[0] if doc.alignment_end else 0)
        if pieces and join_whitespace:
            sep = _separator(text[last_end:first_start])
            if sep:
                pieces.append((offset, None, sep, last_end, first_start))
        pieces.append((offset, doc, doc.normalized, first_start, 0))
        last_end = offset + (doc.alignment_end[-1] if doc.alignment_end else len(doc.normalized))
    merged = "".join(p[2] for p in pieces)
    identity = merged == text and all(p[1] is not None and not p[1].alignment_end for p in pieces)
    starts: list[int] = []
    ends: list[int] = []
    if not identity:  # the alignment, only when the merged text is not the original itself
        for offset, doc, piece, s, e in pieces:
            if doc is None:
                starts += [s] * len(piece)
                ends += [e] * len(piece)
            elif doc.alignment_end:
                starts += [offset + a for a in doc.alignment]
                ends += [offset + b for b in doc.alignment_end]
            else:
                starts += range(offset, offset + len(piece))
                ends += range(offset + 1, offset + len(piece) + 1)

    abbreviations, entities, people, removed = [], [], [], []
    fixers: list[str] = []
    encoding = None
    for (offset, _), doc in zip(windows, docs):
        abbreviations += [replace(a, start=a.start + offset, end=a.end + offset) for a in doc.abbreviations]
        entities += [replace(e, start=e.start + offset, end=e.end + offset) for e in doc.entities]
        people += [replace(p, start=p.start + offset, end=p.end + offset) if p.start >= 0 else p for p in doc.people]
        removed += [replace(r, start=r.start + offset, end=r.end + offset) for r in doc.removed]
        fixers += [f for f in doc.fixers if f not in fixers]
        encoding = encoding or doc.encoding
    return Doc(text, merged, tuple(starts), tuple(ends), docs[0].date, tuple(abbreviations), tuple(entities),
               tuple(people), (), tuple(removed), tuple(fixers), encoding, docs[0].id)


def _separator(between: str) -> str:
    """What the whitespace fixer writes for the text between two windows' normalized texts."""
    if not between:
        return ""
    breaks = len(_BREAK_RE.findall(between))
    return "\n\n" if breaks >= 2 else "\n" if breaks == 1 else " "
