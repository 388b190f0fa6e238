"""The registered OCR document factory ``spacy_deid.ocr_reader.v1``.

    reader = OCRReader(nlp)                # or registry.misc.get("spacy_deid.ocr_reader.v1")(nlp)
    doc = nlp(reader("scan.png"))          # every token: deid_page, deid_bbox, deid_ocr_conf
    scan = reader.scan("letter.pdf")       # page texts, tokenized later: scan.to_doc(nlp)

Fail closed: words under ``min_conf`` are masked in the text (``░``), listed per page
(``low_conf``) and blacked out by :func:`spacy_deid.ocr.draw.redact_pages`, and so is ink
that no text box accounts for (``unread``: a line OCR skipped, a stamp, a signature), and
so are QR codes, barcodes and faces (``codes``, ``faces``: boxes only). A page where face
finding fails, where OCR reads nothing, or reads text in less than ``min_ink_coverage`` of
its inked area, gets status "failed" (its image is withheld unless a fully black page is asked for). Page
information goes to ``doc._.deid_ocr``.

A PDF page's text layer is used only where it agrees with what the page shows (see
:func:`OCRReader.trusted_layer`); otherwise the rendered page is OCRed. Pages are read one at
a time (render or decode, read, keep the text and boxes, drop the image); ``scan.images``
renders or decodes them again when asked. A document is refused before any page is read
when its pages add up to more than ``max_document_pixels``, and fails once it has taken
``max_seconds``.
"""

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from .codes import code_info, find_codes
from .engine import Data, OCREngineError, TesseractEngine
from .errors import OCRInputError, OCRLimitError
from .faces import find_faces
from .layout import (
    Box,
    PageText,
    Word,
    build_doc,
    lines_from_tesseract,
    mask_low_conf,
    merge_mark_lines,
    page_text,
    stretched_boxes,
)
from .limits import Deadline, Limits
from .page_finder import PageQuad, find_page, rectify
from .pdf import TextLayer
from .pictures import find_pictures
from .preprocess import STEPS, InkCheck, grow_to_ink, ink_coverage, ink_mask, prepare
from .sources import Document, Source, SourcePage, open_document

if TYPE_CHECKING:  # numpy and Pillow are imported lazily, where they are used (quoted below)
    import numpy as np
    from PIL import Image

OutsidePage = Literal["blackout", "keep"]
Step = Literal["grayscale", "flatten", "downscale", "deskew", "upscale", "binarize"]
PSMS = (1, 3, 4, 5, 6, 11, 12)
__all__ = ["OCRInputError", "OCRLimitError", "OCRReader", "OCRScan", "PageImages"]


class PageImages(Sequence):
    """A document's page images (PIL RGB, pixels only), rendered or decoded again on each
    access: iterating holds one page at a time."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def __len__(self) -> int:
        return len(self.document)

    def __iter__(self) -> Iterator[Any]:
        return self.document.images()

    def __getitem__(self, index: int) -> Any:  # type: ignore[override]  # an index, no slices
        if not -len(self) <= index < len(self):
            raise IndexError("page index out of range")
        return self.document.image(index % len(self))


@dataclass
class OCRScan:
    """A read document before tokenization: page texts, page information, and the page
    images (again on demand)."""

    kind: str  # "image" or "pdf"
    images: PageImages
    pages: list[PageText]
    info: list[dict[str, Any]]
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def failed_pages(self) -> list[int]:
        return [i["page"] for i in self.info if i["status"] == "failed"]

    def to_doc(self, nlp_or_make_doc: Language | Callable[[str], Doc]) -> Doc:
        """Tokenize with the pipeline's tokenizer and attach page/box/confidence."""
        make_doc = getattr(nlp_or_make_doc, "make_doc", nlp_or_make_doc)
        doc, ranges = build_doc(make_doc, self.pages)
        pages = [dict(info, chars=list(r)) for info, r in zip(self.info, ranges)]
        failed = self.failed_pages
        doc._.deid_ocr = {
            "kind": self.kind,
            "status": "failed" if failed else "ok",
            "failed_pages": failed,
            "pages": pages,
            "settings": dict(self.settings),
        }
        return doc


@registry.misc("spacy_deid.ocr_reader.v1")
class OCRReader:
    """Images (path, bytes, PIL image) and PDFs (every page) → spaCy Docs.

    Registered as ``spacy_deid.ocr_reader.v1``; ``nlp`` gives the tokenizer (default: a
    blank Thai pipeline with our Thai tokenizer).
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        languages: str = "tha+eng",
        psm: int = 3,
        dpi: int = 300,
        preprocess: Sequence[Step] = ("grayscale", "flatten"),
        min_conf: float = 30.0,
        min_ink_coverage: float = 0.6,
        use_text_layer: bool = True,
        gap_ratio: float = 0.26,
        max_pixels: int = 60_000_000,
        max_pages: int = 300,
        max_bytes: int = 200_000_000,
        timeout: float = 120.0,
        max_document_pixels: int = 3_000_000_000,
        max_seconds: float = 1800.0,
        find_page: bool = True,
        outside_page: OutsidePage = "blackout",
        codes: bool = True,
        pictures: bool = True,
        faces: bool = True,
    ) -> None:
        if psm not in PSMS:
            raise ValueError(f"psm must be one of {PSMS} (modes that find text), got {psm}")
        if set(preprocess) - set(STEPS):
            raise ValueError(f"preprocess steps must be among {STEPS}, got {list(preprocess)}")
        if not 50 <= dpi <= 1200:
            raise ValueError(f"dpi must be between 50 and 1200, got {dpi}")
        if max_seconds <= 0:
            raise ValueError(f"max_seconds must be positive, got {max_seconds}")
        if outside_page not in ("blackout", "keep"):
            raise ValueError(f"outside_page must be 'blackout' or 'keep', got {outside_page!r}")
        if nlp is None:
            from ..tokenizer import blank

            nlp = blank("th")
        self.nlp = nlp
        self.engine = TesseractEngine(languages, psm, timeout)
        self.dpi = dpi
        self.preprocess = tuple(preprocess)
        self.min_conf = float(min_conf)
        self.min_ink_coverage = float(min_ink_coverage)
        self.use_text_layer = use_text_layer
        self.gap_ratio = gap_ratio
        self.limits = Limits(max_pixels, max_pages, max_bytes, max_document_pixels)
        self.max_seconds = float(max_seconds)
        self.find_page = bool(find_page)
        self.outside_page = outside_page
        self.codes = bool(codes)
        self.pictures = bool(pictures)
        self.faces = bool(faces)
        self.settings = {
            "languages": languages, "psm": psm, "dpi": dpi, "preprocess": list(self.preprocess),
            "min_conf": self.min_conf, "min_ink_coverage": self.min_ink_coverage,
            "use_text_layer": use_text_layer, "find_page": self.find_page,
            "outside_page": outside_page, "codes": self.codes,
            "pictures": self.pictures, "faces": self.faces,
        }

    def __call__(self, source: Source) -> Doc:
        return self.scan(source).to_doc(self.nlp)

    def pipe(self, sources: Iterable[Source]) -> Iterator[Doc]:
        for source in sources:
            yield self(source)

    def scan(self, source: Source, deadline: Deadline | None = None) -> OCRScan:
        """Read every page (OCR or PDF text layer), one at a time; raises
        :class:`OCRInputError` for bad inputs, :class:`OCRLimitError` for a document over the
        limits (``deadline``: by default ``max_seconds`` from now) and
        :class:`~spacy_deid.ocr.engine.OCREngineError` if Tesseract fails."""
        deadline = deadline or Deadline(self.max_seconds)
        document = open_document(source, self.dpi, self.limits)
        texts: list[PageText] = []
        infos: list[dict[str, Any]] = []
        # no enumerate(): it keeps its last (index, page) pair, the page image with it
        for page in document.pages(self.use_text_layer):
            deadline.check()
            text, info = self.read_page(page, deadline)
            del page  # before the next page is rendered or decoded
            info["page"] = len(infos)
            texts.append(text)
            infos.append(info)
        return OCRScan(document.kind, PageImages(document), texts, infos, self.settings)

    def read_page(
        self, page: SourcePage, deadline: Deadline | None = None
    ) -> tuple[PageText, dict[str, Any]]:
        """One page → ``(PageText, info)``: the visible text layer if it agrees with the page
        (:meth:`trusted_layer`), else Tesseract on the prepared image (boxes mapped back to
        the page's pixels)."""
        info: dict[str, Any] = {"width": page.image.width, "height": page.image.height,
                                "dpi": page.dpi, "hidden_chars": 0, "hidden_boxes": []}
        if page.layer is not None:
            ink = ink_mask(page.image)
            cell = max(8, page.dpi // 12)
            info.update(hidden_chars=page.layer.hidden_chars, hidden_boxes=page.layer.hidden_boxes)
            check, reason = self.trusted_layer(page.layer, ink, cell)
            if check is not None:
                text = page.layer.text
                info.update(source="text_layer", ink_coverage=round(check.coverage, 4),
                            inked_cells=check.inked_cells, unread=_boxes(check.unread),
                            words=len(text.words), mean_conf=None, low_conf=[])
                self._faces(page.image, info)
                return text, self._status(info, text)
            info["text_layer_ignored"] = reason
        image, page_dpi = page.image, page.dpi
        quad = find_page(image) if self.find_page else None
        if quad is not None:  # a photo of a page: read the flat page, draw on the photo
            image, page_dpi = rectify(image, quad), _flat_dpi(quad, page.dpi)
            info.update(page_quad={"corners": [[round(x, 1), round(y, 1)] for x, y in quad.corners],
                                   "size": list(quad.size), "dpi": page_dpi},
                        outside_page=self.outside_page)
        found = find_codes(image) if self.codes else []
        info["codes"] = code_info(found)
        faces = self._faces(image, info)
        ink = ink_mask(image)
        cell = max(8, page_dpi // 12)
        checked = ink  # the ink text must account for: not the pictures'
        if self.pictures:
            import numpy as np

            pictures = find_pictures(np.asarray(image.convert("L")), ink, page_dpi,
                                     [c.box for c in found])
            info["pictures"] = [list(b) for b in pictures.boxes]
            if pictures.boxes:
                checked = ink & ~pictures.mask
        prepared, dpi, geometry = prepare(image, self.preprocess, page_dpi)
        data = self._ocr(prepared, dpi, deadline)
        del prepared
        lines = lines_from_tesseract(data)
        for line in lines:
            line.words = [Word(w.text, geometry.to_original(w.box), w.conf) for w in line.words]
        lines = merge_mark_lines(lines)
        grow = max(2, page_dpi // 40)  # ~0.6 mm, or 0.4 line when the ink goes on

        def reach(box: Box) -> int:
            return max(grow, (box[3] - box[1]) * 2 // 5)

        # Then sideways across a gap narrower than a space to ink that no grown box of a
        # letter holds: Tesseract can box a digit's ink with the tone mark before it.
        free = ink.copy()
        for word, box in stretched_boxes(lines):
            if not all(unicodedata.category(ch) == "Mn" for ch in word.text):
                x0, y0, x1, y1 = grow_to_ink(ink, box, reach(box))
                free[max(0, y0):y1, max(0, x0):x1] = False
        text = page_text(lines, self.gap_ratio, adjust=lambda b: grow_to_ink(
            ink, b, reach(b), int(self.gap_ratio * (b[3] - b[1])), free))
        words = text.words  # boxes stretched to their line's height
        text = mask_low_conf(text, self.min_conf)
        text.codes = [c.value for c in found]
        # a symbol's or a face's ink is accounted for: it is blacked out whole
        check = ink_coverage(checked, [w.box for w in words] + [c.box for c in found] + faces,
                             cell)
        confs = [w.conf for w in words if w.conf is not None]  # Tesseract's words all have one
        low = [[*w.box, round(w.conf, 1)] for w in words if w.conf is not None and w.conf < self.min_conf]
        info.update(source="ocr", ink_coverage=round(check.coverage, 4),
                    inked_cells=check.inked_cells, unread=_boxes(check.unread), words=len(words),
                    mean_conf=round(sum(confs) / len(confs), 2) if confs else None,
                    low_conf=low, skew=round(geometry.angle, 2))
        return text, self._status(info, text)

    def trusted_layer(
        self, layer: TextLayer, ink: "np.ndarray", cell: int
    ) -> tuple[InkCheck | None, str | None]:
        """``(ink check, None)`` when the layer's visible text agrees with the page, else
        ``(None, reason)``. It agrees when no character box, visible or hidden, holds ink that
        the text does not draw itself (an image or drawing of text under or behind the layer)
        and the visible characters account for ``min_ink_coverage`` of the inked area."""
        boxes = [w.box for w in layer.text.words]
        if not boxes:
            return None, "no visible text"
        other = ink & ~layer.drawn  # ink pixels the text does not draw
        least = max(1, int(0.02 * cell * cell))
        for x0, y0, x1, y1 in boxes + layer.hidden_boxes:
            if other[y0:y1, x0:x1].sum() >= least:
                return None, "ink under the text layer that its text does not draw"
        check = ink_coverage(ink, boxes, cell)
        if check.coverage < self.min_ink_coverage:
            return None, f"its visible text accounts for {check.coverage:.0%} of the inked area"
        return check, None

    def _faces(self, image: "Image.Image", info: dict[str, Any]) -> list[Box]:
        """The page's face boxes (``info["faces"]``), if faces are looked for; an error
        leaves ``info["faces_error"]`` (the page fails)."""
        if not self.faces:
            return []
        try:
            faces = find_faces(image)
        except Exception as err:  # fail closed: a face not looked for fails the page
            info["faces_error"] = type(err).__name__
            faces = []
        info["faces"] = [list(b) for b in faces]
        return faces

    def _ocr(self, image: "Image.Image", dpi: int, deadline: Deadline | None) -> Data:
        """Tesseract's table for one page, within the document's time limit."""
        if deadline is None:
            return self.engine.image_to_data(image, dpi)
        deadline.check()
        left = deadline.remaining()
        try:
            return self.engine.image_to_data(image, dpi, min(self.engine.timeout or left, left))
        except OCREngineError:
            deadline.check()  # a timeout that is the document's: say so
            raise

    def _status(self, info: dict[str, Any], text: PageText) -> dict[str, Any]:
        read = bool(text.text.strip())
        # not text, accounted for
        other = bool(info.get("codes") or info.get("pictures") or info.get("faces"))
        if info.get("faces_error"):
            info.update(status="failed", reason="faces could not be looked for")
        elif not read and not info["inked_cells"]:
            info.update(status="ok" if other else "blank", reason=None)
        elif info["ink_coverage"] >= self.min_ink_coverage and (read or other):
            info.update(status="ok", reason=None)
        elif not read:
            info.update(status="failed", reason="no text read on an inked page")
        else:
            info.update(status="failed",
                        reason=f"text read in {info['ink_coverage']:.0%} of the inked area")
        return info


def _flat_dpi(quad: PageQuad, default: int) -> int:
    """The flat page's resolution if it has the proportions of A4 or US Letter (its short
    side 8.27 or 8.5 inches), else ``default``."""
    short, long = sorted(quad.size)
    if 1.25 <= long / short <= 1.48:
        return max(72, min(1200, round(short / 8.3)))
    return default


def _boxes(boxes: Iterable[Sequence[float]]) -> list[list[int]]:
    return [[int(v) for v in box] for box in boxes]
