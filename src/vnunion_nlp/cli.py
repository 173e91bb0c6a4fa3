"""The command line: a thin layer over the library (``vnunion-nlp tag | train | evaluate``)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import io as corpus_io
from .errors import VnUnionError

CHECKPOINT_SUFFIX = ".progress.json"


def _checkpoint_path(output: Path) -> Path:
    return output.with_name(output.name + CHECKPOINT_SUFFIX)


def _errors_path(output: Path, explicit: str | None) -> Path:
    return Path(explicit) if explicit else output.with_name(output.name + ".errors.jsonl")


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _truncate(path: Path, size: int) -> None:
    if path.exists():
        with open(path, "r+b") as f:
            f.truncate(size)
    elif size:
        raise VnUnionError(f"cannot resume: {path} is missing but the checkpoint expects {size} bytes")


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def cmd_tag(args: argparse.Namespace) -> int:
    from .pipeline import load

    output = Path(args.output)
    fmt = corpus_io.output_format(args.output, args.format)
    errors_file = _errors_path(output, args.errors)
    checkpoint = _checkpoint_path(output)
    settings = {"inputs": args.inputs, "format": fmt, "text_field": args.text_field, "id_field": args.id_field,
                "date_field": args.date_field, "tables": args.tables, "max_chars": args.max_chars or None,
                "max_chars_policy": args.max_chars_policy}
    if args.max_chars < 0:
        print("error: --max-chars must be 0 (no limit) or a number of characters", file=sys.stderr)
        return 2
    if args.tables and fmt == "jsonl":
        print("error: --tables needs a .csv or .parquet output (JSONL already holds the entities and people)",
              file=sys.stderr)
        return 2
    tables = {name: corpus_io.table_path(output, name) for name in ("entities", "people")} if args.tables else {}
    done, part = 0, 0
    skipped: Counter[str] = Counter()  # records that are no documents by design (WARC: not HTML, 404, ...)
    if args.resume and checkpoint.exists():
        state = json.loads(checkpoint.read_text(encoding="utf-8"))
        if state.get("settings") != settings:
            print(f"error: {checkpoint} was written by a run with other inputs or options; "
                  f"rerun without --resume (and with --overwrite) to start again", file=sys.stderr)
            return 2
        done, part = state["done"], state["part"]
        skipped.update(state.get("skipped", {}))
        if fmt != "parquet":
            _truncate(output, state["out_bytes"])
            for name, path in tables.items():
                _truncate(path, state["table_bytes"][name])
        _truncate(errors_file, state["err_bytes"])
        if fmt == "parquet":
            for target in (output, *tables.values()):
                for stale in corpus_io.parquet_parts_dir(target).glob("part-*.parquet"):
                    if int(stale.stem.split("-")[1]) >= part:
                        stale.unlink()
    elif args.resume and output.exists():
        print(f"{output} is already complete (no checkpoint); nothing to resume", file=sys.stderr)
        return 0
    else:
        candidates = [output, errors_file, corpus_io.parquet_parts_dir(output)]
        for path in tables.values():
            candidates += [path, corpus_io.parquet_parts_dir(path)]
        existing = [p for p in candidates if p.exists()]
        if existing and not args.overwrite:
            print(f"error: {existing[0]} exists; use --resume to finish an interrupted run or --overwrite",
                  file=sys.stderr)
            return 2
        for p in existing:
            if p.is_dir():
                for child in p.iterdir():
                    child.unlink()
                p.rmdir()
            else:
                p.unlink()
    output.parent.mkdir(parents=True, exist_ok=True)
    if not checkpoint.exists():  # before any output: an output with no checkpoint always means "complete"
        _write_json_atomic(checkpoint, {"settings": settings, "done": 0, "part": 0, "out_bytes": 0, "err_bytes": 0,
                                        "table_bytes": {name: 0 for name in tables}, "skipped": {}})

    nlp = load(disable=args.disable or ())
    records = corpus_io.iter_records(args.inputs, text_field=args.text_field, id_field=args.id_field,
                                     date_field=args.date_field, skip_below=done, processes=args.processes)
    bad_pending: list[corpus_io.BadRecord] = []
    skipped_pending: list[corpus_io.Skipped] = []
    counts = {"documents": 0, "bad": 0}
    labels: Counter[str] = Counter()
    entity_labels: Counter[str] = Counter()
    start_time = time.perf_counter()

    def good_records() -> Iterator[tuple[str, dict[str, Any]]]:
        for rec in records:
            if rec.index < done:
                continue
            if isinstance(rec, corpus_io.Skipped):
                skipped_pending.append(rec)
                continue
            if isinstance(rec, corpus_io.BadRecord):
                if args.strict:
                    raise VnUnionError(f"{rec.source} {rec.location}: {rec.reason} (--strict)")
                bad_pending.append(rec)
                continue
            yield rec.text, {"id": rec.id, "date": rec.date, "index": rec.index, "source": rec.source,
                             "line": rec.line, "offset": rec.offset, "meta": rec.meta}

    from tqdm import tqdm

    show = sys.stderr.isatty() and not args.quiet
    progress = tqdm(unit="doc", disable=not show, initial=done,
                    total=corpus_io.count_records(args.inputs) if show else None)
    chunk: list[dict[str, Any]] = []
    last_index = done - 1

    def flush(upto: int) -> None:
        nonlocal part, chunk
        corpus_io.write_chunk(output, fmt, chunk, part)
        if tables:
            corpus_io.write_table_chunk(tables["entities"], fmt, corpus_io.entity_rows(chunk),
                                        corpus_io.ENTITY_COLUMNS, part)
            corpus_io.write_table_chunk(tables["people"], fmt, corpus_io.people_rows(chunk),
                                        corpus_io.PEOPLE_COLUMNS, part)
        flushed = [b for b in bad_pending if b.index < upto]
        if flushed:
            with open(errors_file, "a", encoding="utf-8") as f:
                for b in flushed:
                    f.write(json.dumps(b.to_dict(), ensure_ascii=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
            counts["bad"] += len(flushed)
            bad_pending[:] = [b for b in bad_pending if b.index >= upto]
        skipped.update(s.kind for s in skipped_pending if s.index < upto)
        skipped_pending[:] = [s for s in skipped_pending if s.index >= upto]
        part += 1
        _write_json_atomic(checkpoint, {"settings": settings, "done": upto, "part": part,
                                        "out_bytes": _size(output), "err_bytes": _size(errors_file),
                                        "table_bytes": {name: _size(path) for name, path in tables.items()},
                                        "skipped": dict(skipped)})
        chunk = []

    for item in nlp.pipe(good_records(), as_tuples=True, batch_size=args.batch_size, n_process=args.processes,
                         on_error="record", max_chars=args.max_chars or None, max_chars_policy=args.max_chars_policy):
        if not isinstance(item, tuple):  # a PipeError: the document crashed a stage
            ctx = item.context
            bad_pending.append(corpus_io.BadRecord(ctx["index"], ctx["source"], ctx["line"],
                                                   f"{item.error}: {item.message}", ctx["offset"]))
            continue
        doc, ctx = item
        d = doc.to_dict()
        d["id"] = ctx["id"]
        if ctx["meta"]:
            d.update(ctx["meta"])
        chunk.append(d)
        labels.update(a["label"] for a in d["activities"][:1])
        entity_labels.update(e["label"] for e in d["entities"])
        counts["documents"] += 1
        progress.update(ctx["index"] - last_index)  # bad and skipped records before it count as read
        last_index = ctx["index"]
        if len(chunk) >= args.chunk_size:
            flush(last_index + 1)
    flush(1 << 62)
    progress.close()
    if fmt == "parquet":
        corpus_io.finish_parquet(output)
        if tables:
            corpus_io.finish_parquet(tables["entities"], corpus_io.ENTITY_COLUMNS)
            corpus_io.finish_parquet(tables["people"], corpus_io.PEOPLE_COLUMNS)
    checkpoint.unlink()
    elapsed = time.perf_counter() - start_time
    if args.summary or not args.quiet:
        print(f"tagged {counts['documents']} documents in {elapsed:.1f} s "
              f"({counts['documents'] / max(elapsed, 1e-9):.0f} docs/s) -> {output}")
        if counts["bad"]:
            print(f"{counts['bad']} bad records -> {errors_file}")
        if skipped:
            print(f"skipped {sum(skipped.values())} records that are no documents: "
                  + ", ".join(f"{kind} {n}" for kind, n in skipped.most_common()))
        if args.summary:
            print("entities: " + ", ".join(f"{k} {v}" for k, v in entity_labels.most_common()))
            print("top activity per document: " + ", ".join(f"{k} {v}" for k, v in labels.most_common()))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    if args.task == "entities":
        from .training import train_entities

        card = train_entities(args.data, args.out, dev=args.dev, test=args.test)
    else:
        from .activity_training import train_activities

        card = train_activities(args.data, args.dev, args.out, labels_file=args.labels,
                                compare=bool(args.compare and args.dev), test=args.test)
    metrics = card.get("metrics", {})
    print(f"wrote {Path(args.out) / card['file']} (sha256 {card['sha256'][:12]}…)")
    for split, m in metrics.items():
        if isinstance(m, dict) and "micro" in m:
            print(f"{split}: micro-F1 {m['micro']['f1']:.3f}" + (f", macro-F1 {m['macro']['f1']:.3f}" if "macro" in m
                                                                    else ""))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """One report per --data file; with several, also all of them together and a side-by-side summary."""
    if args.task == "entities":
        from .training import evaluate_entity_splits, format_entity_report, format_entity_summary

        reports = evaluate_entity_splits(args.data, baseline=not args.no_baseline, nlp=_user_pipeline(args.model))
        fmt, summary = format_entity_report, format_entity_summary
    else:
        from .activity_training import evaluate_activity_splits, format_activity_report, format_activity_summary

        reports = evaluate_activity_splits(args.data, model=args.model)
        fmt, summary = format_activity_report, format_activity_summary
    if len(reports) == 1:
        report: dict[str, Any] = next(iter(reports.values()))
        text = fmt(report)
    else:
        report = reports
        text = "\n\n".join(f"== {name} ==\n{fmt(r)}" for name, r in reports.items())
        text += "\n\n== side by side ==\n" + summary(reports)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(text)
    return 0


def _user_pipeline(model: str | None):
    from .pipeline import load

    return load(disable=["activities"], entity_model=model)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="vnunion-nlp", description="Vietnamese NLP for trade-union news")
    sub = ap.add_subparsers(dest="command", required=True)

    tag = sub.add_parser("tag", help="tag a corpus (JSONL, CSV, Parquet, .txt, .html, WARC, folders, - for stdin)")
    tag.add_argument("inputs", nargs="+", help=f"input files or folders of them: {corpus_io.describe()}; "
                                               f"- reads JSONL from stdin")
    tag.add_argument("-o", "--output", required=True, help="output .jsonl, .csv or .parquet")
    tag.add_argument("--format", choices=corpus_io.OUTPUT_FORMATS, help="output format (default: from the suffix)")
    tag.add_argument("--text-field", default="text")
    tag.add_argument("--id-field", default="id")
    tag.add_argument("--date-field", default="date")
    tag.add_argument("-j", "--processes", type=int, default=1, help="worker processes (-1: all cores)")
    tag.add_argument("--batch-size", type=int, default=256)
    tag.add_argument("--chunk-size", type=int, default=1000, help="documents per atomic write / checkpoint")
    tag.add_argument("--errors", help="bad-records file (default: OUTPUT.errors.jsonl)")
    tag.add_argument("--strict", action="store_true", help="stop at the first bad record")
    tag.add_argument("--resume", action="store_true", help="finish an interrupted run of the same command")
    tag.add_argument("--overwrite", action="store_true", help="replace an existing output")
    tag.add_argument("--max-chars", type=int, default=1_000_000,
                     help="a longer document is read in windows cut at paragraph or sentence boundaries, or skipped "
                          "(--max-chars-policy); 0: no limit (default 1,000,000)")
    tag.add_argument("--max-chars-policy", choices=["window", "skip"], default="window",
                     help="window: process a longer document in windows, offsets exact; skip: write it to the "
                          "errors file with its line and reason (default window)")
    tag.add_argument("--disable", nargs="*", help="stages to leave out")
    tag.add_argument("--tables", action="store_true",
                     help="with .csv/.parquet output, also write OUTPUT.entities and OUTPUT.people tables")
    tag.add_argument("--summary", action="store_true", help="print label counts at the end")
    tag.add_argument("-q", "--quiet", action="store_true")
    tag.set_defaults(func=cmd_tag)

    train = sub.add_parser("train", help="train the entity model or the activity classifier on labelled data")
    train.add_argument("task", choices=["entities", "activities"])
    train.add_argument("--data", required=True, help="training JSONL (the format of data/*/train.jsonl)")
    train.add_argument("--dev", help="dev JSONL: thresholds (activities) and reported metrics")
    train.add_argument("--test", nargs="+", help="test JSONL file(s): each scored once at the end, written to the "
                                                 "model card under its file name")
    train.add_argument("--labels", help="activities: a taxonomy TSV of your own (default: the bundled one)")
    train.add_argument("--compare", action="store_true",
                       help="activities: also score every model variant on --dev and record the table in the card")
    train.add_argument("--out", default="models", help="output folder for the model and its card")
    train.set_defaults(func=cmd_train)

    ev = sub.add_parser("evaluate", help="per-label precision/recall/F1 on labelled data")
    ev.add_argument("task", choices=["entities", "activities"])
    ev.add_argument("--data", required=True, nargs="+",
                    help="gold JSONL file(s); several are scored one by one, together, and side by side")
    ev.add_argument("--model", help="a model file of your own (default: the bundled one)")
    ev.add_argument("--no-baseline", action="store_true", help="entities: skip underthesea.ner (slow)")
    ev.add_argument("--json", action="store_true", help="print the full report as JSON")
    ev.set_defaults(func=cmd_evaluate)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except VnUnionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
