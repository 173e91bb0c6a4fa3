"""Legacy TCVN3 / VNI text back to Unicode: tables, detection, conversion, alignment edits, speed."""

from __future__ import annotations

import doctest
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnunion_nlp import legacy
from vnunion_nlp.legacy import (
    LEGACY_ENCODINGS,
    convert_legacy,
    detect_legacy_encoding,
    encode_legacy,
    legacy_replacements,
)

# The 67 lower-case Vietnamese letters that are not ASCII, written out (not derived from the module).
VN_LOWER = (
    "áàảãạ" "ăắằẳẵặ" "âấầẩẫậ" "éèẻẽẹ" "êếềểễệ" "íìỉĩị"
    "óòỏõọ" "ôốồổỗộ" "ơớờởỡợ" "úùủũụ" "ưứừửữự" "ýỳỷỹỵ" "đ"
)
VN_UPPER = VN_LOWER.upper()
VN_LETTERS = VN_LOWER + VN_UPPER
TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"  # the only capitals VN3 has a code for

# TCVN 5712:1993 VN3, by byte: the chart as printed in the standard (checked against UniKey and xvnkb).
TCVN3_CHART = """
A1 Ă  A2 Â  A3 Ê  A4 Ô  A5 Ơ  A6 Ư  A7 Đ  A8 ă  A9 â  AA ê  AB ô  AC ơ  AD ư  AE đ
B5 à  B6 ả  B7 ã  B8 á  B9 ạ  BB ằ  BC ẳ  BD ẵ  BE ắ
C6 ặ  C7 ầ  C8 ẩ  C9 ẫ  CA ấ  CB ậ  CC è  CE ẻ  CF ẽ
D0 é  D1 ẹ  D2 ề  D3 ể  D4 ễ  D5 ế  D6 ệ  D7 ì  D8 ỉ  DC ĩ  DD í  DE ị  DF ò
E1 ỏ  E2 õ  E3 ó  E4 ọ  E5 ồ  E6 ổ  E7 ỗ  E8 ố  E9 ộ  EA ờ  EB ở  EC ỡ  ED ớ  EE ợ  EF ù
F1 ủ  F2 ũ  F3 ú  F4 ụ  F5 ừ  F6 ử  F7 ữ  F8 ứ  F9 ự  FA ỳ  FB ỷ  FC ỹ  FD ý  FE ỵ
"""
TCVN3_BY_LETTER = {
    letter: bytes.fromhex(code).decode("cp1252")
    for code, letter in zip(TCVN3_CHART.split()[::2], TCVN3_CHART.split()[1::2], strict=True)
}

# VNI-Windows, as rules: base letter + one mark byte (lower case; capitals are the byte minus 0x20).
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
VNI_TONE = {"": "", ACUTE: "\xf9", GRAVE: "\xf8", HOOK: "\xfb", TILDE: "\xf5", DOT: "\xef"}
VNI_CIRCUMFLEX = {"": "\xe2", ACUTE: "\xe1", GRAVE: "\xe0", HOOK: "\xe5", TILDE: "\xe3", DOT: "\xe4"}
VNI_BREVE = {"": "\xea", ACUTE: "\xe9", GRAVE: "\xe8", HOOK: "\xfa", TILDE: "\xfc", DOT: "\xeb"}
VNI_I = {ACUTE: "\xed", GRAVE: "\xec", HOOK: "\xe6", TILDE: "\xf3", DOT: "\xf2"}
VNI_HORN_BASE = {"o": "\xf4", "u": "\xf6"}  # ơ = ô (0xF4), ư = ö (0xF6)


def expected_vni(letter: str) -> str:
    """The VNI-Windows spelling of one letter, derived from its Unicode decomposition."""
    lower = letter.lower()
    if lower == "đ":
        seq = "\xf1"
    else:
        base, *marks = unicodedata.normalize("NFD", lower)
        tone = next((m for m in marks if m in VNI_TONE and m), "")
        if base == "i":
            seq = VNI_I[tone]
        elif base == "y" and tone == DOT:
            seq = "\xee"
        elif "\u031b" in marks:
            seq = VNI_HORN_BASE[base] + VNI_TONE[tone]
        elif "\u0302" in marks:
            seq = base + VNI_CIRCUMFLEX[tone]
        elif "\u0306" in marks:
            seq = base + VNI_BREVE[tone]
        else:
            seq = base + VNI_TONE[tone]
    return seq.upper() if letter.isupper() else seq


UNICODE_SENTENCES = [
    "Liên đoàn Lao động tỉnh Nghệ An tổ chức hội nghị tổng kết công tác năm 2024.",
    "Công đoàn cơ sở Công ty TNHH Minh Long trao quà Tết cho đoàn viên có hoàn cảnh khó khăn.",
    "Chủ tịch Tổng Liên đoàn Lao động Việt Nam thăm và làm việc tại Khu công nghiệp VSIP.",
    "Hơn 500 công nhân lao động được khám sức khỏe miễn phí trong Tháng Công nhân.",
    "Ban Thường vụ Liên đoàn Lao động thành phố Hải Phòng ký kết thỏa ước lao động tập thể.",
    "Đại hội Công đoàn ngành Giáo dục nhiệm kỳ 2023–2028 bầu ban chấp hành gồm 15 đồng chí.",
    "Chương trình “Tết Sum vầy” hỗ trợ 2.000 vé xe cho người lao động về quê đón Tết.",
    "Công đoàn Khu kinh tế tỉnh Quảng Ngãi phát động thi đua lao động sáng tạo.",
    "Nhiều doanh nghiệp chưa đóng bảo hiểm xã hội đầy đủ cho người lao động.",
    "Đoàn viên công đoàn được hỗ trợ 50% học phí khi tham gia lớp nâng cao tay nghề.",
    "Hội thao công nhân viên chức lao động năm 2024 thu hút hơn 1.200 vận động viên 🎉",
    "Thủ tướng đề nghị các cấp công đoàn chăm lo đời sống vật chất, tinh thần cho người lao động.",
    "ỦY BAN KIỂM TRA CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI",
    "Mái ấm Công đoàn: trao tặng 30 căn nhà cho đoàn viên khó khăn về nhà ở.",
    "Lương tối thiểu vùng tăng 6% từ ngày 1/7/2024, công nhân phấn khởi.",
    unicodedata.normalize("NFD", "Liên đoàn Lao động tỉnh Nghệ An tổ chức hội nghị."),
    # Unicode Vietnamese that uses only Latin-1 letters: looks the most like mojibake, still never legacy.
    "Tôi là giáo viên",
    "Tôi hoàn toàn không ngoài",
    "Hòa Bình có núi cao, công nhân đi làm",
    "Hoàn toàn không có",
]

FOREIGN_SENTENCES = [
    "The trade union federation held its annual conference in Hanoi on Monday.",
    "plain ascii text with numbers 123 and symbols #@!",
    "Le syndicat a organisé une réunion à Paris ; où est le café ? Noël, maïs, goût, naïve, août.",
    "« Bonjour », dit-il. « Où est la gare ? » Il faut être prêt à l'heure, même en hiver.",
    "Die Gewerkschaft fordert höhere Löhne für die Beschäftigten in München. Größe, Grüße.",
    "Straße, Äpfel, Öl, Übermut, Müller, Bäcker, Ärzte, Köln, Düsseldorf",
    "El niño está en la montaña; la señora compró café y piñas. ¿Dónde está?",
    "O trabalhador recebeu o salário no baú da saúde, ação e coração.",
    "Jeg så øen, og Søren købte æbler på vejen.",
    "Vi åker till Göteborg och Malmö på lördag.",
    "Það er gott að vera á Íslandi.",
    "Col·legi d'Advocats de Barcelona, 1ª planta, 2º piso.",
    "Café ☕ 😀 🎉 naïve résumé",
    "Price: 15 € — “quoted” text… ©2024 ® ™ ½ ¼ °C",
    "İstanbul'da işçiler toplandı",
    "Профсоюз провёл собрание",
    "工会召开会议",
    "",
    # Traps: some words here do read as TCVN3 syllables (daß daò, än ọn, gång gồng, så sồ, »%s« sô, në nở).
    "Ich weiß, daß er so heißt, und ließ es dabei.",
    "Où est-il ? Où va-t-il ? Où sont-ils ? Le goût du coût en août.",
    "Flaggan -L given mer än en gång",
    "Pakken »%s« er ikke installeret, så blev ikke fjernet",
    "»%s« kann nicht in »%s« umbenannt werden",
    "Vlera për segmentin %s të tekstit PNG nuk mund të konvertohet në familjen ISO-8859-1.",
    "Ctrl ligger på Alt; Alt ligger på Win",
]

# Sentences encoded below into each legacy encoding; TCVN3 ones use only capitals VN3 can write.
LEGACY_SOURCES = [
    "Liên đoàn Lao động tỉnh Nghệ An tổ chức hội nghị tổng kết công tác năm 2024",
    "Công đoàn cơ sở Công ty TNHH Minh Long trao quà Tết cho đoàn viên",
    "Đại hội Công đoàn ngành Giáo dục nhiệm kỳ 2023-2028 thành công tốt đẹp",
    "Người lao động được hỗ trợ tiền thuê nhà trọ trong ba tháng",
    "Ban chấp hành Công đoàn Việt Nam họp phiên thứ mười hai",
    "Đoàn viên công đoàn tham gia hiến máu tình nguyện tại Hà Nội",
    "Công nhân Khu công nghiệp Bắc Thăng Long nhận quà Tết sum vầy",
    "Liên đoàn Lao động quận Hoàn Kiếm tổ chức tọa đàm về an toàn lao động",
    "Ưu tiên tuyển dụng lao động nữ và người khuyết tật",
    "Ông Nguyễn Văn Bình được bầu làm Chủ tịch Công đoàn tổng công ty",
    "Thỏa ước lao động tập thể được ký kết với sự chứng kiến của đại diện Sở Lao động",
    "Ơn nghĩa sinh thành, Ăn quả nhớ kẻ trồng cây, Âm thầm cống hiến, Êm đềm",
    "LĐLĐ tỉnh Đắk Lắk giám sát việc đóng BHXH cho NLĐ tại 25 doanh nghiệp",
    "Tết Sum vầy ấm áp cho công nhân",
]
VNI_ONLY_SOURCES = [
    "ĐẠI HỘI CÔNG ĐOÀN TỈNH QUẢNG NINH LẦN THỨ XV",
    "Ủy ban Kiểm tra Công đoàn ngành Y tế",
    "Ảnh: Lễ kỷ niệm ngày thành lập Công đoàn Việt Nam",
]


def legacy_cases() -> list[tuple[str, str]]:
    cases = [("tcvn3", s) for s in LEGACY_SOURCES]
    cases += [("vni", s) for s in LEGACY_SOURCES + VNI_ONLY_SOURCES]
    return cases


# --------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------


def test_alphabet_is_the_134_precomposed_letters() -> None:
    assert len(VN_LOWER) == len(set(VN_LOWER)) == 67
    assert len(set(VN_LETTERS)) == 134
    assert all(unicodedata.is_normalized("NFC", c) for c in VN_LETTERS)


def test_tcvn3_chart_covers_the_standard() -> None:
    assert len(TCVN3_BY_LETTER) == 74
    assert set(TCVN3_BY_LETTER) == set(VN_LOWER) | set(TCVN3_CAPITALS)


@pytest.mark.parametrize("letter", sorted(TCVN3_BY_LETTER))
def test_tcvn3_byte_of_every_letter(letter: str) -> None:
    code = TCVN3_BY_LETTER[letter]
    assert encode_legacy(letter, "tcvn3") == code
    assert convert_legacy(code, "tcvn3") == letter


@pytest.mark.parametrize("letter", sorted(set(VN_UPPER) - set(TCVN3_CAPITALS)))
def test_tcvn3_capitals_without_a_code_use_the_lower_case_code(letter: str) -> None:
    encoded = encode_legacy(letter, "tcvn3")
    assert encoded == TCVN3_BY_LETTER[letter.lower()]
    assert convert_legacy(encoded, "tcvn3") == letter.lower()


@pytest.mark.parametrize("letter", sorted(VN_LETTERS))
def test_vni_sequence_of_every_letter(letter: str) -> None:
    seq = expected_vni(letter)
    assert encode_legacy(letter, "vni") == seq
    assert convert_legacy(seq, "vni") == letter


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
@pytest.mark.parametrize("letter", sorted(VN_LETTERS))
def test_round_trip_of_every_letter(encoding: str, letter: str) -> None:
    expected = letter if encoding == "vni" or letter in VN_LOWER + TCVN3_CAPITALS else letter.lower()
    encoded = encode_legacy(letter, encoding)
    assert encoded.encode("cp1252")  # a legacy string is always a cp1252 reading of bytes
    assert convert_legacy(encoded, encoding) == expected
    assert convert_legacy(f"xx {encoded} yy", encoding) == f"xx {expected} yy"


def test_known_archive_spellings() -> None:
    assert convert_legacy("Liªn ®oµn Lao ®éng", "tcvn3") == "Liên đoàn Lao động"
    assert convert_legacy("Lieân ñoaøn Lao ñoäng", "vni") == "Liên đoàn Lao động"
    assert convert_legacy("ng\xadêi lao ®éng", "tcvn3") == "người lao động"  # ư is the soft hyphen 0xAD
    assert convert_legacy("ngöôøi lao ñoäng", "vni") == "người lao động"
    assert encode_legacy("Ơ ơ Ư ư Đ đ", "vni") == "Ô ô Ö ö Ñ ñ"


def test_vni_mark_in_the_other_case_still_joins_its_base() -> None:
    assert convert_legacy("Aù Oø aÙ oØ", "vni") == "Á Ò á ò"


# --------------------------------------------------------------------------------------------------
# cp1252 and Latin-1 readings
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_bytes_read_as_cp1252_or_latin1(encoding: str, codec: str) -> None:
    source = "Người lao động được hỗ trợ tiền thuê nhà trọ"
    raw = b"\x93" + encode_legacy(source, encoding).encode("cp1252") + b"\x94 \x85 \x96 \x80"
    text = raw.decode(codec)
    expected = f"“{source}” … – €"
    assert detect_legacy_encoding(text) == encoding
    assert convert_legacy(text) == expected
    assert convert_legacy(text, encoding) == expected


def test_latin1_c1_without_a_cp1252_meaning_is_left_alone() -> None:
    assert convert_legacy("a\x81b\x8dc\x9d", "tcvn3") == "a\x81b\x8dc\x9d"
    assert legacy_replacements("\x92", "vni") == [(0, 1, "’")]


# --------------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", UNICODE_SENTENCES + FOREIGN_SENTENCES)
def test_unicode_and_foreign_text_is_never_legacy(text: str) -> None:
    assert detect_legacy_encoding(text) is None
    assert convert_legacy(text) == text


@pytest.mark.parametrize(("encoding", "source"), legacy_cases())
def test_legacy_sentences_are_detected_and_converted(encoding: str, source: str) -> None:
    text = encode_legacy(source, encoding)
    assert text != source
    assert detect_legacy_encoding(text) == encoding
    assert convert_legacy(text) == source
    assert detect_legacy_encoding(convert_legacy(text)) is None  # the fixed point the normalizer relies on


def test_the_brief_examples_are_detected() -> None:
    assert detect_legacy_encoding("Liªn ®oµn Lao ®éng") == "tcvn3"
    assert detect_legacy_encoding("Lieân ñoaøn Lao ñoäng") == "vni"


def test_a_whole_legacy_paragraph() -> None:
    paragraph = " ".join(LEGACY_SOURCES) + ". Ảnh: Minh Long. Email: lienhe@congdoan.vn"
    for encoding in LEGACY_ENCODINGS:
        source = paragraph if encoding == "vni" else paragraph.replace("Ảnh", "ảnh")
        assert convert_legacy(encode_legacy(paragraph, encoding)) == source


def test_tcvn3_capital_font_text_comes_back_in_lower_case() -> None:
    text = encode_legacy("Ủy ban Kiểm tra Công đoàn tỉnh Hải Dương", "tcvn3")
    assert text == "ñy ban KiÓm tra C«ng ®oµn tØnh H¶i D\xad¬ng"
    assert convert_legacy(text) == "ủy ban Kiểm tra Công đoàn tỉnh Hải Dương"


def test_a_single_legacy_word_in_unicode_text_is_not_converted() -> None:
    text = "Đại hội Lieân minh lao động tỉnh"
    assert detect_legacy_encoding(text) is None
    assert convert_legacy(text) == text
    assert convert_legacy(text, "vni") == "Đại hội Liên minh lao động tỉnh"
    # Told explicitly, the whole text is read as VNI, Unicode words too: why detection refuses mixed text.
    assert convert_legacy("Lieân đoàn", "vni") == "Liên đồn"
    tcvn3 = "Đại hội Liªn đoàn lao động"
    assert convert_legacy(tcvn3) == tcvn3
    assert convert_legacy(tcvn3, "tcvn3") == "Đại hội Liên đoàn lao động"


def test_a_single_legacy_word_in_ascii_text_is_not_converted() -> None:
    for text in ["Meeting with ñoaøn officials", "The ®oµn delegation", "ñoaøn", "Liªn"]:
        assert detect_legacy_encoding(text) is None
        assert convert_legacy(text) == text


def test_mixed_legacy_and_unicode_stays_as_is() -> None:
    text = encode_legacy(LEGACY_SOURCES[0], "vni") + " " + UNICODE_SENTENCES[1]
    assert detect_legacy_encoding(text) is None
    assert convert_legacy(text) == text


# --------------------------------------------------------------------------------------------------
# Edits for the normalizer
# --------------------------------------------------------------------------------------------------


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, replacement in edits:
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def test_replacements_point_at_the_original_characters() -> None:
    assert legacy_replacements("Lao ®éng", "tcvn3") == [(4, 5, "đ"), (5, 6, "ộ")]
    assert legacy_replacements("Lao ñoäng", "vni") == [(4, 5, "đ"), (5, 7, "ộ")]
    assert legacy_replacements("bình minh", "vni") == []  # í and ì read as themselves: no edit
    assert legacy_replacements("", "tcvn3") == []


# --------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["TCVN3", "viscii", "", "auto"])
def test_unknown_encoding_lists_the_valid_ones(encoding: str) -> None:
    for call in (
        lambda: convert_legacy("x", encoding),
        lambda: legacy_replacements("x", encoding),
        lambda: encode_legacy("x", encoding),
    ):
        with pytest.raises(ValueError, match="'tcvn3', 'vni'"):
            call()


def test_bytes_are_rejected_with_the_fix() -> None:
    with pytest.raises(TypeError, match="decode"):
        convert_legacy(b"Li\xaan")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be str"):
        detect_legacy_encoding(None)  # type: ignore[arg-type]


def test_docstring_examples() -> None:
    result = doctest.testmod(legacy, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

LEGACY_CHARS = sorted({c for enc in LEGACY_ENCODINGS for c in encode_legacy(VN_LETTERS, enc)} - set("aeiouyAEIOUY"))
ASCII_TEXT = "abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY0123456789 .,;:-!?()\n"
mixed_text = st.text() | st.text(alphabet=st.sampled_from(LEGACY_CHARS + list(ASCII_TEXT) + ["\x93", "\x81", "é"]))
vni_text = st.text(alphabet=st.sampled_from(list(VN_LETTERS + ASCII_TEXT)))
tcvn3_text = st.text(alphabet=st.sampled_from(list(VN_LOWER + TCVN3_CAPITALS + ASCII_TEXT)))
LATIN1_VIETNAMESE = [c for c in VN_LETTERS if c <= "\xff"]
latin1_vietnamese_chars = st.text(alphabet=st.sampled_from(LATIN1_VIETNAMESE + list(ASCII_TEXT)))
VIETNAMESE_ONLY = [c for c in VN_LETTERS if c > "\xff"]
# Real words; those spelled with Latin-1 letters only (tôi, là, hoà, toán...) look the most like VNI.
WORDS = """
tôi là giáo viên hoà hòa hoá hóa hoàn toàn không có và các cho công nhân tâm tình mình chính sáng tháng
tám chín hai ba sáu bảy mười một hội nghị tổng kết đoàn lao động chào mừng ngày hôm nay xin cám ơn anh chị
em bạn bè gia làm việc tốt hơn trao quà tết người khó khăn ngoài xoài hoài toán khoá khóa xoá xóa loà toà
tòa hoãn quá quý thuý thúy thuê quân tuân luôn muôn yêu yên viết tiên biên kiên giàn giá giúp giờ chú cô
tín tính kính lính mía kìa mùa múa vùng cùng cũng lúc núi cao sâu màu màn bàn tàn cân sân tân văn vân
vàng xanh đỏ ý kiến ông bà cháu con cái nhà ở đâu đó đây kia nào sao vì nên mà thì lên xuống ra vào
""".split()
LATIN1_WORDS = [w for w in WORDS if all(c <= "\xff" for c in w)]
cased_word = st.sampled_from(LATIN1_WORDS).flatmap(lambda w: st.sampled_from([w, w.title(), w.upper()]))
latin1_vietnamese_sentence = st.lists(cased_word, min_size=1, max_size=40).flatmap(
    lambda words: st.sampled_from([" ".join(words), ", ".join(words), ". ".join(words)])
)


@given(mixed_text, st.sampled_from([None, *LEGACY_ENCODINGS]))
def test_convert_never_raises(text: str, encoding: str | None) -> None:
    assert isinstance(convert_legacy(text, encoding), str)


@given(mixed_text, st.sampled_from(LEGACY_ENCODINGS))
def test_replacements_are_sorted_disjoint_and_reproduce_convert(text: str, encoding: str) -> None:
    edits = legacy_replacements(text, encoding)
    pos = 0
    for start, end, replacement in edits:
        assert pos <= start < end <= len(text)
        assert text[start:end] != replacement
        pos = end
    assert apply_edits(text, edits) == convert_legacy(text, encoding)


@given(vni_text)
def test_vni_round_trip(text: str) -> None:
    assert convert_legacy(encode_legacy(text, "vni"), "vni") == text


@given(tcvn3_text)
def test_tcvn3_round_trip(text: str) -> None:
    assert convert_legacy(encode_legacy(text, "tcvn3"), "tcvn3") == text


@given(latin1_vietnamese_chars)
def test_latin1_vietnamese_letters_are_never_tcvn3(text: str) -> None:
    # Every TCVN3 signature is a code that is not a Vietnamese letter, so any string of these is safe.
    assert detect_legacy_encoding(text) != "tcvn3"


@given(latin1_vietnamese_sentence)
def test_latin1_only_vietnamese_is_never_legacy(text: str) -> None:
    # Vietnamese spelling never has the VNI pairs (o + à á ã aside) nor the VNI-only letters ñ ö æ î.
    assert detect_legacy_encoding(text) is None


@given(st.text(), st.sampled_from(VIETNAMESE_ONLY), st.text())
def test_text_with_a_genuine_vietnamese_letter_is_never_legacy(before: str, letter: str, after: str) -> None:
    assert detect_legacy_encoding(before + letter + after) is None


@settings(max_examples=50)
@given(st.lists(st.sampled_from(LEGACY_SOURCES), min_size=1, max_size=5), st.sampled_from(LEGACY_ENCODINGS))
def test_detection_of_generated_legacy_text(sentences: list[str], encoding: str) -> None:
    source = ". ".join(sentences)
    encoded = encode_legacy(source, encoding)
    assert detect_legacy_encoding(encoded) == encoding
    assert detect_legacy_encoding(convert_legacy(encoded)) is None


# --------------------------------------------------------------------------------------------------
# Speed: at least 1 MB/s (best of three runs, to ride out a noisy shared machine)
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_speed(encoding: str) -> None:
    text = encode_legacy(" ".join(LEGACY_SOURCES) + "\n", encoding) * 1
    text = text * (1_000_000 // len(text) + 1)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        detected = detect_legacy_encoding(text)
        converted = convert_legacy(text, detected)
        edits = legacy_replacements(text, encoding)
        best = min(best, time.perf_counter() - started)
    assert detected == encoding and edits and converted != text
    assert len(text) / best >= 1_000_000, f"{len(text) / best / 1e6:.2f} M chars/s"
