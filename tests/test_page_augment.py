"""Page-like training variants: every edit keeps every gold span exact, and a variant has page traits."""

import json
from pathlib import Path

import pytest

from vnunion_nlp.page_augment import Edit, apply_edits, page_variant

ROOT = Path(__file__).resolve().parents[1]


def test_apply_edits_shifts_and_replaces_spans():
    text = "ông Lê Văn A, Chủ tịch LĐLĐ tỉnh. Hội nghị bắt đầu."
    spans = [(4, 12, "PER"), (14, 22, "ROLE"), (23, 32, "ORG")]
    out, new = apply_edits(text, spans, [Edit(0, 4, "đ/c "), Edit(14, 22, "CT", ((0, 2, "ROLE"),)),
                                         Edit(32, 34, ".")])
    assert out == "đ/c Lê Văn A, CT LĐLĐ tỉnh.Hội nghị bắt đầu."
    assert [(out[s:e], lab) for s, e, lab in new] == [("Lê Văn A", "PER"), ("CT", "ROLE"), ("LĐLĐ tỉnh", "ORG")]


@pytest.fixture(scope="module")
def gold():
    path = ROOT / "data" / "entities" / "train.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:300]]


def test_variants_keep_spans_exact_and_add_page_traits(gold):
    names = ["Minh Hà", "Thu Trang", "Lò Văn Pao"]
    headlines = [("LĐLĐ tỉnh trao quà Tết", [(0, 9, "ORG")])]
    traits = {"credit": 0, "stamp": 0, "glued": 0, "related": 0}
    for g in gold:
        spans = [(e["start"], e["end"], e["label"]) for e in g["entities"] if e["label"] != "DATE"]
        text, new = page_variant(g["id"], g["text"], spans, g["date"], names, headlines)
        originals = sorted(g["text"][s:e] for s, e, _ in spans)
        for s, e, _ in new:
            assert text[s:e] == text[s:e].strip() and text[s:e]
        labels = sorted(lab for _, _, lab in new)
        assert labels.count("PER") >= sum(lab == "PER" for _, _, lab in spans)
        assert len(new) >= len(originals)
        traits["credit"] += "Ảnh: " in text and "Ảnh: " not in g["text"]
        traits["stamp"] += any(c in text.split("\n", 2)[1] for c in ("|", "Cập nhật")) if "\n" in text else 0
        traits["glued"] += any(text[i] == "." and text[i + 1].isupper() for i in range(len(text) - 1))
        traits["related"] += "Tin liên quan" in text
        again = page_variant(g["id"], g["text"], spans, g["date"], names, headlines)
        assert again == (text, new)  # seeded by the id: training is reproducible
    assert all(n >= 20 for n in traits.values()), traits
