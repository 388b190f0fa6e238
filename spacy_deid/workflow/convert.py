"""JSONL records ``{"text", "spans": [[start, end, label, kind], ...]}`` → a spaCy DocBin.

Spans are aligned to tokens by expanding them (``spacy_deid.spans.expand_span``); the
number of spans that had to be expanded, and of spans dropped because they overlap
another after expansion (the longer one is kept), are reported. The ID kind, if any,
goes to ``span.kb_id_``. With ``labels``, spans of other labels are left out of the ner's
gold (counted as ``other_label``): the pattern recognizers own those labels, and every
label the ner knows makes its transition loop slower.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from spacy.tokens import DocBin

from spacy_deid.labels import LABELS
from spacy_deid.spans import record_to_doc
from spacy_deid.tokenizer import blank


def read_jsonl(paths: Iterable[Path]) -> Iterator[dict]:
    """Records of one or more JSONL files, in order; spans written as objects
    (``{"start", "end", "label", "kind"}``, the hand-written dev sets) become lists."""
    for path in paths:
        with Path(path).open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    record = json.loads(line)
                    record["spans"] = [
                        [s["start"], s["end"], s["label"], s.get("kind") or None]
                        if isinstance(s, dict) else s
                        for s in record["spans"]
                    ]
                    yield record


def convert(
    lang: str,
    paths: list[Path],
    out: Path,
    limit: int | None = None,
    labels: Collection[str] | None = None,
) -> tuple[int, Counter]:
    """Write a DocBin of the records in ``paths``; returns (docs, alignment stats)."""
    nlp = blank(lang)
    stats: Counter = Counter()
    db = DocBin(store_user_data=False)
    for i, record in enumerate(read_jsonl(paths)):
        if limit is not None and i >= limit:
            break
        db.add(record_to_doc(nlp, record, stats, labels))
    out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    return stats["docs"], stats


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lang", choices=["th", "en"])
    parser.add_argument("out", type=Path, help="output .spacy file")
    parser.add_argument("inputs", type=Path, nargs="+", help="JSONL files")
    parser.add_argument("--stats", type=Path, help="write alignment stats (JSON) here")
    parser.add_argument("--limit", type=int, help="at most this many records")
    parser.add_argument("--labels", help="comma-separated labels the ner learns (default: all)")
    args = parser.parse_args(argv)
    labels = None
    if args.labels:
        labels = [label.strip() for label in args.labels.split(",") if label.strip()]
        unknown = sorted(set(labels) - set(LABELS))
        if unknown:
            parser.error(f"unknown label(s) {', '.join(unknown)} (labels: {', '.join(LABELS)})")
    n, stats = convert(args.lang, args.inputs, args.out, args.limit, labels)
    keys = ("spans", "expanded", "blank", "overlap_dropped", "other_label")
    summary = {"docs": n, **{k: stats[k] for k in keys}}
    print(f"{args.out}: {json.dumps(summary)}")
    if args.stats:
        args.stats.parent.mkdir(parents=True, exist_ok=True)
        args.stats.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
