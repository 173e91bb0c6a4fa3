"""Tagging on a Dask cluster, for corpora larger than one machine (optional extra ``vnunion-nlp[dask]``).

underthesea_core objects do not pickle, so the pipeline never travels: each worker process loads it once
from the load options (a small dict) and keeps it for every partition it gets. Partitions should hold
1,000+ documents so that start-up is amortised.

    import dask.dataframe as dd
    from vnunion_nlp.dask_support import tag_dataframe
    ddf = dd.read_parquet("corpus/*.parquet")
    tagged = tag_dataframe(ddf, text_column="text", date_column="date")
    tagged.to_parquet("tagged/")

A crawl: ``tag_bag(read_warcs(paths))``, one partition per WARC file, pages extracted and tagged on the workers.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import missing_extra

logger = logging.getLogger("vnunion_nlp")
_PIPELINES: dict[str, Any] = {}
RESULT_COLUMN = "vnunion"
PAGE_KEYS = ("url", "title", "date_source")  # what a page record adds to its document's to_dict()


def _pipeline(options: Mapping[str, Any]):
    """The pipeline for these options, loaded once per worker process."""
    key = json.dumps(options, sort_keys=True)
    if key not in _PIPELINES:
        from .pipeline import load

        _PIPELINES[key] = load(**options)
    return _PIPELINES[key]


def tag_records(records: Iterable[Mapping[str, Any]], options: Mapping[str, Any] | None = None,
                text_key: str = "text", date_key: str | None = "date") -> list[dict[str, Any]]:
    """``to_dict()`` of every record's text, in order (what one partition runs)."""
    nlp = _pipeline(dict(options or {}))
    records = list(records)
    items = [(r[text_key], {"date": r.get(date_key) if date_key else None, "id": r.get("id")}) for r in records]
    out = []
    for (doc, _), r in zip(nlp.pipe(items, as_tuples=True, batch_size=256), records):
        d = doc.to_dict()
        d.update({k: r[k] for k in PAGE_KEYS if k in r})
        out.append(d)
    return out


def _tag_partition(df, text_column: str, date_column: str | None, options: dict[str, Any]):
    import pandas as pd

    nlp = _pipeline(options)
    texts = df[text_column].tolist()
    dates = df[date_column].tolist() if date_column else [None] * len(texts)
    dates = [None if d is None or pd.isna(d) else str(d) for d in dates]
    docs = nlp.pipe(zip(texts, ({"date": d} for d in dates)), as_tuples=True, batch_size=256)
    out = df.copy()
    out[RESULT_COLUMN] = pd.Series([json.dumps(doc.to_dict(), ensure_ascii=False) for doc, _ in docs],
                                   index=df.index, dtype=object)
    return out


def tag_dataframe(ddf, text_column: str = "text", date_column: str | None = None,
                  **load_options: Any):
    """A Dask DataFrame with one more column, ``vnunion``: each row's ``to_dict()`` as a JSON string."""
    try:
        import pandas as pd
    except ImportError as e:
        raise missing_extra("pandas", "dask") from e
    meta = ddf._meta.copy()
    meta[RESULT_COLUMN] = pd.Series([], dtype=object)
    return ddf.map_partitions(_tag_partition, text_column, date_column, dict(load_options), meta=meta)


def read_warcs(paths: Iterable[str | os.PathLike[str]]):
    """A Dask Bag of the pages of WARC archives (or of any inputs ``vnunion-nlp tag`` reads), one partition per
    file, read on the workers: each page a dict with "id" (its URL), "text", "date", "url", "title" and
    "date_source", ready for :func:`tag_bag`. Records that are no pages are left out, bad ones logged.

    Duplicates are removed within a file; across files, deduplicate the Bag (``.distinct(key=...)``).
    """
    try:
        import dask.bag as db
    except ImportError as e:
        raise missing_extra("dask", "dask") from e
    paths = [os.fspath(p) for p in paths]
    return db.from_sequence(paths, npartitions=max(1, len(paths))).map_partitions(_pages_of_files)


def _pages_of_files(paths: Iterable[str]) -> list[dict[str, Any]]:
    from .io import BadRecord, Record, iter_records

    pages = []
    for path in paths:
        for item in iter_records([path]):
            if isinstance(item, Record):
                pages.append({"id": item.id, "text": item.text, "date": item.date, **(item.meta or {})})
            elif isinstance(item, BadRecord):
                logger.warning("%s %s: %s", item.source, item.location, item.reason)
    return pages


def tag_bag(bag, **load_options: Any):
    """A Dask Bag of texts (or of dicts with "text" and "date", and "id", "url", "title", "date_source" that are
    carried over, as :func:`read_warcs` gives) to a Bag of ``to_dict()`` results."""
    options = dict(load_options)

    def run(partition):
        records = [{"text": r} if isinstance(r, str) else r for r in partition]
        return tag_records(records, options)

    return bag.map_partitions(run)
