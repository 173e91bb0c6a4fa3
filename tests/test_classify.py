"""The activity classifier: scikit-learn's estimator checks, Vietnamese-safe analyzers, pickling,
thresholds, explanations, the keyword baseline, the bundled model's integrity checks, a quality floor on
the dev split, and training on a taxonomy of the user's own."""

import doctest
import json
import pickle
import shutil
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from vnunion_nlp import classify, resources
from vnunion_nlp.activity_training import evaluate_activities, format_activity_report, train_activities
from vnunion_nlp.classify import (
    ActivityClassifier,
    CharNgrams,
    KeywordBaseline,
    SyllableNgrams,
    best_thresholds,
    load_model,
    prepare,
    read_taxonomy,
)
from vnunion_nlp.errors import InputTypeError, ModelFileError, ModelIntegrityError

ROOT = Path(__file__).resolve().parents[1]
SPEC_LABELS = ["emulation_awards", "meetings_congress", "member_welfare", "rights_protection",
               "propaganda_education", "culture_sports", "charity_social", "organization_building",
               "women_affairs", "occupational_safety"]

DOCS = [
    "Công đoàn tổ chức hiến máu tình nguyện, hơn 200 đoàn viên tham gia hiến máu",
    "Ngày hội hiến máu tình nguyện của công nhân khu công nghiệp",
    "Trao Bằng khen cho 15 tập thể có thành tích xuất sắc trong phong trào thi đua",
    "Tuyên dương, khen thưởng đoàn viên Lao động giỏi năm 2024",
    "Giải bóng đá công nhân lao động tranh cúp Công đoàn tỉnh",
    "Hội thi văn nghệ chào mừng ngày thành lập Công đoàn Việt Nam ở huyện",
    "Tặng quà Tết cho đoàn viên có hoàn cảnh khó khăn và giải bóng đá giao hữu",
    "Trao Bằng khen tại hội thi văn nghệ, hiến máu nhân đạo",
]
LISTS = [["charity_social"], ["charity_social"], ["emulation_awards"], ["emulation_awards"],
         ["culture_sports"], ["culture_sports"], ["culture_sports"], ["emulation_awards", "culture_sports"]]
SMALL_LABELS = ["emulation_awards", "culture_sports", "charity_social"]


@pytest.fixture(scope="module")
def small_model():
    # logistic regression: on eight documents there is too little for out-of-fold Platt calibration
    return ActivityClassifier(min_df=1, model="logreg", C=10.0).fit(DOCS, LISTS, classes=SMALL_LABELS)


# -- scikit-learn's own checks ---------------------------------------------------------------------------

def _expected_failures(estimator):
    # The checks feed numeric matrices. A text classifier reads each row as a document made of text
    # fields (str(value) joined by line breaks), so the numbers become word tokens with no meaning. The
    # API, validation, pickling, cloning and multi-label format checks still apply and pass; these two
    # only measure accuracy on numeric blobs, which a bag of n-grams of number strings cannot learn:
    return {
        "check_classifiers_train": "needs >0.83 accuracy on numeric blobs; text features of number strings",
        "check_class_weight_classifiers": "needs >0.87 accuracy on numeric data; text features of number strings",
    }


@parametrize_with_checks([ActivityClassifier(), ActivityClassifier(model="logreg"),
                          ActivityClassifier(features="char", model="sgd")],
                         expected_failed_checks=_expected_failures, xfail_strict=True)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_tags_declare_text_and_multilabel():
    from sklearn.utils import get_tags

    tags = get_tags(ActivityClassifier())
    assert tags.input_tags.string and tags.classifier_tags.multi_label and not tags.input_tags.sparse


# -- analyzers ---------------------------------------------------------------------------------------------

def test_syllable_analyzer_is_vietnamese_safe():
    grams = SyllableNgrams((1, 2))("Tập huấn ở Hòa Bình, ý kiến NLĐ")
    assert "ở" in grams and "ý" in grams and "hòa bình" in grams and "ý kiến" in grams
    assert "bình ý" not in grams  # no n-gram across punctuation
    nfd = unicodedata.normalize("NFD", "Thủy điện Hòa Bình")
    assert SyllableNgrams((1, 2))(nfd) == SyllableNgrams((1, 2))("Thủy điện Hòa Bình")
    assert "thủy" in SyllableNgrams((1, 1))(nfd)  # accents kept, syllable not cut at combining marks


def test_char_analyzer_pads_syllables_and_keeps_accents():
    assert CharNgrams((2, 2))("Ở") == [" ở", "ở "]
    assert " đoà" in CharNgrams((2, 5))("Công đoàn")


def test_analyzers_pickle():
    for analyzer in (SyllableNgrams((1, 3)), CharNgrams((2, 4))):
        again = pickle.loads(pickle.dumps(analyzer))
        assert again("Công đoàn cơ sở") == analyzer("Công đoàn cơ sở")


def test_prepare_normalizes_and_expands():
    out = prepare("LĐLĐ tỉnh  phát động Tháng hành động về ATVSLĐ")
    assert out == "Liên đoàn Lao động tỉnh phát động Tháng hành động về an toàn, vệ sinh lao động"
    with pytest.raises(TypeError, match="decode"):
        prepare(b"bytes")


# -- the estimator on Vietnamese text -------------------------------------------------------------------

def test_fit_accepts_label_lists_or_an_indicator_matrix(small_model):
    Y = np.array([[int(lab in labs) for lab in SMALL_LABELS] for labs in LISTS])
    other = ActivityClassifier(min_df=1, model="logreg", C=10.0).fit(DOCS, Y, classes=SMALL_LABELS)
    assert list(small_model.classes_) == list(other.classes_) == SMALL_LABELS
    np.testing.assert_allclose(small_model.predict_proba(DOCS), other.predict_proba(DOCS))
    assert small_model.predict(DOCS).shape == (len(DOCS), 3)
    with pytest.raises(ValueError, match="not among the classes"):
        ActivityClassifier(min_df=1).fit(DOCS, [["nope"]] * len(DOCS), classes=SMALL_LABELS)


def test_pickle_round_trip(small_model):
    again = pickle.loads(pickle.dumps(small_model))
    np.testing.assert_array_equal(again.predict_proba(DOCS), small_model.predict_proba(DOCS))
    assert again.predict_labels(DOCS) == small_model.predict_labels(DOCS)


def test_every_document_gets_at_least_one_label(small_model):
    strict = pickle.loads(pickle.dumps(small_model))
    strict.thresholds_ = np.full(3, 0.999)
    pred = strict.predict(DOCS + ["", "văn bản không liên quan"])
    assert (pred.sum(axis=1) >= 1).all()
    top = strict.predict_proba(DOCS).argmax(axis=1)
    assert (pred[np.arange(len(DOCS)), top] == 1).all()
    scored = small_model.predict_scored(DOCS)
    assert all(row and [s for _, s in row] == sorted((s for _, s in row), reverse=True) for row in scored)


def test_thresholds_maximise_f1_and_keep_the_middle_of_a_plateau():
    proba = np.array([[0.9, 0.2], [0.8, 0.6], [0.3, 0.7], [0.2, 0.1]])
    gold = np.array([[1, 0], [1, 0], [0, 0], [0, 0]])
    for smooth in (0, 5):
        t = best_thresholds(proba, gold, current=np.array([0.5, 0.42]), smooth=smooth)
        assert 0.3 < t[0] <= 0.8 and abs(t[0] - 0.55) < 0.03  # every t in (0.3, 0.8] is perfect: the middle
        assert t[1] == 0.42  # no positive: unchanged


def test_set_thresholds_uses_held_out_labels(small_model):
    model = pickle.loads(pickle.dumps(small_model))
    model.set_thresholds(DOCS, LISTS)
    assert model.thresholds_.shape == (3,) and ((0.05 <= model.thresholds_) & (model.thresholds_ <= 0.95)).all()
    assert model.predict_labels(DOCS[:2]) == [["charity_social"], ["charity_social"]]


def test_explain_gives_terms_of_the_text(small_model):
    text = "Công đoàn phát động hiến máu tình nguyện"
    why = small_model.explain(text, top_k=5)
    assert "charity_social" in why and why["charity_social"]
    for terms in why.values():
        for term, weight in terms:
            assert term.strip() in text.lower() and weight > 0
    assert list(small_model.explain(text, labels=["culture_sports"])) == ["culture_sports"]


def test_bad_input_is_refused_clearly(small_model):
    with pytest.raises(TypeError, match="wrap it in a list"):
        small_model.predict("một văn bản")
    with pytest.raises(InputTypeError, match="decode"):
        small_model.predict([b"bytes"])
    with pytest.raises(ValueError, match="unknown features"):
        ActivityClassifier(features="words").fit(DOCS, LISTS)


def test_a_table_of_text_fields_is_read_row_by_row(small_model):
    table = np.array([["Hiến máu tình nguyện", "Công nhân tham gia hiến máu"]], dtype=object)
    table_x = np.array([[d, ""] for d in DOCS], dtype=object)
    model = ActivityClassifier(min_df=1, model="logreg", C=10.0).fit(table_x, LISTS)
    assert model.n_features_in_ == 2
    assert model.predict_labels(table) == [["charity_social"]]


# -- the keyword baseline --------------------------------------------------------------------------------

def test_keyword_baseline_matches_whole_cue_phrases():
    base = KeywordBaseline().fit([], [["member_welfare"], ["member_welfare"], ["culture_sports"]])
    got = base.predict_labels([prepare("Tháng hành động về ATVSLĐ và hội thi văn nghệ"),
                               prepare("Một bài viết không có từ khóa nào")])
    assert got[0] == ["culture_sports", "occupational_safety"]  # via the expansion of ATVSLĐ
    assert got[1] == ["member_welfare"]  # nothing matched: the most frequent training label
    own = KeywordBaseline(keywords={"a": ["xin chào"], "b": ["tạm biệt"]}, fallback="b").fit([])
    assert own.predict_labels(["Xin chào!", "..."]) == [["a"], ["b"]]


# -- the taxonomy file ------------------------------------------------------------------------------------

def test_bundled_taxonomy_is_spec_section_3_in_order():
    taxonomy = read_taxonomy()
    assert [t.label for t in taxonomy] == SPEC_LABELS
    assert all(t.vietnamese and t.description and t.keywords for t in taxonomy)
    for t in taxonomy:
        assert all(k == unicodedata.normalize("NFC", k) and k == k.lower() for k in t.keywords)


def test_malformed_taxonomy_is_refused(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("label\tvietnamese\na\tA\na\tA again\n", encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate labels a"):
        read_taxonomy(bad)


# -- the bundled model -------------------------------------------------------------------------------------

def test_bundled_model_loads_once_and_classifies():
    model = load_model()
    assert load_model() is model
    assert list(model.classes_) == SPEC_LABELS
    labels = [lab for lab, _ in classify.classify(["Công đoàn tổ chức hiến máu tình nguyện"])[0]]
    assert labels[0] == "charity_social"
    text = "LĐLĐ tỉnh trao Bằng khen cho 20 tập thể xuất sắc trong phong trào thi đua năm 2024"
    why = classify.explain(text)
    assert "emulation_awards" in why
    prepared = prepare(text).lower()
    assert all(term.strip() in prepared for terms in why.values() for term, _ in terms)


def test_docstring_examples():
    result = doctest.testmod(classify, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 5


def _copy_bundled(tmp_path):
    src = resources.bundled_model(classify.MODEL_FILE)
    shutil.copy(src, tmp_path / "activities.joblib")
    shutil.copy(src.with_name("activities.card.json"), tmp_path / "activities.card.json")
    return tmp_path / "activities.joblib", tmp_path / "activities.card.json"


def test_user_path_is_checked_like_the_bundled_model(tmp_path):
    model_path, card_path = _copy_bundled(tmp_path)
    assert list(load_model(model_path).classes_) == SPEC_LABELS
    card = json.loads(card_path.read_text(encoding="utf-8"))
    major, minor = card["versions"]["scikit-learn"].split(".")[:2]
    card["versions"]["scikit-learn"] = f"{major}.{minor}.999"  # same major.minor: accepted
    card_path.write_text(json.dumps(card), encoding="utf-8")
    load_model(model_path)
    card["versions"]["scikit-learn"] = f"{major}.{int(minor) - 1}.0"
    card_path.write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelIntegrityError, match="trained with scikit-learn"):
        load_model(model_path)


def test_tampered_model_is_refused(tmp_path):
    model_path, card_path = _copy_bundled(tmp_path)
    data = bytearray(model_path.read_bytes())
    data[-1] ^= 0xFF
    model_path.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="sha256"):
        load_model(model_path)
    card_path.unlink()
    with pytest.raises(ModelFileError, match="no card"):
        load_model(model_path)


DEV = ROOT / "data" / "activities" / "dev.jsonl"


@pytest.mark.skipif(not DEV.is_file(), reason="the annotated corpus is not in this checkout")
def test_quality_floor_on_dev():
    report = evaluate_activities(DEV)
    assert report["macro"]["f1"] >= 0.80, format_activity_report(report)
    assert min(m["f1"] for m in report["labels"].values() if m["support"]) >= 0.60
    assert report["macro"]["f1"] > report["baseline"]["macro"]["f1"] + 0.05
    text = format_activity_report(report)
    assert "occupational_safety" in text and "baseline" in text and "confusion" in text


# -- a taxonomy of the user's own ----------------------------------------------------------------------------

def test_training_on_a_users_own_taxonomy(tmp_path):
    labels = tmp_path / "labels.tsv"
    labels.write_text("label\tvietnamese\tdescription\tkeywords\n"
                      "sport\tThể thao\tsports\tbóng đá;cầu lông\n"
                      "blood\tHiến máu\tblood donation\thiến máu\n"
                      "award\tKhen thưởng\tawards\tbằng khen\n", encoding="utf-8")
    own = {"emulation_awards": "award", "culture_sports": "sport", "charity_social": "blood"}
    rows = [{"id": str(i), "text": text, "activities": [own[lab] for lab in labs]}
            for i, (text, labs) in enumerate(zip(DOCS * 3, LISTS * 3, strict=True))]
    for name, part in (("train", rows[:16]), ("dev", rows[16:])):
        with open(tmp_path / f"{name}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in part)
    card = train_activities(tmp_path / "train.jsonl", tmp_path / "dev.jsonl", tmp_path / "out",
                            labels_file=labels, variant={"features": "syllable", "min_df": 1, "C": 10.0})
    assert card["labels"] == ["sport", "blood", "award"]
    assert card["versions"]["scikit-learn"] and card["sha256"] and card["train_data"]["sha256"]
    model = load_model(tmp_path / "out" / "activities.joblib")
    assert model.predict_labels([prepare("Giải bóng đá công nhân")])[0][0] == "sport"
    report = evaluate_activities(tmp_path / "dev.jsonl", model=tmp_path / "out" / "activities.joblib")
    assert set(report["labels"]) == {"sport", "blood", "award"} and "baseline" in report
    with open(tmp_path / "bad.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"text": "x", "activities": ["unknown_label"]}) + "\n")
    with pytest.raises(ValueError, match="does not list: unknown_label"):
        train_activities(tmp_path / "bad.jsonl", None, tmp_path / "out2", labels_file=labels)


def test_stacked_scoring_equals_each_labels_own_model():
    for params in ({"model": "logreg"}, {"model": "linearsvc"}, {"model": "sgd", "features": "char"}):
        model = ActivityClassifier(min_df=1, calibration_cv=2, **params).fit(DOCS, LISTS, classes=SMALL_LABELS)
        Xv = model.vectorizer_.transform(DOCS)
        for j, (est, cal) in enumerate(zip(model.estimators_, model.calibrators_, strict=True)):
            if cal is None:
                want = est.predict_proba(Xv)[:, list(est.classes_).index(1)]
            else:
                want = cal.predict_proba(est.decision_function(Xv).reshape(-1, 1))[:, 1]
            np.testing.assert_allclose(model.predict_proba(DOCS)[:, j], want, rtol=1e-5, atol=1e-7)
