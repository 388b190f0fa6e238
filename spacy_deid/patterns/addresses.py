"""Address-number recognizers (label LOCATION): Thai postcodes, US ZIP codes, house numbers."""
from __future__ import annotations

from .fragments import NUM_END, NUM_START, WORD_START
from .rows import Recognizer

ADDRESS_CONTEXT = (
    "ที่อยู่", "บ้านเลขที่", "จังหวัด", "จ.", "อำเภอ", "ตำบล", "แขวง", "เขต", "ถนน", "ถ.",
    "ซอย", "หมู่", "หมู่บ้าน", "กรุงเทพ", "กทม", "รหัสไปรษณีย์", "ไปรษณีย์", "address",
    "province", "district", "road", "street", "bangkok", "thailand", "zip", "postal",
    "postcode",
)

ROWS: tuple[Recognizer, ...] = (
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
