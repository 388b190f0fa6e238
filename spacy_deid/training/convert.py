"""JSONL records ``{"text", "spans": [[start, end, label, kind], ...]}`` → a spaCy DocBin.

Spans are aligned to tokens by expanding them (``spacy_deid.spans.expand_span``); the
number of spans that had to be expanded, and of spans dropped because they overlap
another after expansion (the longer one is kept), are reported. The ID kind, if any,
goes to ``span.kb_id_``.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Tuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from ..labels import LABELS
from ..spans import expand_span


def read_jsonl(paths: Iterable[Path]) -> Iterator[dict]:
    """Records of one or more JSONL files, in order."""
    for path in paths:
        with Path(path).open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def record_to_doc(nlp: Language, record: dict, stats: Counter) -> Doc:
    """A Doc of ``record["text"]`` with its spans as ``doc.ents`` (aligned, counted in stats)."""
    doc = nlp.make_doc(record["text"])
    spans = []
    for start, end, label, *rest in record["spans"]:
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} (labels: {', '.join(LABELS)})")
        kind = rest[0] if rest and rest[0] else ""
        span = expand_span(doc, start, end, label, kb_id=kind)
        stats["spans"] += 1
        if span is None:
            stats["blank"] += 1
            continue
        text = doc.text
        core = (len(text[start:end]) - len(text[start:end].lstrip()), len(text[start:end].rstrip()))
        if (span.start_char, span.end_char) != (start + core[0], start + core[1]):
            stats["expanded"] += 1
        spans.append(span)
    kept = filter_spans(spans)
    stats["overlap_dropped"] += len(spans) - len(kept)
    doc.ents = kept
    stats["docs"] += 1
    return doc


def convert(
    lang: str, paths: List[Path], out: Path, limit: Optional[int] = None
) -> Tuple[int, Counter]:
    """Write a DocBin of the records in ``paths``; returns (docs, alignment stats)."""
    nlp = spacy.blank(lang)
    stats: Counter = Counter()
    db = DocBin(store_user_data=False)
    for i, record in enumerate(read_jsonl(paths)):
        if limit is not None and i >= limit:
            break
        db.add(record_to_doc(nlp, record, stats))
    out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    return stats["docs"], stats


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lang", choices=["th", "en"])
    parser.add_argument("out", type=Path, help="output .spacy file")
    parser.add_argument("inputs", type=Path, nargs="+", help="JSONL files")
    parser.add_argument("--stats", type=Path, help="write alignment stats (JSON) here")
    parser.add_argument("--limit", type=int, help="at most this many records")
    args = parser.parse_args(argv)
    n, stats = convert(args.lang, args.inputs, args.out, args.limit)
    summary = {"docs": n, **{k: stats[k] for k in ("spans", "expanded", "blank", "overlap_dropped")}}
    print(f"{args.out}: {json.dumps(summary)}")
    if args.stats:
        args.stats.parent.mkdir(parents=True, exist_ok=True)
        args.stats.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
