"""Entity tagging: gazetteers derived from real data, tokenization, span rules, ORG values, the bundled
model's integrity, and a quality floor on the dev split."""

import importlib.util
import shutil
from pathlib import Path

import pytest

import vnunion_nlp
from vnunion_nlp import entities, resources
from vnunion_nlp.errors import ModelIntegrityError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nlp():
    return vnunion_nlp.load(disable=["activities"])


def test_places_gazetteer_matches_underthesea_address_data():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "tools" / "build_gazetteer.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    shipped = resources.data_file("places.tsv").read_text(encoding="utf-8")
    assert shipped == tool.build()
    names = {r["name"] for r in resources.read_tsv("places.tsv") if r["kind"] == "province"}
    assert {"Tuyên Quang", "Hà Giang", "Nghệ An", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"} <= names


def test_tokenizer_keeps_sentences_whole_after_period_abbreviations():
    text = "Sở LĐ-TB&XH TP. Hải Phòng họp. Ông An phát biểu."
    sentences = entities.tokenize(text)
    assert [[t.text for t in s] for s in sentences] == [
        ["Sở", "LĐ", "-", "TB&XH", "TP", ".", "Hải", "Phòng", "họp", "."], ["Ông", "An", "phát", "biểu", "."]]


def test_a_full_stop_with_no_space_ends_the_sentence():
    """Guide §27: "Công đoàn xã Ea Tam.Tham dự" ends the name at the full stop; "TP.HCM", "T.Hương" stay whole."""
    sentences = entities.tokenize("Công đoàn xã Ea Tam.Tham dự có T.Hương, TP.HCM và Tp.Hồ Chí Minh.")
    assert [[t.text for t in s] for s in sentences] == [
        ["Công", "đoàn", "xã", "Ea", "Tam", "."],
        ["Tham", "dự", "có", "T.Hương", ",", "TP.HCM", "và", "Tp.Hồ", "Chí", "Minh", "."]]


@pytest.mark.parametrize("text, generic", [
    ("Công đoàn phường", False), ("Công đoàn huyện", False), ("công đoàn xã", True), ("Công đoàn ngành", True),
    ("Công đoàn Công ty", True), ("công đoàn trường", True), ("Công đoàn phường Tân Mỹ", False),
])
def test_level_only_unions_are_orgs_when_capitalised(text, generic):
    assert entities.is_generic_org(text) is generic


@pytest.mark.parametrize("text, spans, expected", [
    # a name after an admin word inside an ORG (guide §26)
    ("Chủ tịch LĐLĐ tỉnh Vi Văn Sơn phát biểu", [(0, 8, "ROLE"), (9, 29, "ORG")],
     [("Chủ tịch", "ROLE"), ("LĐLĐ tỉnh", "ORG"), ("Vi Văn Sơn", "PER")]),
    # a place taken into a name goes back to the title before it
    ("Bí thư Tỉnh ủy Hà Giang Lò Văn Pao dự", [(0, 14, "ROLE"), (15, 34, "PER")],
     [("Bí thư Tỉnh ủy Hà Giang", "ROLE"), ("Lò Văn Pao", "PER")]),
    # ... or becomes a place of its own
    ("tại Hà Giang Lò Văn Pao dự", [(4, 23, "PER")], [("Hà Giang", "LOC"), ("Lò Văn Pao", "PER")]),
    # a school named after a person keeps its name; so does a place that is a person's name
    ("Trường THPT Trần Quốc Tuấn", [(0, 26, "ORG")], [("Trường THPT Trần Quốc Tuấn", "ORG")]),
    ("Phó Chủ tịch UBND TPHCM Lâm Minh Trí dự", [(0, 12, "ROLE"), (13, 36, "ORG")],
     [("Phó Chủ tịch", "ROLE"), ("UBND TPHCM", "ORG"), ("Lâm Minh Trí", "PER")]),
    ("Anh Hồ Văn Cường - thợ hàn", [(4, 6, "LOC"), (7, 16, "PER")], [("Hồ Văn Cường", "PER")]),
    # a family name that is also a place ("Phan", "Hồ", "Lâm") stays the start of the name
    ("Ông Phan Văn Tú, Chủ tịch", [(4, 15, "PER")], [("Phan Văn Tú", "PER")]),
    ("Giảng viên Lâm Văn Sa Ri dạy", [(11, 24, "PER")], [("Lâm Văn Sa Ri", "PER")]),
    ("Phó Chủ tịch TLĐ Phan Văn Anh dự", [(0, 12, "ROLE"), (13, 21, "ORG"), (22, 29, "PER")],
     [("Phó Chủ tịch", "ROLE"), ("TLĐ", "ORG"), ("Phan Văn Anh", "PER")]),
    ("Công đoàn phường Trần Hưng Đạo", [(0, 30, "ORG")], [("Công đoàn phường Trần Hưng Đạo", "ORG")]),
])
def test_split_names(text, spans, expected):
    out = entities.split_names(text, spans, entities.default_gazetteers())
    assert [(text[s:e], label) for s, e, label in out] == expected


def test_gazetteers_see_words_in_capitals():
    """Headlines and bylines in capitals still meet the places and family names (as features)."""
    gaz = entities.default_gazetteers()
    toks = [t for s in entities.tokenize("LÀO CAI: TRỰC TUYẾN") for t in s]
    assert gaz.places.tags(toks) == ["B", "I", "O", "O", "O"]
    assert entities.uncapped("NGUYỄN") in gaz.surnames and entities.uncapped("TP.HCM") == "Tp.hcm"
    assert entities.shape("T.Hương") == "A.Aa" and entities.shape("TP.HCM") == "AA"


@pytest.mark.parametrize("text, spans, expected", [
    ("Trưởng ban Dân vận Thành ủy TPHCM dự", [(0, 18, "ROLE"), (19, 33, "ORG")],
     [("Trưởng ban Dân vận Thành ủy TPHCM", "ROLE")]),
    ("Bí thư Tỉnh ủy Lào Cai dự", [(0, 14, "ROLE"), (15, 22, "LOC")], [("Bí thư Tỉnh ủy Lào Cai", "ROLE")]),
    ("Phó Chủ tịch UBND tỉnh dự", [(0, 12, "ROLE"), (13, 22, "ORG")], [("Phó Chủ tịch", "ROLE"), ("UBND tỉnh", "ORG")]),
    ("Chủ tịch LĐLĐ tỉnh Lào Cai dự", [(0, 8, "ROLE"), (9, 26, "ORG")],
     [("Chủ tịch", "ROLE"), ("LĐLĐ tỉnh Lào Cai", "ORG")]),
    ("Đại diện Tỉnh ủy, UBND tỉnh", [(9, 16, "ORG"), (18, 27, "ORG")], [("Tỉnh ủy", "ORG"), ("UBND tỉnh", "ORG")]),
])
def test_party_posts_are_one_role(text, spans, expected):
    assert [(text[s:e], label) for s, e, label in entities.party_posts(text, spans)] == expected


@pytest.mark.parametrize("text, spans, expected", [
    ("ông Park Ji-hoon, Giám đốc", [(4, 11, "PER")], "Park Ji-hoon"),
    ("ông Chen Wei-Ming, Tổng Giám đốc", [(4, 12, "PER")], "Chen Wei-Ming"),
    ("Đ/c Phan Văn Mừng-BTĐU phường", [(4, 17, "PER")], "Phan Văn Mừng"),
])
def test_hyphenated_foreign_names_stay_whole(text, spans, expected):
    (s, e, _), = entities.hyphenated_names(text, spans, entities.default_gazetteers())
    assert text[s:e] == expected


def test_phrase_matcher_prefers_the_longest_phrase():
    m = entities.PhraseMatcher(["Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch Thường trực"], lower=True)
    toks = [t for s in entities.tokenize("phó chủ tịch thường trực LĐLĐ") for t in s]
    assert m.tags(toks) == ["B", "I", "I", "I", "I", "O"]


def test_bio_round_trip():
    toks = [t for s in entities.tokenize("Bà Chẩu Thị Thu dự họp tại LĐLĐ tỉnh") for t in s]
    spans = [(3, 15, "PER"), (27, 36, "ORG")]
    tags = entities.spans_to_bio(toks, spans)
    assert entities.bio_to_spans(toks, tags) == spans


@pytest.mark.parametrize("text, start, end, label, expected", [
    ("đồng chí Lê Văn Hải, Phó", 0, 19, "PER", "Lê Văn Hải"),
    ("ông Khánh", 0, 9, "PER", "Khánh"),
    ("LĐLĐ TP. Vinh, ", 0, 15, "ORG", "LĐLĐ TP. Vinh"),
    ("UBND TP.", 0, 8, "ORG", "UBND TP."),
    ("Liên đoàn Lao động (LĐLĐ) tỉnh", 0, 30, "ORG", "Liên đoàn Lao động (LĐLĐ) tỉnh"),
    ("Bộ GD&ĐT)", 0, 9, "ORG", "Bộ GD&ĐT"),
    ("Trường THPT Hoàng Cầu (quận Đống Đa", 0, 35, "ORG", "Trường THPT Hoàng Cầu"),
    ("Công đoàn VSIP đã tổ chức", 0, 18, "ORG", "Công đoàn VSIP"),
    ("gồm 4 huyện Bình Gia, Văn Quan", 6, 20, "LOC", "Bình Gia"),
    ("các tỉnh Nghệ An và Hà Tĩnh", 4, 16, "LOC", "Nghệ An"),
    ("tại huyện Bình Gia", 4, 18, "LOC", "huyện Bình Gia"),
    ("Công đoàn Dệt may đã", 0, 20, "ORG", "Công đoàn Dệt may"),
    ("xã Tân Mỹ).", 0, 11, "LOC", "xã Tân Mỹ"),
])
def test_tidy_span(text, start, end, label, expected):
    s, e = entities.tidy_span(text, start, end, label)
    assert text[s:e] == expected


@pytest.mark.parametrize("span, abbrs, expected", [
    ("LĐLĐ tỉnh Nghệ An", [(0, 4, "Liên đoàn Lao động")], "Liên đoàn Lao động tỉnh Nghệ An"),
    ("Liên đoàn Lao động (LĐLĐ) tỉnh Hà Tĩnh", [(20, 24, "Liên đoàn Lao động")], "Liên đoàn Lao động tỉnh Hà Tĩnh"),
    ("CĐCS Công ty TNHH MTV Cao su", [(0, 4, "Công đoàn cơ sở"), (13, 17, "trách nhiệm hữu hạn"),
                                     (18, 21, "một thành viên")],
     "Công đoàn cơ sở Công ty trách nhiệm hữu hạn một thành viên Cao su"),
    ("Trường Tiểu học Hòa Bình", [], None),
])
def test_org_value(span, abbrs, expected):
    assert entities.org_value(span, abbrs) == expected


def test_pipeline_entities_and_values(nlp):
    text = ("Ngày 13/02/2025, Cụm thi đua số 3 gồm Công đoàn Viên chức tỉnh và Công đoàn ngành Y tế tổ chức hội nghị. "
            "Dự hội nghị có đồng chí Lê Văn Hải, Phó Chủ tịch Thường trực LĐLĐ tỉnh Tuyên Quang.")
    d = nlp(text, date="2025-02-14").to_dict()
    got = {(e["text"], e["label"], e["value"]) for e in d["entities"]}
    assert ("13/02/2025", "DATE", "2025-02-13") in got
    assert ("Lê Văn Hải", "PER", None) in got
    assert ("Phó Chủ tịch Thường trực", "ROLE", None) in got
    assert ("LĐLĐ tỉnh Tuyên Quang", "ORG", "Liên đoàn Lao động tỉnh Tuyên Quang") in got
    assert {"name": "Lê Văn Hải", "role": "Phó Chủ tịch Thường trực", "org": "LĐLĐ tỉnh Tuyên Quang"} in [
        {k: p[k] for k in ("name", "role", "org")} for p in d["people"]]


def test_tampered_model_is_refused(tmp_path):
    model = resources.bundled_model("entities.crf")
    copy = tmp_path / "entities.crf"
    shutil.copy(model, copy)
    shutil.copy(model.with_name("entities.card.json"), tmp_path / "entities.card.json")
    resources.check_model(copy)
    with open(copy, "ab") as f:
        f.write(b"\0")
    with pytest.raises(ModelIntegrityError, match="sha256"):
        resources.check_model(copy)


def test_quality_floor_on_the_dev_split(nlp):
    """Far below what the model scores (see README), so only a real regression fails it."""
    from vnunion_nlp.training import evaluate_entities

    report = evaluate_entities(ROOT / "data" / "entities" / "dev.jsonl", baseline=False, nlp=nlp)
    assert report["micro"]["f1"] >= 0.90
    assert report["values"]["DATE"]["accuracy"] >= 0.95
    assert report["people"]["f1"] >= 0.80
    assert report["abbreviations"]["f1"] >= 0.95


def test_quiet_units_are_not_tagged_and_lose_nothing():
    """Lower-case prose with no gazetteer hit, capital or digit holds no entity: the tagger is not asked."""
    gaz = entities.default_gazetteers()
    rows = lambda text: entities.features_rows(entities.tokenize(text)[0], gaz, [])  # noqa: E731
    assert entities._quiet(rows("Đây là hoạt động thiết thực nhằm chăm lo đời sống cho người nghèo."))
    for text in ("Đây là hoạt động của LĐLĐ tỉnh.", "ông Minh phát biểu", "tổ trưởng tổ hàn phát biểu",
                 "ngày 8 tháng 3 có quà", "các em ở Hà Nội"):
        assert not entities._quiet(rows(text)), text
