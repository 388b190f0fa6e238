"""Pure conversion: OCR words (or PDF text-layer characters) → page text with a box per
character → a spaCy Doc whose tokens carry page, pixel box and OCR confidence.

Tesseract returns Thai as glyph fragments (down to a lone tone mark), not words. Lines are
rebuilt from the fragments (a space only where the gap is wide; Latin/digit words always
get one; closing punctuation after Thai and the parts of an e-mail address never), the
line is tokenized by the pipeline's tokenizer, and every token gets the union of the boxes
of the characters it covers: a whole fragment's box when the token covers the
whole fragment, an interpolated slice (half a character wider on each side) when it covers
only part of it. Boxes are stretched to the height of their line, because Tesseract's Thai
glyph boxes leave out marks above and below.
"""
from __future__ import annotations

import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from spacy.tokens import Doc

from ..extensions import install_extensions
from ..text import is_thai

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 (pixels, x1/y1 exclusive)
LINE_SEP = "\n"
BLOCK_SEP = "\n\n"
PAGE_SEP = "\n\n"
# Tesseract writes nikhahit + sara aa for sara am, and two sara e for sara ae.
_NORMALISE = (("\u0e4d\u0e32", "\u0e33"), ("\u0e40\u0e40", "\u0e41"))


@dataclass
class Word:
    """One OCR word (a Latin word or a Thai glyph fragment) or a text-layer run."""

    text: str
    box: Box
    conf: float | None = None  # 0-100; None for text-layer words


@dataclass
class Line:
    words: list[Word]
    block: tuple[int, ...]  # lines of one block are joined by "\n", blocks by "\n\n"
    extent: Box | None = None  # the line's box when larger than its words' (marks above)


@dataclass
class PageText:
    """A page's text with, per character, its box and the index of its word (-1 = inserted)."""

    text: str
    boxes: list[Box | None]
    word_ids: list[int]
    words: list[Word] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # decoded QR/barcode values (never audited)


def union(boxes: Iterable[Box]) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def lines_from_tesseract(data: dict[str, list]) -> list[Line]:
    """Group the word rows (level 5, non-blank text) of ``image_to_data`` into lines."""
    lines: dict[tuple[int, int, int], Line] = {}
    for i, level in enumerate(data["level"]):
        text = data["text"][i]
        if level != 5 or not text.strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        x, y = data["left"][i], data["top"][i]
        word = Word(text.strip(), (x, y, x + data["width"][i], y + data["height"][i]),
                    float(data["conf"][i]))
        if key not in lines:
            lines[key] = Line([], (key[0],))
        lines[key].words.append(word)
    return list(lines.values())


def merge_mark_lines(
    lines: Sequence[Line], height_ratio: float = 0.6, max_conf: float = 88.0
) -> list[Line]:
    """Fold "lines" of Thai marks into the text line they belong to.

    Tesseract often reads the vowels and tone marks above a Thai line once more as a line
    of its own: short (under ``height_ratio`` × the median line height), low confidence
    (mean under ``max_conf``; the median is over confident lines) and overlapping or just
    above a full line. Such a line is
    left out of the text and its vertical extent is added to the full line (the one below
    it that it overlaps most), so that redaction boxes, stretched to line height, also
    cover the marks.
    """
    if len(lines) < 2:
        return list(lines)
    boxes = [cast(Box, union(w.box for w in line.words)) for line in lines]  # lines have words
    heights = [b[3] - b[1] for b in boxes]
    confs = [statistics.mean(w.conf if w.conf is not None else 100.0 for w in line.words)
             for line in lines]
    confident = [h for h, c in zip(heights, confs) if c >= max_conf]
    median = statistics.median(confident or heights)
    out: dict[int, Line] = {}
    marks: dict[int, list[Box]] = {}
    for i, line in enumerate(lines):
        if heights[i] < height_ratio * median and confs[i] < max_conf:
            target = _line_below(i, boxes, heights, median)
            if target is not None:
                marks.setdefault(target, []).append(boxes[i])
                continue
        out[i] = line
    for i, extra in marks.items():
        if i in out:
            out[i] = Line(out[i].words, out[i].block, union([boxes[i], *extra]))
    return [out[i] for i in sorted(out)]


def _line_below(i: int, boxes: list[Box], heights: list[int], median: float) -> int | None:
    """The full-height line that line ``i`` overlaps most or sits just above (horizontally
    overlapping); None if there is none."""
    a = boxes[i]
    best, best_score = None, 0.0
    for j, b in enumerate(boxes):
        if j == i or heights[j] < 0.6 * median:
            continue
        if min(a[2], b[2]) <= max(a[0], b[0]):
            continue  # no horizontal overlap
        overlap = min(a[3], b[3]) - max(a[1], b[1])
        gap = b[1] - a[3]
        if b[3] <= a[3] or (overlap <= 0 and gap > 0.3 * median):
            continue  # not below it, or too far
        score = overlap if overlap > 0 else -gap
        if best is None or score > best_score:
            best, best_score = j, score
    return best


_CLOSING = set(".,:;!?)]}%")


def _needs_space(left: Word, right: Word, scale: float, gap_ratio: float) -> bool:
    """Whether a space goes between two fragments of a line; ``scale`` is the page's median
    line height.

    - ``@`` and a dot after it (an e-mail address): never.
    - Latin/digit/punctuation on both sides: always (Tesseract splits them at real spaces).
    - Thai on both sides: across a gap wider than ``gap_ratio`` × scale.
    - Thai then closing punctuation (``. , : ; ! ? ) ] } %``): never; Thai then other
      punctuation: the Thai rule. Punctuation then Thai: ¾ of the Thai ratio.
    - Thai and Latin/digit (a change of script): half the Thai ratio.

    Measured on 30 rendered Thai pages (2 documents × 3 kinds × the 5 fonts of
    ``render.FONTS["th"]``, 300 dpi, 12 pt), gap / page median line height, fragments aligned
    to the true text: Thai–Thai within-word gaps 5956 (median 0.06, 99.9th percentile 0.27,
    max 0.31), true spaces 183 (5th percentile 0.14, median 0.36); a threshold of 0.26 gives 9
    invented and 27 missed spaces (0.25 over the line's own height, as before: 34 and 28).
    Thai then ``.`` or ``:``: never a space, gaps up to 0.4. Punctuation then Thai: no space
    up to 0.13, true spaces (after ``:``) from 0.23. Thai↔Latin/digit: 188 true spaces, no
    within-word gap.
    """
    a, b = left.text[-1], right.text[0]
    if "@" in (a, b) or ("@" in left.text and "." in (a, b)):
        return False
    thai_a, thai_b = is_thai(a), is_thai(b)
    if not thai_a and not thai_b:
        return True
    gap = right.box[0] - left.box[2]
    if thai_a and thai_b:
        ratio = gap_ratio
    elif thai_a and not b.isalnum():
        if b in _CLOSING:
            return False
        ratio = gap_ratio
    elif thai_b and not a.isalnum():
        ratio = 0.75 * gap_ratio
    else:
        ratio = gap_ratio / 2
    return gap > ratio * scale


def _char_boxes(text: str, box: Box) -> list[Box]:
    """Interpolated slices of a word box, one per character, half a character wider on each
    side (clamped to the box). Combining marks (Thai vowels and tone marks above and below)
    take no width of their own: they share the slice of the character they sit on."""
    x0, y0, x1, y1 = box
    widths = [0 if unicodedata.category(ch) == "Mn" else 1 for ch in text]
    step = (x1 - x0) / max(sum(widths), 1)
    out = []
    left = 0
    for width in widths:
        start = left - (1 if width == 0 and left else 0)  # a mark: the previous character
        end = max(left + width, start + 1)
        a = int(x0 + step * (start - 0.5))
        b = round(x0 + step * (end + 0.5))
        out.append((max(x0, a), y0, min(x1, b), y1))
        left += width
    return out


def _placed(lines: Sequence[Line]) -> list[tuple[Line, int, list[Box]]]:
    """The lines that have words, each with its height (words and the marks folded into it)
    and its words' boxes stretched to that height."""
    out = []
    for line in lines:
        if line.words:
            _, top, _, bottom = cast(Box, union([*(w.box for w in line.words), *([line.extent] if line.extent else [])]))
            out.append((line, bottom - top, [(w.box[0], top, w.box[2], bottom) for w in line.words]))
    return out


def stretched_boxes(lines: Sequence[Line]) -> list[tuple[Word, Box]]:
    """Every word with its box stretched to its line's height, as :func:`page_text` places it."""
    return [pair for line, _, boxes in _placed(lines) for pair in zip(line.words, boxes)]


def page_text(
    lines: Sequence[Line],
    gap_ratio: float = 0.26,
    adjust: Callable[[Box], Box] | None = None,
) -> PageText:
    """Join lines into page text ("\\n" between lines, "\\n\\n" between blocks).

    Spaces are decided on the words' own boxes (see :func:`_needs_space`; the scale is the
    median line height of the page, steadier than each line's own height, which grows with
    marks above and below); then each box is stretched to its line's
    height and passed through ``adjust`` (e.g. grown to the ink it touches). Thai
    normalisations (``ํา`` → ``ำ``, ``เเ`` → ``แ``) merge two characters into one that keeps
    both boxes.
    """
    chars: list[str] = []
    boxes: list[Box | None] = []
    word_ids: list[int] = []
    words: list[Word] = []
    prev_block = None
    placed = _placed(lines)
    scale = statistics.median(height for _, height, _ in placed) if placed else 0
    for line, _, line_boxes in placed:
        if chars:
            sep = LINE_SEP if line.block == prev_block else BLOCK_SEP
            chars.extend(sep)
            boxes.extend([None] * len(sep))
            word_ids.extend([-1] * len(sep))
        prev_block = line.block
        prev: Word | None = None
        for word, box in zip(line.words, line_boxes):
            if prev is not None and _needs_space(prev, word, scale, gap_ratio):
                chars.append(" ")
                boxes.append(None)
                word_ids.append(-1)
            stretched = Word(word.text, adjust(box) if adjust else box, word.conf)
            chars.extend(word.text)
            boxes.extend(_char_boxes(word.text, stretched.box))
            word_ids.extend([len(words)] * len(word.text))
            words.append(stretched)
            prev = word
    _normalise(chars, boxes, word_ids)
    return PageText("".join(chars), boxes, word_ids, words)


MASK = "\u2591"  # ░


def mask_low_conf(page: PageText, min_conf: float) -> PageText:
    """The page with every character of a word under ``min_conf`` replaced by ``░``: text
    that OCR could not read reliably reaches neither the de-id pipeline nor the text output
    (its boxes are blacked out on the image). Lengths and boxes are unchanged."""
    low = {i for i, w in enumerate(page.words) if w.conf is not None and w.conf < min_conf}
    if not low:
        return page
    text = "".join(MASK if w in low else ch for ch, w in zip(page.text, page.word_ids))
    return PageText(text, page.boxes, page.word_ids, page.words)


def _normalise(chars: list[str], boxes: list[Box | None], word_ids: list[int]) -> None:
    """Apply the two-character Thai normalisations in place (the pair → one character)."""
    i = 0
    while i < len(chars) - 1:
        pair = chars[i] + chars[i + 1]
        for old, new in _NORMALISE:
            if pair == old:
                chars[i : i + 2] = [new]
                boxes[i : i + 2] = [union(b for b in boxes[i : i + 2] if b is not None)]
                # the merged character keeps the first word; the second word, if different,
                # is still covered through the merged box
                del word_ids[i + 1]
                break
        i += 1


def build_doc(
    make_doc: Callable[[str], Doc], pages: Sequence[PageText]
) -> tuple[Doc, list[tuple[int, int]]]:
    """Tokenize the pages' text (pages joined by "\\n\\n") and set ``deid_page``,
    ``deid_bbox`` and ``deid_ocr_conf`` on every token. Returns the Doc and each page's
    ``(start_char, end_char)``. Whitespace tokens get a page but no box."""
    install_extensions()
    parts: list[str] = []
    ranges: list[tuple[int, int]] = []
    offset = 0
    for i, page in enumerate(pages):
        if i:
            parts.append(PAGE_SEP)
            offset += len(PAGE_SEP)
        parts.append(page.text)
        ranges.append((offset, offset + len(page.text)))
        offset += len(page.text)
    text = "".join(parts)
    doc = make_doc(text)
    if doc.text != text:
        raise ValueError("The tokenizer changed the text; OCR boxes cannot be aligned")
    counts = [Counter(page.word_ids) for page in pages]
    page_no = 0
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        while page_no + 1 < len(ranges) and start >= ranges[page_no][1]:
            page_no += 1
        token._.deid_page = page_no
        page = pages[page_no]
        lo, hi = max(start - ranges[page_no][0], 0), end - ranges[page_no][0]
        box, conf = _token_box(page, counts[page_no], lo, min(hi, len(page.text)))
        token._.deid_bbox = list(box) if box else None
        token._.deid_ocr_conf = conf
    return doc, ranges


def _token_box(
    page: PageText, counts: Counter, lo: int, hi: int
) -> tuple[Box | None, float | None]:
    """Union of the character boxes in ``[lo, hi)``; whole word boxes for words fully
    covered. Confidence = minimum over the words touched (None for text-layer words)."""
    ids = [w for w in page.word_ids[lo:hi] if w >= 0]
    if not ids:
        return None, None
    parts = [b for b in page.boxes[lo:hi] if b is not None]
    touched = sorted(set(ids))
    for w in touched:
        if counts[w] == ids.count(w):  # the whole word is inside the token
            parts.append(page.words[w].box)
    confs = [c for w in touched if (c := page.words[w].conf) is not None]
    return union(parts), (min(confs) if confs else None)
