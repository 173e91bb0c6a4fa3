"""ORG / PER / ROLE / LOC tagging: a domain CRF (underthesea_core) over syllables with gazetteer features.

Arbitration between rules and model, in one place:
1. DATE spans come only from the date grammar (dates.py); the CRF never outputs DATE, and a CRF span that
   overlaps a DATE is dropped.
2. The CRF decides ORG / PER / ROLE / LOC boundaries. Gazetteers (places, roles, organisation head words,
   surnames, abbreviations) are features, not decisions, so the model learns when "Hòa Bình" is a place and
   when it is a school name.
3. Rules then only tidy what the guide fixes exactly: forms of address are cut from PER, trailing
   punctuation from every span; an ORG's value is its text with each abbreviation expanded and inline
   definitions dropped (null when nothing is abbreviated).
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
from .normalization import fix_tone_marks

LABELS = ("ORG", "PER", "ROLE", "LOC")
# a hyphen splits tokens ("Dung-UVBTV", "Bà Rịa-Vũng Tàu"): spans are rebuilt from token offsets anyway
TOKEN_RE = re.compile(r"\w+(?:['’&./]\w+)*|[^\w\s]")
SENTENCE_BREAK_RE = re.compile(r"\n|(?<=[.!?;])\s+(?=[\"'(]?[A-ZĐÀ-Ỹ0-9])")
ADDRESS_WORDS = ("đồng chí", "đ/c", "ông", "bà", "anh", "chị", "em", "cô", "thầy", "nhà giáo", "bác sĩ",
                 "chú", "bác", "cháu", "nghệ nhân", "thượng tá", "đại tá", "trung tá", "thiếu tá")
_ADDRESS_RE = re.compile(r"^(?:" + "|".join(re.escape(w) for w in sorted(ADDRESS_WORDS, key=len, reverse=True))
                         + r")\s+", re.IGNORECASE)

FEATURES = (
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[-2,-1].lower", "T[-1,0].lower", "T[0,1].lower", "T[1,2].lower",
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
        return tok.lower() if self.lower else tok

    def tags(self, tokens: Sequence[Token]) -> list[str]:
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


@dataclass(frozen=True)
class Gazetteers:
    roles: PhraseMatcher
    role_abbreviations: frozenset[str]
    org_heads: PhraseMatcher
    places: PhraseMatcher
    surnames: frozenset[str]
    abbreviations: frozenset[str]


@lru_cache(maxsize=1)
def default_gazetteers() -> Gazetteers:
    from .abbreviations import default_lexicon

    places = [_norm_entry(r["name"]) for r in resources.read_tsv("places.tsv")]
    roles = [_norm_entry(r) for r in resources.read_lines("roles.txt")]
    return Gazetteers(
        roles=PhraseMatcher(roles, lower=True),
        role_abbreviations=frozenset(r for r in roles if r.isupper() and " " not in r and len(r) >= 3),
        org_heads=PhraseMatcher((_norm_entry(r) for r in resources.read_lines("org_heads.txt")), lower=True),
        places=PhraseMatcher(places, lower=False),
        surnames=frozenset(_norm_entry(s) for s in resources.read_lines("surnames.txt")),
        abbreviations=frozenset(default_lexicon().senses),
    )


def features_rows(tokens: Sequence[Token], gaz: Gazetteers, date_spans: Sequence[tuple[int, int]],
                  date_starts: Sequence[int] | None = None) -> list[list[str]]:
    """Token rows for the CRF featurizer: [text, shape, role, org-head, place, surname, abbr, date, position,
    form of address]."""
    roles, heads, places = gaz.roles.tags(tokens), gaz.org_heads.tags(tokens), gaz.places.tags(tokens)
    if date_starts is None:  # sorted spans and their starts: pass them in when calling once per sentence
        date_starts = [s for s, _ in date_spans]
    rows = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        in_date = "O"
        if date_spans:
            k = bisect.bisect_right(date_starts, tok.start) - 1
            if k >= 0 and date_spans[k][0] <= tok.start < date_spans[k][1]:
                in_date = "D"
        rows.append([
            tok.text or "_", shape(tok.text), roles[i], heads[i], places[i],
            "S" if tok.text in gaz.surnames else "-",
            "AB" if tok.text in gaz.abbreviations else "-",
            in_date,
            "first" if i == 0 else "last" if i == n - 1 else "mid",
            "ADDR" if tok.text.lower() in _ADDRESS_TOKENS else "-",
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


def is_generic_org(text: str) -> bool:
    return re.sub(r"\s+", " ", text).strip().casefold() in GENERIC_ORGS


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
        return _add_role_abbreviations(sentences, spans, self._gaz())

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
            todo = {key: r for key, r in zip(keys, rows) if key not in memo}
            new = dict(zip(todo, (tagger.tag(x) for x in featurizer.process(list(todo.values())))))
            for key in keys:
                yield new[key] if key in new else memo[key]
            for key, tags in new.items():
                if remembered < MEMO_TOKENS:
                    memo[key] = tags
                    remembered += len(tags)

    def __getstate__(self) -> dict[str, object]:
        return {"model_path": self.model_path, "gazetteers": None, "_tagger": None, "_featurizer": None}


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
