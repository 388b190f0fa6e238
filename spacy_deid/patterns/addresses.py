"""Address recognizers (label LOCATION): Thai postcodes, US ZIP codes, house numbers, English
street addresses."""
from __future__ import annotations

from .fragments import NUM_END, NUM_START, WORD_START
from .rows import Recognizer, one_of

ADDRESS_CONTEXT = (
    "ที่อยู่", "บ้านเลขที่", "จังหวัด", "จ.", "อำเภอ", "ตำบล", "แขวง", "เขต", "ถนน", "ถ.",
    "ซอย", "หมู่", "หมู่บ้าน", "กรุงเทพ", "กทม", "รหัสไปรษณีย์", "ไปรษณีย์", "address",
    "province", "district", "road", "street", "bangkok", "thailand", "zip", "postal",
    "postcode",
)

# Street types written after an English street name (UK, US, Australian usage), with their
# usual abbreviations.
STREET_TYPES = (
    "Street", "St", "Road", "Rd", "Avenue", "Ave", "Av", "Lane", "Ln", "Drive", "Dr", "Court", "Ct",
    "Boulevard", "Blvd", "Way", "Place", "Pl", "Terrace", "Tce", "Close", "Crescent", "Cres",
    "Highway", "Hwy", "Parkway", "Pkwy", "Square", "Sq", "Grove", "Gardens", "Row", "Walk", "Mews",
)

ROWS: tuple[Recognizer, ...] = (
    Recognizer(
        # English street address: house number, one to three capitalised words, a street type
        # ("12 High St", "221B Baker Street", "4/7 Old Mill Rd."); the number makes it specific.
        "street_address", "LOCATION", starts="1-9", score=0.8,
        pattern=NUM_START + r"(?P<value>[1-9]\d{0,4}[A-Za-z]?(?:[/-]\d{1,4})?,?[ \t]+"
        + r"(?:(?:[A-Z][a-z'\u2019-]+|[A-Z]{2,}|[1-9]\d?(?:st|nd|rd|th))[ \t]+){1,3}"
        + "(?:" + one_of(STREET_TYPES) + r"(?![A-Za-z])"
        # "Dr" and "St" before a capitalised word are a title ("3 Paediatric Dr. Lee")
        + r"(?<!Dr)(?<!St)\.?|(?:Dr|St)(?!\.?[ \t]+[A-Z])\.?))",
    ),
    Recognizer(
        # US ZIP code after a state abbreviation: "Springfield, IL 62704".
        "us_zip", "LOCATION", starts="ACDFGHIKLMNOPRSTUVW", score=0.85,
        pattern=WORD_START + r"(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]"
        + r"|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY]),?\s+"
        + r"(?P<value>\d{5}(?:-\d{4})?)" + NUM_END,
    ),
    Recognizer(
        # House number (and village number) after ที่อยู่ / บ้านเลขที่: "45/12 หมู่ 3".
        "thai_house_number", "LOCATION", starts="ทบ", score=0.85,
        pattern=r"(?:ที่อยู่(?:ปัจจุบัน|ตามบัตรประชาชน)?|บ้านเลขที่)\s*:?\s*"
        + r"(?P<value>\d{1,5}(?:/\d{1,4})?(?![0-9/])(?:\s*(?:หมู่(?:ที่)?|ม\.)\s*\d{1,2}(?![0-9]))?)",
    ),
    Recognizer(
        "thai_postcode", "LOCATION", starts="1-9", score=0.8, context_required=True, context_boost=0.1,
        pattern=r"(?<![=/?&#])" + NUM_START + r"[1-9]\d{4}" + NUM_END,
        validator="thai_postcode", context=ADDRESS_CONTEXT,
    ),
)
