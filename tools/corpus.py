"""Build and check the team's annotated corpora from their hand-written block files.

Writers annotate in a readable block format (see data/FORMAT.md); this tool turns it into gold JSONL with
exact character offsets, validates every guide rule that a program can check, finds near-duplicate
sentences, and writes a fixed train/dev/test split by document.

    python tools/corpus.py check data/entities/raw/*.txt       # validate, print problems
    python tools/corpus.py build entities                      # raw/*.txt -> train/dev/test.jsonl + stats
    python tools/corpus.py build activities
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("ORG", "PER", "ROLE", "LOC", "DATE")
ACTIVITIES = (
    "emulation_awards", "meetings_congress", "member_welfare", "rights_protection",
    "propaganda_education", "culture_sports", "charity_social", "organization_building",
    "women_affairs", "occupational_safety",
)
SPAN_RE = re.compile(r"\[(ORG|PER|ROLE|LOC|DATE) ([^\[\]|]+?)(?:\|([^\[\]]*))?\]")
ISO_RE = re.compile(
    r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{4}-Q[1-4]|--\d{2}(-\d{2})?)(/(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?))?$"
)


def _real_calendar(value: str) -> bool:
    """Every part of an ISO value names a real month and day ("2024-13" and "2025-02-30" do not)."""
    import datetime as dt

    for part in value.split("/"):
        bits = part.lstrip("-").split("-")
        if "Q" in part:
            continue
        year = 2024 if part.startswith("--") else int(bits[0])
        month = int(bits[0 if part.startswith("--") else 1]) if len(bits) > (0 if part.startswith("--") else 1) \
            else 1
        day_idx = 1 if part.startswith("--") else 2
        day = int(bits[day_idx]) if len(bits) > day_idx else 1
        try:
            dt.date(year, month, day)
        except ValueError:
            return False
    return True


def _token_re(abbr: str) -> str:
    """An abbreviation as a whole token; one ending in "." may touch the next word ("TP.HCM")."""
    return r"(?<!\w)" + re.escape(abbr) + ("" if abbr.endswith(".") else r"(?!\w)")
TITLE_WORDS = ("đồng chí", "ông", "bà", "anh", "chị", "Đồng chí", "Ông", "Bà", "Anh", "Chị", "đ/c", "Đ/c")
NUMERIC_DATE_PREFIX = re.compile(r"^(ngày|sáng|chiều|tối|trưa)\s+\d{1,2}[/.-]\d", re.IGNORECASE)
OCCUPATIONS = {"công nhân", "giáo viên", "đoàn viên", "thí sinh", "ban giám đốc", "người lao động"}
NOT_ORG = {"các cấp công đoàn", "công đoàn cơ sở", "đảng", "nhà nước", "ban chấp hành", "bch", "cụm thi đua",
           "ban giám đốc", "công đoàn trường", "các cđcs", "lđlđ cấp huyện"}
NOT_LOC = {"miền bắc", "miền nam", "miền trung", "miền tây", "miền đông", "tỉnh", "thành phố", "địa bàn"}
FORMS = {"nfc", "nfd", "newtone"}
SPLIT = (("test", 15), ("dev", 15), ("train", 70))
TRAIN_DEV = (("dev", 15), ("train", 85))
SPLIT_NAMES = ("train", "dev", "test", "page_test")


class Problem(Exception):
    pass


def _new_tone(s: str) -> str:
    """Old-style tone placement (hòa, thủy) to new style (hoà, thuỷ): the library's own tested fixer, so
    only open oa / oe / uy syllables move ("của", "mùa" are spelled the same in both styles)."""
    sys.path.insert(0, str(ROOT / "src"))
    from vnunion_nlp.normalization import fix_tone_marks

    return fix_tone_marks(unicodedata.normalize("NFC", s), "new")


def parse_blocks(path: Path) -> list[dict]:
    """Split a raw file into blocks: '### id' header, key: value lines, '---', then the marked text."""
    raw = path.read_text(encoding="utf-8")
    blocks = []
    for chunk in re.split(r"(?m)^### ", raw)[1:]:
        head, sep, body = chunk.partition("\n---\n")
        if not sep:
            raise Problem(f"{path.name}: block {chunk[:40]!r} has no '---' line")
        lines = head.splitlines()
        block = {"id": lines[0].strip().removeprefix("id:").strip(), "file": path.name,
                 "people": [], "abbr": [], "date": None, "activities": [], "form": "nfc"}
        for line in lines[1:]:
            if not line.strip() or line.startswith("#"):
                continue
            key, _, val = line.partition(":")
            key, val = key.strip().lower(), val.strip()
            if key == "date":
                block["date"] = None if val in ("", "-", "null") else val
            elif key == "activities":
                block["activities"] = [a.strip() for a in val.split(",") if a.strip()]
            elif key == "people":
                parts = [p.strip() for p in val.split("|")]
                if len(parts) != 3:
                    raise Problem(f"{block['id']}: people line needs 'name | role | org': {val!r}")
                block["people"].append([None if p in ("-", "") else p for p in parts])
            elif key == "abbr":
                a, _, e = val.partition("=")
                block["abbr"].append([a.strip(), e.strip()])
            elif key == "form":
                block["form"] = val
            else:
                raise Problem(f"{block['id']}: unknown header key {key!r}")
        block["marked"] = body.strip("\n")
        blocks.append(block)
    return blocks


def render(block: dict, with_spans: bool = True) -> dict:
    """Marked text -> plain text and spans with offsets (in the block's Unicode form)."""
    form = block["form"]
    if form not in FORMS:
        raise Problem(f"{block['id']}: form must be one of {sorted(FORMS)}")

    def conv(s: str) -> str:
        s = unicodedata.normalize("NFC", s)
        if form == "nfd":
            return unicodedata.normalize("NFD", s)
        if form == "newtone":
            return _new_tone(s)
        return s

    text, spans, pos = [], [], 0
    marked = block["marked"]
    length = 0
    for m in SPAN_RE.finditer(marked):
        before = conv(marked[pos:m.start()])
        text.append(before)
        length += len(before)
        label, surface, value = m.group(1), m.group(2), m.group(3)
        s = conv(surface)
        spans.append({"start": length, "end": length + len(s), "label": label, "text": s,
                      "value": unicodedata.normalize("NFC", value.strip()) if value is not None else None})
        text.append(s)
        length += len(s)
        pos = m.end()
    text.append(conv(marked[pos:]))
    plain = "".join(text)
    if "[" in plain and re.search(r"\[(ORG|PER|ROLE|LOC|DATE)\b", plain):
        raise Problem(f"{block['id']}: malformed span markup near {plain[plain.index('['):][:50]!r}")
    people = [{"name": conv(n), "role": conv(r) if r else None, "org": conv(o) if o else None}
              for n, r, o in block["people"]]
    abbrs = [{"text": conv(a), "expansion": e} for a, e in block["abbr"]]
    doc = {"id": block["id"], "date": block["date"], "text": plain, "activities": block["activities"],
           "form": form}
    if with_spans:
        doc.update(entities=spans, people=people, abbreviations=abbrs)
    return doc


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def check_doc(doc: dict, with_spans: bool = True) -> list[str]:
    """Every guide rule a program can check; returns human-readable problems."""
    probs = []
    did, text = doc["id"], doc["text"]
    if not doc["activities"]:
        probs.append("no activities")
    for a in doc["activities"]:
        if a not in ACTIVITIES:
            probs.append(f"unknown activity {a!r}")
    if doc["date"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["date"]):
        probs.append(f"bad document date {doc['date']!r}")
    if not with_spans:
        return [f"{did}: {p}" for p in probs]
    texts_by_label: dict[str, set[str]] = {lab: set() for lab in LABELS}
    for sp in doc["entities"]:
        s, e, lab, st = sp["start"], sp["end"], sp["label"], sp["text"]
        texts_by_label[lab].add(_nfc(st))
        where = f"[{lab} {_nfc(st)}]"
        if text[s:e] != st:
            probs.append(f"{where}: offsets do not match")
        if st != st.strip() or not st.strip():
            probs.append(f"{where}: leading/trailing space")
        if s > 0 and (text[s - 1].isalnum() or unicodedata.combining(text[s - 1])):
            probs.append(f"{where}: starts inside a word")
        if e < len(text) and (text[e].isalnum() or unicodedata.combining(text[e])):
            probs.append(f"{where}: ends inside a word")
        if re.search(r"[,;:]$", st):
            probs.append(f"{where}: ends with punctuation")
        low = _nfc(st).casefold()
        if lab == "PER":
            if any(_nfc(st).startswith(t + " ") for t in TITLE_WORDS):
                probs.append(f"{where}: PER must not include the form of address")
            if sp["value"] is not None:
                probs.append(f"{where}: PER has no value")
        if lab == "ROLE" and low in OCCUPATIONS:
            probs.append(f"{where}: occupations are not ROLE")
        if lab == "ORG" and low in NOT_ORG:
            probs.append(f"{where}: generic mention is not an ORG")
        if lab == "LOC" and low in NOT_LOC:
            probs.append(f"{where}: not a LOC (guide §7)")
        if lab in ("PER", "ROLE", "LOC") and sp["value"] is not None:
            probs.append(f"{where}: {lab} has no value")
        if lab == "DATE":
            if not sp["value"] or not ISO_RE.match(sp["value"]) or not _real_calendar(sp["value"]):
                probs.append(f"{where}: DATE value {sp['value']!r} is not ISO per guide §11")
            if NUMERIC_DATE_PREFIX.match(_nfc(st)):
                probs.append(f"{where}: numeric dates leave out ngày/sáng/chiều (guide §10)")
        if lab == "ORG":
            abbr_in = [a["text"] for a in doc["abbreviations"] if re.search(_token_re(_nfc(a["text"])), _nfc(st))]
            if abbr_in and not sp["value"]:
                probs.append(f"{where}: contains {abbr_in} so needs |value with them expanded")
            if sp["value"] and not abbr_in:
                probs.append(f"{where}: has a value but no listed abbreviation inside")
            if sp["value"] and re.search(r"\([A-ZĐ&\-.]+\)", sp["value"]):
                probs.append(f"{where}: value must drop the inline definition")
    ents = sorted(doc["entities"], key=lambda x: x["start"])
    for a, b in zip(ents, ents[1:]):
        if b["start"] < a["end"]:
            probs.append(f"overlap {a['text']!r} / {b['text']!r}")
    for p in doc["people"]:
        if _nfc(p["name"]) not in texts_by_label["PER"]:
            probs.append(f"people name {p['name']!r} is not a PER span")
        if p["role"] and _nfc(p["role"]) not in texts_by_label["ROLE"]:
            probs.append(f"people role {p['role']!r} is not a ROLE span")
        if p["org"] and _nfc(p["org"]) not in texts_by_label["ORG"]:
            probs.append(f"people org {p['org']!r} is not an ORG span")
    seen = set()
    ntext = _nfc(text)
    for a in doc["abbreviations"]:
        key = (_nfc(a["text"]), a["expansion"])
        if key in seen:
            probs.append(f"abbreviation {key} listed twice")
        seen.add(key)
        if not re.search(_token_re(_nfc(a["text"])), ntext):
            probs.append(f"abbreviation {a['text']!r} not found as a whole token in the text")
        if not a["expansion"]:
            probs.append(f"abbreviation {a['text']!r} has no expansion")
    return [f"{did}: {p}" for p in probs]


def shingles(s: str, n: int = 5) -> set[str]:
    s = re.sub(r"\W+", " ", _nfc(s).casefold()).strip()
    return {s[i:i + n] for i in range(max(1, len(s) - n + 1))}


def near_duplicates(docs: list[dict], threshold: float = 0.8) -> list[tuple[str, str, str]]:
    """Sentence pairs (across the corpus) whose 5-gram shingle Jaccard is above threshold."""
    sents = []
    for d in docs:
        for s in re.split(r"(?<=[.!?])\s+|\n+", _nfc(d["text"])):
            if len(s) >= 40:
                sents.append((d["id"], s, shingles(s)))
    index: dict[str, list[int]] = {}
    pairs = []
    for i, (did, s, sh) in enumerate(sents):
        cands = Counter()
        for g in sh:
            for j in index.get(g, ()):
                cands[j] += 1
        for j, inter in cands.items():
            union = len(sh) + len(sents[j][2]) - inter
            if inter / union >= threshold:
                pairs.append((did, sents[j][0], s))
        for g in sh:
            index.setdefault(g, []).append(i)
    return pairs


def read_policies(path: Path = ROOT / "data" / "entities" / "splits.tsv") -> dict[str, str]:
    """Batch prefix -> split policy ("hash", "train_dev", "page_test"), from the human-edited splits.tsv."""
    if not path.exists():
        return {}
    rows = [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    policies = {r[0]: r[1] for r in rows[1:]}
    bad = set(policies.values()) - {"hash", "train_dev", "page_test"}
    if bad:
        raise Problem(f"{path.name}: unknown split policies {sorted(bad)}")
    return policies


def split_of(doc_id: str, policies: dict[str, str] | None = None) -> str:
    """Fixed split by the batch's policy and a hash of the document id: never changes when documents are added.

    A page-style test writer's documents all go to "page_test", a page-style training writer's never to a
    test split, so the page-style test is written by other hands than the training data.
    """
    policy = (policies or {}).get(doc_id.rsplit("-", 1)[0], "hash")
    if policy == "page_test":
        return "page_test"
    h = int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 100
    acc = 0
    for name, share in (TRAIN_DEV if policy == "train_dev" else SPLIT):
        acc += share
        if h < acc:
            return name
    return "train"


def load_raw(paths: list[Path], with_spans: bool) -> tuple[list[dict], list[str]]:
    docs, probs = [], []
    for p in paths:
        try:
            for block in parse_blocks(p):
                try:
                    doc = render(block, with_spans)
                except Problem as e:
                    probs.append(str(e))
                    continue
                doc["source"] = p.name
                docs.append(doc)
                probs.extend(check_doc(doc, with_spans))
        except Problem as e:
            probs.append(str(e))
    ids = Counter(d["id"] for d in docs)
    probs.extend(f"duplicate id {i}" for i, c in ids.items() if c > 1)
    return docs, probs


def stats(docs: list[dict], with_spans: bool) -> dict:
    out = {"documents": len(docs),
           "sentences": sum(len([s for s in re.split(r"(?<=[.!?])\s+|\n+", d["text"]) if s.strip()])
                            for d in docs),
           "activities": dict(Counter(a for d in docs for a in d["activities"]).most_common()),
           "multi_label_share": round(sum(len(d["activities"]) > 1 for d in docs) / max(1, len(docs)), 3)}
    if with_spans:
        out["entities"] = dict(Counter(e["label"] for d in docs for e in d["entities"]).most_common())
        out["people"] = sum(len(d["people"]) for d in docs)
        out["abbreviations"] = sum(len(d["abbreviations"]) for d in docs)
        out["forms"] = dict(Counter(d.get("form", "nfc") for d in docs))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("files", nargs="+", type=Path)
    c.add_argument("--no-spans", action="store_true", help="activity-only files (no entity markup)")
    b = sub.add_parser("build")
    b.add_argument("corpus", choices=["entities", "activities"])
    args = ap.parse_args(argv)
    if args.cmd == "check":
        docs, probs = load_raw(args.files, not args.no_spans)
        for p in probs:
            print(p)
        print(json.dumps(stats(docs, not args.no_spans), ensure_ascii=False))
        dups = near_duplicates(docs)
        for a, b_, s in dups:
            print(f"near-duplicate sentence in {a} ~ {b_}: {s[:80]!r}")
        return 1 if probs or dups else 0
    with_spans = args.corpus == "entities"
    folder = ROOT / "data" / args.corpus
    docs, probs = load_raw(sorted((folder / "raw").glob("*.txt")), with_spans)
    if args.corpus == "activities":  # the entity documents carry activity labels too: reuse them
        ent_docs, ent_probs = load_raw(sorted((ROOT / "data" / "entities" / "raw").glob("*.txt")), True)
        docs += [{k: d[k] for k in ("id", "date", "text", "activities", "form", "source")} for d in ent_docs]
        probs += ent_probs
    if probs:
        print("\n".join(probs))
        print(f"{len(probs)} problems: fix them before building", file=sys.stderr)
        return 1
    dups = near_duplicates(docs)
    drop = {(a, s) for a, _, s in dups}
    if drop:
        print(f"{len(drop)} near-duplicate sentences found: remove them from raw/", file=sys.stderr)
        for a, b_, s in dups:
            print(f"  {a} ~ {b_}: {s[:80]!r}")
        return 1
    parts: dict[str, list[dict]] = {name: [] for name in SPLIT_NAMES}
    policies = read_policies()
    for d in docs:
        parts[split_of(d["id"], policies)].append(d)
    for name, items in parts.items():
        with open(folder / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for d in items:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    summary = {name: stats(items, with_spans) for name, items in parts.items()}
    summary["all"] = stats(docs, with_spans)
    (folder / "stats.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary["all"], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
