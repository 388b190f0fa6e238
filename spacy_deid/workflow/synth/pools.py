"""Fake value pools, partitioned deterministically into train/dev/test slices.

Every pool value belongs to exactly one split, decided by a stable hash of its
normalised form (:func:`split_of`), so dev and test documents never contain a
name, place, organisation or profession that training documents contain.
"""
from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from spacy_deid.text import strip_title, to_arabic_digits

Split = Literal["train", "dev", "test"]
SPLITS: tuple[Split, ...] = ("train", "dev", "test")
_SPACE_RE = re.compile(r"\s+")


def value_key(value: str) -> str:
    """Normalised form of a PHI value: no whitespace, Arabic digits, case-folded."""
    return _SPACE_RE.sub("", to_arabic_digits(value)).casefold()


def split_of(value: str) -> Split:
    """The split a value belongs to: 70 % train, 20 % dev, 10 % test, by hash."""
    bucket = hashlib.md5(value_key(value).encode("utf8")).digest()[0] % 10
    return "train" if bucket < 7 else "dev" if bucket < 9 else "test"


def fresh(make: Callable[[], str], split: Split, tries: int = 5000) -> str:
    """Call ``make`` until it returns a value that belongs to ``split``."""
    for _ in range(tries):
        value = make()
        if split_of(value) == split:
            return value
    raise RuntimeError(f"No value for split {split!r} after {tries} tries.")


def _part(values: Iterable[str], split: Split) -> tuple[str, ...]:
    return tuple(sorted({v.strip() for v in values if v.strip() and split_of(v) == split}))


def _names(values: Iterable[str]) -> tuple[str, ...]:
    """Person names, without those that begin like a title ("คุณากร", "Drew"):
    PERSON spans must never start with a title."""
    return tuple(v for v in values if strip_title(v) == v)


def _pythainlp_lines(name: str) -> list:
    import pythainlp.corpus

    path = Path(pythainlp.corpus.__file__).parent / name
    return path.read_text(encoding="utf8").splitlines()


# Hand-written pools (fake; no real persons).
TH_NICKNAMES = (
    "มิว", "เจน", "ต้น", "บอล", "แบงค์", "ปอ", "ปุ้ย", "อ้อม", "แอน", "เอ", "บี", "ฟ้า", "ฝน",
    "น้ำ", "นิด", "หน่อย", "แดง", "ดำ", "ขาว", "เล็ก", "ใหญ่", "อ๊อด", "ตุ๊ก", "ติ๊ก", "กอล์ฟ",
    "เบียร์", "ไอซ์", "พลอย", "แพรว", "มายด์", "ออย", "ปลา", "กุ้ง", "ปู", "หมู", "ไก่", "ปาล์ม",
    "โอ๊ต", "เต้ย", "ตาล", "ส้ม", "แตงโม", "ข้าวปั้น", "ข้าวหอม", "นุ่น", "จอย", "เมย์", "ฟิล์ม",
    "ฟลุ๊ค", "ต่าย", "เก่ง", "โจ้", "เอก", "ชมพู่", "มะปราง", "ลูกเกด", "ขนุน", "ภูมิ", "ธาม",
    "พีช", "แพม", "กิ๊ฟ", "ต๋อง", "ป๊อป", "เปิ้ล", "นก", "ดาว", "เดือน", "ตะวัน", "หมิว",
    "โบว์", "บีม", "เฟิร์น", "แนน", "นัท", "กิ่ง", "ก้อย", "อุ๋ม", "จูน", "ไข่มุก", "น้ำหวาน",
    "ใบเตย", "น้ำตาล", "ครีม", "ชิน", "โฟกัส", "อาร์ม", "แม็ก", "เจมส์", "คิม", "ปิ่น", "ผึ้ง",
)
EN_NICKNAMES = (
    "Bobby", "Billy", "Jimmy", "Johnny", "Tommy", "Danny", "Katie", "Jenny", "Becky", "Maggie", "Liz",
    "Beth", "Kate", "Meg", "Sam", "Alex", "Chris", "Pat", "Nick", "Mike", "Rob", "Ben", "Dan", "Tony",
    "Sandy", "Cindy", "Mandy", "Abby", "Ellie", "Josie", "Izzy", "Teddy", "Freddie", "Charlie", "Archie",
    "Buddy", "Junior", "Peanut", "Bubba", "Sis", "Red", "Ace", "Bear", "Chip", "Coco", "Lulu", "Dolly",
    "Andy", "Benny", "Bert", "Cathy", "Debbie", "Eddie", "Frankie", "Gabby", "Hank", "Jackie", "Jojo",
    "Kenny", "Lenny", "Manny", "Nate", "Ollie", "Patty", "Ricky", "Sally", "Terry", "Vinny", "Winnie",
    "Zack", "Bella", "Callie", "Dottie", "Frannie", "Georgie", "Hattie", "Kiki", "Mimi", "Nell", "Trish",
)
# Thai names that are also ordinary words.
TH_WORD_NAMES = (
    "มาลี", "สมใจ", "ดาว", "บุญมี", "สมหวัง", "ทองดี", "แก้ว", "เพชร", "ทอง", "ขวัญ", "สุข",
    "บุญ", "ชื่น", "นวล", "จันทร์", "เดือน", "ดวงใจ", "สายใจ", "รุ่ง", "แสง", "พร", "ศรี", "ใจดี",
    "มั่น", "หอม", "ดี", "งาม", "ยิ้ม", "สวย", "เก่ง", "กล้า", "ฝน", "ฟ้า", "น้ำ", "ลม", "ป่าน",
    "ข้าว", "ไม้", "ต้นข้าว", "ใบไม้", "ทะเล", "ภูเขา", "รัก", "บุญส่ง", "บุญชู", "สมศักดิ์",
    "สมปอง", "ทองใบ", "บัวผัน", "มะลิ", "ลำดวน", "กุหลาบ", "จำปา", "ทับทิม", "มุก", "ดวงดาว", "ฟ้าใส",
    "น้ำฝน", "น้ำผึ้ง", "ใบบัว", "ต้นกล้า", "ภูผา", "เมฆ", "หมอก", "ธารา", "สายฝน", "อรุณ", "ราตรี",
    "บุญเรือน", "ทองคำ", "เงิน", "นิล", "บุษบา", "ชบา", "พิกุล", "ลำใย", "สิงห์", "ยอด", "ชัย", "โชค",
    "ลาภ", "สมบัติ", "ส้มโอ", "มะปราง", "แตงไทย", "ดอกแก้ว", "ประทีป", "เทียน", "ระฆัง", "ขวัญข้าว",
)
EN_WORD_NAMES = (
    "Rose", "Hope", "Joy", "Faith", "Grace", "Lily", "Daisy", "Iris", "Ruby", "Pearl", "Amber",
    "Dawn", "Summer", "April", "May", "June", "Hunter", "Mason", "Baker", "Cook", "Bishop",
    "Young", "King", "Brown", "White", "Green", "Rich", "Sunny", "Sky", "River", "Stone", "Bill",
    "Mark", "Will", "Frank", "Grant", "Chase", "Miles", "Victor", "Hazel", "Holly", "Ivy",
    "Violet", "Autumn", "Crystal", "Destiny", "Harmony", "Heather", "Jasmine", "Melody", "Olive", "Poppy",
    "Willow", "Brook", "Clay", "Dale", "Forrest", "Glen", "Reed", "Rocky", "Wade", "Penny", "Candy",
    "Honey", "Precious", "Star", "Crystal", "Sage", "Fern", "Robin", "Wren", "Jay", "Drake", "Cliff",
)
TH_PROFESSIONS = (
    "รับจ้างทั่วไป", "ค้าขาย", "เกษตรกร", "ทำนา", "ทำสวนยาง", "ข้าราชการครู", "ครู", "ตำรวจ",
    "ทหาร", "พนักงานบริษัท", "พนักงานโรงงาน", "ขับรถรับจ้าง", "วินมอเตอร์ไซค์รับจ้าง", "แม่ค้า",
    "ช่างไฟฟ้า", "ช่างก่อสร้าง", "ช่างเชื่อม", "ช่างตัดผม", "พยาบาลวิชาชีพ", "เภสัชกร", "วิศวกร",
    "สถาปนิก", "นักบัญชี", "ทนายความ", "โปรแกรมเมอร์", "พนักงานขาย", "แม่บ้านโรงแรม", "ชาวประมง",
    "คนขับรถบรรทุก", "ข้าราชการบำนาญ", "อาจารย์มหาวิทยาลัย", "นักธุรกิจ", "เจ้าของร้านอาหาร",
    "พ่อครัว", "พนักงานรักษาความปลอดภัย", "ไรเดอร์ส่งอาหาร", "นักดนตรี", "ช่างซ่อมรถยนต์",
    "ผู้ใหญ่บ้าน", "อสม.", "พนักงานธนาคาร", "นักข่าว", "ช่างภาพ", "ข้าราชการ", "พระภิกษุ",
    "ครูอนุบาล", "ทันตแพทย์", "นักกายภาพบำบัด", "ผู้รับเหมา", "แคชเชียร์",
)
TH_STREETS = (
    "สุขุมวิท", "พหลโยธิน", "เพชรเกษม", "รามคำแหง", "ลาดพร้าว", "พระราม 4", "พระราม 9", "งามวงศ์วาน",
    "แจ้งวัฒนะ", "ติวานนท์", "รัชดาภิเษก", "สาทร", "สีลม", "เจริญกรุง", "บางนา-ตราด", "มิตรภาพ",
    "นิมมานเหมินท์", "ห้วยแก้ว", "ศรีนครินทร์", "กาญจนาภิเษก", "ประชาอุทิศ", "โชคชัย 4", "นวมินทร์",
    "เสรีไทย", "รามอินทรา", "วิภาวดีรังสิต", "ราชพฤกษ์", "พุทธมณฑลสาย 4", "ประชาชื่น", "สามัคคี",
)
EN_CITIES = (
    "Springfield", "Riverside", "Fairview", "Greenville", "Franklin", "Clinton", "Madison",
    "Georgetown", "Salem", "Arlington", "Ashland", "Oxford", "Milton", "Newport", "Dover",
    "Burlington", "Manchester", "Bristol", "Kingston", "Hudson", "Lexington", "Marion", "Dayton",
    "Auburn", "Clayton", "Jackson", "Lancaster", "Plymouth", "Winchester", "Chester", "Hamilton",
    "Princeton", "Richmond", "Shelby", "Troy", "Waverly", "Cambridge", "Bedford", "Camden",
)
EN_STREET_SUFFIXES = ("Street", "Avenue", "Road", "Lane", "Drive", "Court", "Boulevard", "Way", "Place")


@dataclass(frozen=True)
class Pools:
    """All value pools of one split."""

    split: Split
    th_male: tuple[str, ...]
    th_female: tuple[str, ...]
    th_family: tuple[str, ...]
    th_nick: tuple[str, ...]
    en_nick: tuple[str, ...]
    th_word_names: tuple[str, ...]
    th_prof: tuple[str, ...]
    provinces: tuple[str, ...]
    en_provinces: tuple[str, ...]
    amphoes: tuple[str, ...]
    tambons: tuple[str, ...]
    th_streets: tuple[str, ...]
    en_male: tuple[str, ...]
    en_female: tuple[str, ...]
    en_last: tuple[str, ...]
    en_word_names: tuple[str, ...]
    en_prof: tuple[str, ...]
    en_cities: tuple[str, ...]
    en_states: tuple[str, ...]

    def sizes(self) -> dict[str, int]:
        return {k: len(v) for k, v in vars(self).items() if isinstance(v, tuple)}


@cache
def _raw() -> dict[str, tuple[str, ...]]:
    from faker.providers.address import en_US as addr_en
    from faker.providers.address import th_TH as addr_th
    from faker.providers.job import Provider as jobs_en
    from faker.providers.job import th_TH as jobs_th
    from faker.providers.person import en_US as person_en

    rows = [row for row in csv.reader(_pythainlp_lines("thailand_provinces_th.csv")) if row]
    generated_tambons = [
        p + t + s
        for t in addr_th.Provider.tambons
        for p in ("", "บ้าน", "หนอง")
        for s in ("", "ใต้", "เหนือ")
    ]
    return {
        "th_male": _names(_pythainlp_lines("person_names_male_th.txt")),
        "th_female": _names(_pythainlp_lines("person_names_female_th.txt")),
        "th_family": _names(_pythainlp_lines("family_names_th.txt")),
        "th_nick": _names(TH_NICKNAMES),
        "en_nick": _names(EN_NICKNAMES),
        "th_word_names": _names(TH_WORD_NAMES),
        "th_prof": TH_PROFESSIONS + tuple(jobs_th.Provider.jobs),
        "provinces": tuple(row[0] for row in rows),
        "en_provinces": tuple(row[2] for row in rows),
        "amphoes": tuple(addr_th.Provider.amphoes) + tuple(addr_th.Provider.cities),
        "tambons": tuple(generated_tambons),
        "th_streets": TH_STREETS,
        "en_male": _names(person_en.Provider.first_names_male),
        "en_female": _names(person_en.Provider.first_names_female),
        "en_last": _names(person_en.Provider.last_names),
        "en_word_names": _names(EN_WORD_NAMES),
        "en_prof": tuple(j for j in jobs_en.jobs if "," not in j and "(" not in j),
        "en_cities": EN_CITIES,
        "en_states": tuple(addr_en.Provider.states),
    }


@cache
def pools(split: Split) -> Pools:
    """The (cached) value pools of ``split``."""
    if split not in SPLITS:
        raise ValueError(f"Unknown split {split!r}: use one of {SPLITS}.")
    return Pools(split=split, **{k: _part(v, split) for k, v in _raw().items()})


def _romanize(name: str) -> str:
    from pythainlp.transliterate import romanize

    latin = romanize(name, engine="royin")
    return latin.capitalize() if latin.isascii() and latin.isalpha() else ""


@cache
def romanized(split: Split, size: int = 150) -> dict[str, tuple[str, ...]]:
    """Romanised (RTGS) Thai names and place names of ``split``, for English-script text.

    A name is kept only when both its Thai and its Latin spelling belong to
    ``split``; names are visited in hash order, so the result is stable.
    """
    part = pools(split)
    out: dict[str, tuple[str, ...]] = {}
    for field in ("th_male", "th_female", "th_family", "tambons", "amphoes"):
        kept: list = []
        for name in sorted(getattr(part, field), key=lambda v: hashlib.md5(v.encode("utf8")).digest()):
            latin = _romanize(name)
            if latin and split_of(latin) == split and strip_title(latin) == latin and latin not in kept:
                kept.append(latin)
                if len(kept) == size:
                    break
        out[field] = tuple(kept)
    return out
