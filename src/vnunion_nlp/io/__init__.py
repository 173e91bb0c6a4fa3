"""Corpus input and output: one module per input format, one registry that picks the reader by suffix.

Inputs: JSONL (also stdin), CSV/TSV, Parquet, .txt files, saved .html/.htm pages and .warc/.warc.gz crawls,
and folders of the file formats. Bad records are reported with their line (or WARC offset), never lost.

To add an input format, add one module here that defines ``READER = Reader(...)`` (see ``registry.Reader``
and ``txt.py``, the smallest): the registry and the command line find it by its suffixes.
"""

from .records import BadRecord, Deferred, Item, Record, Skipped, stable_id
from .registry import Reader, ReadOptions, count_records, describe, input_format, iter_records, reader_for, readers
from .writers import (
    ENTITY_COLUMNS,
    FLAT_COLUMNS,
    OUTPUT_FORMATS,
    PEOPLE_COLUMNS,
    entity_rows,
    finish_parquet,
    flat_row,
    output_format,
    parquet_parts_dir,
    people_rows,
    table_path,
    write_chunk,
    write_table_chunk,
)

__all__ = [
    "ENTITY_COLUMNS", "FLAT_COLUMNS", "OUTPUT_FORMATS", "PEOPLE_COLUMNS", "BadRecord", "Deferred", "Item",
    "ReadOptions", "Reader", "Record", "Skipped", "count_records", "describe", "entity_rows", "finish_parquet",
    "flat_row", "input_format", "iter_records", "output_format", "parquet_parts_dir", "people_rows", "reader_for",
    "readers", "stable_id", "table_path", "write_chunk", "write_table_chunk",
]
