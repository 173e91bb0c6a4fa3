"""A corpus-level who's-who: the same person and the same organisation merged across documents.

How things are merged (and what is not):
- People are keyed by their name through :func:`vnunion_nlp.evaluate.canon` (NFC, case, whitespace,
  tone-mark placement): "Nguyễn Văn Khánh", "NGUYỄN VĂN KHÁNH" and a decomposed (NFD) "Nguyễn Văn Khánh"
  are one person. Within one document, a short repeat ("ông Khánh" → PER "Khánh", or "Thu Hằng") joins the
  full name it ends with, if exactly one full name of the document ends that way. A one-word name that
  does not resolve stays scoped to its document (``scope`` = that document), never merged with another
  document's "Khánh". Two different people with the same full name are merged: the name is all there is.
- Organisations are keyed by the ORG ``value`` (abbreviations expanded) when there is one, else the text,
  through ``canon``: "LĐLĐ tỉnh Nghệ An" = "Liên đoàn Lao động tỉnh Nghệ An"; "Tổng LĐLĐ" / "TLĐ" /
  "Tổng Liên đoàn Lao động Việt Nam" are one. A form relative to a place it does not name ("LĐLĐ tỉnh")
  is completed with the document's province when the document names exactly one, else scoped to its document.

    >>> from vnunion_nlp.whoswho import build_people_index
    >>> docs = [
    ...     {"id": "a", "date": "2025-02-14", "text": "", "entities": [], "people": [
    ...         {"name": "Nguyễn Văn Khánh", "role": "Chủ tịch", "org": "LĐLĐ tỉnh Nghệ An"}]},
    ...     {"id": "b", "date": "2025-03-01", "text": "", "entities": [], "people": [
    ...         {"name": "NGUYỄN VĂN KHÁNH", "role": None, "org": None}]}]
    >>> [(p.name, p.documents, p.first_seen, p.last_seen) for p in build_people_index(docs)]
    [('Nguyễn Văn Khánh', ('a', 'b'), '2025-02-14', '2025-03-01')]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .doc import Doc
from .evaluate import canon
from .frames import DocRecord, frame, iter_records, org_value_of

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

Docs = Doc | Mapping[str, Any] | Iterable[Doc | Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class RoleRecord:
    """A post held: the role as written (None if only the organisation is known) and the organisation."""

    role: str | None
    org: str | None  # display name of the merged organisation (abbreviations expanded)
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    name: str  # the most frequent full form as written (NFC)
    key: str  # canon(name)
    scope: str | None  # None: merged across the corpus; a document id: only resolvable in that document
    variants: tuple[str, ...]  # every form seen, short forms included
    roles: tuple[RoleRecord, ...]  # in order of first appearance
    documents: tuple[str, ...]  # ids (or "#position") in input order
    first_seen: str | None  # earliest / latest document date
    last_seen: str | None
    n_mentions: int


@dataclass(frozen=True, slots=True)
class OrgRecord:
    name: str  # display form: the most frequent expanded form
    key: str
    scope: str | None
    variants: tuple[str, ...]  # forms as written
    documents: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    n_mentions: int
    people: tuple[str, ...]  # people linked to it by a role (display names)
    activities: tuple[tuple[str | None, str, int], ...]  # (month "YYYY-MM" or None, label, n documents)


# -- provinces ---------------------------------------------------------------------------------------------

_CITIES = {"hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế"}  # "thành phố" level
_ALIASES = {"hcm": "Hồ Chí Minh", "tp.hcm": "Hồ Chí Minh", "thừa thiên huế": "Huế", "sài gòn": "Hồ Chí Minh"}
_ADMIN = re.compile(r"(?:^|(?<=\s))(tỉnh|thành phố|tp\.?)(?=\s|$|[A-Za-zÀ-ỹ])\s*")


def _place_key(s: str) -> str:
    return re.sub(r"\s+", " ", (canon(s) or "").replace("-", " ")).strip()


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    """place key -> display name of the 63 provinces of places.tsv, plus common aliases."""
    from .resources import read_tsv

    names = {_place_key(r["name"]): r["name"] for r in read_tsv("places.tsv") if r.get("kind") == "province"}
    for alias, name in _ALIASES.items():
        names.setdefault(_place_key(alias), name)
    return names


def _province_after(rest: str) -> str | None:
    """The province name that ``rest`` (a place key) starts with, longest first."""
    provinces = _provinces()
    words = rest.split(" ")
    for n in range(min(len(words), 5), 0, -1):
        key = " ".join(words[:n])
        if key in provinces:
            return provinces[key]
    return None


def _provinces_in(s: str, whole: bool) -> list[str]:
    key = _place_key(s)
    found = []
    if whole and key in _provinces():
        return [_provinces()[key]]
    for m in _ADMIN.finditer(key):
        name = _province_after(key[m.end():])
        if name:
            found.append(name)
    return found


def _record_provinces(record: DocRecord) -> list[str]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for e in record.entities:
        label = e.get("label")
        if label == "LOC":
            names = _provinces_in(e.get("text") or "", whole=True)
        elif label == "ORG":
            names = _provinces_in(e.get("value") or e.get("text") or "", whole=False)
        else:
            continue
        for name in names:
            counts[name] += 1
            first.setdefault(name, e.get("start", 0))
    return sorted(counts, key=lambda n: (-counts[n], first[n], n))


def provinces_of(doc: Doc | Mapping[str, Any]) -> list[str]:
    """The provinces a document names, most mentioned first: LOC entities that are provinces ("tỉnh Thái
    Bình", "Tuyên Quang") and ORG values that contain "tỉnh X" / "thành phố X" (X one of the 63 provinces
    of places.tsv; "TP.HCM" and "Thừa Thiên Huế" included).

    >>> provinces_of({"text": "", "entities": [
    ...     {"label": "ORG", "text": "LĐLĐ tỉnh Nghệ An", "value": "Liên đoàn Lao động tỉnh Nghệ An", "start": 0},
    ...     {"label": "LOC", "text": "xã Tân Mỹ", "value": None, "start": 30}]})
    ['Nghệ An']
    """
    return _record_provinces(next(iter_records(doc)))


# -- organisations -----------------------------------------------------------------------------------------

_RELATIVE = re.compile(r"(?:^|\s)(tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|thị trấn)$")
_RELATIVE_DISPLAY = re.compile(r"\s*(?:tỉnh|thành phố|tp\.?)\s*$", re.IGNORECASE)
_NATIONAL = {"tổng liên đoàn": "tổng liên đoàn lao động việt nam",
             "tổng liên đoàn lao động": "tổng liên đoàn lao động việt nam"}


def _org_form(record: DocRecord, text: str, value: str | None) -> tuple[tuple[str, str | None], str]:
    """((key, scope), display) of one organisation mention in a document."""
    display = unicodedata.normalize("NFC", value or text).strip()
    key = canon(display) or ""
    key = _NATIONAL.get(key, key)
    m = _RELATIVE.search(key)
    if m is None:
        return (key, None), display
    level = m.group(1)
    provinces = _record_provinces(record) if level in ("tỉnh", "thành phố", "tp", "tp.") else []
    if len(provinces) == 1:
        province = provinces[0]
        word = "tỉnh" if level == "tỉnh" else "thành phố"
        if (word == "thành phố") == (_place_key(province) in _CITIES):  # "tỉnh" X or "thành phố" (a city) X
            display = f"{_RELATIVE_DISPLAY.sub('', display)} {word} {province}"
            return (canon(display) or "", None), display
    return (key, record.ref), display


# -- the indexes -------------------------------------------------------------------------------------------

def _best(counter: Counter[str], order: dict[str, int]) -> str:
    """Most frequent form; ties: not all-caps, then the first seen."""
    return min(counter, key=lambda s: (-counter[s], s.isupper(), order[s]))


class _Entry:
    __slots__ = ("forms", "order", "docs", "dates", "mentions", "extra")

    def __init__(self) -> None:
        self.forms: Counter[str] = Counter()
        self.order: dict[str, int] = {}
        self.docs: dict[str, None] = {}
        self.dates: list[str] = []
        self.mentions = 0
        self.extra: dict[Any, Any] = {}

    def see(self, form: str, record: DocRecord, tick: int, *, count_form: bool = True) -> None:
        if count_form:
            self.forms[form] += 1
        self.order.setdefault(form, tick)
        self.docs.setdefault(record.ref, None)
        if record.date:
            self.dates.append(record.date)
        self.mentions += 1


def _build(docs: Docs) -> tuple[dict[tuple[str, str | None], _Entry], dict[tuple[str, str | None], _Entry]]:
    people: dict[tuple[str, str | None], _Entry] = {}
    orgs: dict[tuple[str, str | None], _Entry] = {}
    tick = 0
    for record in iter_records(docs):
        # organisations of this document: every ORG entity, by offsets
        org_at: dict[tuple[int, int], tuple[str, str | None]] = {}
        doc_orgs: dict[tuple[str, str | None], None] = {}
        for e in sorted(record.entities, key=lambda e: (e.get("start", 0), e.get("end", 0))):
            if e.get("label") != "ORG" or not e.get("text"):
                continue
            key, scope, display = _org_form(record, e["text"], e.get("value"))
            entry = orgs.setdefault((key, scope), _Entry())
            entry.see(display, record, tick)
            entry.extra.setdefault("variants", {}).setdefault(unicodedata.normalize("NFC", e["text"]), None)
            tick += 1
            org_at[(e.get("start", -1), e.get("end", -1))] = (key, scope)
            doc_orgs[(key, scope)] = None
        months = record.date[:7] if record.date else None
        for k in doc_orgs:
            acts = orgs[k].extra.setdefault("activities", Counter())
            for label, _ in record.activities:
                acts[(months, label)] += 1

        # people of this document: PER entities, plus triples whose name is not among them
        mentions: list[tuple[int, int, str]] = []
        for e in record.entities:
            if e.get("label") == "PER" and e.get("text"):
                mentions.append((e.get("start", -1), e.get("end", -1), e["text"]))
        seen = {(s, e) for s, e, _ in mentions}
        seen_names = {canon(n) for _, _, n in mentions}
        for p in record.people:
            s, e = p.get("start", -1), p.get("end", -1)
            if p.get("name") and (s, e) not in seen and (s >= 0 or canon(p["name"]) not in seen_names):
                mentions.append((s, e, p["name"]))
                seen.add((s, e))
                seen_names.add(canon(p["name"]))
        mentions.sort(key=lambda m: (m[0], m[1]))
        resolve = _resolver({canon(n) or "" for _, _, n in mentions}, record.ref)
        by_pos: dict[tuple[int, int], tuple[str, str | None]] = {}
        by_name: dict[str, tuple[str, str | None]] = {}
        for s, e, name in mentions:
            form = unicodedata.normalize("NFC", name)
            key, scope, short = resolve(canon(form) or "")
            entry = people.setdefault((key, scope), _Entry())
            entry.see(form, record, tick, count_form=not short)
            entry.extra.setdefault("variants", {}).setdefault(form, None)
            tick += 1
            by_pos[(s, e)] = by_name[canon(form) or ""] = (key, scope)

        for p in record.people:
            if not p.get("name"):
                continue
            k = by_pos.get((p.get("start", -1), p.get("end", -1))) or by_name.get(canon(p["name"]) or "")
            if k is None or (p.get("role") is None and p.get("org") is None):
                continue
            org_key = org_display = None
            if p.get("org"):
                value = org_value_of(record, p["org"], p.get("end", -1))
                org_key = _org_for_person(record, p, org_at) or _org_form(record, p["org"], value)[:2]
                org_display = org_key
            role = unicodedata.normalize("NFC", p["role"]) if p.get("role") else None
            roles = people[k].extra.setdefault("roles", {})
            rk = (canon(role), org_display)
            roles.setdefault(rk, {"role": role, "org": org_key, "docs": {}})["docs"].setdefault(record.ref, None)
            if org_key is not None:
                org_entry = orgs.get(org_key)
                if org_entry is None:  # an org known only from a triple (dicts without entities)
                    org_entry = orgs.setdefault(org_key, _Entry())
                    org_entry.see(_org_form(record, p["org"], value)[2], record, tick)
                    tick += 1
                org_entry.extra.setdefault("people", {})[k] = None
    return people, orgs


def _org_for_person(record: DocRecord, p: Mapping[str, Any],
                    org_at: dict[tuple[int, int], tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The ORG entity a triple's org was read from: that text, closest after the name."""
    near = p.get("end", -1)
    best = None
    for e in record.entities:
        if e.get("label") == "ORG" and e.get("text") == p["org"]:
            pos = (e.get("start", -1), e.get("end", -1))
            if best is None or (pos[0] >= near and (best[0] < near or pos[0] < best[0])):
                best = pos
    return None if best is None else org_at.get(best)


def _resolver(names: set[str], ref: str):
    """name key -> (person key, scope, is_short_form) within one document."""
    tokens = {n: n.split() for n in names if n}

    def ends_with(long: list[str], short: list[str]) -> bool:
        return len(long) > len(short) and long[-len(short):] == short

    full = {n for n, t in tokens.items() if not any(ends_with(u, t) for u in tokens.values())}

    def resolve(name: str) -> tuple[str, str | None, bool]:
        t = tokens.get(name, [])
        if name in full:
            return name, (ref if len(t) == 1 else None), len(t) == 1
        candidates = [f for f in full if ends_with(tokens[f], t)]
        if len(candidates) == 1:
            return candidates[0], (ref if len(tokens[candidates[0]]) == 1 else None), True
        return name, (ref if len(t) == 1 else None), len(t) == 1  # ambiguous short form: its own, scoped

    return resolve


def _span(dates: list[str]) -> tuple[str | None, str | None]:
    return (min(dates), max(dates)) if dates else (None, None)


def _org_names(orgs: dict[tuple[str, str | None], _Entry]) -> dict[tuple[str, str | None], str]:
    return {k: _best(v.forms, v.order) if v.forms else k[0] for k, v in orgs.items()}


def _sort_key(item: tuple[tuple[str, str | None], _Entry]) -> tuple[Any, ...]:
    (key, scope), entry = item
    return (-len(entry.docs), -entry.mentions, key, scope or "")


def build_people_index(docs: Docs) -> list[PersonRecord]:
    """Every person of the corpus once, most documents first (then mentions, then name): plain Python."""
    people, orgs = _build(docs)
    org_names = _org_names(orgs)
    out = []
    for (key, scope), entry in sorted(people.items(), key=_sort_key):
        forms = entry.forms or Counter(entry.extra["variants"])
        roles = tuple(RoleRecord(r["role"], None if r["org"] is None else org_names.get(r["org"]),
                                 tuple(r["docs"]))
                      for r in entry.extra.get("roles", {}).values())
        out.append(PersonRecord(_best(forms, entry.order), key, scope, tuple(entry.extra["variants"]), roles,
                                tuple(entry.docs), *_span(entry.dates), entry.mentions))
    return out


def build_org_index(docs: Docs) -> list[OrgRecord]:
    """Every organisation of the corpus once, most documents first: plain Python."""
    people, orgs = _build(docs)
    names = _org_names(orgs)
    person_names = {k: _best(v.forms or Counter(v.extra["variants"]), v.order) for k, v in people.items()}
    out = []
    for k, entry in sorted(orgs.items(), key=_sort_key):
        acts = entry.extra.get("activities", Counter())
        activities = tuple((month, label, n) for (month, label), n in
                           sorted(acts.items(), key=lambda x: (x[0][0] or "", x[0][1])))
        out.append(OrgRecord(names[k], k[0], k[1], tuple(entry.extra.get("variants", {})), tuple(entry.docs),
                             *_span(entry.dates), entry.mentions,
                             tuple(person_names[p] for p in entry.extra.get("people", {})), activities))
    return out


def _post(r: RoleRecord) -> str:
    return " ".join(x for x in (r.role, r.org) if x)


PEOPLE_SCHEMA = [("name", "string"), ("roles", "string"), ("organisations", "string"),
                 ("first_seen", "datetime64[ns]"), ("last_seen", "datetime64[ns]"), ("n_documents", "int64"),
                 ("n_mentions", "int64"), ("documents", "string"), ("variants", "string"), ("scope", "string")]


def people_index(docs: Docs) -> pd.DataFrame:
    """The who's-who as a DataFrame: one row per person (see :func:`build_people_index` for the order).

    ``roles``: each post as "role organisation", ``;``-separated, in order of first appearance;
    ``organisations``: the organisations alone; ``documents``: the ids, ``;``-separated; ``variants``: the
    forms seen; ``scope``: NA when merged across the corpus, else the one document a short name belongs to.
    """
    rows = []
    for p in build_people_index(docs):
        orgs = dict.fromkeys(r.org for r in p.roles if r.org)
        rows.append({"name": p.name, "roles": "; ".join(_post(r) for r in p.roles), "organisations": "; ".join(orgs),
                     "first_seen": p.first_seen, "last_seen": p.last_seen, "n_documents": len(p.documents),
                     "n_mentions": p.n_mentions, "documents": ";".join(p.documents),
                     "variants": "; ".join(p.variants), "scope": p.scope})
    return frame(rows, PEOPLE_SCHEMA)


def _activity_labels(records: list[OrgRecord]) -> list[str]:
    from .resources import read_tsv

    try:
        labels = [r["label"] for r in read_tsv("activities.tsv")]
    except Exception:  # a trimmed installation: the labels seen are enough
        labels = []
    seen = sorted({label for r in records for _, label, _ in r.activities} - set(labels))
    return labels + seen


def org_index(docs: Docs) -> pd.DataFrame:
    """Organisations over time: one row per (organisation, month), the organisations with most documents first.

    Columns: ``org`` (merged display name), ``scope``, ``month`` ("YYYY-MM", NA for undated documents),
    ``n_documents`` and ``n_mentions`` that month, then one column per activity label (the bundled taxonomy,
    then any other label seen) counting that month's documents about the organisation with that activity.
    """
    records = docs if isinstance(docs, list) and docs and isinstance(docs[0], OrgRecord) else build_org_index(docs)
    labels = _activity_labels(records)
    rows = []
    for r in records:
        per_month: dict[str | None, Counter[str]] = defaultdict(Counter)
        for month, label, n in r.activities:
            per_month[month][label] += n
        months = _months(r)
        for month in sorted(months, key=lambda m: (m is None, m or "")):
            n_docs, n_mentions = months[month]
            rows.append({"org": r.name, "scope": r.scope, "month": month, "n_documents": n_docs,
                         "n_mentions": n_mentions, **{label: per_month[month][label] for label in labels}})
    schema = [("org", "string"), ("scope", "string"), ("month", "string"), ("n_documents", "int64"),
              ("n_mentions", "int64"), *[(label, "int64") for label in labels]]
    return frame(rows, schema)
