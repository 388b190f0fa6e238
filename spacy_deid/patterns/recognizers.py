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
  start with; it is a speed hint only, checked by the tests: the engine scans a
  text once for all rows led by one script and tries a row only where its class
  holds (rows with backreferences or ``ignore_case`` run alone, from the first
  character of their class). Rows whose first characters can be listed (``leads.py``
  works them out from the pattern) share scans that skip positions where none starts.
* Context-cued rows find PERSON, PROFESSION and LOCATION values after a real
  cue of Thai/English forms (a title, ``ชื่อ-สกุล``/``Name:``, a role such as
  ``ผู้บันทึก:``, ``อาชีพ``/``occupation:``, an address prefix ``จังหวัด``/``อ.``)
  with the cue outside the span, plus Thailand's province names (a closed, public
  list bundled with PyThaiNLP). A Thai value is a bounded run of Thai letters, so
  a name glued to the next word over-redacts that word, never a line.
* ID rows carry their finer kind (``labels.ID_KINDS``), written to ``span.kb_id_``.
* Overlaps: a finding inside another finding of the same label is dropped (the
  outer one keeps the higher score; for equal extents the earlier row wins, so
  rows are ordered specific → generic, e.g. NATIONAL_ID before OTHER_ID). The
  component also keeps one span per token extent (the higher score). All other
  overlaps are kept for the anonymizer to merge.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Dict, Iterable, Optional, Tuple

from ..text import TH_MONTHS as _TH_FULL
from ..text import TH_MONTHS_ABBR as _TH_ABBR
from ..text import TITLES


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


def one_of(words: Iterable[str]) -> str:
    """A regex for any of the literal ``words``, longest first, factored by common prefix.

    ``re`` tries the branches of an alternation one by one; factored, it tries only
    the words that go on with the text's next character ("กระบี่|กรุงเทพ" becomes
    "กร(?:ะบี่|ุงเทพ)"). Where one word is a prefix of another, the longer is tried
    first, as in a list sorted longest first.
    """
    trie: Dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: Dict[str, dict]) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


# --- shared fragments -------------------------------------------------------
# A number starts/ends where no ASCII letter or digit touches it, and it is not
# the tail/head of a decimal, fraction, time or dashed number (1.5, 1/2, 10:30).
NUM_START = r"(?<![0-9A-Za-z])(?<![0-9][.,/:-])"
NUM_END = r"(?![0-9A-Za-z])(?![.,/:-][0-9])"
WORD_START = r"(?<![A-Za-z])"
WORD_END = r"(?![A-Za-z])"
THAI = "\u0e00-\u0e7f"

TH_MONTHS = _TH_FULL + _TH_ABBR  # spacy_deid.text holds the month names
# Abbreviations tolerate a space after inner dots and a missing final dot (ม.ค 67);
# the dotless forms (1กย., สค 61) must not be part of a longer Thai word.
_TH_ABBREVIATIONS = [m for m in TH_MONTHS if m.endswith(".")]
_TH_MONTH_LEAD = one_of(
    [m for m in TH_MONTHS if not m.endswith(".")]
    + [m[: m.index(".") + 1] for m in _TH_ABBREVIATIONS]
    + [m.replace(".", "") for m in _TH_ABBREVIATIONS]
)
TH_MONTH = (
    f"(?={_TH_MONTH_LEAD})"  # a cheap first test
    + "(?:" + "|".join(m for m in TH_MONTHS if not m.endswith("."))
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
    "(?:" + one_of(v for m in _EN_MONTHS for v in (m, m.upper())) + r")\.?" + WORD_END
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
TAG_GAP = r"\s*(?:[:#.=]\s*)?"  # "HN 123", "HN: 123", "HN=123"

NATIONAL_ID_CONTEXT = (
    "เลขประจำตัวประชาชน", "บัตรประชาชน", "บัตรประจำตัวประชาชน", "เลขบัตร", "ประชาชน",
    "ประกันสังคม", "id card", "citizen id", "citizen", "national id", "identification",
    "id no", "id", "pid", "nid", "cid",
)
SSN_CONTEXT = ("ssn", "ss#", "social security", "social sec", "tax id", "itin")
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

# --- context-cued names, professions and places -----------------------------
# A Thai "run" is a stretch of Thai letters (no digits, no spaces). Names, places
# and professions after a cue are taken up to the next space or punctuation,
# bounded in length: Thai does not separate words, so a name glued to the next
# word ("นายสมชายมาด้วย...") over-redacts that word, never a whole line.
TH_LETTER = "\u0e01-\u0e3a\u0e40-\u0e4e"
NOT_TH = rf"(?![{TH_LETTER}])"
# Polite particles that end a chat turn after a name ("คุณสุวิตาคะ") are not part of it.
TH_PARTICLE = r"(?:นะคะ|นะครับ|ครับ|ค่ะ|คะ|ค่า|จ้ะ|จ้า)"
# Words that begin the sentence after a name, never a family name.
TH_NOT_SURNAME = (
    r"(?!อายุ|เพศ|อาชีพ|เลข|โทร|ที่|และ|กับ|ได้|ให้|เป็น|มา(?:ด้วย|ตรวจ|รับ|ที่|โรง)|ไป|ผู้|ญาติ|บุตร"
    r"|ภรรยา|สามี|บิดา|มารดา|ขอ|แจ้ง|เข้า|ออก|นอน|ป่วย|ไม่|จะ|ก็|ว่า|อยู่|ตอนนี้|วันนี้|เมื่อ|ชื่อ"
    r"|นามสกุล|สกุล|ทำงาน|กล่าว|ยืนยัน|บอก|ระบุ|เปิดเผย|ไข้|ปวด|ไอ|เจ็บ|อาการ|แพ้|หอบ|ถ่าย|อาเจียน|ท้อง|ซึม)"
)
# Words that cannot start a name after a cue ("ขอสงวนชื่อและนามสกุลจริง", "110 นาย ไปช่วย").
TH_NOT_NAME = r"(?!จริง|และ|ของ|ทั้ง|เดิม|ใหม่|ไม่|ว่า|นี้|นั้น|ดังกล่าว|กลุ่ม|บุคคล|ไป|มา|ได้|ที่)"
# Words that follow a name glued to it in running text ("นายสมศักดิ์ยังเปิดเผย"): the
# name ends before them.
TH_AFTER_NAME = (
    r"(?:กล่าว|ได้|ยัง|เปิดเผย|รายงาน|แจง|ว่า|แล้ว|ซึ่ง|บอก|ไม่|จะ|เป็น|ก็|ให้|มาด้วย|นอน|ล้ม"
    r"|พร้อม|ระบุ|เดินทาง|ต้อง|ถูก|และ|กับ|ที่|ของ|คือ|ยืนยัน|สามารถ|เพื่อ|กำลัง|ชี้|เผย"
    r"|ไข้|ปวด|กิน|หายใจ|อาเจียน)"
)
TH_NAME = (
    rf"{TH_NOT_NAME}(?:[{TH_LETTER}]{{2,20}}?(?={TH_PARTICLE}{NOT_TH}|{TH_AFTER_NAME})"
    rf"|(?>[{TH_LETTER}]{{2,20}})(?: {TH_NOT_SURNAME}(?>[{TH_LETTER}]{{2,20}}){NOT_TH})?)"
)
# A capitalised word that is not a field label ("Age:", "HN=").
EN_NAME_WORD = r"[A-Z][a-z'’-]+(?![A-Za-z'’-]| ?[:=])"
EN_NAME = EN_NAME_WORD + r"(?: (?:[A-Z]\. )?" + EN_NAME_WORD + r"){0,2}"
# Thai titles that are also everyday words or pronouns are not name cues here:
# kinship words (พี่, น้อง, ลุง, ...), พระ, พยาบาล (nurse), ผู้ใหญ่, and the one-letter
# abbreviations อ./ศ. (อ. is also อำเภอ). คุณ has its own, lower-scored row.
_TH_TITLE_SKIP = {
    "พี่", "น้อง", "ลุง", "ป้า", "น้า", "พระ", "พยาบาล", "ผู้ใหญ่", "กำนัน", "หลวงพ่อ", "หลวงพี่",
    "อ.", "ศ.", "คุณ",
}
# What follows a short title when it is part of an ordinary word: นายก, นายจ้าง, นางแบบ, ...
_TH_TITLE_NOT_BEFORE = {
    "นาย": "ก|จ้าง|หน้า|อำเภอ|ทหาร|ตำรวจ|ประกัน|ด่าน|ทุน|ช่าง|พล|สิบ|ร้อย|พัน|เรือ|ท่า|งาน|ห้าง|แพทย์|ตรวจ|ธง|ทะเบียน",
    "นาง": "สาว|พยาบาล|แบบ|ฟ้า|เงือก|รำ|สนม|ใน|พญา|กำนัล|เอก|ร้าย|งาม|ข้าหลวง|แพทย์",
    "คุณ": "ภาพ|สมบัติ|ค่า|ธรรม|ประโยชน์|ลักษณะ|วุฒิ|หมอ|พ่อ|แม่|ยาย|ตา|ปู่|ย่า|ลุง|ป้า|น้า|อา|พยาบาล|ครู|หญิง|ชาย|นาย|ผู้|ท่าน|เอง",
}


def _th_title(title: str) -> str:
    """A Thai title; short undotted ones must not be glued to a preceding Thai word
    (เจ้านาย, ขอบคุณ), follow a number (นาย is also the classifier "persons": 110 นาย)
    nor be the start of an ordinary word (นายก, คุณภาพ)."""
    pattern = title.replace(".", r"\.\s?")
    if "." not in title and len(title) <= 4:
        pattern = rf"(?<![{TH_LETTER}0-9])(?<![0-9] )" + pattern
    if title in _TH_TITLE_NOT_BEFORE:
        pattern += rf"(?!{_TH_TITLE_NOT_BEFORE[title]})"
    return pattern


_TH_TITLES = [t for t in TITLES if "\u0e00" <= t[0] <= "\u0e7f" and t not in _TH_TITLE_SKIP]
TH_TITLE = "(?:" + "|".join(_th_title(t) for t in _TH_TITLES) + ")"
# After a role or name cue, พยาบาล and คุณ are titles too ("ผู้บันทึก: พยาบาลอาภรณ์").
TH_CUED_TITLE = "(?:" + TH_TITLE + "|พยาบาล|" + _th_title("คุณ") + ")"
TH_TITLE_STARTS = "".join(sorted({t[0] for t in _TH_TITLES}))
EN_TITLE = (
    WORD_START + r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sir|Madam|Nurse|Khun)" + WORD_END + r"\.?\s?"
)
TH_NAME_CUE = (
    r"(?:ชื่อ\s?[-–]?\s?(?:นาม)?สกุล|นามสกุล|ชื่อผู้ป่วย|ชื่อบัญชี|(?<!เ)ชื่อ(?:จริง|เล่น)?(?=\s*[:=]|\s|" + TH_TITLE + r"))"
)
EN_NAME_CUE = (
    r"(?:(?:(?i:" + WORD_START + r"(?:full\s+|patient'?s?\s+|first\s+|given\s+)?name)"
    + r"|" + WORD_START + r"Patient)\s*[:=]"
    + r"|(?i:" + WORD_START + r"(?:surname|family\s+name|last\s+name))\s*[:=]?)"
)
# Roles in clinical forms followed by the person ("ผู้บันทึก: ...", "Recorded by: ...").
TH_ROLE_CUE = (
    r"(?:แพทย์(?:ผู้)?(?:บันทึก|รักษา|ตรวจ|เจ้าของไข้)|ผู้บันทึก|ผู้ตรวจ(?:สอบ)?|ผู้รายงาน|ผู้ช่วยผ่าตัด"
    r"|วิสัญญีแพทย์|ศัลยแพทย์|อายุรแพทย์|พยาบาลผู้(?:บันทึก|ดูแล)|ผู้เอาประกัน(?:ภัย)?|ผู้ดูแล|ผู้แจ้ง"
    # contact persons and relatives on forms: "ผู้ติดต่อกรณีฉุกเฉิน ...", "ชื่อญาติ ...",
    # "ชื่อมารดา ..."; the bare words (also prose: "ผู้ปกครองทราบแล้ว") only before a colon
    r"|(?:ชื่อ)?(?:ผู้|บุคคลที่)ติดต่อ(?:ได้)?\s?(?:กรณี|ยาม)?\s?(?:ฉุกเฉิน|เร่งด่วน)"
    r"|ชื่อ(?:ญาติ|ผู้ติดต่อ|ผู้ปกครอง|บิดา|มารดา|คู่สมรส)"
    r"|(?:ผู้ติดต่อ|ผู้ปกครอง|บุคคลที่ติดต่อได้)(?=\s*[:=])"
    rf"|ญาติ\s*\([{TH_LETTER}]{{1,12}}\))"  # "ญาติ (บุตรสาว) ..."
    r"(?:\s*[:=]\s*|\s+)"  # a separator: "ผู้เอาประกันเกิดวันที่" is no name
)
EN_ROLE_CUE = (
    r"(?i:" + WORD_START + r"(?:(?:recorded|examined|signed|seen|reviewed|written|reported|referred"
    + r"|accompanied|brought(?:\s+in)?|escorted|verified|approved|dictated|transcribed|prepared"
    + r"|interpreted|collected|ordered|requested|performed|administered|supervised|witnessed"
    + r"|authori[sz]ed|counter-?signed)\s+by"
    + r"|attending|surgeon|assistant|an(?:a)?esthe(?:sia|siologist|tist)|insured|(?:treating\s+)?physician"
    + r"|author|dear|hi|hello"
    # relatives and contacts on forms and in notes: "daughter Linda", "Wife (Carmen)"
    + r"|wife|husband|spouse|partner|mother|father|son|daughter|brother|sister|grand(?:mother|father"
    + r"|son|daughter)|aunt|uncle|niece|nephew|cousin|guardian|carer|caregiver|next\s+of\s+kin|nok"
    + r"|witness|interpreter|beneficiary|contact\s+person|emergency\s+contact))" + WORD_END
)
# Capitalised words that start a sentence, not a name ("Assistant: The patient ...").
EN_NOT_NAME = (
    r"(?!(?:The|This|That|He|She|They|We|It|His|Her|Their|Our|My|Your|Patient|Doctor|Nurse|No|None"
    + r"|Not|Yes|Unknown|Sir|Madam|Colleague|Colleagues|Team|All|Everyone|Friend|Friends|Customer"
    + r"|Member|Parent|Parents|Family|Was|Is|Has|Had|Will|Would|Also|Present|Absent|Notified|Informed)"
    + WORD_END + ")"
)
# A chat speaker named by kinship: "แม่หมิว: ลูกกินยา", "น้องดาว: ..." (a colon must follow).
TH_KIN = r"(?<![" + TH_LETTER + r"])(?:พี่|น้อง|แม่|พ่อ|ลุง|ป้า|น้า|ยาย)(?!สาว|ชาย|เขย|สะใภ้|บ้าน|ค้า|ครัว|ทัพ)"
# น้อง/หมอ before a name in chats ("น้องครีมไข้ขึ้น", "หมอสารีคะ"); also the pronouns
# "you"/"the child" and "the doctor", so the name must not start with a verb. Thai glues
# words, so น้อง/หมอ may also follow a preposition or a verb of speaking or seeing
# ("ได้รับยาจากหมอเหน่ง", "ปรึกษากับหมอ..."), not any Thai letter (หมอ inside a word).
TH_CHAT_ADDRESS = (
    rf"(?:(?<![{TH_LETTER}])|(?<=จาก)|(?<=กับ)|(?<=โดย)|(?<=ของ)|(?<=และ)|(?<=ถาม)|(?<=บอก)|(?<=แจ้ง)"
    r"|(?<=ปรึกษา)|(?<=เรียก))(?:น้อง|หมอ)(?!สาว|ชาย|เขย|สะใภ้|ฟัน|ๆ|นรอง|นหนุน|นข้าง)\s?"
    r"(?!ไข้|ปวด|กิน|ทาน|มี|ไม่|เป็น|ได้|ไป|มา|อยู่|นอน|หายใจ|ไอ|ถ่าย|อาเจียน|ชอบ|จะ|ก็|ยัง|บอก|ขอ"
    r"|ร้อง|เจ็บ|ตัว|คน|ที่|และ|กับ|ของ|เค้า|เขา|เรา|ครับ|ค่ะ|คะ|นะ|ประจำ|เจ้าของ|เวร|ผ่าตัด|ตรวจ|นัด"
    r"|สั่ง|แนะนำ|ว่า|อีก|ทุก|ท่าน|ดู|ใหม่|เดิม|ให้|แล้ว|เลย|ด้วย|ก่อน|หลัง|เพื่อ|ตา|หู|เด็ก|สูติ|ศัลย"
    r"|อายุรกรรม|ทาง|ใน|แผน|พื้นบ้าน|ชาวบ้าน|ยา)"
)
EN_PLACE = r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}"
CUE_GAP = r"\s*(?:[:=]\s*)?"


def _province_names() -> Tuple[str, ...]:
    """Thai and English names of Thailand's 77 provinces (a closed, public list,
    read from the ``thailand_provinces_th.csv`` bundled with PyThaiNLP; read directly, not
    through ``pythainlp.corpus.provinces``, so importing the patterns does not import
    PyThaiNLP, as tests/patterns/test_component.py checks)."""
    spec = find_spec("pythainlp")
    if spec is None or not spec.submodule_search_locations:
        return ()
    path = Path(list(spec.submodule_search_locations)[0]) / "corpus" / "thailand_provinces_th.csv"
    if not path.exists():
        return ()
    with path.open(encoding="utf-8") as f:
        return tuple(name for row in csv.reader(f) if len(row) >= 3 for name in (row[0], row[2]))


# Short province names are ordinary words (เลย, แพร่, ตาก "to dry", Nan): only
# names of five characters or more are matched without a cue.
_PROVINCES = sorted((p for p in _province_names() if len(p) >= 5), key=len, reverse=True)
# Words that follow a place or a profession glued to it ("จังหวัดพิษณุโลกโดย...",
# "ไรเดอร์ส่งอาหารที่หจก."): the value ends before them (หน้าที่ is one word).
TH_AFTER_VALUE = (
    r"(?:และ|โดย|ได้|ไว้|ซึ่ง|(?<!หน้า)ที่|ของ|จำนวน|ห่าง|ตอน|เพื่อ|แล้ว|ตั้งแต่|อยู่|กับ|นั้น|ลงไป|เปิด"
    r"|จะ|เป็น|ก็|ว่า|ค่ะ|ครับ|คะ)"
)
# Without a cue a name must stand as a word: after a non-letter or a preposition, and
# before a non-letter or a connecting word ("ที่ประชุมพรรค" holds ชุมพร, no place).
_TH_BEFORE_PLACE = ("ที่", "ใน", "ไป", "มา", "อยู่", "จาก", "ชาว", "ถึง", "สู่", "เมือง", "กลับ", "บ้าน")
_TH_PROVINCE_NAME = one_of(
    [p for p in _PROVINCES if not p.isascii()] + ["กรุงเทพมหานคร", "กรุงเทพฯ", "กรุงเทพ", "กทม."]
)
TH_PROVINCE = (
    rf"(?:(?<![{TH_LETTER}])|" + "|".join(f"(?<={w})" for w in _TH_BEFORE_PLACE) + ")"
    + _TH_PROVINCE_NAME + rf"(?={NOT_TH}|{TH_AFTER_VALUE})"
)
EN_PROVINCE = "|".join(p.replace(" ", " ?") for p in _PROVINCES if p.isascii())
# Address prefixes (ADDRESS words that start a place name); the one-letter
# abbreviations only before a Thai run that is not itself an abbreviation
# (ต.ค. is October, จ.ส.ต. a rank).
TH_PLACE_CUE = (
    r"(?:(?<!ต่าง)(?<!ทุก)(?<!หลาย)(?:จังหวัด|อำเภอ|ตำบล)"
    rf"|(?<![{TH_LETTER}])(?:แขวง|เขต|หมู่บ้าน|ซอย|ถนน)|ภูมิลำเนา(?:เดิม)?\s*[:=]?\s?(?:[จอต]\.|จังหวัด|อำเภอ|ตำบล)?)\s?"
)
TH_PLACE_ABBREVIATION = rf"(?:(?<![{TH_LETTER}.])|(?<=ที่)|(?<=อยู่))[จอตซถ]\.\s?"
TH_NOT_PLACE = r"(?!นี้|นั้น|ที่|ละ|ใด|เดียว|ของ|และ|ใน(?!เมือง)|ให้|พื้นที่|ต่าง|อื่น|ตาม|ผ่าน|ท้องถิ่น|ได้|จังหวัด|อำเภอ|ตำบล|รับผิดชอบ)"
TH_PLACE = (
    rf"{TH_NOT_PLACE}(?:[{TH_LETTER}]{{2,30}}?(?={TH_AFTER_VALUE})|(?>[{TH_LETTER}]{{2,30}}))"
)
TH_OCCUPATION_CUE = r"(?:(?<!การประกอบ)อาชีพ(?:ผู้เอาประกัน|ผู้ป่วย|บิดา|มารดา|สามี|ภรรยา)?|ทำงานเป็น)"
EN_OCCUPATION_CUE = (
    r"(?:(?i:" + WORD_START + r"(?:occupation|profession|job)\s*[:=]\s*)"
    + r"|" + WORD_START + r"works?\s+as\s+an?\s+)"
)
EN_STOP = r"(?!(?:at|in|for|with|and|since|from|of|on|by|to|who|but)" + WORD_END + ")"
EN_OCCUPATION = (
    r"[A-Za-z][a-z-]+(?:\s" + EN_STOP + r"[a-z][a-z-]+){0,2}" + WORD_END
)

# Job phrases ending in a job's head noun (a closed list): "early childhood teacher",
# "Staff Nurse", "paediatric surgeon", "director of nursing".
_EN_JOB_HEADS = (
    "teacher", "driver", "surgeon", "nurse", "technician", "manager", "student", "administrator",
    "physician", "practitioner", "engineer", "accountant", "lawyer", "attorney", "solicitor", "clerk",
    "cleaner", "farmer", "mechanic", "electrician", "plumber", "chef", "cook", "waiter", "waitress",
    "cashier", "pharmacist", "dentist", "therapist", "midwife", "paramedic", "officer", "worker",
    "labourer", "laborer", "builder", "carpenter", "painter", "secretary", "receptionist", "consultant",
    "analyst", "developer", "programmer", "designer", "architect", "scientist", "researcher",
    "professor", "lecturer", "tutor", "librarian", "journalist", "writer", "artist", "musician",
    "actor", "salesman", "saleswoman", "salesperson", "shopkeeper", "vendor", "trader", "banker",
    "broker", "agent", "guard", "soldier", "pilot", "sailor", "fisherman", "miner", "tailor",
    "hairdresser", "barber", "beautician", "caregiver", "carer", "housekeeper", "nanny", "janitor",
    "porter", "courier", "supervisor", "director", "executive", "owner", "entrepreneur", "contractor",
    "inspector", "surveyor", "veterinarian", "optometrist", "radiographer", "sonographer",
    "phlebotomist", "dietitian", "dietician", "nutritionist", "physiotherapist", "psychologist",
    "psychiatrist", "counsellor", "counselor", "housewife", "homemaker", "social worker",
    "assistant", "coordinator", "specialist", "registrar", "intern", "doctor",
)
EN_JOB = (
    r"(?:(?:[A-Za-z][a-z-]+|[A-Z]{2,4})\s(?!(?:and|or|with|at|in|for|from)\s)){0,3}"
    + r"(?i:" + one_of(_EN_JOB_HEADS) + r")(?:s)?(?:\s(?i:of)\s[a-z]+)?" + WORD_END
)
# Where a job phrase describes the person: "a 45-year-old …", "is a …", "employed as …",
# "Gemma Holloway, Staff Nurse".
EN_JOB_CUE = (
    r"(?:" + NUM_START + r"\d{1,3}(?:[- ]years?[- ]old|\s?(?:y/o|yo|y\.o\.))\s+|(?i:" + WORD_START
    + r"(?:is|was|as|employed\s+as|worked\s+as|retired)\s+(?:an?\s+|the\s+)?)"
    + r"|(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s)?[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2},\s)"
)

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
        # A number after a phone word, in any national layout: "Ph 09 379 4410",
        # "Call 1-800-555-0114", "reached on 01423 566 082", "Mobile: 07700 900 312".
        "phone_after_cue", "PHONE", starts="CFMPTcfmprt", score=0.85,
        pattern=r"(?:" + WORD_START + r"(?:[Pp]h(?:one)?|PH(?:ONE)?|[Tt]el(?:ephone)?|TEL|[Mm]ob(?:ile)?"
        + r"|MOB(?:ILE)?|[Cc]ell|[Ff]ax|FAX|[Cc]all|reached\s+(?:on|at)|contact\s+(?:no\.?|number))"
        + r"(?:\s*(?:[Nn]o\.?|[Nn]umber|#))?)[\s:.=]*(?:\((?:[A-Za-z]+)\)\s*)?"
        + r"(?P<value>\+?\(?\d[\d ().-]{5,20}\d)" + NUM_END,
        validator="phone_length",
    ),
    Recognizer(
        # A national number with a trunk 0 in space-separated groups, as the UK, Australia
        # and New Zealand write them: "07700 900418", "01423 566 082", "09 379 4410".
        "trunk_zero_phone", "PHONE", starts="0(", score=0.6, context=PHONE_CONTEXT, context_boost=0.25,
        pattern=r"(?:(?<![0-9A-Za-z(])\(0\d{1,4}\)|" + NUM_START + r"(?![0-3]\d [01]\d (?:19|20)\d\d)0\d{1,4})(?:[ ]\d{2,6}){1,3}" + NUM_END,
        validator="phone_length",
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
        pattern=r"(?:(?=\d)" + DAY + r"(?:\s?[-–]\s?[0-3]?\d)?\s*" + TH_MONTH + r"(?:\s*" + YEAR + r")?|"
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
        pattern=r"(?i:" + WORD_START + r"aged?)\s*[:=]?\s*(?P<value>\d{1,3}(?![0-9])"
        + r"(?:\s*(?:(?i:years?|yrs?|y)" + WORD_END + r"|ปี(?:\s*\d{1,2}\s*เดือน)?|เดือน|ขวบ))?)",
    ),
    Recognizer(
        # Age and sex in one field: "Age/Sex: 38", "Age/Sex 38/F".
        "english_age_sex", "AGE", starts="Aa", score=0.85,
        pattern=r"(?i:" + WORD_START + r"age\s*/\s*sex)\s*[:=]?\s*(?P<value>\d{1,3})(?![0-9])",
    ),
    Recognizer(
        # Sex and age written with a slash: "M/52", "52/F" (not "M/2024", "3/F2").
        "sex_slash_age", "AGE", starts="FM", score=0.75,
        pattern=WORD_START + r"[MF]/(?P<value>\d{1,3})(?![0-9/.:])",
    ),
    Recognizer(
        "age_slash_sex", "AGE", starts="0-9", score=0.75,
        pattern=NUM_START + r"(?P<value>\d{1,3})/[MF](?![0-9A-Za-z])",
    ),
    Recognizer(
        # A table cell that holds only an age with its unit: "| 62 ปี 3 เดือน |", "| 45 yrs |".
        "age_table_cell", "AGE", starts="|", score=0.8,
        pattern=r"\|\s*(?P<value>\d{1,3}\s*(?:ปี|ขวบ)(?:\s*\d{1,2}\s*เดือน)?"
        + r"|\d{1,3}\s*(?i:years?|yrs?|y/o|yo)" + WORD_END + r")\s*(?=\|)",
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
    # --- names, professions and places after a cue (see "context-cued" above) -----
    Recognizer(
        # The title stays outside: "นางสาวสมศรี ใจดี" → "สมศรี ใจดี", "ผศ.นพ.สมชาย" → "สมชาย".
        "person_after_title_th", "PERSON", starts=TH_TITLE_STARTS, score=0.85,
        pattern=TH_TITLE + r"(?:\s?" + TH_TITLE + r")*\s?(?P<value>" + TH_NAME + ")",
    ),
    Recognizer(
        # คุณ is also the pronoun "you" (คุณมีอาการ...): scored lower.
        "person_after_khun", "PERSON", starts="ค", score=0.6,
        pattern=_th_title("คุณ") + r"\s?(?P<value>" + TH_NAME + ")",
    ),
    Recognizer(
        "person_after_title_en", "PERSON", starts="DKMNPS", score=0.85,
        pattern=EN_TITLE + r"(?P<value>" + EN_NAME + ")",
    ),
    Recognizer(
        # ชื่อ-สกุล / นามสกุล / ชื่อผู้ป่วย / ชื่อ: + an optional title + the name.
        "person_after_name_cue_th", "PERSON", starts="ชน", score=0.85,
        pattern=TH_NAME_CUE + CUE_GAP + r"(?:" + EN_TITLE + "|" + TH_CUED_TITLE + r"\s?)*(?P<value>" + TH_NAME + "|" + EN_NAME + ")",
    ),
    Recognizer(
        # "Name: John Smith", "Patient name=สมชาย ใจดี", "Patient: Mr. John Smith".
        "person_after_name_cue_en", "PERSON", starts="FfGgLlNnPpSs", score=0.85,
        pattern=EN_NAME_CUE + r"\s*(?:" + EN_TITLE + r"|" + TH_TITLE + r"\s?)?(?P<value>" + EN_NAME
        + "|" + TH_NAME + ")",
    ),
    Recognizer(
        "person_after_role_th", "PERSON", starts="ญแผวศอพชบ", score=0.8,
        pattern=TH_ROLE_CUE + r"(?:" + EN_TITLE + "|" + TH_CUED_TITLE + r"\s?)*(?P<value>" + TH_NAME
        + "|" + EN_NOT_NAME + EN_NAME + ")",
    ),
    Recognizer(
        "person_after_role_en", "PERSON", starts="AaBbCcDdEeFfGgHhIiMmNnOoPpRrSsTtUuVvWw", score=0.8,
        pattern=EN_ROLE_CUE + r"\s*[:=(,]?\s*(?:" + EN_TITLE + r")?(?P<value>" + EN_NOT_NAME + EN_NAME
        + "|" + TH_NAME + ")",
    ),
    Recognizer(
        # A chat export's speaker after the time stamp: "[10:03] Tom (Reg): ...", "10:05 - Ade:".
        "person_chat_speaker_en", "PERSON", starts="\\[0-9", score=0.7,
        pattern=r"(?:\[\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\]|" + NUM_START
        + r"\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?\s[-–])\s*" + EN_NOT_NAME
        + r"(?P<value>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,2})(?=\s*(?:\([^()\n]{1,30}\)\s*)?:)",
    ),
    Recognizer(
        # A name field of an XML or JSON export: <Given>Hamid</Given>, "family": "Karimi".
        "person_name_field", "PERSON", starts="<\"", score=0.8,
        pattern=r"(?:<(?i:(?:given|family|first|last|middle|sur|full|patient)[-_]?name|given|family|surname)>"
        + r"|\"(?i:(?:given|family|first|last|middle|sur|full|patient)[-_ ]?name|given|family|surname)\""
        + r"\s*:\s*\[?\s*\")\s*(?P<value>[A-Z][A-Za-z'’.-]*(?: [A-Z][A-Za-z'’.-]*){0,3})(?=\s*[<\"])",
    ),
    Recognizer(
        "person_kin_speaker_th", "PERSON", starts="พนแลปย", score=0.6,
        pattern=TH_KIN + r"(?:พี่|น้อง)?(?P<value>[" + TH_LETTER + r"]{2,12})(?=\s?:)",
    ),
    Recognizer(
        "person_chat_address_th", "PERSON", starts="นห", score=0.5,
        pattern=TH_CHAT_ADDRESS + r"(?P<value>[" + TH_LETTER + r"]{2,12}?)(?=" + TH_PARTICLE + NOT_TH
        + "|" + TH_AFTER_NAME + r"|\s?:|\s)",
    ),
    Recognizer(
        "profession_after_cue_th", "PROFESSION", starts="อท", score=0.8,
        pattern=TH_OCCUPATION_CUE + CUE_GAP + r"(?P<value>" + TH_PLACE + ")",
    ),
    Recognizer(
        "profession_after_cue_en", "PROFESSION", starts="JjOoPpWw", score=0.8,
        pattern=EN_OCCUPATION_CUE + r"(?P<value>" + EN_OCCUPATION + ")",
    ),
    Recognizer(
        "profession_phrase_en", "PROFESSION", starts="0-9A-Zaeiorw", score=0.7,
        pattern=EN_JOB_CUE + r"(?P<value>" + EN_JOB + ")",
    ),
    Recognizer(
        # "จังหวัดเชียงใหม่", "แขวงสีลม", "ถนนพระราม": the prefix stays outside.
        "place_after_prefix_th", "LOCATION", starts="จอตแเภหซถ", score=0.8,
        pattern=TH_PLACE_CUE + r"(?P<value>" + TH_PLACE + ")",
    ),
    Recognizer(
        # "จ.ภูเก็ต", "อ.เมือง", "ต.บ้านใหม่", "ซ.5"-less: อ. is also อาจารย์ (a title), so
        # a hit may be a name; it is PHI either way.
        "place_after_abbreviation_th", "LOCATION", starts="จอตซถ", score=0.7,
        pattern=TH_PLACE_ABBREVIATION + r"(?P<value>" + TH_PLACE + r")(?!\.)",
    ),
    Recognizer(
        # "Hometown: Waverly, Connecticut", "Place of birth: Chiang Mai".
        "place_after_cue_en", "LOCATION", starts="BbDdHhPp", score=0.8,
        pattern=r"(?i:" + WORD_START + r"(?:home\s?town|birth\s?place|place\s+of\s+birth|domicile))\s*[:=]\s*"
        + r"(?P<value>" + EN_PLACE + r"(?:, ?" + EN_PLACE + r")?)" + WORD_END,
    ),
    Recognizer(
        "place_thailand_en", "LOCATION", starts="A-Z", score=0.75,
        pattern=WORD_START + EN_PLACE + r", ?Thailand" + WORD_END,
    ),
    Recognizer(
        "province_th", "LOCATION", starts="".join(sorted({p[0] for p in _PROVINCES if not p.isascii()} | {"ก"})),
        score=0.7, pattern="(?:" + TH_PROVINCE + ")",
    ),
    Recognizer(
        "province_en", "LOCATION", starts="".join(sorted({p[0] for p in _PROVINCES if p.isascii()})),
        score=0.7, pattern=WORD_START + "(?:" + EN_PROVINCE + ")" + WORD_END,
    ),
)
