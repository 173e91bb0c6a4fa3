"""Corpus writers: JSONL, CSV and Parquet outputs in flushed chunks, the entity and people side tables."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path
from typing import Any

from ..errors import CorpusFormatError, missing_extra

OUTPUT_FORMATS = ("jsonl", "csv", "parquet")

# One row per document. New columns go at the end, so existing readers of the tables keep working.
FLAT_COLUMNS = ("id", "date", "text", "activities", "activity_scores", "n_entities", "n_people", "entities",
                "people", "abbreviations", "url", "title", "date_source")
_INT_COLUMNS = {"n_entities", "n_people", "start", "end"}
ENTITY_COLUMNS = ("id", "label", "text", "start", "end", "value")
PEOPLE_COLUMNS = ("id", "name", "role", "org", "start", "end")


_SURROGATE = re.compile("[\ud800-\udfff]")


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
        "url": d.get("url"), "title": d.get("title"), "date_source": d.get("date_source"),
    }


def entity_rows(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entity table of a chunk: one row per entity, with its document's id."""
    return [{"id": d.get("id"), **{k: e[k] for k in ENTITY_COLUMNS[1:]}} for d in docs for e in d["entities"]]


def people_rows(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The people table of a chunk: one row per (name, role, org), with its document's id."""
    return [{"id": d.get("id"), **{k: p.get(k) for k in PEOPLE_COLUMNS[1:]}} for d in docs for p in d["people"]]


def table_path(output: Path, table: str) -> Path:
    """OUTPUT.csv -> OUTPUT.entities.csv (same format as the main output)."""
    return output.with_name(f"{output.stem}.{table}{output.suffix}")


def parquet_parts_dir(path: Path) -> Path:
    return path.with_name(path.name + ".parts")


def _storable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CSV (UTF-8) and Parquet cannot hold a lone surrogate ("\\ud800" is valid in a JSON string, not in UTF-8):
    each is written as U+FFFD, one character for one, so every offset still indexes the text cell. JSONL keeps
    the text exact (escaped)."""
    if not any(isinstance(v, str) and _SURROGATE.search(v) for r in rows for v in r.values()):
        return rows
    return [{k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]


def _write_parquet_part(path: Path, rows: list[dict[str, Any]], columns: tuple[str, ...], part: int) -> None:
    """One part file with a fixed schema (a column that is empty in one chunk has the type of the others)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise missing_extra("pyarrow", "pandas") from e
    parts = parquet_parts_dir(path)
    parts.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([(c, pa.int64() if c in _INT_COLUMNS else pa.string()) for c in columns])
    tmp = parts / f".part-{part:06d}.tmp"
    pq.write_table(pa.Table.from_pylist(_storable(rows), schema=schema), tmp)
    os.replace(tmp, parts / f"part-{part:06d}.parquet")


def _append_csv(path: Path, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        if f.tell() == 0:
            writer.writeheader()
        writer.writerows(_storable(rows))
        f.flush()
        os.fsync(f.fileno())


def write_table_chunk(path: Path, fmt: str, rows: list[dict[str, Any]], columns: tuple[str, ...], part: int) -> None:
    """Append rows of a side table (CSV) or write one part file of it (Parquet)."""
    if fmt == "parquet":
        _write_parquet_part(path, rows, columns, part)
    else:
        _append_csv(path, rows, columns)


def write_chunk(path: Path, fmt: str, rows: list[dict[str, Any]], part: int) -> None:
    """Append a chunk (JSONL/CSV) or write one part file (Parquet), flushed to disk."""
    if fmt == "jsonl":
        with open(path, "a", encoding="utf-8", newline="") as f:
            for r in rows:
                line = json.dumps(r, ensure_ascii=False)
                if _SURROGATE.search(line):  # a lone surrogate cannot be written as UTF-8: escaped, still exact
                    line = json.dumps(r)
                f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())
    elif fmt == "parquet":
        if rows:
            _write_parquet_part(path, [flat_row(r) for r in rows], FLAT_COLUMNS, part)
    else:
        _append_csv(path, [flat_row(r) for r in rows], FLAT_COLUMNS)


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
    if suffix in OUTPUT_FORMATS:
        return suffix
    raise CorpusFormatError(f"cannot tell the output format of {path!r}: use .jsonl, .csv or .parquet, or --format")
