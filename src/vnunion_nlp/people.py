"""Person-role-organisation linking (guide §13) from the order of entities and the words between them.

Rules, not a model: Vietnamese news states posts in a few fixed shapes, and the guide wants the role and
org *as written with that person*, which these shapes give directly:
- apposition: "đồng chí X, Phó Chủ tịch Thường trực LĐLĐ tỉnh" (several roles: ", ROLE ORG" repeated);
- title first: "Chủ tịch LĐLĐ tỉnh Nguyễn Văn A", "Chủ tịch LĐLĐ tỉnh - ông A";
- a sentence that gives a post: "bầu ông X giữ chức Chủ tịch ...", "X tái đắc cử Chủ tịch ...";
- lists: "các đồng chí A, B và C, Ủy viên BTV LĐLĐ tỉnh" (every name gets the shared role);
- an organisation without a title: "giáo viên Trường Tiểu học Hòa Bình";
- a short repeat ("ông Khánh") adds nothing; a post stated through it goes to the full name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Span3 = tuple[int, int, str]
Link = tuple[int, int | None, int | None]  # indexes into the spans: (PER, ROLE or None, ORG or None)

_ADDR = r"(?:đồng chí|đ/c|ông|bà|anh|chị|cô|thầy|nhà giáo|bác sĩ|các đồng chí|các ông|các bà)"
# The words that give a person a post, in any order ("được bầu giữ chức vụ", "vừa được bổ nhiệm làm",
# "tái đắc cử", "hiện là", "nguyên"): a gap made only of these (and punctuation) links a name to the ROLE after it.
# No entry may be two others in a row ("nhiệm vụ" is "nhiệm" "vụ"): a gap of such pairs would be read 2^n ways.
_POST_WORDS = (r"(?:hiện|nguyên|đã|đang|vừa|mới|được|tiếp tục|tái|đắc cử|trúng cử|cử|bầu|lại|bổ nhiệm|chuẩn y|"
               r"chỉ định|điều động|phân công|luân chuyển|giữ|chức|vụ|danh|làm|là|nhận|kiêm|nhiệm|"
               r"đảm nhận|đảm nhiệm|đồng thời|tân|giao|quyền|đương nhiệm|ủy quyền)")
_POST_VERBS = _POST_WORDS + r"(?:\s+" + _POST_WORDS + r")*"
# "X, Phó Chủ tịch", "X - Chủ tịch", "X được bầu giữ chức Chủ tịch", and with a descriptor clause between:
# "X, giáo viên Ngữ văn, tái đắc cử Chủ tịch"
# Spaces are read once, after each part: "\s*(?:...)?\s*(?:...)?\s*" reads a run of n spaces in n^3 ways.
APPOSITION_GAP = re.compile(r"^\s*(?:,\s*[^,;.()\n]{1,40}?(?=,)\s*)?(?:(?:[,(:]|-)\s*)?(?:" + _POST_VERBS + r"\s*)?$",
                            re.IGNORECASE)
ROLE_ORG_GAP = re.compile(r"^\s*(?:(?:của|thuộc)\s*)?$", re.IGNORECASE)
NEXT_ROLE_GAP = re.compile(r"^\s*(?:[,;]\s*)?(?:(?:kiêm(?: nhiệm)?|đồng thời là|đồng thời|và|" + _POST_VERBS + r")\s*)?"
                           r"(?:chức \s*)?$", re.IGNORECASE)
# "Chủ tịch LĐLĐ tỉnh Nguyễn Văn A", "Chủ tịch - ông A", "Hiệu trưởng nhà trường – thầy A"
TITLE_FIRST_GAP = re.compile(r"^\s*(?:(?:[a-zà-ỹđ]+\s+){0,3}?[-:,]\s*)?(?:(?i:" + _ADDR + r")\s*)?$")
STACKED_TITLE_GAP = re.compile(r"^\s*[,;]\s*$")
LIST_GAP = re.compile(r"^\s*(?:,|và|;|-|cùng)\s*(?:" + _ADDR + r")?\s*$", re.IGNORECASE)
# ", nữ hộ sinh", "- công nhân", ", thợ vận hành của", "(giáo viên": an occupation in lower case, then the ORG
ORG_ONLY_GAP = re.compile(
    r"^\s*(?:\(\s*\d{1,3} tuổi\s*\)\s*)?(?:[,(-]\s*)?(?:là\s+)?(?:(?:[a-zà-ỹđ]+|\d+(?:/\d+)?),?\s+){0,5}?"
    r"(?:(?:đang )?(?:công tác|làm việc|học tập|sinh hoạt)\s+)?(?:(?:tại|của|thuộc|ở)\s*)?$")
ORG_ONLY_NEEDS_SEPARATOR = re.compile(r"^\s*[,(-]|\w")
ORG_ONLY_STOP = re.compile(r"(?<!\w)(?:cùng|và|với|đã|đến|thăm|tặng|trao|cho|được|đề nghị|phát biểu|nhận|"
                           r"cùng với|dẫn đầu|đại diện cho|gửi|phần thưởng|giải thưởng|danh hiệu|chương trình)(?!\w)")


def link(text: str, spans: Sequence[Span3]) -> list[Link]:
    """Triples for every PER in ``spans`` (sorted, non-overlapping, offsets into ``text``)."""
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    ents = [spans[i] for i in order]
    n = len(ents)

    def gap(a: int, b: int) -> str:
        return text[ents[a][1]:ents[b][0]]

    def label(i: int) -> str | None:
        return ents[i][2] if 0 <= i < n else None

    def role_chain(r: int) -> list[tuple[int, int | None]]:
        """ROLE at r, its ORG, then further ", ROLE ORG" stated for the same person."""
        chain: list[tuple[int, int | None]] = []
        while label(r) == "ROLE":
            org = r + 1 if label(r + 1) == "ORG" and ROLE_ORG_GAP.match(gap(r, r + 1)) else None
            chain.append((r, org))
            nxt = (org if org is not None else r) + 1
            if label(nxt) == "ROLE" and NEXT_ROLE_GAP.match(gap(nxt - 1, nxt)) and not _starts_next_person(nxt):
                r = nxt
                continue
            break
        return chain

    def _starts_next_person(r: int) -> bool:
        """A ROLE (ORG) directly followed by a name is that name's title, not the previous person's."""
        after = r + 1
        if label(after) == "ORG" and ROLE_ORG_GAP.match(gap(r, after)):
            after += 1
        return label(after) == "PER" and bool(TITLE_FIRST_GAP.match(gap(after - 1, after)))

    links: list[Link] = []
    pending_list: list[int] = []  # PERs of a list waiting for the shared apposition
    seen_names = _SeenNames()
    seen_index: dict[str, int] = {}  # name -> index (in ents) of its first mention
    for i in range(n):
        if label(i) != "PER":
            continue
        name = text[ents[i][0]:ents[i][1]]
        found: list[tuple[int | None, int | None]] = []
        # apposition or a post-giving verb after the name
        if label(i + 1) == "ROLE" and APPOSITION_GAP.match(gap(i, i + 1)) and not _starts_next_person(i + 1):
            found = list(role_chain(i + 1))
        # title first: ROLE [ORG] name, with stacked titles before it ("PBT, CT UBND xã X", "Tỉnh ủy viên,
        # Chủ tịch LĐLĐ tỉnh X": the earlier titles have no organisation written with them); a post given
        # after the name as well adds to it ("Phó Chủ tịch TLĐ X làm trưởng đoàn")
        before: list[tuple[int | None, int | None]] = []
        if label(i - 1) == "ROLE" and TITLE_FIRST_GAP.match(gap(i - 1, i)):
            before = [(i - 1, None)]
        elif label(i - 1) == "ORG" and label(i - 2) == "ROLE" and TITLE_FIRST_GAP.match(gap(i - 1, i)) \
                and ROLE_ORG_GAP.match(gap(i - 2, i - 1)):
            before = [(i - 2, i - 1)]
        if before:
            first = before[0][0]
            while label(first - 1) == "ROLE" and STACKED_TITLE_GAP.match(gap(first - 1, first)):
                first -= 1
                before.insert(0, (first, None))
        found = before + found
        # a list of names sharing the apposition that follows the last one
        if not found and label(i + 1) == "PER" and LIST_GAP.match(gap(i, i + 1)):
            pending_list.append(i)
            continue
        if not found and label(i + 1) == "ORG" and ORG_ONLY_GAP.match(gap(i, i + 1)) \
                and ORG_ONLY_NEEDS_SEPARATOR.search(gap(i, i + 1)) and not ORG_ONLY_STOP.search(gap(i, i + 1)):
            found = [(None, i + 1)]
        group = pending_list + [i]
        pending_list = []
        for p in group:
            pname = text[ents[p][0]:ents[p][1]]
            full = _full_name_of(pname, seen_names)
            if not found and (full is not None or pname in seen_names):
                continue
            person = order[seen_index[full]] if found and full is not None else order[p]
            for role, org in (found or [(None, None)]):
                links.append((person, None if role is None else order[role], None if org is None else order[org]))
            if pname not in seen_index:
                seen_index[pname] = p
            seen_names.add(pname)
        del name
    for p in pending_list:
        links.append((order[p], None, None))
    return _dedupe(text, spans, links)


MAX_SHORT_FORM_WORDS = 6


class _SeenNames:
    """The names met so far, each filed under its last words ("Thị Khánh", "Khánh" for "Nguyễn Thị Khánh"), so
    that finding the full name a short form stands for costs the length of the name, not the number of names
    met: a list of 100,000 names stays linear. A short form has at most MAX_SHORT_FORM_WORDS words."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.by_tail: dict[str, set[str]] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def add(self, name: str) -> None:
        if name in self.names:
            return
        self.names.add(name)
        space = len(name)
        for _ in range(MAX_SHORT_FORM_WORDS):
            space = name.rfind(" ", 0, space)
            if space == -1:
                break
            fulls = self.by_tail.setdefault(name[space + 1:], set())
            if len(fulls) < 2:  # one is an answer, two are "ambiguous": more need not be kept
                fulls.add(name)


def _full_name_of(name: str, seen: _SeenNames) -> str | None:
    """The one earlier full name that ``name`` shortens ("Khánh" -> "Nguyễn Thị Khánh"), else None.

    A post stated through the short form ("bà Mai được phân công làm ...") is credited to the full name."""
    fulls = seen.by_tail.get(name, ())
    return next(iter(fulls)) if len(fulls) == 1 else None


def _dedupe(text: str, spans: Sequence[Span3], links: Sequence[Link]) -> list[Link]:
    out, keys = [], set()
    named_with_info = set()
    for p, r, o in links:
        if r is not None or o is not None:
            named_with_info.add(text[spans[p][0]:spans[p][1]])
    for p, r, o in links:
        name = text[spans[p][0]:spans[p][1]]
        key = (name, None if r is None else text[spans[r][0]:spans[r][1]],
               None if o is None else text[spans[o][0]:spans[o][1]])
        if key in keys or (r is None and o is None and name in named_with_info):
            continue
        keys.add(key)
        out.append((p, r, o))
    return out
