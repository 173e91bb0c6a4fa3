"""Person-role-organisation linking (guide §13) on hand-placed entities, independent of the tagger."""

import re

import pytest

from vnunion_nlp import people


def _spans(marked):
    """'[PER X], [ROLE Y] [ORG Z]' -> plain text and spans."""
    text, spans, pos = "", [], 0
    for m in re.finditer(r"\[(PER|ROLE|ORG|LOC|DATE) ([^\]]+)\]", marked):
        text += marked[pos:m.start()]
        spans.append((len(text), len(text) + len(m.group(2)), m.group(1)))
        text += m.group(2)
        pos = m.end()
    return text + marked[pos:], spans


def _triples(marked):
    text, spans = _spans(marked)
    out = []
    for p, r, o in people.link(text, spans):
        get = lambda i: None if i is None else text[spans[i][0]:spans[i][1]]  # noqa: E731
        out.append((get(p), get(r), get(o)))
    return out


@pytest.mark.parametrize("marked, expected", [
    ("đồng chí [PER Chẩu Thị Thu], [ROLE Phó Chủ tịch Thường trực] [ORG LĐLĐ tỉnh] phát biểu",
     [("Chẩu Thị Thu", "Phó Chủ tịch Thường trực", "LĐLĐ tỉnh")]),
    ("[ROLE Chủ tịch] [ORG LĐLĐ tỉnh] [PER Nguyễn Văn An] trao quà",
     [("Nguyễn Văn An", "Chủ tịch", "LĐLĐ tỉnh")]),
    ("[ROLE Chủ tịch] [ORG Công đoàn Công ty] - bà [PER Lê Thị Hoa] cho biết",
     [("Lê Thị Hoa", "Chủ tịch", "Công đoàn Công ty")]),
    ("ông [PER Hà Văn Khánh], [ROLE Ủy viên BTV], [ROLE Trưởng ban Tổ chức] [ORG LĐLĐ tỉnh]",
     [("Hà Văn Khánh", "Ủy viên BTV", None), ("Hà Văn Khánh", "Trưởng ban Tổ chức", "LĐLĐ tỉnh")]),
    ("các đồng chí [PER Lò Văn Pó], [PER Sùng A Dình] và [PER Bế Thị Lan], [ROLE Phó Chủ tịch] [ORG LĐLĐ tỉnh]",
     [("Lò Văn Pó", "Phó Chủ tịch", "LĐLĐ tỉnh"), ("Sùng A Dình", "Phó Chủ tịch", "LĐLĐ tỉnh"),
      ("Bế Thị Lan", "Phó Chủ tịch", "LĐLĐ tỉnh")]),
    ("Đại hội bầu ông [PER Trần Văn Tú] giữ chức [ROLE Chủ tịch] [ORG Công đoàn tỉnh Bình Định]",
     [("Trần Văn Tú", "Chủ tịch", "Công đoàn tỉnh Bình Định")]),
    ("[PER Y Biêr Niê] tái đắc cử [ROLE Chủ tịch] [ORG CĐCS Trường THPT Lê Lợi]",
     [("Y Biêr Niê", "Chủ tịch", "CĐCS Trường THPT Lê Lợi")]),
    ("cô [PER Hà Thị Sinh], giáo viên [ORG Trường Mầm non Hoa Ban], 9 năm bám bản",
     [("Hà Thị Sinh", None, "Trường Mầm non Hoa Ban")]),
    ("anh [PER Vàng A Sử] cùng đoàn công tác của [ORG LĐLĐ huyện] đến thăm", [("Vàng A Sử", None, None)]),
    ("bà [PER Nguyễn Thị Khánh], [ROLE Chủ tịch] [ORG CĐCS]. Theo bà [PER Khánh], năm nay ...",
     [("Nguyễn Thị Khánh", "Chủ tịch", "CĐCS")]),
    ("[ROLE Phó Chủ tịch] [ORG LĐLĐ tỉnh] [PER Lê A] và [ROLE Chủ tịch] [ORG CĐCS] [PER Trần B] dự",
     [("Lê A", "Phó Chủ tịch", "LĐLĐ tỉnh"), ("Trần B", "Chủ tịch", "CĐCS")]),
    ("Đồng chí [ROLE Bí thư Tỉnh ủy] phát biểu", []),
    ("cô [PER Lê Thị Hải Yến], giáo viên Ngữ văn, tái đắc cử [ROLE Chủ tịch] [ORG Công đoàn Trường THPT Hùng Vương]",
     [("Lê Thị Hải Yến", "Chủ tịch", "Công đoàn Trường THPT Hùng Vương")]),
    ("cùng [ROLE Hiệu trưởng] nhà trường - thầy [PER Kpuih Duy].", [("Kpuih Duy", "Hiệu trưởng", None)]),
    ("[ROLE Chủ tịch] [ORG Công đoàn Công ty ABC] - Ông [PER Lê Văn Tám] cho biết",
     [("Lê Văn Tám", "Chủ tịch", "Công đoàn Công ty ABC")]),
    ("[PER Dương Thị Tuyết Mai] dự họp. Bà [PER Mai] được phân công làm [ROLE Phó Chủ tịch Thường trực].",
     [("Dương Thị Tuyết Mai", "Phó Chủ tịch Thường trực", None)]),
    ("anh [PER Tô Văn Hùng] (42 tuổi), công nhân [ORG Công ty TNHH Cảng Xanh] tử vong",
     [("Tô Văn Hùng", None, "Công ty TNHH Cảng Xanh")]),
    ("em [PER Trương Gia Bảo], học sinh lớp 11/2 [ORG Trường THPT Trần Quốc Tuấn]",
     [("Trương Gia Bảo", None, "Trường THPT Trần Quốc Tuấn")]),
    ("Đôi nam [PER Hoàng Công Thuận] - [PER Phạm Thị Vy] của [ORG Công đoàn ngành Giáo dục] thắng",
     [("Hoàng Công Thuận", None, "Công đoàn ngành Giáo dục"), ("Phạm Thị Vy", None, "Công đoàn ngành Giáo dục")]),
    ("Đồng chí [PER Thái Minh Sỹ] được bầu giữ chức vụ [ROLE Phó Chủ tịch] [ORG LĐLĐ tỉnh]",
     [("Thái Minh Sỹ", "Phó Chủ tịch", "LĐLĐ tỉnh")]),
    ("bà [PER Lê Thu Hà] vừa được bổ nhiệm làm [ROLE Giám đốc] [ORG Sở Nội vụ]",
     [("Lê Thu Hà", "Giám đốc", "Sở Nội vụ")]),
    # published pages: stacked titles before a name (guide §24), a byline, a reporter with an outlet (§20)
    ("[ROLE PBT], [ROLE CT] [ORG UBND xã] [PER Lò Văn Tâm] phát biểu",
     [("Lò Văn Tâm", "PBT", None), ("Lò Văn Tâm", "CT", "UBND xã")]),
    ("[ROLE Tỉnh ủy viên], [ROLE Chủ tịch] [ORG LĐLĐ tỉnh] [PER Vi Văn Sơn] dự",
     [("Vi Văn Sơn", "Tỉnh ủy viên", None), ("Vi Văn Sơn", "Chủ tịch", "LĐLĐ tỉnh")]),
    ("[ROLE Bí thư Tỉnh ủy Hà Giang] [PER Lò Văn Pao] phát biểu", [("Lò Văn Pao", "Bí thư Tỉnh ủy Hà Giang", None)]),
    ("trao quà cho công nhân. Ảnh: [PER Minh Hà]", [("Minh Hà", None, None)]),
    ("- Anh [PER Hồ Văn Cường] - thợ hàn, [ORG Công ty TNHH Đóng tàu Sao Biển]: cải tiến",
     [("Hồ Văn Cường", None, "Công ty TNHH Đóng tàu Sao Biển")]),
    ("[PER Thu Trang] ([ORG Đài Truyền thanh huyện Yên Lạc])", [("Thu Trang", None, "Đài Truyền thanh huyện Yên Lạc")]),
    ("[PER Thu Trang] - [PER Đức Anh]", [("Thu Trang", None, None), ("Đức Anh", None, None)]),
    # a title before the name and a post after it: both
    ("[ROLE Phó Chủ tịch] [ORG Tổng LĐLĐ Việt Nam] [PER Phan Văn Anh] làm [ROLE trưởng đoàn]",
     [("Phan Văn Anh", "Phó Chủ tịch", "Tổng LĐLĐ Việt Nam"), ("Phan Văn Anh", "trưởng đoàn", None)]),
    # an award named after a person is no post of it
    ("Giải thưởng [PER Nguyễn Văn Linh] là phần thưởng cao quý của [ORG Ban Chấp hành Tổng LĐLĐ]",
     [("Nguyễn Văn Linh", None, None)]),
])
def test_linking_shapes(marked, expected):
    assert _triples(marked) == expected
