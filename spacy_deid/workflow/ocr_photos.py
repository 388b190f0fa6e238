"""Rendered test images for issue 15: phone photos of pages lying on a table (turned up to
~25°, tilted, a textured background, a shadow, light falling off), pages with pictures (an
X-ray-like image, an ID-card photo), and wristbands with a QR code and a barcode. Every image
keeps the ink and PHI labels of :mod:`spacy_deid.workflow.ocr_pages` in its own pixels.

The face on the ID cards is scikit-image's ``data.astronaut()`` (a real photo, bundled with
the package); wristband symbols are drawn with segno and python-barcode (test extras).
"""
from __future__ import annotations

import io
import random
from dataclasses import replace
from typing import TYPE_CHECKING

from .ocr_pages import RenderedPage

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

BACKGROUNDS = ("wood", "cloth", "dark")
Box = tuple[int, int, int, int]
# the astronaut's face in data.astronaut() (512 x 512), marked by hand: skin from the
# hairline to the chin, cheek to cheek
ASTRONAUT_FACE: Box = (178, 75, 275, 178)


def background(size: tuple[int, int], kind: str, seed: int = 0) -> np.ndarray:
    """A textured table top (RGB uint8, height × width)."""
    import cv2
    import numpy as np

    w, h = size
    rng = np.random.default_rng(seed)
    if kind == "wood":
        yy = np.arange(h, dtype=np.float32)[:, None]
        xx = np.arange(w, dtype=np.float32)[None, :]
        grain = np.sin(yy / 9.0 + 3 * np.sin(xx / 140.0)) * 0.5 + 0.5
        base = np.array([120, 82, 50], np.float32)
        img = base * (0.75 + 0.35 * grain[..., None])
    elif kind == "cloth":
        noise = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 3)
        img = np.array([70, 90, 130], np.float32) * (1 + 0.25 * noise[..., None])
    else:
        img = np.full((h, w, 3), 55, np.float32)
    img += rng.normal(0, 8, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def photo(page: RenderedPage, seed: int = 0, max_angle: float = 25.0,
          kind: str | None = None, frame: tuple[float, float] = (1.45, 1.3)) -> RenderedPage:
    """``page`` photographed on a table: scaled to ~200 dpi, turned by up to ``max_angle``
    degrees, tilted (perspective), on a textured background, with a soft shadow across part
    of it, light falling off, blur, noise and JPEG 60. The photo is ``frame`` times the
    page's width and height (a long, narrow wristband needs a taller one). Labels and ink
    follow the page."""
    import cv2
    import numpy as np
    from PIL import Image

    rng = random.Random(seed)
    kind = kind or BACKGROUNDS[seed % len(BACKGROUNDS)]
    src = np.asarray(page.image.convert("RGB"))
    ph, pw = src.shape[:2]
    scale = 0.67
    w, h = pw * scale, ph * scale
    out_w, out_h = round(w * frame[0]), round(h * frame[1])
    angle = np.radians(rng.uniform(-max_angle, max_angle))
    cx, cy = out_w / 2 + rng.uniform(-0.04, 0.04) * out_w, out_h / 2 + rng.uniform(-0.03, 0.03) * out_h
    fit = min(out_w / (abs(w * np.cos(angle)) + abs(h * np.sin(angle))),
              out_h / (abs(w * np.sin(angle)) + abs(h * np.cos(angle)))) * 0.92
    fit = min(1.0, fit)
    tilt = rng.uniform(0.0, 0.08)  # the far edge looks shorter
    corners = []
    for x, y in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)):
        x = x * (1 - tilt) if y < 0 else x
        x, y = x * fit, y * fit
        corners.append((cx + x * np.cos(angle) - y * np.sin(angle),
                        cy + x * np.sin(angle) + y * np.cos(angle)))
    matrix = cv2.getPerspectiveTransform(np.float32([(0, 0), (pw, 0), (pw, ph), (0, ph)]),
                                         np.float32(corners))
    size = (out_w, out_h)
    warped = cv2.warpPerspective(src, matrix, size, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), matrix, size) > 127
    labels = cv2.warpPerspective(page.labels.astype(np.float32), matrix, size,
                                 flags=cv2.INTER_NEAREST).astype(np.int32)
    ink = cv2.warpPerspective(page.ink.astype(np.uint8), matrix, size,
                              flags=cv2.INTER_NEAREST) > 0
    img = np.where(mask[..., None], warped, background(size, kind, seed)).astype(np.float32)
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    img *= (0.7 + 0.3 * (1 - (xx / out_w + yy / out_h) / 2))[..., None]  # light falls off
    # a soft shadow (a hand, a phone) over one side
    a = rng.uniform(0, 2 * np.pi)
    d = (xx - out_w * rng.uniform(0.2, 0.8)) * np.cos(a) + (yy - out_h * rng.uniform(0.2, 0.8)) * np.sin(a)
    img *= (1 - 0.3 / (1 + np.exp(-d / 40.0)))[..., None]
    img = cv2.GaussianBlur(img, (0, 0), 0.8)
    img += np.random.default_rng(seed).normal(0, 6, img.shape)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=60)
    out = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return replace(page, image=out, labels=labels, ink=ink, dpi=round(page.dpi * scale))


def xray(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """An X-ray-like picture: a dark film, a bright body with ribs, soft noise (RGB)."""
    import cv2
    import numpy as np
    from PIL import Image

    w, h = size
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.full((h, w), 25, np.float32)
    img += 110 * np.exp(-(((xx - w / 2) / (0.38 * w)) ** 2 + ((yy - h / 2) / (0.45 * h)) ** 2) ** 2)
    for i in range(6):
        y = h * (0.25 + 0.09 * i) + 0.08 * h * np.abs((xx - w / 2) / (0.3 * w))
        img += 70 * np.exp(-((yy - y) / (0.012 * h)) ** 2) * (np.abs(xx - w / 2) < 0.33 * w)
    img += cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 6) * 25
    gray = np.clip(cv2.GaussianBlur(img, (0, 0), 2), 0, 255).astype(np.uint8)
    return Image.fromarray(gray).convert("RGB")


def with_picture(page: RenderedPage, picture: Image.Image,
                 where: tuple[int, int] | None = None) -> tuple[RenderedPage, tuple[int, int, int, int]]:
    """``page`` with ``picture`` pasted below its text (or at ``where``); the picture's box."""
    import numpy as np

    image = page.image.copy()
    if where is None:
        ys = np.nonzero(page.labels.any(axis=1))[0]
        top = int(ys.max()) + page.dpi // 4 if len(ys) else page.dpi // 2
        where = (image.width - picture.width - page.dpi // 2, top)
    image.paste(picture, where)
    box = (where[0], where[1], where[0] + picture.width, where[1] + picture.height)
    return replace(page, image=image), box


def astronaut() -> Image.Image:
    """scikit-image's astronaut photo (RGB, 512 x 512; its face: ``ASTRONAUT_FACE``)."""
    from PIL import Image
    from skimage import data

    return Image.fromarray(data.astronaut())


def id_card(lang: str, seed: int = 0) -> tuple[RenderedPage, Box]:
    """A copy of an ID card: title, name, ID number and date of birth on the left, the
    astronaut's head and shoulders on the right (about 25 x 31 mm at 300 dpi); the face's
    box on the card."""
    from PIL import Image

    from . import ocr_pages

    v = ocr_pages._values(random.Random(seed), lang)
    if lang == "th":
        lines = [[("บัตรประจำตัวประชาชน", None)], [("ชื่อ นาย", None), (v["name"], "PERSON")],
                 [("เลขประจำตัว ", None), (v["nid"], "ID")],
                 [("เกิดวันที่ ", None), (v["dob"], "DATE")]]
    else:
        lines = [[("Identification Card", None)], [("Name: ", None), (v["name"], "PERSON")],
                 [("ID No. ", None), (v["nid"], "ID")],
                 [("Date of birth: ", None), (v["dob"], "DATE")]]
    font = ocr_pages.FONTS[lang][seed % len(ocr_pages.FONTS[lang])]
    page = ocr_pages.render(lines, font=font, size_mm=(150, 80), font_pt=11, margin_mm=6)
    crop, scale = (120, 10, 320, 260), 1.5
    head = astronaut().crop(crop)
    head = head.resize((round(head.width * scale), round(head.height * scale)),
                       Image.Resampling.LANCZOS)
    where = (page.image.width - head.width - page.dpi // 5, page.dpi // 5)
    card, _ = with_picture(page, head, where)
    fx0, fy0, fx1, fy1 = ASTRONAUT_FACE
    face = (where[0] + round((fx0 - crop[0]) * scale), where[1] + round((fy0 - crop[1]) * scale),
            where[0] + round((fx1 - crop[0]) * scale), where[1] + round((fy1 - crop[1]) * scale))
    return card, face


def wristband(lang: str, seed: int = 0) -> tuple[RenderedPage, np.ndarray]:
    """A patient wristband (250 x 30 mm, tinted): name, HN and date of birth, a QR code
    holding them and a Code 128 barcode of the HN; and the mask of the symbols' dark
    modules and bars."""
    import barcode
    import numpy as np
    import segno
    from barcode.writer import ImageWriter
    from PIL import Image

    from . import ocr_pages

    v = ocr_pages._values(random.Random(seed), lang)
    hn = "".join(ch for ch in v["hn"] if ch.isdigit()) or "0"
    lines = [[(v["name"], "PERSON"), ("  HN ", None), (v["hn"], "ID")],
             [("DOB " if lang == "en" else "วันเกิด ", None), (v["dob"], "DATE")]]
    font = ocr_pages.FONTS[lang][seed % len(ocr_pages.FONTS[lang])]
    page = ocr_pages.render(lines, font=font, size_mm=(250, 30), font_pt=10, margin_mm=3)
    buf = io.BytesIO()
    segno.make(f"{v['hn']}|{v['name']}|{v['dob']}", error="m").save(
        buf, kind="png", scale=6, border=2)
    qr = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    buf = io.BytesIO()
    barcode.get("code128", hn, writer=ImageWriter()).write(
        buf, {"write_text": False, "module_height": 6.0, "module_width": 0.25, "dpi": 300,
              "quiet_zone": 2.0})
    bar = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    image = page.image.copy()
    w, h = image.size
    qr = qr.resize((h - 20, h - 20), Image.Resampling.NEAREST)
    bar_at = (w - qr.width - bar.width - 60, (h - bar.height) // 2)
    image.paste(bar, bar_at)
    image.paste(qr, (w - qr.width - 10, 10))
    symbols = np.zeros((h, w), bool)
    symbols[bar_at[1]:bar_at[1] + bar.height, bar_at[0]:bar_at[0] + bar.width] = \
        np.asarray(bar.convert("L")) < 128
    symbols[10:10 + qr.height, w - qr.width - 10:w - 10] = np.asarray(qr.convert("L")) < 128
    tint = np.array([255, 236, 214] if seed % 2 else [214, 232, 255], np.float32) / 255
    band = (np.asarray(image, np.float32) * tint).astype(np.uint8)
    return replace(page, image=Image.fromarray(band)), symbols
