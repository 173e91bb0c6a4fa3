"""vnunion_nlp.to_dataframe / to_parquet: one table per level, stable columns, Docs and dicts alike."""

import doctest
import json
import sys

import pytest

pd = pytest.importorskip("pandas")

import vnunion_nlp  # noqa: E402
from vnunion_nlp import frames  # noqa: E402
from vnunion_nlp.errors import InputTypeError, MissingExtraError, OptionError  # noqa: E402

TEXTS = [
    ("a1", "2025-02-14", "Ngày 13/02/2025, LĐLĐ tỉnh Nghệ An tổ chức hội nghị tổng kết. Dự hội nghị có đồng chí "
                         "Chẩu Thị Thu, Phó Chủ tịch Thường trực LĐLĐ tỉnh."),
    ("a2", None, "Các CĐCS trao 200 suất quà Tết cho CNVCLĐ có hoàn cảnh khó khăn."),
    ("a3", "2025-03-09", ""),
]


@pytest.fixture(scope="module")
def docs():
    nlp = vnunion_nlp.load()
    return [nlp(text, date=date, id=doc_id) for doc_id, date, text in TEXTS]


@pytest.mark.parametrize("level", frames.LEVELS)
def test_columns_and_dtypes_are_stable_even_when_empty(docs, level):
    full = vnunion_nlp.to_dataframe(docs, level=level)
    empty = vnunion_nlp.to_dataframe([], level=level)
    assert list(full.columns) == list(empty.columns) == [name for name, _ in frames.SCHEMAS[level]]
    assert full.dtypes.to_dict() == empty.dtypes.to_dict()
    assert len(empty) == 0
    assert list(full.columns[:3]) == ["doc_index", "id", "date"]


def test_documents_level_one_row_per_document(docs):
    df = vnunion_nlp.to_dataframe(docs)
    assert list(df["id"]) == ["a1", "a2", "a3"]
    assert list(df["doc_index"]) == [0, 1, 2]
    assert df["date"].iloc[0] == pd.Timestamp("2025-02-14") and pd.isna(df["date"].iloc[1])
    assert list(df["n_chars"]) == [len(t) for _, _, t in TEXTS]
    for row, doc in zip(df.itertuples(), docs, strict=True):
        for label in ("ORG", "PER", "ROLE", "LOC", "DATE"):
            assert getattr(row, f"n_{label.lower()}") == len(doc.ents(label))
        assert row.n_people == len(doc.people) and row.n_abbreviations == len(doc.abbreviations)
        assert row.labels == ";".join(a.label for a in doc.activities)
        if doc.activities:
            assert row.top_label == doc.activities[0].label
            assert row.top_score == pytest.approx(doc.activities[0].score, abs=1e-4)
            assert len(row.scores.split(";")) == len(doc.activities)
        else:
            assert pd.isna(row.top_label) and pd.isna(row.top_score)
    assert df["n_org"].iloc[0] >= 2 and df["n_per"].iloc[0] == 1


def test_entities_level_offsets_index_the_original_text(docs):
    df = vnunion_nlp.to_dataframe(docs, level="entities")
    assert len(df) == sum(len(d.entities) for d in docs)
    texts = {doc_id: text for doc_id, _, text in TEXTS}
    for row in df.itertuples():
        assert texts[row.id][row.start:row.end] == row.text
    dates = df[df["label"] == "DATE"]
    assert "2025-02-13" in set(dates["value"])
    org = df[(df["label"] == "ORG") & (df["text"] == "LĐLĐ tỉnh Nghệ An")]
    assert list(org["value"]) == ["Liên đoàn Lao động tỉnh Nghệ An"]


def test_people_level_has_role_org_and_expanded_org(docs):
    df = vnunion_nlp.to_dataframe(docs, level="people")
    row = df[df["name"] == "Chẩu Thị Thu"].iloc[0]
    assert row["role"] == "Phó Chủ tịch Thường trực"
    assert row["org"] == "LĐLĐ tỉnh"
    assert row["org_value"] == "Liên đoàn Lao động tỉnh"
    assert TEXTS[0][2][row["start"]:row["end"]] == "Chẩu Thị Thu"


def test_abbreviation_and_activity_levels(docs):
    ab = vnunion_nlp.to_dataframe(docs, level="abbreviations")
    assert len(ab) == sum(len(d.abbreviations) for d in docs)
    assert set(ab[ab["id"] == "a2"]["text"]) >= {"CĐCS", "CNVCLĐ"}
    acts = vnunion_nlp.to_dataframe(docs, level="activities")
    assert len(acts) == sum(len(d.activities) for d in docs)
    for _, group in acts.groupby("id"):
        assert list(group["rank"]) == list(range(1, len(group) + 1))
        assert list(group["score"]) == sorted(group["score"], reverse=True)


@pytest.mark.parametrize("level", frames.LEVELS)
def test_docs_and_their_json_dicts_give_the_same_table(docs, level):
    from_json = [json.loads(d.to_json()) for d in docs]
    pd.testing.assert_frame_equal(vnunion_nlp.to_dataframe(docs, level), vnunion_nlp.to_dataframe(from_json, level))


def test_a_single_doc_and_a_generator_are_accepted(docs):
    assert len(vnunion_nlp.to_dataframe(docs[0])) == 1
    assert len(vnunion_nlp.to_dataframe(d for d in docs)) == 3


def test_gold_style_dicts_with_bare_labels_and_missing_keys():
    df = vnunion_nlp.to_dataframe([{"id": 7, "text": "abc", "activities": ["member_welfare", "charity_social"]}])
    assert df["id"].iloc[0] == "7" and df["labels"].iloc[0] == "member_welfare;charity_social"
    assert pd.isna(df["top_score"].iloc[0]) and df["n_org"].iloc[0] == 0
    acts = vnunion_nlp.to_dataframe([{"text": "abc", "activities": ["member_welfare"]}], "activities")
    assert acts["score"].isna().all() and pd.isna(acts["id"].iloc[0])


def test_unknown_level_lists_the_valid_ones(docs):
    with pytest.raises(OptionError, match="'documents'.*'activities'"):
        vnunion_nlp.to_dataframe(docs, level="sentences")


@pytest.mark.parametrize("bad", ["tagged.jsonl", b"bytes", 42, [1, 2], ["a text"]])
def test_bad_input_is_a_clear_type_error(bad):
    with pytest.raises(TypeError) as info:
        vnunion_nlp.to_dataframe(bad)
    assert isinstance(info.value, InputTypeError)
    assert "Doc" in str(info.value)


def test_missing_pandas_names_the_extra(docs, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` raise ImportError
    with pytest.raises(ImportError) as info:
        vnunion_nlp.to_dataframe(docs)
    assert isinstance(info.value, MissingExtraError)
    assert "'pandas'" in str(info.value) and 'pip install "vnunion-nlp[pandas]"' in str(info.value)


@pytest.mark.parametrize("level", ["documents", "entities", "people"])
def test_parquet_round_trip(docs, tmp_path, level):
    pytest.importorskip("pyarrow")
    path = vnunion_nlp.to_parquet(docs, tmp_path / f"{level}.parquet", level=level)
    back = pd.read_parquet(path)
    pd.testing.assert_frame_equal(back, vnunion_nlp.to_dataframe(docs, level), check_dtype=False)
    assert list(back.columns) == [name for name, _ in frames.SCHEMAS[level]]


def test_docstring_examples():
    result = doctest.testmod(frames, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
