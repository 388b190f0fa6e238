"""PDF pages via pypdfium2, one at a time: a rendered image per page and, when there is one,
what the page's text layer draws (:class:`TextLayer`).

A text layer is never taken at its word. Each character is checked against the pixels: the
page is rendered a second time with every text object made invisible, and a character whose
glyph changes no pixel of the page (render mode 3 or 7, white on white, clipped away, under
an image, off the page) is *hidden*: it is left out of the layer's text and only counted and
located. What the text draws (the pixels that differ between the two renderings) lets the
reader tell ink the layer accounts for from ink it does not (an image of text under it).

Annotations and form fields are not drawn (their content never reaches the output), and
nothing but the rendered pixels leaves this module: info/XMP metadata, attachments and the
text layer itself stay behind.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from .errors import OCRInputError
from .layout import Box, PageText, Word, union

if TYPE_CHECKING:  # numpy, Pillow and pypdfium2 are imported lazily, where they are used
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

STRIP = 512  # rows compared at a time (bounded temporary arrays on very large pages)
_NO_PAINT = (3, 7)  # text render modes that paint nothing: invisible, clip only
_LINE_BREAKS = "\n\x0b\x0c\u2028\u2029"


@dataclass
class TextLayer:
    """What a page's text layer draws."""

    text: PageText  # the visible characters only (each its own word: its box is exact)
    drawn: np.ndarray  # bool (rows x columns): pixels the text objects paint
    hidden_chars: int  # characters that paint nothing visible
    hidden_boxes: list[Box]  # their on-page boxes, merged per run on a line


@dataclass
class PdfPage:
    image: Image.Image  # RGB
    dpi: int
    layer: TextLayer | None  # None: no text layer (scanned page), or a rotated page


def is_pdf(data: bytes) -> bool:
    """PDF signature within the first 1024 bytes (as PDF readers accept)."""
    return b"%PDF-" in data[:1024]


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """The pypdfium2 document; :class:`OCRInputError` for an encrypted, damaged or empty PDF.

    A good PDF is loaded once. Only when pypdfium2 refuses one is it loaded again, with
    pdfium's own call, to say why: pypdfium2 reports a PDF without pages with pdfium's last
    error, which that load never set, so that it still named the previous document's
    problem (an empty PDF after an encrypted one was "encrypted")."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        pass
    handle = raw.FPDF_LoadMemDocument64(data, len(data), None)
    if not handle:  # pdfium sets the error on every failed load
        if raw.FPDF_GetLastError() in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise OCRInputError("the PDF is encrypted (password protected)")
        raise OCRInputError("the PDF is damaged or not a PDF")
    try:
        count = raw.FPDF_GetPageCount(handle)
    finally:
        raw.FPDF_CloseDocument(handle)
    if count < 1:
        raise OCRInputError("the PDF has no pages")
    raise OCRInputError("the PDF is damaged or not a PDF")


def page_sizes(pdf: pdfium.PdfDocument, dpi: int) -> list[tuple[int, int]]:
    """Each page's size in pixels at ``dpi``, as pdfium will render it (nothing rendered)."""
    scale = dpi / 72.0
    sizes = []
    for index in range(len(pdf)):
        width, height = pdf.get_page_size(index)
        sizes.append((math.ceil(width * scale), math.ceil(height * scale)))
    return sizes


def pdf_pages(pdf: pdfium.PdfDocument, dpi: int, text_layer: bool = True) -> Iterator[PdfPage]:
    """Render the pages one at a time, each with its text layer (``text_layer``)."""
    scale = dpi / 72.0
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            image = _render(page, scale)
            layer = _text_layer(page, scale, image) if text_layer else None
        finally:
            page.close()
        yield PdfPage(image, dpi, layer)
        del image, layer  # before the next page is rendered


def pdf_images(pdf: pdfium.PdfDocument, dpi: int) -> Iterator[Image.Image]:
    """The rendered pages again, one at a time (the same pixels as :func:`pdf_pages`)."""
    for index in range(len(pdf)):
        image = render_page(pdf, index, dpi)
        yield image
        del image


def render_page(pdf: pdfium.PdfDocument, index: int, dpi: int) -> Image.Image:
    """Page ``index`` rendered at ``dpi``."""
    page = pdf[index]
    try:
        return _render(page, dpi / 72.0)
    finally:
        page.close()


def _render(page: pdfium.PdfPage, scale: float) -> Image.Image:
    bitmap = page.render(scale=scale, may_draw_forms=False, draw_annots=False)
    try:
        return bitmap.to_pil().convert("RGB")
    finally:
        bitmap.close()


@dataclass
class _Char:
    text: str
    box: Box | None  # loose box on the page (None: a space, generated, or off the page)
    glyph: Box | None  # tight glyph box on the page
    paints: bool  # its text object's render mode paints


def _text_layer(page: pdfium.PdfPage, scale: float, image: Image.Image) -> TextLayer | None:
    """The visible part of an unrotated page's text layer (None if it has no text)."""
    if page.get_rotation() % 360:
        return None  # boxes would need the rotation; OCR the rendered page instead
    chars = _chars(page, scale, image.size)
    if not "".join(c.text for c in chars).strip():
        return None
    drawn = _drawn_by_text(page, scale, image)
    hidden = [_hidden(c, drawn) for c in chars]
    visible = [c for c, h in zip(chars, hidden) if not h]
    return TextLayer(_page_text(visible), drawn, sum(hidden), _runs(chars, hidden))


def _hidden(char: _Char, drawn: np.ndarray) -> bool:
    """Whether a character that is not white space paints nothing visible on the page."""
    if not char.text.strip() or (char.box is None and char.glyph is None):
        return bool(char.text.strip())  # white space is kept; a character off the page not
    return not (char.paints and char.glyph is not None and _any(drawn, char.glyph))


def _chars(page: pdfium.PdfPage, scale: float, size: tuple[int, int]) -> list[_Char]:
    """Every character of the text page with its boxes in page pixels."""
    from pypdfium2 import raw

    left, _, _, top = page.get_cropbox()

    def to_pixels(x0: float, y0: float, x1: float, y1: float) -> Box | None:
        return _clip((int((x0 - left) * scale), int((top - y1) * scale),
                      int((x1 - left) * scale) + 1, int((top - y0) * scale) + 1), size)

    textpage = page.get_textpage()
    try:
        chars = []
        for i in range(textpage.count_chars()):
            code = raw.FPDFText_GetUnicode(textpage, i)
            if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF or code == 0x0D:
                continue
            ch = "\n" if chr(code) in _LINE_BREAKS else chr(code)
            if ch.isspace() or raw.FPDFText_IsGenerated(textpage, i):
                chars.append(_Char(ch, None, None, True))
                continue
            obj = raw.FPDFText_GetTextObject(textpage, i)
            paints = bool(obj) and raw.FPDFTextObj_GetTextRenderMode(obj) not in _NO_PAINT
            chars.append(_Char(ch, to_pixels(*textpage.get_charbox(i, loose=True)),
                               to_pixels(*textpage.get_charbox(i, loose=False)), paints))
    finally:
        textpage.close()
    return chars


def _drawn_by_text(page: pdfium.PdfPage, scale: float, image: Image.Image) -> np.ndarray:
    """Pixels that differ when the page is rendered with every text object invisible."""
    import numpy as np
    from pypdfium2 import raw

    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
        raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
    without = _render(page, scale)
    width, height = image.size
    drawn = np.zeros((height, width), dtype=bool)
    for y in range(0, height, STRIP):
        rows = (0, y, width, min(height, y + STRIP))
        a, b = np.asarray(image.crop(rows)), np.asarray(without.crop(rows))
        drawn[y : rows[3]] = (a != b).any(axis=2)
    return drawn


def _any(mask: np.ndarray, box: Box) -> bool:
    x0, y0, x1, y1 = box
    return bool(mask[max(0, y0 - 1) : y1 + 1, max(0, x0 - 1) : x1 + 1].any())


def _page_text(chars: list[_Char]) -> PageText:
    """Page text of the characters kept; every character with a box is its own word."""
    words: list[Word] = []
    word_ids: list[int] = []
    for char in chars:
        if char.box is None:
            word_ids.append(-1)
        else:
            word_ids.append(len(words))
            words.append(Word(char.text, char.box, None))
    return PageText("".join(c.text for c in chars), [c.box for c in chars], word_ids, words)


def _runs(chars: list[_Char], hidden: list[bool]) -> list[Box]:
    """Boxes of hidden characters, merged while they follow each other on one line (a
    visible character between them ends a run)."""
    runs: list[Box] = []
    open_run = False
    for char, is_hidden in zip(chars, hidden):
        box = char.box or char.glyph
        if not is_hidden:
            open_run = open_run and not char.text.strip()
            continue
        if box is None:
            continue
        if open_run and _same_line(runs[-1], box):
            runs[-1] = cast(Box, union([runs[-1], box]))
        else:
            runs.append(box)
        open_run = True
    return [cast(Box, tuple(int(v) for v in box)) for box in runs]


def _same_line(a: Box, b: Box) -> bool:
    return min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * min(a[3] - a[1], b[3] - b[1])


def _clip(box: Box, size: tuple[int, int]) -> Box | None:
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(size[0], box[2]), min(size[1], box[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None
