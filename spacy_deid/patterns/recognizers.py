"""The table of pattern recognizers: one row per recognizer, plain data.

How a row becomes findings (see ``engine.py``):

* ``pattern`` is matched on the text with Thai digits mapped to Arabic ones, so
  every pattern also finds ``๐-๙``. No ``\\b``: boundaries are lookarounds on ASCII
  letters/digits only, so a value glued to Thai letters (``อายุ45ปี``) is found.
* The finding covers the named group ``value`` when the pattern has one, else
  the whole match. Context words that are part of a pattern stay OUTSIDE the
  span: ``HN 64-12345`` → ``64-12345``; ``อายุ 45 ปี`` → ``45 ปี`` (AGE covers the
  number plus its unit: ``45 ปี``, ``45-year-old``, ``45 yo``). Formats whose
  prefix is part of the identifier itself are covered whole: ``ว.12345`` (medical
  licence), ``@handle``, ``พ.ศ. 2567`` (a date expression).
* ``validator`` (a name in ``validators.VALIDATORS``) checks the value: a
  checksum (Thai national ID mod 11, Luhn) or a sanity check (dates, IPs). When
  it fails, the finding is dropped, unless ``invalid_score`` is set and a context
  word is near: then it is kept with ``invalid_score`` (an ID with a mistyped or
  OCR-misread check digit next to "เลขประจำตัวประชาชน" is still an ID).
* ``context`` words are searched within ``context_window`` characters on both
  sides of the value (case-insensitive; Latin words must not be part of a longer
  Latin word, Thai words may touch anything). Found → ``score + context_boost``
  (at most 1.0). ``context_required`` rows report nothing without context.
* ``starts`` lists (as a regex character class) the characters a match can
  start with; it is a speed hint only (a leading lookahead lets ``re`` skip
  other positions quickly), checked by the tests.
* ID rows carry their finer kind (``labels.ID_KINDS``), written to ``span.kb_id_``.
* Overlaps: a finding inside another finding of the same label is dropped (the
  outer one keeps the higher score; for equal extents the earlier row wins, so
  rows are ordered specific → generic, e.g. NATIONAL_ID before OTHER_ID). The
  component also keeps one span per token extent (the higher score). All other
  overlaps are kept for the anonymizer to merge.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple


@dataclass(frozen=True)
class Recognizer:
    """One row: what to match, what it is, how sure we are (see the module docstring)."""

    name: str
    label: str
    pattern: str
    score: float
    kind: str = ""
    context: Tuple[str, ...] = ()
    context_required: bool = False
    context_boost: float = 0.1
    validator: Optional[str] = None
    invalid_score: Optional[float] = None
    ignore_case: bool = False
    starts: str = ""


# --- shared fragments -------------------------------------------------------
# A number starts/ends where no ASCII letter or digit touches it, and it is not
# the tail/head of a decimal, fraction, time or dashed number (1.5, 1/2, 10:30).
NUM_START = r"(?<![0-9A-Za-z])(?<![0-9][.,/:-])"
NUM_END = r"(?![0-9A-Za-z])(?![.,/:-][0-9])"
WORD_START = r"(?<![A-Za-z])"
WORD_END = r"(?![A-Za-z])"
THAI = "\u0e00-\u0e7f"

TH_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
    "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
    "พ.ย.", "ธ.ค.",
)
# Abbreviations tolerate a space after inner dots and a missing final dot (ม.ค 67);
# the dotless forms (1กย., สค 61) must not be part of a longer Thai word.
_TH_ABBREVIATIONS = [m for m in TH_MONTHS if m.endswith(".")]
TH_MONTH = (
    "(?:" + "|".join(m for m in TH_MONTHS if not m.endswith("."))
    + "|" + "|".join(m[:-1].replace(".", r"\.\s?") + r"\.?" for m in _TH_ABBREVIATIONS)
    + "|(?<![ก-ฮ])(?:" + "|".join(m.replace(".", "") for m in _TH_ABBREVIATIONS)
    + r")(?:\.|(?![ก-๛])))"
)
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
)
EN_MONTH = (
    "(?:" + "|".join(v for m in _EN_MONTHS for v in (m, m.upper())) + r")\.?" + WORD_END
)
ERA = r"(?:(?:พ\.\s?ศ\.|ค\.\s?ศ\.|พศ\.?|คศ\.?|B\.E\.|A\.D\.|BE|AD|CE)\s?)"
YEAR = ERA + r"?(?:\d{4}|\d{2})" + NUM_END
DAY = NUM_START + r"[0-3]?\d"
SEP = r"[- .]?"  # one optional separator between digit groups
# Thai numbers: +66 / 0066 (optionally "(0)") or a leading 0, e.g. 0-2590-3333;
# after the number an optional line range and extension: 02-141-8887-8 ต่อ 100.
TH_PHONE_START = (
    r"(?:(?<![0-9A-Za-z+])(?:\+|00)\s?66" + SEP + r"(?:\(0\)" + SEP + r")?|" + NUM_START + "0" + SEP + ")"
)
TH_PHONE_END = r"(?:-\d{1,2})?(?:\s?(?:ต่อ|(?i:ext)\.?)\s?\d{1,5})?" + NUM_END

# Tags of the number or account that tell what an ID is. Hospital-number tags
# are matched case-sensitively (HN/AN/VN/XN are upper case in records).
HOSPITAL_TAGS = (
    WORD_START + r"(?:HN|AN|VN|XN|EN|MRN|H\.N\.|A\.N\.|V\.N\.)"
    + r"|(?i:" + WORD_START + r"(?:hospital|medical\s+record|patient|chart)\s*(?:no\.?|number|#))"
    + r"|เลขที่ผู้ป่วย(?:นอก|ใน)?|เลขประจำตัวผู้ป่วย|เลข(?:ที่)?โรงพยาบาล|เลขที่ภาพ|เลขที่เอกซเรย์"
)
TAG_GAP = r"\s*(?:[:#.]\s*)?"

NATIONAL_ID_CONTEXT = (
    "เลขประจำตัวประชาชน", "บัตรประชาชน", "บัตรประจำตัวประชาชน", "เลขบัตร", "ประชาชน",
    "ประกันสังคม", "id card", "citizen id", "citizen", "national id", "identification",
    "id no", "id", "pid", "nid",
)
PHONE_CONTEXT = (
    "โทร", "โทรศัพท์", "มือถือ", "เบอร์", "ติดต่อ", "แฟกซ์", "tel", "phone", "mobile",
    "cell", "fax", "call", "contact",
)
DOCTOR_CONTEXT = (
    "แพทย์", "นพ.", "พญ.", "ทพ.", "ภก.", "ใบอนุญาต", "ผู้ตรวจ", "ผู้รักษา", "ลงชื่อ",
    "license", "licence", "physician", "doctor", "dr", "md",
)
ADDRESS_CONTEXT = (
    "ที่อยู่", "บ้านเลขที่", "จังหวัด", "จ.", "อำเภอ", "ตำบล", "แขวง", "เขต", "ถนน", "ถ.",
    "ซอย", "หมู่", "หมู่บ้าน", "กรุงเทพ", "กทม", "รหัสไปรษณีย์", "ไปรษณีย์", "address",
    "province", "district", "road", "street", "bangkok", "thailand", "zip", "postal",
    "postcode",
)
HANDLE = r"@?(?=[A-Za-z0-9._-]*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9._-]{0,28}[A-Za-z0-9_])?(?![A-Za-z0-9_-])"

RECOGNIZERS: Tuple[Recognizer, ...] = (
    # --- identifiers ----------------------------------------------------------
    Recognizer(
        "thai_national_id", "ID", starts="0-9", kind="NATIONAL_ID", score=0.9,
        pattern=NUM_START + r"\d[- ]?\d{4}[- ]?\d{5}[- ]?\d{2}[- ]?\d" + NUM_END,
        validator="thai_national_id", invalid_score=0.6, context=NATIONAL_ID_CONTEXT,
    ),
    Recognizer(
        "hospital_number", "ID", starts="ACEHMVXachmpPเ", kind="HOSPITAL_NUMBER", score=0.95,
        pattern=r"(?:" + HOSPITAL_TAGS + r")" + TAG_GAP
        + r"(?P<value>\d(?:(?:\s?[-/]\s?)?\d){3,11})" + NUM_END,  # OCR: "64 - 12345"
    ),
    Recognizer(
        # Thai/most: 1-2 letters + 6-8 digits; US: 9 digits.
        "passport", "ID", starts="0-9A-Z", kind="PASSPORT", score=0.85, context_required=True,
        pattern=r"(?:" + WORD_START + r"(?<![0-9])[A-Z]{1,2}\d{6,8}|" + NUM_START + r"\d{9})" + NUM_END,
        context=("passport", "หนังสือเดินทาง", "พาสปอร์ต", "พาสปอร์ท"),
    ),
    Recognizer(
        "bank_account", "ID", starts="0-9", kind="BANK_ACCOUNT", score=0.85, context_required=True,
        pattern=NUM_START + r"(?:\d{3}[- ]?\d[- ]?\d{5}[- ]?\d|\d{10,12})" + NUM_END,
        context=("บัญชี", "ธนาคาร", "โอนเงิน", "พร้อมเพย์", "account", "acct", "a/c", "bank",
                 "promptpay"),
    ),
    Recognizer(
        "credit_card", "ID", starts="2-6", kind="CREDIT_CARD", score=0.85,
        pattern=NUM_START + r"[2-6]\d{3}(?:[- ]?\d){10,15}" + NUM_END,
        validator="luhn", invalid_score=0.6,
        context=("บัตรเครดิต", "บัตรเดบิต", "เลขบัตร", "credit card", "card no", "card number",
                 "visa", "mastercard", "amex", "debit"),
    ),
    Recognizer(
        "medical_license", "ID", starts="วทภ", kind="MEDICAL_LICENSE", score=0.85,
        pattern=r"(?<![" + THAI + r"A-Za-z.])[วทภ]\.\s?\d{4,6}" + NUM_END,
        context=DOCTOR_CONTEXT,
    ),
    Recognizer(
        # OCR reads "ว." as "2." or drops the dot: only with a doctor/licence word nearby.
        "medical_license_ocr", "ID", starts="2ว", kind="MEDICAL_LICENSE", score=0.6,
        context_required=True, context_boost=0.0,
        pattern=r"(?:" + NUM_START + r"2\.\s?\d{5}|(?<![" + THAI + r"])ว\s?\d{4,6})" + NUM_END,
        context=DOCTOR_CONTEXT,
    ),
    Recognizer(
        "medical_license_tagged", "ID", starts="LMlmเใ", kind="MEDICAL_LICENSE", score=0.9,
        pattern=r"(?:(?i:(?<!driver )(?<!driver's )(?<!drivers )(?<!driving )" + WORD_START
        + r"(?:medical\s+)?licen[cs]e\s*(?:no\.?|number|#)?)"
        + r"|เลขที่ใบอนุญาต(?:ประกอบวิชาชีพ(?:เวชกรรม)?)?|ใบอนุญาตประกอบวิชาชีพ(?:เวชกรรม)?(?:\s*เลขที่)?)"
        + TAG_GAP + r"(?P<value>(?:[วทภ]\.\s?)?\d{4,6})" + NUM_END,
    ),
    Recognizer(
        # Thai plate: optional digit, 1-2 consonants, 1-4 digits (1กข 1234, กข-1234).
        "vehicle_plate", "ID", starts="0-9ก-ฮ", kind="VEHICLE_PLATE", score=0.85, context_required=True,
        pattern=r"(?:ทะเบียน(?:รถ)?\s*|(?<![" + THAI + r"0-9.]))"
        + r"(?P<value>\d?[ก-ฮ]{1,2}[- ]?\d{1,4})" + NUM_END,
        context=("ทะเบียน", "รถ", "จักรยานยนต์", "license plate", "plate", "vehicle", "car",
                 "registration", "motorcycle"),
    ),
    Recognizer(
        # Latin plates (ABC-1234, 2WHM664): 5-8 upper-case letters and digits, both present.
        "latin_vehicle_plate", "ID", starts="0-9A-Z", kind="VEHICLE_PLATE", score=0.8,
        context_required=True,
        pattern=r"(?<![A-Za-z0-9-])(?=[A-Z0-9-]{5,8}(?![A-Za-z0-9-]))(?=[A-Z-]*\d)(?=[0-9-]*[A-Z])"
        + r"[A-Z0-9]{1,4}-?[A-Z0-9]{2,4}(?![A-Za-z0-9-])",
        context=("license plate", "licence plate", "plate", "vehicle", "registration", "car",
                 "motorcycle", "ทะเบียน"),
    ),
    Recognizer(
        "line_id", "ID", starts="Llไ", kind="SOCIAL_HANDLE", score=0.9,
        pattern=r"(?:(?i:" + WORD_START + r"line\s*(?:id\s*[:：=]?|[:：=]))|ไลน์\s*(?:ไอดี|id)?\s*[:：]?)"
        + r"\s*(?P<value>" + HANDLE + ")",
    ),
    Recognizer(
        "social_handle", "ID", starts="FITfitเอไทต", kind="SOCIAL_HANDLE", score=0.85,
        pattern=r"(?:(?i:" + WORD_START + r"(?:facebook|fb|instagram|ig|twitter|tiktok|telegram)"
        + WORD_END + r")|เฟซบุ๊ก|เฟสบุ๊ค|เฟส|อินสตาแกรม|ไอจี|ทวิตเตอร์|ติ๊กต็อก)"
        + r"\s*(?:[:：]\s*|(?=@))(?P<value>" + HANDLE + ")",
    ),
    Recognizer(
        # "@" is also shorthand for "at" in notes (q8h @night): context required.
        "at_handle", "ID", starts="@", kind="SOCIAL_HANDLE", score=0.8, context_required=True,
        context_boost=0.0,
        pattern=r"(?<![A-Za-z0-9._@-])@(?=[A-Za-z0-9._]*[A-Za-z])[A-Za-z0-9_](?:[A-Za-z0-9._]{0,28}[A-Za-z0-9_])?(?![A-Za-z0-9_@-])",
        context=("line", "ไลน์", "ig", "instagram", "facebook", "twitter", "tiktok", "ติดต่อ",
                 "contact"),
    ),
    Recognizer(
        "student_id", "ID", starts="Ssรเ", kind="STUDENT_ID", score=0.9,
        pattern=r"(?:(?i:" + WORD_START + r"student\s*(?:id|no\.?|number|#))"
        + r"|รหัส(?:ประจำตัว)?(?:นักศึกษา|นิสิต|นักเรียน)|เลขประจำตัว(?:นักเรียน|นิสิต|นักศึกษา))"
        + TAG_GAP + r"(?P<value>\d(?:-?\d){4,12})" + NUM_END,
    ),
    Recognizer(
        "other_id", "ID", starts="ACDEILMPSacdeilmpsรเใ", kind="OTHER_ID", score=0.8,
        pattern=r"(?:(?i:" + WORD_START
        + r"(?:member|policy|insurance|claim|employee|case|lab|accession|specimen"
        + r"|driver'?s?\s*licen[cs]e|driving\s*licen[cs]e)"
        + r"\s*(?:id|no\.?|number|#)?)|" + WORD_START + r"(?:ID|I\.D\.)(?:\s*(?:No\.?|number|#))?"
        + r"|เลขที่(?:กรมธรรม์|สมาชิก|สิทธิ|เคลม|ใบขับขี่)|ใบขับขี่(?:\s*เลขที่)?|รหัสพนักงาน"
        + r"|เลขประจำตัวผู้เสียภาษี)"
        + TAG_GAP + r"(?P<value>(?:[A-Z]{1,3}-?)?\d(?:[-/]?\d){3,14})" + NUM_END,
    ),
    Recognizer(
        # Policy/claim numbers written right after an insurer's name.
        "insurance_number", "ID", starts="0-9A-Z", kind="OTHER_ID", score=0.7, context_required=True,
        context_boost=0.0,
        pattern=r"(?<![A-Za-z0-9-])(?:[A-Z]{1,3}-?)?\d(?:-?\d){6,15}" + NUM_END,
        context=("ประกัน", "กรมธรรม์", "เคลม", "insurance", "assurance", "insurer", "policy",
                 "claim"),
    ),
    Recognizer(
        "ipv4", "ID", starts="0-9", kind="IP_ADDRESS", score=0.8,
        pattern=r"(?<![0-9A-Za-z.])\d{1,3}(?:\.\d{1,3}){3}(?![0-9A-Za-z]|\.[0-9])",
        validator="ipv4", context=("ip", "ไอพี", "server", "address", "host"),
    ),
    Recognizer(
        "ipv6", "ID", starts="0-9A-Fa-f:", kind="IP_ADDRESS", score=0.8,
        pattern=r"(?<![0-9A-Za-z:])(?=[0-9A-Fa-f]*:[0-9A-Fa-f]*:)(?=[:0-9A-Fa-f]*[0-9A-Fa-f]{2})"
        + r"[0-9A-Fa-f:]{6,39}(?![0-9A-Za-z:])",
        validator="ipv6", context=("ip", "ไอพี", "server", "address", "host"),
    ),
    # --- contact ----------------------------------------------------------------
    Recognizer(
        "thai_mobile", "PHONE", starts="+0", score=0.85, context=PHONE_CONTEXT,
        pattern=TH_PHONE_START + r"[689](?:" + SEP + r"\d){8}" + TH_PHONE_END,
    ),
    Recognizer(
        "thai_landline", "PHONE", starts="(+0", score=0.75, context=PHONE_CONTEXT, context_boost=0.2,
        pattern=r"(?:" + TH_PHONE_START + r"[2-7](?:" + SEP + r"\d){7}"
        + r"|(?<![0-9A-Za-z(])\(0[2-7]\d?\)\s?\d{3}[- .]?\d{3,4})" + TH_PHONE_END,
    ),
    Recognizer(
        "international_phone", "PHONE", starts="+", score=0.75, context=PHONE_CONTEXT, context_boost=0.2,
        pattern=r"(?<![0-9A-Za-z+])\+[1-9]\d{0,2}(?:[- .]?\(?\d{1,4}\)?){2,6}" + NUM_END,
        validator="phone_length",
    ),
    Recognizer(
        "north_american_phone", "PHONE", starts="(0-9", score=0.6, context=PHONE_CONTEXT, context_boost=0.3,
        pattern=r"(?<!\+1[- .])(?:(?<![0-9A-Za-z(])\(\d{3}\)\s?|" + NUM_START + r"\d{3}[- .])\d{3}[- .]\d{4}" + NUM_END,
    ),
    Recognizer(
        "email", "EMAIL", starts="A-Za-z0-9._%+-", score=0.95,
        pattern=r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])",
    ),
    Recognizer(
        # OCR reads "@" as "|" or "l": only with a well-known mail domain.
        "email_ocr", "EMAIL", starts="A-Za-z0-9._%+-", score=0.7,
        pattern=r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+\s?\|\s?"
        + r"(?:gmail|hotmail|yahoo|outlook|icloud|live)\.(?:com|co\.th)(?![A-Za-z0-9-])",
    ),
    Recognizer(
        "url", "URL", starts="HWhw", score=0.9,
        pattern=r"(?i:https?://|www\.)[^\s<>\"'" + THAI + r"]*[^\s<>\"'.,;:!?)\]" + THAI + "]",
    ),
    Recognizer(
        "domain", "URL", starts="A-Za-z0-9-", score=0.7,
        pattern=r"(?<![A-Za-z0-9@._/-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
        + r"\.(?:com|net|org|info|biz|io|ly|me|tv|app|asia|co\.th|ac\.th|go\.th|or\.th|in\.th|mi\.th"
        + r"|co\.uk)(?![A-Za-z0-9-])"
        + r"(?:/[^\s<>\"'" + THAI + r"]*[^\s<>\"'.,;:!?)\]" + THAI + "])?",
    ),
    # --- dates and ages -----------------------------------------------------------
    Recognizer(
        "thai_date", "DATE", starts="0-9มกเพสตธ", score=0.9,
        pattern=r"(?:" + DAY + r"(?:\s?[-–]\s?[0-3]?\d)?\s*" + TH_MONTH + r"(?:\s*" + YEAR + r")?|"
        + TH_MONTH + r"\s*" + YEAR + ")",
    ),
    Recognizer(
        "english_date", "DATE", starts="0-9A-Z", score=0.9,
        pattern=r"(?:" + DAY + r"(?:st|nd|rd|th)?[\s-]*(?:of\s+)?" + EN_MONTH
        + r"(?:[\s,-]*" + YEAR + r")?"
        + r"|" + WORD_START + EN_MONTH + r"\s*(?:[0-3]?\d(?:st|nd|rd|th)?" + NUM_END
        + r"(?:,?\s*" + YEAR + r")?|,?\s*\d{4}" + NUM_END + "))",
    ),
    Recognizer(
        "numeric_date", "DATE", starts="0-9", score=0.85, validator="numeric_date",
        pattern=NUM_START + r"\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})" + NUM_END,
    ),
    Recognizer(
        "iso_date", "DATE", starts="0-9", score=0.9, validator="iso_date",
        pattern=NUM_START + r"\d{4}([-/.])\d{1,2}\1\d{1,2}" + NUM_END,
    ),
    Recognizer(
        "era_year", "DATE", starts="พค", score=0.6,
        pattern=r"(?:พ\.\s?ศ\.|ค\.\s?ศ\.)\s?\d{4}" + NUM_END,
    ),
    Recognizer(
        "thai_age", "AGE", starts="อ", score=0.9,
        # not "ผู้สูงอายุ 13-15 เม.ย." (the elderly), not a range or decimal
        pattern=r"(?<!สูง)อายุ\s*(?:ประมาณ\s*|ราว\s*|:\s*)?(?P<value>\d{1,3}(?![0-9])"
        + r"(?:\s*(?:ปี|ขวบ|เดือน|วัน)(?:\s*\d{1,2}\s*(?:เดือน|วัน))?)?)(?![-–.,/:][0-9])",
    ),
    Recognizer(
        # "ชายไทย 45 ปี", "หญิง 60 ปี": the sex word stands in for "อายุ".
        "thai_age_sex", "AGE", starts="ชหเ", score=0.8,
        pattern=r"(?:เพศ)?(?:ชาย|หญิง)(?:ชาวไทย|ไทย)?\s*(?P<value>\d{1,3}(?![0-9])\s*(?:ปี|ขวบ))",
    ),
    Recognizer(
        # An age in brackets after a name: "(24ปี)", "(62 ปี 11 เดือน)", "(18 เดือน)".
        "thai_age_bracketed", "AGE", starts="(", score=0.75,
        pattern=r"\(\s*(?P<value>\d{1,3}\s*(?:ปี|ขวบ)(?:\s*\d{1,2}\s*เดือน)?|\d{1,2}\s*เดือน)\s*\)",
    ),
    Recognizer(
        "english_age", "AGE", starts="0-9", score=0.9, ignore_case=True,
        pattern=NUM_START + r"\d{1,3}(?:[\s-]*(?:years?|yrs?|y)[\s-]*old|\s*(?:y/o|y\.o\.?|yo))"
        + WORD_END,
    ),
    Recognizer(
        "english_age_tagged", "AGE", starts="Aa", score=0.85,
        pattern=r"(?i:" + WORD_START + r"aged?)\s*:?\s*(?P<value>\d{1,3}(?![0-9])"
        + r"(?:\s*(?i:years?|yrs?|y)" + WORD_END + r")?)",
    ),
    # --- locations ------------------------------------------------------------------
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
