"""Evaluation sets: texts with gold PHI spans, from our JSONL records or ThaiNER.

Records are ``{"text", "spans": [[start, end, label, kind], ...]}`` (the training
workflow's format); gold is character-exact, so every system is scored on the same
characters whatever its tokenizer. The ThaiNER dev split is the one carved from its
train file by ``spacy_deid.workflow.thainer`` (same hash split, same tag mapping).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy_deid.workflow.convert import read_jsonl
from spacy_deid.workflow.thainer import read_thainer

Gold = tuple[int, int, str]


@dataclass
class EvalSet:
    """One evaluation set; ``split`` says what it may be used for ("dev" or "test")."""

    name: str
    lang: str
    split: str
    source: str
    texts: list[str] = field(default_factory=list)
    golds: list[list[Gold]] = field(default_factory=list)

    @property
    def n_chars(self) -> int:
        return sum(len(t) for t in self.texts)

    def head(self, limit: int | None) -> EvalSet:
        """The first ``limit`` documents (all if None)."""
        if limit is None:
            return self
        return EvalSet(self.name, self.lang, self.split, self.source,
                       self.texts[:limit], self.golds[:limit])


def _add(evalset: EvalSet, records, limit: int | None) -> EvalSet:
    for record in records:
        if limit is not None and len(evalset.texts) >= limit:
            break
        evalset.texts.append(record["text"])
        evalset.golds.append([(int(s), int(e), label) for s, e, label, *_ in record["spans"]])
    return evalset


def jsonl_set(name: str, lang: str, split: str, path: Path, limit: int | None = None) -> EvalSet:
    """An evaluation set from a JSONL file of records."""
    return _add(EvalSet(name, lang, split, str(path)), read_jsonl([Path(path)]), limit)


def thainer_dev_set(train_txt: Path, limit: int | None = None, percent: int = 10) -> EvalSet:
    """The ThaiNER dev split carved from ``train.txt`` (never used for training)."""
    records = read_thainer(Path(train_txt), split="dev", percent=percent, skipped=[])
    return _add(EvalSet("thainer-dev", "th", "dev", f"{train_txt} (dev split)"), records, limit)
