"""Corpus readers and writers: JSONL, CSV, Parquet, folders of .txt, stdin; bad records reported, never lost.

Every input record gets a global index (its position across all inputs, bad ones included), which is what
makes a resumed run skip exactly what was already written.
"""

from __future__ import annotations

import csv
import hashlib
import io as _io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .errors import CorpusFormatError, missing_extra

INPUT_FORMATS = ("jsonl", "csv", "parquet", "txt", "stdin")
OUTPUT_FORMATS = ("jsonl", "csv", "parquet")


@dataclass(frozen=True, slots=True)
class Record:
    index: int
    source: str
    line: int  # 1-based line (JSONL/CSV), row (Parquet) or 1 for a .txt file
    id: str
    text: str
    date: str | None


@dataclass(frozen=True, slots=True)
class BadRecord:
    index: int
    source: str
    line: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "source": self.source, "line": self.line, "reason": self.reason}


def input_format(path: str) -> str:
    if path == "-":
        return "stdin"
    p = Path(path)
    if p.is_dir():
        return "txt"
    suffix = p.suffix.lower().lstrip(".")
    if suffix in ("jsonl", "ndjson", "json"):
        return "jsonl"
    if suffix in ("csv", "tsv"):
        return "csv"
    if suffix in ("parquet", "pq"):
        return "parquet"
    if suffix == "txt":
        return "txt"
    raise CorpusFormatError(f"cannot tell the format of {path!r}: use .jsonl, .csv, .parquet, a .txt file, "
                            f"a folder of .txt files, or - for stdin")


def count_records(paths: Iterable[str]) -> int | None:
    """How many records the inputs hold, cheaply (lines, Parquet metadata, files), for a progress ETA.

    None when it cannot be known up front (stdin). CSV counts lines, so a field with line breaks makes it an
    estimate; it is only used for the progress bar.
    """
    total = 0
    for path in paths:
        fmt = input_format(path)
        if fmt == "stdin":
            return None
        p = Path(path)
        if fmt == "parquet":
            import pyarrow.parquet as pq

            total += pq.ParquetFile(path).metadata.num_rows
        elif fmt == "txt":
            total += len(list(p.rglob("*.txt"))) if p.is_dir() else 1
        else:
            with open(p, "rb") as f:
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
            total += max(0, lines - 1) if fmt == "csv" else lines
    return total


def stable_id(source: str, line: int, text: str) -> str:
    """An id for a record that has none: stable across runs for the same input."""
    h = hashlib.sha1(f"{Path(source).name}:{line}:{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return h[:16]


def _record(index: int, source: str, line: int, obj: Any, text_field: str, id_field: str,
            date_field: str) -> Record | BadRecord:
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


def iter_records(paths: Iterable[str], *, text_field: str = "text", id_field: str = "id",
                 date_field: str = "date", stdin: TextIO | None = None) -> Iterator[Record | BadRecord]:
    """Records from every input in order; undecodable or malformed ones come out as BadRecord."""
    index = 0
    for path in paths:
        fmt = input_format(path)
        if fmt != "stdin" and not Path(path).exists():
            raise CorpusFormatError(f"input {path!r} does not exist")
        for item in _iter_one(path, fmt, text_field, id_field, date_field, stdin, index):
            yield item
            index += 1


def _lines(stream: _io.BufferedIOBase) -> Iterator[tuple[int, str | None, str]]:
    for lineno, raw in enumerate(stream, 1):
        try:
            yield lineno, raw.decode("utf-8"), ""
        except UnicodeDecodeError as e:
            yield lineno, None, f"undecodable bytes (not UTF-8): {e.reason} at byte {e.start}"


def _iter_one(path: str, fmt: str, text_field: str, id_field: str, date_field: str, stdin: TextIO | None,
              start: int) -> Iterator[Record | BadRecord]:
    index = start
    if fmt in ("jsonl", "stdin"):
        stream = (stdin.buffer if stdin is not None and hasattr(stdin, "buffer") else sys.stdin.buffer) \
            if fmt == "stdin" else open(path, "rb")
        source = "<stdin>" if fmt == "stdin" else path
        try:
            for lineno, line, problem in _lines(stream):
                if line is not None and not line.strip():
                    continue
                if line is None:
                    yield BadRecord(index, source, lineno, problem)
                else:
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError as e:
                        yield BadRecord(index, source, lineno, f"invalid JSON: {e.msg} (column {e.colno})")
                    else:
                        yield _record(index, source, lineno, obj, text_field, id_field, date_field)
                index += 1
        finally:
            if fmt != "stdin":
                stream.close()
    elif fmt == "csv":
        with open(path, "rb") as f:
            data = f.read()
        try:
            content = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise CorpusFormatError(f"{path}: not UTF-8 ({e.reason} at byte {e.start}); re-save it as UTF-8") from e
        reader = csv.DictReader(_io.StringIO(content, newline=""), delimiter="\t" if path.endswith(".tsv") else ",")
        if reader.fieldnames is None or text_field not in reader.fieldnames:
            raise CorpusFormatError(f"{path}: no column {text_field!r} (columns: {reader.fieldnames}); "
                                    f"use --text-field")
        for row in reader:
            yield _record(index, path, reader.line_num, row, text_field, id_field, date_field)
            index += 1
    elif fmt == "parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError as e:
            raise missing_extra("pyarrow", "pandas") from e
        table = pq.ParquetFile(path)
        row = 0
        for batch in table.iter_batches(batch_size=1000):
            for obj in batch.to_pylist():
                row += 1
                yield _record(index, path, row, obj, text_field, id_field, date_field)
                index += 1
    else:
        p = Path(path)
        files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
        for f in files:
            data = f.read_bytes()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as e:
                yield BadRecord(index, str(f), 1, f"undecodable bytes (not UTF-8): {e.reason} at byte {e.start}")
            else:
                yield Record(index, str(f), 1, f.stem, text, None)
            index += 1


def flat_row(d: dict[str, Any]) -> dict[str, Any]:
    """One CSV/Parquet row per document: the scalar fields plus JSON-encoded lists."""
    acts = d.get("activities", [])
    return {
        "id": d.get("id"), "date": d.get("date"), "text": d.get("text"),
        "activities": ";".join(a["label"] for a in acts),
        "activity_scores": json.dumps({a["label"]: a["score"] for a in acts}, ensure_ascii=False),
        "n_entities": len(d.get("entities", [])), "n_people": len(d.get("people", [])),
        "entities": json.dumps(d.get("entities", []), ensure_ascii=False),
        "people": json.dumps(d.get("people", []), ensure_ascii=False),
        "abbreviations": json.dumps(d.get("abbreviations", []), ensure_ascii=False),
    }


FLAT_COLUMNS = ("id", "date", "text", "activities", "activity_scores", "n_entities", "n_people", "entities",
                "people", "abbreviations")
ENTITY_COLUMNS = ("id", "label", "text", "start", "end", "value")
PEOPLE_COLUMNS = ("id", "name", "role", "org", "start", "end")


def entity_rows(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entity table of a chunk: one row per entity, with its document's id."""
    return [{"id": d.get("id"), **{k: e[k] for k in ENTITY_COLUMNS[1:]}} for d in docs for e in d["entities"]]


def people_rows(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The people table of a chunk: one row per (name, role, org), with its document's id."""
    return [{"id": d.get("id"), **{k: p.get(k) for k in PEOPLE_COLUMNS[1:]}} for d in docs for p in d["people"]]


def table_path(output: Path, table: str) -> Path:
    """OUTPUT.csv -> OUTPUT.entities.csv (same format as the main output)."""
    return output.with_name(f"{output.stem}.{table}{output.suffix}")


def write_table_chunk(path: Path, fmt: str, rows: list[dict[str, Any]], columns: tuple[str, ...], part: int) -> None:
    """Append rows of a side table (CSV) or write one part file of it (Parquet)."""
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        parts = parquet_parts_dir(path)
        parts.mkdir(parents=True, exist_ok=True)
        schema = pa.schema([(c, pa.int64() if c in ("start", "end") else pa.string()) for c in columns])
        tmp = parts / f".part-{part:06d}.tmp"
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp)
        os.replace(tmp, parts / f"part-{part:06d}.parquet")
        return
    with open(path, "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        if f.tell() == 0:
            writer.writeheader()
        writer.writerows(rows)
        f.flush()
        os.fsync(f.fileno())


_SURROGATE = re.compile("[\ud800-\udfff]")


def write_chunk(path: Path, fmt: str, rows: list[dict[str, Any]], part: int) -> None:
    """Append a chunk (JSONL/CSV) or write one part file (Parquet), flushed to disk."""
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as e:
            raise missing_extra("pyarrow", "pandas") from e
        parts = parquet_parts_dir(path)
        parts.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist([flat_row(r) for r in rows]) if rows else None
        if table is not None:
            tmp = parts / f".part-{part:06d}.tmp"
            pq.write_table(table, tmp)
            os.replace(tmp, parts / f"part-{part:06d}.parquet")
        return
    with open(path, "a", encoding="utf-8", newline="") as f:
        if fmt == "jsonl":
            for r in rows:
                line = json.dumps(r, ensure_ascii=False)
                if _SURROGATE.search(line):  # a lone surrogate cannot be written as UTF-8: escaped, still exact
                    line = json.dumps(r)
                f.write(line + "\n")
        else:
            writer = csv.DictWriter(f, fieldnames=FLAT_COLUMNS)
            if f.tell() == 0:
                writer.writeheader()
            for r in rows:
                writer.writerow(flat_row(r))
        f.flush()
        os.fsync(f.fileno())


def parquet_parts_dir(path: Path) -> Path:
    return path.with_name(path.name + ".parts")


def finish_parquet(path: Path, columns: tuple[str, ...] = FLAT_COLUMNS) -> None:
    """Join the part files into the final Parquet file, atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = sorted(parquet_parts_dir(path).glob("part-*.parquet"))
    tmp = path.with_name(path.name + ".tmp")
    non_empty = [p for p in parts if pq.read_metadata(p).num_rows]
    if non_empty:
        schema = pq.read_schema(non_empty[0])
        with pq.ParquetWriter(tmp, schema) as writer:
            for p in non_empty:
                writer.write_table(pq.read_table(p, schema=schema))
    else:
        pq.write_table(pa.table({c: pa.array([], pa.string()) for c in columns}), tmp)
    os.replace(tmp, path)
    for p in parts:
        p.unlink()
    parquet_parts_dir(path).rmdir()


def output_format(path: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("jsonl", "ndjson", "json"):
        return "jsonl"
    if suffix in ("csv", "parquet"):
        return suffix
    raise CorpusFormatError(f"cannot tell the output format of {path!r}: use .jsonl, .csv or .parquet, or --format")
