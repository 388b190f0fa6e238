"""Reading a source (path, bytes, PIL image) into page images, with the input checks:
empty, unsupported or corrupt files, decompression bombs, encrypted or oversized PDFs."""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional, Union

from .errors import OCRInputError
from .layout import PageText
from .pdf import is_pdf, pdf_pages

if TYPE_CHECKING:  # Pillow is imported lazily, where it is used
    from PIL import Image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
PDF_SUFFIXES = (".pdf",)
Source = Union[str, Path, bytes, "Image.Image"]


@dataclass
class SourcePage:
    image: "Image.Image"  # RGB, pixels only (no EXIF/info)
    dpi: int
    text: Optional[PageText] = None  # a PDF page's text layer


@dataclass
class Limits:
    max_pixels: int
    max_pages: int
    max_bytes: int


def load_pages(source: Source, dpi: int, limits: Limits, text_layer: bool = True):
    """``(kind, pages)`` with kind "pdf" or "image"; raises :class:`OCRInputError`."""
    from PIL import Image

    if isinstance(source, Image.Image):
        _check_size(source.size, limits)
        return "image", [SourcePage(_pixels(source), _dpi(source, dpi))]
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
    if is_pdf(data):
        pages = [SourcePage(p.image, p.dpi, p.text)
                 for p in pdf_pages(data, dpi, max_pages=limits.max_pages,
                                    max_pixels=limits.max_pixels, text_layer=text_layer)]
        return "pdf", pages
    return "image", _image_pages(data, dpi, limits)


def _image_pages(data: bytes, dpi: int, limits: Limits) -> List[SourcePage]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            _check_size(image.size, limits)
            n_frames = getattr(image, "n_frames", 1)
            if n_frames > limits.max_pages:
                raise OCRInputError(f"the image has {n_frames} frames (limit {limits.max_pages})")
            pages = []
            for frame in range(n_frames):
                image.seek(frame)
                _check_size(image.size, limits)
                page = ImageOps.exif_transpose(image) if frame == 0 else image
                pages.append(SourcePage(_pixels(page), _dpi(image, dpi)))
            return pages
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise OCRInputError("the image is too large (decompression bomb check)") from None
        except UnidentifiedImageError:
            raise OCRInputError("not a supported image or PDF") from None
        except (OSError, SyntaxError, ValueError, EOFError) as err:
            if isinstance(err, OCRInputError):
                raise
            raise OCRInputError("the image is corrupt or truncated") from None


def _check_size(size, limits: Limits) -> None:
    if size[0] * size[1] > limits.max_pixels:
        raise OCRInputError(
            f"the image is {size[0]}x{size[1]} pixels (limit {limits.max_pixels} pixels)")
    if size[0] < 1 or size[1] < 1:
        raise OCRInputError("the image has no pixels")


def _pixels(image) -> "Image.Image":
    """A new RGB image holding only the pixels (transparency flattened onto white)."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    rgb = image.convert("RGB")
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())


def _dpi(image, default: int) -> int:
    """The image's own DPI when it looks like a scanner's (150–1200), else ``default``
    (72 and 96 are placeholders written by cameras and editors)."""
    value = image.info.get("dpi")
    try:
        dpi = int(round(float(value[0])))
    except (TypeError, ValueError, IndexError):
        return default
    return dpi if 150 <= dpi <= 1200 else default
