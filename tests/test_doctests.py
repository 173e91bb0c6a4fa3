"""The examples in the docstrings are tests too."""

import doctest
import importlib

import pytest

MODULES = ["vnunion_nlp", "vnunion_nlp.normalization", "vnunion_nlp.abbreviations", "vnunion_nlp.pipeline",
           "vnunion_nlp.dates", "vnunion_nlp.legacy", "vnunion_nlp.classify", "vnunion_nlp.io.html",
           "vnunion_nlp.page_augment"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
