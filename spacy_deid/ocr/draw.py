"""Redacted page images: solid boxes over every token of every final span, over
low-confidence OCR words and over ink no text box accounts for, and whole black pages for
failed pages when asked.

Output images are new images made from pixels only (no EXIF or other metadata); a PDF is
rebuilt from them, so no text layer survives.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Dict, List, Literal, Optional, Sequence, Tuple

from spacy.tokens import Doc

from .layout import Box

if TYPE_CHECKING:  # Pillow is imported lazily, where it is used
    from PIL import Image

FailedPages = Literal["withhold", "blackout"]


def span_boxes(doc: Doc, span_key: str = "deid") -> Dict[int, List[Tuple[Box, str]]]:
    """Page → ``(box, label)`` for the spans in ``doc.spans[span_key]``: boxes of a span's
    tokens on the same line (vertical overlap) are merged into one box."""
    out: Dict[int, List[Tuple[Box, str]]] = {}
    for span in doc.spans[span_key]:
        current: Optional[List[int]] = None
        page = None
        for token in span:
            box = token._.deid_bbox
            if box is None:
                continue
            if current is not None and token._.deid_page == page and _same_line(current, box):
                current = [min(current[0], box[0]), min(current[1], box[1]),
                           max(current[2], box[2]), max(current[3], box[3])]
                continue
            if current is not None:
                out.setdefault(page, []).append((tuple(current), span.label_))
            current, page = list(box), token._.deid_page
        if current is not None:
            out.setdefault(page, []).append((tuple(current), span.label_))
    return out


def _same_line(a: Sequence[int], b: Sequence[int]) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def redact_pages(
    doc: Doc,
    images: Sequence["Image.Image"],
    *,
    span_key: str = "deid",
    padding: int = 4,
    blackout_low_conf: bool = True,
    blackout_unread: bool = True,
    failed_pages: FailedPages = "withhold",
    show_labels: bool = False,
    color: Tuple[int, int, int] = (0, 0, 0),
) -> List[Optional["Image.Image"]]:
    """One redacted RGB image per page; None for a failed page (``failed_pages="withhold"``)
    or a fully black page (``"blackout"``)."""
    from PIL import Image, ImageDraw

    info = doc._.deid_ocr or {}
    pages_info = info.get("pages") or [{} for _ in images]
    if len(pages_info) != len(images):
        raise ValueError("The Doc's page information does not match the page images")
    boxes = span_boxes(doc, span_key)
    out: List[Optional[Image.Image]] = []
    for index, (image, page) in enumerate(zip(images, pages_info)):
        if page.get("status") == "failed":
            out.append(Image.new("RGB", image.size, color) if failed_pages == "blackout" else None)
            continue
        rgb = image.convert("RGB")
        canvas = Image.frombytes("RGB", rgb.size, rgb.tobytes())  # pixels only
        draw = ImageDraw.Draw(canvas)
        w, h = canvas.size
        pad = lambda b: (max(0, b[0] - padding), max(0, b[1] - padding),  # noqa: E731
                         min(w - 1, b[2] + padding), min(h - 1, b[3] + padding))
        if blackout_low_conf:
            for x0, y0, x1, y1, *_ in page.get("low_conf", []):
                draw.rectangle(pad((x0, y0, x1, y1)), fill=color)
        if blackout_unread:
            for box in page.get("unread", []):
                draw.rectangle(pad(box), fill=color)
        for box, label in boxes.get(index, []):
            draw.rectangle(pad(box), fill=color)
            if show_labels:
                _label(draw, pad(box), label)
        out.append(canvas)
    return out


def _label(draw, box: Box, label: str) -> None:
    """White ``[LABEL]`` inside the box, shrunk to fit (skipped if it cannot fit)."""
    from PIL import ImageFont

    text = f"[{label}]"
    height = box[3] - box[1]
    size = int(height * 0.6)
    while size >= 8:
        font = ImageFont.load_default(size=size)
        if draw.textlength(text, font=font) <= box[2] - box[0] - 4:
            draw.text((box[0] + 2, (box[1] + box[3]) / 2), text, font=font, fill=(255, 255, 255),
                      anchor="lm")
            return
        size -= 2


def png_bytes(image: "Image.Image") -> bytes:
    """PNG with no metadata."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def pdf_bytes(images: Sequence["Image.Image"], dpi: int) -> bytes:
    """A PDF of the page images only (no text layer, no metadata from the input)."""
    first, *rest = list(images)
    buf = io.BytesIO()
    first.save(buf, format="PDF", save_all=True, append_images=rest, resolution=float(dpi))
    return buf.getvalue()
