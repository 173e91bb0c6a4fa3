"""Doc._repr_html_: the original text with entities, abbreviations and activities; user text always escaped."""

import html
import re
from html.parser import HTMLParser

import pytest

import vnunion_nlp
from vnunion_nlp.doc import Abbreviation, Activity, Doc, Span, render_html

HOSTILE = "<script>alert('x')</script>"


class TextOfBody(HTMLParser):
    """The characters a reader sees in the text area, label tags left out; and every tag and attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self.stack.append(attrs.get("class") or "")

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        classes = " ".join(self.stack)
        if "vn-text" in classes and "vn-label" not in classes and "vn-more" not in classes:
            self.text.append(data)


def parse(markup):
    parser = TextOfBody()
    parser.feed(markup)
    parser.close()
    assert parser.stack == []  # every tag closed
    return parser


def hostile_doc():
    text = f'{HOSTILE} LĐLĐ tỉnh "Nghệ An" & <b>bold</b>\nDòng 2'
    org = 'LĐLĐ tỉnh "Nghệ An"'
    start = text.index(org)
    return Doc(text, text, id='<img src=x onerror="alert(1)">', date="2025-02-14",
               entities=(Span(org, "ORG", start, start + len(org), 'Liên đoàn "Lao động" <script>x</script>'),
                         Span("<b>bold</b>", "ROLE" + "<i>", text.index("<b>"), text.index("<b>") + 11)),
               abbreviations=(Abbreviation("LĐLĐ", start, start + 4, '<script>"Liên đoàn"</script>'),),
               activities=(Activity("<script>label</script>", 0.5),))


def test_a_script_in_any_user_field_renders_as_text():
    doc = hostile_doc()
    markup = doc._repr_html_()
    for raw in ("<script", "<img", "<b>bold", "<i>"):
        assert raw not in markup
    assert "&lt;script&gt;alert(" in markup
    parsed = parse(markup)
    assert {tag for tag, _ in parsed.tags} <= {"div", "span", "mark", "abbr", "b"}
    for _, attrs in parsed.tags:  # no attribute smuggled in through a quote
        assert set(attrs) <= {"class", "style", "title"}
    titles = [a["title"] for _, a in parsed.tags if "title" in a]
    assert 'ORG → Liên đoàn "Lao động" <script>x</script>' in titles  # escaped, read back intact
    assert '<script>"Liên đoàn"</script>' in titles


def test_the_text_area_shows_exactly_the_original_text():
    doc = hostile_doc()
    assert "".join(parse(render_html(doc)).text) == doc.text


@pytest.fixture(scope="module")
def nlp():
    return vnunion_nlp.load()


def test_entities_values_abbreviations_activities_and_legend(nlp):
    text = "Ngày 13/02/2025, LĐLĐ tỉnh Nghệ An tổ chức hội nghị. Đồng chí Chẩu Thị Thu, Phó Chủ tịch LĐLĐ tỉnh."
    doc = nlp(text, date="2025-02-14", id="a1")
    markup = doc._repr_html_()
    parsed = parse(markup)
    assert "".join(parsed.text) == text
    marks = [a for tag, a in parsed.tags if tag == "mark"]
    assert len(marks) == len(doc.entities)
    assert {"title": "DATE → 2025-02-13"}.items() <= marks[0].items()
    assert any(m["title"] == "ORG → Liên đoàn Lao động tỉnh Nghệ An" for m in marks)
    assert any(m["title"] == "PER" for m in marks)
    abbrs = [a["title"] for tag, a in parsed.tags if tag == "abbr" and "vn-abbr" in a.get("class", "")]
    assert abbrs == ["Liên đoàn Lao động"] * 2
    assert "text-decoration:underline" in markup
    for a in doc.activities:
        assert f"<b>{a.label}</b> {a.score:.2f}" in markup
    for label in {e.label for e in doc.entities}:  # the legend: each label with its count
        assert re.search(rf">{label} {len(doc.ents(label))}</span>", markup)
    assert "a1 · 2025-02-14" in markup


def test_nfd_crlf_and_empty_documents(nlp):
    import unicodedata

    text = unicodedata.normalize("NFD", "Ngày 13/02/2025,\r\nLĐLĐ tỉnh Hoà Bình  thăm   CNVCLĐ.")
    doc = nlp(text)
    assert "".join(parse(doc._repr_html_()).text) == text
    assert "".join(parse(nlp("")._repr_html_()).text) == ""


def test_long_documents_are_cut_with_a_note(nlp):
    doc = nlp("LĐLĐ tỉnh Nghệ An. " * 50)
    markup = render_html(doc, max_chars=100)
    parsed = parse(markup)
    assert "".join(parsed.text) == doc.text[:100]
    assert f"({len(doc.text) - 100:,} more characters)" in html.unescape(markup)
