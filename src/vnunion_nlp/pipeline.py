"""The pipeline: normalization makes the Doc, then named stages run in order; ``pipe`` streams a corpus."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .abbreviations import Lexicon, Match, default_lexicon, expand_matches
from .doc import Doc
from .errors import DateValueError, DocumentTooLongError, InputTypeError, option_error, text_type_error
from .normalization import DEFAULT_CONFIG, NormalizeConfig, normalize_aligned

logger = logging.getLogger("vnunion_nlp")

ON_ERROR = ("raise", "skip", "record")
MAX_CHARS = 1_000_000  # pipe(): a longer document is read in windows (or skipped)
MAX_CHARS_POLICIES = ("window", "skip")


class Stage(Protocol):
    name: str

    def __call__(self, doc: Doc) -> Doc: ...


@dataclass(frozen=True, slots=True)
class PipeError:
    """What ``pipe(..., on_error="record")`` yields in place of a document that failed."""

    index: int  # position in the stream given to pipe()
    id: str | None
    error: str
    message: str
    context: Any = None  # the context that came with the text (as_tuples=True)

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "id": self.id, "error": self.error, "message": self.message}


def coerce_date(value: object) -> str | None:
    """A document date as ISO "YYYY-MM-DD", from a str, a date or a datetime (None stays None)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError as e:
            raise DateValueError(f"document date {value!r} is not an ISO date like '2025-02-14'") from e
    raise InputTypeError(f"date must be str, datetime.date or None, got {type(value).__name__}")


class Pipeline:
    """``nlp(text, date=...)`` runs normalization then every enabled stage, in order."""

    def __init__(self, stages: Sequence[Stage], normalize_config: NormalizeConfig = DEFAULT_CONFIG,
                 *, load_options: Mapping[str, Any] | None = None) -> None:
        self.stages = list(stages)
        self.normalize_config = normalize_config
        self._load_options = dict(load_options or {})
        names = [s.name for s in self.stages]
        if len(set(names)) != len(names):
            raise ValueError(f"stage names must be unique: {names}")

    @property
    def pipe_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def get_stage(self, name: str) -> Stage:
        for s in self.stages:
            if s.name == name:
                return s
        raise option_error("stage", name, self.pipe_names)

    def make_doc(self, text: str, date: object = None, id: str | None = None) -> Doc:
        """Validate the input and normalize it; no stage has run yet."""
        if not isinstance(text, str):
            raise text_type_error(text)
        norm = normalize_aligned(text, self.normalize_config)
        removed = tuple(_removed(text, norm.removed))
        if norm.starts:
            return Doc(text, norm.text, norm.starts, norm.ends, coerce_date(date), removed=removed,
                       fixers=norm.fixers, encoding=norm.encoding, id=id)
        return Doc(text, norm.text, date=coerce_date(date), fixers=norm.fixers, encoding=norm.encoding, id=id)

    def __call__(self, text: str, date: object = None, *, id: str | None = None) -> Doc:
        doc = self.make_doc(text, date, id)
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def _run_batch(self, texts: list[str], contexts: list[tuple[object, str | None]],
                   max_chars: int | None = None) -> list[Doc]:
        """Normalize and run every stage; a text longer than ``max_chars`` goes through in windows (windows.py):
        the stages before the first one that reads whole documents run on its windows, the rest on the merge."""
        from .windows import merge, split_windows

        whole = next((k for k, st in enumerate(self.stages) if getattr(st, "whole_document", False)),
                     len(self.stages))
        pieces: list[Doc] = []
        plan: list[list[tuple[int, int]] | None] = []
        for t, (d, i) in zip(texts, contexts):
            if max_chars is not None and isinstance(t, str) and len(t) > max_chars:
                windows = split_windows(t, max_chars)
                pieces += [self.make_doc(t[s:e], d, i) for s, e in windows]
                plan.append(windows)
            else:
                pieces.append(self.make_doc(t, d, i))
                plan.append(None)
        pieces = _run_stages(pieces, self.stages[:whole])
        docs, k = [], 0
        for t, windows in zip(texts, plan):
            if windows is None:
                docs.append(pieces[k])
                k += 1
            else:
                docs.append(merge(t, windows, pieces[k:k + len(windows)],
                                  join_whitespace=self.normalize_config.whitespace))
                k += len(windows)
        return _run_stages(docs, self.stages[whole:])

    def pipe(self, texts: Iterable[Any], *, batch_size: int = 256, n_process: int = 1, as_tuples: bool = False,
             on_error: str = "raise", max_chars: int | None = MAX_CHARS,
             max_chars_policy: str = "window") -> Iterator[Any]:
        """Stream documents: iterator in, iterator out, order kept, memory bounded by the batches in flight.

        With ``as_tuples=True`` each item is ``(text, context)``; a context dict may carry "id" and "date",
        and ``(doc, context)`` comes out. ``on_error``: "raise", "skip" (logged) or "record" (a PipeError
        is yielded in the document's place).

        A document longer than ``max_chars`` (default 1,000,000; None: no limit) is read in windows cut at
        paragraph or sentence boundaries and comes out as one Doc with exact offsets (``max_chars_policy=
        "window"``), or is treated as a failed document, a DocumentTooLongError under ``on_error``
        (``"skip"``).
        """
        if on_error not in ON_ERROR:
            raise option_error("on_error", on_error, ON_ERROR)
        if max_chars_policy not in MAX_CHARS_POLICIES:
            raise option_error("max_chars_policy", max_chars_policy, MAX_CHARS_POLICIES)
        if max_chars is not None and max_chars < 1:
            raise ValueError("max_chars must be at least 1 (or None for no limit)")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if n_process == -1:
            n_process = os.cpu_count() or 1
        batches = _batches(texts, batch_size, as_tuples)
        limits = (max_chars, max_chars_policy)
        if n_process <= 1:
            results: Iterable[list[Any]] = (self._safe_batch(b, on_error, *limits) for b in batches)
        else:
            results = _parallel(self, batches, n_process, on_error, limits)
        for items in results:
            for item in items:
                if isinstance(item, BaseException):
                    raise item
                if item is None:
                    continue
                yield item

    def _safe_batch(self, batch: list[tuple[int, Any, Any, bool]], on_error: str, max_chars: int | None = None,
                    max_chars_policy: str = "window") -> list[Any]:
        """Run a batch; if it fails, rerun one by one so only the bad documents are skipped or recorded."""
        if max_chars is not None and max_chars_policy == "skip" and \
                any(isinstance(t, str) and len(t) > max_chars for _, t, _, _ in batch):
            return self._skip_long(batch, on_error, max_chars)
        window = max_chars if max_chars_policy == "window" else None
        texts = [t for _, t, _, _ in batch]
        contexts = [_context_fields(c) for _, _, c, _ in batch]
        try:
            docs = self._run_batch(texts, contexts, window)
            return [(d, c) if tup else d for d, (_, _, c, tup) in zip(docs, batch)]
        except Exception:
            if len(batch) == 1 and on_error == "raise":
                raise
        out: list[Any] = []
        for index, text, ctx, tup in batch:
            date, doc_id = _context_fields(ctx)
            try:
                doc = self._run_batch([text], [(date, doc_id)], window)[0]
                out.append((doc, ctx) if tup else doc)
            except Exception as e:
                if on_error == "raise":
                    out.append(e)
                    break
                out.append(_failed(index, doc_id, e, ctx, on_error))
        return out

    def _skip_long(self, batch: list[tuple[int, Any, Any, bool]], on_error: str, max_chars: int) -> list[Any]:
        """The batch with its documents longer than ``max_chars`` failed (DocumentTooLongError), in order."""
        def too_long(text: Any) -> bool:
            return isinstance(text, str) and len(text) > max_chars

        done = iter(self._safe_batch([b for b in batch if not too_long(b[1])], on_error))
        out: list[Any] = []
        for index, text, ctx, _ in batch:
            if too_long(text):
                e = DocumentTooLongError(f"document of {len(text):,} characters is longer than max_chars="
                                         f"{max_chars:,}; skipped (max_chars_policy='skip'; 'window' reads it "
                                         f"in windows)")
                if on_error == "raise":
                    out.append(e)
                    break
                out.append(_failed(index, _context_fields(ctx)[1], e, ctx, on_error))
                continue
            item = next(done, StopIteration)
            if item is StopIteration:
                break
            out.append(item)
            if isinstance(item, BaseException):
                break
        return out

    def __repr__(self) -> str:
        return f"Pipeline(stages={self.pipe_names})"


def _run_stages(docs: list[Doc], stages: Sequence[Stage]) -> list[Doc]:
    for stage in stages:
        batch = getattr(stage, "pipe", None)
        docs = list(batch(docs)) if batch is not None else [stage(d) for d in docs]
    return docs


def _failed(index: int, doc_id: str | None, error: Exception, ctx: Any, on_error: str) -> PipeError | None:
    """What stands in the output for a document that failed: logged, and recorded or skipped."""
    logger.warning("document %s (index %d) failed: %s", doc_id, index, error)
    return PipeError(index, doc_id, type(error).__name__, str(error), ctx) if on_error == "record" else None


def _removed(text: str, removed: Iterable[tuple[int, int, str]]) -> Iterator[Any]:
    from .doc import Removed

    for s, e, reason in removed:
        yield Removed(text[s:e], s, e, reason)


def _context_fields(ctx: Any) -> tuple[object, str | None]:
    if isinstance(ctx, Mapping):
        doc_id = ctx.get("id")
        return ctx.get("date"), None if doc_id is None else str(doc_id)
    if ctx is None:
        return None, None
    return None, str(ctx)


def _batches(texts: Iterable[Any], size: int, as_tuples: bool) -> Iterator[list[tuple[int, Any, Any, bool]]]:
    counter = itertools.count()
    it = iter(texts)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        batch = []
        for item in chunk:
            index = next(counter)
            if as_tuples:
                if not (isinstance(item, tuple) and len(item) == 2):
                    raise InputTypeError(f"with as_tuples=True every item must be (text, context); item "
                                         f"{index} is {type(item).__name__}")
                batch.append((index, item[0], item[1], True))
            else:
                batch.append((index, item, None, False))
        yield batch


_WORKER: Pipeline | None = None


def _worker_init(options: dict[str, Any] | None) -> None:
    global _WORKER
    if options is not None:
        _WORKER = load(**options)


def _worker_run(batch: list[tuple[int, Any, Any, bool]], on_error: str,
                limits: tuple[int | None, str] = (None, "window")) -> list[Any]:
    assert _WORKER is not None, "worker pipeline not initialised"
    try:
        return _WORKER._safe_batch(batch, on_error, *limits)
    except Exception as e:  # travels back to the parent, which re-raises it in order
        return [e]


def _parallel(nlp: Pipeline, batches: Iterator[list[Any]], n_process: int, on_error: str,
              limits: tuple[int | None, str] = (None, "window")) -> Iterator[list[Any]]:
    """Batches over worker processes with at most 2 per worker in flight, results in input order."""
    global _WORKER
    if "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
        _WORKER = nlp  # forked workers inherit the loaded pipeline: no reload, shared memory
        init_args: tuple[Any, ...] = (None,)
    else:
        ctx = multiprocessing.get_context("spawn")
        init_args = (nlp._load_options,)
    with ctx.Pool(n_process, initializer=_worker_init, initargs=init_args) as pool:
        pending: deque[Any] = deque()
        for batch in batches:
            pending.append(pool.apply_async(_worker_run, (batch, on_error, limits)))
            if len(pending) >= 2 * n_process:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


StageFactory = Callable[[], Stage]


def load(*, disable: Iterable[str] = (), normalize_config: NormalizeConfig | None = None,
         abbreviations: Mapping[str, str] | None = None, legacy: str | None = None,
         tone_style: str | None = None, entity_model: str | os.PathLike[str] | None = None,
         activity_model: str | os.PathLike[str] | None = None) -> Pipeline:
    """The bundled pipeline, offline: normalizer, abbreviations, dates, entities, people, activities.

    ``disable`` names stages to leave out; ``abbreviations`` adds the user's own entries (abbr -> expansion);
    ``legacy`` ("auto", "off", "tcvn3", "vni") and ``tone_style`` ("old", "new", "keep") set normalization;
    ``entity_model`` / ``activity_model`` are model files of your own (from ``vnunion-nlp train``) instead of
    the bundled ones. A joblib activity model is a pickle that can run code: pass only files you trust.
    """
    from dataclasses import replace

    from . import stages

    options = {"disable": tuple(disable), "normalize_config": normalize_config, "abbreviations":
               dict(abbreviations) if abbreviations else None, "legacy": legacy, "tone_style": tone_style,
               "entity_model": None if entity_model is None else str(entity_model),
               "activity_model": None if activity_model is None else str(activity_model)}
    config = normalize_config or DEFAULT_CONFIG
    if legacy is not None:
        config = replace(config, legacy=legacy)
    if tone_style is not None:
        config = replace(config, tone_style=tone_style)
    lexicon: Lexicon = default_lexicon()
    if abbreviations:
        lexicon = lexicon.with_entries(abbreviations)
    factories: dict[str, StageFactory] = {
        "abbreviations": lambda: stages.AbbreviationStage(lexicon),
        "dates": stages.DateStage,
        "entities": lambda: stages.EntityStage(_entity_tagger(entity_model)),
        "people": stages.PeopleStage,
        "activities": lambda: stages.ActivityStage(_activity_model(activity_model)),
    }
    disabled = set(options["disable"])
    unknown = disabled - set(factories)
    if unknown:
        raise option_error("stage", sorted(unknown)[0], list(factories))
    chosen = [factory() for name, factory in factories.items() if name not in disabled]
    return Pipeline(chosen, config, load_options=options)


STAGE_NAMES = ("abbreviations", "dates", "entities", "people", "activities")


def _activity_model(path: str | os.PathLike[str] | None):
    from .classify import load_model

    return load_model(path)


def _entity_tagger(path: str | os.PathLike[str] | None):
    """The bundled CRF, or a user's model file passed explicitly, each checked against the card beside it
    (sha256, underthesea-core version); a user's file with no card loads with an UnverifiedModelWarning."""
    from pathlib import Path

    from . import resources
    from .entities import EntityTagger

    if path is None:
        model = resources.bundled_model("entities.crf")
    else:
        model = Path(path)
        if not model.is_file():
            from .errors import ModelFileError

            raise ModelFileError(f"entity model {path} does not exist")
        if not resources.card_path(model).is_file():
            import warnings

            from .errors import UnverifiedModelWarning

            warnings.warn(f"entity model {model} has no card ({resources.card_path(model).name}) beside it, so it "
                          f"was loaded unchecked (sha256, underthesea-core version): keep the card that "
                          f"`vnunion-nlp train entities` writes next to the model", UnverifiedModelWarning,
                          stacklevel=2)
            return EntityTagger(model)
    resources.check_model(model, check_versions=("underthesea-core",))
    return EntityTagger(model)


def expand_abbreviations(text: str, extra: Mapping[str, str] | None = None) -> str:
    """The text with every abbreviation replaced by its expansion; everything else stays as written.

    >>> expand_abbreviations("LĐLĐ tỉnh thăm CNVCLĐ tại KCN Tân Trường")
    'Liên đoàn Lao động tỉnh thăm công nhân, viên chức, lao động tại khu công nghiệp Tân Trường'
    """
    if not isinstance(text, str):
        raise text_type_error(text)
    norm = normalize_aligned(text)
    lexicon = default_lexicon().with_entries(extra) if extra else default_lexicon()
    in_original = []
    for m in lexicon.find(norm.text):
        s, e = norm.to_original(m.start, m.end)
        in_original.append(Match(s, e, text[s:e], m.expansion, m.source))
    return expand_matches(text, in_original)
