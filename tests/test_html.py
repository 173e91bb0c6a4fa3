"""read_html on the team's 44 test pages (four portal layouts) and on the pages crawls hold: title, date and its
source, furniture out, the article's sentences in, the same entities as the article given as plain text."""

import json
import sys
import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")

import vnunion_nlp  # noqa: E402
from vnunion_nlp.errors import InputTypeError, MissingExtraError, PageError  # noqa: E402
from vnunion_nlp.io.html import choose_date, dateline_date  # noqa: E402
from vnunion_nlp.legacy import encode_legacy  # noqa: E402

PAGES = Path(__file__).resolve().parent / "pages"
DATA = json.loads((PAGES / "articles.json").read_text(encoding="utf-8"))
ARTICLES, FURNITURE = DATA["articles"], DATA["furniture"]
SOURCE = {"meta": "metadata", "dateline": "dateline", "url": "url", "absent": None}


def plain_text(a):
    return a["title"] + "\n\n" + "\n".join(a["paragraphs"])


@pytest.fixture(scope="module")
def nlp():
    return vnunion_nlp.load()


@pytest.fixture(scope="module")
def read():
    return {a["id"]: vnunion_nlp.read_html((PAGES / f"{a['id']}.html").read_bytes(), url=a["url"]) for a in ARTICLES}


def test_the_pages_cover_four_layouts_and_every_date_place():
    assert len(ARTICLES) >= 40
    assert {a["layout"] for a in ARTICLES} == {"portal", "newspaper", "department", "blog"}
    assert {a["date_in"] for a in ARTICLES} == set(SOURCE)
    pages = {a["id"]: (PAGES / f"{a['id']}.html").read_text(encoding="utf-8") for a in ARTICLES}
    for layout, words in FURNITURE.items():  # the furniture check is not vacuous
        on_layout = [pages[a["id"]] for a in ARTICLES if a["layout"] == layout]
        assert all(any(w in page for page in on_layout) for w in words)
        assert all(sum(w in page for w in words) >= len(words) - 3 for page in on_layout)
    assert all(a["caption"] in pages[a["id"]] for a in ARTICLES)


@pytest.mark.parametrize("a", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_page(a, read):
    article = read[a["id"]]
    assert article.title == a["title"]
    assert article.url == a["url"]
    assert (article.date, article.date_source) == (a["date"], SOURCE[a["date_in"]])
    for sentence in a["paragraphs"]:
        assert sentence in article.main_text
    assert article.text == plain_text(a)
    for word in [*FURNITURE[a["layout"]], a["caption"], *(text for _, text in a["comments"])]:
        assert word not in article.text, word
    if not any(a["byline"] in p for p in a["paragraphs"]):
        assert a["byline"] not in article.text and a["byline"].upper() not in article.text
    for other in ARTICLES:  # related links, most-read lists, previous/next are other articles' titles
        assert other["id"] == a["id"] or other["title"] not in article.text


def test_entities_of_a_page_are_those_of_its_article_as_plain_text(nlp, read):
    for a in ARTICLES:
        page = read[a["id"]].tag(nlp)
        text = nlp(plain_text(a), date=a["date"])
        assert [(e.label, e.text, e.start, e.end, e.value) for e in page.entities] == \
               [(e.label, e.text, e.start, e.end, e.value) for e in text.entities], a["id"]
        assert page.entities, a["id"]


def test_the_page_date_resolves_day_months_and_the_doc_keeps_the_page(nlp, read):
    doc = read["n01"].tag(nlp)  # published 2024-03-05, "dịp 8/3" in the title
    assert doc.date == "2024-03-05" and doc.url == read["n01"].url and doc.title.startswith("Nữ công nhân")
    assert ("8/3", "2024-03-08") in [(e.text, e.value) for e in doc.entities if e.label == "DATE"]
    d = doc.to_dict()
    assert (d["url"], d["title"], d["date_source"]) == (doc.url, doc.title, "metadata")
    assert all(d["text"][e["start"]:e["end"]] == e["text"] for e in d["entities"])
    mine = read["n01"].tag(nlp, date="2023-03-01")  # the caller's date wins
    assert mine.date == "2023-03-01" and mine.date_source == "caller"
    assert ("8/3", "2023-03-08") in [(e.text, e.value) for e in mine.entities if e.label == "DATE"]
    plain = nlp("LĐLĐ tỉnh thăm công nhân.").to_dict()
    assert plain["url"] is None and plain["title"] is None and plain["date_source"] is None


def test_day_first_dateline_beats_a_swapped_guess_and_metadata_beats_an_update_line():
    assert dateline_date("Thứ Hai, 06/05/2024 08:30") == "2024-05-06"
    assert dateline_date("Cập nhật ngày: 03/02/2024") == "2024-02-03"
    assert dateline_date("Ngày 6/5/2024, LĐLĐ tỉnh tổ chức hội nghị tổng kết công tác năm với nhiều đại biểu") is None
    assert choose_date("2024-06-05", "2024-05-06", set(), None) == ("2024-05-06", "dateline")
    assert choose_date("2024-03-05", "2024-03-07", {"2024-03-05"}, None) == ("2024-03-05", "metadata")
    assert choose_date("2026-12-06", None, set(), "https://cd.example.vn/tin/bai.html") == (None, None)
    assert choose_date(None, None, set(), "https://cd.example.vn/2024/03/15/bai/") == ("2024-03-15", "url")


PAGE = """<html><head><meta charset="{charset}"><title>{title}</title></head><body>
<div class="menu"><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a> | <a href="/lien-he">Liên hệ</a></div>
<h1>{title}</h1><div class="date">Thứ Năm, 09/05/2024 10:00</div>
<p>Sáng 8/5, Liên đoàn Lao động huyện Yên Thành tổ chức hội nghị tổng kết phong trào thi đua lao động giỏi.</p>
<p>Đồng chí Nguyễn Văn Hải, Chủ tịch LĐLĐ huyện, trao giấy khen cho 25 tập thể và 40 cá nhân xuất sắc.</p>
<p>Hội nghị đề ra mục tiêu phát triển thêm 500 đoàn viên công đoàn trong năm tới.</p>
</body></html>"""
TITLE = "Yên Thành tổng kết phong trào thi đua"


def test_windows_1258_page_is_decoded_and_composed(cp1258):
    data = cp1258(PAGE.format(charset="windows-1258", title=TITLE))
    raw = data.decode("cp1258")
    assert unicodedata.normalize("NFC", raw) != raw  # the bytes hold combining tone marks
    article = vnunion_nlp.read_html(data)
    assert article.charset == "cp1258" and article.title == TITLE
    assert "Liên đoàn Lao động huyện Yên Thành" in article.text
    assert article.text == unicodedata.normalize("NFC", article.text) and article.date == "2024-05-09"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_font_pages_come_out_as_unicode(encoding):
    page = PAGE.format(charset="iso-8859-1", title=TITLE)
    data = encode_legacy(page, encoding).encode("cp1252")
    article = vnunion_nlp.read_html(data)
    assert article.legacy == encoding
    assert "Liên đoàn Lao động huyện" in article.text and "Chủ tịch LĐLĐ huyện" in article.text
    assert article.date == "2024-05-09"


def test_charset_detection_without_a_declaration():
    data = PAGE.replace('<meta charset="{charset}">', "").format(title=TITLE).encode("utf-16")
    assert vnunion_nlp.read_html(data).title == TITLE


def test_pages_without_an_article_are_errors_that_say_so():
    with pytest.raises(PageError, match="no main text"):
        vnunion_nlp.read_html("<html><body><div class='banner'><img src='/logo.png'></div></body></html>")
    with pytest.raises(PageError, match="undecodable"):
        vnunion_nlp.read_html(bytes(range(256)) * 20, charset="utf-8")
    with pytest.raises(InputTypeError):
        vnunion_nlp.read_html(42)
    assert isinstance(PageError("x"), ValueError)


def test_missing_extra_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(MissingExtraError, match=r'vnunion-nlp\[html\]'):
        vnunion_nlp.read_html("<html></html>")
    assert issubclass(MissingExtraError, ImportError)
