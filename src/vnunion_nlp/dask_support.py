"""Tagging on a Dask cluster, for corpora larger than one machine (optional extra ``vnunion-nlp[dask]``).

underthesea_core objects do not pickle, so the pipeline never travels: each worker process loads it once
from the load options (a small dict) and keeps it for every partition it gets. Partitions should hold
1,000+ documents so that start-up is amortised.

    import dask.dataframe as dd
    from vnunion_nlp.dask_support import tag_dataframe
    ddf = dd.read_parquet("corpus/*.parquet")
    tagged = tag_dataframe(ddf, text_column="text", date_column="date")
    tagged.to_parquet("tagged/")
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import missing_extra

_PIPELINES: dict[str, Any] = {}
RESULT_COLUMN = "vnunion"


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
    items = [(r[text_key], {"date": r.get(date_key) if date_key else None}) for r in records]
    return [doc.to_dict() for doc, _ in nlp.pipe(items, as_tuples=True, batch_size=256)]


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


def tag_bag(bag, **load_options: Any):
    """A Dask Bag of texts (or of dicts with "text" and "date") to a Bag of ``to_dict()`` results."""
    options = dict(load_options)

    def run(partition):
        records = [{"text": r} if isinstance(r, str) else r for r in partition]
        return tag_records(records, options)

    return bag.map_partitions(run)
