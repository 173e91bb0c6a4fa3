"""The corpus who's-who: people and organisations merged across documents, and what is kept apart."""

import doctest
import random
import unicodedata

import pytest

import vnunion_nlp
from vnunion_nlp import whoswho
from vnunion_nlp.whoswho import build_org_index, build_people_index, provinces_of

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


def ent(text, label, start, value=None):
    return {"text": text, "label": label, "start": start, "end": start + len(text), "value": value}


def doc(doc_id, date, entities=(), people=(), activities=()):
    """A to_dict()-shaped document; offsets only need to be consistent with each other here."""
    return {"id": doc_id, "date": date, "text": "", "entities": list(entities), "people": list(people),
            "activities": [{"label": a, "score": 0.9} for a in activities]}


def person(name, start, role=None, org=None):
    return {"name": name, "role": role, "org": org, "start": start, "end": start + len(name)}


NGHE_AN = "Liên đoàn Lao động tỉnh Nghệ An"
CORPUS = [
    doc("d1", "2025-02-14",
        [ent("LĐLĐ tỉnh Nghệ An", "ORG", 0, NGHE_AN), ent("Nguyễn Văn Khánh", "PER", 40),
         ent("Chủ tịch", "ROLE", 58), ent("LĐLĐ tỉnh Nghệ An", "ORG", 67, NGHE_AN), ent("Khánh", "PER", 120)],
        [person("Nguyễn Văn Khánh", 40, "Chủ tịch", "LĐLĐ tỉnh Nghệ An"), person("Khánh", 120)],
        ["meetings_congress"]),
    # same person and organisation: NFD, another case, no abbreviation, the new tone-mark style elsewhere
    doc("d2", "2025-03-09",
        [ent(NFD("Liên đoàn Lao động tỉnh Nghệ An"), "ORG", 0), ent(NFD("NGUYỄN VĂN KHÁNH"), "PER", 50),
         ent("Trần Thị Hoà", "PER", 90), ent("Phó Chủ tịch", "ROLE", 104),
         ent(NFD("Liên đoàn Lao động tỉnh Nghệ An"), "ORG", 117)],
        [person(NFD("NGUYỄN VĂN KHÁNH"), 50), person("Trần Thị Hoà", 90, "Phó Chủ tịch",
                                                                NFD("Liên đoàn Lao động tỉnh Nghệ An"))],
        ["member_welfare", "women_affairs"]),
    # "LĐLĐ tỉnh" in a document that names only Nghệ An is that province's LĐLĐ; Hòa in the old style
    doc("d3", "2025-01-20",
        [ent("Trần Thị Hòa", "PER", 0), ent("Ủy viên Ban Thường vụ", "ROLE", 14),
         ent("LĐLĐ tỉnh", "ORG", 36, "Liên đoàn Lao động tỉnh"), ent("tỉnh Nghệ An", "LOC", 80)],
        [person("Trần Thị Hòa", 0, "Ủy viên Ban Thường vụ", "LĐLĐ tỉnh")],
        ["meetings_congress"]),
    # a lone "ông Khánh" elsewhere is not Nguyễn Văn Khánh; "LĐLĐ tỉnh" with two provinces stays here
    doc("d4", "2025-05-06",
        [ent("Khánh", "PER", 4), ent("LĐLĐ tỉnh", "ORG", 20, "Liên đoàn Lao động tỉnh"),
         ent("tỉnh Hà Tĩnh", "LOC", 40), ent("tỉnh Nghệ An", "LOC", 60)],
        [person("Khánh", 4)], ["culture_sports"]),
    # two full names ending in "Khánh": the short form is ambiguous and joins neither
    doc("d5", None,
        [ent("Nguyễn Văn Khánh", "PER", 0), ent("Lê Quốc Khánh", "PER", 30), ent("Khánh", "PER", 60),
         ent("Tổng LĐLĐ", "ORG", 80, "Tổng Liên đoàn Lao động"), ent("Tổng Liên đoàn Lao động Việt Nam", "ORG", 100)],
        [person("Nguyễn Văn Khánh", 0), person("Lê Quốc Khánh", 30), person("Khánh", 60)]),
]


def by_name(records, name):
    found = [r for r in records if r.name == name and r.scope is None]
    assert len(found) == 1, [(r.name, r.scope) for r in records]
    return found[0]


def test_same_person_across_documents_case_nfd_and_short_form():
    people = build_people_index(CORPUS)
    khanh = by_name(people, "Nguyễn Văn Khánh")
    assert khanh.documents == ("d1", "d2", "d5")
    assert khanh.first_seen == "2025-02-14" and khanh.last_seen == "2025-03-09"
    assert "Khánh" in khanh.variants  # "ông Khánh" of d1 joined the full name
    assert khanh.n_mentions == 4  # d1 twice, d2, d5 (the ambiguous "Khánh" of d5 is not counted)
    assert [(r.role, r.org, r.documents) for r in khanh.roles] == [("Chủ tịch", NGHE_AN, ("d1",))]


def test_tone_mark_styles_are_one_person_and_relative_org_is_completed():
    hoa = by_name(build_people_index(CORPUS), "Trần Thị Hòa")  # a tie: the library's tone-mark style
    assert set(hoa.variants) == {"Trần Thị Hoà", "Trần Thị Hòa"}
    assert hoa.documents == ("d2", "d3") and (hoa.first_seen, hoa.last_seen) == ("2025-01-20", "2025-03-09")
    assert [(r.role, r.org) for r in hoa.roles] == [("Phó Chủ tịch", NGHE_AN), ("Ủy viên Ban Thường vụ", NGHE_AN)]


def test_short_forms_that_do_not_resolve_stay_in_their_document():
    people = build_people_index(CORPUS)
    lone = [p for p in people if p.name == "Khánh"]
    assert sorted(p.scope for p in lone) == ["d4", "d5"]
    assert all(len(p.documents) == 1 and p.documents[0] == p.scope for p in lone)
    assert by_name(people, "Lê Quốc Khánh").documents == ("d5",)


def test_organisations_merge_across_abbreviation_nfd_and_relative_forms():
    orgs = build_org_index(CORPUS)
    nghe_an = by_name(orgs, NGHE_AN)
    assert nghe_an.documents == ("d1", "d2", "d3")
    assert {"LĐLĐ tỉnh Nghệ An", "Liên đoàn Lao động tỉnh Nghệ An", "LĐLĐ tỉnh"} <= set(nghe_an.variants)
    assert nghe_an.n_mentions == 5
    assert set(nghe_an.people) == {"Nguyễn Văn Khánh", "Trần Thị Hòa"}
    assert (nghe_an.first_seen, nghe_an.last_seen) == ("2025-01-20", "2025-03-09")
    # d4 names two provinces: its "LĐLĐ tỉnh" is not guessed
    relative = [o for o in orgs if o.scope == "d4"]
    assert [o.name for o in relative] == ["Liên đoàn Lao động tỉnh"]
    # Tổng LĐLĐ (value "Tổng Liên đoàn Lao động") and the full name are one
    assert by_name(orgs, "Tổng Liên đoàn Lao động Việt Nam").n_mentions == 2


def test_org_activity_counts_per_month():
    nghe_an = by_name(build_org_index(CORPUS), NGHE_AN)
    assert nghe_an.months == (("2025-01", 1, 1), ("2025-02", 1, 2), ("2025-03", 1, 2))
    assert nghe_an.activities == (("2025-01", "meetings_congress", 1), ("2025-02", "meetings_congress", 1),
                                  ("2025-03", "member_welfare", 1), ("2025-03", "women_affairs", 1))


def test_output_order_is_deterministic():
    people = [(p.name, p.scope) for p in build_people_index(CORPUS)]
    assert people == [(p.name, p.scope) for p in build_people_index(CORPUS)]
    assert people[0] == ("Nguyễn Văn Khánh", None)  # most documents first
    for seed in range(3):  # the names chosen and the order do not depend on the order of the documents
        shuffled = CORPUS[:]
        random.Random(seed).shuffle(shuffled)
        assert [(p.name, p.scope) for p in build_people_index(shuffled)] == people
        assert [o.name for o in build_org_index(shuffled)] == [o.name for o in build_org_index(CORPUS)]


def test_provinces_of():
    assert provinces_of(CORPUS[3]) == ["Hà Tĩnh", "Nghệ An"]
    assert provinces_of(doc("x", None, [ent("LĐLĐ TP.HCM", "ORG", 0, "Liên đoàn Lao động TP. Hồ Chí Minh"),
                                        ent("Trường Tiểu học Hòa Bình", "ORG", 30),
                                        ent("thành phố Vinh", "LOC", 60), ent("Tuyên Quang", "LOC", 80)])) == [
        "Hồ Chí Minh", "Tuyên Quang"]
    assert provinces_of(doc("x", None)) == []


pd = pytest.importorskip("pandas")


def test_people_index_frame():
    df = vnunion_nlp.people_index(CORPUS)
    assert list(df.columns) == [name for name, _ in whoswho.PEOPLE_COLUMNS]
    row = df.iloc[0]
    assert row["name"] == "Nguyễn Văn Khánh" and row["n_documents"] == 3 and row["documents"] == "d1;d2;d5"
    assert row["roles"] == f"Chủ tịch {NGHE_AN}" and row["organisations"] == NGHE_AN
    assert row["first_seen"] == pd.Timestamp("2025-02-14") and pd.isna(row["scope"])
    empty = vnunion_nlp.people_index([])
    assert list(empty.columns) == list(df.columns) and len(empty) == 0
    assert empty.dtypes.to_dict() == df.dtypes.to_dict()


def test_org_index_frame():
    df = vnunion_nlp.org_index(CORPUS)
    labels = whoswho.activity_labels()
    assert list(df.columns) == ["org", "scope", "month", "n_documents", "n_mentions", *labels]
    rows = df[df["org"] == NGHE_AN].set_index("month")
    assert list(rows.index) == ["2025-01", "2025-02", "2025-03"]
    assert rows.loc["2025-03", "member_welfare"] == 1 and rows.loc["2025-03", "meetings_congress"] == 0
    assert rows["n_documents"].sum() == 3
    undated = df[df["month"].isna()]
    assert set(undated["org"]) == {"Tổng Liên đoàn Lao động Việt Nam"}
    assert list(vnunion_nlp.org_index([]).columns) == list(df.columns)


def test_end_to_end_with_the_pipeline():
    nlp = vnunion_nlp.load()
    texts = [
        ("t1", "2025-02-14", "Ngày 13/02/2025, LĐLĐ tỉnh Nghệ An tổ chức hội nghị tổng kết. Dự hội nghị có đồng chí "
                             "Nguyễn Văn Khánh, Chủ tịch LĐLĐ tỉnh Nghệ An. Phát biểu tại hội nghị, ông Khánh đề nghị "
                             "các CĐCS tiếp tục chăm lo cho đoàn viên."),
        ("t2", "2025-03-09", NFD("Sáng 8/3/2025, Liên đoàn Lao động tỉnh Nghệ An trao 200 suất quà cho nữ đoàn "
                                 "viên. Ông Nguyễn Văn Khánh, Chủ tịch Liên đoàn Lao động tỉnh Nghệ An, tặng hoa.")),
    ]
    docs = [nlp(text, date=date, id=doc_id) for doc_id, date, text in texts]
    khanh = by_name(build_people_index(docs), "Nguyễn Văn Khánh")
    assert khanh.documents == ("t1", "t2") and "Khánh" in khanh.variants
    assert [(r.role, r.org) for r in khanh.roles] == [("Chủ tịch", NGHE_AN)]
    assert by_name(build_org_index(docs), NGHE_AN).documents == ("t1", "t2")
    # the same from the JSON dicts of a tagged corpus
    assert build_people_index([d.to_dict() for d in docs]) == build_people_index(docs)


def test_docstring_examples():
    result = doctest.testmod(whoswho, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
