"""Abbreviations: one compiled lexicon pattern, context disambiguation, and inline definitions.

The lexicon is data (``data/abbreviations.tsv``, cues in ``data/abbreviation_senses.tsv``). A document's
own definitions ("Liên đoàn Lao động (LĐLĐ)", "(sau đây gọi tắt là ...)") override it for that document.
Matching runs on normalized text (NFC, one tone style); the pipeline maps offsets back to the original.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from . import resources
from .errors import LexiconFormatError

WINDOW = 40
_ROMAN_RE = re.compile(r"^M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_VOWELS = set("AĂÂEÊIOÔƠUƯYaăâeêioôơuưy")
# a capitalised long form, then "(ABBR)"; or "(sau đây gọi tắt là ABBR)"
_DEF_PAREN_RE = re.compile(r"\(\s*([A-ZĐƯƠÂĂÊÔ][A-ZĐƯƠÂĂÊÔ0-9&\-.]{1,14})\s*\)")
_DEF_PHRASE_RE = re.compile(
    r"\(\s*(?:sau đây )?(?:gọi|viết) tắt (?:là )?[\"']?([A-ZĐƯƠÂĂÊÔ][A-ZĐƯƠÂĂÊÔ0-9&\-.]{1,14})[\"']?\s*\)",
    re.IGNORECASE)
_SYLLABLE_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Sense:
    expansion: str
    category: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """An abbreviation found in a text (offsets into that text) and the expansion chosen for it."""

    start: int
    end: int
    text: str
    expansion: str
    source: str  # "lexicon", "context", "definition" or "user"


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0309\u0303\u0323"))


def _initial(syllable: str) -> str:
    """First letter without its tone but with its own diacritic: "ước" -> "Ư", "đoàn" -> "Đ"."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", syllable[0]).translate(_TONE_MARKS)).upper()


class Lexicon:
    """Abbreviation senses (first = default) and context cues, compiled into one alternation."""

    def __init__(self, senses: Mapping[str, list[Sense]],
                 cues: Mapping[tuple[str, str], list[tuple[str, re.Pattern[str]]]] | None = None) -> None:
        self.senses = {_nfc(k): list(v) for k, v in senses.items() if k}
        self.cues = dict(cues or {})
        self._pattern = self._compile(self.senses)

    @staticmethod
    def _compile(senses: Mapping[str, list[Sense]]) -> re.Pattern[str]:
        parts = []
        for abbr in sorted(senses, key=lambda a: (-len(a), a)):
            # "TP." may touch the next word ("TP.HCM"), but not a lone initial: "Q.C" is a byline, not "quận"
            tail = r"(?![^\W\d_](?!\w))" if abbr.endswith(".") else r"(?!\w)"
            parts.append(re.escape(abbr) + tail)
        if not parts:
            return re.compile(r"(?!x)x")
        return re.compile(r"(?<![\w&])(?:" + "|".join(parts) + ")")

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]],
                  cue_rows: Iterable[Mapping[str, str]] = ()) -> Lexicon:
        senses: dict[str, list[Sense]] = {}
        for row in rows:
            abbr, expansion = row.get("abbr", ""), row.get("expansion", "")
            if not abbr or not expansion:
                raise LexiconFormatError(f"abbreviation row needs abbr and expansion: {dict(row)}")
            sense = Sense(expansion, row.get("category", ""), row.get("note", ""))
            if sense not in senses.setdefault(abbr, []):
                senses[abbr].append(sense)
        cues: dict[tuple[str, str], list[tuple[str, re.Pattern[str]]]] = {}
        for row in cue_rows:
            side = row.get("side", "")
            if side not in ("left", "right"):
                raise LexiconFormatError(f"cue side must be 'left' or 'right': {dict(row)}")
            try:
                pattern = re.compile(row["pattern"], re.IGNORECASE)
            except re.error as e:
                raise LexiconFormatError(f"bad cue regex {row.get('pattern')!r}: {e}") from e
            cues.setdefault((row["abbr"], row["expansion"]), []).append((side, pattern))
        return cls(senses, cues)

    def with_entries(self, extra: Mapping[str, str]) -> Lexicon:
        """A copy where the user's entries (abbr -> expansion) come first."""
        senses = {k: list(v) for k, v in self.senses.items()}
        for abbr, expansion in extra.items():
            abbr = _nfc(abbr.strip())
            senses[abbr] = [Sense(_nfc(expansion), "user")] + [s for s in senses.get(abbr, []) if
                                                               s.expansion != expansion]
        return Lexicon(senses, self.cues)

    def __contains__(self, abbr: str) -> bool:
        return abbr in self.senses

    def __len__(self) -> int:
        return len(self.senses)

    def canonical(self, abbr: str, long_form: str) -> str:
        """A document's own definition in the lexicon's canonical spelling when it is one of the abbreviation's
        senses ("an toàn vệ sinh lao động (ATVSLĐ)" -> "an toàn, vệ sinh lao động", guide §12), else as written."""
        key = _loose(long_form)
        for sense in self.senses.get(abbr, ()):
            if _loose(sense.expansion) == key:
                return sense.expansion
        return long_form

    # -- matching --------------------------------------------------------------------------------
    def choose(self, text: str, start: int, end: int, abbr: str) -> tuple[str, str]:
        """The expansion for one occurrence: the sense with most matching context cues, else the first."""
        senses = self.senses[abbr]
        if senses[0].category == "user":
            return senses[0].expansion, "user"
        if len(senses) == 1:
            return senses[0].expansion, "lexicon"
        left, right = text[max(0, start - WINDOW):start], text[end:end + WINDOW]
        best, best_score = senses[0].expansion, 0
        for sense in senses:
            score = 0
            for side, pattern in self.cues.get((abbr, sense.expansion), ()):
                if pattern.search(left if side == "left" else right):
                    score += 1
            if score > best_score:
                best, best_score = sense.expansion, score
        return best, "context" if best_score else "lexicon"

    def find(self, text: str, definitions: Mapping[str, str] | None = None) -> list[Match]:
        """Every abbreviation occurrence in ``text`` with its expansion."""
        definitions = {abbr: self.canonical(abbr, long_form) for abbr, long_form in
                       (definitions if definitions is not None else find_definitions(text)).items()}
        blocked = urlish_spans(text) if ("." in text or "@" in text) else []
        blocked_starts = [b for b, _ in blocked]
        line: list[int] = []  # the line of the last caps check: start, end, verdict
        pattern = self._pattern
        if definitions:
            extra = [d for d in definitions if d not in self.senses]
            if extra:
                pattern = re.compile(self._pattern.pattern[:-1] + "|" + "|".join(
                    re.escape(d) + r"(?!\w)" for d in sorted(extra, key=len, reverse=True)) + ")")
        out: list[Match] = []
        for m in pattern.finditer(text):
            abbr = m.group()
            s, e = m.start(), m.end()
            i = bisect.bisect_right(blocked_starts, s) - 1
            if i >= 0 and s < blocked[i][1]:
                continue
            if abbr.strip("IVXL") == "" and _ROMAN_RE.match(abbr):  # "XIII", "IV"; not "CV" (Công văn)
                continue
            if abbr in definitions:
                out.append(Match(s, e, abbr, definitions[abbr], "definition"))
                continue
            if _looks_like_caps_word(text, s, e, abbr, line):
                continue
            expansion, source = self.choose(text, s, e, abbr)
            out.append(Match(s, e, abbr, expansion, source))
        return out


def _loose(s: str) -> str:
    """Lower case, punctuation and spacing dropped: how a written definition meets a lexicon expansion."""
    return " ".join(re.findall(r"[^\W_]+", _nfc(s).casefold()))


def _looks_like_caps_word(text: str, start: int, end: int, abbr: str, line: list[int] | None = None) -> bool:
    """In an ALL-CAPS headline a real syllable ("CA", "TO") is a word, not an abbreviation.

    ``line`` caches the verdict for the line of the last call ([start, end, verdict]): matches come in text
    order, so a line of a million "CA" is read once, not once per match.
    """
    if not any(ch in _VOWELS for ch in abbr) or not abbr.isalpha() or len(abbr) > 4:
        return False
    if line and line[0] <= start < line[1]:
        return bool(line[2])
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = line_end if line_end != -1 else len(text)
    letters = [c for c in text[line_start:line_end] if c.isalpha()]
    verdict = len(letters) > 20 and sum(c.isupper() for c in letters) / len(letters) > 0.9
    if line is not None:
        line[:] = [line_start, line_end, verdict]
    return verdict


_URL_START_RE = re.compile(r"(?i)\b(?:https?://|www\.)\S")
_TLD_RE = re.compile(r"(?i)\.(?:vn|com|org|net|gov)\b")
# a whole token holding ".", "@" or ":" (no branch matches without one), tried only where a token starts
_CANDIDATE_TOKEN_RE = re.compile(r"(?<!\S)[^\s.@:]*[.@:]\S*")
_WORD_RUN_RE = re.compile(r"\w+")


def urlish_spans(text: str) -> list[tuple[int, int]]:
    """URLs, e-mail addresses and domains, where no abbreviation is looked for: sorted (start, end) spans.

    Exactly the matches of ``re.finditer`` with the pattern
    ``(?i)\\b(?:https?://|www\\.)\\S+|\\S+@\\S+\\.\\w+|\\S+\\.(?:vn|com|org|net|gov)\\b\\S*``, found in linear
    time: that pattern retries its leading ``\\S+`` at every character of a token and backtracks through the
    rest, so one 100,000-character token ("1.1.1...") took minutes. Per token: a match of the second or third
    branch that starts anywhere in the token also starts at the token's start, and its ends are fixed by the
    token's last "." before a word character (the e-mail) or its end; the first branch is a literal prefix.

    >>> urlish_spans("xem tại https://congdoan.vn/a, thư lienhe@ldld.org.vn hoặc LĐLĐ.")
    [(8, 30), (35, 53)]
    """
    spans: list[tuple[int, int]] = []
    for token in _CANDIDATE_TOKEN_RE.finditer(text):
        ts, te = token.span()
        if te - ts < 2:
            continue
        dot = text.rfind(".", ts, te - 1)  # the last "." before a word character: where an e-mail's \S+ stops
        while dot != -1 and not (text[dot + 1].isalnum() or text[dot + 1] == "_"):
            dot = text.rfind(".", ts, dot)
        pos = ts
        while pos < te:
            if _URL_START_RE.match(text, pos, te):
                spans.append((pos, te))
                break
            if dot > pos + 2 and text.find("@", pos + 1, dot - 1) != -1:  # \S+@\S+\.\w+
                end = _WORD_RUN_RE.match(text, dot + 1, te).end()  # type: ignore[union-attr]
                spans.append((pos, end))
                pos = end
                dot = -1  # the last one is used up: no second e-mail, no domain in this token
                continue
            if _TLD_RE.search(text, pos + 1, te):  # \S+\.(?:vn|...)\b\S*
                spans.append((pos, te))
                break
            url = _URL_START_RE.search(text, pos + 1, te)
            if url:
                spans.append((url.start(), te))
            break
    return spans


def find_definitions(text: str) -> dict[str, str]:
    """Inline definitions: "Liên đoàn Lao động (LĐLĐ)", "... (sau đây gọi tắt là NSDLĐ)".

    The long form is accepted only when the initials of its last words spell the abbreviation ("và" may
    stand for "&"), so "(VSIP)" after an unrelated name defines nothing.

    >>> find_definitions("Liên đoàn Lao động (LĐLĐ) tỉnh và khu công nghiệp (KCN) Tân Trường")
    {'LĐLĐ': 'Liên đoàn Lao động', 'KCN': 'khu công nghiệp'}
    """
    found: dict[str, str] = {}
    if "(" not in text:
        return found
    for regex in (_DEF_PAREN_RE, _DEF_PHRASE_RE):
        for m in regex.finditer(text):
            abbr = m.group(1).rstrip(".")
            long_form = _long_form(text[max(0, m.start() - 120):m.start()], abbr)
            if long_form:
                found.setdefault(abbr, long_form)
    return found


def _long_form(before: str, abbr: str) -> str | None:
    letters = [c for c in abbr if c.isalpha()]
    want = "".join(letters).upper()
    syllables = list(_SYLLABLE_RE.finditer(before))
    for take in range(1, min(len(syllables), len(letters) + 3) + 1):
        chosen = syllables[-take:]
        initials = "".join(_initial(s.group()) for s in chosen if s.group().lower() != "và" or "&" not in abbr)
        if initials == want:
            return before[chosen[0].start():].strip(" ,;:-") or None
    return None


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The bundled lexicon, loaded once per process."""
    return Lexicon.from_rows(resources.read_tsv("abbreviations.tsv"), resources.read_tsv("abbreviation_senses.tsv"))


def expand_matches(text: str, matches: Iterable[Match]) -> str:
    """``text`` with each matched span replaced by its expansion."""
    out, pos = [], 0
    for m in sorted(matches, key=lambda x: x.start):
        if m.start < pos:
            continue
        out.append(text[pos:m.start])
        out.append(m.expansion)
        pos = m.end
    out.append(text[pos:])
    return "".join(out)
