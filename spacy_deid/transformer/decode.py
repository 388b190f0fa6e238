"""Pure decoding for token-classification output: windows, tags, pieces.

Nothing here imports torch or transformers; everything works on numpy arrays of
probabilities over model sub-tokens and on character offsets, so it is the same
for Thai (SentencePiece pieces, no spaces) and English. Overlapping spans are resolved
by ``spacy_deid.overlaps.resolve_overlaps``, the rule the anonymizer uses.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

PREFIXES = ("B", "I", "E", "S", "L", "U")
Aggregation = Literal["mean", "min"]


@dataclass(frozen=True)
class Piece:
    """A labelled run of sub-tokens: ``[start, end)`` indices, entity type, score."""

    start: int
    end: int
    type: str
    score: float


def parse_tag(tag: str) -> tuple[str, str]:
    """``"B-PERSON"`` → ``("B", "PERSON")``; ``"O"`` → ``("O", "")``.

    BIOES/BILOU prefixes are recognised (``-`` or ``_`` separator); a tag without a
    prefix is an IO-scheme "inside" tag.
    """
    if tag == "O":
        return "O", ""
    if len(tag) > 2 and tag[0] in PREFIXES and tag[1] in "-_":
        return tag[0], tag[2:]
    return "I", tag


def entity_types(tags: Sequence[str]) -> list[str]:
    """The entity types named by a model's tags, in first-seen order."""
    seen: dict[str, None] = {}
    for tag in tags:
        prefix, etype = parse_tag(tag)
        if prefix != "O":
            seen.setdefault(etype, None)
    return list(seen)


def make_windows(n: int, window: int, stride: int) -> list[tuple[int, int]]:
    """``[start, end)`` windows of at most ``window`` sub-tokens covering ``range(n)``.

    Windows start every ``stride`` sub-tokens (overlap = window − stride); the last
    one is shifted back to end at ``n`` so it is full length. Every index is covered.
    """
    if window < 1 or not 1 <= stride <= window:
        raise ValueError(f"Need window >= 1 and 1 <= stride <= window, got {window}, {stride}.")
    if n <= 0:
        return []
    windows = [(0, min(window, n))]
    while windows[-1][1] < n:
        start = windows[-1][0] + stride
        if start + window > n:
            start = n - window
        windows.append((start, start + window))
    return windows


def merge_windows(
    n: int, windows: Sequence[tuple[int, int]], probs: Sequence[np.ndarray]
) -> np.ndarray:
    """Per sub-token probabilities from overlapping windows.

    Each sub-token takes its prediction from the window where it has the most
    context on both sides (largest distance to the nearer window edge; the earlier
    window wins ties). Raises if a sub-token is covered by no window.
    """
    if n == 0:
        return np.zeros((0, probs[0].shape[1] if probs else 0), dtype=np.float32)
    out = np.zeros((n, probs[0].shape[1]), dtype=np.float32)
    best = np.full(n, -1, dtype=np.int64)
    for (start, end), window_probs in zip(windows, probs):
        if window_probs.shape[0] != end - start:
            raise ValueError("Window probabilities do not match the window length.")
        idx = np.arange(start, end)
        context = np.minimum(idx - start, end - 1 - idx)
        better = context > best[start:end]
        out[idx[better]] = window_probs[better]
        best[start:end] = np.where(better, context, best[start:end])
    if (best < 0).any():
        raise ValueError("Some sub-tokens are covered by no window.")
    return out


def decode(
    probs: np.ndarray,
    tags: Sequence[str],
    threshold: float = 0.5,
    aggregation: Aggregation = "mean",
) -> list[Piece]:
    """Entity pieces from per-sub-token tag probabilities (``probs``: n × len(tags)).

    A sub-token is part of an entity when its entity probability ``1 − P(O)``
    reaches ``threshold``; its tag is then the most probable non-``O`` tag. Tags
    are read as BIO/BIOES/BILOU/IO: ``I-X`` (or ``E-X``) without a preceding ``X``
    starts a new entity, ``B-X``/``S-X`` always start one, ``E-X``/``S-X`` end one.
    A piece's score is the mean (or min) entity probability of its sub-tokens.
    """
    if "O" not in tags:
        raise ValueError("The model's labels have no 'O' tag.")
    parsed = [parse_tag(tag) for tag in tags]
    o_index = list(tags).index("O")
    entity_cols = [i for i, (prefix, _) in enumerate(parsed) if prefix != "O"]
    if probs.shape[0] == 0 or not entity_cols:
        return []
    entity_prob = 1.0 - probs[:, o_index]
    best_cols = np.asarray(entity_cols)[probs[:, entity_cols].argmax(axis=1)]
    pieces: list[Piece] = []
    current: tuple[int, str] | None = None  # (start, type) of the open piece

    def close(end: int) -> None:
        nonlocal current
        if current is not None:
            start, etype = current
            scores = entity_prob[start:end]
            score = float(scores.mean() if aggregation == "mean" else scores.min())
            pieces.append(Piece(start, end, etype, score))
        current = None

    for i in range(probs.shape[0]):
        if entity_prob[i] < threshold:
            close(i)
            continue
        prefix, etype = parsed[best_cols[i]]
        continues = current is not None and current[1] == etype
        if prefix in ("B", "S", "U") or not continues:
            close(i)
            current = (i, etype)
        if prefix in ("E", "L", "S", "U"):
            close(i + 1)
    close(probs.shape[0])
    return pieces


def char_range(
    piece: Piece, offsets: Sequence[tuple[int, int]], text: str
) -> tuple[int, int] | None:
    """Character ``[start, end)`` of a piece, trimmed of surrounding whitespace."""
    start, end = offsets[piece.start][0], offsets[piece.end - 1][1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def line_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks, each part trimmed of whitespace: a span ends at
    the end of its line (the model's SentencePiece tokenizer reads a line break as a space,
    so a name would run on into the label on the next line)."""
    parts, at = [], start
    for line in text[start:end].split("\n"):
        a, b = at, at + len(line)
        at = b + 1
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            parts.append((a, b))
    return parts
