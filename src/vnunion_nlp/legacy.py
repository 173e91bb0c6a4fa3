"""Legacy Vietnamese 8-bit font encodings (TCVN3/ABC and VNI-Windows) back to Unicode.

Old archives were typed in fonts that reuse Latin-1 code points for Vietnamese letters. Read as
Windows-1252 (or Latin-1) they become mojibake such as "Liªn ®oµn Lao ®éng" (TCVN3) or
"Lieân ñoaøn Lao ñoäng" (VNI). This module turns such text back into NFC Vietnamese, reports the
edits so a normalizer can keep an exact alignment to the original characters, and detects the
encoding conservatively: real Unicode text is never taken for legacy text.

Sources of the tables (the facts, re-typed here, not copied code):

* TCVN3 = VSCII-3, TCVN 5712:1993 "VN3": 67 lower-case letters, the 7 upper-case letters without
  tone mark (Ă Â Ê Ô Ơ Ư Đ at 0xA1-0xA7) and NBSP. Byte values checked against two converters:
  UniKey's VnConv (vn-input/ibus-unikey, ukengine/data.cpp, "TCVN3" SingleByteTables row) and
  xvnkb (lamdao/xvnkb, tcvn.h); the repertoire against the Wikipedia article "VSCII".
* VNI-Windows: a base letter followed by a separate mark byte; checked against UniKey's VnConv
  (ukengine/data.cpp, "VNI-WIN" DoubleByteTables row) and xvnkb (vni.h). Note that "ô"/"Ô"
  (0xF4/0xD4) is ơ/Ơ and "ö"/"Ö" (0xF6/0xD6) is ư/Ư.

What cannot be decoded:

* TCVN3 has no code for the 60 upper-case letters that carry a tone mark (Á, Ế, Ủ...): archives
  typed them with the lower-case code in a separate capitals font (.VnTimeH). The font is not in the
  text, so these decode to lower case ("Ủy ban" comes back as "ủy ban"); `encode_legacy` writes them
  with the lower-case code, as those archives did. VSCII-1 capitals in the C0/C1 ranges are not
  decoded: in VN3 files 0x80-0x9F hold the Windows punctuation (“ ” – …) typed in Word.
* Bytes 0x80-0x9F are the Windows-1252 punctuation in both encodings; if the archive was decoded as
  Latin-1 they arrive as C1 controls (U+0080-U+009F) and are mapped to that punctuation.
* A text that was NFD-normalized after the wrong decoding is not recognised.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["LEGACY_ENCODINGS", "convert_legacy", "detect_legacy_encoding", "encode_legacy", "legacy_replacements"]

LEGACY_ENCODINGS = ("tcvn3", "vni")

# Tone order of every row below: none, sắc (acute), huyền (grave), hỏi (hook), ngã (tilde), nặng (dot).
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")

# TCVN3 (VN3) bytes, one row per vowel; "--" is the ASCII letter itself.
_TCVN3_ROWS = {
    "a": "-- B8 B5 B6 B7 B9",
    "ă": "A8 BE BB BC BD C6",
    "â": "A9 CA C7 C8 C9 CB",
    "e": "-- D0 CC CE CF D1",
    "ê": "AA D5 D2 D3 D4 D6",
    "i": "-- DD D7 D8 DC DE",
    "o": "-- E3 DF E1 E2 E4",
    "ô": "AB E8 E5 E6 E7 E9",
    "ơ": "AC ED EA EB EC EE",
    "u": "-- F3 EF F1 F2 F4",
    "ư": "AD F8 F5 F6 F7 F9",
    "y": "-- FD FA FB FC FE",
}
_TCVN3_SINGLE = {"đ": "AE", "Ă": "A1", "Â": "A2", "Ê": "A3", "Ô": "A4", "Ơ": "A5", "Ư": "A6", "Đ": "A7"}

# VNI-Windows sequences (as the bytes read in cp1252), lower case; upper case is the same string upper-cased
# (every VNI capital mark is its lower-case byte minus 0x20, exactly like Latin-1 case pairs).
_VNI_ROWS = {
    "a": ("a", "aù", "aø", "aû", "aõ", "aï"),
    "ă": ("aê", "aé", "aè", "aú", "aü", "aë"),
    "â": ("aâ", "aá", "aà", "aå", "aã", "aä"),
    "e": ("e", "eù", "eø", "eû", "eõ", "eï"),
    "ê": ("eâ", "eá", "eà", "eå", "eã", "eä"),
    "i": ("i", "í", "ì", "æ", "ó", "ò"),
    "o": ("o", "où", "oø", "oû", "oõ", "oï"),
    "ô": ("oâ", "oá", "oà", "oå", "oã", "oä"),
    "ơ": ("ô", "ôù", "ôø", "ôû", "ôõ", "ôï"),
    "u": ("u", "uù", "uø", "uû", "uõ", "uï"),
    "ư": ("ö", "öù", "öø", "öû", "öõ", "öï"),
    "y": ("y", "yù", "yø", "yû", "yõ", "î"),
}
_VNI_SINGLE = {"đ": "ñ"}



def _c1_to_cp1252() -> dict[str, str]:
    """Bytes 0x80-0x9F hold Windows punctuation in both fonts: map their Latin-1 (C1 control) reading to it."""
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[chr(byte)] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252: left alone
            pass
    return table


def _rows_to_letters() -> dict[str, list[str]]:
    """The six toned letters of each vowel row, NFC."""
    return {base: [unicodedata.normalize("NFC", base + tone) for tone in _TONES] for base in _VNI_ROWS}


def _build_tcvn3() -> tuple[dict[str, str], dict[str, str]]:
    """(decode table code -> letter, encode table letter -> code)."""
    decode: dict[str, str] = {}
    encode: dict[str, str] = {}
    for base, letters in _rows_to_letters().items():
        for letter, code in zip(letters, _TCVN3_ROWS[base].split(), strict=True):
            if code != "--":
                char = bytes.fromhex(code).decode("cp1252")
                decode[char] = letter
                encode[letter] = char
    for letter, code in _TCVN3_SINGLE.items():
        char = bytes.fromhex(code).decode("cp1252")
        decode[char] = letter
        encode[letter] = char
    for letter, char in list(encode.items()):  # capitals TCVN3 cannot write: the lower-case code
        encode.setdefault(letter.upper(), char)
    return decode, encode


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    """(decode table sequence -> letter, encode table letter -> sequence)."""
    encode: dict[str, str] = {}
    for base, letters in _rows_to_letters().items():
        for letter, seq in zip(letters, _VNI_ROWS[base], strict=True):
            if not letter.isascii():  # í ì read as themselves, but they are VNI letters too
                encode[letter] = seq
                encode[letter.upper()] = seq.upper()
    for letter, seq in _VNI_SINGLE.items():
        encode[letter] = seq
        encode[letter.upper()] = seq.upper()
    decode = {seq: letter for letter, seq in encode.items()}
    # A mark typed in the other case still belongs to its base; the letter takes the case of the base.
    for seq, letter in list(decode.items()):
        if len(seq) == 2:
            decode.setdefault(seq[0] + seq[1].swapcase(), letter)
    return decode, encode


def _alternation(keys: list[str]) -> re.Pattern[str]:
    """One compiled, trie-shaped alternation: sequences grouped by first character, longest first."""
    by_first: dict[str, list[str]] = {}
    for key in keys:
        by_first.setdefault(key[0], []).append(key)
    singles = sorted(k for k in keys if len(k) == 1)
    branches = []
    for first, group in sorted(by_first.items()):
        tails = sorted(k[1:] for k in group if len(k) == 2)
        if tails:
            branches.append(re.escape(first) + "[" + "".join(re.escape(t) for t in tails) + "]")
    branches.append("[" + "".join(re.escape(s) for s in singles) + "]")
    return re.compile("|".join(branches))


_C1_TO_CP1252 = _c1_to_cp1252()
_TCVN3_DECODE, _TCVN3_ENCODE = _build_tcvn3()
_VNI_DECODE, _VNI_ENCODE = _build_vni()

_DECODE = {
    "tcvn3": {**_C1_TO_CP1252, **_TCVN3_DECODE},
    "vni": {**_C1_TO_CP1252, **_VNI_DECODE},
}
_ENCODE = {
    "tcvn3": {ord(k): v for k, v in _TCVN3_ENCODE.items()},
    "vni": {ord(k): v for k, v in _VNI_ENCODE.items()},
}
_PATTERN = {enc: _alternation(list(table)) for enc, table in _DECODE.items()}
_TCVN3_TRANSLATE = {ord(k): v for k, v in _DECODE["tcvn3"].items()}

# --------------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------------

_VOWELS = "".join("".join(letters) for letters in _rows_to_letters().values())
# The Vietnamese letters a Unicode text can hold inside Latin-1 (à á â ã è é ê ì í ò ó ô õ ù ú ý).
_LATIN1_VIETNAMESE = frozenset(c for c in _VOWELS + _VOWELS.upper() if "\u00c0" <= c <= "\u00ff")

# Signatures: table entries that Unicode Vietnamese never contains. TCVN3: any code that is not itself a
# Vietnamese letter (ª ® µ ¸ « ¬ and the soft hyphen for ư, ß ï ñ ö ø û ü...). VNI: its letters and marks
# that are not Vietnamese letters (ñ ö æ î, marks ø ï û å ä ë ü), and every base + mark pair, since
# Vietnamese spelling never puts a toned or hatted vowel right after a, e, u, y, ơ; except o + à á ã
# (Unicode "hoà", "hoá", "hoãn") and o + ù û (French "où", "goût").
_VNI_UNSIGNED_PAIRS = frozenset(("oà", "oá", "oã", "où", "oû"))
# Strong signatures are no letter of any Western language: TCVN3 codes 0xA1-0xBE (ª ® µ ¸ « ¬, the soft
# hyphen...), VNI pairs and ñ. Without one a text needs more distinct signatures: Swedish "än gång" reads
# as TCVN3 "ọn gồng".
_STRONG_SOURCES = {
    "tcvn3": frozenset(k for k in _TCVN3_DECODE if "\u00a1" <= k <= "\u00be"),
    "vni": frozenset(k for k in _VNI_DECODE if len(k) == 2 and k.lower() not in _VNI_UNSIGNED_PAIRS) | {"ñ", "Ñ"},
}
_SIGNED_SOURCES = {
    "tcvn3": frozenset(k for k in _TCVN3_DECODE if k not in _LATIN1_VIETNAMESE),
    "vni": _STRONG_SOURCES["vni"] | frozenset(k for k in _VNI_DECODE if len(k) == 1 and k not in _LATIN1_VIETNAMESE),
}


_STOPS = ("c", "ch", "k", "p", "t")  # "k" only in names such as Đắk Lắk
_CODAS = ("m", "n", "ng", "nh", *_STOPS)


def _valid_rimes() -> frozenset[str]:
    """Every toned rime of Vietnamese spelling (old and new tone placement), to reject non-words."""
    closed = "a ă â e ê i o ô ơ u ư oa oă oe oo uâ uy iê yê uyê uô ươ".split()  # take a consonant coda
    open_ = (
        "a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua uê ui uy uơ ưa ưi ưu "
        "iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyu"
    ).split()
    rimes = set()
    for nucleus, codas in [(n, ("",)) for n in open_] + [(n, _CODAS) for n in closed]:
        hatted = [i for i, c in enumerate(nucleus) if c in "ăâêôơư"]
        for coda in codas:
            if hatted:
                positions = {hatted[-1]}
            elif coda or len(nucleus) == 1:
                positions = {len(nucleus) - 1}
            elif nucleus in ("oa", "oe", "uy"):
                positions = {0, 1}  # hòa / hoà, thúy / thuý
            else:
                positions = {(len(nucleus) - 1) // 2}  # ai ao ia ua...: the first; oai uya...: the middle
            tones = _TONES[1::4] if coda in _STOPS else _TONES  # stops take sắc or nặng only
            for tone in tones:
                for i in positions:
                    toned = unicodedata.normalize("NFC", nucleus[i] + tone)
                    rimes.add(nucleus[:i] + toned + nucleus[i + 1 :] + coda)
    return frozenset(rimes)


_RIMES = _valid_rimes()
# No lone "p": native words start with "ph" ("pin" is a loan); that keeps Danish "på" out.
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", *"bcdđghklmnrstvx", "")


def _is_syllable(word: str) -> bool:
    """True if the lower-case word is one Vietnamese syllable: onset + rime, tone where spelling puts it."""
    return any(word.startswith(onset) and word[len(onset) :] in _RIMES for onset in _ONSETS)


# A word of legacy text: ASCII letters and everything a legacy letter can be read as (no digits, no NBSP).
_CP1252_LETTERS = "".join(c for c in _C1_TO_CP1252.values() if c.isalpha())
# A printf directive ("»%s«") is no word: the letter after "%" does not start one.
_TOKEN = re.compile(f"(?<!%)[A-Za-z\u00a1-\u00ff{_CP1252_LETTERS}]+")
_HIGH = re.compile("[\u0080-\u00ff]")
# Characters a cp1252 or Latin-1 decoding can produce, plus General Punctuation (spaces, dashes, quotes).
_OUTSIDE_CODE_PAGE = re.compile("[^\\x00-\\xff\\u2000-\\u206f" + re.escape("".join(_C1_TO_CP1252.values())) + "]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_ABBREVIATION = re.compile("[A-Z]*Đ[A-ZĐ]*")

# Thresholds, over the words of the text (see detect_legacy_encoding).
MIN_LEGACY_WORDS = 2  # words that decode to a valid Vietnamese syllable: one word is never enough
MIN_SIGNATURE_WORDS = 2  # distinct valid words holding a signature of the encoding
MIN_SIGNATURES = 2  # distinct signatures among them, one of them strong (one letter repeated is not enough)
MIN_WEAK_SIGNATURES = 3  # distinct signatures needed when none is strong (Swedish "än gång" has two)
MIN_VALID_SHARE = 0.75  # of the words with non-ASCII characters, the share that decodes validly
MIN_WORD_SHARE = 0.2  # of all words, the share that decodes to a legacy Vietnamese syllable

_BAD, _NEUTRAL, _GOOD, _SIGNED = -1, 0, 1, 2


def _check_str(text: object) -> None:
    if not isinstance(text, str):
        if isinstance(text, (bytes, bytearray, memoryview)):
            raise TypeError(
                f"text must be str, got {type(text).__name__}: decode the archive first, "
                "e.g. data.decode('cp1252'), then convert the result"
            )
        raise TypeError(f"text must be str, got {type(text).__name__}")


def _check_encoding(encoding: object) -> str:
    if not isinstance(encoding, str) or encoding not in LEGACY_ENCODINGS:
        valid = ", ".join(repr(e) for e in LEGACY_ENCODINGS)
        raise ValueError(f"unknown legacy encoding {encoding!r}; valid values: {valid}")
    return encoding


def _has_foreign_letter(text: str) -> bool:
    """True if a letter or mark no cp1252/Latin-1 decoding can produce is present (ơ, ạ, NFD marks, CJK...)."""
    for m in _OUTSIDE_CODE_PAGE.finditer(text):
        if unicodedata.category(m.group())[0] in "LM":
            return True
    return False


def _classify(token: str, encoding: str) -> tuple[int, frozenset[str]]:
    """How one word reads in the encoding (bad, neutral, valid, signed), with the signatures it holds."""
    none: frozenset[str] = frozenset()
    if len(token) == 1 and not _ASCII_LETTER.search(token):
        return _NEUTRAL, none  # a stray symbol (« » © ª) says nothing either way
    table, signed_sources = _DECODE[encoding], _SIGNED_SOURCES[encoding]
    pieces: list[str] = []
    signatures: list[str] = []
    pos = 0
    changed = False
    for m in _PATTERN[encoding].finditer(token):
        gap = token[pos : m.start()]
        if not gap.isascii():
            return _BAD, none  # a character the encoding cannot explain here, e.g. an orphan VNI mark
        source = m.group()
        letter = table[source]
        changed = changed or letter != source
        if source in signed_sources:
            signatures.append(source)
        pieces.append(gap)
        pieces.append(letter)
        pos = m.end()
    tail = token[pos:]
    if not tail.isascii():
        return _BAD, none
    if not changed:
        return _NEUTRAL, none
    word = "".join(pieces) + tail
    if not _is_syllable(word.lower()):
        # An abbreviation such as "NLĐ" or "LĐLĐ" (Đ among capitals) proves nothing either way.
        return (_NEUTRAL if _ABBREVIATION.fullmatch(word) else _BAD), none
    return (_SIGNED, frozenset(signatures)) if signatures else (_GOOD, none)


def detect_legacy_encoding(text: str) -> str | None:
    """Name the legacy encoding of a whole text ("tcvn3", "vni"), or None: conservative by design.

    Words are read in each encoding: a word is valid if it decodes to one Vietnamese syllable (onset,
    rime, tone where the spelling puts it), bad if a character is left unexplained or the result is no
    syllable, signed if valid and holding a signature (an entry Unicode Vietnamese never contains:
    TCVN3 "ª ® µ ¸ ¬"..., VNI "ñ ö" and base + mark pairs such as "aø" "eâ"). A text is legacy only if it
    holds no letter that a cp1252/Latin-1 decoding cannot produce (any genuine ư ơ đ ạ ế... rules it out)
    and at least MIN_LEGACY_WORDS words are valid, MIN_SIGNATURE_WORDS distinct words signed with
    MIN_SIGNATURES distinct signatures, one of them strong (else MIN_WEAK_SIGNATURES), MIN_VALID_SHARE of
    the non-ASCII words valid and MIN_WORD_SHARE of all words valid. One legacy word is never enough.

    >>> detect_legacy_encoding("Liªn ®oµn Lao ®éng tØnh NghÖ An")
    'tcvn3'
    >>> detect_legacy_encoding("Lieân ñoaøn Lao ñoäng tænh Ngheä An")
    'vni'
    >>> detect_legacy_encoding("Liên đoàn Lao động tỉnh Nghệ An") is None
    True
    """
    _check_str(text)
    if not _HIGH.search(text) or _has_foreign_letter(text):
        return None
    tokens = _TOKEN.findall(text)
    candidates = Counter(t for t in tokens if not t.isascii())
    best: list[tuple[tuple[int, int], str]] = []
    for encoding in LEGACY_ENCODINGS:
        good = bad = 0
        signed_words: set[str] = set()
        signatures: set[str] = set()
        for token, count in candidates.items():
            kind, sources = _classify(token, encoding)
            if kind == _BAD:
                bad += count
            elif kind >= _GOOD:
                good += count
                if sources:
                    signed_words.add(token.lower())
                    signatures |= sources
        if (
            good >= MIN_LEGACY_WORDS
            and len(signed_words) >= MIN_SIGNATURE_WORDS
            and len(signatures) >= (MIN_SIGNATURES if signatures & _STRONG_SOURCES[encoding] else MIN_WEAK_SIGNATURES)
            and good >= MIN_VALID_SHARE * (good + bad)
            and good >= MIN_WORD_SHARE * len(tokens)
        ):
            best.append(((len(signed_words), good), encoding))
    if not best:
        return None
    best.sort(reverse=True)
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None  # both read equally well: do not guess
    return best[0][1]


# --------------------------------------------------------------------------------------------------
# Conversion
# --------------------------------------------------------------------------------------------------


def legacy_replacements(text: str, encoding: str) -> list[tuple[int, int, str]]:
    """The edits (start, end, replacement) that turn legacy `text` into Unicode, for exact alignment.

    Sorted, non-overlapping and in bounds; characters that decode to themselves are not listed.

    >>> legacy_replacements("Lao ®éng", "tcvn3")
    [(4, 5, 'đ'), (5, 6, 'ộ')]
    >>> legacy_replacements("ñoäng", "vni")
    [(0, 1, 'đ'), (1, 3, 'ộ')]
    """
    _check_str(text)
    table = _DECODE[_check_encoding(encoding)]
    edits = []
    for m in _PATTERN[encoding].finditer(text):
        source = m.group()
        letter = table[source]
        if letter != source:
            edits.append((m.start(), m.end(), letter))
    return edits


def convert_legacy(text: str, encoding: str | None = None) -> str:
    """Legacy text to Unicode; encoding None detects it and leaves the text unchanged if nothing is found.

    >>> convert_legacy("Liªn ®oµn Lao ®éng")
    'Liên đoàn Lao động'
    >>> convert_legacy("Coâng ñoaøn cô sôû")
    'Công đoàn cơ sở'
    >>> convert_legacy("Chào mừng Lieân", None)
    'Chào mừng Lieân'
    >>> convert_legacy("Lieân", "vni")
    'Liên'
    """
    _check_str(text)
    if encoding is None:
        encoding = detect_legacy_encoding(text)
        if encoding is None:
            return text
    _check_encoding(encoding)
    if encoding == "tcvn3":  # one character for one: a translate table gives the same result, faster
        return text.translate(_TCVN3_TRANSLATE)
    table = _DECODE[encoding]
    return _PATTERN[encoding].sub(lambda m: table[m.group()], text)


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode Vietnamese to the legacy encoding as read in cp1252: builds round-trip test data.

    The text is NFC-normalized first; characters outside the table pass through unchanged. TCVN3 has
    no code for capitals with a tone mark: they get the lower-case code, as in archives typed with a
    capitals font, so they come back in lower case.

    >>> encode_legacy("Liên đoàn Lao động", "tcvn3")
    'Liªn ®oµn Lao ®éng'
    >>> encode_legacy("Liên đoàn Lao động", "vni")
    'Lieân ñoaøn Lao ñoäng'
    """
    _check_str(text)
    return unicodedata.normalize("NFC", text).translate(_ENCODE[_check_encoding(encoding)])
