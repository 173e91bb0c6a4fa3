"""The DATE grammar (ANNOTATION_GUIDE.md §10-11, data/CONVENTIONS.md) and the Vietnamese lunar calendar."""

from __future__ import annotations

import dataclasses
import datetime
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnunion_nlp.dates import DateMatch, can_chi, find_dates, lunar_to_solar, page_date, solar_to_lunar, tet_date

D = datetime.date
DOC = D(2025, 2, 14)  # a document date used where the year of a day-month matters


def found(text: str, doc_date: datetime.date | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in find_dates(text, doc_date)]


# --------------------------------------------------------------------------------------------
# Positives: (text, document date, expected [(span text, value)])
# --------------------------------------------------------------------------------------------

POSITIVES = [
    # numeric dates; "ngày/sáng/chiều/tối/trưa/hôm" stay outside
    ("Ngày 13/02/2025, Cụm thi đua số 3 tổ chức hội nghị.", None, [("13/02/2025", "2025-02-13")]),
    ("ngày 3/4/2024", None, [("3/4/2024", "2024-04-03")]),
    ("Sáng 21/11/2025, hội nghị khai mạc", None, [("21/11/2025", "2025-11-21")]),
    ("chiều 5-9-2025", None, [("5-9-2025", "2025-09-05")]),
    ("tối 13.02.2025", None, [("13.02.2025", "2025-02-13")]),
    ("trưa 1/1/2025", None, [("1/1/2025", "2025-01-01")]),
    ("hôm 29/2/2024", None, [("29/2/2024", "2024-02-29")]),
    ("NGÀY 14/2/2025", None, [("14/2/2025", "2025-02-14")]),
    ("ngày  13/02/2025 (hai dấu cách)", None, [("13/02/2025", "2025-02-13")]),
    ("8h30 ngày 21/11/2025 tại hội trường", None, [("21/11/2025", "2025-11-21")]),
    ("lúc 14:00 ngày 1/6/2025", None, [("1/6/2025", "2025-06-01")]),
    ("Cập nhật 2025-02-13", None, [("2025-02-13", "2025-02-13")]),
    ("(13/02/2025)", None, [("13/02/2025", "2025-02-13")]),
    ("Kế hoạch số 15/KH-LĐLĐ ngày 13/02/2025", None, [("13/02/2025", "2025-02-13")]),
    ("ngày 13/02/2025.", None, [("13/02/2025", "2025-02-13")]),
    # a leading weekday is inside; the value ignores it
    ("Thứ Hai, ngày 7/4/2025", None, [("Thứ Hai, ngày 7/4/2025", "2025-04-07")]),
    ("Thứ Hai ngày 7/4/2025", None, [("Thứ Hai ngày 7/4/2025", "2025-04-07")]),
    ("Sáng thứ Năm, 10/4/2025", None, [("thứ Năm, 10/4/2025", "2025-04-10")]),
    ("Thứ 2 (7/4/2025) khai mạc", None, [("Thứ 2 (7/4/2025)", "2025-04-07")]),
    ("Thứ Hai (ngày 7/4/2025)", None, [("Thứ Hai (ngày 7/4/2025)", "2025-04-07")]),
    ("Chủ nhật, 6/4/2025", None, [("Chủ nhật, 6/4/2025", "2025-04-06")]),
    ("Chủ Nhật, ngày 6/4/2025", None, [("Chủ Nhật, ngày 6/4/2025", "2025-04-06")]),
    ("CN, 13/4/2025", None, [("CN, 13/4/2025", "2025-04-13")]),
    ("thứ 7 - 12/4/2025", None, [("thứ 7 - 12/4/2025", "2025-04-12")]),
    ("Thứ Bảy, ngày 12/4", DOC, [("Thứ Bảy, ngày 12/4", "2025-04-12")]),
    ("Thứ Sáu, ngày 14 tháng 2 năm 2025", None, [("Thứ Sáu, ngày 14 tháng 2 năm 2025", "2025-02-14")]),
    ("THỨ SÁU, NGÀY 14/2/2025", None, [("THỨ SÁU, NGÀY 14/2/2025", "2025-02-14")]),
    ("Thứ Sáu, ngày 14/2/2024", None, [("Thứ Sáu, ngày 14/2/2024", "2024-02-14")]),  # wrong weekday
    ("Đại hội lần thứ 2, ngày 7/4/2025", None, [("7/4/2025", "2025-04-07")]),  # ordinal, not weekday
    # spelled-out dates keep "ngày"
    ("ngày 3 tháng 4 năm 2024", None, [("ngày 3 tháng 4 năm 2024", "2024-04-03")]),
    ("Sáng ngày 03 tháng 04 năm 2024", None, [("ngày 03 tháng 04 năm 2024", "2024-04-03")]),
    ("ngày 3 tháng 4, năm 2024", None, [("ngày 3 tháng 4, năm 2024", "2024-04-03")]),
    ("ngày mồng 3 tháng 2 năm 1930", None, [("ngày mồng 3 tháng 2 năm 1930", "1930-02-03")]),
    ("ngày 14 tháng 2", None, [("ngày 14 tháng 2", "--02-14")]),
    ("ngày 14 tháng 2", DOC, [("ngày 14 tháng 2", "2025-02-14")]),
    ("NGÀY 3 THÁNG 4 NĂM 2024", None, [("NGÀY 3 THÁNG 4 NĂM 2024", "2024-04-03")]),
    ("ngày 15 - 16 tháng 5 năm 2025", None, [("ngày 15 - 16 tháng 5 năm 2025", "2025-05-15/2025-05-16")]),
    # day-month: the document's year, else --MM-DD (never a year found elsewhere in the text)
    ("8/3", None, [("8/3", "--03-08")]),
    ("8/3", DOC, [("8/3", "2025-03-08")]),
    ("Sáng 21/11", None, [("21/11", "--11-21")]),
    ("Sáng 21/11", D(2024, 11, 22), [("21/11", "2024-11-21")]),
    ("kỷ niệm 20/10", None, [("20/10", "--10-20")]),
    ("ngày 1/6", DOC, [("1/6", "2025-06-01")]),
    ("Năm 2024, dịp 8/3 công đoàn tặng quà", None, [("Năm 2024", "2024"), ("8/3", "--03-08")]),
    ("Ngày Phụ nữ Việt Nam 20/10", DOC, [("20/10", "2025-10-20")]),
    ("ngày 8-3", None, [("8-3", "--03-08")]),
    ("ngày 20/10 năm 2025", None, [("20/10 năm 2025", "2025-10-20")]),
    ("hôm 29/2", D(2024, 3, 1), [("29/2", "2024-02-29")]),
    ("hôm 29/2", DOC, [("29/2", "--02-29")]),  # no 29/2 in 2025: the year is left out
    ("Nhân dịp 20/10 công đoàn trường tặng quà", None, [("20/10", "--10-20")]),
    ("tính đến thời điểm 31/12", None, [("31/12", "--12-31")]),
    # two dates with their own months are two DATEs (guide §22)
    ("ngày 30/4 - 1/5", DOC, [("30/4", "2025-04-30"), ("1/5", "2025-05-01")]),
    ("từ 25/12 - 5/1/2025", None, [("25/12", "--12-25"), ("5/1/2025", "2025-01-05")]),
    # month-year and bare months
    ("tháng 9/2025", None, [("tháng 9/2025", "2025-09")]),
    ("tháng 9 năm 2025", None, [("tháng 9 năm 2025", "2025-09")]),
    ("tháng 09/2025", None, [("tháng 09/2025", "2025-09")]),
    ("Quý khách lưu ý 9/2025", None, [("9/2025", "2025-09")]),
    ("tháng 9-2025", None, [("tháng 9-2025", "2025-09")]),
    ("THÁNG 12/2024", None, [("THÁNG 12/2024", "2024-12")]),
    ("trong tháng 5", None, [("tháng 5", "--05")]),
    ("trong tháng 5", DOC, [("tháng 5", "2025-05")]),
    ("đầu tháng 12 năm nay", DOC, [("tháng 12", "2025-12")]),
    ("tháng 9 - 10/2025", None, [("tháng 9 - 10/2025", "2025-09/2025-10")]),
    ("tháng 9-10", DOC, [("tháng 9-10", "2025-09/2025-10")]),
    # years
    ("năm 2024", None, [("năm 2024", "2024")]),
    ("Bộ luật Lao động năm 2019", None, [("năm 2019", "2019")]),
    ("Tháng hành động về ATVSLĐ năm 2025", None, [("năm 2025", "2025")]),
    ("đầu năm 2025", None, [("năm 2025", "2025")]),
    ("cuối năm 2024", None, [("năm 2024", "2024")]),
    ("NĂM 2024", None, [("NĂM 2024", "2024")]),
    ("tổng kết công tác 2024", None, [("2024", "2024")]),
    ("Xuân 2025", None, [("Xuân 2025", "2025")]),
    ("Luật Công đoàn 2012", None, [("2012", "2012")]),
    ("các năm 2023, 2024", None, [("năm 2023", "2023"), ("2024", "2024")]),
    ("năm 1929", None, [("năm 1929", "1929")]),
    ("Ngày hội 2025 năm nay", None, [("2025", "2025")]),
    ("năm" + " " * 20 + "2025", None, [("2025", "2025")]),  # more than 8 spaces do not join
    # quarters
    ("quý I/2025", None, [("quý I/2025", "2025-Q1")]),
    ("quý 1/2025", None, [("quý 1/2025", "2025-Q1")]),
    ("quý I năm 2025", None, [("quý I năm 2025", "2025-Q1")]),
    ("Quý IV-2024", None, [("Quý IV-2024", "2024-Q4")]),
    ("quý III/2024", None, [("quý III/2024", "2024-Q3")]),
    ("QUÝ II/2025", None, [("QUÝ II/2025", "2025-Q2")]),
    ("quý IV", DOC, [("quý IV", "2025-Q4")]),
    ("Quý  I  –  2025", None, [("Quý  I  –  2025", "2025-Q1")]),
    # ranges and school years; "nhiệm kỳ", "giai đoạn" outside, "năm học" inside
    ("nhiệm kỳ 2023 - 2028", None, [("2023 - 2028", "2023/2028")]),
    ("nhiệm kỳ 2023-2028", None, [("2023-2028", "2023/2028")]),
    ("giai đoạn 2021 – 2025", None, [("2021 – 2025", "2021/2025")]),
    ("giai đoạn 2021-2025", None, [("2021-2025", "2021/2025")]),
    ("giai đoạn 2021 — 2025", None, [("2021 — 2025", "2021/2025")]),
    ("nhiệm kỳ 2023  –  2028", None, [("2023  –  2028", "2023/2028")]),
    ("năm học 2024 - 2025", None, [("năm học 2024 - 2025", "2024/2025")]),
    ("năm học 2024-2025", None, [("năm học 2024-2025", "2024/2025")]),
    ("NĂM HỌC 2024 - 2025", None, [("NĂM HỌC 2024 - 2025", "2024/2025")]),
    ("năm học 2024/2025", None, [("năm học 2024/2025", "2024/2025")]),
    ("năm 2023 - 2028", None, [("năm 2023 - 2028", "2023/2028")]),
    ("15 - 20/5/2025", None, [("15 - 20/5/2025", "2025-05-15/2025-05-20")]),
    ("từ 15-20/5/2025", None, [("15-20/5/2025", "2025-05-15/2025-05-20")]),
    ("từ ngày 15 đến 20/5/2025", None, [("15 đến 20/5/2025", "2025-05-15/2025-05-20")]),
    ("15 - 20/5", DOC, [("15 - 20/5", "2025-05-15/2025-05-20")]),
    ("15 - 20/5", None, [("15 - 20/5", "--05-15/--05-20")]),
    ("từ 1/3 đến 31/3/2025", None, [("1/3", "--03-01"), ("31/3/2025", "2025-03-31")]),
    ("từ 1/3 đến 31/3/2025", DOC, [("1/3", "2025-03-01"), ("31/3/2025", "2025-03-31")]),
    ("1/3 - 31/3/2025", None, [("1/3", "--03-01"), ("31/3/2025", "2025-03-31")]),
    ("(28/7/1929 - 28/7/2025)", None, [("28/7/1929", "1929-07-28"), ("28/7/2025", "2025-07-28")]),
    ("kỷ niệm 80 năm (1945 - 2025)", None, [("1945 - 2025", "1945/2025")]),
    # parts of a year: the whole phrase
    ("6 tháng đầu năm 2025", None, [("6 tháng đầu năm 2025", "2025-01/2025-06")]),
    ("9 tháng đầu năm 2025", None, [("9 tháng đầu năm 2025", "2025-01/2025-09")]),
    ("6 tháng cuối năm 2024", None, [("6 tháng cuối năm 2024", "2024-07/2024-12")]),
    ("sơ kết 6 tháng đầu năm 2025 và quý III", None, [("6 tháng đầu năm 2025", "2025-01/2025-06")]),
    ("sáu tháng đầu năm 2025", None, [("sáu tháng đầu năm 2025", "2025-01/2025-06")]),
    ("3 tháng cuối năm 2024", None, [("3 tháng cuối năm 2024", "2024-10/2024-12")]),
    ("9 tháng năm 2025", None, [("9 tháng năm 2025", "2025-01/2025-09")]),
    # lunar holidays with a year: the solar date; a bare <can chi> YYYY: the year
    ("Tết Nguyên đán Bính Ngọ 2026", None, [("Tết Nguyên đán Bính Ngọ 2026", "2026-02-17")]),
    ("Tết Nguyên đán 2025", None, [("Tết Nguyên đán 2025", "2025-01-29")]),
    ("Tết Nguyên đán 2023", None, [("Tết Nguyên đán 2023", "2023-01-22")]),
    ("Tết Ất Tỵ 2025", None, [("Tết Ất Tỵ 2025", "2025-01-29")]),
    ("Tết Giáp Thìn 2024", None, [("Tết Giáp Thìn 2024", "2024-02-10")]),
    ("Tết Nguyên đán Giáp Thìn 2024", None, [("Tết Nguyên đán Giáp Thìn 2024", "2024-02-10")]),
    ("TẾT NGUYÊN ĐÁN 2025", None, [("TẾT NGUYÊN ĐÁN 2025", "2025-01-29")]),
    ("dịp Tết Nguyên đán 2025", None, [("Tết Nguyên đán 2025", "2025-01-29")]),
    ("Tết Nguyên đán năm 2025", None, [("Tết Nguyên đán năm 2025", "2025-01-29")]),
    ("Tết 2025", None, [("Tết 2025", "2025-01-29")]),
    ("Tết Canh Tuất 2030", None, [("Tết Canh Tuất 2030", "2030-02-02")]),
    # a season's name is a DATE with "Xuân" inside (guide §22); a name ending in Xuân is not a season
    ("Xuân Ất Tỵ 2025", None, [("Xuân Ất Tỵ 2025", "2025")]),
    ("Xuân Bính Ngọ 2026", None, [("Xuân Bính Ngọ 2026", "2026")]),
    ("Chương trình Tết Sum vầy Xuân 2026", None, [("Xuân 2026", "2026")]),
    ("TẾT SUM VẦY XUÂN 2026", None, [("XUÂN 2026", "2026")]),
    ("phường Thanh Xuân 2026", None, [("2026", "2026")]),
    # day lists and ranges sharing one month are one DATE (guide §22)
    ("Trong hai ngày 19 và 20/4/2018, hội nghị", None, [("19 và 20/4/2018", "2018-04-19/2018-04-20")]),
    ("trong 2 ngày 5, 6 và 7/3/2025", None, [("5, 6 và 7/3/2025", "2025-03-05/2025-03-07")]),
    ("ngày 24, 25/8", DOC, [("24, 25/8", "2025-08-24/2025-08-25")]),
    ("ngày 13-14/5/2014", None, [("13-14/5/2014", "2014-05-13/2014-05-14")]),
    ("từ ngày 18 đến ngày 20/7/2024", None, [("18 đến ngày 20/7/2024", "2024-07-18/2024-07-20")]),
    ("Sáng 26.8, LĐLĐ tỉnh", DOC, [("26.8", "2025-08-26")]),
    ("trong tháng 1.2018", None, [("tháng 1.2018", "2018-01")]),
    # page timestamps (guide §21): the clock time stays outside
    ("Thứ Sáu, 14/06/2024 | 09:12", None, [("Thứ Sáu, 14/06/2024", "2024-06-14")]),
    ("08:15 | 03/07/2024", None, [("03/07/2024", "2024-07-03")]),
    ("2024-07-03 08:30", None, [("2024-07-03", "2024-07-03")]),
    ("Tin tức\nThứ Ba, 12/09/24 | 08:30\nTiêu đề", None, [("Thứ Ba, 12/09/24", "2024-09-12")]),
    ("25-01-24 10:15", None, [("25-01-24", "2024-01-25")]),
    ("năm Quý Mão 2023", None, [("năm Quý Mão 2023", "2023")]),
    ("Tết Trung thu 2025", None, [("Tết Trung thu 2025", "2025-10-06")]),
    ("Trung thu năm 2025", None, [("Trung thu năm 2025", "2025-10-06")]),
    ("Tết Trung thu 2024", None, [("Tết Trung thu 2024", "2024-09-17")]),
    ("Rằm tháng Giêng 2025", None, [("Rằm tháng Giêng 2025", "2025-02-12")]),
    ("Rằm tháng Giêng năm 2026", None, [("Rằm tháng Giêng năm 2026", "2026-03-03")]),
    ("Tết Dương lịch 2025", None, [("Tết Dương lịch 2025", "2025-01-01")]),
    # a longer text
    (
        "Ngày 13/02/2025, Cụm thi đua số 3 gồm Công đoàn Viên chức tỉnh và Công đoàn các KCN tổ chức hội nghị "
        "tổng kết công tác năm 2024, triển khai nhiệm vụ năm 2025. Hội nghị đánh giá 24/24 CĐCS hoàn thành "
        "chỉ tiêu, đạt 10/10 chỉ tiêu thi đua nhiệm kỳ 2023 - 2028. Liên hệ: 0912 345 678.",
        DOC,
        [("13/02/2025", "2025-02-13"), ("năm 2024", "2024"), ("năm 2025", "2025"), ("2023 - 2028", "2023/2028")],
    ),
    (
        "Ngày 20/10, công đoàn tặng quà cho 150 đoàn viên nữ nhân dịp Tết Trung thu 2025 và 6 tháng đầu năm nay.",
        D(2025, 10, 21),
        [("20/10", "2025-10-20"), ("Tết Trung thu 2025", "2025-10-06")],
    ),
]


@pytest.mark.parametrize(("text", "doc_date", "expected"), POSITIVES, ids=[p[0][:40] for p in POSITIVES])
def test_finds_dates(text: str, doc_date: datetime.date | None, expected: list[tuple[str, str]]) -> None:
    assert found(text, doc_date) == expected


# --------------------------------------------------------------------------------------------
# Negatives: nothing in these is a DATE, with or without a document date
# --------------------------------------------------------------------------------------------

NEGATIVES = [
    "9/15 doanh nghiệp", "đạt 10/10 chỉ tiêu", "24/24 CĐCS", "tỷ số 3/1", "tỉ lệ 95/100", "12/12 đơn vị",
    "có 8/10 đơn vị", "hơn 1/2 số đoàn viên", "học sinh lớp 12/3", "được 3/5 phiếu", "tỷ lệ 9/10",
    "35/12", "12/13/2025", "29/2/2025", "31/4/2025", "0/5", "Sáng 13/2/25 khai mạc",
    "Luật số 12/2012/QH13", "Quyết định số 1234/QĐ-TLĐ", "Nghị quyết 02-NQ/TW", "Công văn 245/LĐLĐ",
    "Chỉ thị 05/CT-TW", "Nghị định số 145/2020/NĐ-CP", "Thông tư 10/2020/TT-BLĐTBXH", "Quyết định 2025-QĐ",
    "Lượt truy cập: 1.650.698", "2.000 đoàn viên", "2025 đoàn viên", "số 2025", "khoảng 2000 người",
    "1.500.000 đồng", "2025.000 đồng",
    "từ đầu năm đến nay", "những năm qua", "năm nay", "6 tháng đầu năm", "3 tháng", "tháng thứ ba",
    "8h30", "14:00", "lúc 8 giờ 30",
    "Hotline 0912 345 678", "0912.345.678", "024 3825 2025", "(024) 3825 2025", "Tổng đài 1900 2025", "1800.1091",
    "https://congdoan.vn/2025/02/13/tin-tuc", "www.ldld.vn/tin-2025", "congdoan.vn/2025/02/13",
    "email: bantuyengiao2025@congdoan.vn",
    "Lần thứ XIII", "Đại hội lần thứ 7",
    "đạt 10, 12 và 15/20 chỉ tiêu", "Nguyễn Thị Xuân 2025 đoàn viên",
    "Tết", "Trung thu", "Tết Bính Ngọ", "Tết Nguyên đán", "Rằm tháng Giêng", "Tháng Công nhân", "Xuân Ất Tỵ",
    "quý khách", "Quý Mão", "quý i năm nay",
    "ngày 15 tháng 8 âm lịch", "tức ngày 19/9 âm lịch", "ngày 19-9 (AL)", "1944", "2100", "năm 20255", "Thứ Hai",
    "Bài viết 1/2 | Trang 2/10", "theo Quyết định 12/2025", "1985 năm khởi nghĩa",
]


@pytest.mark.parametrize("doc_date", [None, DOC], ids=["no-doc-date", "doc-date"])
@pytest.mark.parametrize("text", NEGATIVES)
def test_not_dates(text: str, doc_date: datetime.date | None) -> None:
    assert found(text, doc_date) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Trang chủ > Công đoàn\nThứ Sáu, 14/06/2024 | 09:12\nSáng 13/6, LĐLĐ tỉnh họp.", D(2024, 6, 14)),
    ("LĐLĐ tỉnh trao quà\n08:15 | 03/07/2024 GMT+7\nNội dung", D(2024, 7, 3)),
    ("Cập nhật ngày: 14/06/2024", D(2024, 6, 14)),
    ("Bài viết.\nNgày đăng: 14/06/2024 - 09:12 | Minh Hà", D(2024, 6, 14)),
    ("2024-06-14 08:30\nTiêu đề", D(2024, 6, 14)),
    ("Ngày 13/02/2025, LĐLĐ tỉnh tổ chức hội nghị tổng kết.", None),  # a dateline in a sentence
    ("Sáng 14/6/2025 tại Hà Nội", None),
    ("Đại hội diễn ra ngày 14/6\nThứ Sáu | 09:12", None),  # no year: no document date
    ("Trang chủ\n14/06/2024 - 20/06/2024", None),  # a range is no timestamp
])
def test_page_date(text: str, expected: datetime.date | None) -> None:
    assert page_date(text) == expected


def test_quarter_without_year_needs_a_document_date() -> None:
    assert found("quý IV", None) == []
    assert found("quý IV", DOC) == [("quý IV", "2025-Q4")]


def test_offsets_index_the_text() -> None:
    text = "Sáng Thứ Hai, ngày 7/4/2025, tại Hà Nội; nhiệm kỳ 2023 - 2028."
    matches = find_dates(text)
    assert [(m.start, m.end) for m in matches] == [(5, 27), (50, 61)]
    assert all(text[m.start:m.end] == m.text for m in matches)


def test_offsets_survive_a_letter_whose_lower_case_is_longer() -> None:
    text = "\u0130stanbul, ngày 13/02/2025, TẾT 2025"  # "İ".lower() has two characters
    assert found(text) == [("13/02/2025", "2025-02-13"), ("TẾT 2025", "2025-01-29")]


def test_datematch_is_frozen() -> None:
    m = DateMatch(0, 4, "2024", "2024")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.value = "2025"  # type: ignore[misc]


def test_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="decode"):
        find_dates(b"13/02/2025")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="doc_date"):
        find_dates("8/3", "2025-02-14")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The lunar calendar
# --------------------------------------------------------------------------------------------

# Tết Nguyên đán, Vietnamese calendar (UTC+7). 2030 is 2 February: the new moon falls at 23:07 in
# Hanoi but 00:07 on 3 February in Beijing, so Chinese New Year is the 3rd.
TET = {
    1990: D(1990, 1, 27), 1991: D(1991, 2, 15), 1992: D(1992, 2, 4), 1993: D(1993, 1, 23),
    1994: D(1994, 2, 10), 1995: D(1995, 1, 31), 1996: D(1996, 2, 19), 1997: D(1997, 2, 7),
    1998: D(1998, 1, 28), 1999: D(1999, 2, 16), 2000: D(2000, 2, 5), 2001: D(2001, 1, 24),
    2002: D(2002, 2, 12), 2003: D(2003, 2, 1), 2004: D(2004, 1, 22), 2005: D(2005, 2, 9),
    2006: D(2006, 1, 29), 2007: D(2007, 2, 17), 2008: D(2008, 2, 7), 2009: D(2009, 1, 26),
    2010: D(2010, 2, 14), 2011: D(2011, 2, 3), 2012: D(2012, 1, 23), 2013: D(2013, 2, 10),
    2014: D(2014, 1, 31), 2015: D(2015, 2, 19), 2016: D(2016, 2, 8), 2017: D(2017, 1, 28),
    2018: D(2018, 2, 16), 2019: D(2019, 2, 5), 2020: D(2020, 1, 25), 2021: D(2021, 2, 12),
    2022: D(2022, 2, 1), 2023: D(2023, 1, 22), 2024: D(2024, 2, 10), 2025: D(2025, 1, 29),
    2026: D(2026, 2, 17), 2027: D(2027, 2, 6), 2028: D(2028, 1, 26), 2029: D(2029, 2, 13),
    2030: D(2030, 2, 2), 2031: D(2031, 1, 23), 2032: D(2032, 2, 11), 2033: D(2033, 1, 31),
    2034: D(2034, 2, 19), 2035: D(2035, 2, 8), 2036: D(2036, 1, 28), 2037: D(2037, 2, 15),
    2038: D(2038, 2, 4), 2039: D(2039, 1, 24), 2040: D(2040, 2, 12), 2041: D(2041, 2, 1),
    2042: D(2042, 1, 22), 2043: D(2043, 2, 10), 2044: D(2044, 1, 30), 2045: D(2045, 2, 17),
    2046: D(2046, 2, 6), 2047: D(2047, 1, 26), 2048: D(2048, 2, 14), 2049: D(2049, 2, 2),
    2050: D(2050, 1, 23),
}


def test_tet_table_covers_1990_to_2050() -> None:
    assert sorted(TET) == list(range(1990, 2051))


@pytest.mark.parametrize(("year", "expected"), sorted(TET.items()))
def test_tet_date(year: int, expected: datetime.date) -> None:
    assert tet_date(year) == expected
    assert solar_to_lunar(expected) == (1, 1, year, False)
    assert solar_to_lunar(expected - datetime.timedelta(days=1))[1:] in {(12, year - 1, False), (12, year - 1, True)}


@pytest.mark.parametrize(
    ("year", "expected"),
    [(1968, D(1968, 1, 29)), (1985, D(1985, 1, 21)), (2007, D(2007, 2, 17))],  # where Vietnam differs from China
)
def test_tet_where_vietnam_differs_from_china(year: int, expected: datetime.date) -> None:
    assert tet_date(year) == expected


@pytest.mark.parametrize(
    ("lunar", "solar"),
    [
        ((15, 8, 2025, False), D(2025, 10, 6)),  # Trung thu 2025
        ((15, 8, 2024, False), D(2024, 9, 17)),
        ((15, 8, 2023, False), D(2023, 9, 29)),
        ((15, 1, 2025, False), D(2025, 2, 12)),  # Rằm tháng Giêng 2025
        ((1, 6, 2025, True), D(2025, 7, 25)),  # leap 6th month of Ất Tỵ
        ((1, 2, 2023, True), D(2023, 3, 22)),  # leap 2nd month of Quý Mão
        ((1, 4, 2020, True), D(2020, 5, 23)),  # leap 4th month of Canh Tý
        ((29, 12, 2024, False), D(2025, 1, 28)),  # Tết Ất Tỵ had no 30th of the 12th month
    ],
)
def test_lunar_to_solar(lunar: tuple[int, int, int, bool], solar: datetime.date) -> None:
    assert lunar_to_solar(*lunar) == solar
    assert solar_to_lunar(solar) == lunar


@pytest.mark.parametrize(
    "lunar",
    [(30, 12, 2024, False), (1, 5, 2025, True), (1, 1, 2024, True), (0, 1, 2025, False), (1, 13, 2025, False)],
)
def test_lunar_to_solar_rejects_missing_days(lunar: tuple[int, int, int, bool]) -> None:
    with pytest.raises(ValueError):
        lunar_to_solar(*lunar)


def test_solar_lunar_round_trip() -> None:
    d = D(1990, 1, 1)
    previous = solar_to_lunar(d - datetime.timedelta(days=1))
    while d <= D(2050, 12, 31):
        lunar = solar_to_lunar(d)
        assert lunar_to_solar(*lunar) == d
        day, month, year, leap = lunar
        # consecutive days: the next lunar day, or day 1 of the next month after day 29 or 30
        if day == 1:
            assert previous[0] in (29, 30)
        else:
            assert (day - 1, month, year, leap) == previous
        previous = lunar
        d += datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("year", "name"),
    [(2026, "Bính Ngọ"), (2025, "Ất Tỵ"), (2024, "Giáp Thìn"), (2023, "Quý Mão"), (2030, "Canh Tuất"),
     (2000, "Canh Thìn"), (1990, "Canh Ngọ"), (1945, "Ất Dậu"), (1930, "Canh Ngọ")],
)
def test_can_chi(year: int, name: str) -> None:
    assert can_chi(year) == name


# --------------------------------------------------------------------------------------------
# Robustness and speed
# --------------------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "ngày", "Ngày", "NGÀY", "tháng", "năm", "năm học", "quý", "Quý", "IV", "Thứ Hai", "thứ", "CN", "Chủ nhật",
    "Tết", "Nguyên đán", "Trung thu", "Rằm", "Ất Tỵ", "từ", "đến", "đầu", "cuối", "số", "đạt", "doanh nghiệp",
    "13/02/2025", "8/3", "21/11", "2024", "2025", "2023 - 2028", "15 - 20/5/2025", "9/2025", "I", "6", "30",
    "/", "-", "–", ".", ",", "(", ")", ":", " ", "  ", "\n", "http://", "@", ".vn", "0912", "\u0130", "😀", "\x00",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=30).map("".join)),
       st.one_of(st.none(), st.dates()))
def test_never_raises_and_spans_are_consistent(text: str, doc_date: datetime.date | None) -> None:
    matches = find_dates(text, doc_date)
    last_end = 0
    for m in matches:
        assert last_end <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.value
        last_end = m.end


def test_large_and_odd_inputs() -> None:
    assert find_dates("") == []
    assert find_dates("\x00\x01\u200b😀" * 1000) == []
    text = "Ngày 13/02/2025 tổng kết năm 2024 nhiệm kỳ 2023 - 2028, đạt 10/10 chỉ tiêu. " * 5000  # ~0.4 MB
    start = time.perf_counter()
    matches = find_dates(text)
    assert len(matches) == 15000
    assert time.perf_counter() - start < 5
