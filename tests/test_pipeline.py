"""The public contract of SPEC.md §4: load, __call__, pipe, to_dict, errors, offsets on awkward input."""

import dataclasses
import datetime as dt
import json
import unicodedata

import pytest

import vnunion_nlp
from vnunion_nlp.errors import DateValueError, InputTypeError, OptionError

LEAD = "Ngày 13/02/2025, LĐLĐ tỉnh tổ chức hội nghị."


@pytest.fixture(scope="module")
def nlp():
    return vnunion_nlp.load()


def test_schema_has_every_key(nlp):
    d = nlp(LEAD, date="2025-02-14").to_dict()
    for key in ("text", "date", "normalized", "abbreviations", "entities", "people", "activities"):
        assert key in d
    assert d["text"] == LEAD and d["date"] == "2025-02-14"
    assert {"text", "start", "end", "expansion"} <= set(d["abbreviations"][0])
    assert json.loads(json.dumps(d)) == d


def test_stage_names_and_disable(nlp):
    assert nlp.pipe_names == ["abbreviations", "dates", "entities", "people", "activities"]
    small = vnunion_nlp.load(disable=["dates", "entities", "activities"])
    assert small.pipe_names == ["abbreviations", "people"]
    assert small(LEAD).entities == ()
    with pytest.raises(OptionError, match="valid values"):
        vnunion_nlp.load(disable=["ner"])


@pytest.mark.parametrize("date, expected", [
    ("2025-02-14", "2025-02-14"), (dt.date(2025, 2, 14), "2025-02-14"),
    (dt.datetime(2025, 2, 14, 8, 30), "2025-02-14"), (None, None), ("2025-02-14T08:30:00", "2025-02-14"),
])
def test_document_date_forms(nlp, date, expected):
    assert nlp(LEAD, date=date).date == expected


def test_bad_dates_and_types(nlp):
    with pytest.raises(DateValueError):
        nlp(LEAD, date="14/02/2025")
    with pytest.raises(InputTypeError):
        nlp(LEAD, date=20250214)
    with pytest.raises(TypeError, match="decode first"):
        nlp(LEAD.encode())
    for bad in (None, 3, ["text"]):
        with pytest.raises(TypeError):
            nlp(bad)


AWKWARD = [
    unicodedata.normalize("NFD", "Đồng chí Chẩu Thị Thu, Phó Chủ tịch Thường trực LĐLĐ tỉnh Tuyên Quang, 8/3/2025"),
    "Uỷ ban Kiểm tra LĐLĐ  tỉnh\u00a0Hoà Bình, CNVC-LĐ\r\nngày 21/11/2025 🎉🎉 TP. Vĩnh Yên",
    "\u200bLĐLĐ\u200b tỉnh\t\tCĐCS   KCN\r\nIn\r\nLượt truy cập: 1.650.698\r\nBài viết ngày 3/4/2024.",
    "<p>LĐLĐ tỉnh <script>alert(1)</script> tổ chức</p>\x00\x07",
    "",
    " \n\t ",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_offsets_index_the_original(nlp, text):
    d = nlp(text, date="2025-02-14").to_dict()
    assert d["text"] == text
    for key in ("abbreviations", "entities", "removed"):
        for span in d[key]:
            assert text[span["start"]:span["end"]] == span["text"], (key, span)


def test_nfd_input_gets_the_same_analysis_as_nfc(nlp):
    nfc = "Công đoàn cơ sở Trường THPT Lê Lợi và LĐLĐ tỉnh Hòa Bình"
    a, b = nlp(nfc).to_dict(), nlp(unicodedata.normalize("NFD", nfc)).to_dict()
    assert [x["expansion"] for x in a["abbreviations"]] == [x["expansion"] for x in b["abbreviations"]]
    assert a["normalized"] == b["normalized"]


def test_big_and_strange_strings(nlp):
    big = ("Công đoàn cơ sở trao quà cho CNVCLĐ. " * 30000)[:1_100_000]
    doc = nlp(big)
    assert len(doc.abbreviations) > 1000
    # dense in dates, organisations and abbreviations: any all-pairs step would make this take minutes
    dense = ("Ngày 13/02/2025, LĐLĐ tỉnh Vĩnh Phúc trao quà cho CNVCLĐ tại KCN Bình Xuyên. " * 6000)[:400_000]
    doc = nlp(dense)
    assert len(doc.ents("DATE")) > 4000 and len(doc.ents("ORG")) > 4000
    for text in ("🎉" * 1000, "\x00\x01\x02", "\ud800", "(" * 500 + "LĐLĐ" + ")" * 500):
        nlp(text)


def test_pipe_keeps_order_and_matches_single_calls(nlp):
    texts = [f"LĐLĐ tỉnh số {i} thăm CĐCS ngày {i % 28 + 1}/3/2025" for i in range(50)]
    piped = [d.to_dict() for d in nlp.pipe(texts, batch_size=7)]
    assert piped == [nlp(t).to_dict() for t in texts]


def test_pipe_as_tuples_carries_id_and_date(nlp):
    items = [("Sáng 8/3, CĐCS tổ chức.", {"id": "a", "date": "2025-03-09"}), ("LĐLĐ tỉnh.", {"id": "b"})]
    out = list(nlp.pipe(items, as_tuples=True))
    assert [(d.id, d.date, ctx["id"]) for d, ctx in out] == [("a", "2025-03-09", "a"), ("b", None, "b")]


def test_pipe_on_error(nlp):
    items = ["LĐLĐ tỉnh", b"bytes", "CĐCS"]
    with pytest.raises(TypeError):
        list(nlp.pipe(items))
    assert [d.text for d in nlp.pipe(items, on_error="skip")] == ["LĐLĐ tỉnh", "CĐCS"]
    recorded = list(nlp.pipe(items, on_error="record"))
    assert isinstance(recorded[1], vnunion_nlp.PipeError) and recorded[1].index == 1
    assert "decode first" in recorded[1].message
    with pytest.raises(OptionError):
        list(nlp.pipe(items, on_error="ignore"))


def test_pipe_two_processes_gives_identical_output(nlp):
    texts = [f"Ngày {i % 28 + 1}/2/2025, CĐCS Công ty TNHH số {i} gặp mặt CNLĐ" for i in range(300)]
    one = [d.to_dict() for d in nlp.pipe(texts, batch_size=40)]
    two = [d.to_dict() for d in nlp.pipe(texts, batch_size=40, n_process=2)]
    assert one == two


def test_docs_are_immutable(nlp):
    doc = nlp(LEAD)
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "x"
    with pytest.raises(ValueError):
        vnunion_nlp.Doc("abc", "abc", entities=(vnunion_nlp.Span("xyz", "ORG", 0, 3),))


def test_html_rendering_escapes_user_text(nlp):
    html = nlp("<script>alert('x')</script> LĐLĐ tỉnh")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'title="Liên đoàn Lao động"' in html


def test_a_page_timestamp_becomes_the_document_date(nlp):
    """Guide §21: a page's own full timestamp is the document's date, so "8/3" takes its year."""
    page = "Trang chủ > Công đoàn\nThứ Sáu, 14/03/2025 | 09:12\nNgày 8/3, Công đoàn trường tặng quà đoàn viên nữ."
    doc = nlp(page)
    assert (doc.date, doc.date_source) == ("2025-03-14", "timestamp")
    assert [(e.text, e.value) for e in doc.entities if e.label == "DATE"] == [
        ("Thứ Sáu, 14/03/2025", "2025-03-14"), ("8/3", "2025-03-08")]
    given = nlp(page, date="2024-05-01")  # a date the caller gives wins
    assert given.date == "2024-05-01" and given.date_source is None
    assert [e.value for e in given.entities if e.label == "DATE"] == ["2025-03-14", "2024-03-08"]
    article = nlp("Ngày 13/02/2025, LĐLĐ tỉnh tổ chức hội nghị. Ngày 8/3 tặng quà.")  # a dateline, no stamp
    assert article.date is None and [e.value for e in article.entities if e.label == "DATE"] == [
        "2025-02-13", "--03-08"]


def test_a_user_entity_model_is_checked_against_its_card(tmp_path):
    import shutil

    from vnunion_nlp import resources
    from vnunion_nlp.errors import ModelIntegrityError, UnverifiedModelWarning

    bundled = resources.bundled_model("entities.crf")
    model = tmp_path / "entities.crf"
    shutil.copy(bundled, model)
    with pytest.warns(UnverifiedModelWarning, match="no card"):
        unchecked = vnunion_nlp.load(entity_model=model, disable=["activities"])
    assert unchecked(LEAD).entities
    shutil.copy(resources.card_path(bundled), tmp_path / "entities.card.json")
    assert vnunion_nlp.load(entity_model=model, disable=["activities"])(LEAD).entities  # no warning: checked
    with open(model, "ab") as f:
        f.write(b"\0")
    with pytest.raises(ModelIntegrityError, match="sha256"):
        vnunion_nlp.load(entity_model=model)
