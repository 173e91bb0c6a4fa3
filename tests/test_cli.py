"""`vnunion-nlp tag`: every input format, every output format, bad records, and resume after kill -9."""

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [json.loads(line) for line in (ROOT / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def run(*args, stdin=None, check=True):
    res = subprocess.run([sys.executable, "-m", "vnunion_nlp.cli", *map(str, args)], input=stdin,
                         capture_output=True, text=True)
    if check and res.returncode != 0:
        raise AssertionError(res.stderr)
    return res


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in SAMPLES[:6]), encoding="utf-8")
    return path


def test_jsonl_to_jsonl(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    run("tag", corpus, "-o", out, "-q")
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == [d["id"] for d in SAMPLES[:6]]
    for r, d in zip(rows, SAMPLES):
        assert r["text"] == d["text"] and r["date"] == d["date"]
        assert {"normalized", "abbreviations", "entities", "people", "activities"} <= set(r)
    assert not (tmp_path / "out.jsonl.progress.json").exists()
    assert run("tag", corpus, "-o", out, "-q", check=False).returncode == 2  # no silent overwrite


def test_csv_parquet_txt_and_stdin_inputs(tmp_path):
    docs = SAMPLES[:3]
    with open(tmp_path / "in.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["ma", "noidung", "ngay"])
        w.writeheader()
        for d in docs:
            w.writerow({"ma": d["id"], "noidung": d["text"], "ngay": d["date"] or ""})
    run("tag", tmp_path / "in.csv", "-o", tmp_path / "a.jsonl", "--text-field", "noidung", "--id-field", "ma",
        "--date-field", "ngay", "-q")
    assert [r["id"] for r in read_jsonl(tmp_path / "a.jsonl")] == [d["id"] for d in docs]

    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(docs), tmp_path / "in.parquet")
    run("tag", tmp_path / "in.parquet", "-o", tmp_path / "b.jsonl", "-q")
    assert [r["id"] for r in read_jsonl(tmp_path / "b.jsonl")] == [d["id"] for d in docs]

    folder = tmp_path / "txt"
    folder.mkdir()
    for d in docs:
        (folder / f"{d['id']}.txt").write_text(d["text"], encoding="utf-8")
    run("tag", folder, "-o", tmp_path / "c.jsonl", "-q")
    assert sorted(r["id"] for r in read_jsonl(tmp_path / "c.jsonl")) == sorted(d["id"] for d in docs)

    stdin = "".join(json.dumps({"text": d["text"]}, ensure_ascii=False) + "\n" for d in docs)
    run("tag", "-", "-o", tmp_path / "d.jsonl", "-q", stdin=stdin)
    ids = [r["id"] for r in read_jsonl(tmp_path / "d.jsonl")]
    assert len(ids) == 3 and len(set(ids)) == 3  # stable ids made up for records without one
    run("tag", "-", "-o", tmp_path / "e.jsonl", "-q", stdin=stdin)
    assert [r["id"] for r in read_jsonl(tmp_path / "e.jsonl")] == ids


def test_csv_and_parquet_outputs(corpus, tmp_path):
    run("tag", corpus, "-o", tmp_path / "o.csv", "-q")
    with open(tmp_path / "o.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == [d["id"] for d in SAMPLES[:6]]
    assert json.loads(rows[0]["entities"])
    import pyarrow.parquet as pq

    run("tag", corpus, "-o", tmp_path / "o.parquet", "-q", "--chunk-size", "2")
    table = pq.read_table(tmp_path / "o.parquet").to_pylist()
    assert [r["id"] for r in table] == [d["id"] for d in SAMPLES[:6]]
    assert not (tmp_path / "o.parquet.parts").exists()


def test_entity_and_people_tables(corpus, tmp_path):
    run("tag", corpus, "-o", tmp_path / "o.csv", "-q", "--tables", "--chunk-size", "2")
    with open(tmp_path / "o.entities.csv", encoding="utf-8") as f:
        ents = list(csv.DictReader(f))
    texts = {d["id"]: d["text"] for d in SAMPLES}
    assert ents and all(texts[e["id"]][int(e["start"]):int(e["end"])] == e["text"] for e in ents)
    with open(tmp_path / "o.people.csv", encoding="utf-8") as f:
        assert list(csv.DictReader(f))
    import pyarrow.parquet as pq

    run("tag", corpus, "-o", tmp_path / "p.parquet", "-q", "--tables", "--chunk-size", "4")
    assert pq.read_table(tmp_path / "p.entities.parquet").num_rows == len(ents)
    assert run("tag", corpus, "-o", tmp_path / "x.jsonl", "--tables", check=False).returncode == 2


def test_bad_records_are_reported_by_line_and_none_are_lost(tmp_path):
    good = json.dumps({"id": "g1", "text": "LĐLĐ tỉnh thăm CĐCS."}, ensure_ascii=False).encode()
    lines = [good, b'{"id": "bad-json", "text": ', json.dumps({"id": "no-text", "body": "x"}).encode(),
             json.dumps({"id": "num", "text": 42}).encode(), b'{"id": "bytes", "text": "\xff\xfe"}',
             json.dumps({"id": "g2", "text": "CNVCLĐ"}, ensure_ascii=False).encode(), b"[1, 2]",
             json.dumps({"id": "bad-date", "text": "LĐLĐ", "date": "14/02/2025"}).encode()]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    res = run("tag", path, "-o", out)
    assert "6 bad records" in res.stdout
    assert [r["id"] for r in read_jsonl(out)] == ["g1", "g2"]
    errors = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert [e["line"] for e in errors] == [2, 3, 4, 5, 7, 8]
    assert "DateValueError" in errors[-1]["reason"]
    reasons = " | ".join(e["reason"] for e in errors)
    for word in ("invalid JSON", "missing text field", "not text", "undecodable", "expected an object"):
        assert word in reasons
    strict = run("tag", path, "-o", tmp_path / "strict.jsonl", "--strict", check=False)
    assert strict.returncode == 2 and "line 2" in strict.stderr


def test_resume_after_kill_9_gives_every_record_exactly_once(tmp_path):
    n = 1500
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            d = SAMPLES[i % len(SAMPLES)]
            f.write(json.dumps({"id": f"r{i}", "date": d["date"], "text": d["text"]}, ensure_ascii=False) + "\n")
            if i % 400 == 7:
                f.write("{broken\n")
    out = tmp_path / "out.jsonl"
    args = [sys.executable, "-m", "vnunion_nlp.cli", "tag", str(path), "-o", str(out), "-q", "--chunk-size", "50",
            "--batch-size", "16"]
    # kill it at a different moment each time: as soon as any output exists (first chunk maybe half
    # written, before its checkpoint), then well into the run, twice
    for attempt, size in enumerate((1, 200_000, 400_000)):
        proc = subprocess.Popen(args + (["--resume"] if attempt else []), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline and (not out.exists() or out.stat().st_size < size):
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    run(*args[3:], "--resume")
    ids = [r["id"] for r in read_jsonl(out)]
    assert ids == [f"r{i}" for i in range(n)]
    errors = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert len(errors) == 4 and len({e["line"] for e in errors}) == 4
    assert not (tmp_path / "out.jsonl.progress.json").exists()


def test_evaluate_several_splits_side_by_side(tmp_path):
    """`evaluate --data A B` scores each file, both together, and prints them side by side (README tables)."""
    root = Path(__file__).resolve().parents[1] / "data" / "entities"
    lines = (root / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    for name, part in (("clean", lines[:3]), ("page", [ln for ln in lines if '"id": "pg' in ln][:3])):
        (tmp_path / f"{name}.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")
    out = run("evaluate", "entities", "--no-baseline", "--json", "--data", tmp_path / "clean.jsonl",
              tmp_path / "page.jsonl").stdout
    reports = json.loads(out)
    assert set(reports) == {"clean", "page", "all"}
    assert reports["all"]["documents"] == reports["clean"]["documents"] + reports["page"]["documents"] == 6
    text = run("evaluate", "entities", "--no-baseline", "--data", tmp_path / "clean.jsonl",
               tmp_path / "page.jsonl").stdout
    assert "== side by side ==" in text and "people F1" in text


def test_a_record_longer_than_max_chars_is_read_in_windows_or_skipped(tmp_path):
    long_text = "\n\n".join(d["text"] for d in SAMPLES) * 2
    path = tmp_path / "in.jsonl"
    records = [{"id": "a", "text": SAMPLES[0]["text"]}, {"id": "long", "text": long_text},
               {"id": "surrogate", "text": "LĐLĐ tỉnh \ud800 thăm"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run("tag", path, "-o", out, "-q", "--max-chars", "5000")
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["a", "long", "surrogate"]
    assert rows[1]["text"] == long_text and len(rows[1]["entities"]) > 100
    for r in rows:
        for e in r["entities"] + r["abbreviations"]:
            assert r["text"][e["start"]:e["end"]] == e["text"]
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()

    run("tag", path, "-o", out, "-q", "--max-chars", "5000", "--max-chars-policy", "skip", "--overwrite")
    assert [r["id"] for r in read_jsonl(out)] == ["a", "surrogate"]
    [error] = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert error["line"] == 2 and "DocumentTooLongError" in error["reason"] and "5,000" in error["reason"]
    assert run("tag", path, "-o", out, "--max-chars", "-1", "--overwrite", check=False).returncode == 2


def test_a_lone_surrogate_reaches_csv_and_parquet_as_a_replacement_character(tmp_path):
    path = tmp_path / "in.jsonl"
    records = [{"id": "a", "text": "LĐLĐ tỉnh \ud800 thăm công nhân"}, {"id": "b", "text": SAMPLES[0]["text"]}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    for suffix in ("csv", "parquet"):
        out = tmp_path / f"out.{suffix}"
        run("tag", path, "-o", out, "-q", "--tables")
        if suffix == "csv":
            with out.open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
        else:
            import pandas as pd
            rows = pd.read_parquet(out).to_dict("records")
        assert [r["id"] for r in rows] == ["a", "b"]
        assert rows[0]["text"] == "LĐLĐ tỉnh \ufffd thăm công nhân"
        for e in json.loads(rows[0]["entities"]):
            assert rows[0]["text"][e["start"]:e["end"]] == e["text"]
