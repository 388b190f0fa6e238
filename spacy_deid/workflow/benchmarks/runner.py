"""Run systems side by side on the same documents in the same run: quality and speed.

For each evaluation set, every system of its language is warmed up, then the whole set
is processed ``repeats`` times, systems interleaved (A B C, A B C, ...) so that a change
in machine load hits all of them alike. Speed is the median over repeats; the ratio
ours/peer is the median of the per-repeat ratios. Quality comes from the first timed pass
(the systems are deterministic).
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Sequence

from spacy_deid.metrics import DeidScorer

from .data import EvalSet
from .systems import OurPipeline, Pred, System


def score(evalset: EvalSet, preds: Sequence[list[Pred]]) -> dict[str, object]:
    """De-id metrics of predictions against the set's gold.

    Every predicted span counts for PHI-character recall, leaks and over-redaction
    (it is hidden); only spans with one of our labels count for entity P/R/F.
    """
    scorer = DeidScorer()
    for text, gold, pred in zip(evalset.texts, evalset.golds, preds):
        scorer.add(text, gold, pred)
    for counter in (scorer.tp, scorer.fp, scorer.fn):
        counter.pop(None, None)
    return scorer.result()


def timed(system: System, texts: Sequence[str]) -> tuple:
    """(predictions, seconds) of one pass."""
    start = time.perf_counter()
    preds = system.process(texts)
    return preds, time.perf_counter() - start


def compare(
    evalset: EvalSet, systems: Sequence[System], repeats: int = 3, warmup_docs: int = 20
) -> dict[str, dict[str, object]]:
    """Quality and single-process speed of ``systems`` on ``evalset``."""
    texts = evalset.texts
    for system in systems:
        system.process(texts[:warmup_docs])
    seconds: dict[str, list[float]] = {s.name: [] for s in systems}
    preds: dict[str, list[list[Pred]]] = {}
    for _ in range(repeats):
        for system in systems:
            out, elapsed = timed(system, texts)
            preds.setdefault(system.name, out)
            seconds[system.name].append(elapsed)
    n_chars, n_docs = evalset.n_chars, len(texts)
    results: dict[str, dict[str, object]] = {}
    for system in systems:
        median = statistics.median(seconds[system.name])
        results[system.name] = {
            "system": system.describe(),
            "ours": isinstance(system, OurPipeline),
            "quality": score(evalset, preds[system.name]),
            "speed": {
                "seconds": seconds[system.name],
                "chars_per_s": n_chars / median,
                "docs_per_s": n_docs / median,
            },
        }
    for system in systems:
        if not isinstance(system, OurPipeline):
            continue
        ratios = {}
        for other in systems:
            if isinstance(other, OurPipeline):
                continue
            per_repeat = [b / a for a, b in zip(seconds[system.name], seconds[other.name])]
            ratios[other.name] = statistics.median(per_repeat)
        results[system.name]["speed"]["ratio_vs"] = ratios
    return results


def multiprocess_speed(system: OurPipeline, texts: Sequence[str], n_process: int = 2,
                       repeats: int = 3) -> dict[str, dict[str, object]]:
    """``nlp.pipe`` with 1 and with ``n_process`` processes on the same texts, interleaved.

    Worker start-up is included (it is part of what a user waits for).
    """
    saved = system.n_process
    times: dict[int, list[float]] = {1: [], n_process: []}
    try:
        for _ in range(repeats):
            for n in times:
                system.n_process = n
                times[n].append(timed(system, texts)[1])
    finally:
        system.n_process = saved
    n_chars = sum(len(t) for t in texts)
    return {
        f"n_process={n}": {
            "seconds": t,
            "chars_per_s": n_chars / statistics.median(t),
            "docs_per_s": len(texts) / statistics.median(t),
        }
        for n, t in times.items()
    }


def repeat_to(texts: Sequence[str], n_chars: int) -> list[str]:
    """The texts, repeated whole until they hold at least ``n_chars`` characters."""
    out: list[str] = []
    total = 0
    while total < n_chars and any(texts):
        for t in texts:
            out.append(t)
            total += len(t)
    return out
