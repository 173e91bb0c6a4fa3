"""The team's corpora: every raw file passes the validator, the splits are what the raw files build, and
the validator really rejects what the guide forbids."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("corpus_tool", ROOT / "tools" / "corpus.py")
corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(corpus)


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def entity_docs():
    docs, problems = corpus.load_raw(sorted((ROOT / "data" / "entities" / "raw").glob("*.txt")), True)
    return docs, problems


def test_entity_corpus_is_clean_and_large_enough(entity_docs):
    docs, problems = entity_docs
    assert problems == []
    assert len(docs) >= 500
    stats = corpus.stats(docs, True)
    assert stats["sentences"] >= 2500
    assert all(stats["entities"][label] >= 300 for label in ("ORG", "PER", "ROLE", "LOC", "DATE"))
    assert stats["forms"].get("nfd", 0) >= 25 and stats["forms"].get("newtone", 0) >= 25


def test_no_near_duplicate_sentences(entity_docs):
    assert corpus.near_duplicates(entity_docs[0]) == []


def test_splits_are_what_the_raw_files_build(entity_docs):
    docs, _ = entity_docs
    built = {}
    policies = corpus.read_policies()
    for name in corpus.SPLIT_NAMES:
        for d in _jsonl(ROOT / "data" / "entities" / f"{name}.jsonl"):
            built[d["id"]] = (name, d["text"], d["entities"])
    assert len(built) == len(docs)
    for d in docs:
        assert built[d["id"]] == (corpus.split_of(d["id"], policies), d["text"], d["entities"]), d["id"]


def test_page_test_writers_wrote_no_training_document():
    policies = corpus.read_policies()
    assert {"page_test", "train_dev"} <= set(policies.values())
    for doc_id in ("ptx-001", "pty-070"):
        assert corpus.split_of(doc_id, policies) == "page_test"
    assert {corpus.split_of(f"pga-{i:03d}", policies) for i in range(1, 200)} == {"train", "dev"}
    assert {corpus.split_of(f"nb-{i:03d}", policies) for i in range(1, 200)} == {"train", "dev", "test"}


def test_spans_index_the_built_text():
    for name in corpus.SPLIT_NAMES:
        for d in _jsonl(ROOT / "data" / "entities" / f"{name}.jsonl"):
            for e in d["entities"]:
                assert d["text"][e["start"]:e["end"]] == e["text"]


def _check(marked, **header):
    block = {"id": "x-1", "file": "t", "people": header.get("people", []), "abbr": header.get("abbr", []),
             "date": header.get("date"), "activities": header.get("activities", ["meetings_congress"]),
             "form": header.get("form", "nfc"), "marked": marked}
    return corpus.check_doc(corpus.render(block))


@pytest.mark.parametrize("marked, header, problem", [
    ("[PER ông Nguyễn Văn An] phát biểu", {}, "form of address"),
    ("Sáng [DATE ngày 21/11|2025-11-21], hội nghị", {}, "leave out"),
    ("[DATE năm 2024|2024-13]", {}, "not ISO"),
    ("[ORG LĐLĐ tỉnh] họp", {"abbr": [["LĐLĐ", "Liên đoàn Lao động"]]}, "needs |value"),
    ("[ORG Công đoàn tỉnh|Công đoàn tỉnh] họp", {}, "no listed abbreviation"),
    ("[ROLE công nhân] Lê Văn A", {}, "occupations"),
    ("[ORG các cấp công đoàn] phát động", {}, "generic"),
    ("ở [LOC miền Bắc]", {}, "not a LOC"),
    ("LĐLĐ[ORG tỉnh] họp", {}, "inside a word"),
    ("[DATE 30/2/2025|2025-02-30]", {}, "not ISO"),
    ("Ông An dự", {"people": [["An", None, None]]}, "not a PER span"),
    ("LĐLĐ tỉnh", {"abbr": [["CĐCS", "Công đoàn cơ sở"]]}, "not found"),
    ("Tin", {"activities": ["meeting"]}, "unknown activity"),
])
def test_validator_rejects_guide_violations(marked, header, problem):
    assert any(problem in p for p in _check(marked, **header)), _check(marked, **header)


def test_validator_accepts_a_correct_document():
    marked = ("Sáng [DATE 13/02/2025|2025-02-13], [ORG LĐLĐ tỉnh|Liên đoàn Lao động tỉnh] họp. Dự có đồng chí "
              "[PER Chẩu Thị Thu], [ROLE Phó Chủ tịch Thường trực] [ORG LĐLĐ tỉnh|Liên đoàn Lao động tỉnh], "
              "[DATE ngày 3 tháng 4 năm 2024|2024-04-03].")
    assert _check(marked, abbr=[["LĐLĐ", "Liên đoàn Lao động"]],
                  people=[["Chẩu Thị Thu", "Phó Chủ tịch Thường trực", "LĐLĐ tỉnh"]]) == []


def test_nfd_and_new_tone_forms_keep_offsets():
    for form in ("nfd", "newtone"):
        block = {"id": "x-2", "file": "t", "people": [], "abbr": [], "date": None, "activities": ["charity_social"],
                 "form": form, "marked": "[ORG Công đoàn ngành Y tế tỉnh Hòa Bình] thăm [LOC xã Thủy Xuân]"}
        doc = corpus.render(block)
        for e in doc["entities"]:
            assert doc["text"][e["start"]:e["end"]] == e["text"]
