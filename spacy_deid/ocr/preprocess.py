"""Page image preparation before OCR, and the inked-area check after it.

Steps (each optional, measured in ``spacy_deid.workflow.ocr_measure``): ``grayscale``; ``flatten``
(divide by the estimated paper brightness: uneven light, grey paper); ``downscale`` (to
200 dpi above that: Tesseract's Thai model reads 12 pt text at 300 dpi worse); ``deskew``
(projection-profile search over ±5°); ``upscale`` (to 300 dpi when the page is below 250 dpi);
``binarize`` (Otsu). Boxes found on the prepared image map back to the original pixels with
the returned :class:`Geometry`, so redaction is drawn on the page as it came in.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and Pillow are imported lazily, where they are used
    import numpy as np
    from PIL import Image

STEPS = ("grayscale", "flatten", "downscale", "deskew", "upscale", "binarize")
DOWNSCALE_DPI = 200
TARGET_DPI = 300
INK_LEVEL = 160  # gray value below which a pixel counts as ink for the coverage check
Box = tuple[int, int, int, int]


@dataclass
class Geometry:
    """Prepared → original pixels: undo a rotation by ``angle`` degrees about the centre
    of the prepared image, then divide by ``scale``."""

    scale: float = 1.0
    angle: float = 0.0
    size: tuple[int, int] = (0, 0)  # prepared image size

    def to_original(self, box: Box) -> Box:
        x0: float
        y0: float
        x1: float
        y1: float
        x0, y0, x1, y1 = box
        if self.angle:
            cx, cy = self.size[0] / 2, self.size[1] / 2
            # PIL rotates counter-clockwise by ``angle``; undo it for the corners
            a = math.radians(self.angle)
            cos, sin = math.cos(a), math.sin(a)
            pts = []
            for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
                dx, dy = x - cx, y - cy
                pts.append((cx + dx * cos - dy * sin, cy + dx * sin + dy * cos))
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        s = self.scale
        return (math.floor(x0 / s), math.floor(y0 / s), math.ceil(x1 / s), math.ceil(y1 / s))


def prepare(image: Image.Image, steps: Sequence[str], dpi: int) -> tuple[Image.Image, int, Geometry]:
    """Apply ``steps`` to a PIL image; returns ``(image, dpi for Tesseract, Geometry)``."""
    from PIL import Image

    unknown = set(steps) - set(STEPS)
    if unknown:
        raise ValueError(f"Unknown preprocessing steps {sorted(unknown)}; use {STEPS}")
    geo = Geometry(size=image.size)
    if set(steps) & {"grayscale", "flatten", "deskew", "binarize"}:
        image = image.convert("L")
    if "flatten" in steps:
        image = flatten(image)
    if "downscale" in steps and dpi > DOWNSCALE_DPI:
        geo.scale = DOWNSCALE_DPI / dpi
        image = image.resize((round(image.width * geo.scale), round(image.height * geo.scale)),
                             Image.Resampling.LANCZOS)
        dpi = DOWNSCALE_DPI
    if "upscale" in steps and dpi < 250:
        geo.scale = TARGET_DPI / dpi
        image = image.resize((round(image.width * geo.scale), round(image.height * geo.scale)),
                             Image.Resampling.LANCZOS)
        dpi = TARGET_DPI
    if "deskew" in steps:
        angle = skew_angle(image)
        if abs(angle) >= 0.2:
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            geo.angle = angle
    if "binarize" in steps:
        level = otsu(image)
        image = image.point(lambda v: 255 if v > level else 0)
    geo.size = image.size
    return image, dpi, geo


def otsu(gray: Image.Image) -> int:
    """Otsu's threshold of a grayscale PIL image."""
    import numpy as np

    hist = np.asarray(gray.histogram()[:256], dtype=np.float64)
    total = hist.sum()
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (m0[-1] * w0 / total - m0) ** 2 / (w0 * w1 / total)
    return int(np.nanargmax(between))


def skew_angle(gray: Image.Image, max_angle: float = 5.0) -> float:
    """Rotation (degrees, PIL convention) that makes text lines horizontal: the angle whose
    horizontal ink profile is sharpest, on a ~600 px wide copy, coarse then fine."""
    import numpy as np
    from PIL import Image

    small = gray.convert("L")
    factor = 600 / max(small.width, 1)
    if factor < 1:
        small = small.resize((600, max(1, round(small.height * factor))), Image.Resampling.BILINEAR)
    ink = small.point(lambda v: 255 if v < INK_LEVEL else 0)

    def sharpness(angle: float) -> float:
        profile = np.asarray(ink.rotate(angle, resample=Image.Resampling.BILINEAR), dtype=np.float32).sum(1)
        return float(np.var(profile))

    best = max(np.arange(-max_angle, max_angle + 1e-6, 0.5), key=sharpness)
    return float(max(np.arange(best - 0.5, best + 0.5 + 1e-6, 0.1), key=sharpness))


def flatten(gray: Image.Image, strip: int = 512) -> Image.Image:
    """Divide a grayscale PIL image by its estimated paper brightness (a max filter over
    ~80 px on a 1/16 copy), so uneven light and grey paper become white. Computed ``strip``
    rows at a time (float temporaries of a strip, not of the page)."""
    import numpy as np
    from PIL import Image, ImageFilter

    w, h = gray.size
    small = gray.resize((max(1, w // 16), max(1, h // 16)), Image.Resampling.BOX)
    blurred = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))
    paper = np.asarray(blurred.resize((w, h), Image.Resampling.BILINEAR))
    pixels = np.asarray(gray)
    out = np.empty((h, w), dtype=np.uint8)
    for y in range(0, h, strip):
        rows = slice(y, y + strip)
        arr = pixels[rows].astype(np.float32) * 255.0 / np.maximum(paper[rows].astype(np.float32), 1.0)
        out[rows] = np.clip(arr, 0, 255).astype(np.uint8)
    return Image.fromarray(out)


def ink_mask(gray: Image.Image) -> np.ndarray:
    """Boolean ink mask (rows × columns): darker than ``INK_LEVEL`` after :func:`flatten`."""
    import numpy as np

    return np.asarray(flatten(gray.convert("L"))) < INK_LEVEL


@dataclass
class InkCheck:
    """How much of a page's ink the text boxes account for."""

    coverage: float  # share of inked cells touched by a text box (0.0 when nothing is inked)
    inked_cells: int
    unread: list[Box]  # pixel boxes of connected inked cells that no text box touches


def ink_coverage(ink: np.ndarray, boxes: Iterable[Box], cell: int) -> InkCheck:
    """Compare the ink with the text boxes on a grid of ``cell`` × ``cell`` pixels: a cell is
    inked with ≥ 2 % ink in the boolean mask ``ink``; a box (grown by one cell) touches the
    cells under it. Inked cells no box touches are grouped (8-connected) into ``unread``."""
    import numpy as np

    h, w = ink.shape
    rows, cols = -(-h // cell), -(-w // cell)
    padded = np.zeros((rows * cell, cols * cell), dtype=bool)
    padded[:h, :w] = ink
    counts = padded.reshape(rows, cell, cols, cell).sum(axis=(1, 3))
    inked = counts >= max(1, int(0.02 * cell * cell))
    n_inked = int(inked.sum())
    if not n_inked:
        return InkCheck(0.0, 0, [])
    boxed = np.zeros_like(inked)
    for x0, y0, x1, y1 in boxes:
        boxed[max(0, y0 // cell - 1) : y1 // cell + 2, max(0, x0 // cell - 1) : x1 // cell + 2] = True
    unread = []
    for r0, c0, r1, c1 in _components(inked & ~boxed):
        unread.append((c0 * cell, r0 * cell, min(w, c1 * cell), min(h, r1 * cell)))
    return InkCheck(float((inked & boxed).sum() / n_inked), n_inked, unread)


def _components(grid: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (row0, col0, row1, col1; ends exclusive) of the 8-connected groups of
    True cells."""
    seen = set()
    out = []
    cells = set(zip(*grid.nonzero()))
    for start in sorted(cells):
        if start in seen:
            continue
        seen.add(start)
        stack, r0, c0, r1, c1 = [start], start[0], start[1], start[0], start[1]
        while stack:
            r, c = stack.pop()
            r0, c0, r1, c1 = min(r0, r), min(c0, c), max(r1, r), max(c1, c)
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    nxt = (r + dr, c + dc)
                    if nxt in cells and nxt not in seen:
                        seen.add(nxt)
                        stack.append(nxt)
        out.append((int(r0), int(c0), int(r1) + 1, int(c1) + 1))
    return out


def grow_to_ink(
    ink: np.ndarray, box: Box, max_grow: int, bridge: int = 0, free: np.ndarray | None = None
) -> Box:
    """Widen ``box`` by up to ``max_grow`` pixels on each side while the row or column just
    outside it holds ink (Tesseract's Thai glyph boxes cut off edges and marks). Sideways it
    also jumps a white gap of up to ``bridge`` columns to ink in ``free`` (default: any ink;
    the reader passes the ink outside the grown boxes of its letters): in a Thai line
    Tesseract can box a number's first digit with the tone mark before it, the number's own
    box starting ~0.35 line height right of its ink. ``ink`` and ``free`` are boolean arrays
    (rows × columns)."""
    h, w = ink.shape
    free = ink if free is None else free
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3])
    if x1 <= x0 or y1 <= y0:
        return box
    left, right = max(0, x0 - max_grow), min(w, x1 + max_grow)
    top, bottom = max(0, y0 - max_grow), min(h, y1 + max_grow)
    grew = True
    while grew:
        grew = False
        if x0 > left:
            if ink[y0:y1, x0 - 1].any():
                x0, grew = x0 - 1, True
            elif bridge:
                a = max(left, x0 - 1 - bridge)
                cols = free[y0:y1, a : x0 - 1].any(axis=0).nonzero()[0]
                if cols.size:
                    x0, grew = a + int(cols[-1]), True
        if x1 < right:
            if ink[y0:y1, x1].any():
                x1, grew = x1 + 1, True
            elif bridge:
                b = min(right, x1 + 1 + bridge)
                cols = free[y0:y1, x1 + 1 : b].any(axis=0).nonzero()[0]
                if cols.size:
                    x1, grew = x1 + 2 + int(cols[0]), True
        if y0 > top and ink[y0 - 1, x0:x1].any():
            y0, grew = y0 - 1, True
        if y1 < bottom and ink[y1, x0:x1].any():
            y1, grew = y1 + 1, True
    return (x0, y0, x1, y1)
