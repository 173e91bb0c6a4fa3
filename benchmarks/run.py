"""The benchmark of issue 5: the whole pipeline against underthesea, side by side, on the same texts.

    python benchmarks/run.py                   # ~5 minutes on 2 cores; writes benchmarks/out/ and RESULTS.md
    python benchmarks/run.py --docs 2000 --scale 5 --sample 200    # quicker

It writes a corpus of --docs documents built from the team's corpora to disk first, then measures each
system in its own fresh process (so peak RSS and cold start are honest):
- the full pipeline on 1 and on 2 processes (nlp.pipe over the corpus read from disk);
- underthesea.ner and underthesea.word_tokenize alone, and the pipeline, on the same --sample documents;
- `vnunion-nlp tag` on the 1x and the --scale x corpus (streaming from disk to disk) for time and memory.
Ratios are computed within this one run; absolute numbers on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def build_corpus(n_docs: int, path: Path, seed: int = 13) -> None:
    """n_docs documents from the team's corpora: each a base article with its paragraphs reordered and a
    paragraph of another article appended, so texts are realistic but not all identical."""
    base = []
    for folder in ("entities", "activities"):
        for split in ("train", "dev", "test"):
            f = ROOT / "data" / folder / f"{split}.jsonl"
            if f.exists():
                base += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n_docs):
            doc = base[i % len(base)]
            paras = doc["text"].split("\n")
            head, body = paras[0], paras[1:]
            rng.shuffle(body)
            extra = base[rng.randrange(len(base))]["text"].split("\n")[-1]
            text = "\n".join([head, *body, extra])
            out.write(json.dumps({"id": f"b{i}", "date": doc.get("date"), "text": text}, ensure_ascii=False) + "\n")


def _read(path: Path, limit: int | None) -> list[dict]:
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            docs.append(json.loads(line))
            if limit and len(docs) >= limit:
                break
    return docs


def _peak_rss_mb() -> dict[str, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(me, 1), "peak_rss_children_mb": round(kids, 1)}


def measure(kind: str, path: Path, limit: int | None, processes: int) -> dict:
    """Runs inside a fresh process: one system over the documents, timed after its cold start."""
    started = time.perf_counter()
    docs = _read(path, limit)
    texts = [d["text"] for d in docs]
    chars = sum(map(len, texts))
    if kind == "pipeline":
        import vnunion_nlp

        nlp = vnunion_nlp.load()
        nlp(texts[0], date=docs[0].get("date"))
        cold = time.perf_counter() - started
        t0 = time.perf_counter()
        n = 0
        for _ in nlp.pipe(((d["text"], {"date": d.get("date")}) for d in docs), as_tuples=True,
                          batch_size=256, n_process=processes):
            n += 1
        seconds = time.perf_counter() - t0
    elif kind == "ner":
        from underthesea import ner, sent_tokenize

        ner("Khởi động.")
        cold = time.perf_counter() - started
        t0 = time.perf_counter()
        for text in texts:  # sentence by sentence, as underthesea advises (its cost grows with length²)
            for line in text.split("\n"):
                for sentence in sent_tokenize(line):
                    ner(sentence)
        seconds = time.perf_counter() - t0
    elif kind == "word_tokenize":
        from underthesea import word_tokenize

        word_tokenize("Khởi động.")
        cold = time.perf_counter() - started
        t0 = time.perf_counter()
        for text in texts:
            word_tokenize(text)
        seconds = time.perf_counter() - t0
    else:
        raise SystemExit(f"unknown kind {kind}")
    return {"kind": kind, "processes": processes, "docs": len(texts), "chars": chars, "seconds": round(seconds, 3),
            "docs_per_s": round(len(texts) / seconds, 1), "chars_per_s": round(chars / seconds),
            "cold_start_s": round(cold, 3), **_peak_rss_mb()}


def _sub(kind: str, path: Path, limit: int | None = None, processes: int = 1) -> dict:
    cmd = [sys.executable, __file__, "--measure", kind, "--input", str(path), "--processes", str(processes)]
    if limit:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _tag(path: Path) -> dict:
    """`vnunion-nlp tag` streaming a corpus from disk to disk: wall time and peak memory of the process."""
    out = path.with_suffix(".tagged.jsonl")
    t0 = time.perf_counter()
    cmd = [sys.executable, "-c", "import resource, sys; from vnunion_nlp.cli import main; rc = main(sys.argv[1:]); "
           "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024); sys.exit(rc)",
           "tag", str(path), "-o", str(out), "--overwrite", "-q", "--chunk-size", "1000"]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t0
    rss = float(res.stdout.strip().splitlines()[-1].split()[1])
    n = sum(1 for _ in open(path, encoding="utf-8"))
    out.unlink()
    return {"docs": n, "seconds": round(seconds, 2), "docs_per_s": round(n / seconds, 1), "peak_rss_mb": round(rss, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--sample", type=int, default=300, help="documents for the side-by-side with underthesea.ner")
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.input, args.limit, args.processes)))
        return 0

    corpus = OUT / "corpus_1x.jsonl"
    build_corpus(args.docs, corpus)
    big = OUT / f"corpus_{args.scale}x.jsonl"
    build_corpus(args.docs * args.scale, big)
    r: dict = {"corpus_docs": args.docs, "sample_docs": args.sample, "scale": args.scale}
    r["sample"] = {k: _sub(k, corpus, args.sample) for k in ("pipeline", "ner", "word_tokenize")}
    r["pipeline_1p"] = _sub("pipeline", corpus, processes=1)
    r["pipeline_2p"] = _sub("pipeline", corpus, processes=2)
    r["tag_1x"] = _tag(corpus)
    r["tag_scaled"] = _tag(big)
    s = r["sample"]
    r["ratios"] = {
        "pipeline_vs_ner": round(s["pipeline"]["chars_per_s"] / s["ner"]["chars_per_s"], 2),
        "pipeline_vs_word_tokenize": round(s["pipeline"]["chars_per_s"] / s["word_tokenize"]["chars_per_s"], 2),
        "two_vs_one_process": round(r["pipeline_2p"]["docs_per_s"] / r["pipeline_1p"]["docs_per_s"], 2),
        "time_scaled_vs_1x": round(r["tag_scaled"]["seconds"] / r["tag_1x"]["seconds"], 2),
        "rss_growth_scaled_vs_1x": round(r["tag_scaled"]["peak_rss_mb"] / r["tag_1x"]["peak_rss_mb"] - 1, 3),
    }
    (OUT / "results.json").write_text(json.dumps(r, indent=1) + "\n")
    report = render(r)
    (ROOT / "benchmarks" / "RESULTS.md").write_text(report + "\n", encoding="utf-8")
    print(report)
    return 0


def render(r: dict) -> str:
    s, q = r["sample"], r["ratios"]
    rows = [
        ("pipeline, 1 process (sample)", s["pipeline"]), ("underthesea.ner (sample)", s["ner"]),
        ("underthesea.word_tokenize (sample)", s["word_tokenize"]),
        (f"pipeline, 1 process ({r['corpus_docs']} docs)", r["pipeline_1p"]),
        (f"pipeline, 2 processes ({r['corpus_docs']} docs)", r["pipeline_2p"]),
    ]
    lines = [f"Command: `python benchmarks/run.py --docs {r['corpus_docs']} --sample {r['sample_docs']} "
             f"--scale {r['scale']}` (one run, same texts; {time.strftime('%Y-%m-%d')})", "",
             "| system | docs | docs/s | chars/s | cold start (s) | peak RSS (MB) |", "|---|---|---|---|---|---|"]
    for name, m in rows:
        rss = m["peak_rss_mb"] if m["processes"] == 1 else \
            f"{m['peak_rss_mb']} (+ workers ≤ {m['peak_rss_children_mb']})"
        lines.append(f"| {name} | {m['docs']} | {m['docs_per_s']} | {m['chars_per_s']} | {m['cold_start_s']} | {rss} |")
    lines += ["", "| streaming `vnunion-nlp tag` | docs | seconds | docs/s | peak RSS (MB) |", "|---|---|---|---|---|",
              f"| 1x | {r['tag_1x']['docs']} | {r['tag_1x']['seconds']} | {r['tag_1x']['docs_per_s']} | "
              f"{r['tag_1x']['peak_rss_mb']} |",
              f"| {r['scale']}x | {r['tag_scaled']['docs']} | {r['tag_scaled']['seconds']} | "
              f"{r['tag_scaled']['docs_per_s']} | {r['tag_scaled']['peak_rss_mb']} |", "",
              "| ratio | value | target |", "|---|---|---|",
              f"| pipeline / underthesea.ner (chars/s, same texts) | {q['pipeline_vs_ner']} | ≥ 3 |",
              f"| pipeline / underthesea.word_tokenize | {q['pipeline_vs_word_tokenize']} | ≥ 0.5 |",
              f"| 2 processes / 1 process | {q['two_vs_one_process']} | ≥ 1.7 |",
              f"| time {r['scale']}x / 1x | {q['time_scaled_vs_1x']} | ≈ {r['scale']} (linear) |",
              f"| peak RSS growth {r['scale']}x vs 1x | {q['rss_growth_scaled_vs_1x']:.1%} | < 10 % |"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
