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

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .doc import Doc
from .evaluate import canon
from .frames import DocRecord, frame, iter_records
from .normalization import fix_tone_marks

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
    months: tuple[tuple[str | None, int, int], ...]  # (month "YYYY-MM" or None, n documents, n mentions)
    activities: tuple[tuple[str | None, str, int], ...]  # (month, activity label, n documents)


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
_RELATIVE_DISPLAY = re.compile(r"(?<!\s)\s*(?:tỉnh|thành phố|tp\.?)\s*$", re.IGNORECASE)  # linear in spaces
# national bodies written in short: key -> full name
_NATIONAL = {"tổng liên đoàn": "Tổng Liên đoàn Lao động Việt Nam",
             "tổng liên đoàn lao động": "Tổng Liên đoàn Lao động Việt Nam"}


def _org_form(record: DocRecord, text: str, value: str | None) -> tuple[tuple[str, str | None], str]:
    """((key, scope), display) of one organisation mention in a document."""
    display = unicodedata.normalize("NFC", value or text).strip()
    key = canon(display) or ""
    if key in _NATIONAL:
        display = _NATIONAL[key]
        key = canon(display) or ""
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

Key = tuple[str, str | None]  # (canon key, scope)


def _best(counter: Mapping[str, int]) -> str:
    """The display form: the most frequent; ties: not all-caps, then the library's tone-mark style ("Hòa"),
    then alphabetical, so the choice does not depend on the order of the documents."""
    return min(counter, key=lambda s: (-counter[s], s.isupper(), fix_tone_marks(s, "old") != s, s))


class _Entry:
    """What the corpus says about one person or organisation, accumulated document by document."""

    __slots__ = ("forms", "variants", "docs", "first", "last", "mentions", "months", "roles", "people",
                 "activities")

    def __init__(self) -> None:
        self.forms: Counter[str] = Counter()  # full forms, for the display name
        self.variants: dict[str, None] = {}  # every form as written
        self.docs: dict[str, None] = {}
        self.first: str | None = None  # earliest and latest document date
        self.last: str | None = None
        self.mentions = 0
        self.months: dict[str | None, list[Any]] = {}  # month -> [{doc refs}, mentions]
        self.roles: dict[tuple[str | None, Key | None], dict[str, Any]] = {}
        self.people: dict[Key, None] = {}
        self.activities: Counter[tuple[str | None, str]] = Counter()

    def see(self, display: str, written: str, record: DocRecord, *, full: bool = True) -> None:
        if full:
            self.forms[display] += 1
        self.variants.setdefault(written, None)
        self.docs.setdefault(record.ref, None)
        if record.date:
            self.first = record.date if self.first is None else min(self.first, record.date)
            self.last = record.date if self.last is None else max(self.last, record.date)
        self.mentions += 1
        month = self.months.setdefault(record.date[:7] if record.date else None, [{}, 0])
        month[0].setdefault(record.ref, None)
        month[1] += 1

    def display(self) -> str:
        return _best(self.forms or Counter(list(self.variants)))


def _build(docs: Docs) -> tuple[dict[Key, _Entry], dict[Key, _Entry]]:
    people: dict[Key, _Entry] = {}
    orgs: dict[Key, _Entry] = {}
    for record in iter_records(docs):
        # organisations: every ORG entity, remembered by offsets for the people triples below
        org_at: dict[tuple[int, int], Key] = {}
        for e in sorted(record.entities, key=lambda e: (e.get("start", 0), e.get("end", 0))):
            if e.get("label") != "ORG" or not e.get("text"):
                continue
            key, display = _org_form(record, e["text"], e.get("value"))
            orgs.setdefault(key, _Entry()).see(display, unicodedata.normalize("NFC", e["text"]), record)
            org_at[(e.get("start", -1), e.get("end", -1))] = key

        # people: PER entities, plus triples whose name is not among them (dicts without entities)
        mentions: list[tuple[int, int, str]] = [(e.get("start", -1), e.get("end", -1), e["text"])
                                                for e in record.entities if e.get("label") == "PER" and e.get("text")]
        seen = {(s, e) for s, e, _ in mentions}
        seen_names = {canon(n) for _, _, n in mentions}
        for p in record.people:
            s, e, name = p.get("start", -1), p.get("end", -1), p.get("name")
            if name and (s, e) not in seen and (s >= 0 or canon(name) not in seen_names):
                mentions.append((s, e, name))
                seen.add((s, e))
                seen_names.add(canon(name))
        mentions.sort(key=lambda m: (m[0], m[1]))
        resolve = _resolver({canon(n) or "" for _, _, n in mentions}, record.ref)
        by_pos: dict[tuple[int, int], Key] = {}
        by_name: dict[str, Key] = {}
        for s, e, name in mentions:
            form = unicodedata.normalize("NFC", name).strip()
            key, short = resolve(canon(form) or "")
            people.setdefault(key, _Entry()).see(form, form, record, full=not short)
            by_pos[(s, e)] = by_name[canon(form) or ""] = key

        # roles: each triple's (role, organisation) on its person; the person on the organisation
        org_spans = _org_spans(record)
        for p in record.people:
            name = p.get("name")
            if not name or (p.get("role") is None and p.get("org") is None):
                continue
            person = by_pos.get((p.get("start", -1), p.get("end", -1))) or by_name.get(canon(name) or "")
            if person is None:
                continue
            org: Key | None = None
            if p.get("org"):
                org = _org_for_person(org_spans, p, org_at)
                if org is None:  # an organisation known only from the triple: expand it here
                    org, display = _org_form(record, p["org"], _expand(p["org"]))
                    orgs.setdefault(org, _Entry()).see(display, unicodedata.normalize("NFC", p["org"]), record)
                orgs[org].people.setdefault(person, None)
            role = unicodedata.normalize("NFC", p["role"]).strip() if p.get("role") else None
            post = people[person].roles.setdefault((canon(role), org), {"role": role, "org": org, "docs": {}})
            post["docs"].setdefault(record.ref, None)

        # activities: every organisation of the document gets the document's labels, by month
        month = record.date[:7] if record.date else None
        for key in dict.fromkeys(org_at.values()):
            for label, _ in record.activities:
                orgs[key].activities[(month, label)] += 1
    return people, orgs


def _expand(org: str) -> str:
    from .pipeline import expand_abbreviations

    return expand_abbreviations(org)


def _org_spans(record: DocRecord) -> dict[str, list[tuple[int, int]]]:
    """A document's ORG entities by text, their (start, end) sorted: built once, not once per person."""
    index: dict[str, list[tuple[int, int]]] = {}
    for e in record.entities:
        if e.get("label") == "ORG":
            index.setdefault(e.get("text"), []).append((e.get("start", -1), e.get("end", -1)))
    for spans in index.values():
        spans.sort()
    return index


def _org_for_person(org_spans: Mapping[str, list[tuple[int, int]]], p: Mapping[str, Any],
                    org_at: Mapping[tuple[int, int], Key]) -> Key | None:
    """The ORG entity a triple's organisation was read from: that text, the first one after the name."""
    spans = org_spans.get(p["org"])
    if not spans:
        return None
    k = bisect.bisect_left(spans, (p.get("end", -1),))
    return org_at.get(spans[k] if k < len(spans) else spans[-1])


MAX_SHORT_FORM_WORDS = 6


def _resolver(names: set[str], ref: str):
    """Short forms of one document's names resolved to the full name they end with, if it is unique.

    Names are filed under their last words (up to MAX_SHORT_FORM_WORDS), so that a document with thousands of
    names costs their number, not its square."""
    tokens = {n: n.split() for n in names if n}
    by_tail: dict[tuple[str, ...], set[str]] = {}  # the last k words of a longer name -> the names ending so
    for n, t in tokens.items():
        for k in range(1, min(len(t), MAX_SHORT_FORM_WORDS + 1)):
            by_tail.setdefault(tuple(t[-k:]), set()).add(n)
    full = {n for n, t in tokens.items() if tuple(t) not in by_tail}

    def resolve(name: str) -> tuple[Key, bool]:
        """(person key, is a short form): a one-word name that resolves to no full name stays in its document."""
        t = tokens.get(name, [])
        if name not in full:
            candidates = [f for f in by_tail.get(tuple(t), ()) if f in full]
            if len(candidates) == 1:
                return resolve(candidates[0])[0], True
        return (name, ref if len(t) <= 1 else None), len(t) <= 1

    return resolve


def _sort_key(item: tuple[Key, _Entry]) -> tuple[Any, ...]:
    (key, scope), entry = item
    return (-len(entry.docs), -entry.mentions, key, scope or "")


def _month_order(month: str | None) -> tuple[bool, str]:
    return month is None, month or ""


def build_people_index(docs: Docs) -> list[PersonRecord]:
    """Every person of the corpus once: most documents first, then most mentions, then by name key."""
    people, orgs = _build(docs)
    out = []
    for (key, scope), entry in sorted(people.items(), key=_sort_key):
        roles = tuple(RoleRecord(r["role"], None if r["org"] is None else orgs[r["org"]].display(), tuple(r["docs"]))
                      for r in entry.roles.values())
        out.append(PersonRecord(entry.display(), key, scope, tuple(entry.variants), roles, tuple(entry.docs),
                                entry.first, entry.last, entry.mentions))
    return out


def build_org_index(docs: Docs) -> list[OrgRecord]:
    """Every organisation of the corpus once: most documents first, then most mentions, then by key."""
    people, orgs = _build(docs)
    out = []
    for (key, scope), entry in sorted(orgs.items(), key=_sort_key):
        months = tuple((m, len(docs_), n) for m, (docs_, n) in sorted(entry.months.items(),
                                                                      key=lambda x: _month_order(x[0])))
        activities = tuple((m, label, n) for (m, label), n in
                           sorted(entry.activities.items(), key=lambda x: (_month_order(x[0][0]), x[0][1])))
        out.append(OrgRecord(entry.display(), key, scope, tuple(entry.variants), tuple(entry.docs),
                             entry.first, entry.last, entry.mentions, tuple(people[p].display() for p in entry.people),
                             months, activities))
    return out


def _post(r: RoleRecord) -> str:
    return " ".join(x for x in (r.role, r.org) if x)


PEOPLE_COLUMNS = [("name", "string"), ("roles", "string"), ("organisations", "string"),
                  ("first_seen", "datetime64[ns]"), ("last_seen", "datetime64[ns]"), ("n_documents", "int64"),
                  ("n_mentions", "int64"), ("documents", "string"), ("variants", "string"), ("scope", "string")]


def people_index(docs: Docs) -> pd.DataFrame:
    """The who's-who as a pandas DataFrame: one row per person, in :func:`build_people_index` order.

    ``roles``: each post as "role organisation" (organisation merged and expanded), ``;``-separated, in order
    of first appearance; ``organisations``: the organisations alone; ``first_seen``/``last_seen``: the earliest
    and latest document dates; ``documents``: ids (or "#position"), ``;``-separated; ``variants``: the forms
    seen; ``scope``: NA when merged across the corpus, else the one document a lone short name belongs to.
    """
    rows = []
    for p in build_people_index(docs):
        orgs = dict.fromkeys(r.org for r in p.roles if r.org)
        rows.append({"name": p.name, "roles": "; ".join(_post(r) for r in p.roles),
                     "organisations": "; ".join(orgs), "first_seen": p.first_seen, "last_seen": p.last_seen,
                     "n_documents": len(p.documents), "n_mentions": p.n_mentions, "documents": ";".join(p.documents),
                     "variants": "; ".join(p.variants), "scope": p.scope})
    return frame(rows, PEOPLE_COLUMNS)


def activity_labels() -> list[str]:
    """The labels of the bundled activity taxonomy (activities.tsv), in the model's order."""
    from .resources import read_tsv

    return [r["label"] for r in read_tsv("activities.tsv")]


def org_index(docs: Docs) -> pd.DataFrame:
    """Organisations over time: one row per (organisation, month), in :func:`build_org_index` order, months
    ascending (undated documents last).

    Columns: ``org`` (merged display name, abbreviations expanded), ``scope`` (NA, or the one document a
    relative form like "Liên đoàn Lao động huyện" belongs to), ``month`` ("YYYY-MM", NA when undated),
    ``n_documents`` and ``n_mentions`` that month, then one column per activity label (the bundled taxonomy,
    then any other label seen): how many of that month's documents naming the organisation report it.
    """
    records = build_org_index(docs)
    labels = activity_labels()
    labels += sorted({label for r in records for _, label, _ in r.activities} - set(labels))
    rows = []
    for r in records:
        acts = {(m, label): n for m, label, n in r.activities}
        for month, n_docs, n_mentions in r.months:
            rows.append({"org": r.name, "scope": r.scope, "month": month, "n_documents": n_docs,
                         "n_mentions": n_mentions, **{label: acts.get((month, label), 0) for label in labels}})
    return frame(rows, [("org", "string"), ("scope", "string"), ("month", "string"), ("n_documents", "int64"),
                        ("n_mentions", "int64"), *[(label, "int64") for label in labels]])
