"""Synthetic test pages with known PHI positions (tests and ``spacy_deid.workflow.ocr_measure``).

A page is lines of segments ``(text, label)``; ``label`` is a PHI label or None. Every
segment's ink box is drawn into an integer label map (segment id + 1) that goes through the
same geometric distortions as the page, so PHI positions stay known on scanned-looking
(rotation, noise, blur, JPEG) and photo-like (perspective, uneven light) pages.
Fonts: ``fonts-thai-tlwg`` for Thai, DejaVu for English.
"""
from __future__ import annotations

import io
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # Pillow and numpy are imported lazily, where they are used
    import numpy as np
    from PIL import Image

FONT_DIRS = ("/usr/share/fonts/truetype/tlwg", "/usr/share/fonts/truetype/dejavu")
FONTS = {
    "th": ("Garuda.ttf", "Loma.ttf", "Norasi.ttf", "Kinnari.ttf", "Waree.ttf"),
    "en": ("DejaVuSans.ttf", "DejaVuSerif.ttf"),
}
Condition = Literal["clean", "scanned", "photo"]
CONDITIONS: tuple[Condition, ...] = ("clean", "scanned", "photo")
KINDS = ("form", "letter", "certificate")
Segment = tuple[str, str | None]
A4_MM = (210, 297)
_THAI_RE = re.compile("[\u0e00-\u0e7f]")


@dataclass
class RenderedPage:
    image: Image.Image  # RGB
    labels: np.ndarray  # int32, segment index + 1 inside each segment's ink box
    ink: np.ndarray  # bool, ink of the undegraded (but distorted) page
    segments: list[Segment]
    lines: list[list[int]]  # segment indices per line
    dpi: int

    @property
    def text(self) -> str:
        return "\n".join("".join(self.segments[i][0] for i in line) for line in self.lines)

    def box(self, index: int) -> tuple[int, int, int, int] | None:
        """Ink box (x0, y0, x1, y1) of segment ``index`` on the final page."""
        import numpy as np

        ys, xs = np.nonzero((self.labels == index + 1) & self.ink)
        if not len(xs):
            return None
        return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1

    def phi(self) -> list[int]:
        return [i for i, (_, label) in enumerate(self.segments) if label]


def font_path(name: str) -> str:
    from pathlib import Path

    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.exists():
            return str(path)
    raise FileNotFoundError(f"Font {name} not found (install fonts-thai-tlwg and fonts-dejavu-core)")


def render(
    lines: Sequence[Sequence[Segment]],
    *,
    font: str,
    dpi: int = 300,
    size_mm: tuple[float, float] = A4_MM,
    font_pt: float = 12.0,
    margin_mm: float = 20.0,
) -> RenderedPage:
    """Draw segments line by line (wrapping between segments) on a white page."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    px = lambda mm: round(mm / 25.4 * dpi)  # noqa: E731
    width, height = px(size_mm[0]), px(size_mm[1])
    fnt = ImageFont.truetype(font_path(font), round(font_pt / 72 * dpi))
    image = Image.new("L", (width, height), 255)
    labels = Image.new("I", (width, height), 0)
    draw, ldraw = ImageDraw.Draw(image), ImageDraw.Draw(labels)
    line_h = int(fnt.size * 1.9)
    left, right, y = px(margin_mm), width - px(margin_mm), px(margin_mm) + fnt.size
    segments: list[Segment] = []
    out_lines: list[list[int]] = []
    for line in lines:
        x = left
        current: list[int] = []
        for text, label in line:
            advance = draw.textlength(text, font=fnt)
            if current and x + advance > right:
                out_lines.append(current)
                x, y, current = left, y + line_h, []
                text = text.lstrip()
                advance = draw.textlength(text, font=fnt)
            if y + fnt.size // 2 > height - px(margin_mm):
                raise ValueError("Page overflow: fewer lines or a smaller font")
            draw.text((x, y), text, font=fnt, fill=0, anchor="ls")
            if text.strip():  # ink box of the segment without surrounding spaces
                lead = draw.textlength(text[: len(text) - len(text.lstrip())], font=fnt)
                bbox = draw.textbbox((x + lead, y), text.strip(), font=fnt, anchor="ls")
                ldraw.rectangle(bbox, fill=len(segments) + 1)
            current.append(len(segments))
            segments.append((text, label))
            x += advance
        out_lines.append(current)
        y += line_h
    gray = np.asarray(image)
    return RenderedPage(image.convert("RGB"), np.asarray(labels, dtype=np.int32), gray < 128,
                        segments, out_lines, dpi)


def degrade(page: RenderedPage, condition: Condition, seed: int = 0) -> RenderedPage:
    """Scanned-looking: rotation up to 2°, blur, noise, JPEG. Photo-like: perspective (corners
    moved up to 6 %), ~200 dpi, light falling off to one corner, blur, noise, JPEG.
    ``clean`` returns the page unchanged."""
    if condition == "clean":
        return page
    import numpy as np
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    image = page.image.convert("L")
    labels = Image.fromarray(page.labels, mode="I")
    w, h = image.size
    if condition == "scanned":
        angle = rng.uniform(-2.0, 2.0)
        geo = lambda im, res, fill: im.rotate(angle, resample=res, fillcolor=fill)  # noqa: E731
        blur, noise, quality = 0.7, 10.0, 55
    elif condition == "photo":
        d = 0.06
        corners = [(rng.uniform(0, d) * w, rng.uniform(0, d) * h),
                   (w - rng.uniform(0, d) * w, rng.uniform(0, d) * h),
                   (w - rng.uniform(0, d) * w, h - rng.uniform(0, d) * h),
                   (rng.uniform(0, d) * w, h - rng.uniform(0, d) * h)]
        coeffs = _perspective_coeffs([(0, 0), (w, 0), (w, h), (0, h)], corners)
        geo = lambda im, res, fill: im.transform(  # noqa: E731
            (w, h), Image.PERSPECTIVE, coeffs, resample=res, fillcolor=fill)
        blur, noise, quality = 1.0, 16.0, 50
    else:
        raise ValueError(f"Unknown condition {condition!r}")
    image = geo(image, Image.BICUBIC, 255)
    labels = geo(labels, Image.NEAREST, 0)
    dpi = page.dpi
    if condition == "photo":  # a phone photo resolves an A4 page at ~200 dpi
        size = (round(w * 0.67), round(h * 0.67))
        image, labels = image.resize(size, Image.LANCZOS), labels.resize(size, Image.NEAREST)
        w, h, dpi = size[0], size[1], round(page.dpi * 0.67)
    ink = np.asarray(image) < 128
    image = image.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(image, dtype=np.float32)
    if condition == "photo":  # light falling off towards one corner, grey paper
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        arr = arr * (0.65 + 0.33 * (1 - (xx / w + yy / h) / 2))
    arr += np.random.default_rng(seed).normal(0.0, noise, arr.shape)
    image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality)
    image = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return RenderedPage(image, np.asarray(labels, dtype=np.int32), ink, page.segments,
                        page.lines, dpi)


def _perspective_coeffs(dst, src) -> list[float]:
    """Coefficients for ``Image.transform(PERSPECTIVE)`` mapping output points ``dst`` to
    input points ``src`` (Pillow maps each output pixel back to the input)."""
    import numpy as np

    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return list(np.linalg.solve(np.array(rows, float), np.array(rhs, float)))


# ---------------------------------------------------------------- synthetic documents
def document(kind: str, lang: str, seed: int = 0) -> list[list[Segment]]:
    """Lines of a form, letter or medical certificate with fake PHI (seeded)."""
    v = _values(random.Random(seed), lang)
    build = {("th", "form"): _th_form, ("th", "letter"): _th_letter,
             ("th", "certificate"): _th_certificate, ("en", "form"): _en_form,
             ("en", "letter"): _en_letter, ("en", "certificate"): _en_certificate}
    return build[(lang, kind)](v)


def _values(rng: random.Random, lang: str) -> dict[str, str]:
    """A page's fake PHI, from the synthetic corpus' generator and pools (its test split).

    English pages are drawn in Latin fonts: a value with Thai letters is drawn again.
    """
    from .synth import values as val
    from .synth.pools import pools

    p = pools("test")

    def draw(make: Callable[[], str]) -> str:
        value = make()
        while lang == "en" and _THAI_RE.search(value):
            value = make()
        return value

    def person() -> str:
        if lang == "th":
            return f"{rng.choice(p.th_male + p.th_female)} {rng.choice(p.th_family)}"
        return f"{rng.choice(p.en_male + p.en_female)} {rng.choice(p.en_last)}"

    address = val.address_th if lang == "th" else val.address_en
    return {
        "name": person(),
        "doctor": person(),
        "relative": person(),
        "age": val.age(rng, p, lang, rng.randint(2, 90)),
        "nid": val.national_id(rng, p),
        "hn": val.hospital_number(rng, p),
        "phone": val.phone(rng, p, lang),
        "email": val.email(rng, p),
        "license": val.license_number(rng, p),
        "province": rng.choice(p.provinces if lang == "th" else p.en_states),
        "street": address(rng, p),
        "hospital": draw(lambda: val.hospital(rng, p, lang)),
        "dob": val.date(rng, p, lang, dob=True),
        "visit": val.date(rng, p, lang),
    }


def _th_form(v: dict) -> list[list[Segment]]:
    return [
        [("แบบฟอร์มลงทะเบียนผู้ป่วยนอก", None)],
        [("ชื่อ-สกุล: นาย", None), (v["name"], "PERSON")],
        [("เลขประจำตัวประชาชน: ", None), (v["nid"], "ID")],
        [("เลขที่ผู้ป่วย HN: ", None), (v["hn"], "ID")],
        [("วันเกิด: ", None), (v["dob"], "DATE"), ("  อายุ ", None), (v["age"], "AGE")],
        [("ที่อยู่: ", None), (v["street"], "LOCATION")],
        [("จังหวัด", None), (v["province"], "LOCATION")],
        [("โทรศัพท์: ", None), (v["phone"], "PHONE")],
        [("อีเมล: ", None), (v["email"], "EMAIL")],
        [("ผู้ติดต่อกรณีฉุกเฉิน: ", None), (v["relative"], "PERSON")],
        [("อาการสำคัญ: มีไข้ ไอ เจ็บคอ มา 3 วัน ไม่มีประวัติแพ้ยา", None)],
        [("การวินิจฉัย: ไข้หวัดใหญ่ ให้ยาลดไข้และพักผ่อน", None)],
    ]


def _th_letter(v: dict) -> list[list[Segment]]:
    return [
        [(v["hospital"], "ORGANIZATION")],
        [("วันที่ ", None), (v["visit"], "DATE")],
        [("เรื่อง แจ้งผลการตรวจสุขภาพประจำปี", None)],
        [("เรียน คุณ", None), (v["name"], "PERSON")],
        [("ตามที่ท่านได้เข้ารับการตรวจสุขภาพเมื่อวันที่ ", None), (v["visit"], "DATE")],
        [("ผลการตรวจเลือดอยู่ในเกณฑ์ปกติ ความดันโลหิตสูงเล็กน้อย", None)],
        [("ขอให้ท่านติดต่อกลับที่หมายเลข ", None), (v["phone"], "PHONE")],
        [("หรือทางอีเมล ", None), (v["email"], "EMAIL")],
        [("ขอแสดงความนับถือ", None)],
        [("นพ.", None), (v["doctor"], "PERSON")],
    ]


def _th_certificate(v: dict) -> list[list[Segment]]:
    return [
        [("ใบรับรองแพทย์", None)],
        [("ข้าพเจ้า นพ.", None), (v["doctor"], "PERSON")],
        [("ใบอนุญาตประกอบวิชาชีพเวชกรรมเลขที่ ว.", None), (v["license"], "ID")],
        [("สถานที่ประกอบวิชาชีพ ", None), (v["hospital"], "ORGANIZATION")],
        [("ได้ตรวจร่างกาย นางสาว", None), (v["name"], "PERSON")],
        [("เลขประจำตัวประชาชน ", None), (v["nid"], "ID")],
        [("เมื่อวันที่ ", None), (v["visit"], "DATE")],
        [("ขอรับรองว่าบุคคลดังกล่าวไม่เป็นโรคติดต่อร้ายแรง", None)],
        [("สรุปความเห็น สุขภาพแข็งแรง", None)],
    ]


def _en_form(v: dict) -> list[list[Segment]]:
    return [
        [("OUTPATIENT REGISTRATION FORM", None)],
        [("Patient name: Mr. ", None), (v["name"], "PERSON")],
        [("Hospital number (HN): ", None), (v["hn"], "ID")],
        [("Date of birth: ", None), (v["dob"], "DATE"), ("   Age: ", None), (v["age"], "AGE")],
        [("Address: ", None), (v["street"], "LOCATION"), (", ", None), (v["province"], "LOCATION")],
        [("Phone: ", None), (v["phone"], "PHONE")],
        [("Email: ", None), (v["email"], "EMAIL")],
        [("Emergency contact: ", None), (v["relative"], "PERSON")],
        [("Chief complaint: fever and sore throat for three days.", None)],
        [("Allergies: none known. Current medication: paracetamol.", None)],
    ]


def _en_letter(v: dict) -> list[list[Segment]]:
    return [
        [(v["hospital"], "ORGANIZATION")],
        [(v["visit"], "DATE")],
        [("Dear Ms. ", None), (v["name"], "PERSON"), (",", None)],
        [("Thank you for attending your annual check-up on ", None), (v["visit"], "DATE"),
         (".", None)],
        [("Your blood results are within normal limits; blood pressure is", None)],
        [("slightly raised. Please call us on ", None), (v["phone"], "PHONE"), (" or write to", None)],
        [(v["email"], "EMAIL"), (" to book a follow-up visit.", None)],
        [("Yours sincerely,", None)],
        [("Dr. ", None), (v["doctor"], "PERSON")],
    ]


def _en_certificate(v: dict) -> list[list[Segment]]:
    return [
        [("MEDICAL CERTIFICATE", None)],
        [("I, Dr. ", None), (v["doctor"], "PERSON"), (", medical licence no. ", None),
         (v["license"], "ID"), (",", None)],
        [("of ", None), (v["hospital"], "ORGANIZATION"), (", examined", None)],
        [("Mr. ", None), (v["name"], "PERSON"), (", HN ", None), (v["hn"], "ID"), (",", None)],
        [("on ", None), (v["visit"], "DATE"), (" and certify that he is fit to work.", None)],
        [("Diagnosis: acute bronchitis, recovered.", None)],
    ]


def write_samples(folder: str) -> list[str]:
    """The sample scans shipped in ``assets/samples``: a Thai medical certificate and an
    English letter, 148 × 105 mm at 250 dpi, slightly rotated and blurred, 16 grey levels."""
    from pathlib import Path

    from PIL import Image, ImageFilter

    out = []
    for name, lang, kind, font, angle in (("scan_th.png", "th", "certificate", "Loma.ttf", -0.8),
                                          ("scan_en.png", "en", "letter", "DejaVuSerif.ttf", 0.6)):
        page = render(document(kind, lang, seed=7), font=font, dpi=250, size_mm=(148, 105),
                      font_pt=11, margin_mm=12)
        image = page.image.convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        image = image.filter(ImageFilter.GaussianBlur(0.5)).quantize(16)
        path = Path(folder) / name
        image.save(path, format="PNG", optimize=True, dpi=(250, 250))
        out.append(str(path))
    return out


if __name__ == "__main__":
    import sys

    print("\n".join(write_samples(sys.argv[1] if len(sys.argv) > 1 else "assets/samples")))
