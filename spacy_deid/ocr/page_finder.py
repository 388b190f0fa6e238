"""Finding the document in a photo: its outline (a bright, paper-like quadrilateral on a
darker or differently coloured background), the perspective that makes it a flat page, and
the way back from the flat page's pixels to the photo's (boxes become polygons).

A flat scan, whose page fills the image, has no outline to find: :func:`find_page` returns
None and the image is read as it is.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy, OpenCV and Pillow are imported lazily, where they are used
    import numpy as np
    from PIL import Image

Point = tuple[float, float]
WORK_SIDE = 800  # the outline is searched on a copy of this long side
MIN_AREA = 0.15  # of the image: a smaller quadrilateral is not taken for the page
FILLS = 0.97  # a page covering this much of the image (corners near its own) is a flat scan
MIN_CONTRAST = 25.0  # gray levels between the page and what lies around it


@dataclass
class PageQuad:
    """The page's corners in the photo (top-left, top-right, bottom-right, bottom-left) and
    the size of the flat page they are mapped to."""

    corners: list[Point]
    size: tuple[int, int]  # width, height of the rectified page

    def to_photo(self) -> np.ndarray:
        """3×3 homography: flat page pixels → photo pixels."""
        import cv2
        import numpy as np

        w, h = self.size
        src = np.array([(0, 0), (w, 0), (w, h), (0, h)], dtype=np.float32)
        return cv2.getPerspectiveTransform(src, np.array(self.corners, dtype=np.float32))

    def polygon(self, box: Sequence[float], matrix: np.ndarray | None = None) -> list[Point]:
        """A flat-page box (x0, y0, x1, y1) as its four corners in the photo."""
        import numpy as np

        m = self.to_photo() if matrix is None else matrix
        x0, y0, x1, y1 = box[:4]
        pts = np.array([(x0, y0, 1), (x1, y0, 1), (x1, y1, 1), (x0, y1, 1)], dtype=np.float64) @ m.T
        return [(float(x / z), float(y / z)) for x, y, z in pts]


def find_page(image: Image.Image) -> PageQuad | None:
    """The page's outline in a photo, or None (no page found, or the page fills the image:
    a flat scan). The page is the largest bright, low-saturation region whose outline is a
    convex quadrilateral covering at least ``MIN_AREA`` of the image and clearly brighter
    than the rest of the image."""
    import cv2
    import numpy as np

    rgb = np.asarray(image.convert("RGB"))
    h, w = rgb.shape[:2]
    scale = min(1.0, WORK_SIDE / max(h, w))
    small = cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), (5, 5), 0)
    # Paper: bright and colourless; light falling off across the page is evened out by
    # closing over the text (text is dark on paper) before thresholding.
    k = max(3, (max(small.shape[:2]) // 40) | 1)
    closed = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    _, paper = cv2.threshold(closed, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper[hsv[..., 1] > 90] = 0  # coloured surfaces (wood, cloth) are not paper
    paper = cv2.morphologyEx(paper, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour)
    sh, sw = small.shape[:2]
    if area < MIN_AREA * sw * sh:
        return None
    hull = cv2.convexHull(contour)
    quad = None
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float32)
            break
    if quad is None or cv2.contourArea(quad) < 0.9 * area * 0.95:
        return None
    quad = _ordered(quad)
    if _fills(quad, sw, sh):
        return None
    inside = np.zeros((sh, sw), np.uint8)
    cv2.fillConvexPoly(inside, quad.astype(np.int32), 255)
    outside = inside == 0
    if outside.sum() < 0.01 * sw * sh:
        return None
    if float(closed[inside > 0].mean()) - float(closed[outside].mean()) < MIN_CONTRAST:
        return None
    corners = [(float(x / scale), float(y / scale)) for x, y in quad]
    return PageQuad(corners, _flat_size(corners))


def rectify(image: Image.Image, quad: PageQuad) -> Image.Image:
    """The flat page (RGB) cut out of the photo along ``quad``."""
    import cv2
    import numpy as np
    from PIL import Image

    w, h = quad.size
    dst = np.array([(0, 0), (w, 0), (w, h), (0, h)], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(np.array(quad.corners, dtype=np.float32), dst)
    flat = cv2.warpPerspective(np.asarray(image.convert("RGB")), matrix, (w, h),
                               flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return Image.fromarray(flat)


def _ordered(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left: clockwise around their
    centre, from the one nearest the image's top-left corner (sums and differences of the
    coordinates alone gave one corner twice for a page turned by ~20°)."""
    import numpy as np

    centre = quad.mean(axis=0)
    turned = quad[np.argsort(np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0]))]
    return np.roll(turned, -int(turned.sum(axis=1).argmin()), axis=0).astype(np.float32)


def _fills(quad: np.ndarray, w: int, h: int) -> bool:
    """The quadrilateral is the image's own frame (a flat scan)."""
    import cv2
    import numpy as np

    frame = np.array([(0, 0), (w, 0), (w, h), (0, h)], dtype=np.float32)
    near = np.abs(quad - frame).max() <= 0.03 * max(w, h)
    return bool(near or cv2.contourArea(quad) >= FILLS * w * h)


def _flat_size(corners: list[Point]) -> tuple[int, int]:
    """Width and height of the flat page: the longer of each pair of opposite sides."""
    import math

    (a, b, c, d) = corners

    def side(p: Point, q: Point) -> float:
        return math.hypot(p[0] - q[0], p[1] - q[1])

    return max(1, round(max(side(a, b), side(d, c)))), max(1, round(max(side(a, d), side(b, c))))
