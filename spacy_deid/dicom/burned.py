"""Burned-in text in one frame: OCR on its 8-bit view (the project's OCR reader), and the
boxes to redact, in the frame's own pixel coordinates (boxes of one line closer than their height are
joined).

Modes: ``detected`` redacts what the de-identification pipeline finds in the frame's text
**plus** every word repeating one of the header's PHI values (:mod:`.matching`);
``all-text`` redacts every word OCR read. Either way, words OCR read with low confidence
are redacted too (fail closed, as for scans). The view is upscaled (up to 4×) so that the
small print of annotations reaches a size Tesseract reads.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..extensions import is_deidentified
from ..ocr.draw import span_boxes
from ..ocr.limits import Deadline
from ..ocr.reader import OCRScan
from ..ocr.sources import SourcePage
from ..text import is_thai
from .matching import find

if TYPE_CHECKING:
    from PIL import Image

Box = tuple[int, int, int, int]
MODES = ("detected", "all-text")
TARGET_SIDE = 1024  # the view is upscaled until its longer side reaches this (at most 4x)
PAD = 2  # pixels around each box, in the frame's coordinates


class BurnedInError(Exception):
    """The pipeline failed on a frame's text (the document fails)."""


@dataclass
class FrameResult:
    boxes: list[Box] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)
    lang: str | None = None


class BurnedInFinder:
    """Finds the boxes to redact in frame views, one frame at a time."""

    def __init__(self, reader: Any, redactor: Any, mode: str, wanted: set[str], lang: str,
                 group: str | None, deadline: Deadline) -> None:
        if mode not in MODES:
            raise ValueError(f"burned-in mode must be one of {MODES}")
        self.reader, self.redactor, self.mode, self.wanted = reader, redactor, mode, wanted
        self.lang, self.group, self.deadline = lang, group, deadline

    def find(self, view: Image.Image) -> FrameResult:
        from PIL import Image

        width, height = view.size
        scale = max(1, min(4, math.ceil(TARGET_SIDE / max(width, height))))
        big = view.resize((width * scale, height * scale), Image.Resampling.LANCZOS) \
            if scale > 1 else view
        text, info = self.reader.read_page(SourcePage(big.convert("RGB"), 300), self.deadline)
        del big
        result = FrameResult(counts={"words": len(text.words), "low_conf": len(info["low_conf"])})
        raw: list[Box] = [tuple(b[:4]) for b in info["low_conf"]]
        if self.mode == "all-text":
            raw += [w.box for w in text.words]
            result.counts["all_text"] = len(text.words)
        elif text.text.strip():
            raw += self._detected(text, info, result)
        result.boxes = _merge([_to_frame(b, scale, width, height) for b in raw])
        return result

    def _detected(self, text: Any, info: dict[str, Any], result: FrameResult) -> list[Box]:
        lang = self.lang
        if lang == "auto":
            lang = "th" if is_thai(text.text) else "en"
        nlp = self.redactor.nlp_for(lang)
        page = dict(info, page=0, status="ok")  # the picture around the text is no failure
        doc = OCRScan("image", None, [text], [page]).to_doc(nlp)  # type: ignore[arg-type]
        doc._.deid_group = self.group
        redacted = next(iter(nlp.pipe([doc])), None)  # a failed Doc is marked (or dropped by spaCy's)
        if redacted is None or not is_deidentified(redacted):
            raise BurnedInError(self.redactor.last_error())
        doc = redacted
        result.lang = lang
        result.items = list(doc._.deid_items or [])
        found = [box for box, _ in span_boxes(doc).get(0, [])]
        tokens = [(t.idx, t.idx + len(t.text)) for t in doc]
        matched = []
        for start, end in find(doc.text, tokens, self.wanted):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                matched += [tuple(t._.deid_bbox) for t in span if t._.deid_bbox]
        result.counts.update(detected=len(found), header_matched=len(matched))
        return found + matched


def _to_frame(box: Any, scale: int, width: int, height: int) -> Box:
    x0, y0, x1, y1 = box[:4]
    return (max(0, x0 // scale - PAD), max(0, y0 // scale - PAD),
            min(width, -(-x1 // scale) + PAD), min(height, -(-y1 // scale) + PAD))


def _merge(boxes: list[Box]) -> list[Box]:
    """Boxes of one line (vertical overlap over half the lower one) closer than their height
    joined into one, so that the separators between redacted words (``^``, ``/``) go too."""
    out: list[list[int]] = []
    for box in sorted(set(boxes)):
        for other in out:
            height = min(box[3] - box[1], other[3] - other[1])
            overlap = min(box[3], other[3]) - max(box[1], other[1])
            gap = max(box[0], other[0]) - min(box[2], other[2])
            if overlap > 0.5 * height and gap <= height:
                other[:] = [min(other[0], box[0]), min(other[1], box[1]),
                            max(other[2], box[2]), max(other[3], box[3])]
                break
        else:
            out.append(list(box))
    return [tuple(b) for b in out]  # type: ignore[misc]
