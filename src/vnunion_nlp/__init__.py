"""vnunion_nlp: Vietnamese NLP for trade-union (Công đoàn) news.

    >>> import vnunion_nlp
    >>> nlp = vnunion_nlp.load()
    >>> doc = nlp("Ngày 13/02/2025, LĐLĐ tỉnh tổ chức hội nghị.", date="2025-02-14")
    >>> doc.to_dict()["abbreviations"][0]["expansion"]
    'Liên đoàn Lao động'
"""

from .doc import Abbreviation, Activity, Doc, Person, Span
from .errors import VnUnionError
from .frames import to_dataframe, to_parquet
from .io.html import Article, read_html
from .normalization import NormalizeConfig, explain, normalize
from .pipeline import PipeError, Pipeline, expand_abbreviations, load
from .whoswho import build_people_index, org_index, people_index

__version__ = "0.1.0"

__all__ = [
    "Abbreviation", "Activity", "Article", "Doc", "NormalizeConfig", "Person", "PipeError", "Pipeline", "Span",
    "VnUnionError", "__version__", "build_people_index", "expand_abbreviations", "explain", "load", "normalize",
    "org_index", "people_index", "read_html", "to_dataframe", "to_parquet",
]
