"""What every corpus reader yields: a Record to tag, a BadRecord to report, or a Skipped record to count.

Every input record gets a global index (its position across all inputs, bad and skipped ones included),
which is what makes a resumed run skip exactly what was already written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any


@dataclass(frozen=True, slots=True)
class Record:
    """A document to tag. ``meta`` holds extra output fields a format knows (a page's url, title, date_source)."""

    index: int
    source: str
    line: int | None  # 1-based line (JSONL/CSV), row (Parquet), 1 for a file that is one document; None in a WARC
    id: str
    text: str
    date: str | None
    offset: int | None = None  # byte offset of the record in its file (WARC)
    meta: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record that cannot be tagged: reported in the errors file, never lost."""

    index: int
    source: str
    line: int | None
    reason: str
    offset: int | None = None

    @property
    def location(self) -> str:
        """Where the record is, for messages: "line 12" or "offset 40960"."""
        return f"offset {self.offset}" if self.offset is not None else f"line {self.line}"

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "source": self.source, "line": self.line, "offset": self.offset,
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that is not a document by design (not HTML, an HTTP error or redirect, a URL seen before).

    ``kind`` is what the run summary counts ("not HTML", "HTTP status", "duplicate URL"); ``detail`` says more.
    Readers also yield kind "before resume point" for records a resumed run has already written, so that they
    can pass over them without the costly work (page extraction).
    """

    index: int
    source: str
    kind: str
    detail: str = ""
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class Deferred:
    """A record whose costly part (a page's extraction) is still to be done: the registry resolves it, in worker
    processes when the run has several, so that readers stay simple generators and the order is kept."""

    index: int
    make: Callable[..., Record | BadRecord]
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def resolve(self) -> Record | BadRecord:
        return self.make(*self.args, **self.kwargs)


Item = Record | BadRecord | Skipped
RESUMED = "before resume point"


def stable_id(source: str, line: int, text: str) -> str:
    """An id for a record that has none: stable across runs for the same input."""
    h = hashlib.sha1(f"{Path(source).name}:{line}:{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return h[:16]


def undecodable(e: UnicodeDecodeError, encoding: str = "UTF-8") -> str:
    """The reason given for bytes that do not decode."""
    return f"undecodable bytes (not {encoding}): {e.reason} at byte {e.start}"


def record_from_mapping(index: int, source: str, line: int, obj: Any, text_field: str, id_field: str,
                        date_field: str) -> Record | BadRecord:
    """A Record from one JSON object or table row, or the BadRecord that says what is wrong with it."""
    if not isinstance(obj, dict):
        return BadRecord(index, source, line, f"expected an object, got {type(obj).__name__}")
    if text_field not in obj:
        return BadRecord(index, source, line, f"missing text field {text_field!r}")
    text = obj[text_field]
    if not isinstance(text, str):
        return BadRecord(index, source, line, f"text field {text_field!r} is {type(text).__name__}, not text")
    raw_id = obj.get(id_field)
    doc_id = str(raw_id) if raw_id not in (None, "") else stable_id(source, line, text)
    date = obj.get(date_field)
    if date is not None and not isinstance(date, str):
        date = str(date)
    return Record(index, source, line, doc_id, text, date or None)


def utf8_lines(stream: IO[bytes]) -> Iterator[tuple[int, str | None, str]]:
    """(line number, decoded line or None, reason) for every line of a byte stream."""
    for lineno, raw in enumerate(stream, 1):
        try:
            yield lineno, raw.decode("utf-8"), ""
        except UnicodeDecodeError as e:
            yield lineno, None, undecodable(e)


def count_lines(path: str) -> int:
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
