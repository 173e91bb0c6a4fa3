"""ORG / PER / ROLE / LOC tagging: a domain CRF (underthesea_core) over syllables with gazetteer features.

Arbitration between rules and model, in one place:
1. DATE spans come only from the date grammar (dates.py); the CRF never outputs DATE, and a CRF span that
   overlaps a DATE is dropped.
2. The CRF decides ORG / PER / ROLE / LOC boundaries. Gazetteers (places, roles, organisation head words,
   surnames, abbreviations) are features, not decisions, so the model learns when "Hòa Bình" is a place and
   when it is a school name.
3. Rules then only tidy what the guide fixes exactly: forms of address are cut from PER, trailing
   punctuation from every span; an ORG's value is its text with each abbreviation expanded and inline
   definitions dropped (null when nothing is abbreviated); a generic union is no ORG unless capitalised with
   its level (§28); a name is never swallowed by the title, organisation or place before it (§26,
   `split_names`); a Party post takes its committee and the committee's place (§24, `party_posts`); a
   hyphenated foreign name stays whole; abbreviated titles of the roles lexicon are ROLE (§24).
4. Page-style text is learnt, not ruled: the model is trained on page-style documents and on page-like
   variants of clean ones (page_augment.py), with features for short lines, toneless captions, words in
   capitals, initial-plus-name bylines and word edges.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import resources
from .normalization import fix_tone_marks, without_marks

LABELS = ("ORG", "PER", "ROLE", "LOC")
# a hyphen splits tokens ("Dung-UVBTV", "Bà Rịa-Vũng Tàu"): spans are rebuilt from token offsets anyway
TOKEN_RE = re.compile(r"\w+(?:['’&./]\w+)*|[^\w\s]")
VI_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
VI_UPPER = VI_LOWER.upper()
# A full stop ends a sentence before a capital, also with no space after it on a published page
# ("Công đoàn xã Ea Tam.Tham dự", guide §27); "TP.HCM", "T.Hương", "Th.S" are not sentence ends.
SENTENCE_BREAK_RE = re.compile(r"\n|(?<=[.!?;])\s+(?=[\"'(]?[A-ZĐÀ-Ỹ0-9])"
                               rf"|(?<=[{VI_LOWER}][{VI_LOWER}]\.)(?=[{VI_UPPER}][{VI_LOWER}])")
ADDRESS_WORDS = ("đồng chí", "đ/c", "ông", "bà", "anh", "chị", "em", "cô", "thầy", "nhà giáo", "bác sĩ",
                 "chú", "bác", "cháu", "nghệ nhân", "thượng tá", "đại tá", "trung tá", "thiếu tá")
_ADDRESS_RE = re.compile(r"^(?:" + "|".join(re.escape(w) for w in sorted(ADDRESS_WORDS, key=len, reverse=True))
                         + r")\s+", re.IGNORECASE)

FEATURES = (
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[-1,0].lower", "T[0,1].lower",
    "T[0].istitle", "T[-1].istitle", "T[1].istitle",
    "T[-1][1]", "T[0][1]", "T[1][1]", "T[-1,0][1]", "T[0,1][1]",  # shape
    "T[-1][2]", "T[0][2]", "T[1][2]",  # role gazetteer
    "T[-1][3]", "T[0][3]", "T[1][3]",  # organisation head words
    "T[-1][4]", "T[0][4]", "T[1][4]",  # places
    "T[-1][5]", "T[0][5]", "T[1][5]", "T[2][5]",  # surname
    "T[-1][6]", "T[0][6]", "T[1][6]",  # abbreviation
    "T[-1][7]", "T[0][7]", "T[1][7]",  # inside a DATE
    "T[0][8]", "T[-1][8]",  # position in sentence
    "T[-1][9]", "T[-2][9]", "T[0][9]",  # a form of address (ông, bà, đồng chí, đ/c ...)
    "T[0][10]",  # the token without tone marks: captions typed without them
    "T[0][11]",  # sentence length: a byline or a caption credit is a short line
    "T[0][12]",  # two-syllable words with the token before or after it: an entity ends between words
)
_ADDRESS_TOKENS = frozenset({"ông", "bà", "anh", "chị", "đ/c", "đồng", "chí", "cô", "thầy", "em", "cháu", "bác", "chú"})


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


_PERIOD_ABBR_RE = re.compile(r"(?<!\w)(?:TP|Tp|Q|TX|TT|P|X|H|ThS|Th\.S|TS|PGS|GS|BS|KS|CN|BSCKI|BSCKII|Mr|Ms|St)\.$")


def tokenize(text: str) -> list[list[Token]]:
    """Syllable tokens, grouped in sentences (line breaks and sentence punctuation; not after "TP.")."""
    sentences: list[list[Token]] = []
    pos = 0
    for m in SENTENCE_BREAK_RE.finditer(text):
        if m.group() != "\n" and _PERIOD_ABBR_RE.search(text, max(0, m.start() - 8), m.start()):
            continue
        _add_sentence(sentences, text, pos, m.start())
        pos = m.end()
    _add_sentence(sentences, text, pos, len(text))
    return sentences


def _add_sentence(out: list[list[Token]], text: str, start: int, end: int) -> None:
    toks = [Token(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text, start, end)]
    if toks:
        out.append(toks)


_SHAPE_CACHE: dict[str, str] = {}
_INITIAL_NAME_RE = re.compile(r"[^\W\d_]\.[^\W\d_][^\W\d_]+")


def uncapped(tok: str) -> str:
    """An ALL-CAPS word as a name is written ("LÀO" -> "Lào"), so case-sensitive gazetteers (places, family
    names) still see headlines and bylines in capitals; any other word unchanged."""
    if len(tok) > 1 and tok.isupper():
        return tok[0] + tok[1:].lower()
    return tok


def shape(tok: str) -> str:
    """Word shape ("Aa", "AA", "a", "0", "0a", "P,"), memoised: the vocabulary of news is small."""
    cached = _SHAPE_CACHE.get(tok)
    if cached is None:
        cached = _shape(tok)
        if len(_SHAPE_CACHE) < 200_000 and len(tok) <= 40:  # a blob's long tokens would stay in memory
            _SHAPE_CACHE[tok] = cached
    return cached


def _shape(tok: str) -> str:
    if tok.isdigit():
        return "0"
    if _INITIAL_NAME_RE.fullmatch(tok):
        return "A.Aa"  # an initial and a name: a byline ("T.Hương", "H.Đào")
    if not any(c.isalnum() for c in tok):
        return "P" + tok[:1]
    letters = [c for c in tok if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return "AA" if len(letters) > 1 else "A"
    if tok[:1].isupper():
        return "Aa"
    if any(c.isdigit() for c in tok):
        return "0a"
    return "a"


_TONELESS_CACHE: dict[str, str] = {}


def toneless(tok: str) -> str:
    """Lower case without tone marks or letter diacritics ("Công" -> "cong", "Đoàn" -> "doan"), memoised."""
    cached = _TONELESS_CACHE.get(tok)
    if cached is None:
        cached = without_marks(tok.lower()) or "_"
        if len(_TONELESS_CACHE) < 200_000:
            _TONELESS_CACHE[tok] = cached
    return cached


class PhraseMatcher:
    """Longest-match lookup of multi-token phrases (a dict of token tuples), far faster than a giant regex."""

    def __init__(self, phrases: Iterable[str], *, lower: bool) -> None:
        self.lower = lower
        self.phrases: set[tuple[str, ...]] = set()
        self.prefixes: set[tuple[str, ...]] = set()
        self.max_len = 1
        for phrase in phrases:
            toks = tuple(self._key(t.group()) for t in TOKEN_RE.finditer(phrase))
            if not toks:
                continue
            self.phrases.add(toks)
            self.max_len = max(self.max_len, len(toks))
            for i in range(1, len(toks)):
                self.prefixes.add(toks[:i])
        self.firsts = {p[0] for p in self.phrases}  # a token no phrase starts with is passed in one look-up

    def _key(self, tok: str) -> str:
        return tok.lower() if self.lower else uncapped(tok)

    def tags(self, tokens: Sequence[Token], keys: Sequence[str] | None = None) -> list[str]:
        """B/I/O per token; ``keys``: the tokens already keyed as this matcher keys them (lower case, or
        uncapped), when the caller has them."""
        if keys is None:
            keys = [self._key(t.text) for t in tokens]
        out = ["O"] * len(tokens)
        i = 0
        while i < len(keys):
            if keys[i] not in self.firsts:
                i += 1
                continue
            best = 0
            for n in range(1, min(self.max_len, len(keys) - i) + 1):
                key = tuple(keys[i:i + n])
                if key in self.phrases:
                    best = n
                if n < self.max_len and key not in self.prefixes:
                    break
            if best:
                out[i] = "B"
                for j in range(i + 1, i + best):
                    out[j] = "I"
                i += best
            else:
                i += 1
        return out


def _norm_entry(s: str) -> str:
    return fix_tone_marks(unicodedata.normalize("NFC", s), "old")


@lru_cache(maxsize=1)
def word_bigrams() -> frozenset[str]:
    """Two-syllable Vietnamese words ("huấn luyện", "cung ứng"), from the dictionary that underthesea's word
    segmenter ships with (read from the installed package, never downloaded): a name never ends inside a word."""
    import joblib

    words = joblib.load(resources.underthesea_word_dictionary())
    return frozenset(w for w in words if isinstance(w, str) and w.count(" ") == 1)


@dataclass(frozen=True)
class Gazetteers:
    roles: PhraseMatcher
    role_abbreviations: frozenset[str]
    org_heads: PhraseMatcher
    places: PhraseMatcher
    surnames: frozenset[str]
    abbreviations: frozenset[str]
    middle_names: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def default_gazetteers() -> Gazetteers:
    from .abbreviations import default_lexicon

    places = [_norm_entry(r["name"]) for r in resources.read_tsv("places.tsv")]
    places += [_norm_entry(r) for r in resources.read_lines("place_aliases.txt")]
    roles = [_norm_entry(r) for r in resources.read_lines("roles.txt")]
    return Gazetteers(
        roles=PhraseMatcher(roles, lower=True),
        role_abbreviations=frozenset(r for r in roles if r.isupper() and " " not in r and len(r) >= 3),
        org_heads=PhraseMatcher((_norm_entry(r) for r in resources.read_lines("org_heads.txt")), lower=True),
        places=PhraseMatcher(places, lower=False),
        surnames=frozenset(_norm_entry(s) for s in resources.read_lines("surnames.txt")),
        abbreviations=frozenset(default_lexicon().senses),
        middle_names=frozenset(_norm_entry(s) for s in resources.read_lines("middle_names.txt")),
    )


def features_rows(tokens: Sequence[Token], gaz: Gazetteers, date_spans: Sequence[tuple[int, int]],
                  date_starts: Sequence[int] | None = None) -> list[list[str]]:
    """Token rows for the CRF featurizer: [text, shape, role, org-head, place, surname, abbr, date, position,
    form of address, toneless form, sentence length, word edges]."""
    texts = [t.text for t in tokens]
    lows = [t.lower() for t in texts]
    capped = [uncapped(t) for t in texts]
    roles, heads = gaz.roles.tags(tokens, lows), gaz.org_heads.tags(tokens, lows)
    places = gaz.places.tags(tokens, capped)
    if date_starts is None:  # sorted spans and their starts: pass them in when calling once per sentence
        date_starts = [s for s, _ in date_spans]
    rows = []
    n = len(tokens)
    length = "s1-3" if n <= 3 else "s4-8" if n <= 8 else "s9+"
    words = word_bigrams()
    joins = [f"{lows[i]} {lows[i + 1]}" in words for i in range(n - 1)] + [False]
    surnames, abbreviations = gaz.surnames, gaz.abbreviations
    for i, tok in enumerate(tokens):
        text = texts[i]
        in_date = "O"
        if date_spans:
            k = bisect.bisect_right(date_starts, tok.start) - 1
            if k >= 0 and date_spans[k][0] <= tok.start < date_spans[k][1]:
                in_date = "D"
        rows.append([
            text or "_", shape(text), roles[i], heads[i], places[i],
            "S" if capped[i] in surnames else "-",
            "AB" if text in abbreviations else "-",
            in_date,
            "first" if i == 0 else "last" if i == n - 1 else "mid",
            "ADDR" if lows[i] in _ADDRESS_TOKENS else "-",
            toneless(text), length, ("W>" if joins[i] else "-") + ("<W" if i and joins[i - 1] else "-"),
        ])
    return rows


def bio_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """BIO tags to (start, end, label) character spans; a stray I- starts a new span."""
    spans: list[tuple[int, int, str]] = []
    cur: list[object] | None = None
    for tok, tag in zip(tokens, tags):
        if tag == "O" or "-" not in tag:
            if cur:
                spans.append((cur[0], cur[1], cur[2]))  # type: ignore[arg-type]
            cur = None
            continue
        prefix, label = tag.split("-", 1)
        if prefix == "B" or cur is None or cur[2] != label:
            if cur:
                spans.append((cur[0], cur[1], cur[2]))  # type: ignore[arg-type]
            cur = [tok.start, tok.end, label]
        else:
            cur[1] = tok.end
    if cur:
        spans.append((cur[0], cur[1], cur[2]))  # type: ignore[arg-type]
    return spans


# What the CRF reads (see crf_units). No sentence of the corpora comes near either bound (longest: 123 tokens;
# longest run of tokens without a letter: 17), so ordinary text is tagged sentence by sentence as trained.
MAX_LETTERLESS_RUN = 32
MAX_UNIT_TOKENS = 1000
TAG_BATCH_TOKENS = 5_000  # featurized and tagged at a time (whole units)
MEMO_TOKENS = 100_000  # tokens of distinct units remembered per document, so that repeats are tagged once
_LETTER_RE = re.compile(r"[^\W\d_]")


def _quiet(rows: Sequence[Sequence[str]]) -> bool:
    """A unit with no capital after its first token, no digit, and no hit in any gazetteer (titles,
    organisation heads, places, family names, abbreviations): lower-case prose ("Đây là hoạt động thiết thực
    nhằm chăm lo đời sống ..."), in which no entity of the guide can stand. The tagger is not asked."""
    for i, row in enumerate(rows):
        if row[2] != "O" or row[3] != "O" or row[4] != "O" or row[5] != "-" or row[6] != "-":
            return False
        text = row[0]
        if (i and not text.islower() and any(c.isupper() for c in text)) or any(c.isdigit() for c in text):
            return False
    return True


def _template_radius(templates: Sequence[str]) -> int:
    """How far from a token its features look ("T[-2,-1].lower" looks 2 tokens back)."""
    offsets = [abs(int(x)) for t in templates for x in re.findall(r"-?\d+", t[t.index("[") + 1:t.index("]")])]
    return max(offsets, default=0)


def crf_units(sentences: Sequence[Sequence[Token]]) -> list[Sequence[Token]]:
    """The stretches of tokens the CRF tags, each as a sentence: the sentences, except in text that is no prose.

    Tokens without a letter (numbers, punctuation, symbols, combining marks) hold no entity on their own: a
    sentence of them is not tagged, and of a run of more than MAX_LETTERLESS_RUN of them inside a sentence (a
    table of numbers, a line of dashes, a blob of symbols) only the tokens at its edges, which the features of
    their neighbours look at, are read. A sentence longer than MAX_UNIT_TOKENS is read in pieces of that many
    tokens, so that a repeated stretch gives identical pieces, tagged once (EntityTagger._tag_units). All three
    keep the cost of a document linear in its length, with a small constant, whatever it holds.
    """
    keep = _template_radius(FEATURES)
    units: list[Sequence[Token]] = []
    for toks in sentences:
        letters = [i for i, tok in enumerate(toks) if _LETTER_RE.search(tok.text)]
        if not letters:
            continue
        if len(toks) <= MAX_UNIT_TOKENS and letters[0] <= MAX_LETTERLESS_RUN \
                and len(toks) - 1 - letters[-1] <= MAX_LETTERLESS_RUN \
                and all(b - a - 1 <= MAX_LETTERLESS_RUN for a, b in zip(letters, letters[1:])):
            units.append(toks)  # prose: the whole sentence, as in training
            continue
        ranges, start = [], max(0, letters[0] - keep)
        for a, b in zip(letters, letters[1:]):
            if b - a - 1 > MAX_LETTERLESS_RUN:
                ranges.append((start, a + 1 + keep))
                start = b - keep
        ranges.append((start, min(len(toks), letters[-1] + 1 + keep)))
        for a, b in ranges:
            units.extend(toks[s:min(b, s + MAX_UNIT_TOKENS)] for s in range(a, b, MAX_UNIT_TOKENS))
    return units


def _batches_of_tokens(units: Sequence[Sequence[Token]], size: int) -> Iterator[Sequence[Sequence[Token]]]:
    """Consecutive runs of units holding about ``size`` tokens (a unit is never split)."""
    start, count = 0, 0
    for i, unit in enumerate(units):
        count += len(unit)
        if count >= size:
            yield units[start:i + 1]
            start, count = i + 1, 0
    if start < len(units):
        yield units[start:]


def spans_to_bio(tokens: Sequence[Token], spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """Gold character spans to BIO tags over tokens (a token belongs to a span it starts inside)."""
    tags = ["O"] * len(tokens)
    starts = [t.start for t in tokens]
    for s, e, label in spans:
        i = bisect.bisect_left(starts, s)
        first = True
        while i < len(tokens) and tokens[i].start < e:
            tags[i] = ("B-" if first else "I-") + label
            first = False
            i += 1
    return tags


# Words that never end an entity: a tagger that runs one token too far swallows one of these.
_TRAILING_WORDS_RE = re.compile(r"\s+(?:đã|đang|sẽ|vừa|mới|cũng|đều|được|bị|và|với|cùng|của|cho|tại|ở|về|là|"
                                r"thì|mà|nên|vẫn|còn|có|tổ chức|phối hợp|đến|trao|thăm|dự|chủ trì)$")


_TRAILING_WINDOW = 24  # the longest trailing word and a space or two


_ADMIN_RE = re.compile(r"(?:tỉnh|huyện|xã|phường|quận|thị xã|thành phố|thị trấn)\s+", re.IGNORECASE)
_PLURAL_BEFORE_RE = re.compile(r"(?:các|những|\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+$", re.IGNORECASE)


def tidy_span(text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
    """Rules the guide fixes exactly: no form of address in PER, no trailing punctuation, spaces or
    function words ("Công đoàn VSIP đã" -> "Công đoàn VSIP")."""
    if label == "PER":
        m = _ADDRESS_RE.match(text[start:end])
        if m:
            start += m.end()
    opened, closed = text.count("(", start, end), text.count(")", start, end)  # kept up to date: no rescans
    while end > start and (text[end - 1] in " ,;:-\"'(" or (text[end - 1] in ".)" and label != "ORG")):
        if text[end - 1] == ")" and opened >= closed:
            break
        if text[end - 1] == "." and text.endswith("TP.", start, end):
            break
        end -= 1
        opened -= text[end] == "("
        closed -= text[end] == ")"
    while start < end and text[start] in " ,;:-\"'()":
        start += 1
    if label == "LOC":  # a plural shares its admin word: "các huyện [LOC Bình Gia], [LOC Văn Quan]"
        m = _ADMIN_RE.match(text, start, end)
        if m and _PLURAL_BEFORE_RE.search(text, max(0, start - 16), start):
            start = m.end()
    while True:  # only the end of the span is read: a span of a thousand "và" costs a thousand steps
        m = _TRAILING_WORDS_RE.search(text, max(start, end - _TRAILING_WINDOW), end)
        if m and m.start() > start:
            space = m.start()
            while space > start and text[space - 1].isspace():  # the whole run of spaces, as \s+ would take
                space -= 1
            m = None if space <= start else m
        if not m or m.start() <= start:
            break
        end = space
    if label == "ORG" and text[start:end].count(")") > text[start:end].count("("):
        end = text.rindex(")", start, end)
        while end > start and text[end - 1] == " ":
            end -= 1
    if text[start:end].count("(") > text[start:end].count(")"):  # "Trường THPT X (quận Y" -> "Trường THPT X"
        end = text.rindex("(", start, end)
        while end > start and text[end - 1] == " ":
            end -= 1
    return (start, end) if end > start else None


# Guide §2-3: a union or body named by a common noun alone is no ORG, however the tagger capitalises it.
GENERIC_ORGS = frozenset({
    "công đoàn", "công đoàn trường", "công đoàn công ty", "công đoàn bệnh viện", "công đoàn cơ sở",
    "công đoàn cơ quan", "công đoàn nhà trường", "công đoàn doanh nghiệp", "công đoàn ngành", "công đoàn cấp trên",
    "công đoàn xã", "công đoàn phường", "công đoàn đơn vị", "các cấp công đoàn", "ban chấp hành", "bch",
    "ban giám đốc", "ban giám hiệu", "cụm thi đua", "nhà trường", "các cđcs", "đảng", "nhà nước", "ban tổ chức",
})


# Guide §28: a union named by its level alone is an ORG when written with a capital ("Công đoàn phường").
_LEVEL_UNIONS = frozenset({"công đoàn xã", "công đoàn phường", "công đoàn huyện", "công đoàn quận",
                           "công đoàn thị xã", "công đoàn thị trấn", "công đoàn thành phố", "công đoàn tỉnh"})


def is_generic_org(text: str) -> bool:
    key = re.sub(r"\s+", " ", text).strip()
    if key.casefold() in _LEVEL_UNIONS:
        return key[:1].islower()
    return key.casefold() in GENERIC_ORGS


_INLINE_DEF_RE = re.compile(r"(?<!\s)\s*\(\s*([^()]{1,20}?)\s*\)")  # tried where spaces start: linear


def org_value(span_text: str, abbreviations: Sequence[tuple[int, int, str]]) -> str | None:
    """The ORG text with abbreviations expanded and inline definitions "(LĐLĐ)" dropped; None if none inside.

    ``abbreviations`` are (start, end, expansion) relative to ``span_text``.
    """
    if not abbreviations:
        return None
    pieces, pos = [], 0
    defined = {span_text[s:e] for s, e, _ in abbreviations}
    drop = [(m.start(), m.end()) for m in _INLINE_DEF_RE.finditer(span_text) if m.group(1) in defined]
    drop_starts = [ds for ds, _ in drop]
    d = 0  # drops are sorted and disjoint: each is passed once, not once per abbreviation
    for s, e, expansion in sorted(abbreviations):
        k = bisect.bisect_right(drop_starts, s) - 1
        if k >= 0 and s < drop[k][1]:  # inside a definition that is dropped
            continue
        while d < len(drop) and drop[d][0] < s:
            if drop[d][0] >= pos:
                pieces.append(span_text[pos:drop[d][0]])
                pos = drop[d][1]
            d += 1
        pieces.append(span_text[pos:s])
        pieces.append(expansion)
        pos = e
    for ds, de in drop[d:]:
        if ds >= pos:
            pieces.append(span_text[pos:ds])
            pos = de
    pieces.append(span_text[pos:])
    value = re.sub(r"\s+", " ", "".join(pieces)).strip()
    return value or None


@contextlib.contextmanager
def _quiet_stdout():
    """underthesea_core's trainer prints every iteration from Rust: silence file descriptors 1 and 2."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)


class EntityTagger:
    """The CRF: featurize token rows, train with L-BFGS, tag. Holds a path, not a live object, when pickled."""

    def __init__(self, model_path: str | Path | None = None, gazetteers: Gazetteers | None = None) -> None:
        self.model_path = str(model_path) if model_path else None
        self.gazetteers = gazetteers
        self._tagger = None
        self._featurizer = None

    def _gaz(self) -> Gazetteers:
        if self.gazetteers is None:
            self.gazetteers = default_gazetteers()
        return self.gazetteers

    def _feat(self):
        if self._featurizer is None:
            from underthesea_core import CRFFeaturizer

            self._featurizer = CRFFeaturizer(list(FEATURES), set())
        return self._featurizer

    def rows(self, text: str, date_spans: Sequence[tuple[int, int]]) -> tuple[list[list[Token]], list[list[list[str]]]]:
        sentences = tokenize(text)
        gaz = self._gaz()
        dates = sorted(date_spans)
        starts = [s for s, _ in dates]
        return sentences, [features_rows(s, gaz, dates, starts) for s in sentences]

    def fit(self, examples: Iterable[tuple[str, Sequence[tuple[int, int]], Sequence[tuple[int, int, str]]]],
            out_path: str | Path, *, c1: float = 0.05, c2: float = 0.01, max_iterations: int = 150) -> EntityTagger:
        """Train on (normalized text, DATE spans, gold spans) and save the model to ``out_path``."""
        from underthesea_core import CRFTrainer

        X, y = [], []
        for text, dates, gold in examples:
            sentences, rows = self.rows(text, dates)
            X.extend(self._feat().process(rows))
            y.extend(spans_to_bio(s, [g for g in gold if g[2] in LABELS]) for s in sentences)
        trainer = CRFTrainer()
        trainer.set_l1_penalty(c1)
        trainer.set_l2_penalty(c2)
        trainer.set_max_iterations(max_iterations)
        with _quiet_stdout():
            model = trainer.train(X, y)
        model.save(str(out_path))
        self.model_path = str(out_path)
        self._tagger = None
        return self

    def _load(self):
        if self._tagger is None:
            from underthesea_core import CRFTagger

            if not self.model_path:
                raise ValueError("EntityTagger has no model: train it or pass model_path")
            tagger = CRFTagger()
            tagger.load(self.model_path)
            self._tagger = tagger
        return self._tagger

    def predict(self, text: str, date_spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """(start, end, label) spans in ``text`` (normalized), tidied, not overlapping any DATE."""
        sentences = tokenize(text)
        if not sentences:
            return []
        units = crf_units(sentences)
        date_spans_sorted = sorted(date_spans)
        date_starts = [d[0] for d in date_spans_sorted]
        spans = []
        for toks, tags in zip(units, self._tag_units(units, date_spans_sorted, date_starts)):
            for s, e, label in bio_to_spans(toks, tags):
                tidy = tidy_span(text, s, e, label)
                if tidy is None:
                    continue
                s, e = tidy
                k = bisect.bisect_left(date_starts, e)  # DATEs starting before this span ends
                if k and date_spans_sorted[k - 1][1] > s:
                    continue
                if label == "ORG" and is_generic_org(text[s:e]):
                    continue
                spans.append((s, e, label))
        spans = party_posts(text, split_names(text, spans, self._gaz()))
        return _add_role_abbreviations(sentences, hyphenated_names(text, spans, self._gaz()), self._gaz())

    def _tag_units(self, units: Sequence[Sequence[Token]], dates: Sequence[tuple[int, int]],
                   date_starts: Sequence[int]) -> Iterator[list[str]]:
        """The CRF tags of each unit, in order, a batch of units at a time (the featurizer's output for a whole
        long document would take gigabytes). A unit whose rows were met before in the document is tagged once:
        up to MEMO_TOKENS tokens of distinct units are remembered."""
        gaz, tagger, featurizer = self._gaz(), self._load(), self._feat()
        memo: dict[tuple, list[str]] = {}
        remembered = 0
        for batch in _batches_of_tokens(units, TAG_BATCH_TOKENS):
            rows = [features_rows(u, gaz, dates, date_starts) for u in batch]
            keys = [tuple(map(tuple, r)) for r in rows]
            todo, quiet = {}, {}
            for key, r in zip(keys, rows):
                if key not in memo and key not in todo and key not in quiet:
                    if _quiet(r):  # nothing in it the tagger could take for an entity: all O, untagged
                        quiet[key] = ["O"] * len(r)
                    else:
                        todo[key] = r
            new = dict(zip(todo, (tagger.tag(x) for x in featurizer.process(list(todo.values())))))
            for key in keys:
                yield new[key] if key in new else quiet[key] if key in quiet else memo[key]
            for key, tags in new.items():
                if remembered < MEMO_TOKENS:
                    memo[key] = tags
                    remembered += len(tags)

    def __getstate__(self) -> dict[str, object]:
        return {"model_path": self.model_path, "gazetteers": None, "_tagger": None, "_featurizer": None}


_ADMIN_END_RE = re.compile(r"(?:^|\s)(?:tỉnh|huyện|xã|phường|quận|thị xã|thị trấn|thành phố|TP\.?|Tỉnh ủy|Thành ủy|"
                           r"Huyện ủy|Quận ủy|Thị ủy|Đảng ủy)$")


def _name_start(toks: Sequence[Token], gaz: Gazetteers) -> bool:
    """Whether tokens read as a personal name: family name, middle name, then one or two given names."""
    return (3 <= len(toks) <= 5 and toks[0].text in gaz.surnames and toks[1].text in gaz.middle_names
            and all(t.text[:1].isupper() and t.text.isalpha() for t in toks))


def split_names(text: str, spans: list[tuple[int, int, str]], gaz: Gazetteers) -> list[tuple[int, int, str]]:
    """Guide §26: a name never swallows a place before it, nor an organisation or a title the name after it;
    and a family name is never a place cut off the name it starts ("Hồ" + "Văn Cường" -> "Hồ Văn Cường").

    "Chủ tịch [LĐLĐ tỉnh Vi Văn Sơn]" -> ORG "LĐLĐ tỉnh" + PER "Vi Văn Sơn" (a name after an admin word or a
    known place, that is no place itself); "[Hà Giang Lò Văn Pao]" as PER after "Bí thư Tỉnh ủy" -> the place
    goes back to the title or organisation it follows (or becomes a LOC), the PER keeps the name.
    """
    out: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        prev = out[-1] if out else None
        if label == "PER" and prev and text[prev[1]:s] == " ":
            last = max(prev[0], text.rfind(" ", prev[0], prev[1]) + 1)  # the last word of the span before
            first = text[s:e].split(" ", 1)[0]
            if prev[2] == "LOC" and last == prev[0] and text[prev[0]:prev[1]] in gaz.surnames:
                out[-1] = (prev[0], e, "PER")  # "[LOC Hồ] [PER Văn Cường]": a family name is no place
                continue
            if last > prev[0] and text[last:prev[1]] in gaz.surnames and first in gaz.middle_names:
                out[-1] = (prev[0], last - 1, prev[2])  # "[ORG Tổng LĐLĐ Việt Nam Phan] [PER Văn Anh]"
                out.append((last, e, "PER"))
                continue
        toks = [Token(s + m.start(), s + m.end(), m.group()) for m in TOKEN_RE.finditer(text[s:e])]
        if label in ("ORG", "LOC", "ROLE") and len(toks) >= 4:
            for k in range(max(1, len(toks) - 5), len(toks) - 2):
                tail = toks[k:]
                if _name_start(tail, gaz) and gaz.places.tags(tail) != ["B"] + ["I"] * (len(tail) - 1) and \
                        (_ADMIN_END_RE.search(text, s, toks[k - 1].end) or gaz.places.tags(toks[:k])[-1] != "O"):
                    out.append((s, toks[k - 1].end, label))
                    out.append((tail[0].start, e, "PER"))
                    break
            else:
                out.append((s, e, label))
            continue
        if label == "PER" and len(toks) >= 3:
            places = gaz.places.tags(toks)
            k = 1
            while k < len(toks) and places[k] == "I":
                k += 1
            if places[0] == "B" and k <= len(toks) - 2 and toks[k].text in gaz.surnames \
                    and toks[k].text not in gaz.middle_names and not (k == 1 and toks[0].text in gaz.surnames):
                prev = out[-1] if out else None
                if prev and prev[2] in ("ROLE", "ORG") and not text[prev[1]:s].strip():
                    out[-1] = (prev[0], toks[k - 1].end, prev[2])
                else:
                    out.append((s, toks[k - 1].end, "LOC"))
                out.append((toks[k].start, e, "PER"))
                continue
        out.append((s, e, label))
    return out


# Party committees (guide §24: a Party post is one ROLE with its committee and the committee's place)
_PARTY_COMMITTEE_RE = re.compile(r"(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng) ủy(?:\s|$)|Chi bộ(?:\s|$)|Đảng bộ(?:\s|$)|"
                                 r"Ban Chấp hành Trung ương Đảng|Trung ương Đảng", re.IGNORECASE)
_PARTY_ROLE_END_RE = re.compile(r"(?:ủy|Trung ương Đảng|Chi bộ|Đảng bộ)$", re.IGNORECASE)


def party_posts(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Guide §24: "[ROLE Trưởng ban Dân vận] [ORG Thành ủy TPHCM]" -> one ROLE; "[ROLE Bí thư Tỉnh ủy] [LOC Lào
    Cai]" -> one ROLE (the committee's place). An outside body after a title stays an ORG ("Phó Chủ tịch UBND")."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        prev = out[-1] if out else None
        if prev and prev[2] == "ROLE" and text[prev[1]:s] == " " and (
                (label == "ORG" and _PARTY_COMMITTEE_RE.match(text, s, e))
                or (label == "LOC" and _PARTY_ROLE_END_RE.search(text, prev[0], prev[1]))):
            out[-1] = (prev[0], e, "ROLE")
            continue
        out.append((s, e, label))
    return out


_HYPHEN_TAIL_RE = re.compile(r"-(\w+)")


def hyphenated_names(text: str, spans: list[tuple[int, int, str]], gaz: Gazetteers) -> list[tuple[int, int, str]]:
    """A foreign name joined by a hyphen stays whole ("Park Ji-hoon", "Chen Wei-Ming"); "Mừng-BTĐU" (a name, then
    a title) does not join."""
    out = []
    for s, e, label in spans:
        m = _HYPHEN_TAIL_RE.match(text, e) if label == "PER" else None
        if m and (m.group(1)[0].islower() or (text[s:e].split(" ", 1)[0] not in gaz.surnames
                                               and m.group(1).istitle())):
            e = m.end()
        out.append((s, e, label))
    return out


def _add_role_abbreviations(sentences: Sequence[Sequence[Token]], spans: list[tuple[int, int, str]],
                            gaz: Gazetteers) -> list[tuple[int, int, str]]:
    """Abbreviated titles of the roles lexicon (UVBTV, TUV, PCT ...) that the model left untagged become ROLE:
    the corpus rarely shows them, real pages often do ("Đ/c X-UVBTV, Trưởng ban ...")."""
    added = []
    taken = sorted((s, e) for s, e, _ in spans)
    starts = [s for s, _ in taken]
    reach = list(itertools.accumulate((e for _, e in taken), max))  # furthest end among the first k spans
    for toks in sentences:
        for tok in toks:
            if tok.text in gaz.role_abbreviations:
                k = bisect.bisect_left(starts, tok.end)  # spans starting before the token ends
                if not k or reach[k - 1] <= tok.start:
                    added.append((tok.start, tok.end, "ROLE"))
    return sorted(spans + added) if added else spans


def map_abbreviations(doc_abbrs: Sequence[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """Abbreviations (sorted (start, end, expansion) in normalized offsets) inside [start, end), relative to
    start; found by bisection, so long documents with many ORGs stay linear."""
    i = bisect.bisect_left(doc_abbrs, (start,))
    out = []
    while i < len(doc_abbrs) and doc_abbrs[i][0] < end:
        s, e, x = doc_abbrs[i]
        if e <= end:
            out.append((s - start, e - start, x))
        i += 1
    return out
