"""Shared checks."""

import json
import re

import pytest

_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def assert_exact(doc, text):
    """Every span of the Doc indexes ``text``; the alignment maps each normalized character inside it, in order;
    the dict survives JSON."""
    assert doc.text == text
    for item in (*doc.entities, *doc.abbreviations, *doc.removed):
        assert 0 <= item.start <= item.end <= len(text) and text[item.start:item.end] == item.text
    for p in doc.people:
        assert p.start < 0 or text[p.start:p.end] == p.name
    if doc.alignment_end:
        assert len(doc.alignment) == len(doc.alignment_end) == len(doc.normalized)
        assert all(0 <= s <= e <= len(text) for s, e in zip(doc.alignment, doc.alignment_end))
        assert list(doc.alignment) == sorted(doc.alignment)
    elif doc.normalized:  # no alignment: the identity (an empty normalized text needs none)
        assert doc.normalized == text
    d = doc.to_dict()
    if not _SURROGATE_PAIR.search(text):  # JSON reads an escaped pair of surrogates back as one character
        assert json.loads(json.dumps(d)) == d


@pytest.fixture(scope="session")
def exact():
    return assert_exact
