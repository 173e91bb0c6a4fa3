"""Training, comparing and evaluating the activity classifier (what `vnunion-nlp train activities` and
`vnunion-nlp evaluate activities` run). Reproducible: same data, same variant, same seed -> same model.

The labels are data: a taxonomy TSV (``--labels``; the bundled ``data/activities.tsv`` by default) or,
when no file is given and the data uses labels the bundled taxonomy does not know, the labels found in
the training data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import KFold

from . import __version__, evaluate, resources
from .classify import (
    LABELS_FILE,
    MODEL_FILE,
    ActivityClassifier,
    ActivityType,
    KeywordBaseline,
    best_thresholds,
    load_model,
    prepare,
    read_taxonomy,
)
from .errors import ModelFileError, option_error

logger = logging.getLogger("vnunion_nlp")

SEED = 0
CV_FOLDS = 5
MIN_DOCS_PER_S = 2000  # issue 4: batch prediction on ~1,000-character documents
# The variants compared in benchmarks/activities_experiments.md: ActivityClassifier parameters by name.
VARIANTS: dict[str, dict[str, Any]] = {
    "syllable12-logreg": {"features": "syllable", "syllable_ngrams": (1, 2), "model": "logreg", "C": 30.0},
    "syllable12-logreg-balanced": {"features": "syllable", "syllable_ngrams": (1, 2), "model": "logreg",
                                   "C": 30.0, "class_weight": "balanced"},
    "syllable12-linearsvc": {"features": "syllable", "syllable_ngrams": (1, 2), "model": "linearsvc", "C": 1.0},
    "syllable13-linearsvc": {"features": "syllable", "syllable_ngrams": (1, 3), "model": "linearsvc", "C": 1.0},
    "syllable12-sgd-balanced": {"features": "syllable", "syllable_ngrams": (1, 2), "model": "sgd",
                                "alpha": 1e-4, "class_weight": "balanced"},
    "syllable12+char25-linearsvc": {"features": "syllable+char", "syllable_ngrams": (1, 2),
                                    "char_ngrams": (2, 5), "model": "linearsvc", "C": 1.0},
    "char25-sgd": {"features": "char", "char_ngrams": (2, 5), "model": "sgd", "alpha": 1e-4},
}
# Chosen by dev macro-F1 among the variants fast enough (benchmarks/activities_experiments.md).
DEFAULT_VARIANT = "syllable13-linearsvc"


# -- data -------------------------------------------------------------------------------------------------

def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_labelled(path: str | Path | Sequence[str | Path]) -> tuple[list[str], list[list[str]]]:
    """Prepared texts and label lists of a JSONL corpus (``{"text": ..., "activities": [...]}`` per line), or
    of several, concatenated."""
    if not isinstance(path, (str, Path)):
        parts = [read_labelled(p) for p in path]
        return [t for p in parts for t in p[0]], [lab for p in parts for lab in p[1]]
    gold = evaluate.read_gold(path)
    texts, labels = [], []
    for i, doc in enumerate(gold, 1):
        if not isinstance(doc.get("text"), str) or not isinstance(doc.get("activities"), list):
            raise ValueError(f"{path} record {i}: needs a 'text' string and an 'activities' list of labels")
        acts = [a["label"] if isinstance(a, dict) else a for a in doc["activities"]]
        texts.append(prepare(doc["text"]))
        labels.append([str(a) for a in acts])
    return texts, labels


def resolve_taxonomy(label_lists: Sequence[Sequence[str]], labels_file: str | Path | None
                     ) -> tuple[ActivityType, ...]:
    """The taxonomy to train with: the file given, else the bundled one, else the data's own labels."""
    seen = {lab for labs in label_lists for lab in labs}
    if labels_file is not None:
        taxonomy = read_taxonomy(labels_file)
        unknown = sorted(seen - {t.label for t in taxonomy})
        if unknown:
            raise ValueError(f"the data uses labels that {Path(labels_file).name} does not list: "
                             f"{', '.join(unknown)}; add a row for each or fix the data")
        return taxonomy
    bundled = read_taxonomy()
    if seen <= {t.label for t in bundled}:
        return bundled
    logger.info("labels not in the bundled taxonomy (%s): training on the data's own labels",
                ", ".join(sorted(seen - {t.label for t in bundled})))
    return tuple(ActivityType(lab) for lab in sorted(seen))


def _indicator(label_lists: Sequence[Sequence[str]], labels: Sequence[str]) -> np.ndarray:
    index = {lab: j for j, lab in enumerate(labels)}
    Y = np.zeros((len(label_lists), len(labels)), dtype=int)
    for i, labs in enumerate(label_lists):
        for lab in labs:
            if lab not in index:
                raise ValueError(f"unknown label {lab!r}: the model knows {', '.join(labels)}")
            Y[i, index[lab]] = 1
    return Y


# -- scores -----------------------------------------------------------------------------------------------

def score_labels(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], labels: Sequence[str]
                 ) -> dict[str, Any]:
    """Per-label P/R/F1, micro and macro averages, and the label confusion."""
    G, P = _indicator(gold, labels).astype(bool), _indicator(pred, labels).astype(bool)
    tp, n_pred, n_gold = (G & P).sum(axis=0), P.sum(axis=0), G.sum(axis=0)
    per = {lab: evaluate.prf(int(tp[j]), int(n_pred[j]), int(n_gold[j])) for j, lab in enumerate(labels)}
    scored = [per[lab] for lab in labels if per[lab]["support"] > 0] or list(per.values())
    macro = {k: round(float(np.mean([m[k] for m in scored])), 4) for k in ("precision", "recall", "f1")}
    macro["support"] = int(n_gold.sum())
    confusion: dict[str, Any] = {}
    for j, lab in enumerate(labels):
        rows = G[:, j]
        if not rows.any():
            continue
        wrong = Counter()
        for i in np.flatnonzero(rows):
            wrong.update(labels[k] for k in np.flatnonzero(P[i] & ~G[i]))
        confusion[lab] = {"missed": int((rows & ~P[:, j]).sum()), "support": int(rows.sum()),
                          "wrongly_added": [[k, v] for k, v in wrong.most_common(3)]}
    return {"labels": per, "micro": evaluate.prf(int(tp.sum()), int(n_pred.sum()), int(n_gold.sum())),
            "macro": macro, "confusion": confusion,
            "exact_match": round(float((G == P).all(axis=1).mean()), 4) if len(G) else 0.0}


def _macro_f1(Y: np.ndarray, P: np.ndarray) -> tuple[float, float]:
    Y, P = Y.astype(bool), P.astype(bool)
    tp, n_pred, n_gold = (Y & P).sum(axis=0), P.sum(axis=0), Y.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(n_gold + n_pred > 0, 2 * tp / (n_gold + n_pred), 0.0)
    keep = n_gold > 0
    micro = 2 * tp.sum() / max(1, n_gold.sum() + n_pred.sum())
    return float(f1[keep].mean() if keep.any() else 0.0), float(micro)


# -- fitting ----------------------------------------------------------------------------------------------

def _params(variant: str | Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    if isinstance(variant, Mapping):
        return "custom", dict(variant)
    if variant not in VARIANTS:
        raise option_error("variant", variant, [*VARIANTS, "auto"])
    return variant, dict(VARIANTS[variant])


def oof_probabilities(model: ActivityClassifier, texts: Sequence[str], Y: np.ndarray, *,
                      folds: int = CV_FOLDS, seed: int = SEED) -> np.ndarray:
    """Out-of-fold probabilities on the training data: each document scored by a model that did not see it."""
    proba = np.zeros(Y.shape, dtype=float)
    docs = list(texts)
    for train_idx, test_idx in KFold(min(folds, len(docs)), shuffle=True, random_state=seed).split(docs):
        m = clone(model).fit([docs[i] for i in train_idx], Y[train_idx], classes=list(model.classes_))
        proba[test_idx] = m.predict_proba([docs[i] for i in test_idx])
    return proba


def speed_documents(texts: Sequence[str], n: int = 1000, length: int = 1000) -> list[str]:
    """``n`` documents of ~``length`` characters made by joining consecutive texts (for throughput)."""
    out, buf, k = [], "", 0
    while len(out) < n and texts:
        buf = (buf + "\n" + texts[k % len(texts)]).strip()
        k += 1
        if len(buf) >= length:
            out.append(buf[:length])
            buf = ""
    return out


def docs_per_second(model: ActivityClassifier, docs: Sequence[str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        model.predict(list(docs))
        best = min(best, time.perf_counter() - started)
    return len(docs) / best


def compare_variants(train: str | Path, dev: str | Path, *, labels_file: str | Path | None = None,
                     variants: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Fit each variant on ``train`` and score it on ``dev``: one row per variant, best dev macro-F1 first.

    Thresholds come from out-of-fold predictions on train, so the dev figures are honest (dev only ranks
    the variants). Each row also has the fit time and the batch prediction speed on ~1,000-character
    documents (made from the training texts), and ``fast_enough`` (>= MIN_DOCS_PER_S on this machine).
    """
    texts, lists = read_labelled(train)
    dev_texts, dev_lists = read_labelled(dev)
    labels = [t.label for t in resolve_taxonomy(lists + dev_lists, labels_file)]
    Y, Ydev = _indicator(lists, labels), _indicator(dev_lists, labels)
    speed_docs = speed_documents(texts)
    rows = []
    for name in variants or list(VARIANTS):
        _, params = _params(name)
        started = time.perf_counter()
        model = ActivityClassifier(**params, random_state=SEED).fit(texts, Y, classes=labels)
        fit_seconds = time.perf_counter() - started
        model.thresholds_ = best_thresholds(oof_probabilities(model, texts, Y), Y)
        macro, micro = _macro_f1(Ydev, model.predict(dev_texts))
        speed = docs_per_second(model, speed_docs)
        rows.append({"variant": name, "params": _jsonable(params), "dev_macro_f1": round(macro, 4),
                     "dev_micro_f1": round(micro, 4), "fit_seconds": round(fit_seconds, 2),
                     "predict_docs_per_s": round(speed), "fast_enough": bool(speed >= MIN_DOCS_PER_S),
                     "terms": int(model.weights_.shape[0])})
        logger.info("variant %s: dev macro-F1 %.3f, %.0f docs/s", name, macro, speed)
    rows.sort(key=lambda r: (-r["dev_macro_f1"], -r["dev_micro_f1"]))
    return rows


def _jsonable(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}


def train_activities(train: str | Path, dev: str | Path | None, out_dir: str | Path, *,
                     labels_file: str | Path | None = None, variant: str | Mapping[str, Any] = DEFAULT_VARIANT,
                     compare: bool = False, test: str | Path | Sequence[str | Path] | None = None
                     ) -> dict[str, Any]:
    """Train the classifier on ``train``, choose thresholds with ``dev``, write ``activities.joblib`` + card.

    ``variant``: a name of :data:`VARIANTS`, a dict of :class:`ActivityClassifier` parameters, or "auto"
    (the best dev macro-F1 among the variants fast enough on this machine; implies ``compare``).
    ``compare`` runs :func:`compare_variants` and records the table in the card (needs ``dev``).
    Thresholds: each label's F1 is maximised over the dev documents pooled with out-of-fold predictions
    on train (dev alone is small: its raw arg-max thresholds generalised worse than 0.5); without ``dev``,
    over the out-of-fold predictions alone. ``test``, if given, is scored once at the very end and
    recorded in the card; it is never used for a choice. Returns the card.
    """
    import joblib

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    texts, lists = read_labelled(train)
    dev_texts, dev_lists = read_labelled(dev) if dev else ([], [])
    taxonomy = resolve_taxonomy(lists + dev_lists, labels_file)
    labels = [t.label for t in taxonomy]
    experiments: list[dict[str, Any]] = []
    if compare or variant == "auto":
        if not dev:
            raise ValueError("comparing variants needs dev data: pass dev")
        experiments = compare_variants(train, dev, labels_file=labels_file)
        if variant == "auto":
            variant = next((r["variant"] for r in experiments if r["fast_enough"]), experiments[0]["variant"])
    name, params = _params(variant)
    Y = _indicator(lists, labels)
    started = time.perf_counter()
    model = ActivityClassifier(**params, random_state=SEED).fit(texts, Y, classes=labels)
    train_seconds = time.perf_counter() - started
    oof = oof_probabilities(model, texts, Y)
    if dev:
        Ydev = _indicator(dev_lists, labels)
        model.thresholds_ = best_thresholds(np.vstack([oof, model.predict_proba(dev_texts)]), np.vstack([Y, Ydev]))
        threshold_source = f"dev pooled with {CV_FOLDS}-fold out-of-fold predictions on train"
    else:
        model.thresholds_ = best_thresholds(oof, Y)
        threshold_source = f"{CV_FOLDS}-fold out-of-fold predictions on train"
    model_path = out_dir / MODEL_FILE
    joblib.dump(model, model_path, compress=3)
    counts = Counter(lab for labs in lists for lab in labs)
    card: dict[str, Any] = {
        "name": "activities", "file": MODEL_FILE,
        "kind": "scikit-learn: TF-IDF n-grams, one calibrated linear model per label (one-vs-rest)",
        "labels": labels,
        "taxonomy": [{"label": t.label, "vietnamese": t.vietnamese, "keywords": list(t.keywords)} for t in taxonomy],
        "labels_file": str(labels_file) if labels_file else f"vnunion_nlp/data/{LABELS_FILE}",
        "labels_sha256": file_sha256(labels_file if labels_file else resources.data_file(LABELS_FILE)),
        "variant": name, "params": _jsonable(model.get_params()),
        "thresholds": {lab: round(float(t), 2) for lab, t in zip(labels, model.thresholds_, strict=True)},
        "threshold_source": threshold_source,
        "input": "classify.prepare(text): normalized, abbreviations expanded",
        "train_data": {"path": str(train), "sha256": file_sha256(train), "documents": len(texts),
                       "label_counts": {lab: counts.get(lab, 0) for lab in labels}},
        "dev_data": ({"path": str(dev), "sha256": file_sha256(dev), "documents": len(dev_texts)} if dev else None),
        "seeds": {"random_state": SEED, "cv_folds": CV_FOLDS},
        "train_seconds": round(train_seconds, 2), "trained": dt.date.today().isoformat(),
        "versions": {"vnunion-nlp": __version__, "scikit-learn": resources.package_version("scikit-learn"),
                     "numpy": resources.package_version("numpy"), "scipy": resources.package_version("scipy"),
                     "joblib": resources.package_version("joblib")},
        "sha256": file_sha256(model_path), "size_bytes": model_path.stat().st_size,
        "metrics": {}, "experiments": experiments,
    }
    _write_card(out_dir, card)
    if dev:
        card["metrics"]["dev"] = _metrics(evaluate_activities(dev, model=model_path))
        card["metrics"]["dev"]["note"] = "dev took part in choosing the thresholds; the honest dev figures are " \
                                         "the experiments' (thresholds from train only)"
    for path in _paths(test):  # each test file once, at the very end, named by its stem
        card["metrics"][Path(path).stem] = _metrics(evaluate_activities(path, model=model_path))
    _write_card(out_dir, card)
    return card


def _paths(test: str | Path | Sequence[str | Path] | None) -> list[str | Path]:
    return [] if not test else [test] if isinstance(test, (str, Path)) else list(test)


def _metrics(report: dict[str, Any]) -> dict[str, Any]:
    keep = ("documents", "labels", "micro", "macro", "exact_match", "baseline")
    out = {k: report[k] for k in keep if k in report}
    if "baseline" in out:
        out["baseline"] = {k: out["baseline"][k] for k in ("micro", "macro", "labels")}
    return out


def _write_card(out_dir: Path, card: dict[str, Any]) -> None:
    (out_dir / "activities.card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")


# -- evaluation -------------------------------------------------------------------------------------------

def evaluate_activities(data: str | Path | Sequence[str | Path],
                        model: str | Path | ActivityClassifier | None = None, *,
                        baseline: bool = True) -> dict[str, Any]:
    """Score the classifier (bundled, a model file, or a fitted instance) on labelled JSONL.

    Per-label P/R/F1, micro/macro-F1, exact match, the label confusion (for each gold label: how often it
    was missed and which wrong labels were added), and the keyword baseline scored on the same documents.
    """
    card: dict[str, Any] | None = None
    if isinstance(model, ActivityClassifier):
        clf = model
    else:
        path = resources.bundled_model(MODEL_FILE) if model is None else Path(model)
        if not path.is_file():
            raise ModelFileError(f"model file {path} does not exist")
        clf = load_model(path if model is not None else None)
        card = resources.read_card(path)
    texts, gold = read_labelled(data)
    labels = [str(c) for c in clf.classes_]
    unknown = sorted({lab for labs in gold for lab in labs} - set(labels))
    if unknown:
        raise ValueError(f"{data} uses labels the model does not know: {', '.join(unknown)}")
    started = time.perf_counter()
    pred = clf.predict_labels(texts) if texts else []
    seconds = time.perf_counter() - started
    report = score_labels(gold, pred, labels)
    report.update(documents=len(texts), predict_seconds=round(seconds, 3),
                  model={"file": str(card.get("file")) if card else None,
                         "variant": card.get("variant") if card else None})
    if baseline and texts:
        report["baseline"] = _baseline_report(texts, gold, labels, card)
    return report


def evaluate_activity_splits(paths: Sequence[str | Path], model: str | Path | ActivityClassifier | None = None
                             ) -> dict[str, dict[str, Any]]:
    """One report per labelled file (named by its stem) and, for several, one for all of them ("all")."""
    reports: dict[str, dict[str, Any]] = {}
    for p in paths:
        reports[evaluate.report_name(p, reports)] = evaluate_activities(p, model)
    if len(paths) > 1:
        reports["all"] = evaluate_activities(list(paths), model)
    return reports


def format_activity_summary(reports: dict[str, dict[str, Any]]) -> str:
    """Several splits side by side: F1 per label, micro, macro, and the keyword baseline's macro-F1."""
    first = next(iter(reports.values()))
    rows: list[tuple[str, list[float | int]]] = [("documents", [r["documents"] for r in reports.values()])]
    rows += [(f"{lab} F1", [r["labels"][lab]["f1"] for r in reports.values()]) for lab in first["labels"]]
    rows += [("micro F1", [r["micro"]["f1"] for r in reports.values()]),
             ("macro F1", [r["macro"]["f1"] for r in reports.values()])]
    if all("baseline" in r for r in reports.values()):
        rows.append(("keyword baseline macro F1", [r["baseline"]["macro"]["f1"] for r in reports.values()]))
    return evaluate.format_side_by_side(list(reports), rows, label_width=28)


def _baseline_report(texts: list[str], gold: list[list[str]], labels: list[str],
                     card: dict[str, Any] | None) -> dict[str, Any]:
    keywords = None
    if card and card.get("taxonomy"):  # the model's own taxonomy keywords (a user taxonomy too)
        keywords = {t["label"]: t.get("keywords", []) for t in card["taxonomy"]}
    counts = (card or {}).get("train_data", {}).get("label_counts") or {}
    fallback = max(labels, key=lambda lab: counts.get(lab, 0)) if counts else None
    base = KeywordBaseline(keywords=keywords, fallback=fallback).fit([], None, classes=labels)
    out = score_labels(gold, base.predict_labels(texts), labels)
    out.pop("confusion")
    return out


def format_activity_report(report: dict[str, Any]) -> str:
    """The report as text: the per-label table (model and keyword baseline side by side), then confusion."""
    base = report.get("baseline")
    head = f"{'':<24}{'precision':>10}{'recall':>9}{'f1':>8}{'support':>9}"
    if base:
        head += f"   {'baseline f1':>11}"
    lines = [f"documents: {report['documents']}", "", head]

    def row(name: str, m: dict[str, Any], b: dict[str, Any] | None) -> str:
        s = f"{name:<24}{m['precision']:>10.3f}{m['recall']:>9.3f}{m['f1']:>8.3f}{m['support']:>9}"
        return s + (f"   {b['f1']:>11.3f}" if b else "")

    for lab, m in report["labels"].items():
        lines.append(row(lab, m, base["labels"].get(lab) if base else None))
    lines.append(row("micro", report["micro"], base["micro"] if base else None))
    lines.append(row("macro", report["macro"], base["macro"] if base else None))
    lines.append(f"exact match (all labels of a document right): {report['exact_match']:.3f}")
    if base:
        lines.append("baseline: keyword cues of the taxonomy file (KeywordBaseline), same documents")
    lines += ["", "confusion: for each gold label, how often it was missed and the wrong labels added most"]
    for lab, c in report["confusion"].items():
        added = ", ".join(f"{k} {v}" for k, v in c["wrongly_added"]) or "-"
        lines.append(f"  {lab:<22} missed {c['missed']:>3}/{c['support']:<4} added: {added}")
    return "\n".join(lines)
