"""Hypothesis properties over arbitrary Unicode: idempotence, NFC, offsets, alignment, JSON round trip."""

import json
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnunion_nlp
from vnunion_nlp.normalization import NormalizeConfig, normalize, normalize_aligned

VIETNAMESE = ("Liên đoàn Lao động LĐLĐ CĐCS CNVC-LĐ TP. Hoà Bình Thuỷ Ủy ban UBND ngày 13/02/2025 "
              "8/3 quý I/2025 Tết Nguyên đán Bính Ngọ 2026 đồng chí Chẩu Thị Thu (LĐLĐ) “quà” – ")
text_strategy = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.sampled_from(list(VIETNAMESE) + ["\u00a0", "\u0300", "\u0323", "\r", "\n", "\u200b",
                                                        "Ð", "🎉", "\t"]), max_size=200),
    st.lists(st.sampled_from(VIETNAMESE.split() + ["\n", "In", "Lượt truy cập: 1.650", "\u00a0"]),
             max_size=40).map(" ".join),
)
forms = st.sampled_from(["NFC", "NFD", "NFKC", None])


def _form(text, form):
    return unicodedata.normalize(form, text) if form else text


@settings(max_examples=300, deadline=None)
@given(text_strategy, forms)
def test_normalize_is_idempotent_and_nfc(text, form):
    text = _form(text, form)
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)


@settings(max_examples=150, deadline=None)
@given(text_strategy, forms, st.sampled_from(["old", "new", "keep"]))
def test_alignment_is_monotone_and_in_bounds(text, form, style):
    text = _form(text, form)
    aligned = normalize_aligned(text, NormalizeConfig(tone_style=style))
    if aligned.text == text:
        return
    assert len(aligned.starts) == len(aligned.ends) == len(aligned.text)
    prev_s = prev_e = 0
    for s, e in zip(aligned.starts, aligned.ends):
        assert 0 <= s <= e <= len(text)
        assert s >= prev_s and e >= prev_e
        prev_s, prev_e = s, e


_NLP = None


def _nlp():
    global _NLP
    if _NLP is None:
        _NLP = vnunion_nlp.load()
    return _NLP


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy, forms)
def test_every_span_indexes_the_original_and_json_round_trips(text, form):
    text = _form(text, form)
    d = _nlp()(text, date="2025-02-14").to_dict()
    assert d["text"] == text
    for key in ("entities", "abbreviations", "removed"):
        for span in d[key]:
            assert text[span["start"]:span["end"]] == span["text"]
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d


# -- at scale (issue 10): 10,000 documents, nothing raises, every span indexes the input exactly ---------------

SPECIAL = ["\x00", "\x01", "\x1f", "\x7f", "\x85", "\u200b", "\u200d", "\u202e", "\u202c", "\u2066", "\u2069",
           "\ufeff", "\ud800", "\udfff", "\ud83c", "\u0301", "\u0323", "\u0300", "\u20dd", "\u034f", "\t", "\n", "\r",
           "\u00a0", "\u2028", "🎉", "Ð", "а", "ª", "®", "ø"]
any_character = st.characters(exclude_categories=())  # every code point, lone surrogates included
arbitrary_text = st.one_of(
    st.text(any_character, max_size=300),
    st.text(st.sampled_from(SPECIAL + list("aĐđ.1/(-@ ")), max_size=300),
    st.lists(st.one_of(st.text(any_character, max_size=8), st.sampled_from(SPECIAL)), max_size=60).map("".join),
)
UNION_WORDS = [
    "Liên đoàn Lao động", "LĐLĐ", "tỉnh", "huyện", "Công đoàn", "công đoàn cơ sở", "CĐCS", "CNVCLĐ", "Chủ tịch",
    "Phó Chủ tịch Thường trực", "Ủy viên BTV", "Uỷ ban Kiểm tra", "đồng chí", "ông", "bà", "Nguyễn Văn An",
    "Trần Thị Bình", "Chẩu Thị Thu", "Khánh", "Hòa Bình", "Hoà Bình", "Tuyên Quang", "TP. Vĩnh Yên", "ngày",
    "13/02/2025", "8/3", "quý I/2025", "năm 2024", "Tết Nguyên đán Bính Ngọ 2026", "tháng 9 - 10/2025",
    "từ ngày 15 đến 20/5/2025", "(LĐLĐ)", "(sau đây gọi tắt là KCN)", "được bầu giữ chức", "nhiệm vụ", "trao",
    "200 suất quà", "đoàn viên", "công nhân", "KCN", "Trường THPT số 1", "và", ",", ".", ";", "-", "(", ")", ":",
    "\n", "\n\n", "  ", "\u00a0", "“", "”", "…", "https://congdoan.vn/a?b=1", "lienhe@ldld.vn", "Lượt truy cập: 1.650",
    "In", "Về đầu trang", "Liªn ®oµn Lao ®éng", "Lieân ñoaøn", "UBND", "HĐND", "1.000.000 đồng", "CA", "TO",
]
union_text = st.lists(st.tuples(st.sampled_from(UNION_WORDS), st.sampled_from([" ", "", ", ", "\n", ". "])),
                      max_size=60).map(lambda pairs: "".join(w + sep for w, sep in pairs))


@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arbitrary_text)
def test_any_unicode_gives_exact_spans(exact, text):
    exact(_nlp()(text, date="2025-02-14"), text)


@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(union_text, forms)
def test_union_vocabulary_gives_exact_spans(exact, text, form):
    text = _form(text, form)
    exact(_nlp()(text, date="2025-02-14"), text)
