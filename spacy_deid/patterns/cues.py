"""Context-cued recognizers: PERSON, PROFESSION and LOCATION values after a real cue (a title,
a name field, a role, an occupation or address word), and Thailand's province names."""
from __future__ import annotations

from functools import cache

from ..text import TITLES
from .fragments import NOT_TH, NUM_START, TH_LETTER, WORD_END, WORD_START
from .gazetteer import provinces
from .rows import Recognizer, one_of

# --- context-cued names, professions and places -----------------------------
# A Thai "run" is a stretch of Thai letters (no digits, no spaces). Names, places
# and professions after a cue are taken up to the next space or punctuation,
# bounded in length: Thai does not separate words, so a name glued to the next
# word ("นายสมชายมาด้วย...") over-redacts that word, never a whole line.
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
# Words that follow a place or a profession glued to it ("จังหวัดพิษณุโลกโดย...",
# "ไรเดอร์ส่งอาหารที่หจก."): the value ends before them (หน้าที่ is one word).
TH_AFTER_VALUE = (
    r"(?:และ|โดย|ได้|ไว้|ซึ่ง|(?<!หน้า)ที่|ของ|จำนวน|ห่าง|ตอน|เพื่อ|แล้ว|ตั้งแต่|อยู่|กับ|นั้น|ลงไป|เปิด"
    r"|จะ|เป็น|ก็|ว่า|ค่ะ|ครับ|คะ)"
)
# Without a cue a name must stand as a word: after a non-letter or a preposition, and
# before a non-letter or a connecting word ("ที่ประชุมพรรค" holds ชุมพร, no place).
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

ROWS: tuple[Recognizer, ...] = (
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
)


# Without a cue a name must stand as a word: after a non-letter or a preposition, and
# before a non-letter or a connecting word ("ที่ประชุมพรรค" holds ชุมพร, no place).
_TH_BEFORE_PLACE = ("ที่", "ใน", "ไป", "มา", "อยู่", "จาก", "ชาว", "ถึง", "สู่", "เมือง", "กลับ", "บ้าน")


@cache
def province_rows() -> tuple[Recognizer, ...]:
    """The two rows of province names (built, and the gazetteer read, on first use)."""
    names = provinces()
    th_name = one_of(
        [p for p in names if not p.isascii()] + ["กรุงเทพมหานคร", "กรุงเทพฯ", "กรุงเทพ", "กทม."]
    )
    th_province = (
        rf"(?:(?<![{TH_LETTER}])|" + "|".join(f"(?<={w})" for w in _TH_BEFORE_PLACE) + ")"
        + th_name + rf"(?={NOT_TH}|{TH_AFTER_VALUE})"
    )
    en_province = "|".join(p.replace(" ", " ?") for p in names if p.isascii())
    return (
        Recognizer(
            "province_th", "LOCATION", starts="".join(sorted({p[0] for p in names if not p.isascii()} | {"ก"})),
            score=0.7, pattern="(?:" + th_province + ")",
        ),
        Recognizer(
            "province_en", "LOCATION", starts="".join(sorted({p[0] for p in names if p.isascii()})),
            score=0.7, pattern=WORD_START + "(?:" + en_province + ")" + WORD_END,
        ),
    )
