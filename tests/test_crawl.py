"""`vnunion-nlp tag` on a crawl: a WARC built here with the team's 44 pages and what else crawls hold (a PDF, a
404, a redirect, a gzip-encoded body, windows-1258 and TCVN3 pages, duplicates, an empty page, undecodable
bytes, a broken archive), and on a folder of saved .html pages; every output format, -j, resume after kill -9."""

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")
pytest.importorskip("warcio")

from vnunion_nlp.io import count_records, input_format, iter_records  # noqa: E402
from vnunion_nlp.legacy import encode_legacy  # noqa: E402

PAGES = Path(__file__).resolve().parent / "pages"
ARTICLES = json.loads((PAGES / "articles.json").read_text(encoding="utf-8"))["articles"]
SITE = "https://congdoan-nghean.example.vn"
EXTRA_PAGE = """<html><head><meta charset="{charset}"><title>{title}</title></head><body>
<div class="menu"><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a> | <a href="/lien-he">Liên hệ</a></div>
<h1>{title}</h1><div class="date">Thứ Sáu, 07/06/2024 15:00</div>
<p>Chiều 6/6, Công đoàn Công ty Cổ phần Gạch men Diễn Châu tổ chức đối thoại định kỳ với người sử dụng lao động.</p>
<p>Ông Hồ Sỹ Lâm, Chủ tịch Công đoàn Công ty, đề nghị doanh nghiệp trang bị thêm quạt mát tại xưởng nung.</p>
<p>Giám đốc công ty đồng ý lắp đặt 40 quạt công nghiệp trước ngày 15/6 và tăng tiền bồi dưỡng độc hại.</p>
</body></html>"""
EXTRA_TITLE = "Đối thoại tại Công ty Gạch men Diễn Châu"
EMPTY_PAGE = b"<html><body><div class='banner'><img src='/logo.png'></div><script>var x = 1;</script></body></html>"


def run(*args, check=True):
    res = subprocess.run([sys.executable, "-m", "vnunion_nlp.cli", *map(str, args)], capture_output=True, text=True)
    if check and res.returncode != 0:
        raise AssertionError(res.stderr)
    return res


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory, warc_writer, test_page_records, cp1258):
    folder = tmp_path_factory.mktemp("crawl")
    records = list(test_page_records)
    records[3:3] = [
        {"url": f"{SITE}/van-ban/ke-hoach-thang-cong-nhan.pdf", "content_type": "application/pdf",
         "body": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"},
        {"url": f"{SITE}/tin-tuc/khong-con.html", "status": "404 Not Found",
         "body": "<html><body><h1>Không tìm thấy trang</h1></body></html>".encode()},
        {"url": f"{SITE}/tin-cu.html", "status": "301 Moved Permanently",
         "headers": [("Location", f"{SITE}/tin-tuc/")], "body": b"<html><body>Moved</body></html>"},
    ]
    records[10:10] = [
        {"url": f"{SITE}/tin-tuc/doi-thoai-cp1258.html", "content_type": "text/html; charset=windows-1258",
         "body": cp1258(EXTRA_PAGE.format(charset="windows-1258", title=EXTRA_TITLE))},
        {"url": f"{SITE}/tin-tuc/doi-thoai-tcvn3.html", "content_type": "text/html; charset=iso-8859-1",
         "body": encode_legacy(EXTRA_PAGE.format(charset="iso-8859-1", title=EXTRA_TITLE), "tcvn3").encode("cp1252")},
        dict(test_page_records[0]),  # the same URL again
        {"url": f"{SITE}/trang-trong.html", "body": EMPTY_PAGE},
        {"url": f"{SITE}/hong.html", "body": bytes(range(256)) * 20},
    ]
    warc = folder / "crawl.warc.gz"
    warc_writer(warc, records)
    # a second, uncompressed archive: a page already read (another URL duplicate), then a damaged record
    broken = folder / "more.warc"
    warc_writer(broken, [test_page_records[1]], gzip_members=False)
    good_size = broken.stat().st_size
    with open(broken, "ab") as f:
        f.write(b"this is not a WARC record\r\n\r\n")
    return {"warc": warc, "broken": broken, "broken_at": good_size}


EXPECTED_ROWS = len(ARTICLES) + 2  # the team's pages, the windows-1258 and the TCVN3 page


def test_registry_picks_readers_by_suffix(crawl):
    assert input_format(str(crawl["warc"])) == "warc" and input_format(str(PAGES / "p01.html")) == "html"
    assert count_records([str(crawl["warc"])]) == len(ARTICLES) + 3 + 5


def test_warc_to_jsonl_one_row_per_article_page(crawl, tmp_path):
    out = tmp_path / "out.jsonl"
    res = run("tag", crawl["warc"], crawl["broken"], "-o", out, "--summary")
    rows = read_jsonl(out)
    assert len(rows) == EXPECTED_ROWS
    by_url = {r["id"]: r for r in rows}
    assert len(by_url) == EXPECTED_ROWS
    for a in ARTICLES:
        r = by_url[a["url"]]
        assert (r["url"], r["title"], r["date"]) == (a["url"], a["title"], a["date"])
        assert r["text"] == a["title"] + "\n\n" + "\n".join(a["paragraphs"])
        assert all(r["text"][e["start"]:e["end"]] == e["text"] for e in r["entities"])
    assert by_url[ARTICLES[0]["url"]]["date_source"] == "dateline"
    for kind in ("cp1258", "tcvn3"):
        r = by_url[f"{SITE}/tin-tuc/doi-thoai-{kind}.html"]
        assert r["title"] == EXTRA_TITLE and r["date"] == "2024-06-07" and "Công đoàn Công ty Cổ phần" in r["text"]
        assert ("15/6", "2024-06-15") in [(e["text"], e["value"]) for e in r["entities"]]
    assert "skipped 5 records that are no documents" in res.stdout
    assert "HTTP status 2" in res.stdout and "duplicate URL 2" in res.stdout and "not HTML 1" in res.stdout
    assert "3 bad records" in res.stdout
    errors = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    places = [(Path(e["source"]).name, e["line"]) for e in errors]
    assert places == [("crawl.warc.gz", None), ("crawl.warc.gz", None), ("more.warc", None)]
    assert "no main text" in errors[0]["reason"] and "undecodable" in errors[1]["reason"]
    assert "broken WARC record" in errors[2]["reason"] and errors[2]["offset"] == crawl["broken_at"]
    from warcio.archiveiterator import ArchiveIterator

    with open(crawl["warc"], "rb") as f:  # the offsets point at the records
        f.seek(errors[0]["offset"])
        record = next(iter(ArchiveIterator(f)))
        assert record.rec_headers.get_header("WARC-Target-URI") == f"{SITE}/trang-trong.html"


def test_csv_with_two_processes_and_parquet_carry_the_page_columns(crawl, tmp_path):
    expected = {r["id"]: r for r in _jsonl_rows(crawl, tmp_path)}
    run("tag", crawl["warc"], "-o", tmp_path / "o.csv", "-q", "-j", "2", "--chunk-size", "7", "--batch-size", "4")
    with open(tmp_path / "o.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == list(expected)
    for r in rows:
        e = expected[r["id"]]
        got = (r["url"], r["title"], r["date"] or None, r["date_source"] or None)
        assert got == (e["url"], e["title"], e["date"], e["date_source"])
    import pyarrow.parquet as pq

    run("tag", crawl["warc"], "-o", tmp_path / "o.parquet", "-q", "--chunk-size", "10", "--tables")
    table = pq.read_table(tmp_path / "o.parquet").to_pylist()
    assert [r["id"] for r in table] == list(expected)
    assert {"url", "title", "date", "date_source"} <= set(table[0])
    assert pq.read_table(tmp_path / "o.entities.parquet").num_rows == sum(len(e["entities"]) for e in expected.values())


def _jsonl_rows(crawl, tmp_path):
    out = tmp_path / "ref.jsonl"
    run("tag", crawl["warc"], "-o", out, "-q")
    return read_jsonl(out)


def test_resume_after_kill_9(crawl, tmp_path):
    reference = _jsonl_rows(crawl, tmp_path)
    out = tmp_path / "out.jsonl"
    args = [sys.executable, "-m", "vnunion_nlp.cli", "tag", str(crawl["warc"]), str(crawl["broken"]), "-o", str(out),
            "--chunk-size", "3", "--batch-size", "1"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or len(out.read_bytes().splitlines()) < 12):
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert Path(str(out) + ".progress.json").exists()  # killed mid-run
    res = run(*args[3:], "--resume", "--summary")
    rows = read_jsonl(out)
    assert rows == reference  # every page exactly once (the second archive adds a duplicate and a broken record)
    assert len(read_jsonl(tmp_path / "out.jsonl.errors.jsonl")) == 3
    assert "skipped 5 records" in res.stdout  # counts kept across the interruption


def test_folder_of_saved_pages(tmp_path):
    out = tmp_path / "pages.jsonl"
    run("tag", PAGES, "-o", out, "-q")
    rows = {r["id"]: r for r in read_jsonl(out)}
    assert sorted(rows) == sorted(a["id"] for a in ARTICLES)
    for a in ARTICLES:
        r = rows[a["id"]]
        assert r["title"] == a["title"]
        if a["date_in"] != "url" or a["layout"] in ("blog", "newspaper"):  # these pages name their own URL
            assert r["date"] == a["date"], a["id"]
        else:  # a saved page whose date was only in its address, which the file does not keep
            assert r["date"] is None


def test_reader_passes_over_records_before_the_resume_point_without_extracting(crawl):
    items = list(iter_records([str(crawl["warc"])], skip_below=10))
    assert [i.index for i in items] == list(range(len(items)))
    assert all(type(i).__name__ == "Skipped" for i in items[:10])
