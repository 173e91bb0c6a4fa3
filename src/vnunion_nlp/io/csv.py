"""CSV and TSV with a header row; the text, id and date columns are named by the options."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..errors import CorpusFormatError
from .records import Item, count_lines, record_from_mapping
from .registry import Reader, ReadOptions


def read(path: str, options: ReadOptions, start: int) -> Iterator[Item]:
    with open(path, "rb") as f:
        data = f.read()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CorpusFormatError(f"{path}: not UTF-8 ({e.reason} at byte {e.start}); re-save it as UTF-8") from e
    reader = csv.DictReader(io.StringIO(content, newline=""), delimiter="\t" if path.endswith(".tsv") else ",")
    if reader.fieldnames is None or options.text_field not in reader.fieldnames:
        raise CorpusFormatError(f"{path}: no column {options.text_field!r} (columns: {reader.fieldnames}); "
                                f"use --text-field")
    for index, row in enumerate(reader, start):
        yield record_from_mapping(index, path, reader.line_num, row, options.text_field, options.id_field,
                                  options.date_field)


def count(path: str) -> int | None:
    return max(0, count_lines(path) - 1)


READER = Reader("csv", (".csv", ".tsv"), read, count)
