"""WARC archives (.warc, .warc.gz; warcio, in the ``html`` extra): every HTML page a crawler saved.

Each response (or resource) record is one input record, indexed in file order. An HTML page with status 200
becomes a document whose id is its URL; other records are counted and skipped: "HTTP status" (404, a
redirect), "not HTML" (a PDF, an image), "duplicate URL" (a URL already read in this run, a revisit record).
A page with no main text, an undecodable page, a body that cannot be read and a truncated record are
BadRecords with the file, the record's byte offset and the reason; a broken archive ends its file with one
BadRecord at the offset where reading failed. Request, metadata and warcinfo records are not pages and are passed over.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from ..errors import missing_extra
from .html import page_item
from .records import RESUMED, BadRecord, Deferred, Item, Skipped
from .registry import Reader, ReadOptions

logger = logging.getLogger("vnunion_nlp")

PAGE_RECORDS = ("response", "resource", "revisit")
HTML_TYPES = ("text/html", "application/xhtml+xml")
NOT_HTML, HTTP_STATUS, DUPLICATE = "not HTML", "HTTP status", "duplicate URL"


def _archive_iterator():
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as e:
        raise missing_extra("warcio", "html") from e
    return ArchiveIterator


def _content_type(record: Any) -> tuple[str, str | None]:
    """(media type, charset) of a record's payload, lower-case; ("", None) when it does not say."""
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = (headers.get_header("Content-Type") if headers is not None else None) or ""
    media, *params = [p.strip() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in params if p.lower().startswith("charset=")), None)
    return media.lower(), charset


def _status(record: Any) -> str:
    if record.rec_type != "response" or record.http_headers is None:
        return "200"
    return record.http_headers.get_statuscode() or ""


def _looks_html(head: bytes) -> bool:
    start = head.lstrip()[:200].lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start


def read(path: str, options: ReadOptions, start: int) -> Iterator[Item | Deferred]:
    archive = _archive_iterator()
    index = start
    with open(path, "rb") as f:
        records = archive(f)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except Exception as e:  # warcio raises many kinds for a damaged archive
                offset = getattr(records, "offset", None)
                yield BadRecord(index, path, None, f"broken WARC record: {type(e).__name__}: {e}", offset)
                return
            if record.rec_type not in PAGE_RECORDS:
                continue
            item = _item(record, records, path, index, options)
            yield item
            index += 1


def _item(record: Any, records: Any, path: str, index: int, options: ReadOptions) -> Item | Deferred:
    """The Item of one response/resource/revisit record; the record is consumed before its offset is asked."""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    status = _status(record)
    media, charset = _content_type(record)
    skip: tuple[str, str] | None = None
    body: bytes | None = None
    problem = ""
    if record.rec_type == "revisit":
        skip = (DUPLICATE, f"revisit record of {url}")
    elif status != "200":
        skip = (HTTP_STATUS, status or "no status")
    elif media and media not in HTML_TYPES:
        skip = (NOT_HTML, media)
    elif url in options.seen_urls:
        skip = (DUPLICATE, url)
    if skip is None and url:
        options.seen_urls.add(url)  # decided before the body is read, so that a resumed run decides the same
    if skip is None and index >= options.skip_below:
        try:
            body = record.content_stream().read()
        except Exception as e:  # a damaged body (bad gzip, truncated chunks)
            problem = f"unreadable body: {type(e).__name__}: {e}"
        if body is not None and not media and not _looks_html(body[:1024]):
            skip, body = (NOT_HTML, "no Content-Type, not HTML"), None
    offset = records.get_record_offset()
    missing = getattr(record.raw_stream, "limit", 0)  # what Content-Length promised and the file did not hold
    if isinstance(missing, int) and missing > 0:
        return BadRecord(index, path, None, f"truncated WARC record: {missing} bytes missing", offset)
    if skip is not None:
        return Skipped(index, path, skip[0], skip[1], offset)
    if problem:
        return BadRecord(index, path, None, problem, offset)
    if body is None:
        return Skipped(index, path, RESUMED, url, offset)
    return Deferred(index, page_item, (index, path, body), {"url": url or None, "charset": charset, "offset": offset})


def count(path: str) -> int | None:
    """Response, resource and revisit records (a scan of the archive without reading the pages)."""
    archive = _archive_iterator()
    n = 0
    with open(path, "rb") as f:
        try:
            for record in archive(f, no_record_parse=True):
                n += record.rec_type in PAGE_RECORDS
        except Exception:  # a damaged archive: the count is only for the progress bar
            logger.debug("counting %s stopped at a damaged record", path)
    return n


READER = Reader("warc", (".warc", ".warc.gz"), read, count, in_folders=True)
