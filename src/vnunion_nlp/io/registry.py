"""One registry of corpus readers: the reader for an input is picked by its suffix.

A format is one module of this package that defines ``READER = Reader(...)``; the registry finds it by
itself (on first use, not at import), so adding a format touches that one file and neither this module nor
the command line. A folder given as input is read file by file, every file whose reader says ``in_folders``.
"""

from __future__ import annotations

import importlib
import itertools
import multiprocessing
import os
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from ..errors import CorpusFormatError
from .records import Deferred, Item

STDIN = "-"
_NOT_FORMATS = {"registry", "records", "writers"}


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the caller tells every reader. ``seen_urls`` is shared by all inputs of a run (duplicates)."""

    text_field: str = "text"
    id_field: str = "id"
    date_field: str = "date"
    stdin: TextIO | None = None
    skip_below: int = 0  # a resumed run: records with a smaller index may be passed over cheaply
    seen_urls: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Reader:
    """A corpus format: ``read(path, options, first_index)`` yields one Item per record, indexes counting up
    from ``first_index``; ``count(path)`` says how many records there are, cheaply, or None."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[str, ReadOptions, int], Iterator[Item | Deferred]]
    count: Callable[[str], int | None]
    in_folders: bool = False  # a folder given as input includes these files
    reads_stdin: bool = False


@lru_cache(maxsize=1)
def readers() -> tuple[Reader, ...]:
    """Every registered reader, from the modules of this package that define READER."""
    found = []
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if info.name in _NOT_FORMATS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        reader = getattr(module, "READER", None)
        if isinstance(reader, Reader):
            found.append(reader)
    return tuple(found)


def known_suffixes() -> list[str]:
    return [s for r in readers() for s in r.suffixes]


def reader_for(path: str) -> Reader:
    """The reader of one input file (or ``-``), by its suffix; the longest matching suffix wins."""
    if path == STDIN:
        return next(r for r in readers() if r.reads_stdin)
    name = Path(path).name.lower()
    matches = [(len(s), r) for r in readers() for s in r.suffixes if name.endswith(s)]
    if not matches:
        raise CorpusFormatError(f"cannot tell the format of {path!r}: use one of {', '.join(known_suffixes())}, "
                                f"a folder of such files, or - for stdin")
    return max(matches, key=lambda m: m[0])[1]


def input_format(path: str) -> str:
    """The name of the format of an input ("jsonl", "warc", ...), "folder" for a folder."""
    return "folder" if path != STDIN and Path(path).is_dir() else reader_for(path).name


def _files(path: str) -> list[tuple[str, Reader]]:
    """The input files a path stands for, each with its reader: a folder is expanded, sorted."""
    if path == STDIN or not Path(path).is_dir():
        return [(path, reader_for(path))]
    out = []
    for f in sorted(p for p in Path(path).rglob("*") if p.is_file()):
        try:
            reader = reader_for(str(f))
        except CorpusFormatError:
            continue
        if reader.in_folders:
            out.append((str(f), reader))
    return out


def iter_records(paths: Iterable[str], *, text_field: str = "text", id_field: str = "id", date_field: str = "date",
                 stdin: TextIO | None = None, skip_below: int = 0, processes: int = 1) -> Iterator[Item]:
    """Records from every input in order; undecodable or malformed ones come out as BadRecord, records that are
    no documents by design (non-HTML responses, duplicates) as Skipped. With ``processes`` > 1 the costly part
    of reading (page extraction) runs in that many worker processes, order kept."""
    paths = list(paths)
    for path in paths:
        if path != STDIN and not Path(path).exists():
            raise CorpusFormatError(f"input {path!r} does not exist")
    options = ReadOptions(text_field, id_field, date_field, stdin, skip_below)

    def items() -> Iterator[Item | Deferred]:
        index = 0
        for path in paths:
            for file, reader in _files(path):
                for item in reader.read(file, options, index):
                    yield item
                    index = item.index + 1

    yield from _resolved(items(), (os.cpu_count() or 1) if processes == -1 else processes)


RESOLVE_BATCH = 64  # records read ahead and resolved together by the worker processes


def _resolve(item: Deferred) -> Item:
    return item.resolve()


def _resolved(items: Iterator[Item | Deferred], processes: int) -> Iterator[Item]:
    if processes <= 1:
        for item in items:
            yield item.resolve() if isinstance(item, Deferred) else item
        return
    pool = None
    try:
        while batch := list(itertools.islice(items, RESOLVE_BATCH)):
            deferred = [item for item in batch if isinstance(item, Deferred)]
            if deferred and pool is None:
                method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
                pool = multiprocessing.get_context(method).Pool(processes)
            done = iter(pool.map(_resolve, deferred, chunksize=4) if deferred else ())
            for item in batch:
                yield next(done) if isinstance(item, Deferred) else item
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def count_records(paths: Iterable[str]) -> int | None:
    """How many records the inputs hold, cheaply (lines, Parquet metadata, files), for a progress ETA.

    None when it cannot be known up front (stdin). CSV counts lines, so a field with line breaks makes it an
    estimate; it is only used for the progress bar.
    """
    total = 0
    for path in paths:
        for file, reader in _files(path):
            n = reader.count(file)
            if n is None:
                return None
            total += n
    return total


def describe() -> str:
    """The input formats, for help texts: "jsonl (.jsonl, .ndjson, .json), csv (.csv, .tsv), ..."."""
    return ", ".join(f"{r.name} ({', '.join(r.suffixes)})" for r in readers())
