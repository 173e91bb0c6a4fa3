"""Vietnamese calendar expressions: find them in text and give each an ISO 8601 value.

Why our own grammar: general date parsers get Vietnamese wrong (dateparser's data calls Sunday
"Thứ 1") and know nothing of the project's span and value rules. This module implements exactly
ANNOTATION_GUIDE.md §10-11 (spans: "ngày" outside numeric dates and inside spelled-out ones, a
leading weekday inside, "nhiệm kỳ"/"giai đoạn" outside; values: "2025-02-13", "2024", "2025-07",
"2025-Q1", ranges with a slash, a day-month resolved against the document date, Tết resolved to
its solar date) and the team decisions of data/CONVENTIONS.md where the guide is silent.

It also carries the Vietnamese lunar calendar (Hồ Ngọc Đức's astronomical algorithm after Meeus,
in the UTC+7 time zone: Vietnamese Tết differs from Chinese New Year in 1985 and 2007), needed to
resolve Tết, Trung thu and Rằm tháng Giêng. Standard library only; no other vnunion_nlp import.

>>> [(m.text, m.value) for m in find_dates("Sáng 13/02/2025, LĐLĐ tỉnh tổng kết năm 2024.")]
[('13/02/2025', '2025-02-13'), ('năm 2024', '2024')]
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["DateMatch", "can_chi", "find_dates", "lunar_to_solar", "solar_to_lunar", "tet_date"]


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
# Building blocks. Spaces never cross a line break; digits are never taken out of a longer
# number, a document number ("12/2012/QH13") or an amount ("1.650.698"). Every pattern starts with a
# digit or a letter and checks the word edge behind it afterwards, which lets `re` skip ahead fast.


def _words(*words: str) -> str:
    """An alternation of whole words (each checked for a word start after it: faster)."""
    return "(?:" + "|".join(f"{w}(?<!\\w{w})" for w in words) + ")"


_H = r"[^\S\r\n]"  # one horizontal space
_S = _H + "+"
_O = _H + "*"
_DASH = _O + r"[-–—]" + _O
_N = r"\d(?<![\w/\-–—]\d)(?<!\d[.,:]\d)"  # first digit of a number (checked after it: faster)
_RB = r"(?![\w/])(?![.,:\-–—]\d)(?!-[^\W\d_])"  # right edge of a number
_YEAR = r"\d\d\d\d"
_NYEAR = _N + r"\d\d\d"  # a year that starts a number
_NAM = r"năm" + _S
_STEM = _words("giáp", "ất", "bính", "đinh", "mậu", "kỷ", "kỉ", "canh", "tân", "nhâm", "quý", "quí")
_CANCHI = (
    _STEM + _S
    + r"(?:tý|tí|sửu|dần|mão|mẹo|thìn|tỵ|tị|ngọ|mùi|thân|dậu|tuất|hợi)(?!\w)"
)
_LUNAR_AFTER = r"(?!" + _O + r"\(?" + _O + r"(?:âm" + _S + r"lịch|(?-i:AL))(?!\w))"
_HOLIDAY_TAIL = (  # "[năm] [<can chi>] [năm] YYYY" after a holiday name
    r"(?:" + _S + r"năm)?(?:" + _S + _CANCHI + r")?(?:" + _S + r"năm)?" + _S + r"(?P<y>" + _YEAR + r")" + _RB
)

_FLAGS = re.IGNORECASE

_FULL_RE = re.compile(r"(?P<d>" + _N + r"\d?)(?P<sep>[/.\-])(?P<m>\d\d?)(?P=sep)(?P<y>" + _YEAR + r")" + _RB, _FLAGS)
_ISO_RE = re.compile(r"(?P<y>" + _NYEAR + r")-(?P<m>\d\d)-(?P<d>\d\d)" + _RB, _FLAGS)
_DM_RE = re.compile(
    r"(?P<d>" + _N + r"\d?)/(?P<m>\d\d?)(?:,?" + _S + _NAM + r"(?P<y>" + _YEAR + r"))?" + _RB, _FLAGS
)
_DM_CTX_RE = re.compile(  # "ngày 8-3", "sáng 21.11": other separators only after a day word
    _words("ngày", "sáng", "chiều", "tối", "trưa", "hôm", "đêm") + r"(?:" + _S + r"ngày)?" + _S
    + r"(?P<span>(?P<d>\d\d?)[.\-](?P<m>\d\d?))" + _RB,
    _FLAGS,
)
_DAY_RANGE_RE = re.compile(  # "15 - 20/5/2025"
    r"(?P<d1>" + _N + r"\d?)" + _DASH + r"(?P<d2>\d\d?)/(?P<m>\d\d?)(?:/(?P<y>" + _YEAR + r"))?" + _RB, _FLAGS
)
_DM_RANGE_RE = re.compile(  # "1/3 - 31/3/2025", "28/7/1929 - 28/7/2025"
    r"(?P<d1>" + _N + r"\d?)/(?P<m1>\d\d?)(?:/(?P<y1>" + _YEAR + r"))?" + _DASH
    + r"(?P<d2>\d\d?)/(?P<m2>\d\d?)(?:/(?P<y2>" + _YEAR + r"))?" + _RB,
    _FLAGS,
)
_FROM_TO_RE = re.compile(  # "từ ngày 15 đến 20/5/2025": "15" alone is no date, so one span
    r"từ(?<!\wtừ)" + _S + r"(?:ngày" + _S + r")?(?P<span>(?P<d1>\d\d?)" + _S + r"đến" + _S
    + r"(?:ngày" + _S + r")?(?P<d2>\d\d?)/(?P<m>\d\d?)(?:/(?P<y>" + _YEAR + r"))?)" + _RB,
    _FLAGS,
)
_SPELLED_RE = re.compile(  # "ngày 3 tháng 4 năm 2024", "ngày 15 - 16 tháng 5", "ngày mồng 3 tháng 2"
    r"ngày(?<!\wngày)" + _S + r"(?:(?:mồng|mùng)" + _S + r")?(?P<d1>\d\d?)(?:" + _DASH + r"(?P<d2>\d\d?)|"
    + _S + r"đến" + _S + r"(?:ngày" + _S + r")?(?P<d3>\d\d?))?" + _S + r"tháng" + _S + r"(?P<m>\d\d?)"
    + r"(?:,?" + _S + _NAM + r"(?P<y>" + _YEAR + r"))?" + _RB + _LUNAR_AFTER,
    _FLAGS,
)
_MONTH_YEAR_RE = re.compile(
    r"tháng(?<!\wtháng)" + _S + r"(?P<m>\d\d?)(?:" + _O + r"[/.\-–—]" + _O + r"|,?" + _S + _NAM + r")(?P<y>"
    + _YEAR + r")" + _RB,
    _FLAGS,
)
_MONTH_RANGE_RE = re.compile(  # "tháng 9 - 10/2025"
    r"tháng(?<!\wtháng)" + _S + r"(?P<m1>\d\d?)" + _DASH + r"(?:tháng" + _S + r")?(?P<m2>\d\d?)(?:(?:/|,?"
    + _S + _NAM + r")(?P<y>" + _YEAR + r"))?" + _RB + _LUNAR_AFTER,
    _FLAGS,
)
_MY_RE = re.compile(r"(?P<m>" + _N + r"\d?)/(?P<y>" + _YEAR + r")" + _RB, _FLAGS)  # "9/2025"
_MONTH_RE = re.compile(  # bare "tháng 5"
    r"tháng(?<!\wtháng)" + _S + r"(?P<m>\d\d?)(?![\w/])(?![.,:]\d)(?!" + _O + r"[/.\-–—]" + _O + r"\d)"
    + _LUNAR_AFTER,
    _FLAGS,
)
_QUARTER_RE = re.compile(
    r"qu[ýí](?<!\wqu[ýí])" + _S + r"(?P<q>(?-i:IV|I{1,3})|[1-4])(?:" + _O + r"[/\-–—]" + _O + r"(?P<y>" + _YEAR
    + r")|,?" + _S + _NAM + r"(?P<y2>" + _YEAR + r"))?" + _RB,
    _FLAGS,
)
_YEAR_RANGE_WORD_RE = re.compile(  # "năm học 2024 - 2025", "năm 2023 - 2028"
    r"năm(?<!\wnăm)" + _S + r"(?:học" + _S + r")?(?P<y1>" + _YEAR + r")(?:" + _DASH + r"|/)(?P<y2>" + _YEAR
    + r")" + _RB,
    _FLAGS,
)
_YEAR_RANGE_RE = re.compile(r"(?P<y1>" + _NYEAR + r")(?:" + _DASH + r"|/)(?P<y2>" + _YEAR + r")" + _RB, _FLAGS)
_YEAR_WORD_RE = re.compile(r"năm(?<!\wnăm)" + _S + r"(?P<y>" + _YEAR + r")" + _RB, _FLAGS)
_YEAR_RE = re.compile(r"(?P<y>" + _NYEAR + r")" + _RB, _FLAGS)
_PART_RE = re.compile(  # "6 tháng đầu năm 2025", "6 tháng cuối năm 2024", "9 tháng năm 2025"
    r"(?P<n>\d(?<![\w/\-–—.,]\d)\d?|" + _words("ba", "sáu", "chín") + r")" + _S + r"tháng(?:" + _S + r"(?P<pos>đầu|cuối))?" + _S + _NAM
    + r"(?P<y>" + _YEAR + r")" + _RB,
    _FLAGS,
)
_TET_RE = re.compile(
    r"tết(?<!\wtết)(?:" + _S + r"(?:nguyên" + _S + r"đán|âm" + _S + r"lịch|cổ" + _S + r"truyền))?" + _HOLIDAY_TAIL,
    _FLAGS,
)
_NEW_YEAR_RE = re.compile(
    r"tết(?<!\wtết)" + _S + r"(?:dương" + _S + r"lịch|tây)(?:" + _S + r"năm)?" + _S + r"(?P<y>" + _YEAR + r")" + _RB,
    _FLAGS,
)
_MID_AUTUMN_RE = re.compile(
    r"(?:" + _words("tết", "rằm") + _S + r"trung|" + _words("trung") + r")" + _S + r"thu" + _HOLIDAY_TAIL, _FLAGS
)
_LANTERN_RE = re.compile(
    r"(?:rằm(?<!\wrằm)" + _S + r"tháng" + _S + r"giêng|tết(?<!\wtết)" + _S + r"nguyên" + _S + r"tiêu)" + _HOLIDAY_TAIL,
    _FLAGS,
)
_CANCHI_YEAR_RE = re.compile(
    r"(?:năm(?<!\wnăm)" + _S + r")?" + _CANCHI + r"(?:" + _S + r"năm)?" + _S + r"(?P<y>" + _YEAR + r")" + _RB, _FLAGS
)

# Context checks, run on a few characters around a candidate.
_DAY_WORD_BEFORE = re.compile(
    r"(?<!\w)(?:ngày|sáng|chiều|tối|trưa|hôm|đêm|dịp|nhân|từ|đến|tới|trước|sau|đầu|cuối|vào|mùng|mồng|lễ|niệm)"
    + r"[\s,:]*$",
    _FLAGS,
)
_RATIO_BEFORE = re.compile(
    r"(?<!\w)(?:đạt|được|có|gồm|chiếm|t[ỷỉ][^\S\r\n]+(?:số|lệ)|trong[^\S\r\n]+số|hơn|gần|khoảng|trên|dưới|giảm"
    r"|tăng|bằng|thắng|thua|hòa|hoà|điểm|kết[^\S\r\n]+quả|lớp|số|nhà|hẻm|ngõ|ngách|kiệt|phòng|căn|tổ|khu|ấp"
    r"|câu|mã|km)[\s:]*$",
    _FLAGS,
)
_COUNT_AFTER = re.compile(
    r"[^\S\r\n]*(?:%|(?:doanh[^\S\r\n]+nghiệp|đơn[^\S\r\n]+vị|cđcs|công[^\S\r\n]+đoàn|người|trường|huyện|xã"
    r"|phường|thị[^\S\r\n]+trấn|quận|tỉnh|thành[^\S\r\n]+phố|chỉ[^\S\r\n]+tiêu|tiêu[^\S\r\n]+chí|đoàn[^\S\r\n]+viên"
    r"|hội[^\S\r\n]+viên|thành[^\S\r\n]+viên|đại[^\S\r\n]+biểu|cán[^\S\r\n]+bộ|công[^\S\r\n]+nhân|lao[^\S\r\n]+động"
    r"|cnlđ|nlđ|cnvclđ|đvcđ|học[^\S\r\n]+sinh|sinh[^\S\r\n]+viên|giáo[^\S\r\n]+viên|vđv|vận[^\S\r\n]+động[^\S\r\n]+viên"
    r"|cơ[^\S\r\n]+quan|công[^\S\r\n]+ty|hộ|gia[^\S\r\n]+đình|suất|phần|lượt|vụ|cuộc|buổi|lớp|đội|tổ|cụm|khối|ngành"
    r"|địa[^\S\r\n]+phương|nội[^\S\r\n]+dung|câu|bài|phiếu|ý[^\S\r\n]+kiến|điểm|trận|huy[^\S\r\n]+chương|giải|số"
    r"|hồ[^\S\r\n]+sơ|trường[^\S\r\n]+hợp|dự[^\S\r\n]+án|công[^\S\r\n]+trình|chiếc|cái|cuốn|bản|triệu|tỷ|tỉ"
    r"|nghìn|ngàn|usd|vnđ|km|kg|tấn|ha|m2|m²|em|cháu|lần)(?!\w)|đồng(?!\w)(?![^\S\r\n]+chí))",
    _FLAGS,
)
_COUNT_BEFORE = re.compile(  # before a bare year: "số 2025", "hơn 2025"
    r"(?<!\w)(?:số|khoảng|gần|hơn|trên|dưới|tổng|đạt|mã|phòng|t[ỷỉ][^\S\r\n]+(?:số|lệ)|hotline|điện[^\S\r\n]+thoại"
    r"|đt|sđt|tel|fax|cập)[\s:]*$",
    _FLAGS,
)
_WEEKDAY_BEFORE = re.compile(  # "Thứ Hai, ngày " / "Chủ nhật, " / "Thứ 2 (" right before a day date
    r"(?<!\w)(?P<wd>thứ" + _S + r"(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ" + _S + r"nhật|(?-i:CN))"
    + r"(?:" + _O + r"[,\-–—]" + _O + r"|" + _S + r"|" + _O + r"(?P<paren>\()" + _O + r")(?:ngày" + _S + r")?$",
    _FLAGS,
)
_ORDINAL_BEFORE = re.compile(  # "lần thứ 2", "khóa thứ Ba": an ordinal, not a weekday
    r"(?<!\w)(?:lần|khóa|khoá|kỳ|kì|hạng|giải|đứng|vị[^\S\r\n]+trí|ngày|lớp|tuần|đợt|phiên|buổi|số|năm|người)"
    + _S + r"$",
    _FLAGS,
)
_CLOSE_PAREN = re.compile(_O + r"\)")
_BLOCKERS = (  # spans where nothing is a date: URLs, e-mail addresses, phone numbers
    re.compile(r"(?:https?://|www\.)[^\s<>\"']+", _FLAGS),
    re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", _FLAGS),
    re.compile(r"(?<![\w.])[\w\-]+(?:\.[\w\-]+)*\.(?:vn|com|net|org|gov|edu|info)(?:/[^\s<>\"']*)?", _FLAGS),
    re.compile(
        r"(?<![\w/])(?:\+84|\(0\d\d?\d?\)|0\d\d?\d?|1[89]00)(?:[ .\-]?\d\d\d\d?){2,3}(?![\w/])", _FLAGS
    ),
)
_HAS_DIGIT = re.compile(r"\d")
_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SPELLED_COUNT = {"ba": 3, "sáu": 6, "chín": 9}

# Year ranges accepted: a year next to a calendar word, a bare year (CONVENTIONS.md), a bare year in
# a range or a month-year, a year of a lunar holiday (where the algorithm is reliable).
_WORD_YEARS = range(1000, 3000)
_BARE_YEARS = range(1945, 2100)
_RANGE_YEARS = range(1900, 2100)
_LUNAR_YEARS = range(1800, 2200)

# A candidate: (start, end, value, day_precision).
_Cand = tuple[int, int, str, bool]


def _day_ok(d: int, m: int) -> bool:
    """Whether day d exists in month m of some year."""
    return 1 <= m <= 12 and 1 <= d <= _MONTH_DAYS[m]


def _full(y: int | None, m: int, d: int) -> str | None:
    """ISO value of a day of a known year; None if no such day."""
    if y is None or not _day_ok(d, m):
        return None
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:  # 29/2 of a common year, or a year out of range
        return None


def _ymd(y: int | None, m: int, d: int) -> str | None:
    """ISO value of a day whose year may be unknown ("--MM-DD"); None if no such day.

    A 29/2 resolved against a common document year keeps its "--02-29" form.
    """
    if not _day_ok(d, m):
        return None
    return _full(y, m, d) or f"--{m:02d}-{d:02d}"


def _ym(y: int | None, m: int) -> str | None:
    """ISO value of a month ("2025-05" or "--05"); None for a month outside 1-12."""
    if not 1 <= m <= 12:
        return None
    return f"--{m:02d}" if y is None else f"{y:04d}-{m:02d}"


def _int(s: str | None) -> int | None:
    return None if s is None else int(s)


def _before(text: str, start: int, pattern: re.Pattern[str], width: int = 24) -> bool:
    """Whether pattern (anchored with $) matches the text just before start."""
    return pattern.search(text, max(0, start - width), start) is not None


def _is_ratio(text: str, start: int, end: int) -> bool:
    """A bare X/Y that reads as a ratio, score or count rather than a date."""
    if _before(text, start, _DAY_WORD_BEFORE) or _before(text, start, _WEEKDAY_BEFORE, 40):
        return False
    return _before(text, start, _RATIO_BEFORE) or _COUNT_AFTER.match(text, end) is not None


def _is_count(text: str, start: int, end: int) -> bool:
    """A bare 4-digit number that counts things or is an identifier rather than a year."""
    return _before(text, start, _COUNT_BEFORE) or _COUNT_AFTER.match(text, end) is not None


# Handlers: a match, the text and the document year -> a candidate or None.


def _h_full(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    if y not in _WORD_YEARS:
        return None
    v = _full(y, int(m["m"]), int(m["d"]))
    return None if v is None else (m.start(), m.end(), v, True)


def _h_dm(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = _int(m["y"])
    if y is not None:
        v = _full(y, int(m["m"]), int(m["d"]))
        return None if v is None else (m.start(), m.end(), v, True)
    if _is_ratio(text, m.start(), m.end()):
        return None
    v = _ymd(year, int(m["m"]), int(m["d"]))
    return None if v is None else (m.start(), m.end(), v, True)


def _h_dm_ctx(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    v = _ymd(year, int(m["m"]), int(m["d"]))
    return None if v is None else (m.start("span"), m.end("span"), v, True)


def _range(a: str | None, b: str | None) -> str | None:
    """An ISO interval "a/b"; None unless both ends exist and a comes before b."""
    if a is None or b is None or a == b or (a[0] == "-") != (b[0] == "-"):
        return None
    if a[0] != "-" and a > b:  # with years known the range must run forward
        return None
    return f"{a}/{b}"


def _h_day_range(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    d1, d2, mo, y = int(m["d1"]), int(m["d2"]), int(m["m"]), _int(m["y"])
    if d1 >= d2 or (y is not None and y not in _WORD_YEARS):
        return None
    if y is None and _is_ratio(text, m.start(), m.end()):
        return None
    y = year if y is None else y
    v = _range(_ymd(y, mo, d1), _ymd(y, mo, d2))
    return None if v is None else (m.start("span") if "span" in m.re.groupindex else m.start(), m.end(), v, False)


def _h_dm_range(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    d1, m1, y1 = int(m["d1"]), int(m["m1"]), _int(m["y1"])
    d2, m2, y2 = int(m["d2"]), int(m["m2"]), _int(m["y2"])
    if any(y is not None and y not in _WORD_YEARS for y in (y1, y2)):
        return None
    if y1 is None and y2 is None and _is_ratio(text, m.start(), m.end()):
        return None
    if y2 is None:
        y2 = y1 if y1 is not None else year
    if y1 is None and y2 is not None:
        y1 = y2 - 1 if (m1, d1) > (m2, d2) else y2
    v = _range(_ymd(y1, m1, d1), _ymd(y2, m2, d2))
    return None if v is None else (m.start(), m.end(), v, False)


def _h_spelled(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = _int(m["y"])
    if y is not None and y not in _WORD_YEARS:
        return None
    y = year if y is None else y
    mo, d1 = int(m["m"]), int(m["d1"])
    v1 = _ymd(y, mo, d1)
    d2 = m["d2"] or m["d3"]
    if d2 is None:
        return None if v1 is None else (m.start(), m.end(), v1, True)
    if d1 >= int(d2):
        return None
    v = _range(v1, _ymd(y, mo, int(d2)))
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
    if y is None:
        y = year
    elif y not in _WORD_YEARS:
        return None
    if y is None:  # CONVENTIONS.md: a quarter with no year and no document date is no entity
        return None
    return m.start(), m.end(), f"{y:04d}-Q{_ROMAN[m['q'].upper()]}", False


def _h_year_range(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    worded = m.group(0)[0].isalpha()
    allowed = _WORD_YEARS if worded else _RANGE_YEARS
    if not (y1 < y2 and y1 in allowed and y2 in allowed):
        return None
    if not worded and _is_count(text, m.start(), m.end()):
        return None
    return m.start(), m.end(), f"{y1}/{y2}", False


def _h_year_word(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    return (m.start(), m.end(), m["y"], False) if y in _WORD_YEARS else None


def _h_year(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    y = int(m["y"])
    if y not in _BARE_YEARS or _is_count(text, m.start(), m.end()):
        return None
    return m.start(), m.end(), m["y"], False


def _h_part(m: re.Match[str], text: str, year: int | None) -> _Cand | None:
    n_text, y = m["n"].lower(), int(m["y"])
    n = _SPELLED_COUNT[n_text] if n_text in _SPELLED_COUNT else int(n_text)
    if not (1 <= n <= 11 and y in _WORD_YEARS):
        return None
    pos = (m["pos"] or "đầu").lower()
    first, last = (1, n) if pos == "đầu" else (13 - n, 12)
    return m.start(), m.end(), f"{y:04d}-{first:02d}/{y:04d}-{last:02d}", False


def _lunar_handler(day: int, month: int) -> Callable[[re.Match[str], str, int | None], _Cand | None]:
    """Handler for a lunar holiday with a year: its solar date."""

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
    return (m.start(), m.end(), m["y"], False) if y in _WORD_YEARS else None


_Handler = Callable[[re.Match[str], str, int | None], _Cand | None]
_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_FULL_RE, _h_full),
    (_ISO_RE, _h_full),
    (_DM_RE, _h_dm),
    (_DM_CTX_RE, _h_dm_ctx),
    (_DAY_RANGE_RE, _h_day_range),
    (_DM_RANGE_RE, _h_dm_range),
    (_FROM_TO_RE, _h_day_range),
    (_SPELLED_RE, _h_spelled),
    (_MONTH_YEAR_RE, _h_month_year),
    (_MONTH_RANGE_RE, _h_month_range),
    (_MY_RE, _h_my),
    (_MONTH_RE, _h_month),
    (_QUARTER_RE, _h_quarter),
    (_YEAR_RANGE_WORD_RE, _h_year_range),
    (_YEAR_RANGE_RE, _h_year_range),
    (_YEAR_WORD_RE, _h_year_word),
    (_YEAR_RE, _h_year),
    (_PART_RE, _h_part),
    (_TET_RE, _lunar_handler(1, 1)),
    (_NEW_YEAR_RE, _h_new_year),
    (_MID_AUTUMN_RE, _lunar_handler(15, 8)),
    (_LANTERN_RE, _lunar_handler(15, 1)),
    (_CANCHI_YEAR_RE, _h_canchi_year),
)


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, merged spans of URLs, e-mail addresses and phone numbers."""
    spans = sorted(m.span() for rx in _BLOCKERS for m in rx.finditer(text))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _with_weekday(text: str, start: int, end: int, floor: int) -> tuple[int, int]:
    """Widen a day date to take in a weekday written before it ("Thứ Hai, ngày 7/4/2025")."""
    m = _WEEKDAY_BEFORE.search(text, max(floor, start - 40), start)
    if m is None:
        return start, end
    wd_start = m.start("wd")
    if m["wd"][0] in "tT" and _before(text, wd_start, _ORDINAL_BEFORE):
        return start, end
    if m["paren"] is not None:
        close = _CLOSE_PAREN.match(text, end)
        if close is None:
            return start, end
        end = close.end()
    return wd_start, end


def find_dates(text: str, doc_date: datetime.date | None = None) -> list[DateMatch]:
    """Calendar expressions in text, sorted and non-overlapping, each with its ISO 8601 value.

    A day or month written without a year takes the year of doc_date, or is written "--MM-DD" /
    "--MM" when there is none (a year elsewhere in the text is never borrowed).

    >>> [(m.text, m.value) for m in find_dates("Thứ Hai, ngày 7/4/2025 và dịp 8/3")]
    [('Thứ Hai, ngày 7/4/2025', '2025-04-07'), ('8/3', '--03-08')]
    >>> [m.value for m in find_dates("nhiệm kỳ 2023 - 2028; Tết Nguyên đán Bính Ngọ 2026")]
    ['2023/2028', '2026-02-17']
    """
    if not isinstance(text, str):
        raise TypeError(f"find_dates() needs a str, not {type(text).__name__}; decode bytes first")
    if doc_date is not None and not isinstance(doc_date, datetime.date):
        raise TypeError(f"doc_date must be a datetime.date or None, not {type(doc_date).__name__}")
    if not _HAS_DIGIT.search(text):
        return []
    year = None if doc_date is None else doc_date.year
    cands: list[_Cand] = []
    for rx, handler in _RULES:
        for m in rx.finditer(text):
            try:
                cand = handler(m, text, year)
            except (ValueError, OverflowError):  # a calendar value out of range: not a date
                cand = None
            if cand is not None:
                cands.append(cand)
    if not cands:
        return []
    blocked = _blocked_spans(text)
    if blocked:
        cands = [c for c in cands if not _overlaps(blocked, c[0], c[1])]
    cands.sort(key=lambda c: (c[0], -c[1]))  # leftmost, then longest
    out: list[DateMatch] = []
    last_end = 0
    for start, end, value, day in cands:
        if start < last_end:
            continue
        if day:
            start, end = _with_weekday(text, start, end, last_end)
        out.append(DateMatch(start, end, text[start:end], value))
        last_end = end
    return out


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the sorted, disjoint spans."""
    lo, hi = 0, len(spans)
    while lo < hi:  # first span ending after start
        mid = (lo + hi) // 2
        if spans[mid][1] <= start:
            lo = mid + 1
        else:
            hi = mid
    return lo < len(spans) and spans[lo][0] < end
