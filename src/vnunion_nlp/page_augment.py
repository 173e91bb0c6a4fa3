"""Page-like variants of clean gold documents, for training the entity tagger only (never for evaluation).

Published pages differ from the team's clean articles in predictable ways (REAL_TEXT.md): furniture before
and after the article, photo credits and bylines, a title and organisation written before a name with no
comma, shorthand titles, full stops with no space after them, ALL-CAPS headlines, lines without tone marks.
Each transformation here is an edit of the gold document that keeps every span exact: an edit either lies
outside all spans or replaces whole spans with new ones. The choices are seeded by the document id, so
training stays reproducible.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .normalization import without_marks

GoldSpan = tuple[int, int, str]  # start, end, label (ORG / PER / ROLE / LOC)


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] by ``text``; ``spans`` are new spans relative to the replacement."""

    start: int
    end: int
    text: str
    spans: tuple[GoldSpan, ...] = ()


def apply_edits(text: str, spans: Sequence[GoldSpan], edits: Sequence[Edit]) -> tuple[str, list[GoldSpan]]:
    """Apply non-overlapping edits; spans inside a replaced range are dropped (the edit brings its own).

    >>> apply_edits("ông A dự", [(4, 5, "PER")], [Edit(0, 4, "đ/c ")])
    ('đ/c A dự', [(4, 5, 'PER')])
    """
    out: list[str] = []
    new_spans: list[GoldSpan] = []
    pos = shift = 0
    edits = sorted(edits, key=lambda e: e.start)
    kept = sorted(spans)
    k = 0
    for ed in edits:
        if ed.start < pos:
            continue  # overlapping edit: skip it
        out.append(text[pos:ed.start])
        while k < len(kept) and kept[k][0] < ed.start:
            s, e, lab = kept[k]
            if e <= ed.start:
                new_spans.append((s + shift, e + shift, lab))
            k += 1
        while k < len(kept) and kept[k][0] < ed.end:
            k += 1  # replaced
        base = ed.start + shift
        new_spans.extend((base + s, base + e, lab) for s, e, lab in ed.spans)
        out.append(ed.text)
        shift += len(ed.text) - (ed.end - ed.start)
        pos = ed.end
    out.append(text[pos:])
    new_spans.extend((s + shift, e + shift, lab) for s, e, lab in kept[k:] if s >= pos)
    return "".join(out), sorted(new_spans)


SHORT_TITLES = {
    "Phó Bí thư": "PBT", "Chủ tịch": "CT", "Phó Chủ tịch": "PCT", "Phó Giám đốc": "PGĐ", "Giám đốc": "GĐ",
    "Ủy viên Ban Thường vụ": "UVBTV", "Tỉnh ủy viên": "TUV", "Huyện ủy viên": "HUV", "Bí thư Đảng ủy": "BTĐU",
}
BREADCRUMBS = ("Trang chủ > Tin tức > Hoạt động Công đoàn", "Trang chủ | Giới thiệu | Tin tức | Văn bản | Liên hệ",
               "Trang chủ » Hoạt động công đoàn » Tin cơ sở", "Tin tức - Sự kiện", "TRANG CHỦ  TIN TỨC  CHÍNH SÁCH",
               "Trang chủ / Công đoàn / Chăm lo đời sống", "Hoạt động Công đoàn cơ sở")
FOOTERS = ("Bình luận", "Chia sẻ", "Tin liên quan", "Tin khác", "In bài viết", "Lượt xem: 1.208",
           "Về đầu trang", "Từ khóa: công đoàn, đoàn viên, người lao động")
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_ADDRESS = re.compile(r"(?:đồng chí|ông|bà|anh|chị|đ/c|Đồng chí|Ông|Bà)\s+$")
_SENTENCE_GAP = re.compile(r"\. (?=[A-ZĐ])")


def _rng(doc_id: str, salt: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{salt}:{doc_id}".encode()).hexdigest(), 16))


def page_variant(doc_id: str, text: str, spans: Sequence[GoldSpan], date: str | None,
                 names: Sequence[str], headlines: Sequence[tuple[str, Sequence[GoldSpan]]]
                 ) -> tuple[str, list[GoldSpan]]:
    """One page-like variant of a clean document (text and gold spans), with a random set of page traits.

    ``names``: personal names to credit photos and bylines to; ``headlines``: other documents' headlines with
    their spans, for a related-links block.
    """
    rng = _rng(doc_id, "page")
    spans = sorted(spans)
    edits: list[Edit] = []
    order = list(spans)
    # a title and its organisation written before the name, no comma ("Chủ tịch LĐLĐ tỉnh Vi Văn Sơn")
    for i, (s, e, lab) in enumerate(order):
        if lab != "PER" or i + 1 >= len(order) or rng.random() > 0.6:
            continue
        r = order[i + 1]
        if r[2] != "ROLE" or not re.fullmatch(r"\s*,\s*", text[e:r[0]]):
            continue
        tail = [r]
        if i + 2 < len(order) and order[i + 2][2] == "ORG" and re.fullmatch(r"\s+", text[r[1]:order[i + 2][0]]):
            tail.append(order[i + 2])
        end = tail[-1][1]
        if end < len(text) and text[end] not in ",. \n":
            continue
        addr = _ADDRESS.search(text, max(0, s - 12), s)
        begin = addr.start() if addr else s
        if text[begin:begin + 1].isupper() and begin > 0 and text[begin - 1] not in "\n":
            continue
        pieces, rel, cur = [], [], 0
        for t0, t1, tl in tail:
            chunk = text[t0:t1]
            rel.append((cur, cur + len(chunk), tl))
            pieces.append(chunk)
            cur += len(chunk) + 1
        name = text[s:e]
        rel.append((cur, cur + len(name), "PER"))
        new = " ".join(pieces) + " " + name
        if begin == 0 or text[begin - 1] == "\n":
            new = new[:1].upper() + new[1:]
        edits.append(Edit(begin, end, new, tuple(rel)))
        break
    # shorthand titles
    for s, e, lab in spans:
        short = SHORT_TITLES.get(text[s:e])
        if lab == "ROLE" and short and rng.random() < 0.5 and not any(ed.start <= s < ed.end for ed in edits):
            edits.append(Edit(s, e, short, ((0, len(short), "ROLE"),)))
    # full stops with no space after them, outside spans
    for m in _SENTENCE_GAP.finditer(text):
        if rng.random() < 0.25 and not any(sp[0] <= m.start() < sp[1] for sp in spans) \
                and not any(ed.start <= m.start() < ed.end for ed in edits):
            edits.append(Edit(m.start(), m.end(), "."))
    body, body_spans = apply_edits(text, spans, edits)
    # a photo credit after a paragraph
    lines = body.split("\n")
    if names and len(lines) > 2 and rng.random() < 0.6:
        k = rng.randrange(1, len(lines))
        name = rng.choice(names)
        credit = rng.choice(("Ảnh: ", "(Ảnh: ", "Ảnh: ", "Ảnh minh họa: "))
        at = sum(len(x) + 1 for x in lines[:k]) - 1
        closing = ")" if credit[0] == "(" else ""
        person = ((len(credit) + 1, len(credit) + 1 + len(name), "PER"),)
        body, body_spans = apply_edits(body, body_spans, [Edit(at, at, " " + credit + name + closing, person)])
    # furniture before: breadcrumbs and a timestamp
    head_parts: list[str] = []
    if rng.random() < 0.7:
        head_parts.append(rng.choice(BREADCRUMBS))
    if date and rng.random() < 0.7:
        y, mo, d = date.split("-")
        stamp = rng.choice((
            f"{rng.choice(WEEKDAYS)}, {d}/{mo}/{y} | {rng.randrange(7, 18):02d}:{rng.randrange(60):02d}",
            f"{rng.randrange(7, 18):02d}:{rng.randrange(60):02d} | {d}/{mo}/{y}",
            f"Cập nhật ngày: {d}/{mo}/{y}",
            f"{y}-{mo}-{d} {rng.randrange(7, 18):02d}:{rng.randrange(60):02d}"))
        head_parts.append(stamp)
    headline_end = body.find("\n")
    if headline_end > 0 and rng.random() < 0.3:  # ALL-CAPS headline; upper() keeps the length in Vietnamese
        up = body[:headline_end].upper()
        if len(up) == headline_end:
            body = up + body[headline_end:]
    # furniture after: a byline, share and comment words, related headlines
    tail_text, tail_spans = "", []
    if names and rng.random() < 0.6:
        name = rng.choice(names)
        form = rng.choice(("{}", "{}", "Tin, ảnh: {}", "Bài, ảnh: {}"))
        if form == "{}" and rng.random() < 0.5:
            name = name.upper()
        line = form.format(name)
        at = len(tail_text) + 1 + line.index(name)
        tail_spans.append((at, at + len(name), "PER"))
        tail_text += "\n" + line
    if rng.random() < 0.6:
        tail_text += "\n" + "\n".join(rng.sample(FOOTERS, 2))
    if headlines and rng.random() < 0.5:
        tail_text += "\nTin liên quan"
        for h_text, h_spans in rng.sample(list(headlines), min(3, len(headlines))):
            base = len(tail_text) + 1
            tail_spans.extend((base + s, base + e, lab) for s, e, lab in h_spans)
            tail_text += "\n" + h_text
    if rng.random() < 0.15:  # a line typed without tone marks (lengths kept: NFC letters map one to one)
        lines = body.split("\n")
        k = rng.randrange(len(lines))
        plain = without_marks(lines[k])
        if len(plain) == len(lines[k]):
            lines[k] = plain
            body = "\n".join(lines)
    head = "\n".join(head_parts) + "\n" if head_parts else ""
    text_out = head + body + tail_text
    out_spans = [(s + len(head), e + len(head), lab) for s, e, lab in body_spans]
    out_spans += [(s + len(head) + len(body), e + len(head) + len(body), lab) for s, e, lab in tail_spans]
    return text_out, sorted(out_spans)
