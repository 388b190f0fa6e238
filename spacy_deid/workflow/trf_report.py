"""Evaluate a token classifier through ``deid_transformer_ner`` on JSONL dev sets.

For each data set: the de-id view (``spacy_deid.metrics``) and words/s of the component
alone (``doc.spans["deid_trf"]``) at its configured threshold, the same with dynamic int8
quantization (``--int8``), and a threshold-vs-recall curve (the model runs once; only
the decoding is repeated per threshold). Gold is handled as in
``spacy_deid.workflow.evaluate`` (entity P/R/F against token-aligned gold, the de-id
view against the annotators' character spans), so the numbers compare with the CNN's.

    python -m spacy_deid.workflow.trf_report MODEL OUT.json --lang th --md OUT.md \\
        --data thainer_dev=corpus/thainer_dev.jsonl synth_th_dev=corpus/synth_th_dev.jsonl --int8
"""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

from spacy.util import minibatch

from spacy_deid.metrics import DeidScorer
from spacy_deid.tokenizer import blank
from spacy_deid.workflow.convert import read_jsonl
from spacy_deid.workflow.evaluate import gold_of, parse_data, predictions

VIEW = ("phi_char_recall", "leaked_entities", "over_redaction", "ents_p", "ents_r", "ents_f")
THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def build(model: Path, lang: str, window: int, quantize: str = "none"):
    nlp = blank(lang)
    nlp.add_pipe("deid_transformer_ner", config={"model": str(model), "window": window,
                                                 "quantize": quantize})
    nlp.initialize()
    return nlp


def score(docs, golds) -> dict[str, float]:
    scorer = DeidScorer()
    for doc, (aligned, chars) in zip(docs, golds):
        scorer.add(doc.text, aligned, predictions(doc, "deid_trf"), phi=chars)
    result = scorer.result()
    return {k: result[k] for k in VIEW}


def run(nlp, records: Sequence[dict], thresholds: Sequence[float]) -> dict[str, object]:
    """Metrics and words/s at the pipe's threshold, plus the curve over ``thresholds``."""
    pipe = nlp.get_pipe("deid_transformer_ner")
    docs = [nlp.make_doc(r["text"]) for r in records]
    golds = [gold_of(nlp, r) for r in records]
    preds: list = []
    start = time.perf_counter()
    for batch in minibatch(docs, 64):
        batch = list(batch)
        out = pipe.predict(batch)
        pipe.set_annotations(batch, out)
        preds.extend(out)
    seconds = time.perf_counter() - start
    result: dict[str, object] = score(docs, golds)
    result["words_per_second"] = round(sum(len(d) for d in docs) / seconds)
    default = pipe.cfg["threshold"]
    curve = []
    for threshold in thresholds:
        pipe.cfg["threshold"] = threshold
        pipe.set_annotations(docs, preds)
        curve.append({"threshold": threshold, **score(docs, golds)})
    pipe.cfg["threshold"] = default
    result["curve"] = curve
    return result


def markdown(results: dict[str, dict[str, object]]) -> str:
    lines = ["| data set | variant | PHI-char recall | leaked entities | over-redaction | ents F | words/s |",
             "|---|---|---|---|---|---|---|"]
    for name, variants in results.items():
        for variant, r in variants.items():
            lines.append(f"| {name} | {variant} | {r['phi_char_recall']:.3f} | {r['leaked_entities']:.3f}"
                         f" | {r['over_redaction']:.3f} | {r['ents_f']:.3f} | {r['words_per_second']} |")
    lines += ["", "| data set | threshold | PHI-char recall | over-redaction | ents F |", "|---|---|---|---|---|"]
    for name, variants in results.items():
        for point in variants["fp32"]["curve"]:
            lines.append(f"| {name} | {point['threshold']} | {point['phi_char_recall']:.3f}"
                         f" | {point['over_redaction']:.3f} | {point['ents_f']:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m spacy_deid.workflow.trf_report", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", type=Path, help="token-classification model folder")
    parser.add_argument("out", type=Path, help="metrics JSON")
    parser.add_argument("--lang", default="th")
    parser.add_argument("--data", nargs="+", required=True, help="NAME=PATH.jsonl ...")
    parser.add_argument("--window", type=int, default=0, help="sub-tokens per window (0 = model max)")
    parser.add_argument("--int8", action="store_true", help="also evaluate dynamic int8 quantization")
    parser.add_argument("--md", type=Path, help="also write Markdown tables here")
    args = parser.parse_args(argv)
    data = {name: list(read_jsonl([path])) for name, path in parse_data(args.data).items()}
    results: dict[str, dict[str, object]] = {name: {} for name in data}
    nlp = build(args.model, args.lang, args.window)
    for name, records in data.items():
        results[name]["fp32"] = run(nlp, records, THRESHOLDS)
    if args.int8:
        nlp = build(args.model, args.lang, args.window, "dynamic_int8")
        for name, records in data.items():
            results[name]["int8"] = run(nlp, records, ())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    if args.md:
        args.md.write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
