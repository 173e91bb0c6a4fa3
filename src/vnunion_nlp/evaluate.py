"""Scores against gold documents: exact-span entity P/R/F1, DATE and ORG values, people triples,
abbreviations, and underthesea.ner's PER/ORG/LOC on the same documents as a baseline."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .normalization import fix_tone_marks

ENTITY_LABELS = ("ORG", "PER", "ROLE", "LOC", "DATE")


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold JSONL documents (the format tools/corpus.py builds)."""
    docs = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.strip():
                try:
                    docs.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path} line {lineno}: invalid JSON ({e.msg})") from e
    return docs


def report_name(path: str | Path, taken: Iterable[str]) -> str:
    """The name of one file's report among several: its stem ("page_test"), made unique if two files share it
    ("all" is the name of the reports together)."""
    name = stem = Path(path).stem
    k = 2
    while name in taken or name == "all":
        name, k = f"{stem}-{k}", k + 1
    return name


def canon(s: str | None) -> str | None:
    """How the guide compares strings: NFC, casefold, collapsed whitespace, one tone-mark placement."""
    if s is None:
        return None
    s = fix_tone_marks(unicodedata.normalize("NFC", s), "old").casefold()
    return re.sub(r"\s+", " ", s).strip()


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": n_gold}


def score_entities(gold_docs: Sequence[dict[str, Any]], pred_docs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per-label and micro exact-span scores; value accuracy over correctly found DATE and ORG spans."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    values = {"DATE": [0, 0], "ORG": [0, 0]}
    value_errors: list[dict[str, Any]] = []
    for gold, pred in zip(gold_docs, pred_docs):
        g = {(e["start"], e["end"], e["label"]): e for e in gold["entities"]}
        p = {(e["start"], e["end"], e["label"]): e for e in pred["entities"]}
        for key in g:
            n_gold[key[2]] += 1
        for key in p:
            n_pred[key[2]] += 1
        for key in g.keys() & p.keys():
            tp[key[2]] += 1
            label = key[2]
            if label in values:
                values[label][1] += 1
                gv, pv = g[key].get("value"), p[key].get("value")
                ok = gv == pv if label == "DATE" else canon(gv) == canon(pv)
                if ok:
                    values[label][0] += 1
                elif len(value_errors) < 200:
                    value_errors.append({"id": gold.get("id"), "text": g[key]["text"], "gold": gv, "pred": pv})
    out: dict[str, Any] = {"labels": {lab: prf(tp[lab], n_pred[lab], n_gold[lab]) for lab in ENTITY_LABELS}}
    out["micro"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    out["values"] = {lab: {"accuracy": round(c / n, 4) if n else 0.0, "n": n} for lab, (c, n) in values.items()}
    out["value_errors"] = value_errors
    return out


def _triples(doc: dict[str, Any]) -> set[tuple[str | None, ...]]:
    return {(canon(p["name"]), canon(p.get("role")), canon(p.get("org"))) for p in doc.get("people", [])}


def score_people(gold_docs: Sequence[dict[str, Any]], pred_docs: Sequence[dict[str, Any]]) -> dict[str, float]:
    tp = n_pred = n_gold = 0
    for gold, pred in zip(gold_docs, pred_docs):
        g, p = _triples(gold), _triples(pred)
        tp += len(g & p)
        n_pred += len(p)
        n_gold += len(g)
    return prf(tp, n_pred, n_gold)


def score_abbreviations(gold_docs: Sequence[dict[str, Any]], pred_docs: Sequence[dict[str, Any]]) -> dict[str, float]:
    """F1 over the distinct (text, expansion) pairs of each document (guide §12)."""
    tp = n_pred = n_gold = 0
    for gold, pred in zip(gold_docs, pred_docs):
        g = {(canon(a["text"]), canon(a["expansion"])) for a in gold.get("abbreviations", [])}
        p = {(canon(a["text"]), canon(a["expansion"])) for a in pred.get("abbreviations", [])}
        tp += len(g & p)
        n_pred += len(p)
        n_gold += len(g)
    return prf(tp, n_pred, n_gold)


def underthesea_spans(text: str) -> list[tuple[int, int, str]]:
    """underthesea.ner's PER/ORG/LOC as character spans of ``text`` (sentence by sentence, as advised)."""
    from underthesea import ner, sent_tokenize

    spans: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        for sentence in sent_tokenize(line) if line.strip() else []:
            s_start = text.find(sentence, pos)
            if s_start < 0:
                continue
            cursor = s_start
            cur: list[Any] | None = None
            for word, _pos, _chunk, tag in ner(sentence):
                w_start = text.find(word, cursor)
                if w_start < 0:
                    continue
                w_end = w_start + len(word)
                cursor = w_end
                if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[2] != tag[2:])):
                    if cur:
                        spans.append(tuple(cur))  # type: ignore[arg-type]
                    cur = [w_start, w_end, tag[2:]]
                elif tag.startswith("I-") and cur is not None:
                    cur[1] = w_end
                else:
                    if cur:
                        spans.append(tuple(cur))  # type: ignore[arg-type]
                    cur = None
            if cur:
                spans.append(tuple(cur))  # type: ignore[arg-type]
            pos = s_start + len(sentence)
    return [s for s in spans if s[2] in ("PER", "ORG", "LOC")]


def score_baseline(gold_docs: Sequence[dict[str, Any]],
                   pred_spans: Iterable[list[tuple[int, int, str]]]) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for gold, spans in zip(gold_docs, pred_spans):
        g = {(e["start"], e["end"], e["label"]) for e in gold["entities"] if e["label"] in ("PER", "ORG", "LOC")}
        p = set(spans)
        for lab in ("PER", "ORG", "LOC"):
            n_gold[lab] += sum(1 for x in g if x[2] == lab)
            n_pred[lab] += sum(1 for x in p if x[2] == lab)
            tp[lab] += sum(1 for x in g & p if x[2] == lab)
    out = {lab: prf(tp[lab], n_pred[lab], n_gold[lab]) for lab in ("PER", "ORG", "LOC")}
    out["micro"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return out


def format_side_by_side(names: Sequence[str], rows: Sequence[tuple[str, Sequence[float | int]]], *,
                        label_width: int = 24) -> str:
    """Several reports as columns: a row per figure, counts as integers, scores with three decimals."""
    lines = [f"{'':<{label_width}}" + "".join(f"{n:>14}" for n in names)]
    for label, vals in rows:
        lines.append(f"{label:<{label_width}}" + "".join(f"{v:>14}" if isinstance(v, int) else f"{v:>14.3f}"
                                                           for v in vals))
    return "\n".join(lines)


def format_table(rows: Sequence[tuple[str, dict[str, float]]]) -> str:
    lines = [f"{'':<14}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    for name, m in rows:
        lines.append(f"{name:<14}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>10.3f}{m['support']:>10}")
    return "\n".join(lines)
