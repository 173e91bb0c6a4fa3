"""Vietnamese calendar expressions: find them in text and give each an ISO 8601 value.

Why our own grammar: general date parsers get Vietnamese wrong (dateparser's data calls Sunday
"Thứ 1") and know nothing of the project's span and value rules. This module implements exactly
ANNOTATION_GUIDE.md §10-11 (spans: "ngày" outside numeric dates and inside spelled-out ones, a
leading weekday inside, "nhiệm kỳ"/"giai đoạn" outside; values: "2025-02-13", "2024", "2025-07",
"2025-Q1", ranges with a slash, a day-month resolved against the document date, Tết resolved to
its solar date) and the team decisions of data/CONVENTIONS.md where the guide is silent.

It also carries the Vietnamese lunar calendar (Hồ Ngọc Đức's astronomical algorithm after Meeus,
in the UTC+7 time zone: Vietnamese Tết differs from Chinese New Year in 1985, 2007 and 2030),
needed to resolve Tết, Trung thu and Rằm tháng Giêng. Standard library only; no other
vnunion_nlp import.

>>> [(m.text, m.value) for m in find_dates("Sáng 13/02/2025, LĐLĐ tỉnh tổng kết năm 2024.")]
[('13/02/2025', '2025-02-13'), ('năm 2024', '2024')]
"""

from __future__ import annotations

import bisect
import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["DateMatch", "can_chi", "find_dates", "lunar_to_solar", "page_date", "solar_to_lunar", "tet_date"]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One calendar expression: half-open offsets into the text searched, its text, its ISO value."""

    start: int
    end: int
    text: str
    value: str


# --------------------------------------------------------------------------------------------
# Lunar calendar (Hồ Ngọc Đức's algorithm: new moons and solar terms from Julian day numbers)
# --------------------------------------------------------------------------------------------

_TZ = 7.0  # Vietnam: UTC+7
_SYNODIC_MONTH = 29.530588853
_NEW_MOON_EPOCH = 2415021.076998695  # new moon of 1900-01-01, as a Julian day
_ORDINAL_TO_JD = 1721425  # date.toordinal() + this = Julian day number
_DR = math.pi / 180.0

_STEMS = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_BRANCHES = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")


def _jd_from_ymd(year: int, month: int, day: int) -> int:
    """Julian day number of a proleptic Gregorian date (plain arithmetic, any year)."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def _date_from_jd(jd: int) -> datetime.date:
    """The date of a Julian day number (ValueError outside years 1..9999)."""
    return datetime.date.fromordinal(jd - _ORDINAL_TO_JD)


@lru_cache(maxsize=8192)
def _new_moon_day(k: int) -> int:
    """Julian day number (local time) of the k-th new moon after the one of 1900-01-01."""
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * _DR)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  # sun's mean anomaly
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  # moon's mean anomaly
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  # moon's argument of latitude
    c1 = (
        (0.1734 - 0.000393 * t) * math.sin(m * _DR)
        + 0.0021 * math.sin(2 * _DR * m)
        - 0.4068 * math.sin(mpr * _DR)
        + 0.0161 * math.sin(2 * _DR * mpr)
        - 0.0004 * math.sin(3 * _DR * mpr)
        + 0.0104 * math.sin(2 * _DR * f)
        - 0.0051 * math.sin(_DR * (m + mpr))
        - 0.0074 * math.sin(_DR * (m - mpr))
        + 0.0004 * math.sin(_DR * (2 * f + m))
        - 0.0004 * math.sin(_DR * (2 * f - m))
        - 0.0006 * math.sin(_DR * (2 * f + mpr))
        + 0.0010 * math.sin(_DR * (2 * f - mpr))
        + 0.0005 * math.sin(_DR * (2 * mpr + m))
    )
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return math.floor(jd1 + c1 - delta_t + 0.5 + _TZ / 24)


def _sun_sector(jdn: int) -> int:
    """Which of 12 30-degree sectors the sun's longitude is in at local midnight starting day jdn."""
    t = (jdn - 0.5 - _TZ / 24 - 2451545.0) / 36525
    t2 = t * t
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (
        (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(_DR * m)
        + (0.019993 - 0.000101 * t) * math.sin(_DR * 2 * m)
        + 0.000290 * math.sin(_DR * 3 * m)
    )
    lon = (l0 + dl) * _DR
    lon -= 2 * math.pi * math.floor(lon / (2 * math.pi))
    return math.floor(lon / math.pi * 6)


@lru_cache(maxsize=1024)
def _month11_start(year: int) -> int:
    """Julian day of the first day of lunar month 11 (the one holding the winter solstice) of year."""
    off = _jd_from_ymd(year, 12, 31) - 2415021
    k = math.floor(off / _SYNODIC_MONTH)
    nm = _new_moon_day(k)
    if _sun_sector(nm) >= 9:
        nm = _new_moon_day(k - 1)
    return nm


@lru_cache(maxsize=1024)
def _leap_month_offset(a11: int) -> int:
    """Offset (months after month 11) of the first month with no major solar term."""
    k = math.floor((a11 - _NEW_MOON_EPOCH) / _SYNODIC_MONTH + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            return i - 1


def solar_to_lunar(d: datetime.date) -> tuple[int, int, int, bool]:
    """Vietnamese lunar date (day, month, year, leap) of a solar date.

    >>> solar_to_lunar(datetime.date(2025, 10, 6))
    (15, 8, 2025, False)
    """
    day_number = _jd_from_ymd(d.year, d.month, d.day)
    k = math.floor((day_number - _NEW_MOON_EPOCH) / _SYNODIC_MONTH)
    month_start = _new_moon_day(k + 1)
    if month_start > day_number:
        month_start = _new_moon_day(k)
    a11 = _month11_start(d.year)
    b11 = a11
    if a11 >= month_start:
        lunar_year = d.year
        a11 = _month11_start(d.year - 1)
    else:
        lunar_year = d.year + 1
        b11 = _month11_start(d.year + 1)
    lunar_day = day_number - month_start + 1
    diff = math.floor((month_start - a11) / 29)
    leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:
        leap_diff = _leap_month_offset(a11)
        if diff >= leap_diff:
            lunar_month = diff + 10
            leap = diff == leap_diff
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return lunar_day, lunar_month, lunar_year, leap


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> datetime.date:
    """Solar date of a Vietnamese lunar date; ValueError if that lunar date does not exist.

    >>> lunar_to_solar(15, 8, 2025)
    datetime.date(2025, 10, 6)
    """
    if not (1 <= month <= 12 and 1 <= day <= 30 and 1 <= year <= 9998):
        raise ValueError(f"no lunar date {day}/{month}/{year}: day 1-30, month 1-12, year 1-9998")
    if month < 11:
        a11, b11 = _month11_start(year - 1), _month11_start(year)
    else:
        a11, b11 = _month11_start(year), _month11_start(year + 1)
    k = math.floor(0.5 + (a11 - _NEW_MOON_EPOCH) / _SYNODIC_MONTH)
    off = (month - 11) % 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11)
        leap_month = (leap_off - 2) % 12
        if leap and month != leap_month:
            raise ValueError(f"lunar year {year} has no leap month {month} (its leap month is {leap_month})")
        if leap or off >= leap_off:
            off += 1
    elif leap:
        raise ValueError(f"lunar year {year} has no leap month")
    result = _date_from_jd(_new_moon_day(k + off) + day - 1)
    if solar_to_lunar(result) != (day, month, year, leap):
        raise ValueError(f"lunar month {month}/{year} has no day {day}")
    return result


@lru_cache(maxsize=512)
def tet_date(year: int) -> datetime.date:
    """Solar date of Tết Nguyên đán (lunar 1/1) of a year.

    >>> tet_date(2026)
    datetime.date(2026, 2, 17)
    """
    return lunar_to_solar(1, 1, year)


def can_chi(year: int) -> str:
    """The sexagenary (can chi) name of a lunar year.

    >>> can_chi(2026)
    'Bính Ngọ'
    """
    return f"{_STEMS[(year + 6) % 10]} {_BRANCHES[(year + 8) % 12]}"


# --------------------------------------------------------------------------------------------
# The date grammar
# --------------------------------------------------------------------------------------------
# Patterns are written in lower case and run, without re.IGNORECASE, on a lower-cased copy of the
# text that has the same length (so offsets carry over): that lets `re` jump to a literal first
# letter instead of trying every position. Each pattern starts with a digit or a letter and checks
# the word edge behind it afterwards, for the same reason. Spaces never cross a line break; digits
# are never taken out of a longer number, a document number ("12/2012/QH13") or an amount
# ("1.650.698").


def _words(*words: str) -> str:
    """An alternation of whole words, each followed by its word-start check."""
    return "(?:" + "|".join(f"{w}(?<!\\w{w})" for w in words) + ")"


_H = r"[^\S\r\n]"  # one horizontal space; a run of more than 8 separates rather than joins
_S = _H + "{1,8}"
_O = _H + "{0,8}"
_DASH = _O + r"[-–—]" + _O
_N = r"\d(?<![\w/\-–—]\d)(?<!\d[.,:]\d)"  # the first digit of a number
_RB = r"(?![\w/])(?![.,:\-–—]\d)(?!-[^\W\d_])"  # the right edge of a number
_DD = r"\d\d?"
_YEAR = r"\d\d\d\d"
_NYEAR = _N + r"\d\d\d"  # a year that starts a number
_NAM = r"năm" + _S
_NGAY = r"ngày" + _S
_CANCHI = (
    _words("giáp", "ất", "bính", "đinh", "mậu", "kỷ", "kỉ", "canh", "tân", "nhâm", "quý", "quí") + _S
    + r"(?:tý|tí|sửu|dần|mão|mẹo|thìn|tỵ|tị|ngọ|mùi|thân|dậu|tuất|hợi)(?!\w)"
)
_LUNAR_AFTER = r"(?!" + _O + r"\(?" + _O + r"(?:âm" + _S + r"lịch|al)(?!\w))"  # "15 tháng 8 âm lịch"
_HOLIDAY_TAIL = (  # "[năm] [<can chi>] [năm] YYYY" after a holiday's name
    r"(?:" + _S + r"năm)?(?:" + _S + _CANCHI + r")?(?:" + _S + r"năm)?" + _S + r"(?P<y>" + _YEAR + r")" + _RB
)


def _rx(*parts: str) -> re.Pattern[str]:
    """Compile a lower-case pattern for the lower-cased text."""
    return re.compile("".join(parts))


_FULL_RE = _rx(
    r"(?P<d>", _N, r"\d?)(?P<sep>[/.\-])(?P<m>", _DD, r")(?P=sep)(?P<y>", _YEAR, r")", _RB, _LUNAR_AFTER
)
_SHORT_YEAR_RE = _rx(  # "25-01-24", "12/09/24": a two-digit year, only in a page's timestamp line
    r"(?P<d>", _N, r"\d?)(?P<sep>[/.\-])(?P<m>", _DD, r")(?P=sep)(?P<y>\d\d)", _RB
)
_ISO_RE = _rx(r"(?P<y>", _NYEAR, r")-(?P<m>\d\d)-(?P<d>\d\d)", _RB)
_DM_RE = _rx(  # "8/3", "20/10 năm 2025"; not "19/9 âm lịch"
    r"(?P<d>", _N, r"\d?)/(?P<m>", _DD, r")(?:,?", _S, _NAM, r"(?P<y>", _YEAR, r"))?", _RB, _LUNAR_AFTER
)
_DM_CTX_RE = _rx(  # "ngày 8-3", "sáng 21.11": these separators only after a day word
    _words("ngày", "sáng", "chiều", "tối", "trưa", "hôm", "đêm"), r"(?:", _S, r"ngày)?", _S,
    r"(?P<span>(?P<d>", _DD, r")[.\-](?P<m>", _DD, r"))", _RB, _LUNAR_AFTER,
)
_DAY_RANGE_RE = _rx(  # "15 - 20/5/2025"
    r"(?P<d1>", _N, r"\d?)", _DASH, r"(?P<d2>", _DD, r")/(?P<m>", _DD, r")(?:/(?P<y>", _YEAR, r"))?", _RB
)
_FROM_TO_RE = _rx(  # "từ ngày 15 đến 20/5/2025": "15" alone is no date, so the range is one span
    r"từ(?<!\wtừ)", _S, r"(?:", _NGAY, r")?(?P<span>(?P<d1>", _DD, r")", _S, r"đến", _S, r"(?:", _NGAY,
    r")?(?P<d2>", _DD, r")/(?P<m>", _DD, r")(?:/(?P<y>", _YEAR, r"))?)", _RB,
)
_DAY_LIST_RE = _rx(  # "19 và 20/4/2018", "5, 6 và 7/3", "24, 25/8": one DATE, a range (guide §22)
    r"(?P<d1>", _N, r"\d?)(?:", _O, r",", _O, _DD, r"){0,6}(?:", _O, r",", _O, r"|", _O, r",?", _S, r"và", _S,
    r")(?P<d2>", _DD, r")/(?P<m>", _DD, r")(?:/(?P<y>", _YEAR, r"))?", _RB,
)
_SPELLED_RE = _rx(  # "ngày 3 tháng 4 năm 2024", "ngày 15 - 16 tháng 5", "ngày mồng 3 tháng 2"
    r"ngày(?<!\wngày)", _S, r"(?:(?:mồng|mùng)", _S, r")?(?P<d1>", _DD, r")(?:", _DASH, r"(?P<d2>", _DD,
    r")|", _S, r"đến", _S, r"(?:", _NGAY, r")?(?P<d3>", _DD, r"))?", _S, r"tháng", _S, r"(?P<m>", _DD,
    r")(?:,?", _S, _NAM, r"(?P<y>", _YEAR, r"))?", _RB, _LUNAR_AFTER,
)
_MONTH_YEAR_RE = _rx(  # "tháng 9/2025", "tháng 9 năm 2025", "tháng 9-2025"
    r"tháng(?<!\wtháng)", _S, r"(?P<m>", _DD, r")(?:", _O, r"[/.\-–—]", _O, r"|,?", _S, _NAM, r")(?P<y>",
    _YEAR, r")", _RB,
)
_MONTH_RANGE_RE = _rx(  # "tháng 9 - 10/2025"
    r"tháng(?<!\wtháng)", _S, r"(?P<m1>", _DD, r")", _DASH, r"(?:tháng", _S, r")?(?P<m2>", _DD, r")(?:(?:/|,?",
    _S, _NAM, r")(?P<y>", _YEAR, r"))?", _RB, _LUNAR_AFTER,
)
_MY_RE = _rx(r"(?P<m>", _N, r"\d?)/(?P<y>", _YEAR, r")", _RB)  # "9/2025"
_MONTH_RE = _rx(  # a bare "tháng 5"
    r"tháng(?<!\wtháng)", _S, r"(?P<m>", _DD, r")(?![\w/])(?![.,:]\d)(?!", _O, r"[/.\-–—]", _O, r"\d)",
    _LUNAR_AFTER,
)
_QUARTER_RE = re.compile(  # run on the original text: the roman numeral must be upper case
    r"qu[ýí](?<!\wqu[ýí])" + _S + r"(?P<q>(?-i:IV|I{1,3})|[1-4])(?:" + _O + r"[/\-–—]" + _O + r"(?P<y>"
    + _YEAR + r")|,?" + _S + _NAM + r"(?P<y2>" + _YEAR + r"))?" + _RB,
    re.IGNORECASE,
)
_YEAR_RANGE_WORD_RE = _rx(  # "năm học 2024 - 2025", "năm 2023 - 2028"
    r"năm(?<!\wnăm)", _S, r"(?:học", _S, r")?(?P<y1>", _YEAR, r")(?:", _DASH, r"|/)(?P<y2>", _YEAR, r")", _RB
)
_YEAR_RANGE_RE = _rx(r"(?P<y1>", _NYEAR, r")(?:", _DASH, r"|/)(?P<y2>", _YEAR, r")", _RB)  # "2023 - 2028"
_YEAR_WORD_RE = _rx(r"năm(?<!\wnăm)", _S, r"(?P<y>", _YEAR, r")", _RB)  # "năm 2024"
_YEAR_RE = _rx(r"(?P<y>", _NYEAR, r")", _RB)  # "2024"
_PART_TAIL = (
    _S + r"tháng(?:" + _S + r"(?P<pos>đầu|cuối))?" + _S + _NAM + r"(?P<y>" + _YEAR + r")" + _RB
)
_PART_RE = _rx(r"(?P<n>\d(?<![\w/\-–—.,]\d)\d?)", _PART_TAIL)  # "6 tháng đầu năm 2025"
_PART_WORD_RE = _rx(r"(?P<n>", _words("ba", "sáu", "chín"), r")", _PART_TAIL)  # "sáu tháng đầu năm 2025"
_TET_RE = _rx(  # "Tết Nguyên đán Bính Ngọ 2026", "Tết Ất Tỵ 2025", "Tết 2025"
    r"tết(?<!\wtết)(?:", _S, r"(?:nguyên", _S, r"đán|âm", _S, r"lịch|cổ", _S, r"truyền))?", _HOLIDAY_TAIL
)
_NEW_YEAR_RE = _rx(  # "Tết Dương lịch 2025"
    r"tết(?<!\wtết)", _S, r"(?:dương", _S, r"lịch|tây)(?:", _S, r"năm)?", _S, r"(?P<y>", _YEAR, r")", _RB
)
_MID_AUTUMN_RE = _rx(  # "Tết Trung thu 2025", "Trung thu năm 2025"
    r"(?:", _words("tết", "rằm"), _S, r"trung|", _words("trung"), r")", _S, r"thu", _HOLIDAY_TAIL
)
_LANTERN_RE = _rx(  # "Rằm tháng Giêng 2025"
    r"(?:rằm(?<!\wrằm)", _S, r"tháng", _S, r"giêng|tết(?<!\wtết)", _S, r"nguyên", _S, r"tiêu)", _HOLIDAY_TAIL
)
_SEASON_RE = _rx(  # "Xuân 2026", "Xuân Bính Ngọ 2026": a season's name is a DATE with its year (guide §22)
    r"xuân(?<!\wxuân)(?:", _S, r"năm)?(?:", _S, _CANCHI, r")?(?:", _S, r"năm)?", _S, r"(?P<y>", _YEAR, r")", _RB
)
_CANCHI_YEAR_RE = _rx(_CANCHI, r"(?:", _S, r"năm)?", _S, r"(?P<y>", _YEAR, r")", _RB)  # "Ất Tỵ 2025"

# Context checks on the few characters around a candidate (original text, any case).
_CI = re.IGNORECASE
_NAM_BEFORE = re.compile(r"(?<!\w)năm" + _S + r"$", _CI)
_THU_BEFORE = re.compile(r"(?<!\w)thứ" + _S + r"$", _CI)  # "thứ 7 - 12/4": a weekday, not a range
_DAY_WORD_BEFORE = re.compile(
    r"(?<!\w)(?:ngày|sáng|chiều|tối|trưa|hôm|đêm|dịp|nhân|từ|đến|tới|trước|sau|đầu|cuối|vào|mùng|mồng|lễ|niệm"
    r"|thời\s+điểm|thời\s+hạn|hạn|mốc)"
    r"[\s,:]*$",
    _CI,
)
_RATIO_BEFORE = re.compile(  # "đạt 10/10", "tỷ số 3/1", "lớp 12/3", "Trang 2/10", "Quyết định 12/2025"
    r"(?<!\w)(?:đạt|được|có|gồm|chiếm|t[ỷỉ]\s+(?:số|lệ)|trong\s+số|hơn|gần|khoảng|trên|dưới|giảm|tăng|bằng"
    r"|thắng|thua|hòa|hoà|điểm|kết\s+quả|lớp|số|nhà|hẻm|ngõ|ngách|kiệt|phòng|căn|tổ|khu|ấp|câu|mã|km|trang"
    r"|tập|bài(?:\s+viết)?|ảnh|hình|phần|quyết\s+định|nghị\s+quyết|nghị\s+định|thông\s+tư|công\s+văn"
    r"|chỉ\s+thị|kế\s+hoạch|hướng\s+dẫn|thông\s+báo|luật|kết\s+luận|quy\s+định|báo\s+cáo|tờ\s+trình"
    r"|văn\s+bản|qđ|nq|nđ|cv|kh|hd|tb)[\s:]*$",
    _CI,
)
_COUNT_AFTER = re.compile(  # "9/15 doanh nghiệp", "2025 đoàn viên", "95/100 %"
    _O + r"(?:%|(?:doanh\s+nghiệp|đơn\s+vị|cđcs|công\s+đoàn|người|trường|huyện|xã|phường|thị\s+trấn|quận"
    r"|tỉnh|thành\s+phố|chỉ\s+tiêu|tiêu\s+chí|đoàn\s+viên|hội\s+viên|thành\s+viên|đại\s+biểu|cán\s+bộ"
    r"|công\s+nhân|lao\s+động|cnlđ|nlđ|cnvclđ|đvcđ|học\s+sinh|sinh\s+viên|giáo\s+viên|vđv|vận\s+động\s+viên"
    r"|cơ\s+quan|công\s+ty|hộ|gia\s+đình|suất|phần|lượt|vụ|cuộc|buổi|lớp|đội|tổ|cụm|khối|ngành|địa\s+phương"
    r"|nội\s+dung|câu|bài|phiếu|ý\s+kiến|điểm|trận|huy\s+chương|giải|số|hồ\s+sơ|trường\s+hợp|dự\s+án"
    r"|công\s+trình|chiếc|cái|cuốn|bản|triệu|tỷ|tỉ|nghìn|ngàn|usd|vnđ|km|kg|tấn|ha|m2|m²|em|cháu|lần)(?!\w)"
    r"|đồng(?!\w)(?!\s+chí))",
    _CI,
)
_COUNT_BEFORE = re.compile(  # before a bare year: "số 2025", "hơn 2025", "Hotline: 2025"
    r"(?<!\w)(?:số|khoảng|gần|hơn|trên|dưới|tổng|đạt|mã|phòng|t[ỷỉ]\s+(?:số|lệ)|hotline|điện\s+thoại|đt|sđt"
    r"|tel|fax|cập)[\s:]*$",
    _CI,
)
_YEARS_AFTER = re.compile(  # "1985 năm khởi nghĩa", "2000 tuổi": a duration ("2025 năm nay" is a year)
    _O + r"(?:năm(?!\w)(?!\s+(?:nay|này|qua|tới|trước|sau|đó)(?!\w))|tuổi(?!\w))", _CI
)
_WEEKDAY_BEFORE = re.compile(  # "Thứ Hai, ngày " / "Chủ nhật, " / "Thứ 2 (" right before a day
    r"(?<!\w)(?P<wd>thứ" + _S + r"(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ" + _S + r"nhật|(?-i:CN))"
    r"(?:" + _O + r"[,\-–—]" + _O + r"|" + _S + r"|" + _O + r"(?P<paren>\()" + _O + r")(?:" + _NGAY + r")?$",
    _CI,
)
_ORDINAL_BEFORE = re.compile(  # "lần thứ 2", "khóa thứ Ba": an ordinal, not a weekday
    r"(?<!\w)(?:lần|khóa|khoá|kỳ|kì|hạng|giải|đứng|vị\s+trí|ngày|lớp|tuần|đợt|phiên|buổi|số|năm|người)" + _S + r"$",
    _CI,
)
_CLOSE_PAREN = re.compile(_O + r"\)")

# Where nothing is a date: a token holding a URL, a domain or an e-mail address; a phone number.
_WEB_HINT = _rx(r"://|www\.|@|\.(?:vn|com|net|org|gov|edu|info)(?![a-z0-9])")
_PHONE = _rx(  # "0912 345 678", "(024) 3825 2025", "+84 912 345 678", hotlines "1900 2025", "1800.1091"
    r"(?:(?:\+84|\(0\d\d?\d?\)|0(?<![\w/]0)\d\d?\d?)(?:[ .\-]?\d\d\d\d?){2,3}"
    r"|1(?<![\w/]1)[89]00(?:[ .]?\d\d\d?\d?){1,3})(?![\w/])"
)
_TOKEN_REST = re.compile(r"\S{0,500}")
_SPACES = (" ", "\n", "\t", "\r", "\xa0")

_HAS_DIGIT = re.compile(r"\d")
_LOWER_FIX = str.maketrans({"\u0130": "i"})  # the one letter whose lower case is two characters
_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SPELLED_COUNT = {"ba": 3, "sáu": 6, "chín": 9}

# Years accepted: next to a calendar word; a bare year (CONVENTIONS.md: 1945-2099); a bare year in
# a range or a month-year; the year of a lunar holiday (where the algorithm is reliable).
_WORD_YEARS = range(1000, 3000)
_BARE_YEARS = range(1945, 2100)
_RANGE_YEARS = range(1900, 2100)
_LUNAR_YEARS = range(1800, 2200)

_Cand = tuple[int, int, str, bool]  # start, end, value, whether a weekday may lead it
_Handler = Callable[[re.Match[str], str, int | None], _Cand | None]


def _day_ok(d: int, m: int) -> bool:
    """Whether day d exists in month m of some year."""
    return 1 <= m <= 12 and 1 <= d <= _MONTH_DAYS[m]


def _full(y: int | None, m: int, d: int) -> str | None:
    """ISO value of a day of a known year; None if there is no such day."""
    if y is None or not _day_ok(d, m):
        return None
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:  # 29/2 of a common year
        return None


def _ymd(y: int | None, m: int, d: int) -> str | None:
    """ISO value of a day whose year may be unknown ("--MM-DD"); None if there is no such day.

    A 29/2 resolved against a common document year keeps its "--02-29" form.
    """
    if not _day_ok(d, m):
        return None
    return _full(y, m, d) or f"--{m:02d}-{d:02d}"


def _ym(y: int | None, m: int) -> str | None:
    """ISO value of a month ("2025-05", or "--05" with no year); None outside 1-12."""
    if not 1 <= m <= 12:
        return None
    return f"--{m:02d}" if y is None else f"{y:04d}-{m:02d}"


def _range(a: str | None, b: str | None) -> str | None:
    """An ISO interval "a/b"; None unless both ends exist and, with years known, a is before b."""
    if a is None or b is None or a == b or (a[0] == "-") != (b[0] == "-"):
        return None
    if a[0] != "-" and a > b:
        return None
    return f"{a}/{b}"


def _int(s: str | None) -> int | None:
    return None if s is None else int(s)


def _before(text: str, start: int, pattern: re.Pattern[str], width: int = 24) -> bool:
    """Whether pattern (anchored with $) matches the text just before start."""
    return pattern.search(text, max(0, start - width), start) is not None


def _is_ratio(text: str, start: int, end: int) -> bool:
    """Whether a bare X/Y reads as a ratio, a score, a count or an address rather than a date."""
    if _before(text, start, _DAY_WORD_BEFORE) or _before(text, start, _WEEKDAY_BEFORE, 40):
        return False
    return _before(text, start, _RATIO_BEFORE) or _COUNT_AFTER.match(text, end) is not None


def _is_count(text: str, start: int, end: int) -> bool:
    """Whether a bare 4-digit number counts things or is an identifier rather than a year."""
    return (
        _before(text, start, _COUNT_BEFORE)
        or _COUNT_AFTER.match(text, end) is not None
        or _YEARS_AFTER.match(text, end) is not None
    )


# Handlers: (match, original text, document year) -> a candidate, or None when it is no date.


def _h_full(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    v = _full(y, int(m["m"]), int(m["d"])) if y in _WORD_YEARS else None
    return None if v is None else (m.start(), m.end(), v, True)


def _h_short_year(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    if not _is_stamp_line(text, m.start(), m.end()):
        return None
    v = _full(2000 + int(m["y"]), int(m["m"]), int(m["d"]))
    return None if v is None else (m.start(), m.end(), v, True)


def _h_dm(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    if m["y"] is not None:
        return _h_full(m, text, year)
    if _is_ratio(text, m.start(), m.end()):
        return None
    v = _ymd(year, int(m["m"]), int(m["d"]))
    return None if v is None else (m.start(), m.end(), v, True)


def _h_dm_ctx(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    v = _ymd(year, int(m["m"]), int(m["d"]))
    return None if v is None else (m.start("span"), m.end("span"), v, True)


def _h_day_range(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    d1, d2, mo, y = int(m["d1"]), int(m["d2"]), int(m["m"]), _int(m["y"])
    if d1 >= d2 or (y is not None and y not in _WORD_YEARS) or _before(text, m.start(), _THU_BEFORE, 12):
        return None
    if y is None and _is_ratio(text, m.start(), m.end()):
        return None
    y = year if y is None else y
    v = _range(_ymd(y, mo, d1), _ymd(y, mo, d2))
    start = m.start("span") if "span" in m.re.groupindex else m.start()
    return None if v is None else (start, m.end(), v, False)


def _h_day_list(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    """A list of days sharing one month, after a day word ("ngày 19 và 20/4"): first to last day."""
    days = [int(d) for d in re.findall(r"\d+", m.group()[: m.start("d2") - m.start()])] + [int(m["d2"])]
    if any(a >= b for a, b in zip(days, days[1:])) or not _before(text, m.start(), _DAY_WORD_BEFORE):
        return None
    y = _int(m["y"])
    if y is not None and y not in _WORD_YEARS:
        return None
    y = year if y is None else y
    v = _range(_ymd(y, int(m["m"]), days[0]), _ymd(y, int(m["m"]), days[-1]))
    return None if v is None else (m.start(), m.end(), v, True)


# A capitalised word before "Xuân" makes it a name ("Thanh Xuân", "Nguyễn Thị Xuân"), except these.
_SEASON_PREFIXES = frozenset({"tết", "mừng", "chào", "đón", "vui", "mùa", "hội", "sắc", "hương", "chợ", "ấm"})
def _h_season(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    before = text[max(0, m.start() - 20):m.start()]
    words = before.split()
    word = words[-1] if words and before[-1:] in " \t\xa0" else ""
    if word.isalpha() and word.istitle() and word.lower() not in _SEASON_PREFIXES \
            and not text[m.start():m.start() + 5].isupper():
        return None
    return (m.start(), m.end(), f"{y:04d}", False) if y in _WORD_YEARS else None


def _h_spelled(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = _int(m["y"])
    if y is not None and y not in _WORD_YEARS:
        return None
    y = year if y is None else y
    mo, d1 = int(m["m"]), int(m["d1"])
    last = m["d2"] or m["d3"]
    if last is None:
        v = _ymd(y, mo, d1)
        return None if v is None else (m.start(), m.end(), v, True)
    if d1 >= int(last):
        return None
    v = _range(_ymd(y, mo, d1), _ymd(y, mo, int(last)))
    return None if v is None else (m.start(), m.end(), v, False)


def _h_month_year(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    v = _ym(y, int(m["m"])) if y in _WORD_YEARS else None
    return None if v is None else (m.start(), m.end(), v, False)


def _h_month_range(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    m1, m2, y = int(m["m1"]), int(m["m2"]), _int(m["y"])
    if m1 >= m2 or (y is not None and y not in _WORD_YEARS):
        return None
    y = year if y is None else y
    v = _range(_ym(y, m1), _ym(y, m2))
    return None if v is None else (m.start(), m.end(), v, False)


def _h_my(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    if y not in _RANGE_YEARS or _is_ratio(text, m.start(), m.end()):
        return None
    v = _ym(y, int(m["m"]))
    return None if v is None else (m.start(), m.end(), v, False)


def _h_month(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    v = _ym(year, int(m["m"]))
    return None if v is None else (m.start(), m.end(), v, False)


def _h_quarter(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = _int(m["y"] or m["y2"])
    if y is not None and y not in _WORD_YEARS:
        return None
    y = year if y is None else y
    if y is None:  # CONVENTIONS.md: a quarter with no year and no document date is no entity
        return None
    return m.start(), m.end(), f"{y:04d}-Q{_ROMAN[m['q'].upper()]}", False


def _h_year_range(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    worded = not m.group(0)[0].isdigit()
    allowed = _WORD_YEARS if worded else _RANGE_YEARS
    if not (y1 < y2 and y1 in allowed and y2 in allowed):
        return None
    if not worded and _is_count(text, m.start(), m.end()):
        return None
    return m.start(), m.end(), f"{y1:04d}/{y2:04d}", False


def _h_year_word(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    return (m.start(), m.end(), f"{y:04d}", False) if y in _WORD_YEARS else None


def _h_year(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    if y not in _BARE_YEARS or _is_count(text, m.start(), m.end()):
        return None
    return m.start(), m.end(), f"{y:04d}", False


def _h_part(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    n_text, y = m["n"], int(m["y"])
    n = _SPELLED_COUNT[n_text] if n_text in _SPELLED_COUNT else int(n_text)
    if not (1 <= n <= 11 and y in _WORD_YEARS):
        return None
    first, last = (1, n) if m["pos"] in (None, "đầu") else (13 - n, 12)
    return m.start(), m.end(), f"{y:04d}-{first:02d}/{y:04d}-{last:02d}", False


def _lunar_holiday(day: int, month: int) -> _Handler:
    """A handler for a lunar holiday followed by its year: the holiday's solar date."""

    def handler(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
        y = int(m["y"])
        if y not in _LUNAR_YEARS:
            return None
        return m.start(), m.end(), lunar_to_solar(day, month, y).isoformat(), False

    return handler


def _h_new_year(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    return (m.start(), m.end(), f"{y:04d}-01-01", False) if y in _WORD_YEARS else None


def _h_canchi_year(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    if y not in _WORD_YEARS:
        return None
    start = m.start()
    before = _NAM_BEFORE.search(text, max(0, start - 12), start)  # "năm Ất Tỵ 2025": năm inside
    return (start if before is None else before.start()), m.end(), f"{y:04d}", False


# (pattern, handler, runs on the original text rather than the lower-cased copy)
_RULES: tuple[tuple[re.Pattern[str], _Handler, bool], ...] = (
    (_FULL_RE, _h_full, False),
    (_ISO_RE, _h_full, False),
    (_SHORT_YEAR_RE, _h_short_year, False),
    (_DM_RE, _h_dm, False),
    (_DM_CTX_RE, _h_dm_ctx, False),
    (_DAY_RANGE_RE, _h_day_range, False),
    (_DAY_LIST_RE, _h_day_list, False),
    (_FROM_TO_RE, _h_day_range, False),
    (_SPELLED_RE, _h_spelled, False),
    (_MONTH_YEAR_RE, _h_month_year, False),
    (_MONTH_RANGE_RE, _h_month_range, False),
    (_MY_RE, _h_my, False),
    (_MONTH_RE, _h_month, False),
    (_QUARTER_RE, _h_quarter, True),
    (_YEAR_RANGE_WORD_RE, _h_year_range, False),
    (_YEAR_RANGE_RE, _h_year_range, False),
    (_YEAR_WORD_RE, _h_year_word, False),
    (_YEAR_RE, _h_year, False),
    (_PART_RE, _h_part, False),
    (_PART_WORD_RE, _h_part, False),
    (_TET_RE, _lunar_holiday(1, 1), False),
    (_NEW_YEAR_RE, _h_new_year, False),
    (_MID_AUTUMN_RE, _lunar_holiday(15, 8), False),
    (_LANTERN_RE, _lunar_holiday(15, 1), False),
    (_CANCHI_YEAR_RE, _h_canchi_year, False),
    (_SEASON_RE, _h_season, False),
)
_DIGITLESS_RULES = ((_QUARTER_RE, _h_quarter, True),)  # all a text with no digit can hold: "quý IV"


def _lower(text: str) -> str:
    """A lower-cased copy of text with the same length, so that offsets carry over."""
    low = text.lower()
    if len(low) != len(text):
        low = text.translate(_LOWER_FIX).lower()
        if len(low) != len(text):  # a future Unicode letter with a longer lower case
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def _blocked_spans(text: str, low: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the sorted, merged spans of URLs, domains, e-mail addresses and phones."""
    spans = [m.span() for m in _PHONE.finditer(low)]
    covered = -1
    for m in _WEB_HINT.finditer(low):  # the whole whitespace-delimited token around the hint
        if m.start() < covered:
            continue
        lo = max(0, m.start() - 500, covered)
        space = max(text.rfind(c, lo, m.start()) for c in _SPACES)
        covered = _TOKEN_REST.match(text, m.end()).end()
        spans.append((lo if space < 0 else space + 1, covered))
    spans.sort()
    starts: list[int] = []
    ends: list[int] = []
    for s, e in spans:
        if ends and s < ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _overlaps(blocked: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the blocked spans."""
    starts, ends = blocked
    i = bisect.bisect_right(ends, start)  # the first span ending after start
    return i < len(starts) and starts[i] < end


def _with_weekday(text: str, start: int, end: int, floor: int) -> tuple[int, int]:
    """Widen a day to take in a weekday written before it ("Thứ Hai, ngày 7/4/2025")."""
    m = _WEEKDAY_BEFORE.search(text, max(floor, start - 40), start)
    if m is None:
        return start, end
    if m["wd"][0] in "tT" and _before(text, m.start("wd"), _ORDINAL_BEFORE):
        return start, end
    if m["paren"] is not None:
        close = _CLOSE_PAREN.match(text, end)
        if close is None:
            return start, end
        end = close.end()
    return m.start("wd"), end


def find_dates(text: str, doc_date: datetime.date | None = None) -> list[DateMatch]:
    """Calendar expressions in text, sorted and non-overlapping, each with its ISO 8601 value.

    A day or month written without a year takes the year of doc_date, or is written "--MM-DD" /
    "--MM" when there is none (a year found elsewhere in the text is never borrowed).

    >>> [(m.text, m.value) for m in find_dates("Thứ Hai, ngày 7/4/2025 và dịp 8/3")]
    [('Thứ Hai, ngày 7/4/2025', '2025-04-07'), ('8/3', '--03-08')]
    >>> [m.value for m in find_dates("nhiệm kỳ 2023 - 2028; Tết Nguyên đán Bính Ngọ 2026")]
    ['2023/2028', '2026-02-17']
    >>> [m.value for m in find_dates("đạt 10/10 chỉ tiêu, 24/24 CĐCS, Quyết định số 1234/QĐ-TLĐ")]
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"find_dates() needs a str, not {type(text).__name__}; decode bytes first")
    if doc_date is not None and not isinstance(doc_date, datetime.date):
        raise TypeError(f"doc_date must be a datetime.date or None, not {type(doc_date).__name__}")
    year = None if doc_date is None else doc_date.year
    rules = _RULES if _HAS_DIGIT.search(text) else _DIGITLESS_RULES if year is not None else ()
    if not rules:
        return []
    low = _lower(text)
    cands: list[_Cand] = []
    for rx, handler, on_original in rules:
        for m in rx.finditer(text if on_original else low):
            try:
                cand = handler(m, text, year)
            except (ValueError, OverflowError):  # a calendar value out of range: no date
                cand = None
            if cand is not None:
                cands.append(cand)
    if not cands:
        return []
    blocked = _blocked_spans(text, low)
    if blocked[0]:
        cands = [c for c in cands if not _overlaps(blocked, c[0], c[1])]
    cands.sort(key=lambda c: (c[0], -c[1]))  # leftmost first, then longest
    found: list[DateMatch] = []
    last_end = 0
    for start, end, value, day in cands:
        if start < last_end:
            continue
        if day:
            start, end = _with_weekday(text, start, end, last_end)
        found.append(DateMatch(start, end, text[start:end], value))
        last_end = end
    return found


# What a page's timestamp line may hold besides its date: clock times, zones, separators, stamp words.
_STAMP_FILLER = re.compile(
    r"\d{1,2}\s*[:hg]\s*\d{2}(?::\d{2})?(?:\s*(?:am|pm|sa|ch))?|(?:gmt|utc)\s*(?:[+\-]\s*\d{1,2}(?::?00)?)?"
    r"|ngày\s+cập\s+nhật|cập\s+nhật|cập\s+nhập|lần\s+cập\s+nhật\s+cuối|ngày\s+đăng|đăng\s+ngày|đăng\s+lúc"
    r"|ngày\s+xuất\s+bản|xuất\s+bản|thời\s+gian|ngày|lúc|giờ|đăng|posted|updated|published"
    r"|[\s|,;:\-–—/()\[\]•·+]",
    _CI,
)
_STAMP_MAX_LINE = 120
_STAMP_MAX_REST_WORDS = 3
_DAY_PARTS = frozenset({"sáng", "chiều", "tối", "trưa", "đêm", "hôm", "tại", "từ", "đến", "và"})


def page_date(text: str, found: list[DateMatch] | None = None) -> datetime.date | None:
    """The page's own timestamp (guide §21), which is the document's date: the first full date on a short
    line holding nothing else but a weekday, clock times, a time zone and stamp words ("Thứ Sáu, 14/06/2024
    | 09:12", "Cập nhật ngày: 14/06/2024", "2024-06-14 08:30"); a date in a sentence ("Ngày 13/02/2025,
    LĐLĐ tỉnh tổ chức ...") is not one. ``found``: the dates already found in text (without a document date).

    >>> page_date("Trang chủ > Công đoàn\\nThứ Sáu, 14/06/2024 | 09:12\\nSáng 13/6, LĐLĐ tỉnh họp.")
    datetime.date(2024, 6, 14)
    >>> page_date("Ngày 13/02/2025, LĐLĐ tỉnh tổ chức hội nghị.") is None
    True
    """
    for m in find_dates(text) if found is None else found:
        if len(m.value) == 10 and "/" not in m.value and not m.value.startswith("-") \
                and _is_stamp_line(text, m.start, m.end):
            return datetime.date.fromisoformat(m.value)
    return None


def _is_stamp_line(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands on a short line with nothing else but a timestamp's furniture."""
    line_start = text.rfind("\n", max(0, start - _STAMP_MAX_LINE), start) + 1
    line_end = text.find("\n", end, end + _STAMP_MAX_LINE + 1)
    line_end = len(text) if line_end < 0 and len(text) - end <= _STAMP_MAX_LINE else line_end
    if line_end < 0 or line_end - line_start > _STAMP_MAX_LINE or (line_start == 0 and start > _STAMP_MAX_LINE):
        return False
    words = _STAMP_FILLER.sub(" ", text[line_start:start] + " " + text[end:line_end]).split()
    return len(words) <= _STAMP_MAX_REST_WORDS and not any(w.lower() in _DAY_PARTS or _HAS_DIGIT.search(w)
                                                             for w in words)
