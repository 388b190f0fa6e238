"""Identifier recognizers (label ID, each with its finer kind): national IDs, hospital
numbers, passports, accounts, cards, licences, plates, handles, other IDs, SSNs, IPs."""
from __future__ import annotations

from .fragments import NUM_END, NUM_START, THAI, WORD_END, WORD_START
from .rows import Recognizer

# Tags of the number or account that tell what an ID is. Hospital-number tags
# are matched case-sensitively (HN/AN/VN/XN are upper case in records).
HOSPITAL_TAGS = (
    WORD_START + r"(?:HN|AN|VN|XN|EN|MRN|H\.N\.|A\.N\.|V\.N\.)"
    + r"|(?i:" + WORD_START + r"(?:hospital|medical\s+record|patient|chart)\s*(?:no\.?|number|#))"
    + r"|เลขที่ผู้ป่วย(?:นอก|ใน)?|เลขประจำตัวผู้ป่วย|เลข(?:ที่)?โรงพยาบาล|เลขที่ภาพ|เลขที่เอกซเรย์"
)
TAG_GAP = r"\s*(?:[:#.=]\s*)?"  # "HN 123", "HN: 123", "HN=123"

NATIONAL_ID_CONTEXT = (
    "เลขประจำตัวประชาชน", "บัตรประชาชน", "บัตรประจำตัวประชาชน", "เลขบัตร", "ประชาชน",
    "ประกันสังคม", "id card", "citizen id", "citizen", "national id", "identification",
    "id no", "id", "pid", "nid", "cid",
)
SSN_CONTEXT = ("ssn", "ss#", "social security", "social sec", "tax id", "itin")
DOCTOR_CONTEXT = (
    "แพทย์", "นพ.", "พญ.", "ทพ.", "ภก.", "ใบอนุญาต", "ผู้ตรวจ", "ผู้รักษา", "ลงชื่อ",
    "license", "licence", "physician", "doctor", "dr", "md",
)
HANDLE = r"@?(?=[A-Za-z0-9._-]*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9._-]{0,28}[A-Za-z0-9_])?(?![A-Za-z0-9_-])"

ROWS: tuple[Recognizer, ...] = (
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
        # "LINE somchai_88", "WhatsApp dunlap.21": a handle (with a digit, "." or "_",
        # unlike a word) right after the app's name.
        "app_handle", "ID", starts="LW", kind="SOCIAL_HANDLE", score=0.8,
        pattern=r"(?:LINE|Line|WhatsApp|Whatsapp)\s+(?P<value>(?=@?[A-Za-z0-9._-]*[0-9._])" + HANDLE + ")",
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
        # A code after a word that names one: professional registers (NPI, GMC, GPhC, NMC,
        # DEA), chart/accession/specimen/policy/claim/member/reference numbers, badge and
        # collar numbers; letters and digit groups ("PSL 4402 88130 7", "MIC-24-00918").
        "id_after_code_word", "ID", starts="ABCDGLMNPRSUabcdlmprs", kind="OTHER_ID", score=0.75,
        pattern=r"(?:" + WORD_START + r"(?:NPI|GMC|GPhC|NMC|DEA|UPIN|HCPC"
        + r"|(?i:chart|accession|specimen|collar|badge|call\s+sign|policy|claim|member(?:ship)?"
        + r"|account|acct|reference|booking|confirmation|registration|licen[cs]e|permit)"
        + r"(?:\s*(?:id|no\.?|number|num|#|code))?))"
        + r"[\s:#=\"'(]*(?P<value>(?=[A-Z0-9 -]*\d{4})[A-Z]{0,4}[- ]?\d[0-9A-Z]*(?:[- ][0-9A-Z]*\d[0-9A-Z]*){0,4})"
        + NUM_END,
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
        # US Social Security number written 123-45-6789 (a d-m-y date cannot have a
        # 3-digit first group); an impossible one (area 000/666/9xx, group 00, serial
        # 0000) only next to an SSN word.
        "us_ssn", "ID", starts="0-9", kind="SSN", score=0.8,
        pattern=NUM_START + r"\d{3}-\d{2}-\d{4}" + NUM_END,
        validator="us_ssn", invalid_score=0.5, context=SSN_CONTEXT,
    ),
    Recognizer(
        # After its tag, also spaced or plain: "SSN 123 45 6789", "SS#: 123456789".
        "us_ssn_tagged", "ID", starts="SsTt", kind="SSN", score=0.9,
        pattern=r"(?:" + WORD_START + r"(?:SSN|SS#|(?i:social\s+security|tax\s+id))"
        + r"(?:\s*(?:[Nn]o\.?|[Nn]umber|#))?)" + TAG_GAP
        + r"(?P<value>\d{3}(?:-\d{2}-|\s\d{2}\s|\d{2})\d{4})" + NUM_END,
        validator="us_ssn", invalid_score=0.6, context=SSN_CONTEXT,
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
)
