"""Pictures on a page (an X-ray, the photo on an ID-card copy, a shaded logo) told from
text-like ink, so that a picture neither fails the page as unread ink nor is blacked out.

Text is thin strokes: an opening with a square of ~0.9 mm (``dpi / 28``) removes it. What
survives, merged over gaps of ~2.5 mm, is a candidate; it is a picture when it is large (at
least ~2.5 mm on its short side and 1/36 square inch), continuous in tone (at least
``MIN_TONE`` of its pixels mid-grey rather than black or white) and smooth (pixel noise,
which could hide anything, is not a picture: ``MAX_NOISE``). Solid
black shapes (an unread QR code, a redaction bar, a black logo) are not pictures: they stay
ink, blacked out as unread. Text-like ink outside the pictures' boxes is checked as before;
inside them, only what OCR reads is (text that OCR cannot read in a picture is left as it is:
the reader's ``pictures=False`` treats pictures as unread ink again).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

Box = tuple[int, int, int, int]
MIN_TONE = 0.3  # share of a picture's pixels between 50 and 210 (of 255)
MAX_NOISE = 12.0  # median |pixel - its 1 px Gaussian blur|: photos 1-2, pixel noise ~30


@dataclass
class Pictures:
    boxes: list[Box]
    mask: np.ndarray  # bool, rows × columns: inside a picture's box


def find_pictures(gray: np.ndarray, ink: np.ndarray, dpi: int,
                  exclude: list[Box] | tuple = ()) -> Pictures:
    """The picture regions of a page: ``gray`` is its grayscale pixels (uint8), ``ink`` its
    ink mask, ``exclude`` boxes not to look at (symbols already found)."""
    import cv2
    import numpy as np

    h, w = ink.shape
    candidates = ink.astype(np.uint8)
    for x0, y0, x1, y1 in exclude:
        candidates[max(0, y0):y1, max(0, x0):x1] = 0
    k = max(5, dpi // 28)
    opened = cv2.morphologyEx(candidates, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    mask = np.zeros((h, w), bool)
    boxes: list[Box] = []
    if not opened.any():
        return Pictures(boxes, mask)
    gap = max(9, dpi // 10)
    closed = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, np.ones((gap, gap), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    pixels = gray.astype(np.float32)
    noise = np.abs(pixels - cv2.GaussianBlur(pixels, (0, 0), 1.0))
    min_side, min_area = dpi / 10, (dpi / 6) ** 2
    for i in range(1, count):
        x, y, bw, bh, area = stats[i]
        if min(bw, bh) < min_side or area < min_area:
            continue
        values = gray[y:y + bh, x:x + bw]
        tone = float(((values > 50) & (values < 210)).mean())
        if tone < MIN_TONE or float(np.median(noise[y:y + bh, x:x + bw])) > MAX_NOISE:
            continue
        mask[y:y + bh, x:x + bw] |= labels[y:y + bh, x:x + bw] == i
    if not mask.any():
        return Pictures(boxes, mask)
    # the picture's own edges and thin lines (hair, a frame) go with it; its parts as one
    mask = cv2.dilate(mask.astype(np.uint8), np.ones((2 * k + 1, 2 * k + 1), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((gap, gap), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes = [(int(x), int(y), int(x + bw), int(y + bh)) for x, y, bw, bh, _ in stats[1:]]
    region = np.zeros((h, w), bool)
    for x0, y0, x1, y1 in boxes:  # a picture's box is the picture's: its thin lines too
        region[y0:y1, x0:x1] = True
    return Pictures(boxes, region)
