"""The one place that finds and loads lexicons and trained models: lazy, cached, checked.

Lexicons are reviewed text files in ``vnunion_nlp/data``; trained models live in ``vnunion_nlp/models``
(the repository's ``models/`` folder, copied into the wheel), each with a ``<name>.card.json`` that records
its sha256 and the library versions it was trained with.
"""

from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from .errors import LexiconFormatError, ModelFileError, ModelIntegrityError

logger = logging.getLogger("vnunion_nlp")


def data_file(name: str) -> Path:
    """Path of a lexicon shipped in the package."""
    path = Path(str(resources.files("vnunion_nlp") / "data" / name))
    if not path.is_file():
        raise ModelFileError(f"lexicon {name!r} is missing from the installation at {path}; reinstall vnunion-nlp")
    return path


def models_dir() -> Path:
    """The bundled models: inside the installed package, or the repository's models/ in a source checkout."""
    packaged = Path(str(resources.files("vnunion_nlp") / "models"))
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "models"
    if source_tree.is_dir():
        return source_tree
    raise ModelFileError("the bundled models folder is missing; reinstall vnunion-nlp")


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a one-item-per-line lexicon, NFC."""
    lines = []
    for raw in data_file(name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(unicodedata.normalize("NFC", line))
    return tuple(lines)


@cache
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV lexicon with a header line; a malformed row is an error that names its line."""
    path = data_file(name)
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [unicodedata.normalize("NFC", c.strip()) for c in raw.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        if len(cells) > len(header) or not cells[0]:
            raise LexiconFormatError(f"{name} line {lineno}: expected {len(header)} tab-separated columns "
                                     f"({', '.join(header)}), got {raw!r}")
        rows.append(dict(zip(header, cells)))
    return tuple(rows)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def card_path(model_path: Path) -> Path:
    """Where a model's card is: beside it, ``<name>.card.json`` ("entities.crf" -> "entities.card.json")."""
    return model_path.with_name(model_path.name.split(".")[0] + ".card.json")


def read_card(model_path: Path) -> dict[str, Any]:
    card = card_path(model_path)
    if not card.is_file():
        raise ModelFileError(f"model {model_path.name} has no card {card.name}; retrain it with `make models`")
    return json.loads(card.read_text(encoding="utf-8"))


def check_model(model_path: Path, *, check_versions: tuple[str, ...] = ()) -> dict[str, Any]:
    """Verify a model against its card (sha256, and the versions of the named packages)."""
    if not model_path.is_file():
        raise ModelFileError(f"model file {model_path} does not exist")
    card = read_card(model_path)
    digest = sha256_of(model_path)
    if card.get("sha256") != digest:
        raise ModelIntegrityError(f"{model_path.name}: sha256 {digest[:12]}… does not match its card "
                                  f"({str(card.get('sha256'))[:12]}…); the file was changed or corrupted: "
                                  f"retrain with `make models` or reinstall")
    for package in check_versions:
        want = card.get("versions", {}).get(package)
        have = package_version(package)
        if want and have and want != have:
            raise ModelIntegrityError(f"{model_path.name} was trained with {package} {want} but {have} is "
                                      f"installed; install {package}=={want} or retrain with `make models`")
    return card


def package_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def bundled_model(filename: str) -> Path:
    path = models_dir() / filename
    if not path.is_file():
        raise ModelFileError(f"bundled model {filename} is missing from {path.parent}; run `make models` "
                             f"in a source checkout or reinstall vnunion-nlp")
    return path


def underthesea_word_dictionary() -> Path:
    """The word list of underthesea's word segmenter (a set of words in a joblib file, in its wheel), found
    without importing underthesea (its import alone costs ~90 MB and most of a second)."""
    from importlib.util import find_spec

    spec = find_spec("underthesea")
    if spec is None or not spec.origin:
        raise ModelFileError("underthesea is not installed: pip install 'underthesea>=9,<10'")
    models = Path(spec.origin).parent / "pipeline" / "word_tokenize" / "models"
    found = sorted(models.glob("*/dictionary.bin"))
    if not found:
        raise ModelFileError(f"underthesea's word dictionary is missing under {models}: reinstall underthesea "
                             "(pip install --force-reinstall 'underthesea>=9,<10')")
    return found[-1]
