"""Count the error classes of REAL_TEXT.md in annotated gold documents (the page-style corpus's data card).

Each class is recognised from the gold annotation and the text around it, so the count says how often the
corpus puts the extractor in front of that difficulty, not how often the extractor fails on it.

    python tools/page_classes.py data/entities/raw/pg*.txt                 # one table for these files
    python tools/page_classes.py --by-split                                # every split of the built corpus
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

CLASSES = {
    "org_boundary": "ORG boundary: a long name through lower-case words, or ending at a full stop with no space",
    "org_missed": "ORG kinds missed before: list items, newspapers/stations, Quốc hội/Chính phủ, lower-case "
                  "named unions, capitalised level-only unions, numbered clusters",
    "byline": "bylines and photo credits (PER)",
    "date_boundary": "DATE boundary: day lists/ranges, dotted or hyphenated dates, timestamps, ISO, Xuân YYYY",
    "name_adjacent": "a name right after an ORG, LOC or ROLE with no comma",
    "role_boundary": "ROLE: Party posts with their committee, abbreviated titles, Đại biểu",
    "loc": "LOC: streets, hamlets, villages, TPHCM forms, a place right next to another entity",
}
SLIPS = {
    "furniture": "documents with page furniture (breadcrumbs, menus, timestamps, related links, share/comment)",
    "no_space_after_stop": "documents with a full stop and no space before the next sentence",
    "untoned_line": "documents with a line written without tone marks",
    "caps_headline": "documents with an ALL-CAPS line",
}

_FORMAL_LOWER = frozenset("""tỉnh huyện xã phường quận thị trấn thành phố cơ sở đoàn ngành số các khu lao động viên chức
và của thuộc trực""".split())
_NEWS = re.compile(r"^(?:báo|đài|tạp chí|truyền hình|thông tấn|cổng thông tin|trang thông tin)\b", re.I)
_STATE = {"quốc hội", "chính phủ", "bộ chính trị", "ban bí thư"}
_LEVEL_ONLY = re.compile(r"^(?:Công đoàn|LĐLĐ|Liên đoàn Lao động) (?:phường|xã|huyện|quận|thị xã|thành phố|tỉnh|"
                         r"thị trấn|đặc khu)$")
_CLUSTER = re.compile(r"^(?:Khối|Cụm) thi đua số", re.I)
_BYLINE_BEFORE = re.compile(r"(?:Ảnh|ảnh|Tin|Bài|Video|Clip|Nguồn|Theo|Thực hiện|Nhóm PV|Tin, ảnh|Bài, ảnh)\s*:?\s*$")
_PARTY_ROLE = re.compile(r"(?:ủy|uỷ)(?: viên)?\b|Trung ương|Chi bộ|Đảng đoàn|Ban cán sự", re.I)
_STREET = re.compile(r"^(?:đường|phố|ngõ|ngách|hẻm|kiệt|thôn|xóm|ấp|bản|buôn|plei|làng|tổ dân phố|khu phố|tổ|"
                     r"khối|số|sóc|phum|khóm)\b", re.I)
_HCM = re.compile(r"^TP\.? ?HCM$|^TPHCM$|^Tp\.? ?HCM$")
_STAMP = re.compile(r"(?m)^.{0,30}\d{1,2}[/.-]\d{1,2}[/.-]\d{4}.{0,30}$|^\d{4}-\d{2}-\d{2}")
_FURNITURE = re.compile(r"(?im)^(?:trang chủ|tin liên quan|tin khác|bài viết liên quan|bình luận|chia sẻ|"
                        r"từ khóa|tags?|xem thêm|lượt xem|in bài|về đầu trang|đường dây nóng|hotline)\b|>|\|")
_NO_SPACE_STOP = re.compile(r"[a-zà-ỹđ]{2}\.[A-ZĐÀ-Ỹ][a-zà-ỹđ]")


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _has_tone(word: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word)) or "đ" in word.lower()


def classify_doc(doc: dict) -> Counter:
    """Counts of each class (entities) and slip (0/1 per document) in one gold document."""
    text = _nfc(doc["text"])
    ents = sorted(({**e, "text": _nfc(e["text"])} for e in doc["entities"]), key=lambda e: e["start"])
    # NFC may shift offsets in an NFD document: find every span again in the NFC text, in order
    pos = 0
    for e in ents:
        i = text.find(e["text"], pos)
        e["start"], e["end"] = (i, i + len(e["text"])) if i >= 0 else (pos, pos)
        pos = max(pos, e["start"])
    c: Counter = Counter()
    for k, e in enumerate(ents):
        t, lab = e["text"], e["label"]
        before = text[max(0, e["start"] - 40):e["start"]]
        after = text[e["end"]:e["end"] + 3]
        prev = ents[k - 1] if k else None
        nxt = ents[k + 1] if k + 1 < len(ents) else None
        if lab == "ORG":
            words = t.split()
            if any(w.islower() and w not in _FORMAL_LOWER for w in words[2:]) or re.match(r"\.\w", after):
                c["org_boundary"] += 1
            listed = any(o and o["label"] == "ORG" and re.fullmatch(r"\s*,\s*|\s*và\s*",
                         text[min(o["end"], e["end"]):max(o["start"], e["start"])]) for o in (prev, nxt))
            if (listed or _NEWS.match(t) or t.lower() in _STATE or t[:1].islower() or _LEVEL_ONLY.match(t)
                    or _CLUSTER.match(t)):
                c["org_missed"] += 1
        elif lab == "PER":
            line_start = text.rfind("\n", 0, e["start"]) + 1
            line_end = text.find("\n", e["end"])
            line = text[line_start:len(text) if line_end < 0 else line_end]
            alone = re.fullmatch(r"[\s\-–—,()]*" + re.escape(t) + r"(?:[\s\-–—,]+\S.{0,40})?", line) and len(line) < 60
            if _BYLINE_BEFORE.search(before) or (alone and not re.search(r"[.;:]\s*$", line[:-len(t)] or "x")):
                c["byline"] += 1
            if prev and prev["label"] in ("ORG", "LOC", "ROLE") and re.fullmatch(r" +", text[prev["end"]:e["start"]]):
                c["name_adjacent"] += 1
        elif lab == "DATE":
            line_end = text.find("\n", e["end"])
            line = text[text.rfind("\n", 0, e["start"]) + 1:len(text) if line_end < 0 else line_end]
            if (re.search(r"\d\s*(?:và|,|-|–|đến)\s*(?:ngày\s*)?\d", t) or re.search(r"\d\.\d", t)
                    or re.fullmatch(r"\d{1,2}-\d{1,2}(?:-\d{4})?", t) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", t)
                    or t.lower().startswith("xuân") or _STAMP.fullmatch(line)):
                c["date_boundary"] += 1
        elif lab == "ROLE":
            if _PARTY_ROLE.search(t) or (t.isupper() and " " not in t) or t.lower().startswith("đại biểu"):
                c["role_boundary"] += 1
        elif lab == "LOC":
            touching = any(o and re.fullmatch(r" *", text[min(o["end"], e["end"]):max(o["start"], e["start"])])
                           for o in (prev, nxt))
            if _STREET.match(t) or _HCM.match(t) or touching:
                c["loc"] += 1
    lines = text.splitlines()
    c["furniture"] = int(bool(_FURNITURE.search(text)) or bool(_STAMP.search(text)))
    c["no_space_after_stop"] = int(bool(_NO_SPACE_STOP.search(text)))
    c["untoned_line"] = int(any(len(ws := re.findall(r"[^\W\d_]+", ln)) >= 5 and
                                sum(not _has_tone(w) for w in ws) == len(ws) for ln in lines))
    c["caps_headline"] = int(any(len(ln) > 15 and ln.isupper() for ln in lines))
    return c


def count(docs: list[dict]) -> dict[str, int]:
    total: Counter = Counter()
    for d in docs:
        total.update(classify_doc(d))
    return {k: total.get(k, 0) for k in (*CLASSES, *SLIPS)}


def table(columns: dict[str, dict[str, int]]) -> str:
    """A Markdown table: one row per class, one column per corpus part."""
    names = list(columns)
    rows = ["| class | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key, desc in {**CLASSES, **SLIPS}.items():
        rows.append(f"| {key}: {desc} | " + " | ".join(str(columns[n][key]) for n in names) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path, help="raw block files (default: the built splits)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    args = ap.parse_args(argv)
    if args.files:
        docs, probs = corpus.load_raw(args.files, True)
        columns = {"documents": count(docs)}
    else:
        folder = corpus.ROOT / "data" / "entities"
        columns = {}
        for name in corpus.SPLIT_NAMES:
            path = folder / f"{name}.jsonl"
            if path.exists():
                docs = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
                columns[f"{name} ({len(docs)})"] = count(docs)
    print(json.dumps(columns, ensure_ascii=False, indent=1) if args.json else table(columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
