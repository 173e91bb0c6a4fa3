"""Render the team's test articles (tests/pages/articles.json) as web pages in four portal layouts.

    python tools/make_test_pages.py      # rewrites tests/pages/*.html

The articles are written by the team (no sentence of a published page); the layouts imitate the furniture of
Vietnamese union sites: a provincial portal, a newspaper, an old table-layout department site and a
WordPress site of a grassroots union. Each page puts its date where the article says ("date_in"): in the
metadata, in the visible dateline only, in the URL only, or nowhere. The pages are committed; tests read them
as data and never run this script.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "pages"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def dmy(iso: str, sep: str = "/") -> str:
    y, m, d = iso.split("-")
    return f"{d}{sep}{m}{sep}{y}"


def weekday(iso: str) -> str:
    import datetime as dt

    return WEEKDAYS[dt.date.fromisoformat(iso).weekday()]


def paragraphs(a: dict, caption_html: str) -> str:
    ps = [f"<p>{esc(p)}</p>" for p in a["paragraphs"]]
    ps.insert(1, caption_html)
    return "\n".join(ps)


def others(a: dict, articles: list[dict], n: int) -> list[dict]:
    pool = [o for o in articles if o["id"] != a["id"]]
    start = int(a["id"][1:]) % len(pool)
    return [pool[(start + 7 * k) % len(pool)] for k in range(n)]


def meta_date(a: dict) -> str:
    if a["date_in"] != "meta":
        return ""
    return (f'<meta property="article:published_time" content="{a["date"]}T07:15:00+07:00">\n'
            f'<meta property="article:modified_time" content="{a.get("updated", a["date"])}T16:40:00+07:00">\n'
            '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
            f'"headline":{json.dumps(a["title"], ensure_ascii=False)},"datePublished":"{a["date"]}T07:15:00+07:00"}}'
            '</script>')


def portal(a: dict, articles: list[dict]) -> str:
    p = a["site"]
    dateline = ""
    if a["date_in"] in ("dateline", "meta"):
        dateline = (f'<div class="meta"><span class="date">{weekday(a["date"])}, {dmy(a["date"])} '
                    f'{a.get("time", "08:30")}</span> <span class="views">Lượt xem: 1.245</span></div>')
    caption = (f'<figure class="image"><img src="/uploads/{a["id"]}.jpg" alt="">'
               f'<figcaption>{esc(a["caption"])}</figcaption></figure>')
    related = "".join(f'<li><a href="/tin-tuc/{o["id"]}.html">{esc(o["title"])}</a></li>' for o in others(a, articles, 3))
    popular = "".join(f'<li><a href="/tin-tuc/{o["id"]}.html">{esc(o["title"])}</a></li>'
                      for o in others(a, articles, 6)[3:])
    comments = "".join(f'<div class="comment"><b>{esc(name)}</b><p>{esc(text)}</p></div>'
                       for name, text in a.get("comments", []))
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(a["title"])} - Cổng thông tin Công đoàn tỉnh {esc(p)}</title>
<meta property="og:title" content="{esc(a["title"])}">
<meta property="og:site_name" content="Công đoàn tỉnh {esc(p)}">
{meta_date(a)}
<link rel="stylesheet" href="/css/site.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body>
<div class="topbar"><span class="today">Chủ Nhật, 06/12/2026</span> <span class="hotline">Đường dây nóng: 0218 3852 111</span> <a href="/lien-he">Liên hệ</a></div>
<header class="banner"><a href="/"><img src="/logo.png" alt="logo"></a><div class="site-name">LIÊN ĐOÀN LAO ĐỘNG TỈNH {esc(p.upper())}</div></header>
<nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/cham-lo">Chăm lo đời sống</a></li><li><a href="/thi-dua">Thi đua - Khen thưởng</a></li><li><a href="/van-ban">Văn bản</a></li><li><a href="/thu-vien-anh">Thư viện ảnh</a></li></ul></nav>
<div class="container">
<main class="content">
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc">Tin tức - Sự kiện</a></div>
<article class="detail">
<h1 class="title">{esc(a["title"])}</h1>
{dateline}
<div class="body">
{paragraphs(a, caption)}
</div>
<p class="author"><strong>{esc(a["byline"].upper())}</strong></p>
<div class="share">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a> <a href="#">In bài viết</a></div>
</article>
<section class="related"><h3>Tin liên quan</h3><ul>{related}</ul></section>
<section class="comments"><h3>Ý kiến bạn đọc</h3>{comments}<form><textarea></textarea><button>Gửi ý kiến</button></form></section>
</main>
<aside class="sidebar">
<div class="box"><h3>Tin đọc nhiều</h3><ul>{popular}</ul></div>
<div class="box"><h3>Liên kết website</h3><ul><li><a href="#">Tổng Liên đoàn Lao động Việt Nam</a></li><li><a href="#">Báo Lao Động</a></li><li><a href="#">Cổng thông tin tỉnh {esc(p)}</a></li></ul></div>
</aside>
</div>
<footer><p>Bản quyền thuộc Liên đoàn Lao động tỉnh {esc(p)}</p><p>Địa chỉ: Số 8 đường Trần Hưng Đạo, tỉnh {esc(p)}</p><p>Giấy phép số 12/GP-TTĐT</p></footer>
</body>
</html>
"""


def newspaper(a: dict, articles: list[dict]) -> str:
    time_line = ""
    if a["date_in"] == "meta":
        shown = a.get("updated", a["date"])
        label = "Cập nhật: " if "updated" in a else ""
        time_line = f'<div class="time">{label}{dmy(shown)} | {a.get("time", "07:15")} GMT+7</div>'
    elif a["date_in"] == "dateline":
        time_line = f'<div class="time">{weekday(a["date"])}, {dmy(a["date"])} | {a.get("time", "07:15")}</div>'
    caption = (f'<table class="image center"><tbody><tr><td><img src="/media/{a["id"]}.jpg" alt=""></td></tr>'
               f'<tr><td class="image-caption">{esc(a["caption"])}</td></tr></tbody></table>')
    lead, *rest = a["paragraphs"]
    body = dict(a, paragraphs=rest)
    related = "".join(f'<article class="story"><h3><a href="/cong-doan/{o["id"]}.ldo">{esc(o["title"])}</a></h3>'
                      f'<p class="story-sapo">{esc(o["paragraphs"][0])}</p></article>' for o in others(a, articles, 2))
    popular = "".join(f'<li><a href="/cong-doan/{o["id"]}.ldo">{esc(o["title"])}</a></li>'
                      for o in others(a, articles, 7)[2:])
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(a["title"])} | Báo Người Lao Động Miền Trung</title>
<meta name="description" content="{esc(lead[:150])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(a["title"])}">
<meta property="og:url" content="{esc(a["url"])}">
{meta_date(a)}
</head>
<body>
<div id="header"><div class="logo"><a href="/">NGƯỜI LAO ĐỘNG MIỀN TRUNG</a></div><div class="weather">Đà Nẵng 27°C</div>
<ul class="nav"><li><a href="/thoi-su">Thời sự</a></li><li><a href="/cong-doan">Công đoàn</a></li><li><a href="/viec-lam">Việc làm</a></li><li><a href="/phap-luat">Pháp luật</a></li><li><a href="/ban-doc">Bạn đọc</a></li><li><a href="/video">Video</a></li></ul></div>
<div class="main"><div class="col-left">
<div class="cat"><a href="/cong-doan">Công đoàn</a></div>
<h1 class="article-title">{esc(a["title"])}</h1>
{time_line}
<div class="sapo"><strong>{esc(lead)}</strong></div>
<div class="article-content">
{paragraphs(body, caption) if rest else caption}
<p class="author" style="text-align:right"><strong>{esc(a["byline"])}</strong></p>
</div>
<div class="tags">Từ khóa: <a href="/tag/cong-doan">công đoàn</a> <a href="/tag/nguoi-lao-dong">người lao động</a></div>
<div class="box-related"><h2>Tin cùng chuyên mục</h2>{related}</div>
<div class="comment-box"><h3>Bình luận</h3><textarea placeholder="Nhập bình luận của bạn"></textarea><button>Gửi bình luận</button></div>
</div>
<div class="col-right"><div class="box"><h2>Đọc nhiều nhất</h2><ol>{popular}</ol></div><div class="ads">Quảng cáo</div></div>
</div>
<div id="footer">Cơ quan chủ quản: Liên đoàn Lao động thành phố Đà Nẵng. Tổng biên tập: Trần Văn Bình. Đường dây nóng: 0905 000 111</div>
</body>
</html>
"""


def department(a: dict, articles: list[dict]) -> str:
    unit = a["site"]
    dateline = f'<div class="date">Cập nhật ngày: {dmy(a["date"])}</div>' if a["date_in"] == "dateline" else ""
    caption = (f'<p align="center"><img src="/images/{a["id"]}.jpg" width="450"></p>'
               f'<p align="center" class="caption"><em>{esc(a["caption"])}</em></p>')
    other = "".join(f'<li><a href="/index.php?id={100 + int(o["id"][1:])}">{esc(o["title"])}</a> '
                    f'<i>({dmy(o["date"]) if o.get("date") else "02/01/2024"})</i></li>' for o in others(a, articles, 4))
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(unit)}</title>
</head>
<body>
<table width="1000" align="center" cellpadding="0" cellspacing="0">
<tr><td colspan="3" class="banner"><img src="/images/banner.jpg"><div>{esc(unit.upper())}</div></td></tr>
<tr><td colspan="3" class="topmenu"><a href="/">Trang chủ</a> | <a href="/gioi-thieu">Giới thiệu</a> | <a href="/tin-hoat-dong">Tin hoạt động</a> | <a href="/van-ban">Văn bản</a> | <a href="/hoi-dap">Hỏi đáp</a> | <a href="/lien-he">Liên hệ</a></td></tr>
<tr>
<td width="200" valign="top" class="left">
<div class="boxtitle">DANH MỤC</div>
<ul><li><a href="#">Cơ cấu tổ chức</a></li><li><a href="#">Ban Chấp hành</a></li><li><a href="#">Hoạt động công đoàn cơ sở</a></li><li><a href="#">Văn bản chỉ đạo</a></li><li><a href="#">Thư viện ảnh</a></li></ul>
<div class="boxtitle">THỐNG KÊ</div><div>Lượt truy cập: 1.234.567</div><div>Đang trực tuyến: 25</div>
</td>
<td valign="top" class="center">
<div class="path">Tin hoạt động</div>
<span class="title"><b>{esc(a["title"])}</b></span>
{dateline}
<div class="content">
{paragraphs(a, caption)}
<p align="right"><b>{esc(a["byline"])}</b></p>
</div>
<div class="other"><b>Các tin khác:</b><ul>{other}</ul></div>
</td>
<td width="180" valign="top" class="right">
<div class="boxtitle">LIÊN KẾT</div><select><option>-- Liên kết website --</option><option>Bộ Giáo dục và Đào tạo</option></select>
<div class="boxtitle">THĂM DÒ Ý KIẾN</div><div>Bạn đánh giá thế nào về giao diện mới? <input type="radio"> Đẹp <input type="radio"> Bình thường</div>
</td>
</tr>
<tr><td colspan="3" class="footer">© {esc(unit)}. Điện thoại: 0211 3862 000</td></tr>
</table>
</body>
</html>
"""


def blog(a: dict, articles: list[dict]) -> str:
    site = a["site"]
    caption = (f'<div class="wp-caption aligncenter"><img src="/wp-content/uploads/{a["id"]}.jpg" alt="">'
               f'<p class="wp-caption-text">{esc(a["caption"])}</p></div>')
    prev_, next_ = others(a, articles, 2)
    recent = "".join(f'<li><a href="#">{esc(o["title"])}</a></li>' for o in others(a, articles, 6)[2:])
    comments = "".join(f'<li class="comment"><div class="comment-author"><b>{esc(name)}</b> viết:</div>'
                       f'<div class="comment-content"><p>{esc(text)}</p></div></li>'
                       for name, text in a.get("comments", []))
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="UTF-8">
<title>{esc(a["title"])} &#8211; {esc(site)}</title>
<link rel="canonical" href="{esc(a["url"])}">
{meta_date(a)}
</head>
<body class="post-template-default single single-post">
<div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">{esc(site)}</a></p><p class="site-description">Đồng hành cùng người lao động</p>
<nav id="site-navigation" class="main-navigation"><button class="menu-toggle">Menu</button><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức</a></li><li><a href="/phuc-loi">Phúc lợi</a></li><li><a href="/goc-phap-luat">Góc pháp luật</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{esc(a["title"])}</h1>
<div class="entry-meta"><span class="byline">Đăng bởi <a href="/author/btg">{esc(a["byline"])}</a></span></div></header>
<div class="entry-content">
{paragraphs(a, caption)}
</div>
<footer class="entry-footer"><span class="cat-links">Chuyên mục: <a href="#">Tin tức</a></span> <span class="tags-links">Thẻ: <a href="#">đoàn viên</a>, <a href="#">phúc lợi</a></span></footer>
</article>
<nav class="navigation post-navigation"><div class="nav-previous"><a href="#">Bài trước: {esc(prev_["title"])}</a></div><div class="nav-next"><a href="#">Bài sau: {esc(next_["title"])}</a></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">{len(a.get("comments", []))} bình luận</h2><ol class="comment-list">{comments}</ol>
<div id="respond" class="comment-respond"><h3>Để lại bình luận</h3><p>Email của bạn sẽ không được hiển thị công khai.</p></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Bài viết mới</h2><ul>{recent}</ul></section>
<section class="widget"><h2 class="widget-title">Lưu trữ</h2><ul><li><a href="#">Tháng Năm 2024</a></li><li><a href="#">Tháng Tư 2024</a></li><li><a href="#">Tháng Ba 2024</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">{esc(site)} | Vận hành bởi WordPress</div></footer>
</div>
</body>
</html>
"""


LAYOUTS = {"portal": portal, "newspaper": newspaper, "department": department, "blog": blog}


def main() -> None:
    data = json.loads((PAGES / "articles.json").read_text(encoding="utf-8"))
    articles = data["articles"]
    for old in PAGES.glob("*.html"):
        old.unlink()
    for a in articles:
        page = LAYOUTS[a["layout"]](a, articles)
        page = "\n".join(line for line in page.split("\n") if line.strip()) + "\n"
        (PAGES / f"{a['id']}.html").write_text(page, encoding="utf-8")
    print(f"wrote {len(articles)} pages to {PAGES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
