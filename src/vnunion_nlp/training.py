"""Training and evaluating the bundled models from the team's corpora (what `make models` and the
`train` / `evaluate` commands run). Reproducible: same data, same model."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from pathlib import Path
from typing import Any

from . import __version__, evaluate, resources
from .entities import FEATURES, LABELS, EntityTagger
from .page_augment import page_variant
from .pipeline import Pipeline, load

ENTITY_MODEL = "entities.crf"
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150}


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def entity_examples(nlp: Pipeline, gold_docs: list[dict[str, Any]], *, augment: bool = True):
    """(normalized text, DATE spans found by the grammar, gold ORG/PER/ROLE/LOC in normalized offsets).

    With ``augment``, some documents (chosen by a hash of their id, so training stays reproducible) are added
    a second time in the casing real pages use and the team's writers rarely did: "Liên đoàn lao động huyện",
    "Công đoàn cơ sở" inside names, ALL-CAPS headlines. Offsets do not move: only the case changes.
    """
    dates_stage = nlp.get_stage("dates")
    names, headlines = _page_pools(gold_docs) if augment else ([], [])
    for g in gold_docs:
        doc = dates_stage(nlp.make_doc(g["text"], g.get("date")))
        gold = _normalized_gold(doc, g["entities"])
        yield doc.normalized, _date_spans(doc), gold
        variant = _recased(doc.normalized, gold, g.get("id", "")) if augment else None
        if variant is not None:
            vdoc = dates_stage(nlp.make_doc(variant, g.get("date")))
            yield variant, _date_spans(vdoc), gold
        if augment and _bucket(g.get("id", ""), "page") < PAGE_VARIANT_SHARE:
            spans = [(e["start"], e["end"], e["label"]) for e in g["entities"] if e["label"] in LABELS]
            text, spans = page_variant(g.get("id", ""), g["text"], spans, g.get("date"), names, headlines)
            pdoc = dates_stage(nlp.make_doc(text, g.get("date")))
            yield pdoc.normalized, _date_spans(pdoc), _normalized_gold(
                pdoc, [{"start": s, "end": e, "label": lab} for s, e, lab in spans])


PAGE_VARIANT_SHARE = 40  # percent of training documents that are added a second time as a page


def _bucket(doc_id: str, salt: str | None = None) -> int:
    """0-99 from a hash of the document id (and a salt per kind of variant): reproducible choices."""
    key = doc_id if salt is None else f"{salt}:{doc_id}"
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 100


def _normalized_gold(doc, entities) -> list[tuple[int, int, str]]:
    """Gold ORG/PER/ROLE/LOC spans in the normalized text's offsets."""
    gold = []
    for e in entities:
        if e["label"] in LABELS:
            s, t = doc.from_original(e["start"], e["end"])
            if t > s:
                gold.append((s, t, e["label"]))
    return gold


def _page_pools(gold_docs: list[dict[str, Any]]) -> tuple[list[str], list[tuple[str, list[tuple[int, int, str]]]]]:
    """Names for photo credits and bylines, and headlines with their spans for related-link blocks, taken
    from the training documents themselves."""
    names = sorted({e["text"] for g in gold_docs for e in g["entities"]
                    if e["label"] == "PER" and len(e["text"].split()) >= 2 and "\n" not in e["text"]})
    headlines = []
    for g in gold_docs:
        end = g["text"].find("\n")
        if 0 < end <= 160:
            headlines.append((g["text"][:end], [(e["start"], e["end"], e["label"]) for e in g["entities"]
                                                if e["end"] <= end and e["label"] in LABELS]))
    return names, headlines


def _date_spans(doc) -> list[tuple[int, int]]:
    return [doc.from_original(e.start, e.end) for e in doc.entities if e.label == "DATE"]


_HEAD_WORDS_RE = None


def _recased(text: str, gold: list[tuple[int, int, str]], doc_id: str) -> str | None:
    """A casing variant of a document, or None (most documents): see entity_examples."""
    import re

    from .entities import default_gazetteers

    bucket = _bucket(doc_id)
    if bucket >= 35:
        return None
    chars = list(text)
    if bucket < 25:  # lower-case the common words of organisation heads
        heads = default_gazetteers().org_heads
        for s, e, label in gold:
            if label != "ORG":
                continue
            words = list(re.finditer(r"\w+", text[s:e]))
            head = 0
            for n in range(min(len(words), heads.max_len), 0, -1):
                if tuple(w.group().lower() for w in words[:n]) in heads.phrases:
                    head = n
                    break
            for w in words[1:head]:
                low = w.group().lower()
                if len(low) == len(w.group()):
                    chars[s + w.start():s + w.end()] = low
    else:  # an ALL-CAPS headline
        end = text.find("\n")
        end = len(text) if end < 0 else end
        up = text[:end].upper()
        if len(up) == end:
            chars[:end] = up
    variant = "".join(chars)
    return variant if variant != text else None


def train_entities(data: str | Path, out_dir: str | Path, *, dev: str | Path | None = None,
                   test: str | Path | list[str | Path] | None = None) -> dict[str, Any]:
    """Train the CRF on ``data`` and write ``entities.crf`` with its card (metrics on dev and each test file)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    gold = evaluate.read_gold(data)
    nlp = load(disable=["entities", "people", "activities"])
    started = time.perf_counter()
    model_path = out_dir / ENTITY_MODEL
    EntityTagger().fit(entity_examples(nlp, gold), model_path, **CRF_PARAMS)  # type: ignore[arg-type]
    card: dict[str, Any] = {
        "name": "entities", "file": ENTITY_MODEL, "kind": "underthesea_core CRF (L-BFGS) over syllables",
        "labels": list(LABELS), "features": list(FEATURES), "params": CRF_PARAMS,
        "train_data": {"path": str(data), "sha256": file_sha256(data), "documents": len(gold)},
        "train_seconds": round(time.perf_counter() - started, 1), "trained": dt.date.today().isoformat(),
        "versions": {"vnunion-nlp": __version__, "underthesea-core": resources.package_version("underthesea-core"),
                     "underthesea": resources.package_version("underthesea")},
        "sha256": file_sha256(model_path), "metrics": {},
        "reproducibility": ("retraining on the same data gives identical predictions (0 of 82 dev documents "
                            "differed between two runs); the file's bytes, hence its sha256, differ because "
                            "underthesea_core serialises its feature map in hash order"),
    }
    _write_card(out_dir, "entities", card)
    tests = [] if not test else [test] if isinstance(test, (str, Path)) else list(test)
    for split, path in [("dev", dev)] + [(Path(t).stem, t) for t in tests]:  # each test file once, at the end
        if path:
            report = evaluate_entities(path, model_dir=out_dir, baseline=False)
            card["metrics"][split] = {k: report[k] for k in ("labels", "micro", "values", "people", "abbreviations")}
    _write_card(out_dir, "entities", card)
    return card


def _write_card(out_dir: Path, name: str, card: dict[str, Any]) -> None:
    (out_dir / f"{name}.card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")


def evaluate_entities(data: str | Path, *, model_dir: str | Path | None = None, baseline: bool = True,
                      nlp: Pipeline | None = None) -> dict[str, Any]:
    """Run the pipeline on gold documents and score entities, values, people and abbreviations."""
    return evaluate_entity_splits([data], model_dir=model_dir, baseline=baseline, nlp=nlp)[Path(data).stem]


def evaluate_entity_splits(paths: list[str | Path], *, model_dir: str | Path | None = None, baseline: bool = True,
                           nlp: Pipeline | None = None) -> dict[str, dict[str, Any]]:
    """One report per gold file (named by its stem) and, for several files, one for all of them together
    ("all"); each document is tagged once, by the pipeline and by the underthesea.ner baseline."""
    if nlp is None:
        nlp = load(disable=["activities"], entity_model=Path(model_dir) / ENTITY_MODEL if model_dir else None)
    runs: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], list[Any] | None, float]] = {}
    for path in paths:
        gold = evaluate.read_gold(path)
        items = ((g["text"], {"date": g.get("date"), "id": g.get("id")}) for g in gold)
        preds = [doc.to_dict() for doc, _ in nlp.pipe(items, as_tuples=True)]
        base, seconds = None, 0.0
        if baseline:
            started = time.perf_counter()
            base = [evaluate.underthesea_spans(g["text"]) for g in gold]
            seconds = time.perf_counter() - started
        runs[evaluate.report_name(path, runs)] = (gold, preds, base, seconds)
    if len(runs) > 1:
        runs["all"] = ([g for r in runs.values() for g in r[0]], [p for r in runs.values() for p in r[1]],
                       None if not baseline else [b for r in runs.values() for b in r[2] or []],
                       sum(r[3] for r in runs.values()))
    return {name: _entity_report(*run) for name, run in runs.items()}


def _entity_report(gold: list[dict[str, Any]], preds: list[dict[str, Any]], base: list[Any] | None,
                   seconds: float) -> dict[str, Any]:
    report = evaluate.score_entities(gold, preds)
    report["people"] = evaluate.score_people(gold, preds)
    report["abbreviations"] = evaluate.score_abbreviations(gold, preds)
    report["documents"] = len(gold)
    if base is not None:
        report["underthesea"] = evaluate.score_baseline(gold, base)
        report["underthesea"]["seconds"] = round(seconds, 1)
    return report


def format_entity_report(report: dict[str, Any]) -> str:
    rows = [(lab, report["labels"][lab]) for lab in evaluate.ENTITY_LABELS] + [("micro", report["micro"])]
    lines = [f"documents: {report['documents']}", "", "entities (exact spans)", evaluate.format_table(rows), ""]
    lines.append(f"DATE value accuracy: {report['values']['DATE']['accuracy']:.3f} "
                 f"(of {report['values']['DATE']['n']} correctly found DATEs)")
    lines.append(f"ORG value accuracy:  {report['values']['ORG']['accuracy']:.3f} "
                 f"(of {report['values']['ORG']['n']} correctly found ORGs)")
    lines += ["", evaluate.format_table([("people", report["people"]), ("abbreviations", report["abbreviations"])])]
    if "underthesea" in report:
        base = report["underthesea"]
        lines += ["", f"baseline: underthesea.ner on the same documents ({base['seconds']} s)",
                  evaluate.format_table([(lab, base[lab]) for lab in ("PER", "ORG", "LOC", "micro")]),
                  "", "vnunion_nlp on the same labels",
                  evaluate.format_table([(lab, report["labels"][lab]) for lab in ("PER", "ORG", "LOC")])]
    return "\n".join(lines)


def format_entity_summary(reports: dict[str, dict[str, Any]]) -> str:
    """Several splits side by side: F1 per label, micro, values, people, abbreviations, the baseline."""
    names = list(reports)
    rows: list[tuple[str, list[float | int | None]]] = [("documents", [r["documents"] for r in reports.values()])]
    for lab in evaluate.ENTITY_LABELS:
        rows.append((f"{lab} F1", [r["labels"][lab]["f1"] for r in reports.values()]))
    rows.append(("micro F1", [r["micro"]["f1"] for r in reports.values()]))
    rows.append(("DATE values", [r["values"]["DATE"]["accuracy"] for r in reports.values()]))
    rows.append(("ORG values", [r["values"]["ORG"]["accuracy"] for r in reports.values()]))
    rows.append(("people F1", [r["people"]["f1"] for r in reports.values()]))
    rows.append(("abbreviations F1", [r["abbreviations"]["f1"] for r in reports.values()]))
    if all("underthesea" in r for r in reports.values()):
        for lab in ("PER", "ORG", "LOC", "micro"):
            rows.append((f"underthesea {lab} F1", [r["underthesea"][lab]["f1"] for r in reports.values()]))
    return evaluate.format_side_by_side(names, rows)
