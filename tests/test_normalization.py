"""Normalization: each fixer, the JSON gold cases, the config, and the alignment to the original."""

import dataclasses
import json
import unicodedata
from pathlib import Path

import pytest

from vnunion_nlp import normalization as nz
from vnunion_nlp.errors import InputTypeError, OptionError

CASES = json.loads((Path(__file__).parent / "cases" / "normalize.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_gold_cases(case):
    text = unicodedata.normalize("NFD", case["input"]) if case.get("nfd") else case["input"]
    assert nz.normalize(text) == case["expected"]


@pytest.mark.parametrize("fixer, given, expected", [
    (nz.fix_nfc, unicodedata.normalize("NFD", "Nguyễn Thị Thủy"), "Nguyễn Thị Thủy"),
    (nz.fix_nfc, "đã chuẩn hóa", "đã chuẩn hóa"),
    (nz.fix_invisibles, "a\u200db\u2060c\x00d", "abcd"),
    (nz.fix_invisibles, "dòng\r\ndòng\rdòng", "dòng\ndòng\ndòng"),
    (nz.fix_confusables, "\u00d0ồng chí \u0189ặng", "Đồng chí Đặng"),
    (nz.fix_confusables, "Москва", "Москва"),  # a whole Cyrillic word is not a look-alike
    (nz.fix_spaces, "a\u00a0b\u202fc\u2009d\te", "a b c d e"),
    (nz.fix_punctuation, "«Mái ấm Công đoàn» — 2025", '"Mái ấm Công đoàn" - 2025'),
    (nz.fix_whitespace, "\n\n  a  b \n \n \n c  ", "a b\n\nc"),
    (nz.fix_boilerplate, "Bài.\nLượt xem: 1.234\nChia sẻ\n", "Bài.\n"),
    (nz.fix_boilerplate, "Chia sẻ kinh nghiệm tổ chức đại hội công đoàn cơ sở",
     "Chia sẻ kinh nghiệm tổ chức đại hội công đoàn cơ sở"),
])
def test_fixers(fixer, given, expected):
    assert fixer(given) == expected


@pytest.mark.parametrize("old, new", [
    ("hòa", "hoà"), ("Hòa Bình", "Hoà Bình"), ("thủy", "thuỷ"), ("Ủy ban", "Uỷ ban"), ("khỏe", "khoẻ"),
    ("họa sĩ", "hoạ sĩ"), ("lòe loẹt", "loè loẹt"), ("tùy", "tuỳ"), ("Thụy", "Thuỵ"),
])
def test_tone_styles_round_trip(old, new):
    assert nz.fix_tone_marks(new, "old") == old
    assert nz.fix_tone_marks(old, "new") == new
    assert nz.fix_tone_marks(old, "keep") == old


@pytest.mark.parametrize("word", ["quý", "Quý", "quỳnh", "hoàng", "thuyền", "toán", "khuya", "oai"])
def test_tone_marks_leave_words_with_one_spelling(word):
    assert nz.fix_tone_marks(word, "old") == word
    assert nz.fix_tone_marks(word, "new") == word


def test_config_is_immutable_and_checked():
    cfg = nz.NormalizeConfig(tone_style="new")
    assert nz.normalize("Hòa Bình", cfg) == "Hoà Bình"
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.tone_style = "old"
    with pytest.raises(OptionError, match="valid values"):
        nz.NormalizeConfig(tone_style="modern")
    with pytest.raises(ValueError):
        nz.NormalizeConfig(legacy="latin9")


def test_boilerplate_can_be_turned_off_and_is_reported():
    text = "Tin chính\nIn\nLượt truy cập: 1.650.698\nNội dung"
    assert nz.normalize(text, nz.NormalizeConfig(boilerplate=False)) == text
    aligned = nz.normalize_aligned(text)
    assert [(text[s:e].strip(), why) for s, e, why in aligned.removed] == [
        ("In", "print/top link"), ("Lượt truy cập: 1.650.698", "visitor counter")]


def test_explain_names_the_fixers_that_fired():
    assert nz.explain("Hoà\u00a0Bình") == ["spaces", "tone_marks"]
    assert nz.explain("sạch") == []


@pytest.mark.parametrize("text", [
    "Ngày 13/02/2025, LĐLĐ tỉnh  Hoà Bình\u00a0tổ chức",
    unicodedata.normalize("NFD", "Đồng chí Chẩu Thị Thu, Phó Chủ tịch Thường trực LĐLĐ tỉnh"),
    "Dòng 1\r\n\r\n\r\nIn\r\nDòng 2 🎉 “trích dẫn”",
])
def test_alignment_maps_every_character_back(text):
    aligned = nz.normalize_aligned(text)
    norm = aligned.text
    for i in range(len(norm)):
        s, e = aligned.to_original(i, i + 1)
        assert 0 <= s < e <= len(text)
        assert unicodedata.normalize("NFC", text[s:e]).strip() != "" or norm[i].isspace()
    # words map back to the same word in the original
    for word in ("LĐLĐ", "Chẩu", "Dòng 2"):
        if word in norm:
            i = norm.index(word)
            s, e = aligned.to_original(i, i + len(word))
            assert unicodedata.normalize("NFC", text[s:e]) == word


def test_non_str_is_a_type_error():
    with pytest.raises(InputTypeError, match="decode first"):
        nz.normalize(b"LDLD")
    with pytest.raises(TypeError):
        nz.normalize(None)


def test_a_mark_freed_by_a_removed_control_character_is_composed():
    """Found by Hypothesis: "H\\x1f\\u0323" lost its control character after NFC ran, so the output was not NFC
    and normalize was not idempotent."""
    once = nz.normalize("H\x1f\u0323")
    assert once == "\u1e24" and nz.normalize(once) == once
