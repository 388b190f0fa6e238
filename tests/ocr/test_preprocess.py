"""Preparation steps map boxes back to the original pixels; ink checks."""
import numpy as np
import pytest
from PIL import Image, ImageDraw

from spacy_deid.ocr.preprocess import grow_to_ink, ink_coverage, ink_mask, otsu, prepare, skew_angle


def lines_image(angle=0.0):
    image = Image.new("L", (900, 700), 255)
    draw = ImageDraw.Draw(image)
    for y in range(100, 600, 90):
        draw.rectangle((100, y, 800, y + 18), fill=0)
    return image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)


@pytest.mark.parametrize("angle", [-2.5, 1.5])
def test_deskew_finds_the_angle_and_boxes_map_back(angle):
    skewed = lines_image(angle)
    assert skew_angle(skewed) == pytest.approx(-angle, abs=0.3)
    prepared, dpi, geo = prepare(skewed.convert("RGB"), ["grayscale", "deskew"], 300)
    assert dpi == 300 and geo.angle == pytest.approx(-angle, abs=0.3)
    # the first bar, found on the straightened page, maps back onto the skewed bar
    def bar_box(image, rows):
        ys, xs = np.nonzero(np.asarray(image)[rows] < 128)
        return (int(xs.min()), int(ys.min()) + rows.start, int(xs.max()) + 1,
                int(ys.max()) + 1 + rows.start)

    found = bar_box(prepared, slice(80, 150))
    expected = bar_box(skewed, slice(60, 165))
    mapped = geo.to_original(found)
    assert all(abs(a - b) <= 6 for a, b in zip(mapped, expected)), (mapped, expected)


def test_upscale_and_binarize():
    image = lines_image().resize((450, 350))
    prepared, dpi, geo = prepare(image, ["upscale", "binarize"], 150)
    assert prepared.size == (900, 700) and dpi == 300 and geo.scale == 2
    assert set(np.unique(np.asarray(prepared))) <= {0, 255}
    assert geo.to_original((200, 200, 400, 300)) == (100, 100, 200, 150)
    same, dpi, geo = prepare(image, ["upscale"], 300)
    assert same.size == image.size and geo.scale == 1
    small, dpi, geo = prepare(lines_image(), ["downscale"], 300)
    assert small.size == (600, 467) and dpi == 200
    assert geo.to_original((100, 100, 200, 150)) == (150, 150, 300, 225)
    assert 0 < otsu(image) < 255


def test_ink_coverage_counts_inked_cells_outside_boxes():
    ink = ink_mask(lines_image())
    check = ink_coverage(ink, [(100, 100, 800, 300)], 25)
    assert check.inked_cells > 0 and 0.3 < check.coverage < 0.6
    # the three bars below the box (grown by a cell) are three unread regions
    assert len(check.unread) == 3
    for x0, y0, x1, y1 in check.unread:
        assert y0 >= 350 and x0 <= 100 and x1 >= 800 and y1 - y0 <= 50
    full = ink_coverage(ink, [(0, 0, 900, 700)], 25)
    assert full.coverage == 1.0 and full.unread == []
    blank = ink_coverage(ink_mask(Image.new("L", (300, 300), 255)), [], 25)
    assert (blank.coverage, blank.inked_cells, blank.unread) == (0.0, 0, [])


def test_flatten_removes_uneven_light_but_keeps_ink():
    image = lines_image()
    arr = np.asarray(image, dtype=np.float32)
    shade = np.linspace(1.0, 0.55, arr.shape[1])[None, :]  # paper from 255 down to ~140
    dim = Image.fromarray((arr * shade).astype(np.uint8))
    assert (np.asarray(dim) < 160).mean() > 0.2  # a plain threshold calls the shade ink
    assert (ink_mask(dim) == (np.asarray(image) < 128)).mean() > 0.99


def test_grow_to_ink_reaches_the_touching_ink_only():
    ink = np.zeros((100, 200), dtype=bool)
    ink[40:60, 50:120] = True
    assert grow_to_ink(ink, (60, 45, 110, 55), 20) == (50, 40, 120, 60)
    assert grow_to_ink(ink, (60, 45, 110, 55), 3) == (57, 42, 113, 58)


def test_grow_to_ink_bridges_narrow_gaps_sideways_only():
    ink = np.zeros((100, 200), dtype=bool)
    ink[40:60, 50:70] = True  # a digit left of the box, 10 white columns away
    ink[40:60, 80:120] = True
    ink[70:80, 80:120] = True  # the line below, 10 white rows away
    assert grow_to_ink(ink, (85, 45, 110, 55), 40) == (80, 40, 120, 60)
    assert grow_to_ink(ink, (85, 45, 110, 55), 40, bridge=8) == (80, 40, 120, 60)
    assert grow_to_ink(ink, (85, 45, 110, 55), 40, bridge=12) == (50, 40, 120, 60)
    assert grow_to_ink(ink, (85, 45, 110, 55), 20, bridge=12) == (65, 40, 120, 60)  # max_grow
    held = ink.copy()
    held[:, 50:70] = False  # that ink is in another word's box: no jump to it
    assert grow_to_ink(ink, (85, 45, 110, 55), 40, bridge=12, free=held) == (80, 40, 120, 60)
