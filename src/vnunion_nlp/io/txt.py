"""Plain-text files, one document each (id: the file name without suffix); in folders too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .records import BadRecord, Item, Record, undecodable
from .registry import Reader, ReadOptions


def read(path: str, options: ReadOptions, start: int) -> Iterator[Item]:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        yield BadRecord(start, path, 1, undecodable(e))
    else:
        yield Record(start, path, 1, Path(path).stem, text, None)


READER = Reader("txt", (".txt",), read, lambda path: 1, in_folders=True)
