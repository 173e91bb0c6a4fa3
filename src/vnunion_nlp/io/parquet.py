"""Parquet files, read in batches of rows (pyarrow: the ``pandas`` extra)."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import missing_extra
from .records import Item, record_from_mapping
from .registry import Reader, ReadOptions


def _pq():
    try:
        import pyarrow.parquet as pq
    except ImportError as e:
        raise missing_extra("pyarrow", "pandas") from e
    return pq


def read(path: str, options: ReadOptions, start: int) -> Iterator[Item]:
    index, row = start, 0
    for batch in _pq().ParquetFile(path).iter_batches(batch_size=1000):
        for obj in batch.to_pylist():
            row += 1
            yield record_from_mapping(index, path, row, obj, options.text_field, options.id_field, options.date_field)
            index += 1


def count(path: str) -> int | None:
    return _pq().ParquetFile(path).metadata.num_rows


READER = Reader("parquet", (".parquet", ".pq"), read, count)
