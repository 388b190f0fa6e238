"""The reader's limits on one document: size (checked before any page is rendered or decoded)
and time (checked between pages and given to Tesseract as its timeout)."""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .errors import OCRLimitError


@dataclass
class Limits:
    max_pixels: int  # one page
    max_pages: int
    max_bytes: int
    max_document_pixels: int  # all pages together

    def check_pages(self, sizes: Sequence[tuple[int, int]], what: str = "page") -> None:
        """Raise :class:`OCRLimitError` if a page, the page count or the pixel total is over."""
        if len(sizes) > self.max_pages:
            raise OCRLimitError(f"the document has {len(sizes)} {what}s (limit {self.max_pages})")
        for index, (width, height) in enumerate(sizes):
            if width * height > self.max_pixels:
                name = f"the {what}" if len(sizes) == 1 else f"{what} {index}"
                raise OCRLimitError(f"{name} is {width}x{height} pixels "
                                    f"(limit max_pixels={self.max_pixels} a page)")
        total = sum(width * height for width, height in sizes)
        if total > self.max_document_pixels:
            raise OCRLimitError(f"the document's {len(sizes)} {what}s have {total} pixels "
                                f"(limit max_document_pixels={self.max_document_pixels})")


@dataclass
class Deadline:
    """The time left for one document: ``seconds`` from its creation on ``clock``."""

    seconds: float
    clock: Callable[[], float] = time.monotonic
    start: float = field(init=False)

    def __post_init__(self) -> None:
        self.start = self.clock()

    def remaining(self) -> float:
        return self.seconds - (self.clock() - self.start)

    def check(self) -> None:
        """Raise :class:`OCRLimitError` once the time is up."""
        if self.remaining() <= 0:
            raise OCRLimitError(f"the document took longer than the time limit "
                                f"(max_seconds={self.seconds:g})")
