"""Abbreviations: the lexicon file, context senses, inline definitions, boundaries, user entries."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

import vnunion_nlp
from vnunion_nlp import resources
from vnunion_nlp.abbreviations import Lexicon, default_lexicon, find_definitions
from vnunion_nlp.errors import LexiconFormatError

GUIDE_LIST = {
    "LĐLĐ": "Liên đoàn Lao động", "TLĐ": "Tổng Liên đoàn", "CĐCS": "Công đoàn cơ sở",
    "CNVCLĐ": "công nhân, viên chức, lao động", "CNVC-LĐ": "công nhân, viên chức, lao động",
    "CNVC": "công nhân, viên chức", "CNLĐ": "công nhân lao động", "NLĐ": "người lao động",
    "NSDLĐ": "người sử dụng lao động", "ĐVCĐ": "đoàn viên công đoàn", "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ", "UBKT": "Ủy ban Kiểm tra", "ATVSLĐ": "an toàn, vệ sinh lao động",
    "AT-VSLĐ": "an toàn, vệ sinh lao động", "ATLĐ": "an toàn lao động", "TƯLĐTT": "thỏa ước lao động tập thể",
    "KCN": "khu công nghiệp", "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "BHXH": "bảo hiểm xã hội",
    "BHYT": "bảo hiểm y tế", "TP.": "thành phố", "TNHH": "trách nhiệm hữu hạn", "MTV": "một thành viên",
    "THPT": "Trung học phổ thông", "THCS": "Trung học cơ sở", "PCCC": "phòng cháy, chữa cháy",
    "CBCCVC": "cán bộ, công chức, viên chức", "CCVC": "công chức, viên chức", "MTTQ": "Mặt trận Tổ quốc",
    "GD&ĐT": "Giáo dục và Đào tạo", "HĐLĐ": "hợp đồng lao động", "CLB": "câu lạc bộ", "VĐV": "vận động viên",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
}


def _found(text, **kw):
    return [(m.text, m.expansion) for m in default_lexicon().find(text, **kw)]


def test_lexicon_is_large_and_holds_the_guide_list_first():
    lex = default_lexicon()
    assert len(lex) >= 200
    for abbr, expansion in GUIDE_LIST.items():
        assert lex.senses[abbr][0].expansion == expansion, abbr


def test_lexicon_files_are_clean():
    rows = resources.read_tsv("abbreviations.tsv")
    pairs = [(r["abbr"], r["expansion"]) for r in rows]
    assert len(pairs) == len(set(pairs))
    for r in rows:
        assert unicodedata.is_normalized("NFC", r["abbr"] + r["expansion"])
        assert r["category"] in {"union", "state", "party", "legal", "education", "health", "enterprise",
                                 "place", "general"}, r
    senses = set(pairs)
    for cue in resources.read_tsv("abbreviation_senses.tsv"):
        assert (cue["abbr"], cue["expansion"]) in senses, cue
        re.compile(cue["pattern"])
    for brand in ("VSIP", "QR", "VssID", "GMT", "XIII", "IV"):
        assert brand not in default_lexicon(), brand


@pytest.mark.parametrize("text, abbr, expansion", [
    ("Trường CĐ Nghề Việt - Đức Vĩnh Phúc tuyển sinh", "CĐ", "Cao đẳng"),
    ("Trường CĐ Y tế Thái Nguyên", "CĐ", "Cao đẳng"),
    ("CĐ ngành Giáo dục tỉnh phát động thi đua", "CĐ", "Công đoàn"),
    ("Ban Thường vụ CĐ tỉnh họp phiên thường kỳ", "CĐ", "Công đoàn"),
    ("Khai mạc ĐH Công đoàn tỉnh lần thứ XIII", "ĐH", "Đại hội"),
    ("ĐH đại biểu CĐCS nhiệm kỳ 2023 - 2028", "ĐH", "Đại hội"),
    ("sinh viên Trường ĐH Tân Trào", "ĐH", "Đại học"),
    ("UBND TP Vĩnh Yên", "TP", "thành phố"),
    ("kiểm tra an toàn vệ sinh TP tại bếp ăn tập thể", "TP", "thực phẩm"),
    ("bếp ăn bảo đảm an toàn TP cho công nhân", "TP", "thực phẩm"),
    ("theo CV số 245 của LĐLĐ tỉnh", "CV", "Công văn"),
])
def test_context_picks_the_sense(text, abbr, expansion):
    assert (abbr, expansion) in _found(text)


@pytest.mark.parametrize("text, expected", [
    ("Liên đoàn Lao động (LĐLĐ) tỉnh Hà Tĩnh", {"LĐLĐ": "Liên đoàn Lao động"}),
    ("hỗ trợ công nhân, viên chức, lao động (CNVCLĐ) khó khăn", {"CNVCLĐ": "công nhân, viên chức, lao động"}),
    ("Sở Giáo dục và Đào tạo (GD&ĐT) tỉnh", {"GD&ĐT": "Giáo dục và Đào tạo"}),
    ("thỏa ước lao động tập thể (TƯLĐTT)", {"TƯLĐTT": "thỏa ước lao động tập thể"}),
    ("Quỹ Xã hội Công đoàn (sau đây gọi tắt là QXHCĐ)", {"QXHCĐ": "Quỹ Xã hội Công đoàn"}),
    ("Khu công nghiệp Việt Nam - Singapore (VSIP)", {}),
    ("Đại hội lần thứ XIII (2023)", {}),
])
def test_inline_definitions(text, expected):
    assert find_definitions(text) == expected


def test_inline_definition_overrides_the_lexicon_for_that_document():
    text = "Hội đồng (HĐ) thi đua khen thưởng họp. Các thành viên HĐ thống nhất đề nghị."
    assert find_definitions(text) == {"HĐ": "Hội đồng"}
    assert set(_found(text)) == {("HĐ", "Hội đồng")}
    assert ("HĐ", "Hội đồng") not in _found("Các HĐ văn nghệ sôi nổi")


@pytest.mark.parametrize("text", [
    "xem tại https://ldld.vn/LĐLĐ-tinh",
    "liên hệ congdoan.KCN@gmail.com",
    "Đại hội XIII của Đảng, giai đoạn IV",
    "Khu công nghiệp VSIP và mã QR, ứng dụng VssID, 8 giờ GMT",
    "từ ngữ HĐLĐX và KCNS không phải viết tắt",
])
def test_never_inside_words_urls_roman_numerals_or_brands(text):
    assert _found(text) == []


def test_all_caps_headline_syllables_are_words():
    text = "LĐLĐ TỈNH TỔ CHỨC CHƯƠNG TRÌNH CA NHẠC MỪNG XUÂN CHO CÔNG NHÂN"
    assert _found(text) == [("LĐLĐ", "Liên đoàn Lao động")]


def test_user_entries_come_first():
    nlp = vnunion_nlp.load(abbreviations={"CĐ": "Cao đẳng", "QXH": "Quỹ Xã hội"})
    d = nlp("CĐ ngành và QXH tỉnh").to_dict()
    assert [(a["text"], a["expansion"]) for a in d["abbreviations"]] == [("CĐ", "Cao đẳng"), ("QXH", "Quỹ Xã hội")]


def test_expand_abbreviations_keeps_the_rest_as_written():
    text = "Ngày 8/3,  LĐLĐ tỉnh Hoà Bình thăm CNVC-LĐ tại KCN"
    assert vnunion_nlp.expand_abbreviations(text) == (
        "Ngày 8/3,  Liên đoàn Lao động tỉnh Hoà Bình thăm công nhân, viên chức, lao động tại khu công nghiệp")
    nfd = unicodedata.normalize("NFD", "Ủy ban Kiểm tra LĐLĐ tỉnh")
    expanded = vnunion_nlp.expand_abbreviations(nfd)
    assert expanded == unicodedata.normalize("NFD", "Ủy ban Kiểm tra ") + "Liên đoàn Lao động" + \
        unicodedata.normalize("NFD", " tỉnh")


def test_bad_lexicon_rows_are_clear_errors():
    with pytest.raises(LexiconFormatError):
        Lexicon.from_rows([{"abbr": "X", "expansion": ""}])
    with pytest.raises(LexiconFormatError):
        Lexicon.from_rows([{"abbr": "X", "expansion": "y"}], [{"abbr": "X", "expansion": "y", "side": "up",
                                                               "pattern": "a"}])


SENSE_CASES = json.loads((Path(__file__).parent / "cases" / "abbreviation_senses.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, abbr, expansion", SENSE_CASES, ids=[f"{a}={e}" for _, a, e in SENSE_CASES])
def test_every_ambiguous_sense_has_a_sentence_that_picks_it(text, abbr, expansion):
    assert (abbr, expansion) in _found(text), _found(text)


def test_every_ambiguous_abbreviation_is_covered_by_a_sense_case():
    ambiguous = {a for a, senses in default_lexicon().senses.items() if len(senses) > 1}
    covered = {a for _, a, _ in SENSE_CASES}
    assert ambiguous - covered <= {"CT", "KH", "PGD", "BCHQS"}, ambiguous - covered  # covered in test_context_picks
