"""Update a pipeline's ner from reviewed documents, mixed with its original training data.

``python -m spacy_deid.workflow.review LANG PIPELINE OUT --reviews reviewed.jsonl --original
corpus/synth_th_train.jsonl --dev NAME=PATH.jsonl ...`` loads an assembled pipeline (e.g.
``spacy_deid/models/th_deid_cnn``), scores it on the dev sets (the de-id view of what its text
output hides: PHI-character recall, leaked entities, over-redaction), updates its ``ner`` only
on the reviews (the review page's JSONL export) mixed with ``--mix`` times as many records drawn
from the original training data (so that it does not forget the rest), scores it again and
writes the updated pipeline to OUT with ``review_report.json`` (before, after, the data used).
Every other component, the tokenizer and the vectors are kept as they were.
"""
from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import minibatch

from spacy_deid.spans import record_to_doc
from spacy_deid.workflow.convert import read_jsonl
from spacy_deid.workflow.evaluate import VIEW_KEYS, parse_data, score_pipeline


def examples(nlp: Language, records: Sequence[dict], stats: Counter) -> list[Example]:
    """Training examples for the pipeline's ner (labels it does not know are left out)."""
    labels = set(nlp.get_pipe("ner").labels)
    return [Example(nlp.make_doc(r["text"]), record_to_doc(nlp, r, stats, labels)) for r in records]


def dev_scores(nlp: Language, dev: dict[str, list[dict]]) -> dict[str, dict[str, Any]]:
    """The de-id view of each dev set (what ``deid_items`` hide)."""
    scores = {}
    for name, records in dev.items():
        result = score_pipeline(nlp, records, "deid", None, True)
        scores[name] = {key: result[key] for key in VIEW_KEYS if key in result}
    return scores


def finetune(nlp: Language, reviews: Sequence[dict], original: Sequence[dict], *, mix: float = 4.0,
             epochs: int = 3, batch_size: int = 8, drop: float = 0.1, seed: int = 0) -> dict[str, Any]:
    """Update ``nlp``'s ner in place; returns what was trained on and the losses per epoch."""
    if not reviews:
        raise ValueError("no reviewed documents to learn from")
    rng = random.Random(seed)
    replay = rng.sample(list(original), min(len(original), round(mix * len(reviews))))
    stats: Counter = Counter()
    train = examples(nlp, reviews, stats) + examples(nlp, replay, stats)
    optimizer = nlp.resume_training()
    losses_per_epoch = []
    with nlp.select_pipes(enable=["ner"]):
        for _ in range(epochs):
            rng.shuffle(train)
            losses: dict[str, float] = {}
            for batch in minibatch(train, size=batch_size):
                nlp.update(batch, sgd=optimizer, drop=drop, losses=losses)
            losses_per_epoch.append(round(float(losses.get("ner", 0.0)), 3))
    return {"reviews": len(reviews), "original": len(replay), "epochs": epochs,
            "ner_loss": losses_per_epoch, "alignment": dict(stats)}


def table(before: dict[str, dict], after: dict[str, dict]) -> str:
    """Before/after per dev set, as Markdown."""
    lines = ["| dev set | PHI-char recall | leaked entities | over-redaction |", "|---|---|---|---|"]
    for name in before:
        b, a = before[name], after[name]
        lines.append(
            f"| {name} | {b['phi_char_recall']:.2%} → {a['phi_char_recall']:.2%} "
            f"| {b['leaked_count']}/{b['gold_entities']} → {a['leaked_count']}/{a['gold_entities']} "
            f"| {b['over_redaction']:.2%} → {a['over_redaction']:.2%} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lang", choices=["th", "en"])
    parser.add_argument("pipeline", type=Path, help="assembled pipeline to start from")
    parser.add_argument("out", type=Path, help="folder for the updated pipeline")
    parser.add_argument("--reviews", type=Path, nargs="+", required=True, help="review page JSONL exports")
    parser.add_argument("--original", type=Path, nargs="+", required=True, help="original training JSONL")
    parser.add_argument("--dev", nargs="+", required=True, help="NAME=PATH.jsonl dev sets")
    parser.add_argument("--mix", type=float, default=4.0, help="original records per review (default 4)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    nlp = spacy.load(args.pipeline)
    reviews = [r for r in read_jsonl(args.reviews) if r.get("lang", args.lang) == args.lang]
    original = list(read_jsonl(args.original))
    dev = {name: list(read_jsonl([path])) for name, path in parse_data(args.dev).items()}
    before = dev_scores(nlp, dev)
    trained = finetune(nlp, reviews, original, mix=args.mix, epochs=args.epochs, seed=args.seed)
    after = dev_scores(nlp, dev)
    nlp.to_disk(args.out)
    report = {"pipeline": str(args.pipeline), "trained": trained, "before": before, "after": after}
    (args.out / "review_report.json").write_text(json.dumps(report, indent=2, default=float) + "\n", encoding="utf-8")
    print(table(before, after), end="")


if __name__ == "__main__":
    main()
