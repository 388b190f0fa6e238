"""Redacted page images: solid boxes over every token of every final span, over
low-confidence OCR words, ink no text box accounts for, QR codes, barcodes and faces, and
whole black pages for failed pages when asked.

Output images are new images made from pixels only (no EXIF or other metadata); a PDF is
rebuilt from them, so no text layer survives.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from spacy.tokens import Doc

from .layout import Box
from .limits import Deadline

if TYPE_CHECKING:  # Pillow is imported lazily, where it is used
    from PIL import Image, ImageDraw

FailedPages = Literal["withhold", "blackout"]
Color = tuple[int, int, int]


def span_boxes(doc: Doc, span_key: str = "deid") -> dict[int, list[tuple[Box, str]]]:
    """Page → ``(box, label)`` for the spans in ``doc.spans[span_key]``: boxes of a span's
    tokens on the same line (vertical overlap) are merged into one box."""
    out: dict[int, list[tuple[Box, str]]] = {}
    for span in doc.spans[span_key]:
        current: Box | None = None
        page = 0  # read only with a current box
        for token in span:
            box = token._.deid_bbox
            if box is None:
                continue
            if current is not None and token._.deid_page == page and _same_line(current, box):
                current = (min(current[0], box[0]), min(current[1], box[1]),
                           max(current[2], box[2]), max(current[3], box[3]))
                continue
            if current is not None:
                out.setdefault(page, []).append((current, span.label_))
            current, page = (box[0], box[1], box[2], box[3]), token._.deid_page
        if current is not None:
            out.setdefault(page, []).append((current, span.label_))
    return out


def _same_line(a: Sequence[int], b: Sequence[int]) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def redact_pages(
    doc: Doc,
    images: Sequence[Image.Image],
    **options: Any,
) -> list[Image.Image | None]:
    """One redacted RGB image per page; None for a failed page (``failed_pages="withhold"``)
    or a fully black page (``"blackout"``). Options: those of :func:`iter_redacted`."""
    return list(iter_redacted(doc, images, **options))


def iter_redacted(
    doc: Doc,
    images: Sequence[Image.Image],
    *,
    span_key: str = "deid",
    padding: int = 4,
    blackout_low_conf: bool = True,
    blackout_unread: bool = True,
    failed_pages: FailedPages = "withhold",
    show_labels: bool = False,
    color: Color = (0, 0, 0),
    deadline: Deadline | None = None,
) -> Iterator[Image.Image | None]:
    """The redacted pages one at a time, as :func:`redact_pages` (``images`` is read one page
    ahead of nothing: a page image is dropped before the next is asked for); ``deadline`` is
    checked before each page."""
    from PIL import Image, ImageDraw

    info = doc._.deid_ocr or {}
    pages_info = info.get("pages") or [{} for _ in range(len(images))]
    if len(pages_info) != len(images):
        raise ValueError("The Doc's page information does not match the page images")
    boxes = span_boxes(doc, span_key)
    pages = iter(images)
    for index, page in enumerate(pages_info):
        if deadline is not None:
            deadline.check()
        image = next(pages)
        if page.get("status") == "failed":
            size = image.size
            del image
            yield Image.new("RGB", size, color) if failed_pages == "blackout" else None
            continue
        canvas = Image.new("RGB", image.size)  # pixels only
        canvas.paste(image if image.mode == "RGB" else image.convert("RGB"))
        del image
        draw = ImageDraw.Draw(canvas)
        fill = _painter(draw, page, canvas.size, padding, color)
        if blackout_low_conf:
            for x0, y0, x1, y1, *_ in page.get("low_conf", []):
                fill((x0, y0, x1, y1))
        if blackout_unread:
            for box in page.get("unread", []):
                fill(box)
        for code in page.get("codes", []):  # QR codes and barcodes, whatever they hold
            fill(code["box"])
        for box in page.get("faces", []):
            fill(box)
        for box, label in boxes.get(index, []):
            shape = fill(box)
            if show_labels and shape is not None:
                _label(draw, shape, label)
        if page.get("page_quad") and page.get("outside_page", "blackout") == "blackout":
            _outside(canvas, page["page_quad"]["corners"], color)
        del draw
        yield canvas
        del canvas  # before the next page is read


def _painter(
    draw: ImageDraw.ImageDraw, page: dict[str, Any], size: tuple[int, int], padding: int, color: Color
) -> Callable[[Sequence[int]], Box | None]:
    """``fill(box)``: a page box (padded) drawn solid, as a rectangle on a flat page or as
    its quadrilateral in the photo when the page was found in one (``page_quad``); returns
    the rectangle to label, or None for a quadrilateral."""
    w, h = size
    quad = page.get("page_quad")
    if quad is None:
        def fill(box: Sequence[int]) -> Box | None:
            rect = (max(0, box[0] - padding), max(0, box[1] - padding),
                    min(w - 1, box[2] + padding), min(h - 1, box[3] + padding))
            draw.rectangle(rect, fill=color)
            return rect
        return fill
    from .page_finder import PageQuad

    flat = PageQuad([tuple(c) for c in quad["corners"]], tuple(quad["size"]))
    matrix = flat.to_photo()  # the flat page has about the photo's pixel scale

    def fill_polygon(box: Sequence[int]) -> Box | None:
        pad = padding
        grown = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
        polygon = flat.polygon(grown, matrix)
        draw.polygon(polygon, fill=color, outline=color)
        return None
    return fill_polygon


def _outside(canvas: Image.Image, corners: Sequence[Sequence[float]], color: Color) -> None:
    """Everything outside the page's quadrilateral painted ``color``."""
    from PIL import Image, ImageDraw

    mask = Image.new("L", canvas.size, 255)
    ImageDraw.Draw(mask).polygon([tuple(c) for c in corners], fill=0)
    canvas.paste(Image.new("RGB", canvas.size, color), mask=mask)


def _label(draw: ImageDraw.ImageDraw, box: Box, label: str) -> None:
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


def png_bytes(image: Image.Image) -> bytes:
    """PNG with no metadata."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def pdf_bytes(images: Iterable[Image.Image], dpi: int) -> bytes:
    """A PDF of the page images only (no text layer, no metadata from the input), written one
    page at a time: each page is a JPEG image (as Pillow's PDF writer makes it) filling a page
    of its size at ``dpi``."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []

    def obj(body: bytes, stream: bytes | None = None) -> int:
        offsets.append(out.tell())
        out.write(f"{len(offsets)} 0 obj\n".encode() + body)
        if stream is not None:
            out.write(b"\nstream\n" + stream + b"\nendstream")
        out.write(b"\nendobj\n")
        return len(offsets)

    obj(b"<< /Type /Catalog /Pages 2 0 R >>")
    offsets.append(-1)  # the page tree (object 2) is written last, once the pages are known
    kids = []
    for image in images:
        jpeg = _jpeg(image)
        width, height = image.size
        del image
        pw, ph = width * 72.0 / dpi, height * 72.0 / dpi
        xobject = obj(f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
                      f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode "
                      f"/Length {len(jpeg)} >>".encode(), jpeg)
        del jpeg
        content = f"q {pw:.4f} 0 0 {ph:.4f} 0 0 cm /image Do Q".encode()
        stream = obj(f"<< /Length {len(content)} >>".encode(), content)
        kids.append(obj(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.4f} {ph:.4f}] "
                        f"/Resources << /XObject << /image {xobject} 0 R >> >> "
                        f"/Contents {stream} 0 R >>".encode()))
    if not kids:
        raise ValueError("A PDF needs at least one page")
    offsets[1] = out.tell()
    refs = " ".join(f"{k} 0 R" for k in kids)
    out.write(f"2 0 obj\n<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    return out.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    """JPEG of an RGB image with Pillow's defaults (quality 75), no metadata."""
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="JPEG")
    return buf.getvalue()
