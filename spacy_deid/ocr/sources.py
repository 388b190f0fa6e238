"""Reading a source (path, bytes, PIL image) into page images, one page at a time, with the
input checks: empty, unsupported or corrupt files, decompression bombs, encrypted or empty
PDFs, and the limits on pages, pixels and bytes (checked on the sizes the file declares,
before any page is rendered or decoded)."""
from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, cast

from .errors import OCRInputError
from .limits import Limits
from .pdf import TextLayer, is_pdf, open_pdf, page_sizes, pdf_images, pdf_pages, render_page

if TYPE_CHECKING:  # Pillow is imported lazily, where it is used
    from PIL import Image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
PDF_SUFFIXES = (".pdf",)
Source = Union[str, Path, bytes, "Image.Image"]
__all__ = ["Document", "Limits", "Source", "SourcePage", "open_document"]


@dataclass
class SourcePage:
    image: Image.Image  # RGB, pixels only (no EXIF/info)
    dpi: int
    layer: TextLayer | None = None  # a PDF page's text layer


@dataclass
class Document:
    """An opened source: its kind and page sizes; its pages are rendered or decoded one at a
    time, as often as asked (the same pixels each time)."""

    kind: str  # "pdf" or "image"
    sizes: list[tuple[int, int]]  # pixels per page
    dpi: int  # of a given PIL image, or for the file's pages that do not tell theirs
    data: bytes | None = None  # the file's bytes (None: a PIL image was given)
    pixels: Image.Image | None = None  # a given PIL image's pixels

    def __len__(self) -> int:
        return len(self.sizes)

    @property
    def _bytes(self) -> bytes:
        """The file's bytes (read only for a document made from a file)."""
        return cast(bytes, self.data)

    def pages(self, text_layer: bool = True) -> Iterator[SourcePage]:
        """Every page with its DPI and (PDF, ``text_layer``) its text layer."""
        if self.pixels is not None:
            yield SourcePage(self.pixels, self.dpi)
        elif self.kind == "pdf":
            pdf = open_pdf(self._bytes)
            try:
                for page in pdf_pages(pdf, self.dpi, text_layer):
                    yield SourcePage(page.image, page.dpi, page.layer)
                    del page  # before the next page is rendered
            finally:
                pdf.close()
        else:
            for image, dpi in _frames(self._bytes, self.dpi):
                yield SourcePage(image, dpi)
                del image  # before the next frame is decoded

    def images(self) -> Iterator[Image.Image]:
        """The page images again (for drawing the redacted output)."""
        if self.kind == "pdf":
            pdf = open_pdf(self._bytes)
            try:
                yield from pdf_images(pdf, self.dpi)
            finally:
                pdf.close()
        else:
            for page in self.pages():
                yield page.image
                del page

    def image(self, index: int) -> Image.Image:
        """Page ``index``'s image alone."""
        if self.pixels is not None:
            return self.pixels
        if self.kind == "pdf":
            pdf = open_pdf(self._bytes)
            try:
                return render_page(pdf, index, self.dpi)
            finally:
                pdf.close()
        return next(_frames(self._bytes, self.dpi, start=index))[0]


def open_document(source: Source, dpi: int, limits: Limits) -> Document:
    """Check ``source`` and its declared page sizes against ``limits``; raises
    :class:`OCRInputError` (:class:`~spacy_deid.ocr.errors.OCRLimitError` for a limit)."""
    from PIL import Image

    if isinstance(source, Image.Image):
        limits.check_pages([source.size], "image")
        _check_pixels(source.size)
        return Document("image", [source.size], _dpi(source, dpi), pixels=_pixels(source))
    data = _read(source, limits)
    if is_pdf(data):
        pdf = open_pdf(data)
        try:
            sizes = page_sizes(pdf, dpi)
        finally:
            pdf.close()
        limits.check_pages(sizes)
        return Document("pdf", sizes, dpi, data=data)
    sizes = _frame_sizes(data)
    limits.check_pages(sizes, "frame")
    return Document("image", sizes, dpi, data=data)


def _read(source: Source, limits: Limits) -> bytes:
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise OCRInputError("the file does not exist or is not a regular file")
        if path.stat().st_size > limits.max_bytes:
            raise OCRInputError(f"the file is larger than {limits.max_bytes} bytes")
        data = path.read_bytes()
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        raise TypeError(f"Cannot read a {type(source).__name__}; give a path, bytes or PIL image")
    if not data:
        raise OCRInputError("the file is empty")
    if len(data) > limits.max_bytes:
        raise OCRInputError(f"the file is larger than {limits.max_bytes} bytes")
    return data


@contextmanager
def _decoding() -> Iterator[None]:
    """Pillow's errors and decompression-bomb warnings as :class:`OCRInputError`."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise OCRInputError("the image is too large (decompression bomb check)") from None
        except UnidentifiedImageError:
            raise OCRInputError("not a supported image or PDF") from None
        except (OSError, SyntaxError, ValueError, EOFError) as err:
            if isinstance(err, OCRInputError):
                raise
            raise OCRInputError("the image is corrupt or truncated") from None


def _open_image(data: bytes) -> Image.Image:
    from PIL import Image

    return Image.open(io.BytesIO(data))


def _frame_sizes(data: bytes) -> list[tuple[int, int]]:
    """Each frame's size from the file's headers (no pixel decoded)."""
    with _decoding():
        image = _open_image(data)
        sizes = []
        for frame in range(getattr(image, "n_frames", 1)):
            image.seek(frame)
            _check_pixels(image.size)
            sizes.append(image.size)
        return sizes


def _frames(
    data: bytes, default_dpi: int, start: int = 0
) -> Iterator[tuple[Image.Image, int]]:
    """Decode the frames from ``start`` on, one at a time: ``(RGB pixels, dpi)``."""
    from PIL import ImageOps

    with _decoding():
        image = _open_image(data)
        n_frames = getattr(image, "n_frames", 1)
    for frame in range(start, n_frames):
        with _decoding():
            image.seek(frame)
            page = ImageOps.exif_transpose(image) if frame == 0 else image
            pixels, dpi = _pixels(page), _dpi(image, default_dpi)
        yield pixels, dpi
        del pixels  # before the next frame is decoded


def _check_pixels(size: tuple[int, int]) -> None:
    if size[0] < 1 or size[1] < 1:
        raise OCRInputError("the image has no pixels")


def _pixels(image: Image.Image) -> Image.Image:
    """A new RGB image holding only the pixels (transparency flattened onto white)."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    pixels = Image.new("RGB", image.size)
    pixels.paste(image if image.mode == "RGB" else image.convert("RGB"))
    return pixels


def _dpi(image: Image.Image, default: int) -> int:
    """The image's own DPI when it looks like a scanner's (150–1200), else ``default``
    (72 and 96 are placeholders written by cameras and editors)."""
    value: Any = image.info.get("dpi")  # a pair of numbers, or anything a file says (tried)
    try:
        dpi = round(float(value[0]))
    except (TypeError, ValueError, IndexError):
        return default
    return dpi if 150 <= dpi <= 1200 else default
