"""Shared test data and checks: the team's test pages (tests/pages), a WARC writer for crawls built inside
tests, and the exactness check every hostile-input test uses."""

import gzip
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parent / "pages"


def build_warc(path, records, *, gzip_members=True):
    """Write a WARC of response records; each record is a dict with url, body (bytes) and optional status,
    content_type, headers (extra HTTP headers as pairs) and record_type ("response" or "revisit")."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzip_members)
        writer.write_record(writer.create_warcinfo_record(Path(path).name, {"software": "vnunion-nlp tests"}))
        for r in records:
            status = r.get("status", "200 OK")
            headers = [("Content-Type", r.get("content_type", "text/html; charset=utf-8")), *r.get("headers", ())]
            headers.append(("Content-Length", str(len(r["body"]))))
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(r["url"], r.get("record_type", "response"),
                                               payload=io.BytesIO(r["body"]), length=len(r["body"]),
                                               http_headers=http)
            writer.write_record(record)


def page_records():
    """The 44 test pages as response records, one of them served gzip-encoded."""
    articles = json.loads((PAGES / "articles.json").read_text(encoding="utf-8"))["articles"]
    out = []
    for a in articles:
        body = (PAGES / f"{a['id']}.html").read_bytes()
        record = {"url": a["url"], "body": body}
        if a["id"] == "n03":
            record = {"url": a["url"], "body": gzip.compress(body), "headers": [("Content-Encoding", "gzip")]}
        out.append(record)
    return out


@pytest.fixture(scope="session")
def warc_writer():
    return build_warc


@pytest.fixture(scope="session")
def test_page_records():
    return page_records()


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text):
    """Text as a windows-1258 page stores it: base letters (â, ơ, đ...) plus combining tone marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out += (base + tones).encode("cp1258")
    return bytes(out)


@pytest.fixture(scope="session")
def cp1258():
    return to_cp1258


_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def assert_exact(doc, text):
    """Every span of the Doc indexes ``text``; the alignment maps each normalized character inside it, in order;
    the dict survives JSON."""
    assert doc.text == text
    for item in (*doc.entities, *doc.abbreviations, *doc.removed):
        assert 0 <= item.start <= item.end <= len(text) and text[item.start:item.end] == item.text
    for p in doc.people:
        assert p.start < 0 or text[p.start:p.end] == p.name
    if doc.alignment_end:
        assert len(doc.alignment) == len(doc.alignment_end) == len(doc.normalized)
        assert all(0 <= s <= e <= len(text) for s, e in zip(doc.alignment, doc.alignment_end))
        assert list(doc.alignment) == sorted(doc.alignment)
    elif doc.normalized:  # no alignment: the identity (an empty normalized text needs none)
        assert doc.normalized == text
    d = doc.to_dict()
    if not _SURROGATE_PAIR.search(text):  # JSON reads an escaped pair of surrogates back as one character
        assert json.loads(json.dumps(d)) == d


@pytest.fixture(scope="session")
def exact():
    return assert_exact
