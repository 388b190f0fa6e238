"""Thai structure blocks: layouts and cue patterns the section templates do not vary.

The section templates vary values inside a fixed set of sentences; these blocks vary the
*structure* around the values (issue 14, "What it misses"):

- ``role_name``: a name with no title after a role word (``ผู้กู้สมหมาย``, ``บิดา: ก้อง``);
  role words come from PyThaiNLP's dictionary (``words_th.txt``: the agent nouns
  ``ผู้…``, ``นัก…``, ``เจ้า…``, ``ลูก…``, ``คู่…``) plus a kinship table, and the same
  role words are also written *without* a name after them (``บิดาเสียชีวิตด้วย…``), so a
  role word is a cue, not a guarantee;
- ``glued``: a name written straight before the next word (``สมหมายแพ้ยา``): the span ends
  at the name;
- ``list_`` / ``table`` / ``form``: names, ages, relations and professions in numbered
  lists, pipe/tab tables and label: value forms, with empty fields and dotted lines;
- ``chat``: ``nick: message`` lines and nicknames after ``หมอ/พี่/น้อง/คุณ/ป้า/ลุง…``
  (the form of address stays outside PERSON);
- ``latin``: English-script names (romanised Thai or English; Title, UPPER or lower case)
  inside Thai sentences;
- ``prof_free``: professions as free text (``ทำงานเป็น…``, ``ตำแหน่ง…``, ``เกษียณจาก…``);
- ``negatives``: hard negatives — eponymous disease and scale names, organisms, analytes,
  drugs, departments, form labels with no value — never labelled.

Role words, professions, the English-script names and all values are split by the same
hash as the value pools (``pools.split_of``), so dev and test blocks use role words and
names that train blocks never saw. Nothing here is taken from an evaluation set.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache

from . import blocks
from . import negatives as neg
from . import values as val
from .pools import Split, _pythainlp_lines, fresh, romanized, split_of

# Agent-noun prefixes whose dictionary entries name a person by role.
_ROLE_PREFIXES = ("ผู้", "นัก", "เจ้าของ", "เจ้าหน้าที่", "ลูกจ้าง", "ลูกหนี้", "ลูกค้า", "คู่")
# Dictionary entries with those prefixes that do not name a person's role.
_NOT_ROLES = {
    "ผู้", "ผู้ใด", "ผู้เดียว", "ผู้คน", "ผู้อื่น", "ผู้ดี", "ผู้ชาย", "ผู้หญิง", "ผู้ใหญ่", "ผู้น้อย",
    "ผู้กว้างขวาง", "ผู้ลากมากดี", "ผู้หญิงยิงเรือ", "ผู้หญิงริงเรือ", "ผู้ชายพายเรือ", "ผู้ญาณ",
    "นักเลง", "คู่ขา", "คู่หู", "คู่แข่ง", "คู่มือ", "คู่ค้า", "คู่ชีวิต", "คู่เคียง", "คู่ครอง",
}
# Kinship, care and form roles (basic vocabulary and form wording; compounds such as ผู้กู้, ผู้ถือบัตร
# are not dictionary entries).
KIN_ROLES = (
    "บิดา", "มารดา", "พ่อ", "แม่", "สามี", "ภรรยา", "ภริยา", "บุตร", "บุตรชาย", "บุตรสาว", "ลูกชาย",
    "ลูกสาว", "พี่ชาย", "พี่สาว", "น้องชาย", "น้องสาว", "หลาน", "หลานชาย", "หลานสาว", "ปู่", "ย่า",
    "ตา", "ยาย", "ลุง", "ป้า", "น้า", "อา", "พ่อตา", "แม่ยาย", "พ่อเลี้ยง", "แม่เลี้ยง", "ญาติ",
    "ลูกพี่ลูกน้อง", "เพื่อนบ้าน", "เพื่อน", "แฟน", "คู่สมรส", "ผู้ปกครอง", "ผู้ดูแล", "ผู้ติดต่อ",
    "ผู้ป่วย", "คนไข้", "ผู้รับผลประโยชน์", "ผู้ถือบัตร", "ผู้ถือ", "ผู้กู้", "ผู้ค้ำประกัน", "นายจ้าง",
    "ลูกจ้าง", "ผู้แจ้ง", "ผู้ยื่นคำขอ", "ผู้เสียหาย", "ผู้ต้องหา", "พยาน", "ผู้ร้อง", "ผู้รับมอบอำนาจ",
)
# Forms of address written straight before a nickname (kept outside PERSON).
ADDRESS_FORMS = ("หมอ", "พี่", "น้อง", "คุณ", "ป้า", "ลุง", "ยาย", "ตา", "น้า", "อา", "ครู", "เฮีย", "เจ๊", "อาจารย์", "พยาบาล")
# Thai clauses that can follow a name or a role word directly (no space in Thai).
VERBS = (
    "แพ้ยา", "มาตามนัด", "ปวดท้อง", "บอกว่า", "ไม่มาตามนัด", "โทรมาสอบถาม", "เป็นไข้", "ได้รับยาแล้ว",
    "นอนหลับได้", "ยินยอมให้ผ่าตัด", "แจ้งว่า", "ขอเลื่อนนัด", "ลงชื่อรับทราบ", "เซ็นใบยินยอม", "มาเยี่ยม",
    "กลับบ้านแล้ว", "ทานข้าวได้", "เดินได้เอง", "ไอมาก", "ให้ประวัติว่า", "ขอใบรับรองแพทย์", "รับยาแทน",
    "ชำระเงินแล้ว", "ไม่สะดวกมา", "ติดต่อกลับ", "เสียชีวิตเมื่อ", "ป่วยเป็นเบาหวาน", "ดูแลผู้ป่วยอยู่",
)
ROLE_ONLY_TAILS = (
    "เสียชีวิตด้วยโรคหัวใจ", "เป็นเบาหวาน", "ไม่ได้มาด้วย", "รับทราบแผนการรักษา", "ให้ประวัติเพิ่มเติม",
    "ขอพูดคุยกับแพทย์", "มีประวัติความดันโลหิตสูง", "ยังไม่ได้ลงชื่อ", "ต้องการเอกสารเพิ่ม", "อยู่ต่างจังหวัด",
)
FORM_LABELS = (
    "ชื่อ-นามสกุล", "ชื่อผู้ป่วย", "ลายมือชื่อ", "ผู้รับรอง", "ผู้บันทึก", "ผู้ตรวจสอบ", "ผู้อนุมัติ", "หมายเหตุ",
    "ความสัมพันธ์", "สถานภาพ", "สัญชาติ", "ศาสนา", "กรุ๊ปเลือด", "ประวัติแพ้ยา", "โรคประจำตัว", "ลงชื่อ",
    "พยาน", "ผู้ให้ข้อมูล", "ผู้แปล", "ตำแหน่ง", "แผนก", "ห้อง", "เตียง", "สิทธิการรักษา",
)
EPONYMS = (
    "โรคพาร์กินสัน", "Parkinson's disease", "โรคอัลไซเมอร์", "Alzheimer disease", "Glasgow Coma Scale",
    "Apgar score", "กลุ่มอาการดาวน์", "Down syndrome", "Guillain-Barré syndrome", "Bell's palsy",
    "Cushing syndrome", "Graves' disease", "Crohn's disease", "Hodgkin lymphoma", "Wilms tumor",
    "Kawasaki disease", "Murphy's sign", "Babinski sign", "Nottingham grade", "Barthel index",
)
ORGANISMS = (
    "E. coli", "Klebsiella pneumoniae", "Staphylococcus aureus", "MRSA", "Pseudomonas aeruginosa",
    "Gram-negative bacilli", "Streptococcus pneumoniae", "Candida albicans", "Salmonella", "เชื้อรา",
)
ANALYTES = ("Potassium", "Sodium", "Creatinine", "Albumin", "Bilirubin", "Calcium", "Magnesium", "Ferritin", "Troponin", "Lactate")
DEPARTMENTS = (
    "แผนกอายุรกรรม", "แผนกศัลยกรรม", "ห้องฉุกเฉิน", "หอผู้ป่วยหนัก", "ห้องผ่าตัด", "แผนกเวชระเบียน",
    "กลุ่มงานเภสัชกรรม", "แผนกรังสีวิทยา", "ห้องคลอด", "คลินิกเบาหวาน", "ER", "ICU", "OPD", "Ward 5",
    "แผนกกุมารเวชกรรม", "หน่วยไตเทียม", "ศูนย์เปล", "แผนกกายภาพบำบัด",
)
SYMPTOMS = ("ตามัว", "เวียนศีรษะ", "ใจสั่น", "แน่นหน้าอก", "ชาปลายมือ", "ปัสสาวะแสบขัด", "ไข้ต่ำๆ", "ท้องอืด", "ผื่นแดง", "ไอแห้ง")
# English words written in Thai notes where a name could stand (never labelled): the
# English-script name slots get one of these as often as a name.
LATIN_NOT_NAMES = (
    "ER", "ICU", "OPD", "Ward", "CXR", "CT brain", "MRI", "EKG", "Known case", "Admit", "Discharge",
    "Refer", "Consult", "Follow up", "Case", "Dx", "Plan", "Note", "Home", "Nurse station", "Lab",
    "Pending", "Normal", "Stable", "Good", "Fever", "Dyspnea", "Sepsis", "Potassium", "Sodium",
    "Warfarin", "Metformin", "Paracetamol", "Ceftriaxone", "Gram stain", "Culture", "Negative",
    "Positive", "Dr. on call", "Staff", "Resident", "Intern", "Medicine", "Surgery", "Pediatrics",
    "On O2 cannula", "NPO", "IV fluid", "Off ETT", "Observe", "Re-admit", "Tele-consult", "LINE",
)
FREE_PROF = (
    "ทำงานเป็น{prof}", "เป็น{prof}อยู่ที่{company}", "อาชีพเดิม{prof}", "ตำแหน่ง {prof}", "เกษียณจาก{prof}",
    "ประกอบอาชีพ{prof}มา {n} ปี", "ปัจจุบันเป็น{prof}", "เคยทำงาน{prof}", "ทำ{prof}กับ{company}", "อาชีพ: {prof}",
)


@cache
def _role_words() -> tuple:
    words = [w.strip() for w in _pythainlp_lines("words_th.txt")]
    roles = {w for w in words if w.startswith(_ROLE_PREFIXES) and w not in _NOT_ROLES and 2 < len(w) <= 14}
    return tuple(sorted(roles | set(KIN_ROLES)))


@cache
def role_words(split: Split) -> tuple:
    """Role words of ``split`` (by the pools' hash); kinship roles are in every split."""
    return tuple(w for w in _role_words() if w in KIN_ROLES or split_of(w) == split)


@cache
def job_words(split: Split) -> tuple:
    """Dictionary job nouns (``นัก…``, ``ช่าง…``, ``พนักงาน…``) of ``split``, as professions."""
    words = [w.strip() for w in _pythainlp_lines("words_th.txt")]
    jobs = {
        w for w in words
        if w.startswith(("นัก", "ช่าง", "พนักงาน", "เจ้าหน้าที่")) and 4 < len(w) <= 16
        and not w.startswith(("นักษัตร", "นักขัต", "นักหนา", "นักเลง", "นักโทษ"))
    }
    return tuple(sorted(w for w in jobs if split_of(w) == split))


class Block(blocks.Block):
    """Pieces of one Thai structure block and the persons it made."""

    def person(self):
        return self.ctx.person(f"s{len(self.ctx.persons)}")

    def name(self, latin_ok: bool = True) -> str:
        """A name without title: first, first + last, a nickname, or English script."""
        rng, x = self.rng, self.person()
        r = rng.random()
        if latin_ok and r < 0.12:
            return self.latin_name()
        if r < 0.40:
            return x.first
        if r < 0.55:
            return x.nick
        return f"{x.first} {x.last}"

    def latin_name(self) -> str:
        rng, p = self.rng, self.ctx.p
        if rng.random() < 0.5:
            rom = romanized(self.split)
            first = rng.choice(rom["th_female" if rng.random() < 0.5 else "th_male"])
            last = rng.choice(rom["th_family"])
        else:
            first = rng.choice(p.en_female if rng.random() < 0.5 else p.en_male)
            last = rng.choice(p.en_last)
        name = first if rng.random() < 0.3 else f"{first} {last}"
        case = rng.random()
        return name.upper() if case < 0.15 else name.lower() if case < 0.2 else name

    def prof(self) -> str:
        jobs = job_words(self.split)
        if jobs and self.rng.random() < 0.4:
            return self.rng.choice(jobs)
        return val.profession(self.rng, self.ctx.p, "th")

    def role(self) -> str:
        return self.rng.choice(role_words(self.split))


def _role_name(b: Block) -> None:
    rng = b.rng
    for i in range(rng.randint(1, 3)):
        if i:
            b.t(rng.choice((" ", "\n", " และ", ", ")))
        role = b.role()
        b.t(role)
        if rng.random() < 0.45:  # the role word alone, followed by a clause: no name
            b.t(rng.choice(("", " ")) + rng.choice(ROLE_ONLY_TAILS))
            continue
        b.t(rng.choice(("", "", " ", ": ", " คือ", "ชื่อ", " ชื่อ ", " (", "คือ ")))
        b.v(b.name(), "PERSON")
        if b.pieces[-2][0].endswith("("):
            b.t(")")
        b.t(rng.choice(("", " ")) + rng.choice(VERBS))


def _glued(b: Block) -> None:
    rng = b.rng
    lead = rng.choice(("", b.role(), rng.choice(ADDRESS_FORMS), "คุณ", "นาย", "นาง"))
    b.t(lead)
    if lead and rng.random() < 0.3:  # no name: the role word or pronoun glued to the verb
        b.t(rng.choice(VERBS) + " " + rng.choice(SYMPTOMS))
        return
    b.v(b.name(latin_ok=False).split(" ")[0], "PERSON")
    b.t(rng.choice(VERBS) + rng.choice((" ", "")) + rng.choice(("", rng.choice(SYMPTOMS), neg.drug(rng, "th"))))


def _list(b: Block) -> None:
    rng = b.rng
    b.t(rng.choice(("รายชื่อญาติ", "ผู้ติดต่อฉุกเฉิน", "รายชื่อผู้ดูแล", "สมาชิกในครอบครัว", "ผู้เข้าเยี่ยม", "รายชื่อผู้รับผลประโยชน์")) + rng.choice((":", "", " ")) + "\n")
    bullet = rng.choice(("{i}. ", "- ", "• ", "{i}) ", "({i}) "))
    for i in range(1, rng.randint(2, 5)):
        b.t(bullet.format(i=i))
        b.v(b.name(), "PERSON")
        extra = rng.random()
        if extra < 0.35:
            b.t(rng.choice((" ", " - ", " (")) )
            b.t(rng.choice(KIN_ROLES))
            if b.pieces[-2][0].endswith("("):
                b.t(")")
        elif extra < 0.6:
            b.t(" อายุ ")
            b.v(val.age(rng, b.ctx.p, "th", rng.randint(18, 90)), "AGE")
        elif extra < 0.8:
            b.t(rng.choice((" โทร ", " ", " เบอร์ ")))
            b.v(val.phone(rng, b.ctx.p, "th"), "PHONE")
        b.t("\n")


def _table(b: Block) -> None:
    rng = b.rng
    sep = rng.choice((" | ", "\t", " , "))
    cols = rng.choice((("ลำดับ", "ชื่อ", "ความสัมพันธ์", "อาชีพ"), ("ลำดับ", "ชื่อ-สกุล", "อายุ", "เบอร์โทร"),
                       ("No.", "ชื่อ", "ตำแหน่ง", "หมายเหตุ")))
    b.t(sep.join(cols).strip() + "\n")
    for i in range(1, rng.randint(2, 5)):
        b.t(f"{i}{sep}")
        b.v(b.name(), "PERSON")
        b.t(sep)
        third = cols[2]
        if third == "อายุ":
            b.v(fresh(lambda: str(rng.randint(1, 95)), b.split), "AGE")
        elif third == "ความสัมพันธ์":
            b.t(rng.choice(KIN_ROLES))
        else:
            b.v(b.prof(), "PROFESSION")
        b.t(sep)
        if cols[3] == "อาชีพ":
            b.v(b.prof(), "PROFESSION")
        elif cols[3] == "เบอร์โทร":
            b.v(val.phone(rng, b.ctx.p, "th"), "PHONE")
        else:
            b.t(rng.choice(("-", "", rng.choice(SYMPTOMS), rng.choice(DEPARTMENTS))))
        b.t("\n")


def _form(b: Block) -> None:
    rng = b.rng
    colon = rng.choice((": ", ":", " ", " : "))
    for _ in range(rng.randint(2, 5)):
        r = rng.random()
        if r < 0.45:
            b.t(b.role() + rng.choice(("", "ชื่อ", " ชื่อ-สกุล")) + colon)
            b.v(b.name(), "PERSON")
        elif r < 0.65:
            b.t(rng.choice(FORM_LABELS) + colon + rng.choice(("..................", "____", "-", "")))
        elif r < 0.8:
            b.t(rng.choice(("อาชีพ", "ตำแหน่ง", "อาชีพผู้กู้", "อาชีพบิดา", "อาชีพมารดา")) + colon)
            b.v(b.prof(), "PROFESSION")
        else:
            b.t(rng.choice(("ความสัมพันธ์", "เกี่ยวข้องเป็น")) + colon + rng.choice(KIN_ROLES))
        b.t(rng.choice(("\n", "  ", "\t")))


def _chat(b: Block) -> None:
    rng = b.rng
    people = [b.person() for _ in range(2)]
    for _ in range(rng.randint(2, 4)):
        x = rng.choice(people)
        if rng.random() < 0.3:
            b.t(neg.time(rng, "th") + " ")
        b.v(x.nick if rng.random() < 0.6 else x.first, "PERSON")
        b.t(rng.choice((": ", " : ", ":")))
        other = people[1] if x is people[0] else people[0]
        form = rng.choice(ADDRESS_FORMS)
        b.t(rng.choice(("", "สวัสดีค่ะ", "ครับ", "ค่ะ")) + form)
        if rng.random() < 0.35:  # the form of address as a pronoun ("หมอบอกว่า"): no name
            b.t(rng.choice(VERBS + ROLE_ONLY_TAILS) + rng.choice(("ค่ะ", "ครับ", "นะคะ", "")) + "\n")
            continue
        b.v(other.nick, "PERSON")
        b.t(rng.choice(("", " ")) + rng.choice(("ว่างไหม", "ได้รับยาแล้วค่ะ", "พรุ่งนี้มาได้ไหม", "ให้โทรหาที่เบอร์ ", "ฝากบอกด้วยนะ", "ไข้ลดแล้ว")))
        if b.pieces[-1][0].endswith("เบอร์ "):
            b.v(val.phone(rng, b.ctx.p, "th"), "PHONE")
        b.t("\n")


def _latin(b: Block) -> None:
    rng = b.rng
    b.t(rng.choice(("ผู้ป่วยชื่อ ", "ชื่อ ", "ญาติ ", "ผป. ", "ส่งต่อให้ ", "คุณ", "พบ ", "โทรหา ", "")))
    if rng.random() < 0.5:
        b.t(rng.choice(LATIN_NOT_NAMES))
        b.t(rng.choice((" แล้ว", " ", " ต่อ", " พรุ่งนี้")) + rng.choice(SYMPTOMS))
        return
    b.v(b.latin_name(), "PERSON")
    b.t(rng.choice((" มาด้วยอาการ", " แจ้งว่า", " (", " อายุ ")))
    if b.pieces[-1][0] == " (":
        b.t(rng.choice(KIN_ROLES) + ")")
    elif b.pieces[-1][0] == " อายุ ":
        b.v(val.age(rng, b.ctx.p, "th", rng.randint(18, 90)), "AGE")
    else:
        b.t(rng.choice(SYMPTOMS))


def _prof_free(b: Block) -> None:
    rng = b.rng
    template = rng.choice(FREE_PROF)
    head, _, rest = template.partition("{prof}")
    b.t(rng.choice(("ผู้ป่วย", "", "สามี", "บุตรสาว", "ญาติ")) + head)
    b.v(b.prof(), "PROFESSION")
    if "{company}" in rest:
        pre, _, post = rest.partition("{company}")
        b.t(pre)
        b.v(val.company(rng, b.ctx.p, "th"), "ORGANIZATION")
        b.t(post)
    else:
        b.t(rest.replace("{n}", str(rng.randint(2, 30))))


def _negatives(b: Block) -> None:
    rng = b.rng
    options = (
        lambda: f"ประวัติ{rng.choice(EPONYMS)} ",
        lambda: f"เพาะเชื้อพบ {rng.choice(ORGANISMS)} ",
        lambda: f"{rng.choice(ANALYTES)} {rng.uniform(1, 9):.1f} ",
        lambda: f"ส่งปรึกษา{rng.choice(DEPARTMENTS)} ",
        lambda: f"{rng.choice(FORM_LABELS)}: ........ ",
        lambda: f"ให้ยา {neg.drug(rng, 'th')} ",
        lambda: f"มีอาการ{rng.choice(SYMPTOMS)} ",
        lambda: f"{rng.choice(KIN_ROLES)}{rng.choice(ROLE_ONLY_TAILS)} ",
    )
    for _ in range(rng.randint(2, 4)):
        b.t(rng.choice(options)())
    b.pieces[-1] = (b.pieces[-1][0].rstrip(), None, None)


STRUCTURES: dict[str, Callable[[Block], None]] = {
    "role_name": _role_name,
    "glued": _glued,
    "list": _list,
    "table": _table,
    "form": _form,
    "chat": _chat,
    "latin": _latin,
    "prof_free": _prof_free,
    "negatives": _negatives,
}


def block(name: str, ctx, rng: random.Random) -> list:
    """The pieces ``(text, label, kind)`` of one structure block, trailing whitespace dropped."""
    b = Block(ctx, rng)
    STRUCTURES[name](b)
    return b.finished()
