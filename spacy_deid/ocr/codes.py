"""QR codes, barcodes and other machine-readable symbols on a page (wristbands, specimen
labels, lab forms), found and decoded with zxing-cpp.

Every symbol found is blacked out whatever it holds; its decoded content is kept apart from
the page information (:attr:`spacy_deid.ocr.layout.PageText.codes`), checked by the pipeline's
detectors (:func:`check_codes`) and reported by kind and box only, never by value.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .layout import PageText

if TYPE_CHECKING:  # Pillow is imported lazily, where it is used
    from PIL import Image
    from spacy.language import Language

Box = tuple[int, int, int, int]
QUIET = 0.12  # of the symbol's size, added on each side (quiet zone, human-readable digits)


@dataclass
class Code:
    """One symbol: its format (``QRCode``, ``Code128``...), box with its margin, and value."""

    format: str
    box: Box
    value: str  # never written to the page information or the audit


def find_codes(image: Image.Image) -> list[Code]:
    """Every symbol zxing-cpp reads on ``image`` (all its formats, turned or mirrored), each
    box grown by ``QUIET`` of its size on every side and clipped to the image."""
    import numpy as np
    import zxingcpp

    gray = np.ascontiguousarray(np.asarray(image.convert("L")))
    h, w = gray.shape
    out: list[Code] = []
    for result in zxingcpp.read_barcodes(gray, try_rotate=True, try_downscale=True,
                                         try_invert=True):
        p = result.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_right.x, p.bottom_left.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_right.y, p.bottom_left.y]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs) + 1, max(ys) + 1
        # a 1-D barcode's position can be a line across its bars: give it its height
        side = max(x1 - x0, y1 - y0)
        if min(x1 - x0, y1 - y0) < 0.2 * side:
            grow_x = grow_y = round(0.25 * side)
        else:
            grow_x, grow_y = round(QUIET * (x1 - x0)), round(QUIET * (y1 - y0))
        box = (max(0, x0 - grow_x), max(0, y0 - grow_y), min(w, x1 + grow_x), min(h, y1 + grow_y))
        out.append(Code(str(result.format).split(".")[-1], box, result.text or ""))
    return out


def code_info(codes: list[Code]) -> list[dict[str, Any]]:
    """Page information for the symbols: format and box (no value)."""
    return [{"format": c.format, "box": list(c.box)} for c in codes]


class Scanned(Protocol):
    """What :func:`check_codes` reads of an :class:`~spacy_deid.ocr.reader.OCRScan` (the
    reader imports this module)."""

    @property
    def info(self) -> Sequence[dict[str, Any]]: ...

    @property
    def pages(self) -> Sequence[PageText]: ...


def check_codes(nlp: Language, scan: Scanned) -> list[dict[str, Any]] | None:
    """Run the decoded values of ``scan``'s symbols through ``nlp`` (its detectors): per
    symbol, page, format, box and the labels found in it (never the value). None if the
    pipeline failed on a value (marked ``doc._.deid_failed``, or dropped by a spaCy component)."""
    rows, values = [], []
    for info, page in zip(scan.info, scan.pages):
        for code, value in zip(info.get("codes", []), page.codes):
            rows.append({"page": info["page"], **code})
            values.append(value)
    if not values:
        return []
    docs = list(nlp.pipe(values))
    if len(docs) != len(values):
        return None
    for row, doc in zip(rows, docs):
        if doc._.deid_failed or (doc._.deid_text is None and "deid_anonymizer" in nlp.pipe_names):
            return None
        spans = doc.spans.get("deid", [])
        row["phi"] = sorted({span.label_ for span in spans})
    return rows
