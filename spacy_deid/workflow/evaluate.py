"""Evaluate trained pipelines on JSONL dev/test sets, with the de-identification view.

For each data set it scores (``spacy_deid.metrics``):

- ``ner``: the trained ner alone (``doc.ents`` of a ``spacy train`` output);
- ``assembled``: the shipped pipeline (patterns + ner + anonymizer): entity P/R/F of
  ``doc.spans["deid"]``, the de-id view of what its text output hides (``deid_items``);
- ``patterns_per_family``: each recognizer family of ``doc.spans["deid_patterns"]`` alone.

Entity P/R/F compares predictions with the gold aligned to tokens (what a token-level
model can reach); the de-id view (PHI-character recall, leaked entities, over-redaction)
uses the annotators' exact character spans.
"""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from spacy_deid.anonymizer import hidden_spans
from spacy_deid.metrics import DeidScorer, Entity
from spacy_deid.spans import expand_span
from spacy_deid.workflow.convert import read_jsonl

VIEW_KEYS = ("phi_char_recall", "leaked_entities", "leaked_count", "gold_entities", "over_redaction")


def gold_of(nlp: Language, record: dict) -> tuple[list[Entity], list[Entity]]:
    """(token-aligned gold, character gold) of one record."""
    doc = nlp.make_doc(record["text"])
    chars = [(s, e, label) for s, e, label, *_ in record["spans"]]
    aligned = []
    for s, e, label in chars:
        span = expand_span(doc, s, e, label)
        if span is not None:
            aligned.append((span.start_char, span.end_char, label))
    return aligned, chars


def predictions(doc, key: str | None) -> list[Entity]:
    spans = doc.ents if key is None else doc.spans[key]
    return [(s.start_char, s.end_char, s.label_) for s in spans]


def score_pipeline(
    nlp: Language,
    records: Sequence[dict],
    key: str | None,
    families: str | None = None,
    output: bool = False,
) -> dict[str, object]:
    """Score ``nlp`` on records: predictions from ``doc.spans[key]`` (``doc.ents`` if None).

    With ``families`` (a span key), also scores each recognizer family of that group alone.
    With ``output`` (``key`` is the anonymizer's), the de-id view scores what the text
    output hides (``spacy_deid.anonymizer.hidden_spans``).
    """
    scorer = DeidScorer()
    per_family: dict[str, DeidScorer] = {}
    family_preds: list[dict[str, list[Entity]]] = []
    golds = [gold_of(nlp, r) for r in records]
    start = time.perf_counter()
    docs = list(nlp.pipe((r["text"] for r in records), batch_size=64))
    seconds = time.perf_counter() - start
    for doc, (aligned, chars) in zip(docs, golds):
        hidden = hidden_spans(doc, key) if output else None
        scorer.add(doc.text, aligned, predictions(doc, key), phi=chars, hidden=hidden)
        if families is not None:
            group = doc.spans[families]
            names = group.attrs.get("recognizers") or [s.label_ for s in group]
            spans: dict[str, list[Entity]] = {}
            for span, name in zip(group, names):
                spans.setdefault(name, []).append((span.start_char, span.end_char, span.label_))
            family_preds.append(spans)
    if families is not None:
        for name in sorted({n for spans in family_preds for n in spans}):
            fam = per_family.setdefault(name, DeidScorer())
            for doc, (aligned, chars), spans in zip(docs, golds, family_preds):
                fam.add(doc.text, aligned, spans.get(name, []), phi=chars)
    result = scorer.result()
    result["docs"] = len(docs)
    result["words_per_second"] = round(sum(len(d) for d in docs) / seconds) if seconds else None
    if families is not None:
        result["patterns_per_family"] = {
            name: {k: v for k, v in s.result().items() if k in VIEW_KEYS}
            for name, s in per_family.items()
        }
    return result


def evaluate(
    ner: Path | None, assembled: Path | None, data: dict[str, Path]
) -> dict[str, dict[str, object]]:
    """Scores per data set name: ``{"ner": ..., "assembled": ...}``."""
    pipelines = []
    if ner is not None:
        pipelines.append(("ner", spacy.load(ner), None, None, False))
    if assembled is not None:
        pipelines.append(("assembled", spacy.load(assembled), "deid", "deid_patterns", True))
    out: dict[str, dict[str, object]] = {}
    for name, path in data.items():
        records = list(read_jsonl([path]))
        out[name] = {
            what: score_pipeline(nlp, records, key, families, output)
            for what, nlp, key, families, output in pipelines
        }
    return out


def markdown(results: dict[str, dict[str, object]], lang: str) -> str:
    """Results as Markdown tables: the de-id view, then per-label P/R/F."""
    lines = [
        f"| {lang} data set | pipeline | PHI-char recall | leaked entities | over-redaction | ents P | ents R | ents F |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for data, by_pipe in results.items():
        for pipe, r in by_pipe.items():
            lines.append(
                f"| {data} | {pipe} | {r['phi_char_recall']:.3f} | {r['leaked_entities']:.3f}"
                f" ({r['leaked_count']}/{r['gold_entities']}) | {r['over_redaction']:.3f}"
                f" | {r['ents_p']:.3f} | {r['ents_r']:.3f} | {r['ents_f']:.3f} |"
            )
    lines += ["", f"| {lang} data set | pipeline | label | P | R | F | support | leaked |",
              "|---|---|---|---|---|---|---|---|"]
    for data, by_pipe in results.items():
        for pipe, r in by_pipe.items():
            for label, s in r["ents_per_type"].items():
                lines.append(
                    f"| {data} | {pipe} | {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f}"
                    f" | {s['support']} | {s['leaked']} |"
                )
    return "\n".join(lines) + "\n"


def parse_data(items: Iterable[str]) -> dict[str, Path]:
    out = {}
    for item in items:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise SystemExit(f"--data expects NAME=PATH.jsonl, got {item!r}")
        out[name] = Path(path)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lang", choices=["th", "en"])
    parser.add_argument("out", type=Path, help="metrics JSON")
    parser.add_argument("--data", nargs="+", required=True, help="NAME=PATH.jsonl ...")
    parser.add_argument("--ner", type=Path, help="trained ner pipeline (spacy train output)")
    parser.add_argument("--assembled", type=Path, help="assembled de-id pipeline")
    parser.add_argument("--md", type=Path, help="also write Markdown tables here")
    args = parser.parse_args(argv)
    if args.ner is None and args.assembled is None:
        raise SystemExit("give --ner and/or --assembled")
    results = evaluate(args.ner, args.assembled, parse_data(args.data))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table = markdown(results, args.lang)
    if args.md:
        args.md.write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
