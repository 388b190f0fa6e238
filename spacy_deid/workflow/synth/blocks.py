"""What the structure blocks of every language share: the pieces a block writes, and the
finished block (empty pieces and trailing whitespace dropped)."""
from __future__ import annotations

import random
from typing import Any

Piece = tuple[str, str | None, str | None]  # text, label, ID kind


class Block:
    """Pieces of one structure block, written by its structure function."""

    def __init__(self, ctx: Any, rng: random.Random):
        self.ctx, self.rng = ctx, rng
        self.pieces: list[Piece] = []
        self.split = ctx.p.split

    def t(self, text: str) -> None:
        """Unlabelled text."""
        self.pieces.append((text, None, None))

    def v(self, text: str, label: str, kind: str | None = None) -> None:
        """A labelled value."""
        self.pieces.append((text, label, kind))

    def finished(self) -> list[Piece]:
        """The pieces without empty ones and without trailing whitespace."""
        pieces = [p for p in self.pieces if p[0]]
        while pieces and pieces[-1][1] is None and not pieces[-1][0].strip():
            pieces.pop()
        if pieces and pieces[-1][1] is None:
            pieces[-1] = (pieces[-1][0].rstrip(), None, None)
        return pieces
