"""Text normalization as a chain of small named fixers that keep an exact alignment to the input.

Each fixer proposes edits (start, end, replacement) on the text it receives; applying them composes an
alignment so that every character of the normalized text maps back to a range of the ORIGINAL text.
The input is never changed: offsets reported to users always index what they passed in.

Default tone style is "old" (hòa, thủy, Ủy ban): it is what ANNOTATION_GUIDE.md, most union portals and
underthesea's own normalizer write, so lexicons and models see one spelling.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import legacy
from .doc import map_to_original
from .errors import option_error, text_type_error

Edit = tuple[int, int, str]

TONE_STYLES = ("old", "new", "keep")
LEGACY_MODES = ("auto", "off", *legacy.LEGACY_ENCODINGS)


@dataclass(frozen=True, slots=True)
class NormalizeConfig:
    """Which fixers run. Immutable: build a new one with ``dataclasses.replace``."""

    legacy: str = "auto"  # "auto" detects TCVN3 / VNI text, "off", or force "tcvn3" / "vni"
    tone_style: str = "old"  # "old" (hòa), "new" (hoà) or "keep"
    confusables: bool = True
    punctuation: bool = True  # curly quotes, dashes, ellipsis to ASCII
    boilerplate: bool = True  # drop web boilerplate lines (reported in Doc.removed)
    whitespace: bool = True

    def __post_init__(self) -> None:
        if self.tone_style not in TONE_STYLES:
            raise option_error("tone_style", self.tone_style, TONE_STYLES)
        if self.legacy not in LEGACY_MODES:
            raise option_error("legacy", self.legacy, LEGACY_MODES)


DEFAULT_CONFIG = NormalizeConfig()


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalized text with its alignment to the original.

    ``starts[i]``/``ends[i]`` give the range of the original text that normalized character i came from;
    both are empty when the text did not change (the identity alignment).
    """

    original: str
    text: str
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    fixers: tuple[str, ...] = ()
    removed: tuple[tuple[int, int, str], ...] = ()  # (start, end, reason) in the original
    encoding: str | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return map_to_original(self.starts, self.ends, len(self.original), start, end)


# --------------------------------------------------------------------------------------------------
# Fixers: each takes the current text and returns edits. Pure, small, individually tested.
# --------------------------------------------------------------------------------------------------

MAX_NONSTARTERS = 30  # UAX #15, Stream-Safe Text Format
_CGJ = "\u034f"  # COMBINING GRAPHEME JOINER: combining class 0, invisible


@lru_cache(maxsize=1)
def _long_nonstarter_run_re() -> re.Pattern[str]:
    """Runs of more than MAX_NONSTARTERS characters of non-zero combining class (built on first use)."""
    ranges: list[tuple[int, int]] = []
    for cp in range(sys.maxunicode + 1):
        if unicodedata.combining(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    cls = "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)
    return re.compile(f"[{cls}]{{{MAX_NONSTARTERS + 1},}}")


def stream_safe_edits(text: str) -> list[Edit]:
    """A COMBINING GRAPHEME JOINER after every 30th mark of a longer run of combining marks (UAX #15's
    Stream-Safe Text Format), so that NFC, whose canonical reordering is quadratic in the length of a run
    of marks, stays linear. Only where NFC has work to do: text already in NFC is left as it is.

    >>> len(fix_stream_safe("a" + "\u0301\u0323" * 20))  # 40 marks out of canonical order: one joiner
    42
    >>> fix_stream_safe("Hòa Bình") == "Hòa Bình"
    True
    """
    if unicodedata.is_normalized("NFC", text):
        return []
    edits: list[Edit] = []
    for m in _long_nonstarter_run_re().finditer(text):
        edits.extend((i, i, _CGJ) for i in range(m.start() + MAX_NONSTARTERS, m.end(), MAX_NONSTARTERS))
    return edits


_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CLUSTER_RE = re.compile(f"(?s)[^{_COMBINING}][{_COMBINING}]+|[^\\x00-\\x7f]")


def nfc_edits(text: str) -> list[Edit]:
    """Compose decomposed characters (NFD input) cluster by cluster, so the alignment stays exact.

    >>> fix_nfc("Ho\\u0300a Bi\\u0300nh")
    'Hòa Bình'
    """
    if unicodedata.is_normalized("NFC", text):
        return []
    # Vietnamese: a letter and its marks compose on their own. Scripts whose starters compose with each
    # other (Hangul jamo) need whole runs; anything stranger gets one coarse edit, still exact at its ends.
    for pattern in (_CLUSTER_RE, _RUN_RE):
        edits = []
        for m in pattern.finditer(text):
            chunk = m.group()
            composed = unicodedata.normalize("NFC", chunk)
            if composed != chunk:
                edits.append((m.start(), m.end(), composed))
        if unicodedata.is_normalized("NFC", _apply_text(text, edits)):
            return edits
    return [(0, len(text), unicodedata.normalize("NFC", text))]


_RUN_RE = re.compile("(?s)[\\x00-\\x7f]?[^\\x00-\\x7f]+")


def _apply_text(text: str, edits: Sequence[tuple]) -> str:
    out, pos = [], 0
    for s, e, rep, *_ in edits:
        out.append(text[pos:s])
        out.append(rep)
        pos = e
    out.append(text[pos:])
    return "".join(out)


_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\ufe00-\ufe0f"
                           "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r\n?")


def invisible_edits(text: str) -> list[Edit]:
    """Drop zero-width, soft-hyphen, bidi and control characters; CR/CRLF become a line break.

    >>> fix_invisibles("Công\\u200b đoàn\\u00ad\\r\\nx")
    'Công đoàn\\nx'
    """
    return [(m.start(), m.end(), "\n" if m.group()[0] == "\r" else "") for m in _INVISIBLE_RE.finditer(text)]


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def surrogate_edits(text: str) -> list[Edit]:
    """Lone surrogates (broken UTF-16 from some scrapers) become U+FFFD, so the text can be encoded."""
    return [(m.start(), m.end(), "\ufffd") for m in _SURROGATE_RE.finditer(text)]


_CONFUSABLE_CHARS = {
    "\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\u0256": "đ",  # eth / African D look like Đ đ
}
_HOMOGLYPHS = dict(zip(
    "АВЕКМНОРСТХаеорсхуіјѕԁӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιν",
    "ABEKMHOPCTXaeopcxyijsdlABEZHIKMNOPTYXaoiv",
))
_CONFUSABLE_RE = re.compile("[" + "".join(_CONFUSABLE_CHARS) + "\uff01-\uff5e]")
# A word holding a Greek or Cyrillic character. Tried only where a word starts (or right after a match), so a
# long word without one is read once, not once per character: "\w*[...]" alone is quadratic on "a" * n.
_MIXED_WORD_RE = re.compile(r"(?<!\w)\w*[\u0370-\u03ff\u0400-\u04ff]\w*|(?<=\w)[\u0370-\u03ff\u0400-\u04ff]\w*")
_GREEK_CYRILLIC_RE = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def confusable_edits(text: str) -> list[Edit]:
    """Look-alike letters: Ð (eth) for Đ, full-width ASCII, Cyrillic/Greek letters inside Latin words.

    >>> fix_confusables("\\u00d0oàn viên, Cоng ty")  # the second 'o' is Cyrillic
    'Đoàn viên, Cong ty'
    """
    edits: list[Edit] = []
    for m in _CONFUSABLE_RE.finditer(text):
        ch = m.group()
        edits.append((m.start(), m.end(), _CONFUSABLE_CHARS.get(ch) or chr(ord(ch) - 0xFEE0)))
    for m in _MIXED_WORD_RE.finditer(text) if _GREEK_CYRILLIC_RE.search(text) else ():
        word = m.group()
        if _LATIN_RE.search(word):
            for i, ch in enumerate(word):
                if ch in _HOMOGLYPHS:
                    edits.append((m.start() + i, m.start() + i + 1, _HOMOGLYPHS[ch]))
    edits.sort()
    return edits


_SPACE_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def space_edits(text: str) -> list[Edit]:
    """NBSP, thin and other Unicode spaces, tabs: all become a plain space."""
    return [(m.start(), m.end(), " ") for m in _SPACE_RE.finditer(text)]


_PUNCT = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
          "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
          "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
          "\u2212": "-", "\u2026": "..."}
_PUNCT_RE = re.compile("[" + "".join(_PUNCT) + "]")


def punctuation_edits(text: str) -> list[Edit]:
    """Curly quotes, guillemets, dashes and the ellipsis character to ASCII.

    >>> fix_punctuation("“Bữa cơm Công đoàn” – ấm áp…")
    '"Bữa cơm Công đoàn" - ấm áp...'
    """
    return [(m.start(), m.end(), _PUNCT[m.group()]) for m in _PUNCT_RE.finditer(text)]


def _compose(base: str, mark: str) -> str:
    return unicodedata.normalize("NFC", base + mark)


_TONES = "\u0300\u0301\u0309\u0303\u0323"
# old style puts the tone on the first vowel of an open oa/oe/uy syllable (hòa, khỏe, thủy); new style
# on the second (hoà, khoẻ, thuỷ). Closed syllables (hoàng, thuyết) and qu- (quý) are the same in both.
_OLD_TO_NEW = {}
_NEW_TO_OLD = {}
for _first, _seconds in (("o", "ae"), ("O", "AE"), ("u", "y"), ("U", "Y"), ("o", "AE"), ("O", "ae"),
                         ("u", "Y"), ("U", "y")):
    for _second in _seconds:
        for _t in _TONES:
            _old = _compose(_first, _t) + _second
            _new = _first + _compose(_second, _t)
            _OLD_TO_NEW[_old] = _new
            _NEW_TO_OLD[_new] = _old
_OLD_RE = re.compile(r"(?<![qQ])(?:" + "|".join(sorted(_OLD_TO_NEW)) + r")(?!\w)")
_NEW_RE = re.compile(r"(?<![qQ])(?:" + "|".join(sorted(_NEW_TO_OLD)) + r")(?!\w)")


def tone_edits(text: str, style: str = "old") -> list[Edit]:
    """Put tone marks in one place: "old" (hòa, thủy) or "new" (hoà, thuỷ).

    >>> fix_tone_marks("Hoà Bình, thuỷ lợi, hoàng hôn, quý")
    'Hòa Bình, thủy lợi, hoàng hôn, quý'
    >>> fix_tone_marks("Hòa Bình, Ủy ban", style="new")
    'Hoà Bình, Uỷ ban'
    """
    if style == "keep":
        return []
    pattern, table = (_NEW_RE, _NEW_TO_OLD) if style == "old" else (_OLD_RE, _OLD_TO_NEW)
    return [(m.start(), m.end(), table[m.group()]) for m in pattern.finditer(text)]


# Lines are at most 80 characters, but a pattern that can read one string two ways (a nested repeat, "<<" and
# "<" "<", spaces claimed by two neighbouring repeats) backtracks exponentially on a line that almost matches:
# each pattern below reads a string one way, up to the spaces at its ends.
_BOILERPLATE = [
    ("print/top link", r"(?:in|bản in|in bài(?: này)?|in trang|về đầu(?: trang)?|lên đầu trang|về trang chủ|"
                       r"quay lại|trở lại|trở về|chia sẻ|share|tweet|gửi email|gửi bài viết|gửi cho bạn bè|"
                       r"bình luận|xem thêm|đọc tiếp|lưu bài|lưu|top|back to top|cỡ chữ:?.*|a\s*a\+?\s*a-?)"),
    ("visitor counter", r"(?:lượt truy cập|số lượt truy cập|tổng (?:số )?lượt truy cập|lượt xem|số lượt xem|"
                        r"đang truy cập|đang trực tuyến|đang online|online|hôm nay|hôm qua|tuần này|tháng này|"
                        r"tổng truy cập|truy cập|visitors?)(?:\s*:)?[\d.,\s]+"),
    # "<<", "trang đầu" are "<" "<", "trang" "đầu"; a number is one item: no string parses two ways
    ("pagination", r"(?:(?:trang|«|»|<|>|\||\.\.\.|…|trước|sau|tiếp|đầu|cuối|"
                   r"first|last|next|prev|previous|\d+(?!\d))\s*){2,}"),
]
_BOILERPLATE_RE = [(reason, re.compile(r"[ \t]*" + pat + r"[ \t]*", re.IGNORECASE)) for reason, pat in _BOILERPLATE]
_LINE_RE = re.compile(r"[^\n]*\n?")
_NAV_RE = re.compile(r"(?i)trang|«|»|<|>|sau|tiếp|trước|next|prev|first|last|cuối")


def boilerplate_edits(text: str) -> list[tuple[int, int, str, str]]:
    """Whole lines of web chrome (print links, visitor counters, pagination).

    A page's update stamp stays: its date is the document's date (guide §21).

    Only a line that matches a pattern from end to end is dropped, so body text is never lost; each drop is
    reported with its reason.

    >>> fix_boilerplate("Bài viết.\\nIn\\nLượt truy cập: 1.650.698\\nVề đầu")
    'Bài viết.\\n'
    """
    edits = []
    if "\n" not in text and len(text) > 80:
        return edits
    for m in _LINE_RE.finditer(text):
        line = m.group().rstrip("\n")
        if not line.strip() or len(line) > 80:
            continue
        for reason, pattern in _BOILERPLATE_RE:
            if pattern.fullmatch(line):
                if reason == "pagination" and not _NAV_RE.search(line) and len(re.findall(r"\d+", line)) < 3:
                    break
                edits.append((m.start(), m.end(), "", reason))
                break
    return edits


_WS_RUN_RE = re.compile(r"[ \n]+")


def whitespace_edits(text: str) -> list[Edit]:
    """Runs of spaces become one; no spaces at line ends; at most one blank line; no leading/trailing ones.

    Each maximal run of spaces and line breaks is rewritten as a whole, so the fixer is idempotent.

    >>> fix_whitespace("  LĐLĐ   tỉnh  \\n  \\n\\n\\nHội nghị ")
    'LĐLĐ tỉnh\\n\\nHội nghị'
    """
    edits: list[Edit] = []
    n = len(text)
    for m in _WS_RUN_RE.finditer(text):
        run = m.group()
        if m.start() == 0 or m.end() == n:
            want = ""
        else:
            breaks = run.count("\n")
            want = "\n\n" if breaks >= 2 else "\n" if breaks == 1 else " "
        if run != want:
            edits.append((m.start(), m.end(), want))
    return edits


# --------------------------------------------------------------------------------------------------
# Applying edits while composing the alignment
# --------------------------------------------------------------------------------------------------

def _apply(text: str, starts: list[int], ends: list[int], edits: Sequence[tuple], original_len: int,
           removed: list[tuple[int, int, str]] | None = None) -> tuple[str, list[int], list[int]]:
    """Apply sorted, non-overlapping edits; replacement characters map to the source range they replace."""
    out: list[str] = []
    new_s: list[int] = []
    new_e: list[int] = []
    pos = 0
    for edit in edits:
        s, e, rep = edit[0], edit[1], edit[2]
        if s < pos:  # overlapping edit: skip rather than corrupt the alignment
            continue
        out.append(text[pos:s])
        new_s.extend(starts[pos:s])
        new_e.extend(ends[pos:s])
        if e > s:
            src_s, src_e = starts[s], ends[e - 1]
        else:
            src_s = src_e = starts[s] if s < len(starts) else original_len
        if rep:
            out.append(rep)
            if len(rep) == e - s:  # a one-for-one substitution keeps per-character alignment
                new_s.extend(starts[s:e])
                new_e.extend(ends[s:e])
            else:
                new_s.extend([src_s] * len(rep))
                new_e.extend([src_e] * len(rep))
        if removed is not None and len(edit) > 3 and e > s:
            removed.append((src_s, src_e, edit[3]))
        pos = e
    out.append(text[pos:])
    new_s.extend(starts[pos:])
    new_e.extend(ends[pos:])
    return "".join(out), new_s, new_e


@dataclass(frozen=True, slots=True)
class _Fixer:
    name: str
    enabled: Callable[[NormalizeConfig], bool]
    edits: Callable[[str, NormalizeConfig], Sequence[tuple]]
    reports: bool = False


def _legacy_edits(text: str, config: NormalizeConfig) -> list[Edit]:
    encoding = legacy.detect_legacy_encoding(text) if config.legacy == "auto" else config.legacy
    return legacy.legacy_replacements(text, encoding) if encoding else []


FIXERS: tuple[_Fixer, ...] = (
    _Fixer("legacy_encoding", lambda c: c.legacy != "off", _legacy_edits),
    _Fixer("stream_safe", lambda c: True, lambda t, c: stream_safe_edits(t)),
    _Fixer("nfc", lambda c: True, lambda t, c: nfc_edits(t)),
    _Fixer("invisibles", lambda c: True, lambda t, c: invisible_edits(t)),
    _Fixer("surrogates", lambda c: True, lambda t, c: surrogate_edits(t)),
    _Fixer("confusables", lambda c: c.confusables, lambda t, c: confusable_edits(t)),
    _Fixer("spaces", lambda c: c.whitespace, lambda t, c: space_edits(t)),
    _Fixer("punctuation", lambda c: c.punctuation, lambda t, c: punctuation_edits(t)),
    _Fixer("tone_marks", lambda c: c.tone_style != "keep", lambda t, c: tone_edits(t, c.tone_style)),
    _Fixer("whitespace", lambda c: c.whitespace, lambda t, c: whitespace_edits(t)),
    _Fixer("boilerplate", lambda c: c.boilerplate, lambda t, c: boilerplate_edits(t), reports=True),
    _Fixer("whitespace_final", lambda c: c.whitespace and c.boilerplate, lambda t, c: whitespace_edits(t)),
    # a control character or a line taken out can bring a mark next to its letter ("H\x1f\u0323"): compose again
    _Fixer("nfc_final", lambda c: True, lambda t, c: nfc_edits(t)),
)
FIXER_NAMES = tuple(f.name for f in FIXERS)


def normalize_aligned(text: str, config: NormalizeConfig = DEFAULT_CONFIG) -> Normalized:
    """Normalize and keep the alignment to the original (what the pipeline uses)."""
    if not isinstance(text, str):
        raise text_type_error(text)
    current = text
    starts: list[int] | None = None
    ends: list[int] | None = None
    fired: list[str] = []
    removed: list[tuple[int, int, str]] = []
    encoding = None
    for fixer in FIXERS:
        if not fixer.enabled(config):
            continue
        edits = fixer.edits(current, config)
        if not edits:
            continue
        if starts is None or ends is None:
            starts, ends = list(range(len(text))), list(range(1, len(text) + 1))
        if fixer.name == "legacy_encoding":
            encoding = legacy.detect_legacy_encoding(current) if config.legacy == "auto" else config.legacy
        current, starts, ends = _apply(current, starts, ends, edits, len(text),
                                       removed if fixer.reports else None)
        fired.append(fixer.name)
    if starts is None or ends is None or current == text:
        return Normalized(text, current, fixers=tuple(fired), encoding=encoding)
    return Normalized(text, current, tuple(starts), tuple(ends), tuple(fired), tuple(removed), encoding)


def normalize(text: str, config: NormalizeConfig = DEFAULT_CONFIG) -> str:
    """Normalized text: NFC, one tone style, no look-alikes, plain quotes and spaces, no web chrome.

    >>> normalize("Công đoàn  ngành Y tế tỉnh Hoà Bình\\u00a0tổ chức “Bữa cơm Công đoàn”")
    'Công đoàn ngành Y tế tỉnh Hòa Bình tổ chức "Bữa cơm Công đoàn"'
    """
    return normalize_aligned(text, config).text


def explain(text: str, config: NormalizeConfig = DEFAULT_CONFIG) -> list[str]:
    """The names of the fixers that changed something, in order (ftfy's explain mode)."""
    return list(normalize_aligned(text, config).fixers)


def _single(fn: Callable[[str], Sequence[tuple]]) -> Callable[[str], str]:
    def fix(text: str) -> str:
        if not isinstance(text, str):
            raise text_type_error(text)
        out, _, _ = _apply(text, list(range(len(text))), list(range(1, len(text) + 1)), fn(text), len(text))
        return out
    return fix


fix_stream_safe = _single(stream_safe_edits)
fix_nfc = _single(nfc_edits)
fix_invisibles = _single(invisible_edits)
fix_confusables = _single(confusable_edits)
fix_spaces = _single(space_edits)
fix_punctuation = _single(punctuation_edits)
fix_whitespace = _single(whitespace_edits)
fix_boilerplate = _single(boilerplate_edits)


def without_marks(text: str) -> str:
    """The text with tone marks and letter diacritics taken off, case kept ("Công Đoàn" -> "Cong Doan"): one
    character for one in NFC Vietnamese. For matching text typed without marks, never for output.

    >>> without_marks("Liên đoàn Lao động Hòa Bình")
    'Lien doan Lao dong Hoa Binh'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def fix_tone_marks(text: str, style: str = "old") -> str:
    if style not in TONE_STYLES:
        raise option_error("style", style, TONE_STYLES)
    return _single(lambda t: tone_edits(t, style))(text)


__all__ = ["NormalizeConfig", "Normalized", "normalize", "normalize_aligned", "explain", "FIXER_NAMES",
           "fix_stream_safe", "fix_nfc", "fix_invisibles", "fix_confusables", "fix_spaces", "fix_punctuation",
           "fix_tone_marks", "fix_whitespace", "fix_boilerplate"]
