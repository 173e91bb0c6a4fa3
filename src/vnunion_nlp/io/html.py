"""Web pages: the article of a saved or crawled page (title, main text, URL, publication date), and the
reader of .html/.htm files.

Extraction uses trafilatura (main text and metadata, menus, sidebars, related links and comments left out)
and htmldate (the date), from the optional extra ``pip install "vnunion-nlp[html]"``. What this module adds
is what Vietnamese pages need:

* bytes are decoded by the charset the server or the page declares, then by detection; windows-1258 pages
  (base letters plus combining tones) are NFC-composed and pages typed in the TCVN3/VNI legacy fonts are
  converted by :mod:`vnunion_nlp.legacy`;
* the date is checked against the page's own visible dateline ("Thứ Hai, 06/05/2024 08:30", "Cập nhật ngày:
  14/06/2024"), read day-first by the project's date grammar: a guess that swapped day and month, or that
  came from free text, gives way to the dateline; an ISO date in the page's metadata is kept.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputTypeError, MissingExtraError, PageError, missing_extra
from .records import RESUMED, BadRecord, Deferred, Item, Record, Skipped
from .registry import Reader, ReadOptions

if TYPE_CHECKING:  # pragma: no cover
    from ..doc import Doc
    from ..pipeline import Pipeline

logger = logging.getLogger("vnunion_nlp")

DATE_SOURCES = ("caller", "metadata", "dateline", "url")
_LATIN1_FAMILY = {"latin_1", "iso8859_1", "cp1252", "ascii"}
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-]?([01]\d)[/_-]?([0-3]\d)(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
_ISO_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d-[01]\d-[0-3]\d(?!\d)")
_BLOCK_TAGS = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
                        "h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split())
_HIDDEN_TAGS = frozenset("script style noscript template head select option iframe svg".split())
MAX_DATELINE_CHARS = 80
MAX_DATELINE_WORDS = 6  # words besides the date: "Cập nhật ngày:", "| Lượt xem", "GMT+7"
MAX_CAPTION_CHARS = 300  # a table with a photo and no more text than this frames the photo
MIN_LEAD_WORDS = 12  # a line between the title and the main text this long is the lead, not furniture
_BYLINE = re.compile(r"(?i)^(?:tin|bài|ảnh|tin và ảnh|tin, ảnh|bài và ảnh|bài, ảnh|nhóm pv|theo)\s*:")


@dataclass(frozen=True, slots=True)
class Article:
    """The article of a page. ``text`` is what gets tagged: the title, a blank line, the main text.

    ``date`` is ISO "YYYY-MM-DD" or None; ``date_source`` says where it came from: "caller", "metadata" (an ISO
    date in meta tags, JSON-LD or a <time> element), "dateline" (the visible dateline, read day-first), "url",
    or None (no date the page backs). ``charset`` is how the bytes were
    decoded and ``legacy`` the legacy font encoding converted ("tcvn3", "vni"), if any.
    """

    url: str | None
    title: str
    main_text: str
    date: str | None
    date_source: str | None
    charset: str | None = None
    legacy: str | None = None

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.main_text}" if self.title else self.main_text

    @property
    def meta(self) -> dict[str, Any]:
        """The fields a tagged document carries besides its text and date."""
        return {"url": self.url, "title": self.title or None, "date_source": self.date_source}

    def tag(self, nlp: Pipeline, date: object = None) -> Doc:
        """The tagged Doc of ``text``: offsets index ``text``; the Doc keeps title, URL and date.

        The page's date is the document date unless ``date`` is given (then ``date_source`` is "caller").
        """
        meta = self.meta if date is None else {**self.meta, "date_source": "caller"}
        return nlp(self.text, date=self.date if date is None else date, id=self.url).evolve(**meta)


def _libraries():
    try:
        import htmldate
        import trafilatura
    except ImportError as e:  # trafilatura also fails without lxml_html_clean (lxml >= 5.2)
        raise missing_extra(e.name or "trafilatura", "html") from e
    return trafilatura, htmldate


# -- decoding --------------------------------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _decode_as(data: bytes, codec: str) -> str:
    if codec.replace("-", "_") in _LATIN1_FAMILY:  # browsers read Latin-1 as windows-1252; legacy fonts live here
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    return data.decode(codec)


def decode_page(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """The page's text and the codec used: the declared charset (``charset``, from HTTP, then the page's own
    <meta>), then UTF-8, then detection. Raises PageError when nothing decodes it."""
    head = data[:4096]
    declared = [_codec(charset)]
    m = _META_CHARSET.search(head)
    declared.append(_codec(m.group(1).decode("ascii", "replace")) if m else None)
    if data.startswith(codecs.BOM_UTF8):
        declared.insert(0, "utf-8")
    for codec in [c for c in declared if c] + ["utf-8"]:
        try:
            return _decode_as(data, codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise PageError("undecodable page: no declared charset fits and none was detected")
    return str(best), best.encoding


# -- the visible text and its dateline -------------------------------------------------------------


def visible_lines(tree: Any) -> list[str]:
    """The page's visible text as a browser lays it out: one line per block, whitespace collapsed."""
    pieces: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _HIDDEN_TAGS:
            return
        block = tag in _BLOCK_TAGS
        if block:
            pieces.append("\n")
        if el.text and tag:
            pieces.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            pieces.append("\n")

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    return [line for line in (" ".join(x.split()) for x in "".join(pieces).split("\n")) if line]


def dateline_date(line: str) -> str | None:
    """The ISO date of a dateline ("Thứ Hai, 06/05/2024 08:30" -> "2024-05-06", day-first), None for any line
    that is not one: too long, no full date, or a sentence around the date."""
    if len(line) > MAX_DATELINE_CHARS:
        return None
    from ..dates import find_dates

    full = [m for m in find_dates(line) if _ISO_DATE.fullmatch(m.value)]
    if not full:
        return None
    rest = line
    for m in reversed(full):
        rest = rest[:m.start] + " " + rest[m.end:]
    return full[0].value if len(_WORD.findall(rest)) <= MAX_DATELINE_WORDS else None


def _fold(s: str) -> str:
    return " ".join(s.split()).casefold()


def find_dateline(lines: list[str], title: str) -> str | None:
    """The date of the dateline next to the title: the nearest dateline after it (up to 5 lines), else before
    it (up to 3 lines). A date elsewhere on the page (today's date in the header, a related article) is not
    the article's."""
    folded = _fold(title)
    at = next((i for i, line in enumerate(lines) if folded and _fold(line) == folded), None)
    if at is None:
        return None
    for i in [*range(at + 1, min(len(lines), at + 6)), *range(at - 1, max(-1, at - 4), -1)]:
        value = dateline_date(lines[i])
        if value:
            return value
    return None


def _markup_dates(tree: Any) -> set[str]:
    """The dates the page's machine-readable places give (meta contents, <time datetime>, JSON-LD): ISO dates
    as written, other forms read day-first by the project's grammar."""
    from ..dates import find_dates

    values: set[str] = set()
    parts = [str(v) for v in tree.xpath("//meta/@content | //time/@datetime | //*[@itemprop]/@content")]
    parts += [str(t) for t in tree.xpath('//script[contains(@type, "ld+json")]/text()')]
    for part in parts:
        iso = _ISO_DATE.findall(part)
        values.update(iso)
        if not iso and len(part) <= MAX_DATELINE_CHARS:
            values.update(m.value for m in find_dates(part) if _ISO_DATE.fullmatch(m.value))
    return values


def _url_date(url: str | None) -> str | None:
    for m in _URL_DATE.finditer(url or ""):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    return None


def choose_date(guess: str | None, dateline: str | None, markup: set[str], url: str | None) -> tuple[str | None,
                                                                                                     str | None]:
    """(date, source) from htmldate's guess, the visible dateline (read day-first) and the page's markup and URL.

    A guess that the page's metadata gives as a date is kept (a dateline may show when the page was updated);
    else the dateline decides (a guess that swapped day and month, or read another date of the page, gives
    way); else a date in the URL. A guess with nothing of the page behind it (today's date in the header, a
    related article's date) is not taken: a wrong year would move every "8/3" of the text, a missing one
    leaves them without a year.
    """
    if guess is not None and guess in markup:
        return guess, "metadata"
    if dateline is not None:
        if guess is not None and guess != dateline:
            logger.debug("page date %s (htmldate) replaced by the dateline's %s", guess, dateline)
        return dateline, "dateline"
    in_url = _url_date(url)
    if in_url is not None and guess in (None, in_url):
        return in_url, "url"
    if guess is not None:
        logger.debug("page date %s (htmldate) not taken: not in the metadata, the dateline or the URL", guess)
    return None, None


# -- the article -----------------------------------------------------------------------------------


def _strip_head(lines: list[str], title: str) -> list[str]:
    """The main text without the title and datelines that open it (the title is tagged once, before it)."""
    folded = _fold(title)
    lines = list(lines)
    while lines and (not lines[0].strip() or _fold(lines[0]) == folded or dateline_date(lines[0].strip())):
        lines.pop(0)
    return lines


def _is_byline(line: str, author: str | None) -> bool:
    """A closing author or photo line: the author trafilatura found, "Tin, ảnh: T.Hương", "NGỌC ANH"."""
    words = line.split()
    if not words or len(words) > 8:
        return False
    if author and _fold(line) == _fold(author):
        return True
    if _BYLINE.match(line):
        return True
    letters = [w for w in words if _WORD.fullmatch(w.strip(".,"))]
    return len(words) <= 5 and letters == words and line.isupper()


def _caption_texts(tree: Any) -> set[str]:
    """Texts of photo captions: <figcaption>, elements of a "caption" class, tables that frame a photo."""
    found = set()
    for el in tree.xpath('//figcaption | //*[contains(@class, "caption")] | //table[.//img]'):
        text = " ".join(el.text_content().split())
        if text and (el.tag != "table" or len(text) <= MAX_CAPTION_CHARS):
            found.add(text.casefold())
    return found


def _headline_and_lead(lines: list[str], title: str, first: str) -> tuple[str, list[str]]:
    """Check the title and recover a lead against the visible text, around the main text's first line.

    A title that is not just above the main text (the site name of a page whose headline is no <h1>) gives
    way to the line above it; long lines between the title and the main text are the lead (a "sapo" block
    that the extractor left out of the article).
    """
    key = _fold(first)[:60]
    start = next((i for i, line in enumerate(lines) if key and _fold(line).startswith(key)), None)
    if start is None:
        return title, []
    window = range(start - 1, max(-1, start - 7), -1)
    at = next((i for i in window if _fold(lines[i]) == _fold(title)), None)
    if at is None:
        above = [i for i in window if not dateline_date(lines[i])][:1]
        if not above or not 4 <= len(lines[above[0]].split()) <= 40:
            return title, []
        at, title = above[0], lines[above[0]]
    lead = [line for line in lines[at + 1:start] if len(line.split()) >= MIN_LEAD_WORDS and not dateline_date(line)]
    return title, lead


def read_html(html: str | bytes, url: str | None = None, *, charset: str | None = None) -> Article:
    """The article of a web page: title, main text, URL, publication date and where the date came from.

    ``html`` is the page as str or bytes (bytes are decoded by ``charset``, e.g. from an HTTP header, then by the
    page's own declaration, then by detection). Raises PageError (a ValueError) for a page that does not decode
    or has no main text, InputTypeError for anything but str or bytes, MissingExtraError (an ImportError)
    without the ``html`` extra.

    >>> page = '''<html><head><title>LĐLĐ tỉnh thăm công nhân</title></head><body>
    ... <nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></nav>
    ... <article><h1>LĐLĐ tỉnh thăm công nhân</h1><div class="date">Thứ Hai, 06/05/2024 08:30</div>
    ... <p>Sáng 4/5, Liên đoàn Lao động tỉnh đến thăm và tặng quà công nhân Công ty May Sông Hồng.</p>
    ... <p>Mỗi suất quà trị giá 500.000 đồng, trích từ Quỹ Xã hội của Công đoàn tỉnh.</p></article>
    ... </body></html>'''
    >>> article = read_html(page, url="https://congdoan.example.vn/tin/tham-cong-nhan.html")
    >>> article.title, article.date, article.date_source
    ('LĐLĐ tỉnh thăm công nhân', '2024-05-06', 'dateline')
    >>> print(article.text)
    LĐLĐ tỉnh thăm công nhân
    <BLANKLINE>
    Sáng 4/5, Liên đoàn Lao động tỉnh đến thăm và tặng quà công nhân Công ty May Sông Hồng.
    Mỗi suất quà trị giá 500.000 đồng, trích từ Quỹ Xã hội của Công đoàn tỉnh.
    """
    trafilatura, htmldate = _libraries()
    from ..legacy import convert_legacy, detect_legacy_encoding

    if isinstance(html, (bytes, bytearray, memoryview)):
        text, used = decode_page(bytes(html), charset)
    elif isinstance(html, str):
        text, used = html, None
    else:
        raise InputTypeError(f"html must be str or bytes, got {type(html).__name__}")
    text = unicodedata.normalize("NFC", text)
    tree = trafilatura.load_html(text)
    if tree is None:
        raise PageError("not an HTML page (nothing to parse)")
    lines = visible_lines(tree)
    legacy = detect_legacy_encoding("\n".join(lines))
    if legacy is not None:
        text = unicodedata.normalize("NFC", convert_legacy(text, legacy))
        tree = trafilatura.load_html(text)
        lines = visible_lines(tree)
    found = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                        include_images=False, include_tables=True)
    if found is None or not (found.text or "").strip():
        raise PageError("no main text found on the page")
    title = " ".join((found.title or "").split())
    captions = _caption_texts(tree)
    body = [line for line in _strip_head(found.text.split("\n"), title)
            if line.strip() and " ".join(line.strip(" |").split()).casefold() not in captions]
    while body and _is_byline(body[-1], found.author):
        body.pop()
    if not body:
        raise PageError("no main text found on the page")
    title, lead = _headline_and_lead(lines, title, body[0])
    main_text = "\n".join([*lead, *_strip_head(body, title)]).strip()
    page_url = url or found.url
    guess = htmldate.find_date(tree, url=page_url, original_date=True, extensive_search=False)
    date, source = choose_date(guess, find_dateline(lines, title), _markup_dates(tree), page_url)
    return Article(page_url, title, main_text, date, source, used, legacy)


# -- the reader of .html files ---------------------------------------------------------------------


def page_item(index: int, source: str, data: bytes, *, url: str | None = None, charset: str | None = None,
              doc_id: str | None = None, line: int | None = None, offset: int | None = None) -> Record | BadRecord:
    """A Record of a page's article (its URL as id unless ``doc_id``), or a BadRecord with the reason."""
    try:
        article = read_html(data, url, charset=charset)
    except PageError as e:
        return BadRecord(index, source, line, str(e).split("] ", 1)[-1], offset)
    except MissingExtraError:
        raise
    except Exception as e:  # a page the parsers choke on is one bad record, never the end of the run
        return BadRecord(index, source, line, f"page not readable: {type(e).__name__}: {e}", offset)
    return Record(index, source, line, doc_id or article.url or source, article.text, article.date, offset,
                  article.meta)


def read(path: str, options: ReadOptions, start: int) -> Iterator[Item | Deferred]:
    if start < options.skip_below:
        yield Skipped(start, path, RESUMED)
        return
    yield Deferred(start, page_item, (start, path, Path(path).read_bytes()), {"doc_id": Path(path).stem, "line": 1})


READER = Reader("html", (".html", ".htm"), read, lambda path: 1, in_folders=True)
