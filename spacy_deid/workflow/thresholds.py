"""Threshold-vs-recall curves of the anonymizer's per-source, per-label thresholds.

The detectors run once per data set (the anonymizer disabled); for every threshold of one
``source/LABEL`` key (the others as the pipeline has them) the anonymizer is rebuilt with
that setting and run on the detected Docs, and the de-identification view of what its
output hides is scored. Nothing is chosen automatically: the curves show what a threshold
costs in recall and buys in over-redaction, per data set.

    python -m spacy_deid.workflow.thresholds PIPELINE th metrics/thresholds_th.json \
        --md metrics/thresholds_th.md --key deid_trf/LOCATION deid_trf/PERSON \
        --data thainer_dev=corpus/thainer_dev.jsonl
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from spacy_deid.anonymizer import hidden_spans
from spacy_deid.metrics import DeidScorer
from spacy_deid.pipelines import anonymizer_name, reconfigure_anonymizer
from spacy_deid.workflow.convert import read_jsonl
from spacy_deid.workflow.evaluate import parse_data

GRID = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
VIEW = ("phi_char_recall", "leaked_entities", "over_redaction")


def score_docs(nlp: Language, name: str, docs: Sequence[Doc], golds: Sequence[list]) -> dict:
    """The de-id view of what ``name`` hides on ``docs`` (annotated by the detectors)."""
    scorer = DeidScorer()
    anonymizer = nlp.get_pipe(name)
    for doc, gold in zip(docs, golds, strict=True):
        anonymizer(doc)
        scorer.add(doc.text, gold, [], phi=gold, hidden=hidden_spans(doc, "deid"))
    result = scorer.result()
    return {key: round(float(result[key]), 4) for key in VIEW}


def curves(
    nlp: Language, data: dict[str, Path], keys: Sequence[str], grid: Sequence[float] = GRID
) -> dict:
    """``{set: {"current": view, key: [{"threshold": t, **view}, ...]}}``."""
    name = anonymizer_name(nlp)
    current = dict(nlp.get_pipe(name).cfg["thresholds"])
    out: dict = {"thresholds": current}
    for set_name, path in data.items():
        records = list(read_jsonl([path]))
        golds = [[(s, e, label) for s, e, label, *_ in r["spans"]] for r in records]
        with nlp.select_pipes(disable=[name]):
            docs = list(nlp.pipe((r["text"] for r in records), batch_size=64))
        rows: dict = {"current": score_docs(nlp, name, docs, golds)}
        for key in keys:
            rows[key] = []
            for threshold in grid:
                reconfigure_anonymizer(nlp, {"thresholds": {**current, key: threshold}})
                rows[key].append({"threshold": threshold, **score_docs(nlp, name, docs, golds)})
            reconfigure_anonymizer(nlp, {"thresholds": current})
        out[set_name] = rows
    return out


def markdown(result: dict) -> str:
    """One table per key: a row per threshold, recall/leaked/over-redaction per data set."""
    sets = [name for name in result if name != "thresholds"]
    keys = [key for key in result[sets[0]] if key != "current"] if sets else []
    lines = [f"Pipeline thresholds: `{json.dumps(result['thresholds'])}`", ""]
    head = " | ".join(f"{s} recall / leaked / over" for s in sets)
    for key in keys:
        lines += [f"### {key}", "", f"| threshold | {head} |", "|---" * (len(sets) + 1) + "|"]
        for i, row in enumerate(result[sets[0]][key]):
            cells = []
            for s in sets:
                r = result[s][key][i]
                cells.append(
                    f"{100 * r['phi_char_recall']:.1f} / {100 * r['leaked_entities']:.1f} / "
                    f"{100 * r['over_redaction']:.1f}"
                )
            lines.append(f"| {row['threshold']:g} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pipeline", type=Path)
    parser.add_argument("lang", choices=["th", "en"])
    parser.add_argument("out", type=Path, help="curves JSON")
    parser.add_argument("--key", nargs="+", required=True, help="source/LABEL thresholds to sweep")
    parser.add_argument("--data", nargs="+", required=True, help="NAME=PATH.jsonl ...")
    parser.add_argument("--grid", nargs="+", type=float, default=list(GRID))
    parser.add_argument("--md", type=Path)
    args = parser.parse_args(argv)
    nlp = spacy.load(args.pipeline)
    if nlp.lang != args.lang:
        parser.error(f"{args.pipeline} is a {nlp.lang!r} pipeline, not {args.lang!r}")
    result = curves(nlp, parse_data(args.data), args.key, args.grid)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf8")
    if args.md:
        args.md.write_text(markdown(result) + "\n", encoding="utf8")


if __name__ == "__main__":
    main()
