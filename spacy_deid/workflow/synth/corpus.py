"""Render documents from section templates and fake values, with gold character spans.

A template is text with ``[a|b|c]`` alternatives and ``{slot}`` placeholders.
PHI slots are resolved once per document (``{date}`` twice is the same date;
``{date2}`` is another one); ``{p_tname}`` is the patient's title plus name,
``{r_name}`` the relative's name, ``{d_...}``/``{d2_...}`` doctors, ``{n_...}`` the
nurse, ``{w_...}`` another person. Hard negatives (``{drug}``, ``{time}``, ...) are
drawn afresh at every use.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy_deid.labels import ID_KINDS, LABELS
from spacy_deid.text import to_thai_digits

from . import negatives as neg
from . import structures_en, structures_th
from . import values as val
from .pools import SPLITS, Pools, Split, pools, romanized
from .templates_en import DOC_TYPES as EN_DOC_TYPES
from .templates_en import SECTIONS as EN_SECTIONS
from .templates_th import DOC_TYPES as TH_DOC_TYPES
from .templates_th import SECTIONS as TH_SECTIONS

Piece = tuple[str, str | None, str | None]  # text, label, ID kind

LANGS = {"th": (TH_DOC_TYPES, TH_SECTIONS), "en": (EN_DOC_TYPES, EN_SECTIONS)}
# Share of a section's templates given to each split that uses the section.
_WEIGHTS = {"train": 2, "dev": 1, "test": 1}
_ALT_RE = re.compile(r"\[([^\[\]]*)\]")
_SLOT_RE = re.compile(r"\{(\w+)\}")
_ROLE_SLOT_RE = re.compile(r"^(p|r|d|d2|n|w)_(\w+)$")
_NO_THAI_DIGITS = {"EMAIL", "URL", "SOCIAL_HANDLE", "IP_ADDRESS"}  # labels and ID kinds kept in Arabic digits
_ASCII_WORD_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.,/:-]*[A-Za-z0-9])?")
# Structure blocks per language (layouts and cues the section templates do not vary) and how
# many a document gets: one value drawn per document.
STRUCTURES = {"th": structures_th, "en": structures_en}
BLOCKS_PER_DOC = (0, 1, 1, 2, 2, 3)
_NEGATIVES: dict[str, Callable[[random.Random, str], str]] = {
    "drug": neg.drug,
    "lab": lambda rng, lang: neg.lab(rng),
    "vitals": lambda rng, lang: neg.vitals(rng),
    "icd": lambda rng, lang: neg.icd(rng),
    "dx": neg.diagnosis,
    "time": neg.time,
    "dur": neg.duration,
    "room": neg.room,
    "count": neg.count,
}


def thai_digits(text: str) -> str:
    """Write the numbers of ``text`` in Thai digits, except those glued to Latin letters (HbA1c, J18.9)."""
    def convert(m: re.Match) -> str:
        return m.group() if re.search("[A-Za-z]", m.group()) else to_thai_digits(m.group())

    return _ASCII_WORD_RE.sub(convert, text)


def template_splits(lang: str, section: str) -> list[Split]:
    """The split each template of ``section`` belongs to (by index)."""
    doc_types, sections = LANGS[lang]
    used = {s for splits, secs in doc_types.values() if section in (x.rstrip("?") for x in secs) for s in splits}
    cycle = [s for s in SPLITS if s in used for _ in range(_WEIGHTS[s])]
    if not cycle:
        raise ValueError(f"Section {section!r} is used by no document type.")
    return [cycle[i % len(cycle)] for i in range(len(sections[section]))]


def template_ids(lang: str, split: Split) -> list[str]:
    """Ids ("lang/section/index") of every template that ``split`` may use."""
    _, sections = LANGS[lang]
    return [
        f"{lang}/{name}/{i}"
        for name in sections
        for i, s in enumerate(template_splits(lang, name))
        if s == split
    ]


@dataclass
class Person:
    title: str
    first: str
    last: str
    nick: str
    female: bool
    years: int
    latin: bool
    middle: str = ""


TH_REL = {False: ("พ่อ", "สามี", "บุตรชาย", "พี่ชาย", "น้องชาย", "หลานชาย", "ลุง"),
          True: ("แม่", "ภรรยา", "บุตรสาว", "พี่สาว", "น้องสาว", "หลานสาว", "ป้า")}
EN_REL = {
    False: ("father", "husband", "son", "brother", "nephew"),
    True: ("mother", "wife", "daughter", "sister", "niece"),
}


class DocContext:
    """Per-document state: the persons and values each slot resolved to."""

    def __init__(self, lang: str, p: Pools, rng: random.Random):
        self.lang, self.p, self.rng = lang, p, rng
        self.thai_digits = lang == "th" and rng.random() < 0.12
        self.anchor = val.random_date(rng, 2019, 2026)
        self.cache: dict[str, list[Piece]] = {}
        self.persons: dict[str, Person] = {}

    # persons ---------------------------------------------------------------
    def person(self, role: str) -> Person:
        if role not in self.persons:
            self.persons[role] = self._new_person(role)
        return self.persons[role]

    def _new_person(self, role: str) -> Person:
        rng, p = self.rng, self.p
        female = rng.random() < 0.5
        if role == "p":
            years = rng.randint(0, 14) if rng.random() < 0.12 else rng.randint(15, 95)
        else:
            years = rng.randint(25, 70)
        latin = rng.random() < (0.08 if self.lang == "th" else 1.0)
        if latin and rng.random() < (0.5 if self.lang == "th" else 0.45):
            rom = romanized(p.split)
            first, last = rng.choice(rom["th_female" if female else "th_male"]), rng.choice(rom["th_family"])
        elif latin:
            firsts = p.en_female if female else p.en_male
            if rng.random() < 0.06:
                firsts = p.en_word_names
            first, last = rng.choice(firsts), rng.choice(p.en_last)
        else:
            firsts = p.th_female if female else p.th_male
            if rng.random() < 0.06:
                firsts = p.th_word_names
            first, last = rng.choice(firsts), rng.choice(p.th_family)
        middle = ""
        if not latin and rng.random() < 0.03:
            last = "ณ " + rng.choice(p.provinces)  # royal-descent family names: "ณ อยุธยา"
        elif latin and self.lang == "en" and rng.random() < 0.12:
            middle = rng.choice("ABCDEFGHJKLMNPRSTW") + "."
        nick = rng.choice(p.th_nick if self.lang == "th" else p.en_nick)
        return Person(self._title(role, female, years, latin), first, last, nick, female, years, latin, middle)

    def _title(self, role: str, female: bool, years: int, latin: bool) -> str:
        c = self.rng.choice
        if latin or self.lang == "en":
            if role in ("d", "d2"):
                return c(("Dr.", "Dr", "Prof."))
            if role == "n":
                return c(("Nurse", "Ms.", "Mr."))
            return c(("Mrs.", "Ms.", "Miss")) if female else c(("Mr.", "Mr"))
        if role in ("d", "d2"):
            if female:
                return c(("พญ.", "แพทย์หญิง", "ผศ.พญ.", "พ.ญ.", "ทพญ."))
            return c(("นพ.", "นายแพทย์", "รศ.นพ.", "น.พ.", "ผศ.ดร.นพ.", "ทพ."))
        if role == "n":
            return c(("พยาบาล", "คุณ", "นาง", "น.ส.", "ภญ.", "ภก."))
        if years < 15:
            return c(("ด.ญ.", "เด็กหญิง")) if female else c(("ด.ช.", "เด็กชาย"))
        if self.rng.random() < 0.08:
            if female:
                return c(("ดร.", "ร.ต.อ.", "ผศ.", "ม.ล."))
            return c(("จ.ส.ต.", "พ.ต.ท.", "ดร.", "ส.ต.อ.", "ผู้ใหญ่", "กำนัน"))
        return c(("นาง", "นางสาว", "น.ส.", "คุณ")) if female else c(("นาย", "นาย", "คุณ"))

    def _person_slot(self, role: str, attr: str) -> list[Piece]:
        x, rng, th = self.person(role), self.rng, self.lang == "th"
        name = " ".join(n for n in (x.first, x.middle, x.last) if n)
        if attr == "name":
            return [(name, "PERSON", None)]
        if attr == "tname":
            gap = "" if th and not x.latin and rng.random() < 0.7 else " "
            return [(x.title + gap, None, None), (name, "PERSON", None)]
        if attr == "title":
            return [(x.title, None, None)]
        if attr in ("first", "last", "nick"):
            return [(getattr(x, attr), "PERSON", None)]
        if attr == "short":
            return [(f"{x.first[0]}. {x.last}" if x.latin else x.first, "PERSON", None)]
        if attr == "age":
            return [(val.age(rng, self.p, self.lang, x.years), "AGE", None)]
        if attr == "sex":
            words = ("หญิง", "ชาย") if th else ("F", "M")
            return [(words[0] if x.female else words[1], None, None)]
        if attr == "rel":
            return [(rng.choice((TH_REL if th else EN_REL)[x.female]), None, None)]
        if attr == "prof":
            return [(val.profession(rng, self.p, self.lang), "PROFESSION", None)]
        raise KeyError(f"Unknown person attribute {attr!r}.")

    # other slots -----------------------------------------------------------
    def resolve(self, slot: str) -> list[Piece]:
        """The pieces of ``slot``; labelled values are kept for the whole document."""
        base = slot.rstrip("0123456789")
        if base in _NEGATIVES:
            text = _NEGATIVES[base](self.rng, self.lang)
            return [(thai_digits(text) if self.thai_digits else text, None, None)]
        if slot not in self.cache:
            m = _ROLE_SLOT_RE.match(slot)
            pieces = self._person_slot(*m.groups()) if m else self._value_slot(slot)
            if self.thai_digits:
                pieces = [
                    (t if {lab, kind} & _NO_THAI_DIGITS else thai_digits(t), lab, kind) for t, lab, kind in pieces
                ]
            self.cache[slot] = pieces
        return self.cache[slot]

    def _value_slot(self, slot: str) -> list[Piece]:
        rng, p, lang = self.rng, self.p, self.lang
        base = slot.rstrip("0123456789")
        # {date} is the visit/admission, {date2} a few days later, {date3} an earlier visit.
        window = {"date": (0, 2), "date2": (1, 30), "date3": (-400, -14)}.get(slot, (-60, 60))
        ids: dict[str, tuple[str, Callable[[], str]]] = {
            "hn": ("HOSPITAL_NUMBER", lambda: val.hospital_number(rng, p)),
            "an": ("HOSPITAL_NUMBER", lambda: val.hospital_number(rng, p)),
            "cid": ("NATIONAL_ID", lambda: val.national_id(rng, p)),
            "passport": ("PASSPORT", lambda: val.passport(rng, p, lang)),
            "bank": ("BANK_ACCOUNT", lambda: val.bank_account(rng, p)),
            "card": ("CREDIT_CARD", lambda: val.credit_card(rng, p)),
            "plate": ("VEHICLE_PLATE", lambda: val.vehicle_plate(rng, p, lang)),
            "sid": ("STUDENT_ID", lambda: val.student_id(rng, p)),
            "license": ("MEDICAL_LICENSE", lambda: val.license_number(rng, p)),
            "policy": ("OTHER_ID", lambda: val.other_id(rng, p)),
            "handle": ("SOCIAL_HANDLE", lambda: val.handle(rng, p)),
            "ip": ("IP_ADDRESS", lambda: val.ip_address(rng, p)),
        }
        if base in ids:
            kind, make = ids[base]
            return [(make(), "ID", kind)]
        labelled: dict[str, tuple[str, Callable[[], str]]] = {
            "date": ("DATE", lambda: val.date_near(rng, p, lang, self.anchor, *window)),
            "dob": ("DATE", lambda: val.date(rng, p, lang, dob=True)),
            "phone": ("PHONE", lambda: val.phone(rng, p, lang)),
            "email": ("EMAIL", lambda: val.email(rng, p)),
            "url": ("URL", lambda: val.url(rng, p)),
            "addr": ("LOCATION", lambda: (val.address_th if lang == "th" else val.address_en)(rng, p)),
            "hosp": ("ORGANIZATION", lambda: val.hospital(rng, p, lang)),
            "company": ("ORGANIZATION", lambda: val.company(rng, p, lang)),
            "school": ("ORGANIZATION", lambda: val.school(rng, p, lang)),
            "insurer": ("ORGANIZATION", lambda: val.insurer(rng, p, lang)),
            "prof": ("PROFESSION", lambda: val.profession(rng, p, lang)),
            "province": ("LOCATION", lambda: rng.choice(p.provinces)),
            "city": ("LOCATION", lambda: rng.choice(p.en_cities)),
        }
        if base in labelled:
            label, make = labelled[base]
            return [(make(), label, None)]
        if base == "place":
            prefix, name = val.place(rng, p, lang)
            return [(prefix, None, None), (name, "LOCATION", None)]
        raise KeyError(f"Unknown template slot {base!r}.")


def render(template: str, ctx: DocContext) -> tuple[str, list[tuple[int, int, str, str | None]]]:
    """Expand one template: its text and its spans (relative offsets)."""
    text = _ALT_RE.sub(lambda m: ctx.rng.choice(m.group(1).split("|")), template)
    out: list[str] = []
    spans = []
    pos = 0
    for i, part in enumerate(_SLOT_RE.split(text)):
        pieces = ctx.resolve(part) if i % 2 else [(part, None, None)]
        for piece, label, kind in pieces:
            if label:
                spans.append((pos, pos + len(piece), label, kind))
            out.append(piece)
            pos += len(piece)
    return "".join(out), spans


def generate_doc(lang: str, split: Split, seed: int, index: int) -> dict:
    """Document ``index`` of the (lang, split, seed) stream."""
    doc_types, sections = LANGS[lang]
    rng = random.Random(f"{seed}/{lang}/{split}/{index}")
    ctx = DocContext(lang, pools(split), rng)
    doc_type = rng.choice(sorted(t for t, (splits, _) in doc_types.items() if split in splits))
    parts: list[str] = []
    spans: list[list] = []
    used: list[str] = []
    offset = 0
    for section in doc_types[doc_type][1]:
        if section.endswith("?"):
            section = section[:-1]
            if rng.random() < 0.4:
                continue
        allowed = [i for i, s in enumerate(template_splits(lang, section)) if s == split]
        fresh_ones = [i for i in allowed if f"{lang}/{section}/{i}" not in used]
        i = rng.choice(fresh_ones or allowed)
        text, rel = render(sections[section][i], ctx)
        if parts:
            offset += 1
        spans.extend([offset + s, offset + e, label, kind] for s, e, label, kind in rel)
        parts.append(text)
        used.append(f"{lang}/{section}/{i}")
        offset += len(text)
    structures = STRUCTURES[lang]
    for name in rng.sample(sorted(structures.STRUCTURES), rng.choice(BLOCKS_PER_DOC)):
        pieces = structures.block(name, ctx, rng)
        if not pieces:
            continue
        offset += 1
        for piece, label, kind in pieces:
            if label:
                spans.append([offset, offset + len(piece), label, kind])
            offset += len(piece)
        parts.append("".join(p for p, _, _ in pieces))
        used.append(f"{lang}/struct/{name}")
    text = "\n".join(parts)
    _check(text, spans)
    meta = {"lang": lang, "doc_type": doc_type, "split": split, "seed": seed, "template": "+".join(used)}
    return {"text": text, "spans": spans, "meta": meta}


def _check(text: str, spans: list[list]) -> None:
    """Fail loudly (offsets only, no values) when a template produced a bad span."""
    end = 0
    for s, e, label, kind in spans:
        value = text[s:e]
        if not value or value != value.strip() or s < end or label not in LABELS:
            raise ValueError(f"Bad synthetic span ({s}, {e}, {label}).")
        if (label == "ID") != (kind is not None) or (kind is not None and kind not in ID_KINDS):
            raise ValueError(f"Bad ID kind at ({s}, {e}).")
        end = e


def generate(lang: str, split: Split, n: int, seed: int = 0) -> Iterator[dict]:
    """``n`` synthetic documents of one language and split, reproducible from ``seed``."""
    if lang not in LANGS:
        raise ValueError(f"Unknown language {lang!r}: use one of {sorted(LANGS)}.")
    if split not in SPLITS:
        raise ValueError(f"Unknown split {split!r}: use one of {SPLITS}.")
    for index in range(n):
        yield generate_doc(lang, split, seed, index)
