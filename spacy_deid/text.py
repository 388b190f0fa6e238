"""Text helpers shared by every component: Thai digits, month names, titles, entity keys."""
from __future__ import annotations

import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

# Month names, January first: the one copy that recognizers, date shifting and the
# workflow's fake values read.
TH_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
TH_MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

# Titles and honorifics stay outside PERSON spans (longest first for matching).
TITLES = tuple(
    sorted(
        {
            # Thai
            "นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง",
            "คุณ", "นพ.", "พญ.", "น.พ.", "พ.ญ.", "ทพ.", "ทพญ.", "ภก.", "ภญ.",
            "ดร.", "ศ.", "รศ.", "ผศ.", "อ.", "พล.อ.", "พ.ต.อ.", "พ.ต.ท.", "ร.ต.อ.",
            "จ.ส.ต.", "ส.ต.อ.", "พระ", "หม่อมราชวงศ์", "ม.ร.ว.", "ม.ล.", "แพทย์หญิง",
            "นายแพทย์", "พยาบาล", "ผู้ใหญ่", "กำนัน", "ลุง", "ป้า", "น้า", "พี่", "น้อง",
            # Thai military/police ranks and academic titles (seen in ThaiNER PERSON spans)
            "พล.ต.อ.", "พล.ต.ท.", "พล.ต.ต.", "พ.ต.ต.", "ร.ต.ท.", "ร.ต.ต.", "พล.ท.",
            "พล.ต.", "พล.อ.อ.", "พล.ร.อ.", "พ.อ.", "พ.ท.", "พ.ต.", "ร.อ.", "ร.ท.",
            "ร.ต.", "น.อ.", "น.ท.", "น.ต.", "จ.ส.อ.", "พลเอก", "พลโท", "พลตรี",
            "พลอากาศเอก", "พลเรือเอก", "พลตำรวจเอก", "พลตำรวจโท", "พลตำรวจตรี",
            "พันเอก", "พันโท", "พันตรี", "พันตำรวจเอก", "พันตำรวจโท", "พันตำรวจตรี",
            "ร้อยเอก", "ร้อยโท", "ร้อยตรี", "ร้อยตำรวจเอก", "ร้อยตำรวจโท",
            "ร้อยตำรวจตรี", "ศาสตราจารย์", "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์",
            "หลวงพ่อ", "หลวงพี่", "คุณหญิง",
            # English
            "Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Prof.", "Mr", "Mrs", "Ms", "Dr",
            "Prof", "Sir", "Madam", "Nurse", "Khun",
        },
        key=lambda title: (-len(title), title),  # a fixed order, not the set's
    )
)


def _title_pattern(title: str) -> str:
    """Latin titles without a final dot must end at a word boundary ("Miss" ≠ "Mississippi");
    Thai titles are glued to the name in Thai writing, so they need none."""
    if title[-1].isascii() and title[-1].isalpha():
        return re.escape(title) + "(?![A-Za-z])"
    return re.escape(title)


_TITLE_RE = re.compile(
    "^(?:" + "|".join(_title_pattern(t) for t in TITLES) + r")\s*", re.IGNORECASE
)
_SPACE_RE = re.compile(r"\s+")
_THAI_DIGIT_RE = re.compile(f"[{THAI_DIGITS}]")


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits by Arabic ones; the length (and offsets) stay the same."""
    # str.translate looks every character up; most texts have no Thai digit at all
    return text.translate(_TO_ARABIC) if _THAI_DIGIT_RE.search(text) else text


def to_thai_digits(text: str) -> str:
    """Replace Arabic digits by Thai ones."""
    return text.translate(_TO_THAI)


def strip_title(text: str) -> str:
    """Remove leading titles/honorifics (repeatedly: "ผศ.นพ." → "")."""
    previous = None
    while previous != text:
        previous = text
        text = _TITLE_RE.sub("", text, count=1)
    return text


def title_length(text: str) -> int:
    """Number of leading characters of ``text`` that are titles and the space after them."""
    return len(text) - len(strip_title(text))


def entity_key(text: str) -> str:
    """Normalise a PHI string so that variants of one entity compare equal.

    Titles, whitespace, case and Thai/Arabic digits are ignored.
    """
    return _SPACE_RE.sub("", to_arabic_digits(strip_title(text.strip()))).casefold()


_NOT_THAI_RE = re.compile("[^\u0e00-\u0e7f]+")
_NOT_LATIN_RE = re.compile("[^A-Za-z]+")


def is_thai(text: str) -> bool:
    """True when ``text`` has more Thai letters than Latin letters."""
    return len(_NOT_THAI_RE.sub("", text)) > len(_NOT_LATIN_RE.sub("", text))
