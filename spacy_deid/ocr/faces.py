"""Faces (the photo on an ID-card copy, a wound photo) found with OpenCV's Haar cascades,
which ship with the opencv-python-headless package (``cv2.data``: no download), and blacked
out with a margin for hair, ears and chin.

Frontal and profile cascades (the profile one on the image and its mirror) run on a copy of
at most ``WORK_SIDE`` pixels on its long side (not histogram-equalised: on a mostly white
page that flattens the face); a detection whose box is not continuous in tone (text, black on
white) is dropped. Overlapping boxes are joined.
"""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

Box = tuple[int, int, int, int]
WORK_SIDE = 1000
MIN_TONE = 0.3  # share of mid-grey pixels in a face's box: text is black on white
MARGIN = 0.25  # of the face's size, on each side (1.4 times that above, 1.2 below)
CASCADES = ("haarcascade_frontalface_default.xml", "haarcascade_profileface.xml")


@cache
def _cascade(name: str) -> Any:
    import cv2

    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + name)  # type: ignore[attr-defined]  # not in cv2's stubs
    if cascade.empty():
        raise RuntimeError(f"OpenCV's face cascade {name} could not be loaded")
    return cascade


def find_faces(image: Image.Image, min_neighbors: int = 6) -> list[Box]:
    """Face boxes (grown by ``MARGIN``, clipped to the image, overlapping ones joined) on
    ``image``. Raises if a cascade cannot be loaded (the caller fails closed)."""
    import cv2
    import numpy as np
    from PIL import Image as PILImage

    from .preprocess import flatten

    gray = np.asarray(image.convert("L"))
    h, w = gray.shape
    scale = min(1.0, WORK_SIDE / max(h, w))
    small = cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1 else gray
    plain = np.asarray(flatten(PILImage.fromarray(small)))  # paper white in any light
    sw = small.shape[1]
    found = []
    for name in CASCADES:
        for flip in ((False, True) if "profile" in name else (False,)):
            view = small[:, ::-1] if flip else small
            for x, y, fw, fh in _cascade(name).detectMultiScale(
                    np.ascontiguousarray(view), scaleFactor=1.1, minNeighbors=min_neighbors,
                    minSize=(24, 24)):
                x = sw - x - fw if flip else x
                face = plain[y:y + fh, x:x + fw]
                if float(((face > 50) & (face < 210)).mean()) >= MIN_TONE:
                    found.append((x, y, fw, fh))
    boxes: list[Box] = []
    for x, y, fw, fh in found:
        mx, my = MARGIN * fw, MARGIN * fh
        boxes.append((max(0, int((x - mx) / scale)), max(0, int((y - 1.4 * my) / scale)),
                      min(w, int((x + fw + mx) / scale) + 1), min(h, int((y + fh + 1.2 * my) / scale) + 1)))
    return _joined(boxes)


def _joined(boxes: list[Box]) -> list[Box]:
    """Overlapping boxes replaced by their union, until none overlap."""
    out = [list(b) for b in boxes]
    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                a, b = out[i], out[j]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    out[i] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    return sorted((b[0], b[1], b[2], b[3]) for b in out)
