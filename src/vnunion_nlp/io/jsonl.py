"""JSON Lines (one object a line), also from stdin: bad lines are reported by line number."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

from .records import BadRecord, Item, count_lines, record_from_mapping, utf8_lines
from .registry import STDIN, Reader, ReadOptions


def read(path: str, options: ReadOptions, start: int) -> Iterator[Item]:
    if path == STDIN:
        stdin = options.stdin
        stream = stdin.buffer if stdin is not None and hasattr(stdin, "buffer") else sys.stdin.buffer
        yield from _read(stream, "<stdin>", options, start)
        return
    with open(path, "rb") as stream:
        yield from _read(stream, path, options, start)


def _read(stream, source: str, options: ReadOptions, start: int) -> Iterator[Item]:
    index = start
    for lineno, line, problem in utf8_lines(stream):
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
                yield record_from_mapping(index, source, lineno, obj, options.text_field, options.id_field,
                                          options.date_field)
        index += 1


def count(path: str) -> int | None:
    return None if path == STDIN else count_lines(path)


READER = Reader("jsonl", (".jsonl", ".ndjson", ".json"), read, count, reads_stdin=True)
