"""PDF pages via pypdfium2: a rendered image per page and, when there is one, the page's
text layer as :class:`~spacy_deid.ocr.layout.PageText` (characters and pixel boxes).

Annotations and form fields are not drawn (their content never reaches the output), and
nothing but the rendered pixels leaves this module: info/XMP metadata, attachments and the
text layer itself stay behind.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, List, Optional

from .errors import OCRInputError
from .layout import Box, PageText

if TYPE_CHECKING:  # Pillow is imported lazily, where it is used
    from PIL import Image


@dataclass
class PdfPage:
    image: "Image.Image"  # RGB
    dpi: int
    text: Optional[PageText]  # None: no usable text layer (scanned page, rotated page)


def is_pdf(data: bytes) -> bool:
    """PDF signature within the first 1024 bytes (as PDF readers accept)."""
    return b"%PDF-" in data[:1024]


def open_pdf(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise OCRInputError("the PDF is encrypted (password protected)") from None
        raise OCRInputError("the PDF is damaged or not a PDF") from None


def pdf_pages(
    data: bytes, dpi: int, *, max_pages: int, max_pixels: int, text_layer: bool = True
) -> Iterator[PdfPage]:
    """Render every page at ``dpi``; raises :class:`OCRInputError` before rendering a page
    over ``max_pixels`` or a document over ``max_pages``."""
    pdf = open_pdf(data)
    try:
        if len(pdf) > max_pages:
            raise OCRInputError(f"the PDF has {len(pdf)} pages (limit {max_pages})")
        scale = dpi / 72.0
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                width, height = page.get_size()
                if width * scale * height * scale > max_pixels:
                    raise OCRInputError(
                        f"page {index} would be {int(width * scale)}x{int(height * scale)} "
                        f"pixels at {dpi} dpi (limit {max_pixels} pixels)"
                    )
                bitmap = page.render(scale=scale, may_draw_forms=False, draw_annots=False)
                image = bitmap.to_pil().convert("RGB")
                text = _text_layer(page, scale, image.size) if text_layer else None
                yield PdfPage(image, dpi, text)
            finally:
                page.close()
    finally:
        pdf.close()


def _text_layer(page, scale: float, size) -> Optional[PageText]:
    """Characters and boxes of an unrotated page's text layer (None if it has no text)."""
    import pypdfium2.raw as raw

    if page.get_rotation() % 360:
        return None  # boxes would need the rotation; OCR the rendered page instead
    left, _, _, top = page.get_cropbox()
    textpage = page.get_textpage()
    try:
        chars: List[str] = []
        boxes: List[Optional[Box]] = []
        for i in range(textpage.count_chars()):
            code = raw.FPDFText_GetUnicode(textpage, i)
            if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF or code == 0x0D:
                continue
            ch = chr(code)
            box = None
            if not ch.isspace() and not raw.FPDFText_IsGenerated(textpage, i):
                l, b, r, t = textpage.get_charbox(i, loose=True)
                box = _clip((int((l - left) * scale), int((top - t) * scale),
                             int((r - left) * scale) + 1, int((top - b) * scale) + 1), size)
            chars.append("\n" if ch in "\n\x0b\x0c\u2028\u2029" else ch)
            boxes.append(box)
    finally:
        textpage.close()
    text = "".join(chars)
    if not text.strip():
        return None
    from .layout import Word

    words, word_ids = [], []
    for ch, box in zip(chars, boxes):  # every character is its own "word": its box is exact
        if box is None:
            word_ids.append(-1)
        else:
            word_ids.append(len(words))
            words.append(Word(ch, box, None))
    return PageText(text, boxes, word_ids, words)


def _clip(box: Box, size) -> Optional[Box]:
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(size[0], box[2]), min(size[1], box[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None
