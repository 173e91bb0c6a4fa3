"""Tagged documents as pandas DataFrames (and Parquet files), one table per level of detail.

    >>> import vnunion_nlp
    >>> nlp = vnunion_nlp.load()
    >>> docs = [nlp("Ngày 13/02/2025, LĐLĐ tỉnh Nghệ An tổ chức hội nghị.", date="2025-02-14", id="a1")]
    >>> vnunion_nlp.to_dataframe(docs, level="entities")[["label", "text", "value"]].to_dict("records")[0]
    {'label': 'DATE', 'text': '13/02/2025', 'value': '2025-02-13'}

Documents may be :class:`~vnunion_nlp.doc.Doc` objects or the dicts of ``Doc.to_dict()`` (a line of a tagged
JSONL file). pandas is an optional extra (``pip install "vnunion-nlp[pandas]"``), imported only here.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .doc import ENTITY_LABELS, Doc
from .errors import InputTypeError, missing_extra, option_error

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

LEVELS = ("documents", "entities", "people", "abbreviations", "activities")

# The columns of every table and their dtypes: the same for any input, the empty one included.
_DOC_KEYS = [("doc_index", "int64"), ("id", "string"), ("date", "datetime64[ns]")]
SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "documents": [
        *_DOC_KEYS, ("n_chars", "int64"), ("top_label", "string"), ("top_score", "float64"),
        ("labels", "string"), ("scores", "string"),
        *[(f"n_{label.lower()}", "int64") for label in ENTITY_LABELS],
        ("n_people", "int64"), ("n_abbreviations", "int64"),
    ],
    "entities": [*_DOC_KEYS, ("label", "string"), ("text", "string"), ("start", "int64"), ("end", "int64"),
                 ("value", "string")],
    "people": [*_DOC_KEYS, ("name", "string"), ("role", "string"), ("org", "string"), ("org_value", "string"),
               ("start", "int64"), ("end", "int64")],
    "abbreviations": [*_DOC_KEYS, ("text", "string"), ("expansion", "string"), ("start", "int64"),
                      ("end", "int64")],
    "activities": [*_DOC_KEYS, ("label", "string"), ("score", "float64"), ("rank", "int64")],
}


@dataclass(frozen=True, slots=True)
class DocRecord:
    """One document as plain data, whether it came in as a Doc or as a ``to_dict()`` dict."""

    index: int
    id: str | None
    date: str | None
    text: str
    entities: tuple[dict[str, Any], ...]
    abbreviations: tuple[dict[str, Any], ...]
    people: tuple[dict[str, Any], ...]
    activities: tuple[tuple[str, float | None], ...]  # (label, score), best first

    @property
    def ref(self) -> str:
        """How the indexes name this document: its id, else its position in the input ("#3")."""
        return self.id if self.id is not None else f"#{self.index}"


def iter_records(docs: Doc | Mapping[str, Any] | Iterable[Doc | Mapping[str, Any]]) -> Iterator[DocRecord]:
    """Docs or ``to_dict()`` dicts as :class:`DocRecord`; a single Doc or dict counts as a corpus of one."""
    if isinstance(docs, (Doc, Mapping)):
        docs = [docs]
    elif isinstance(docs, (str, bytes, os.PathLike)):
        raise InputTypeError(
            f"docs must be Doc objects or Doc.to_dict() dicts, got {type(docs).__name__}: to use a tagged "
            f"JSONL file, read it first, e.g. [json.loads(line) for line in open(path, encoding='utf-8')]")
    elif not isinstance(docs, Iterable):
        raise InputTypeError(f"docs must be an iterable of Doc objects or dicts, got {type(docs).__name__}")
    for index, doc in enumerate(docs):
        if isinstance(doc, Doc):
            yield _record(index, doc.to_dict())
        elif isinstance(doc, Mapping):
            yield _record(index, doc)
        else:
            raise InputTypeError(
                f"document {index} is {type(doc).__name__}; expected a Doc or a Doc.to_dict() dict"
                + (" (a failed document from pipe(on_error='record'): filter those out first)"
                   if type(doc).__name__ == "PipeError" else ""))


def _record(index: int, d: Mapping[str, Any]) -> DocRecord:
    doc_id = d.get("id")
    date = d.get("date")
    return DocRecord(
        index=index,
        id=None if doc_id is None else str(doc_id),
        date=None if not date else str(date)[:10],
        text=d.get("text") or "",
        entities=tuple(d.get("entities") or ()),
        abbreviations=tuple(d.get("abbreviations") or ()),
        people=tuple(d.get("people") or ()),
        activities=tuple(_activity(a) for a in d.get("activities") or ()),
    )


def _activity(a: Any) -> tuple[str, float | None]:
    if isinstance(a, str):  # gold data lists bare labels
        return a, None
    score = a.get("score")
    return str(a["label"]), None if score is None else float(score)


def org_value_of(record: DocRecord, org: str | None, near: int = -1) -> str | None:
    """The value (expanded form) of the ORG entity written ``org`` in this document, closest after ``near``.

    People triples carry the organisation as written; the ORG entity with that text holds its expansion.
    Falls back to the text itself when the entity has no value or is not found.
    """
    return _org_value(_org_mentions(record), org, near)


def _org_mentions(record: DocRecord) -> dict[str, list[tuple[int, int, dict[str, Any]]]]:
    """The ORG entities of a document by text: (start, position in the document, entity), sorted."""
    index: dict[str, list[tuple[int, int, dict[str, Any]]]] = {}
    for i, e in enumerate(record.entities):
        if e.get("label") == "ORG":
            index.setdefault(e.get("text"), []).append((e.get("start", 0), i, e))
    for mentions in index.values():
        mentions.sort(key=lambda m: (m[0], m[1]))
    return index


def _org_value(index: dict[str, list[tuple[int, int, dict[str, Any]]]], org: str | None, near: int) -> str | None:
    """org_value_of through the index of a document (built once, not once per person: linear in long ones)."""
    if org is None:
        return None
    mentions = index.get(org)
    if not mentions:
        return org
    k = bisect.bisect_left(mentions, near, key=lambda m: m[0])  # the first mention starting at or after near
    best = mentions[k][2] if k < len(mentions) else max(mentions, key=lambda m: m[1])[2]  # else the last written
    return best.get("value") or org


def _rows(level: str, records: Iterable[DocRecord]) -> Iterator[dict[str, Any]]:
    for r in records:
        keys = {"doc_index": r.index, "id": r.id, "date": r.date}
        if level == "documents":
            counts = {label: 0 for label in ENTITY_LABELS}
            for e in r.entities:
                if e.get("label") in counts:
                    counts[e["label"]] += 1
            top = r.activities[0] if r.activities else (None, None)
            yield {**keys, "n_chars": len(r.text), "top_label": top[0], "top_score": top[1],
                   "labels": ";".join(label for label, _ in r.activities),
                   "scores": ";".join("" if s is None else f"{s:.4g}" for _, s in r.activities),
                   **{f"n_{label.lower()}": n for label, n in counts.items()},
                   "n_people": len(r.people), "n_abbreviations": len(r.abbreviations)}
        elif level == "entities":
            for e in r.entities:
                yield {**keys, "label": e.get("label"), "text": e.get("text"), "start": e.get("start"),
                       "end": e.get("end"), "value": e.get("value")}
        elif level == "people":
            orgs = _org_mentions(r)
            for p in r.people:
                end = p.get("end", -1)
                yield {**keys, "name": p.get("name"), "role": p.get("role"), "org": p.get("org"),
                       "org_value": _org_value(orgs, p.get("org"), end), "start": p.get("start", -1), "end": end}
        elif level == "abbreviations":
            for a in r.abbreviations:
                yield {**keys, "text": a.get("text"), "expansion": a.get("expansion"), "start": a.get("start"),
                       "end": a.get("end")}
        else:
            for rank, (label, score) in enumerate(r.activities, 1):
                yield {**keys, "label": label, "score": score, "rank": rank}


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as e:
        raise missing_extra("pandas", "pandas") from e
    return pd


def frame(rows: Iterable[Mapping[str, Any]], schema: list[tuple[str, str]]) -> pd.DataFrame:
    """A DataFrame with exactly ``schema``'s columns and dtypes (also when there are no rows)."""
    pd = _pandas()
    columns = [name for name, _ in schema]
    df = pd.DataFrame.from_records(list(rows), columns=columns)
    for name, dtype in schema:
        if dtype.startswith("datetime"):
            df[name] = pd.to_datetime(df[name].astype("string"), format="%Y-%m-%d", errors="coerce").astype(dtype)
        else:
            df[name] = df[name].astype(dtype)
    return df


def to_dataframe(docs: Doc | Mapping[str, Any] | Iterable[Doc | Mapping[str, Any]],
                 level: str = "documents") -> pd.DataFrame:
    """One pandas DataFrame of the tagged documents at a level of detail.

    ``level``:
    - ``"documents"``: one row per document: ``doc_index`` (position in the input), ``id``, ``date``,
      ``n_chars``, ``top_label``/``top_score`` (the best activity), ``labels``/``scores`` (all activities,
      ``;``-separated, best first), ``n_org`` … ``n_date`` (entities per label), ``n_people``, ``n_abbreviations``;
    - ``"entities"``: one row per entity: ``label``, ``text``, ``start``, ``end``, ``value``;
    - ``"people"``: one row per person-role-organisation triple: ``name``, ``role``, ``org`` (as written),
      ``org_value`` (its expansion, from the ORG entity), ``start``/``end`` of the name;
    - ``"abbreviations"``: one row per abbreviation occurrence: ``text``, ``expansion``, ``start``, ``end``;
    - ``"activities"``: one row per (document, activity label): ``label``, ``score``, ``rank`` (1 = best).

    Every table starts with ``doc_index``, ``id``, ``date`` (datetime64, NaT when unknown); offsets index each
    document's original text. The columns and dtypes are the same for any input, an empty one included.
    """
    if level not in SCHEMAS:
        raise option_error("level", level, LEVELS)
    _pandas()
    return frame(_rows(level, iter_records(docs)), SCHEMAS[level])


def to_parquet(docs: Doc | Mapping[str, Any] | Iterable[Doc | Mapping[str, Any]], path: str | os.PathLike[str],
               level: str = "documents") -> Path:
    """Write :func:`to_dataframe` ``(docs, level)`` to a Parquet file (needs pyarrow); returns the path."""
    df = to_dataframe(docs, level)
    try:
        import pyarrow  # noqa: F401
    except ImportError as e:
        raise missing_extra("pyarrow", "pandas") from e
    out = Path(path)
    df.to_parquet(out, index=False)
    return out
