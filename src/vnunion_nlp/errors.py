"""Every error the library raises: coded, actionable, and catchable as the matching built-in."""

from __future__ import annotations

from collections.abc import Iterable


class VnUnionError(Exception):
    """Base class: catch this to catch anything the library raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class InputTypeError(VnUnionError, TypeError):
    """The text (or date) passed in is not of a type the library accepts."""

    code = "E001"


class OptionError(VnUnionError, ValueError):
    """An option has a value outside the ones the library knows."""

    code = "E002"


class DateValueError(VnUnionError, ValueError):
    """A document date that cannot be read as a calendar date."""

    code = "E003"


class ModelFileError(VnUnionError, FileNotFoundError):
    """A model or lexicon file is missing from the installation or the path given."""

    code = "E004"


class ModelIntegrityError(VnUnionError, ValueError):
    """A model file whose checksum or library versions do not match its card."""

    code = "E005"


class LexiconFormatError(VnUnionError, ValueError):
    """A lexicon file (TSV) with a malformed row."""

    code = "E006"


class CorpusFormatError(VnUnionError, ValueError):
    """A corpus file that cannot be read at all (a bad record inside one is reported, not raised)."""

    code = "E007"


class MissingExtraError(VnUnionError, ImportError):
    """An optional dependency is not installed."""

    code = "E008"


class PageError(VnUnionError, ValueError):
    """A web page with no article to read: undecodable bytes, no HTML, no main text."""

    code = "E009"


class DocumentTooLongError(VnUnionError, ValueError):
    """A document longer than ``max_chars`` in a batch run told to skip such documents."""

    code = "E010"


class UnverifiedModelWarning(UserWarning):
    """A model file of the user's own was loaded without a card beside it to check it against."""


def text_type_error(value: object, what: str = "text") -> InputTypeError:
    """The TypeError for a non-str text, with the fix for the usual mistakes."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return InputTypeError(
            f"{what} must be str, got {type(value).__name__}: decode first, "
            f"e.g. data.decode('utf-8') (or 'cp1258' for old Windows files)"
        )
    return InputTypeError(f"{what} must be str, got {type(value).__name__}")


def option_error(name: str, value: object, valid: Iterable[object]) -> OptionError:
    """The ValueError for an unknown option value, listing the valid ones."""
    choices = ", ".join(repr(v) for v in valid)
    return OptionError(f"unknown {name} {value!r}; valid values: {choices}")


def missing_extra(package: str, extra: str) -> MissingExtraError:
    return MissingExtraError(
        f"this feature needs the optional package {package!r}: pip install \"vnunion-nlp[{extra}]\""
    )
