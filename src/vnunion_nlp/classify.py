"""Activity classification (SPEC.md §3): a multi-label scikit-learn estimator over Vietnamese text.

The taxonomy is data (``data/activities.tsv``: label, Vietnamese name, description, keyword cues); a user
can train the same estimator on a taxonomy of their own (``vnunion-nlp train activities --labels``).

The model sees *prepared* text: :func:`prepare` normalizes (NFC, one tone style, no web chrome) and
expands abbreviations ("ATVSLĐ" -> "an toàn, vệ sinh lao động"), so training and the pipeline feed it
the same thing. Features are TF-IDF over Vietnamese-safe syllable n-grams and/or character n-grams
(NFC, lower-case, accents kept, one-letter syllables such as "ở" kept); each label has its own linear
model with calibrated probabilities and a threshold chosen on dev data; every document gets at least
one label.

    >>> from vnunion_nlp.classify import SyllableNgrams
    >>> SyllableNgrams((1, 2))("Hội nghị ở Hòa Bình")
    ['hội', 'nghị', 'ở', 'hòa', 'bình', 'hội nghị', 'nghị ở', 'ở hòa', 'hòa bình']
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC
from sklearn.utils import check_array
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, column_or_1d

from . import resources
from .errors import LexiconFormatError, ModelFileError, ModelIntegrityError, option_error, text_type_error

logger = logging.getLogger("vnunion_nlp")

LABELS_FILE = "activities.tsv"
MODEL_FILE = "activities.joblib"
FEATURES = ("syllable", "char", "syllable+char")
MODELS = ("logreg", "linearsvc", "sgd")
_TAXONOMY_COLUMNS = ("label", "vietnamese", "description", "keywords")


# -- the taxonomy (data, not code) -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ActivityType:
    """One row of the taxonomy file."""

    label: str
    vietnamese: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()


def _parse_taxonomy(lines: Iterable[str], where: str) -> tuple[ActivityType, ...]:
    header: list[str] | None = None
    rows: list[ActivityType] = []
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [unicodedata.normalize("NFC", c.strip()) for c in raw.split("\t")]
        if header is None:
            header = cells
            if header[:1] != ["label"]:
                raise LexiconFormatError(f"{where} line {lineno}: the header must start with 'label' "
                                         f"(columns: {', '.join(_TAXONOMY_COLUMNS)}), got {raw!r}")
            continue
        if len(cells) > len(header) or not cells[0]:
            raise LexiconFormatError(f"{where} line {lineno}: expected at most {len(header)} tab-separated "
                                     f"columns ({', '.join(header)}) and a label first, got {raw!r}")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        keywords = tuple(k.strip() for k in row.get("keywords", "").split(";") if k.strip())
        rows.append(ActivityType(row["label"], row.get("vietnamese", ""), row.get("description", ""), keywords))
    labels = [r.label for r in rows]
    dupes = sorted({lab for lab in labels if labels.count(lab) > 1})
    if dupes:
        raise LexiconFormatError(f"{where}: duplicate labels {', '.join(dupes)}; each label needs one row")
    if not rows:
        raise LexiconFormatError(f"{where}: no labels; write a header line ({chr(9).join(_TAXONOMY_COLUMNS)}) "
                                 f"and one tab-separated row per label")
    return tuple(rows)


@lru_cache(maxsize=1)
def _bundled_taxonomy() -> tuple[ActivityType, ...]:
    path = resources.data_file(LABELS_FILE)
    return _parse_taxonomy(path.read_text(encoding="utf-8").splitlines(), LABELS_FILE)


def read_taxonomy(path: str | Path | None = None) -> tuple[ActivityType, ...]:
    """The activity types of a taxonomy TSV (``label<TAB>vietnamese<TAB>description<TAB>keywords``).

    ``None`` reads the bundled one (SPEC.md §3, in its order). Only ``label`` is required in a file of
    your own; ``keywords`` (``;``-separated cue phrases) feed the keyword baseline.

    >>> [t.label for t in read_taxonomy()][:3]
    ['emulation_awards', 'meetings_congress', 'member_welfare']
    """
    if path is None:
        return _bundled_taxonomy()
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"taxonomy file {path} does not exist")
    return _parse_taxonomy(path.read_text(encoding="utf-8").splitlines(), path.name)


def default_labels() -> tuple[str, ...]:
    """The ten labels of the bundled taxonomy, in order."""
    return tuple(t.label for t in _bundled_taxonomy())


# -- what the model reads -----------------------------------------------------------------------------

def prepare(text: str) -> str:
    """The text the classifier is trained on and fed: normalized, abbreviations expanded.

    >>> prepare("LĐLĐ tỉnh phát động Tháng hành động về ATVSLĐ")
    'Liên đoàn Lao động tỉnh phát động Tháng hành động về an toàn, vệ sinh lao động'
    """
    from .normalization import normalize

    if not isinstance(text, str):
        raise text_type_error(text)
    return prepare_normalized(normalize(text))


def prepare_normalized(normalized: str) -> str:
    """:func:`prepare` for a text that is already normalized (``Doc.normalized``): expansions only.

    ``prepare_normalized(normalize(t)) == prepare(t)``, so a pipeline stage that holds the normalized
    text skips normalizing twice.
    """
    from .abbreviations import default_lexicon, expand_matches

    normalized = article_only(normalized)
    return expand_matches(normalized, default_lexicon().find(normalized))


# Guide §14: an article is labelled by what it reports; the related headlines and tag lists a page prints
# after it report other articles. A marker line starts that block; everything from it on is left out.
_RELATED_RE = re.compile(
    r"(?im)^[ \t]*(?:[-–—•*>|#]\s*)?(?:tin liên quan|bài viết liên quan|các bài viết liên quan|tin khác|các tin khác|"
    r"tin cùng chuyên mục|cùng chuyên mục|tin mới hơn|tin cũ hơn|tin đã đưa|các tin đã đưa|tin mới nhất|"
    r"xem thêm|đọc thêm|bài liên quan|có thể bạn quan tâm|tin tức liên quan|tin bài liên quan)[ \t]*:?[ \t]*$"
)
_TAGS_RE = re.compile(r"(?im)^[ \t]*(?:từ khóa|từ khoá|tags?|chủ đề)[ \t]*:[^\n]*$")


def article_only(text: str) -> str:
    """The text without a page's related-links block and tag lines (what the classifier reads).

    >>> article_only("Trao quà Tết cho công nhân\\nNội dung.\\nTin liên quan\\nĐại hội Công đoàn tỉnh")
    'Trao quà Tết cho công nhân\\nNội dung.\\n'
    """
    m = _RELATED_RE.search(text)
    if m is not None and m.start() > 0:
        text = text[:m.start()]
    return _TAGS_RE.sub("", text) if "\n" in text else text


# [^\W_]: letters and digits of any script, so one-letter syllables ("ở", "ý") are tokens; the text is
# NFC first, so a syllable in decomposed Unicode is not cut at its combining marks. N-grams never cross
# punctuation or a line break.
_WORD_RE = re.compile(r"[^\W_]+")
_BREAK_RE = re.compile(r"[.,;:!?()\[\]\"\n]+")  # a run of breaks is one: "((((" makes no empty phrases


def _phrases(doc: str) -> list[list[str]]:
    text = unicodedata.normalize("NFC", doc).lower()
    return [_WORD_RE.findall(p) for p in _BREAK_RE.split(text)]


class SyllableNgrams:
    """Analyzer: lower-cased NFC syllable n-grams, never crossing punctuation or a line break.

    A module-level class (not a lambda) so a fitted model pickles. Accents are never stripped.
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 2)) -> None:
        self.ngram_range = tuple(ngram_range)

    def __call__(self, doc: str) -> list[str]:
        lo, hi = self.ngram_range
        phrases = _phrases(doc)
        out = [w for p in phrases for w in p] if lo <= 1 else []
        for n in range(max(2, lo), hi + 1):
            for p in phrases:
                if len(p) < n:
                    continue
                if n == 2:
                    out += [a + " " + b for a, b in zip(p, p[1:], strict=False)]
                else:
                    out += [" ".join(p[i:i + n]) for i in range(len(p) - n + 1)]
        return out

    def __repr__(self) -> str:
        return f"SyllableNgrams({self.ngram_range})"


class CharNgrams:
    """Analyzer: character n-grams inside each space-padded syllable (like ``char_wb``), NFC, lower-case.

    >>> CharNgrams((3, 3))("Hòa")
    [' hò', 'hòa', 'òa ']
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 5)) -> None:
        self.ngram_range = tuple(ngram_range)

    def __call__(self, doc: str) -> list[str]:
        lo, hi = self.ngram_range
        out: list[str] = []
        for w in _WORD_RE.findall(unicodedata.normalize("NFC", doc).lower()):
            w = f" {w} "
            size = len(w)
            if size <= lo:
                out.append(w)
                continue
            for n in range(lo, min(hi, size) + 1):
                out.extend([w[i:i + n] for i in range(size - n + 1)])
        return out

    def __repr__(self) -> str:
        return f"CharNgrams({self.ngram_range})"


# -- the estimator ------------------------------------------------------------------------------------

def _as_label_lists(y: Any) -> list[list[str]] | None:
    """``y`` as label lists when it is a sequence of sequences of str (["a", "b"], ...), else None."""
    if hasattr(y, "shape") or isinstance(y, (str, bytes)):
        return None
    try:
        items = list(y)
    except TypeError:
        return None
    if not items or not all(isinstance(i, (list, tuple, set, frozenset)) for i in items):
        return None
    if not any(isinstance(v, str) for i in items for v in i):
        return None
    bad = [v for i in items for v in i if not isinstance(v, str)]
    if bad:
        raise ValueError(f"label lists must hold str labels only; found {bad[0]!r}")
    return [list(i) for i in items]


THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def best_thresholds(proba: np.ndarray, Y: np.ndarray, *, current: np.ndarray | None = None,
                    grid: Sequence[float] | None = None, smooth: int = 5) -> np.ndarray:
    """Per-label thresholds maximising each label's F1 given probabilities and a gold indicator matrix.

    The F1 curve over the grid is first averaged over ``smooth`` grid steps on each side, and among
    equally good thresholds the middle one is kept: both make the choice less tuned to the sample (on
    this project's dev data, raw arg-max thresholds did worse than a plain 0.5). A label without any
    positive in ``Y`` keeps its ``current`` threshold (0.5 by default).
    """
    Y = np.asarray(Y).astype(bool)
    grid_arr = np.asarray(grid if grid is not None else THRESHOLD_GRID, dtype=float)
    out = np.full(Y.shape[1], 0.5) if current is None else np.array(current, dtype=float)
    for j in range(Y.shape[1]):
        gold = Y[:, j]
        if not gold.any():
            continue
        pred = proba[:, j][:, None] >= grid_arr[None, :]
        tp = (pred & gold[:, None]).sum(axis=0)
        f1 = 2 * tp / (pred.sum(axis=0) + gold.sum())
        if smooth > 0:
            padded = np.pad(f1, smooth, mode="edge")
            f1 = np.convolve(padded, np.ones(2 * smooth + 1) / (2 * smooth + 1), mode="valid")
        best = np.flatnonzero(f1 >= f1.max() - 1e-12)
        out[j] = float(grid_arr[best[len(best) // 2]])
    return out


class ActivityClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label text classifier: TF-IDF n-grams, one calibrated linear model per label.

    ``X`` is a sequence of documents (``str``, ideally made with :func:`prepare`); a 2-D table of text
    fields (e.g. a DataFrame with headline and body columns) is read row by row, its fields joined by line
    breaks. ``Y`` is a binary indicator matrix (n_documents x n_labels, column order = ``classes``) or a
    list of label lists (``[["women_affairs", "member_welfare"], ...]``). A 1-D ``y`` of plain class labels
    fits a single-label classifier (exactly one label per document) with the same machinery.

    The defaults are the bundled model's variant (benchmarks/activities_experiments.md).

    Parameters
    ----------
    features : "syllable", "char" or "syllable+char"
        Syllable n-grams (:class:`SyllableNgrams`), character n-grams (:class:`CharNgrams`) or both.
    syllable_ngrams, char_ngrams : (min_n, max_n)
    min_df : int
        A term must occur in at least this many training documents.
    max_features : int or None
        Keep at most this many terms per feature kind (the most frequent), to bound the model's size.
    model : "logreg", "linearsvc" or "sgd"
        The linear model of each label. "logreg" gives probabilities itself; the other two are calibrated
        by Platt scaling on out-of-fold decision values (``calibration_cv`` folds).
    C : float
        Inverse regularisation strength (logreg, linearsvc).
    alpha : float
        Regularisation strength (sgd).
    class_weight : None or "balanced"
    calibration_cv : int
    random_state : int
        Seeds the folds and the solvers: same data and parameters, same model.
    """

    def __init__(self, features: str = "syllable", *, syllable_ngrams: tuple[int, int] = (1, 3),
                 char_ngrams: tuple[int, int] = (2, 5), min_df: int = 2, max_features: int | None = None,
                 model: str = "linearsvc", C: float = 1.0, alpha: float = 1e-4, class_weight: str | None = None,
                 calibration_cv: int = 3, random_state: int | None = 0) -> None:
        self.features = features
        self.syllable_ngrams = syllable_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.model = model
        self.C = C
        self.alpha = alpha
        self.class_weight = class_weight
        self.calibration_cv = calibration_cv
        self.random_state = random_state

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # documents are str; a 2-D table of text fields also works
        tags.input_tags.two_d_array = True
        tags.input_tags.sparse = False
        tags.classifier_tags.multi_label = True
        return tags

    # -- input ---------------------------------------------------------------------------------------
    def _documents(self, X: Any, *, reset: bool) -> list[str]:
        if isinstance(X, (str, bytes)):
            raise text_type_error(X, "X") if isinstance(X, bytes) else TypeError(
                "X must be a sequence of documents, not a single str: wrap it in a list, e.g. [text]")
        if isinstance(X, list) and all(type(x) is str for x in X):
            docs, n_fields = X, 1
            if not docs:
                raise ValueError("Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.")
        else:
            if hasattr(X, "tocsr") or hasattr(X, "toarray"):
                raise TypeError("ActivityClassifier reads text: got a sparse matrix. Pass the documents "
                                "themselves (a list of str), not their vectors.")
            arr = check_array(X, dtype=None, ensure_2d=False, ensure_all_finite=True, ensure_min_samples=1,
                              input_name="X")
            if arr.ndim == 1:
                bad = next((x for x in arr.tolist() if not isinstance(x, str)), None)
                if bad is not None:
                    if isinstance(bad, (bytes, bytearray)):
                        raise text_type_error(bad, "each document")
                    raise ValueError(f"a 1-D X must hold str documents, found {type(bad).__name__} "
                                     f"{bad!r}. Reshape your data: a 2-D array (n_samples, n_fields) is "
                                     f"read as text fields, one row per document.")
                docs, n_fields = arr.tolist(), 1
            elif arr.ndim == 2:
                n_fields = arr.shape[1]
                docs = ["\n".join(v if isinstance(v, str) else str(v) for v in row) for row in arr.tolist()]
            else:
                raise ValueError(f"X must be 1-D (documents) or 2-D (text fields per document), got "
                                 f"{arr.ndim}-D")
        if reset:
            self.n_features_in_ = n_fields
        elif n_fields != self.n_features_in_:
            raise ValueError(f"X has {n_fields} features, but {type(self).__name__} is expecting "
                             f"{self.n_features_in_} features as input (text fields per document).")
        return docs

    def _indicator(self, y: Any, classes: Sequence[Any] | None, *, reset: bool) -> np.ndarray:
        lists = _as_label_lists(y)
        if lists is not None:
            known = list(classes) if classes is not None else (
                list(self.classes_) if not reset else sorted({v for i in lists for v in i}))
            unknown = sorted({v for i in lists for v in i} - set(known))
            if unknown:
                raise ValueError(f"labels {', '.join(map(repr, unknown))} are not among the classes "
                                 f"({', '.join(map(str, known))}); add them to the taxonomy file")
            Y = MultiLabelBinarizer(classes=known).fit_transform(lists)
            if reset:
                self.classes_ = np.asarray(known, dtype=object)
                self.multilabel_ = True
                self.indicator_dtype_ = Y.dtype
            return Y
        if hasattr(y, "toarray"):
            y = y.toarray()
        y = check_array(y, dtype=None, ensure_2d=False, ensure_all_finite=True, ensure_min_samples=0,
                        input_name="y")
        kind = type_of_target(y, input_name="y")
        if kind == "multilabel-indicator":
            Y = np.asarray(y)
            if reset:
                n_labels = Y.shape[1]
                if classes is not None and len(classes) != n_labels:
                    raise ValueError(f"Y has {n_labels} columns but {len(classes)} classes were given")
                self.classes_ = np.asarray(list(classes) if classes is not None else np.arange(n_labels))
                self.multilabel_ = True
                self.indicator_dtype_ = Y.dtype
            elif Y.shape[1] != len(self.classes_):
                raise ValueError(f"Y has {Y.shape[1]} columns, the model has {len(self.classes_)} labels")
            return (Y > 0).astype(int)
        check_classification_targets(y)
        y = column_or_1d(y, warn=True)
        if reset:
            self.classes_ = np.unique(y) if classes is None else np.asarray(list(classes))
            self.multilabel_ = False
            self.indicator_dtype_ = None
        return (y[:, None] == self.classes_[None, :]).astype(int)

    # -- fitting -------------------------------------------------------------------------------------
    def _make_vectorizer(self) -> Any:
        if self.features not in FEATURES:
            raise option_error("features", self.features, FEATURES)

        def tfidf(analyzer: Any) -> TfidfVectorizer:
            return TfidfVectorizer(analyzer=analyzer, lowercase=False, min_df=self.min_df,
                                   max_features=self.max_features, sublinear_tf=True, dtype=np.float32)

        parts = []
        if "syllable" in self.features:
            parts.append(("syllable", tfidf(SyllableNgrams(self.syllable_ngrams))))
        if "char" in self.features:
            parts.append(("char", tfidf(CharNgrams(self.char_ngrams))))
        return parts[0][1] if len(parts) == 1 else FeatureUnion(parts)

    def _base_model(self) -> Any:
        if self.model == "logreg":
            return LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear",
                                      random_state=self.random_state)
        if self.model == "linearsvc":
            return LinearSVC(C=self.C, class_weight=self.class_weight, random_state=self.random_state)
        if self.model == "sgd":
            return SGDClassifier(loss="hinge", alpha=self.alpha, class_weight=self.class_weight,
                                 max_iter=50, tol=None, random_state=self.random_state)
        raise option_error("model", self.model, MODELS)

    def _fit_label(self, Xv: Any, y: np.ndarray) -> tuple[Any, Any]:
        """(model, calibrator or None) for one label."""
        counts = np.bincount(y, minlength=2)
        if counts.min() == 0:  # a label never (or always) seen: its probability is its training rate
            return DummyClassifier(strategy="prior").fit(Xv, y), None
        base = self._base_model()
        folds = min(self.calibration_cv, int(counts.min()))
        if self.model == "logreg" or folds < 2:
            if self.model != "logreg":  # too few positives to calibrate out of fold
                base = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear",
                                          random_state=self.random_state)
            return base.fit(Xv, y), None
        cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        scores = cross_val_predict(clone(base), Xv, y, cv=cv, method="decision_function")
        calibrator = LogisticRegression(C=1e4, solver="lbfgs").fit(scores.reshape(-1, 1), y)
        return base.fit(Xv, y), calibrator

    def fit(self, X: Any, y: Any, *, classes: Sequence[Any] | None = None) -> ActivityClassifier:
        """Fit on documents ``X`` and labels ``y`` (indicator matrix, label lists, or 1-D class labels).

        ``classes`` fixes the label order (e.g. the taxonomy's); labels of the taxonomy with no training
        example get a constant probability of 0.
        """
        if y is None:
            raise ValueError(f"{type(self).__name__} requires y to be passed, but the target y is None")
        docs = self._documents(X, reset=True)
        Y = self._indicator(y, classes, reset=True)
        if Y.shape[0] != len(docs):
            raise ValueError(f"X has {len(docs)} documents but y has {Y.shape[0]} rows")
        if len(docs) < max(2, self.min_df):
            raise ValueError(f"got {len(docs)} training document(s) (n_samples = {len(docs)}): need at least "
                             f"max(2, min_df={self.min_df})")
        self.vectorizer_ = self._make_vectorizer()
        Xv = self.vectorizer_.fit_transform(docs)
        fitted = [self._fit_label(Xv, Y[:, j]) for j in range(Y.shape[1])]
        self.estimators_ = [m for m, _ in fitted]
        self.calibrators_ = [c for _, c in fitted]
        self._stack_linear_models(Xv.shape[1])
        self.thresholds_ = np.full(Y.shape[1], 0.5)
        return self

    def _stack_linear_models(self, n_terms: int) -> None:
        """One (terms x labels) weight matrix and per-label Platt parameters, so that a prediction is one
        sparse product: P = expit(slope * (X @ weights + bias) + offset), the same numbers as asking each
        label's fitted model (and calibrator) in turn, without ten round trips through scikit-learn."""
        n_labels = len(self.estimators_)
        self.weights_ = np.zeros((n_terms, n_labels))
        self.bias_ = np.zeros(n_labels)
        self.platt_ = np.zeros((n_labels, 2))  # slope, offset
        for j, (est, cal) in enumerate(zip(self.estimators_, self.calibrators_, strict=True)):
            if isinstance(est, DummyClassifier):  # one class only: probability 0 or 1
                self.platt_[j] = (0.0, 50.0 if est.classes_[0] == 1 else -50.0)
                continue
            self.weights_[:, j] = np.asarray(est.coef_).ravel()
            self.bias_[j] = float(np.ravel(est.intercept_)[0])
            self.platt_[j] = (float(cal.coef_[0, 0]), float(cal.intercept_[0])) if cal is not None else (1.0, 0.0)

    def _label_proba(self, docs: list[str]) -> np.ndarray:
        """Independent per-label probabilities, shape (n_documents, n_labels)."""
        scores = self.vectorizer_.transform(docs) @ self.weights_ + self.bias_
        return expit(scores * self.platt_[:, 0] + self.platt_[:, 1])

    def predict_proba(self, X: Any) -> np.ndarray:
        """Per-label probabilities (n_documents x n_labels); rows sum to 1 only for a single-label fit."""
        check_is_fitted(self)
        proba = self._label_proba(self._documents(X, reset=False))
        if not self.multilabel_:
            totals = proba.sum(axis=1, keepdims=True)
            proba = np.divide(proba, totals, out=np.full_like(proba, 1 / proba.shape[1]), where=totals > 0)
        return proba

    def _decide(self, proba: np.ndarray) -> np.ndarray:
        chosen = proba >= self.thresholds_[None, :]
        rows = np.arange(proba.shape[0])
        chosen[rows, proba.argmax(axis=1)] |= ~chosen.any(axis=1)  # at least one label: the top one
        return chosen

    def predict(self, X: Any) -> np.ndarray:
        """The indicator matrix of predicted labels (per-label thresholds; at least one per document).

        After a single-label fit (1-D ``y``) it returns one class label per document instead.
        """
        proba = self.predict_proba(X)
        if not self.multilabel_:
            return self.classes_[proba.argmax(axis=1)]
        return self._decide(proba).astype(self.indicator_dtype_)

    def predict_scored(self, X: Any) -> list[list[tuple[str, float]]]:
        """For each document, its predicted labels with their probabilities, best first."""
        proba = self.predict_proba(X)
        chosen = self._decide(proba) if self.multilabel_ else (proba == proba.max(axis=1, keepdims=True))
        out = []
        for p, c in zip(proba, chosen, strict=True):
            idx = np.flatnonzero(c)
            idx = idx[np.argsort(-p[idx], kind="stable")]
            out.append([(str(self.classes_[j]), float(p[j])) for j in idx])
        return out

    def predict_labels(self, X: Any) -> list[list[str]]:
        """For each document, its predicted labels, best first."""
        return [[label for label, _ in row] for row in self.predict_scored(X)]

    # -- thresholds and explanations -------------------------------------------------------------------
    def set_thresholds(self, X: Any, y: Any, *, grid: Sequence[float] | None = None,
                       smooth: int = 5) -> ActivityClassifier:
        """Choose each label's threshold to maximise its F1 on held-out documents (dev, never test).

        See :func:`best_thresholds` (smoothed F1 curve, middle of the best plateau). A label with no
        positive example in ``y`` keeps its threshold.
        """
        check_is_fitted(self)
        if not self.multilabel_:
            raise ValueError("thresholds apply to a multi-label fit; this model was fitted on 1-D labels")
        proba = self.predict_proba(X)
        Y = self._indicator(y, None, reset=False)
        if Y.shape[0] != proba.shape[0]:
            raise ValueError(f"X has {proba.shape[0]} documents but y has {Y.shape[0]} rows")
        thresholds = best_thresholds(proba, Y, current=self.thresholds_, grid=grid, smooth=smooth)
        self.thresholds_ = thresholds
        return self

    def explain(self, text: str, top_k: int = 8, *, labels: Sequence[str] | None = None
                ) -> dict[str, list[tuple[str, float]]]:
        """The terms of ``text`` that pushed each predicted label up, strongest first.

        Weight = the term's TF-IDF value in this text x the label's linear coefficient (its share of the
        label's decision score). ``labels`` explains those labels instead of the predicted ones. Terms
        are lower-case syllable n-grams, or character n-grams (space = syllable edge).
        """
        check_is_fitted(self)
        if not isinstance(text, str):
            raise text_type_error(text)
        if labels is None:
            labels = [lab for lab, _ in self.predict_scored([text])[0]]
        index = {str(c): j for j, c in enumerate(self.classes_)}
        missing = [lab for lab in labels if lab not in index]
        if missing:
            raise option_error("label", missing[0], list(index))
        row = self.vectorizer_.transform([text]).tocsr()
        names = self.vectorizer_.get_feature_names_out()
        out: dict[str, list[tuple[str, float]]] = {}
        for label in labels:
            contrib = row.data * self.weights_[row.indices, index[label]]
            order = np.argsort(-contrib, kind="stable")[:top_k]
            out[label] = [(str(names[row.indices[i]]).split("__", 1)[-1], round(float(contrib[i]), 4))
                          for i in order if contrib[i] > 0]
        return out


# -- the keyword baseline ---------------------------------------------------------------------------------

_PUNCT_RE = re.compile(r"[^\w/]+")


def _keyword_form(text: str) -> str:
    """Lower-case, NFC, punctuation to single spaces: how baseline keywords and texts are compared."""
    return " " + _PUNCT_RE.sub(" ", unicodedata.normalize("NFC", text).lower()).strip() + " "


class KeywordBaseline(ClassifierMixin, BaseEstimator):
    """The baseline of issue 4: a label is predicted when one of its taxonomy keywords occurs.

    Keywords come from ``keywords`` (label -> cue phrases) or else the taxonomy file (``labels_file``; the
    bundled one by default), and are matched as whole words in the lower-cased text (feed it
    :func:`prepare`-d text, like the model). A document that matches nothing gets ``fallback`` (default:
    the most frequent label of ``y`` in fit), so the baseline too gives every document a label.
    """

    def __init__(self, labels_file: str | Path | None = None, *,
                 keywords: Mapping[str, Sequence[str]] | None = None, fallback: str | None = None) -> None:
        self.labels_file = labels_file
        self.keywords = keywords
        self.fallback = fallback

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.classifier_tags.multi_label = True
        return tags

    def fit(self, X: Any, y: Any = None, *, classes: Sequence[str] | None = None) -> KeywordBaseline:
        """Read the keywords; ``y`` (label lists or an indicator matrix) only sets the fallback label."""
        if self.keywords is not None:
            cues = {str(k): tuple(v) for k, v in self.keywords.items()}
        else:
            cues = {t.label: t.keywords for t in read_taxonomy(self.labels_file)}
        self.classes_ = np.asarray(list(classes) if classes is not None else list(cues), dtype=object)
        self.keywords_ = {str(c): tuple(_keyword_form(k) for k in cues.get(str(c), ())) for c in self.classes_}
        where = {str(c): j for j, c in enumerate(self.classes_)}
        counts = np.zeros(len(self.classes_))
        lists = _as_label_lists(y) if y is not None else None
        if lists is not None:
            for labs in lists:
                for lab in labs:
                    if lab in where:
                        counts[where[lab]] += 1
        elif y is not None:
            counts = np.asarray(y).sum(axis=0)
        if self.fallback is not None:
            if self.fallback not in where:
                raise option_error("fallback", self.fallback, list(where))
            self.fallback_ = where[self.fallback]
        else:
            self.fallback_ = int(np.argmax(counts))
        return self

    def predict(self, X: Iterable[str]) -> np.ndarray:
        check_is_fitted(self)
        if isinstance(X, str):
            raise TypeError("X must be a sequence of documents, not a single str: wrap it in a list")
        docs = list(X)
        out = np.zeros((len(docs), len(self.classes_)), dtype=int)
        for i, doc in enumerate(docs):
            if not isinstance(doc, str):
                raise text_type_error(doc, "each document")
            form = _keyword_form(doc)
            for j, c in enumerate(self.classes_):
                if any(k in form for k in self.keywords_[str(c)]):
                    out[i, j] = 1
            if not out[i].any():
                out[i, self.fallback_] = 1
        return out

    def predict_labels(self, X: Iterable[str]) -> list[list[str]]:
        return [[str(self.classes_[j]) for j in np.flatnonzero(row)] for row in self.predict(X)]


# -- loading ----------------------------------------------------------------------------------------------

def _major_minor(version: str | None) -> tuple[str, ...]:
    return tuple((version or "").split(".")[:2])


def check_activity_model(path: Path) -> dict[str, Any]:
    """Verify a model file against its card: sha256, and scikit-learn's major.minor version."""
    card = resources.check_model(path)
    want = card.get("versions", {}).get("scikit-learn")
    have = resources.package_version("scikit-learn")
    if not want:
        raise ModelIntegrityError(f"{path.name}: its card does not say which scikit-learn trained it; "
                                  f"retrain it with `vnunion-nlp train activities`")
    if _major_minor(want) != _major_minor(have):
        raise ModelIntegrityError(f"{path.name} was trained with scikit-learn {want} but {have} is installed; "
                                  f"a pickled model is only safe with the same major.minor version: install "
                                  f"scikit-learn=={want} or retrain with `vnunion-nlp train activities`")
    return card


def _load_checked(path: Path) -> ActivityClassifier:
    import joblib

    check_activity_model(path)
    model = joblib.load(path)
    if not isinstance(model, ActivityClassifier):
        raise ModelIntegrityError(f"{path.name} holds a {type(model).__name__}, not an ActivityClassifier")
    return model


@lru_cache(maxsize=1)
def _bundled_model() -> ActivityClassifier:
    return _load_checked(resources.bundled_model(MODEL_FILE))


def load_model(path: str | Path | None = None) -> ActivityClassifier:
    """The activity classifier: the bundled one (loaded once per process), or the file at ``path``.

    Either is checked against its card (``<name>.card.json`` next to it): sha256 and the scikit-learn
    major.minor version; a mismatch raises :class:`~vnunion_nlp.errors.ModelIntegrityError`.

    .. warning:: a joblib file is a pickle: loading one can run arbitrary code. Only pass ``path`` for a
       model you trained yourself or got from someone you trust; nothing outside the package is ever
       loaded unless you pass its path here.
    """
    if path is None:
        return _bundled_model()
    return _load_checked(Path(path))


def classify(texts: Iterable[str], model: ActivityClassifier | None = None) -> list[list[tuple[str, float]]]:
    """Labels and probabilities of raw texts, best first (prepares them, predicts in one batch).

    >>> classify(["Công đoàn tổ chức hiến máu tình nguyện"])[0][0][0]
    'charity_social'
    """
    model = model if model is not None else load_model()
    return model.predict_scored([prepare(t) for t in texts])


def explain(text: str, top_k: int = 8, model: ActivityClassifier | None = None) -> dict[str, list[tuple[str, float]]]:
    """:meth:`ActivityClassifier.explain` on a raw text (prepared first)."""
    model = model if model is not None else load_model()
    return model.explain(prepare(text), top_k=top_k)


__all__ = [
    "ActivityClassifier", "ActivityType", "CharNgrams", "KeywordBaseline", "SyllableNgrams", "best_thresholds",
    "check_activity_model", "classify", "default_labels", "explain", "load_model", "prepare", "prepare_normalized",
    "read_taxonomy",
]
