"""Crawl vs clean text: `vnunion-nlp tag` on a WARC of pages against the same articles as JSONL, side by side.

    python benchmarks/html_vs_jsonl.py                 # ~1 minute on 2 cores; writes benchmarks/HTML_RESULTS.md
    python benchmarks/html_vs_jsonl.py --copies 5      # quicker

The WARC holds the team's 44 test pages (tests/pages, four portal layouts) --copies times under distinct
URLs, gzip members as crawlers write them; the JSONL holds the same articles (title, blank line, main text, and
the date). Both are tagged by the command line in fresh processes, on 1 and on 2 processes; the rate is the
one `tag` reports (documents / seconds after the models are loaded), so the difference is page reading:
decompression, decoding, extraction and dating. read_html alone is timed in this process.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
PAGES = ROOT / "tests" / "pages"


def _build_warc():
    spec = importlib.util.spec_from_file_location("_test_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_warc


def build(copies: int) -> tuple[Path, Path, int, float]:
    articles = json.loads((PAGES / "articles.json").read_text(encoding="utf-8"))["articles"]
    records, rows = [], []
    for k in range(copies):
        for a in articles:
            url = f"{a['url']}{'&' if '?' in a['url'] else '?'}copy={k}"
            records.append({"url": url, "body": (PAGES / f"{a['id']}.html").read_bytes()})
            text = a["title"] + "\n\n" + "\n".join(a["paragraphs"])
            rows.append({"id": url, "date": a["date"], "text": text})
    OUT.mkdir(parents=True, exist_ok=True)
    warc, jsonl = OUT / "pages.warc.gz", OUT / "pages.jsonl"
    _build_warc()(warc, records)
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    mean_size = sum(len(r["body"]) for r in records) / len(records)
    return warc, jsonl, len(records), mean_size


def tag_rate(path: Path, processes: int) -> float:
    """Documents per second as `vnunion-nlp tag` reports them (after the models are loaded)."""
    out = OUT / f"tagged-{path.stem}-{processes}.jsonl"
    res = subprocess.run([sys.executable, "-m", "vnunion_nlp.cli", "tag", str(path), "-o", str(out), "--overwrite",
                          "-j", str(processes), "--batch-size", "64"], capture_output=True, text=True, check=True)
    m = re.search(r"tagged (\d+) documents in ([\d.]+) s", res.stdout)
    return int(m.group(1)) / float(m.group(2))


def read_html_rate() -> float:
    import vnunion_nlp

    pages = [p.read_bytes() for p in sorted(PAGES.glob("*.html"))]
    vnunion_nlp.read_html(pages[0])  # imports
    start = time.perf_counter()
    for _ in range(5):
        for page in pages:
            vnunion_nlp.read_html(page)
    return 5 * len(pages) / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=20)
    args = ap.parse_args()
    warc, jsonl, n, size = build(args.copies)
    load_before = os.getloadavg()[0]
    rows = []
    for processes in (1, 2):
        html_rate, text_rate = tag_rate(warc, processes), tag_rate(jsonl, processes)
        rows.append((processes, html_rate, text_rate))
    alone = read_html_rate()
    lines = [f"Command: `python benchmarks/html_vs_jsonl.py --copies {args.copies}` (one run, 2-core machine, "
             f"{time.strftime('%Y-%m-%d')})", "",
             f"{n} pages ({size / 1024:.1f} KB of HTML each on average, gzip WARC) and the same {n} articles as JSONL.",
             "", "| `vnunion-nlp tag` | WARC pages/s (with extraction) | JSONL docs/s | WARC / JSONL |",
             "|---|---|---|---|"]
    lines += [f"| -j {p} | {h:.1f} | {t:.1f} | {h / t:.2f} |" for p, h, t in rows]
    lines += ["", f"read_html alone (decode, extract, date), one process: {alone:.0f} pages/s", "",
              f"Load average (1 min) before / after the run: {load_before:.1f} / {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores; on a shared machine compare within a row, not across runs.", ""]
    (ROOT / "benchmarks" / "HTML_RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
