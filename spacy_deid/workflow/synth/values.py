"""Formatted fake values (dates, IDs, phones, addresses, organisations, ...).

Each function takes a ``random.Random`` and the split's :class:`Pools`; values
built from numbers alone are drawn with :func:`fresh` so that they, too, belong
to one split only.
"""
from __future__ import annotations

import datetime as dt
import random
import string

from spacy_deid.checksums import thai_id_check_digit
from spacy_deid.text import EN_MONTHS, TH_MONTHS, TH_MONTHS_ABBR

from .pools import EN_STREET_SUFFIXES, Pools, fresh, romanized, split_of

TH_CONSONANTS = "กขคงจฉชซญฎฐฒณดตถทธนบปผพฟภมยรลวศษสหฬอฮ"
EMAIL_DOMAINS = ("gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "yahoo.co.th", "icloud.com")
ORG_DOMAINS = (".co.th", ".or.th", ".go.th", ".ac.th", ".com", ".org", ".net")


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def random_date(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    start = dt.date(first_year, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(last_year, 12, 31).toordinal()))


def format_date_th(rng: random.Random, d: dt.date) -> str:
    be = d.year + 543
    m = d.month - 1
    return rng.choice(
        (
            f"{d.day} {TH_MONTHS[m]} {be}",
            f"{d.day} {TH_MONTHS_ABBR[m]} {be}",
            f"{d.day} {TH_MONTHS_ABBR[m]} {be % 100:02d}",
            f"{d.day}{TH_MONTHS_ABBR[m]}{be % 100:02d}",
            f"{d.day:02d}/{d.month:02d}/{be}",
            f"{d.day}/{d.month}/{be % 100:02d}",
            f"{d.day} {TH_MONTHS[m]} พ.ศ. {be}",
            f"{d.day} เดือน{TH_MONTHS[m]} พ.ศ.{be}",
            f"{d.day:02d}-{d.month:02d}-{be}",
            f"{d.day:02d}/{d.month:02d}/{d.year}",
            f"{d.year}-{d.month:02d}-{d.day:02d}",
            f"{d.day} {EN_MONTHS[m][:3]} {d.year}",
            f"{TH_MONTHS[m]} {be}",
        )
    )


def format_date_en(rng: random.Random, d: dt.date) -> str:
    m = d.month - 1
    return rng.choice(
        (
            f"{EN_MONTHS[m]} {d.day}, {d.year}",
            f"{d.day} {EN_MONTHS[m][:3]} {d.year}",
            f"{d.month:02d}/{d.day:02d}/{d.year}",
            f"{d.month}/{d.day}/{d.year % 100:02d}",
            f"{d.year}-{d.month:02d}-{d.day:02d}",
            f"{d.day:02d}-{EN_MONTHS[m][:3]}-{d.year}",
            f"{EN_MONTHS[m][:3]} {d.day}, {d.year}",
            f"{d.day} {EN_MONTHS[m]} {d.year}",
            f"{d.day:02d}.{d.month:02d}.{d.year}",
            f"{EN_MONTHS[m]} {d.year}",
        )
    )


def date(rng: random.Random, p: Pools, lang: str, dob: bool = False) -> str:
    years = (1935, 2020) if dob else (2019, 2026)
    fmt = format_date_th if lang == "th" else format_date_en
    return fresh(lambda: fmt(rng, random_date(rng, *years)), p.split)


def date_near(rng: random.Random, p: Pools, lang: str, anchor: dt.date, low: int, high: int) -> str:
    """A date ``low``..``high`` days after ``anchor`` (the window widens if the split needs it)."""
    fmt = format_date_th if lang == "th" else format_date_en
    for attempt in range(5000):
        widen = attempt // 20
        value = fmt(rng, anchor + dt.timedelta(days=rng.randint(low - widen, high + widen)))
        if split_of(value) == p.split:
            return value
    raise RuntimeError(f"No date for split {p.split!r}.")


def age(rng: random.Random, p: Pools, lang: str, years: int) -> str:
    """An age near ``years`` (children stay under 15, adults over 14)."""
    low, high = (0, 14) if years < 15 else (15, 105)
    low, high = max(low, years - 8), min(high, years + 8)

    def make() -> str:
        y = rng.randint(low, high)
        if lang == "th":
            forms = [f"{y} ปี", f"{y}ปี", f"{y} ปี {rng.randint(1, 11)} เดือน"]
            if y < 2:
                forms += [f"{rng.randint(1, 23)} เดือน", f"{rng.randint(3, 50)} วัน"]
        else:
            forms = [f"{y}-year-old", f"{y} yo", f"{y} years", f"{y} y/o", f"{y}yo", f"{y} years old"]
            if y < 2:
                forms += [f"{rng.randint(1, 23)}-month-old", f"{rng.randint(3, 50)} days"]
        return rng.choice(forms)

    return fresh(make, p.split)


def national_id(rng: random.Random, p: Pools) -> str:
    """A 13-digit Thai national ID; about one in four has a wrong check digit."""

    def make() -> str:
        body = str(rng.randint(1, 8)) + digits(rng, 11)
        check = int(thai_id_check_digit(body))
        if rng.random() < 0.25:
            check = (check + rng.randint(1, 9)) % 10
        n = body + str(check)
        return rng.choice(
            (n, f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}", f"{n[0]} {n[1:5]} {n[5:10]} {n[10:12]} {n[12]}")
        )

    return fresh(make, p.split)


def hospital_number(rng: random.Random, p: Pools) -> str:
    return fresh(
        lambda: rng.choice(
            (
                f"{digits(rng, rng.randint(5, 7))}/{rng.randint(60, 69)}",
                digits(rng, 7),
                f"{rng.randint(60, 69)}-{digits(rng, 6)}",
                f"{digits(rng, 2)}-{digits(rng, 2)}-{digits(rng, 6)}",
                f"0{digits(rng, 7)}",
                digits(rng, 9),
            )
        ),
        p.split,
    )


def passport(rng: random.Random, p: Pools, lang: str) -> str:
    def make() -> str:
        if lang == "th" or rng.random() < 0.4:
            return "".join(rng.choices(string.ascii_uppercase, k=2)) + digits(rng, 7)
        return rng.choice((digits(rng, 9), rng.choice(string.ascii_uppercase) + digits(rng, 8)))

    return fresh(make, p.split)


def bank_account(rng: random.Random, p: Pools) -> str:
    return fresh(
        lambda: rng.choice(
            (f"{digits(rng, 3)}-{digits(rng, 1)}-{digits(rng, 5)}-{digits(rng, 1)}", digits(rng, 10),
             f"{digits(rng, 3)}-{digits(rng, 6)}-{digits(rng, 1)}")
        ),
        p.split,
    )


def credit_card(rng: random.Random, p: Pools) -> str:
    def make() -> str:
        body = rng.choice("45") + digits(rng, 14)
        total = 0
        for i, c in enumerate(reversed(body)):
            d = int(c) * (2 if i % 2 == 0 else 1)
            total += d - 9 if d > 9 else d
        n = body + str((10 - total % 10) % 10)
        return rng.choice((n, " ".join(n[i : i + 4] for i in range(0, 16, 4)), "-".join(n[i : i + 4] for i in range(0, 16, 4))))

    return fresh(make, p.split)


def vehicle_plate(rng: random.Random, p: Pools, lang: str) -> str:
    def make() -> str:
        if lang == "th":
            letters = "".join(rng.choices(TH_CONSONANTS, k=2))
            lead = rng.choice(("", str(rng.randint(1, 9))))
            return f"{lead}{letters} {rng.randint(1, 9999)}"
        return rng.choice(
            (f"{rng.randint(1, 9)}{''.join(rng.choices(string.ascii_uppercase, k=3))}{digits(rng, 3)}",
             f"{''.join(rng.choices(string.ascii_uppercase, k=3))}-{digits(rng, 4)}")
        )

    return fresh(make, p.split)


def student_id(rng: random.Random, p: Pools) -> str:
    return fresh(
        lambda: rng.choice((f"{rng.randint(60, 68)}{digits(rng, 8)}", f"{rng.choice('BMDS')}{rng.randint(60, 68)}{digits(rng, 5)}",
                            f"{rng.randint(60, 68)}-{digits(rng, 4)}-{digits(rng, 3)}")),
        p.split,
    )


def license_number(rng: random.Random, p: Pools) -> str:
    return fresh(lambda: digits(rng, rng.randint(5, 6)), p.split)


def other_id(rng: random.Random, p: Pools) -> str:
    return fresh(
        lambda: rng.choice(
            (f"POL-{rng.randint(2019, 2026)}-{digits(rng, 6)}", f"CL{digits(rng, 9)}", f"{digits(rng, 4)}-{digits(rng, 8)}",
             f"TH{digits(rng, 8)}")
        ),
        p.split,
    )


def phone(rng: random.Random, p: Pools, lang: str) -> str:
    def make() -> str:
        if lang == "th":
            mobile = rng.choice("689") + digits(rng, 8)
            land = "2" + digits(rng, 7)
            return rng.choice(
                (f"0{mobile[:2]}-{mobile[2:5]}-{mobile[5:]}", f"0{mobile}", f"0{mobile[:2]} {mobile[2:5]} {mobile[5:]}",
                 f"+66 {mobile[:2]} {mobile[2:5]} {mobile[5:]}", f"+66{mobile}", f"0{land[0]}-{land[1:4]}-{land[4:]}",
                 f"0{rng.randint(32, 77)}-{digits(rng, 3)}-{digits(rng, 3)}", f"0{mobile[:2]}-{mobile[2:]}")
            )
        a, b, c = str(rng.randint(201, 989)), digits(rng, 3), digits(rng, 4)
        return rng.choice((f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"+1 {a} {b} {c}", f"{a}.{b}.{c}", f"+1-{a}-{b}-{c}"))

    return fresh(make, p.split)


def latin_token(rng: random.Random, p: Pools) -> str:
    return rng.choice(p.en_male + p.en_female + p.en_last).lower()


def email(rng: random.Random, p: Pools) -> str:
    def make() -> str:
        user = latin_token(rng, p) + rng.choice((".", "_", "")) + rng.choice((latin_token(rng, p), digits(rng, 2), digits(rng, 4)))
        return f"{user}@{rng.choice(EMAIL_DOMAINS)}"

    return fresh(make, p.split)


def handle(rng: random.Random, p: Pools) -> str:
    return fresh(
        lambda: rng.choice(("", "", "@")) + latin_token(rng, p) + rng.choice(("_", ".", "")) + digits(rng, rng.randint(2, 4)),
        p.split,
    )


def url(rng: random.Random, p: Pools) -> str:
    def make() -> str:
        token = latin_token(rng, p)
        return rng.choice(
            (f"https://www.{token}clinic{rng.choice(ORG_DOMAINS)}", f"www.{token}{rng.choice(ORG_DOMAINS)}/patient",
             f"https://facebook.com/{token}.{digits(rng, 3)}", f"line.me/ti/p/~{token}{digits(rng, 2)}",
             f"https://{token}hospital.com/appointment?id={digits(rng, 6)}")
        )

    return fresh(make, p.split)


def ip_address(rng: random.Random, p: Pools) -> str:
    return fresh(lambda: ".".join(str(rng.randint(1, 254)) for _ in range(4)), p.split)


def address_th(rng: random.Random, p: Pools) -> str:
    house = rng.choice((str(rng.randint(1, 999)), f"{rng.randint(1, 999)}/{rng.randint(1, 99)}"))
    parts: list[str] = [house]
    if rng.random() < 0.5:
        parts.append(rng.choice(("หมู่ ", "ม.", "หมู่ที่ ")) + str(rng.randint(1, 15)))
    if rng.random() < 0.3:
        parts.append(f"ซ.{rng.choice(p.th_streets)} {rng.randint(1, 99)}")
    if rng.random() < 0.5:
        parts.append(rng.choice(("ถ.", "ถนน")) + rng.choice(p.th_streets))
    long = rng.random() < 0.4
    if rng.random() < 0.25:  # Bangkok: khwaeng / khet
        parts.append("แขวง" + rng.choice(p.tambons))
        parts.append("เขต" + rng.choice(p.amphoes))
        parts.append(rng.choice(("กรุงเทพมหานคร", "กรุงเทพฯ", "กทม.")))
    else:
        parts.append(("ตำบล" if long else "ต.") + rng.choice(p.tambons))
        parts.append(("อำเภอ" if long else "อ.") + rng.choice(p.amphoes))
        parts.append(("จังหวัด" if long else rng.choice(("จ.", ""))) + rng.choice(p.provinces))
    if rng.random() < 0.7:
        parts.append(f"{rng.randint(10, 96)}{rng.randint(0, 2)}{rng.randint(0, 9)}0")
    return " ".join(parts)


def address_en(rng: random.Random, p: Pools) -> str:
    if rng.random() < 0.4:  # a Thai address written in English
        rom = romanized(p.split)
        house = rng.choice((str(rng.randint(1, 999)), f"{rng.randint(1, 999)}/{rng.randint(1, 99)}"))
        moo = rng.choice(("", f" Moo {rng.randint(1, 15)},"))
        return (f"{house}{moo} {rng.choice(rom['tambons'])} Subdistrict, {rng.choice(rom['amphoes'])} District, "
                f"{rng.choice(p.en_provinces)} {rng.randint(10, 96)}{rng.randint(0, 2)}{rng.randint(0, 9)}0")
    street = f"{rng.randint(1, 9999)} {rng.choice(p.en_last)} {rng.choice(EN_STREET_SUFFIXES)}"
    if rng.random() < 0.3:
        street += rng.choice((f", Apt {rng.randint(1, 40)}", f" Suite {rng.randint(100, 999)}"))
    return f"{street}, {rng.choice(p.en_cities)}, {rng.choice(p.en_states)} {digits(rng, 5)}"


def hospital(rng: random.Random, p: Pools, lang: str) -> str:
    if lang == "th":
        return rng.choice(
            (
                f"โรงพยาบาล{rng.choice(p.amphoes)}", f"รพ.{rng.choice(p.amphoes)}", f"โรงพยาบาล{rng.choice(p.provinces)}",
                f"รพ.สต.{rng.choice(p.tambons)}", f"โรงพยาบาลส่งเสริมสุขภาพตำบล{rng.choice(p.tambons)}",
                f"คลินิกหมอ{rng.choice(p.th_male + p.th_female)}", f"โรงพยาบาล{rng.choice(p.th_family)}การแพทย์",
                f"{rng.choice(p.en_cities)} International Hospital", f"{rng.choice(p.tambons)}คลินิกเวชกรรม",
                f"โรงพยาบาลศูนย์{rng.choice(p.provinces)}", f"โรงพยาบาลชุมชน{rng.choice(p.amphoes)}",
                f"ศูนย์บริการสาธารณสุข {rng.randint(1, 68)} {rng.choice(p.tambons)}", f"คลินิกทันตกรรม{rng.choice(p.th_nick)}",
                f"โรงพยาบาลค่าย{rng.choice(p.th_family)}", f"{rng.choice(p.en_last)} Hospital",
            )
        )
    return rng.choice(
        (
            f"{rng.choice(p.en_last)} Memorial Hospital", f"St. {rng.choice(p.en_male + p.en_female)}'s Hospital",
            f"{rng.choice(p.en_cities)} General Hospital", f"{rng.choice(p.en_cities)} Family Clinic",
            f"{rng.choice(p.en_last)} Medical Center", f"{rng.choice(p.provinces)} Hospital",
        )
    )


def company(rng: random.Random, p: Pools, lang: str) -> str:
    if lang == "th":
        return rng.choice(
            (
                f"บริษัท {rng.choice(p.th_family)}การช่าง จำกัด", f"หจก.{rng.choice(p.th_family)}ก่อสร้าง",
                f"บริษัท {rng.choice(p.en_last)} (ประเทศไทย) จำกัด", f"ร้าน{rng.choice(p.th_nick)}พาณิชย์",
                f"บจก.{rng.choice(p.th_family)}ซัพพลาย", f"สหกรณ์การเกษตร{rng.choice(p.amphoes)}",
                f"เทศบาลตำบล{rng.choice(p.tambons)}",
            )
        )
    return rng.choice(
        (
            f"{rng.choice(p.en_last)} & {rng.choice(p.en_last)} LLC", f"{rng.choice(p.en_last)} Logistics Inc.",
            f"{rng.choice(p.en_cities)} Public Schools", f"{rng.choice(p.en_last)} Construction Co.",
            f"{rng.choice(p.en_last)}-{rng.choice(p.en_last)} Foods Ltd.",
        )
    )


def school(rng: random.Random, p: Pools, lang: str) -> str:
    if lang == "th":
        return rng.choice(
            (f"โรงเรียน{rng.choice(p.tambons)}วิทยา", f"โรงเรียนบ้าน{rng.choice(p.tambons)}",
             f"มหาวิทยาลัยราชภัฏ{rng.choice(p.provinces)}", f"วิทยาลัยเทคนิค{rng.choice(p.provinces)}",
             f"โรงเรียนอนุบาล{rng.choice(p.amphoes)}")
        )
    return rng.choice(
        (f"{rng.choice(p.en_cities)} High School", f"University of {rng.choice(p.en_cities)}",
         f"{rng.choice(p.en_last)} Elementary School", f"{rng.choice(p.en_cities)} Community College")
    )


def insurer(rng: random.Random, p: Pools, lang: str) -> str:
    if lang == "th":
        return rng.choice(
            (f"บริษัท {rng.choice(p.th_family)}ประกันภัย จำกัด (มหาชน)", f"{rng.choice(p.th_family)}ประกันชีวิต",
             f"{rng.choice(p.en_last)} Life Assurance")
        )
    return rng.choice((f"{rng.choice(p.en_last)} Mutual Insurance", f"{rng.choice(p.en_last)} Health Plan",
                       f"{rng.choice(p.en_cities)} Life Assurance"))


def profession(rng: random.Random, p: Pools, lang: str) -> str:
    return rng.choice(p.th_prof if lang == "th" else p.en_prof)


def place(rng: random.Random, p: Pools, lang: str) -> tuple[str, str]:
    """A standalone place name and the unlabelled prefix written before it."""
    if lang == "th":
        return rng.choice(
            (("จ.", rng.choice(p.provinces)), ("จังหวัด", rng.choice(p.provinces)), ("อ.", rng.choice(p.amphoes)),
             ("ต.", rng.choice(p.tambons)), ("", rng.choice(p.provinces)), ("", rng.choice(p.amphoes)),
             ("", rng.choice(p.en_provinces)))
        )
    return rng.choice((("", rng.choice(p.en_cities)), ("", rng.choice(p.en_states)),
                       ("", f"{rng.choice(p.en_cities)}, {rng.choice(p.en_states)}"), ("", rng.choice(p.en_provinces)),
                       ("", f"{rng.choice(p.en_provinces)}, Thailand")))
