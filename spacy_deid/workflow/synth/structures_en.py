"""English structure blocks: layouts and hard negatives the section templates do not vary.

Like :mod:`structures_th`, these vary the *structure* around the values (issue 14):

- ``form``: ``Label: value`` fields one per line, the value on the label's line or on the
  next one, labels left empty (``Signature: ______``) and label lines right after a name
  line, so that a form label at the start of a line is a cue, never a name;
- ``role_name``: a name with no title after a role word (``Guarantor: Dana Whitfield``,
  ``next of kin Lee Carter``), and the same role words with no name after them;
- ``list_`` / ``table``: names, ages, relations and professions in bullet lists and
  pipe/markdown tables;
- ``chat`` / ``email``: ``name: message`` lines with nicknames and lower-case names, mail
  headers (``From: Dana Whitfield <dana@...>``);
- ``export``: the same fields as JSON, XML/HTML or markdown (the keys are not entities);
- ``caps``: ALL-CAPS names and ``LAST, FIRST`` order (radiology labels, registries);
- ``foreign``: romanised Thai and other non-English names, international addresses;
- ``prof_free``: professions as free text (``works as a``, ``retired``);
- ``negatives``: Title-Case headings, form labels with no value, eponymous diseases and
  scales, organisms, analytes, drugs and departments — never labelled.

Role words, names and values are split by the same hash as the value pools
(``pools.split_of``); headings and form labels occur in every split (they are the same
in real documents). Nothing here is taken from an evaluation set.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache

from . import blocks
from . import negatives as neg
from . import values as val
from .pools import Split, fresh, romanized, split_of
from .structures_th import ANALYTES, EPONYMS, ORGANISMS

# Kinship, care and form roles that name a person (in every split: basic vocabulary).
KIN_ROLES = (
    "mother", "father", "wife", "husband", "son", "daughter", "brother", "sister", "spouse", "partner",
    "guardian", "caregiver", "next of kin", "emergency contact", "friend", "neighbour", "grandmother",
    "grandfather", "aunt", "uncle", "niece", "nephew", "cousin", "fiancee", "stepfather", "stepmother",
)
# Form and legal roles (split by hash, so dev and test see role words train never did).
FORM_ROLES = (
    "Guarantor", "Witness", "Informant", "Interpreter", "Claimant", "Policyholder", "Insured",
    "Beneficiary", "Employer", "Landlord", "Tenant", "Borrower", "Co-signer", "Sponsor", "Applicant",
    "Plaintiff", "Defendant", "Complainant", "Respondent", "Petitioner", "Proxy", "Surrogate",
    "Executor", "Attorney-in-fact", "Legal guardian", "Power of attorney", "Donor", "Recipient",
    "Subscriber", "Member", "Account holder", "Cardholder", "Payer", "Requester", "Reporter",
    "Referring physician", "Attending", "Consultant", "Resident", "Primary nurse", "Case manager",
    "Social worker", "Pharmacist", "Surgeon", "Anaesthetist", "Midwife", "Therapist", "Chaplain",
)
ROLE_ONLY_TAILS = (
    "declined to sign", "was not present", "will call back", "signed the consent form", "is deceased",
    "has diabetes", "lives abroad", "was informed of the plan", "requested a copy", "not reachable",
)
# Form labels written at the start of a line (with or without a value after them).
FORM_LABELS = (
    "Name", "Full name", "Patient name", "First name", "Last name", "Surname", "Phone", "Tel", "Mobile",
    "Cell", "Fax", "Email", "E-mail", "Address", "Home address", "Date", "Date of birth", "DOB",
    "Sex", "Gender", "Age", "Occupation", "Employer", "Relationship", "Signature", "Signed",
    "Witness", "Ward", "Bed", "Room", "Department", "Allergies", "Blood group", "Religion",
    "Nationality", "Marital status", "Insurance", "Policy no", "Claim no", "MRN", "HN", "ID",
    "Referring doctor", "Attending physician", "Diagnosis", "Plan", "Impression", "Notes",
    "Remarks", "Comments", "Status", "Reviewed by", "Approved by", "Prepared by", "Checked by",
)
HEADINGS = (
    "Chief Complaint", "History of Present Illness", "Past Medical History", "Family History",
    "Social History", "Review of Systems", "Physical Examination", "Assessment and Plan",
    "Discharge Instructions", "Follow-Up", "Medications on Discharge", "Hospital Course",
    "Laboratory Results", "Imaging", "Consent", "Patient Information", "Contact Details",
    "Emergency Contacts", "Billing", "Claim Summary", "Referral Letter", "To Whom It May Concern",
    "Kind Regards", "Best Wishes", "Yours Sincerely", "Thank You", "Dear Colleague", "Patient Copy",
    "Confidential", "Page 1 of 2", "Signature Page", "Nursing Notes", "Progress Note", "Lab Report",
)
DEPARTMENTS = (
    "Internal Medicine", "General Surgery", "Emergency Department", "Intensive Care Unit", "Radiology",
    "Cardiology", "Oncology", "Pediatrics", "Obstetrics", "Orthopaedics", "Medical Records",
    "Pharmacy", "Physiotherapy", "Dialysis Unit", "Outpatient Clinic", "Ward 7B", "ICU", "ER", "OPD",
)
SYMPTOMS = (
    "blurred vision", "dizziness", "palpitations", "chest tightness", "numbness", "dysuria",
    "low-grade fever", "bloating", "rash", "dry cough", "Shortness Of Breath", "Nausea",
)
FREE_PROF = (
    "works as a {prof}", "is a {prof} at {company}", "formerly a {prof}", "job title: {prof}",
    "retired {prof}", "has been a {prof} for {n} years", "currently employed as a {prof}",
    "used to work as a {prof}", "self-employed {prof}", "occupation - {prof}",
)
MESSAGES = (
    "is the appointment still on?", "got the results, thanks", "can you call me back", "ok see you at 3",
    "my mum is feeling better", "please send the form again", "running late, sorry", "thank you doctor",
    "where do I park?", "the pharmacy is closed", "will bring the referral letter",
)
FOREIGN_FIRST = (
    "Nguyen", "Mohammed", "Aung", "Priya", "Hiroshi", "Wei", "Olga", "Joao", "Fatima", "Sven", "Ananya",
    "Kenji", "Mei", "Ibrahim", "Lucia", "Dmitri", "Siti", "Rahul", "Yuki", "Chen", "Ingrid", "Amara",
)
FOREIGN_LAST = (
    "Tran", "Al-Rashid", "Kyaw", "Sharma", "Tanaka", "Zhang", "Petrova", "Silva", "Haddad", "Lindqvist",
    "Iyer", "Watanabe", "Lin", "Okafor", "Fernandez", "Volkov", "Rahman", "Gupta", "Sato", "Wong",
)
FOREIGN_ADDRESSES = (
    "{n} Rue de la Paix, 75002 Paris, France", "Flat {n}, {n2} Nathan Road, Kowloon, Hong Kong",
    "{n} Orchard Road, #0{n3}-12, Singapore 238{n2}", "{n}-{n3} Shibuya, Tokyo 150-00{n3}, Japan",
    "{n} Jalan Ampang, 50450 Kuala Lumpur, Malaysia", "{n} George Street, Sydney NSW 2000, Australia",
    "{n} Unter den Linden, 10117 Berlin, Germany", "No. {n}, Lane {n2}, Zhongshan Rd, Taipei",
    "{n} Queen St W, Toronto, ON M5H 2N2, Canada", "{n} High Street, Oxford OX1 4AP, UK",
)


@cache
def form_roles(split: Split) -> tuple[str, ...]:
    """Form roles of ``split`` (by the pools' hash)."""
    return tuple(w for w in FORM_ROLES if split_of(w) == split)


def foreign_names(split: Split) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Non-English first and family names of ``split``."""
    return (tuple(n for n in FOREIGN_FIRST if split_of(n) == split),
            tuple(n for n in FOREIGN_LAST if split_of(n) == split))


class Block(blocks.Block):
    """Pieces of one English structure block."""

    def name(self, case: bool = True) -> str:
        """A name without title: first, first + last, a nickname, a foreign or romanised Thai
        name; sometimes ALL CAPS or lower case."""
        rng, p = self.rng, self.ctx.p
        r = rng.random()
        if r < 0.15:
            rom = romanized(self.split)
            first, last = rng.choice(rom["th_female" if rng.random() < 0.5 else "th_male"]), rng.choice(rom["th_family"])
        elif r < 0.25:
            firsts, lasts = foreign_names(self.split)
            first, last = rng.choice(firsts or FOREIGN_FIRST), rng.choice(lasts or FOREIGN_LAST)
        else:
            first = rng.choice(p.en_female if rng.random() < 0.5 else p.en_male)
            last = rng.choice(p.en_last)
        shape = rng.random()
        name = first if shape < 0.2 else rng.choice(p.en_nick) if shape < 0.28 else f"{first} {last}"
        if case:
            c = rng.random()
            name = name.upper() if c < 0.1 else name.lower() if c < 0.15 else name
        return name

    def role(self) -> str:
        roles = form_roles(self.split)
        return self.rng.choice(roles) if roles and self.rng.random() < 0.6 else self.rng.choice(KIN_ROLES)

    def value(self, label: str) -> None:
        """A labelled value for a form field."""
        rng, p = self.rng, self.ctx.p
        makers: dict[str, Callable[[], str]] = {
            "PERSON": self.name,
            "PHONE": lambda: val.phone(rng, p, "en"),
            "EMAIL": lambda: val.email(rng, p),
            "LOCATION": lambda: val.address_en(rng, p),
            "DATE": lambda: val.date(rng, p, "en", dob=rng.random() < 0.5),
            "AGE": lambda: val.age(rng, p, "en", rng.randint(1, 95)),
            "PROFESSION": lambda: val.profession(rng, p, "en"),
            "ORGANIZATION": lambda: val.company(rng, p, "en"),
        }
        if label == "ID":
            self.v(val.hospital_number(rng, p), "ID", "HOSPITAL_NUMBER")
        else:
            self.v(makers[label](), label)


# Form fields: label words and the label of their value.
FIELDS = (
    (("Name", "Full name", "Patient name", "Patient", "Contact"), "PERSON"),
    (("Phone", "Tel", "Mobile", "Cell", "Phone (home)"), "PHONE"),
    (("Email", "E-mail"), "EMAIL"),
    (("Address", "Home address", "Mailing address"), "LOCATION"),
    (("Date of birth", "DOB", "Date"), "DATE"),
    (("Age",), "AGE"),
    (("Occupation", "Job"), "PROFESSION"),
    (("Employer", "Company"), "ORGANIZATION"),
    (("MRN", "HN", "Hospital number"), "ID"),
)


def _form(b: Block) -> None:
    rng = b.rng
    colon = rng.choice((": ", ":", " ", " - ", "\t"))
    next_line = rng.random() < 0.35  # the value on the line after its label
    for _ in range(rng.randint(3, 6)):
        if rng.random() < 0.25:  # a label with no value
            b.t(rng.choice(FORM_LABELS) + rng.choice((":", ": ______", ": ..........", "", ": -", ": N/A")))
        else:
            words, label = rng.choice(FIELDS)
            b.t(rng.choice(words) + (rng.choice((":", "")) + "\n" if next_line else colon))
            b.value(label)
        b.t("\n")


def _role_name(b: Block) -> None:
    rng = b.rng
    for i in range(rng.randint(1, 3)):
        if i:
            b.t(rng.choice(("\n", "; ", ". ")))
        role = b.role()
        b.t(role[0].upper() + role[1:] if rng.random() < 0.6 else role)
        if rng.random() < 0.4:
            b.t(" " + rng.choice(ROLE_ONLY_TAILS))
            continue
        b.t(rng.choice((": ", " ", " is ", ", ", " (", " - ")))
        b.v(b.name(), "PERSON")
        if b.pieces[-2][0].endswith("("):
            b.t(")")
        b.t(rng.choice(("", ".", " " + rng.choice(ROLE_ONLY_TAILS))))


def _list(b: Block) -> None:
    rng = b.rng
    b.t(rng.choice(("Emergency contacts", "Family members", "Visitors", "Care team", "Attendees",
                    "Beneficiaries", "Household")) + rng.choice((":", "", " -")) + "\n")
    bullet = rng.choice(("{i}. ", "- ", "* ", "{i}) ", "• "))
    for i in range(1, rng.randint(2, 5)):
        b.t(bullet.format(i=i))
        b.v(b.name(), "PERSON")
        extra = rng.random()
        if extra < 0.35:
            b.t(rng.choice((" (", ", ", " - ")) + rng.choice(KIN_ROLES))
            if b.pieces[-1][0].startswith(" ("):
                b.t(")")
        elif extra < 0.6:
            b.t(rng.choice((", age ", ", ", " - ")))
            b.value("AGE")
        elif extra < 0.85:
            b.t(rng.choice((" tel ", ", ", " - ")))
            b.value("PHONE")
        b.t("\n")


def _table(b: Block) -> None:
    rng = b.rng
    markdown = rng.random() < 0.5
    cols = rng.choice((("No.", "Name", "Relationship", "Occupation"), ("#", "Full name", "Age", "Phone"),
                       ("Row", "Staff", "Role", "Notes")))
    sep = " | "
    b.t(("| " + sep.join(cols) + " |\n|" + "---|" * len(cols) + "\n") if markdown else sep.join(cols) + "\n")
    for i in range(1, rng.randint(2, 5)):
        b.t(("| " if markdown else "") + f"{i}{sep}")
        b.v(b.name(), "PERSON")
        b.t(sep)
        if cols[2] == "Age":
            b.value("AGE")
        elif cols[2] == "Relationship":
            b.t(rng.choice(KIN_ROLES))
        else:
            b.v(val.profession(rng, b.ctx.p, "en"), "PROFESSION")
        b.t(sep)
        if cols[3] == "Occupation":
            b.value("PROFESSION")
        elif cols[3] == "Phone":
            b.value("PHONE")
        else:
            b.t(rng.choice(("-", "", rng.choice(DEPARTMENTS), rng.choice(SYMPTOMS))))
        b.t(" |\n" if markdown else "\n")


def _chat(b: Block) -> None:
    rng = b.rng
    people = [b.name() for _ in range(2)]
    for _ in range(rng.randint(2, 4)):
        if rng.random() < 0.4:
            b.t(rng.choice(("[", "")) + neg.time(rng, "en") + rng.choice(("] ", " ")))
        speaker = rng.choice(people)
        b.v(speaker.split(" ")[0], "PERSON")
        b.t(rng.choice((": ", " : ", ":", " wrote: ")))
        if rng.random() < 0.4:
            other = people[1] if speaker is people[0] else people[0]
            b.t(rng.choice(("hi ", "thanks ", "ok ", "")))
            b.v(other.split(" ")[0], "PERSON")
            b.t(rng.choice((", ", " ")))
        b.t(rng.choice(MESSAGES) + "\n")


def _email(b: Block) -> None:
    rng, p = b.rng, b.ctx.p
    b.t("From: ")
    b.v(b.name(case=False), "PERSON")
    b.t(" <")
    b.v(val.email(rng, p), "EMAIL")
    b.t(">\nTo: ")
    b.v(val.email(rng, p), "EMAIL")
    b.t("\nSubject: " + rng.choice(("Referral", "Re: test results", "Appointment", "Claim update",
                                     "Fwd: discharge summary")) + "\n\n")
    b.t(rng.choice(("Hi ", "Dear ", "Hello ")))
    b.v(b.name(case=False).split(" ")[0], "PERSON")
    b.t(",\n" + rng.choice(MESSAGES).capitalize() + "\n" + rng.choice(("Regards", "Thanks", "Best", "Cheers")) + ",\n")
    b.v(b.name(case=False), "PERSON")


def _export(b: Block) -> None:
    rng = b.rng
    fields = rng.sample(FIELDS, rng.randint(2, 4))
    kind = rng.choice(("json", "xml", "html", "md"))
    for words, label in fields:
        key = rng.choice(words)
        code = key.lower().replace(" ", "_").replace("(", "").replace(")", "")
        head, tail = {
            "json": (f'"{code}": "', '",\n'), "xml": (f"<{code}>", f"</{code}>\n"),
            "html": (f"<tr><td>{key}</td><td>", "</td></tr>\n"), "md": (f"**{key}:** ", "  \n"),
        }[kind]
        b.t(head)
        b.value(label)
        b.t(tail)
    b.t({"json": '"status": "final"', "xml": "<status>final</status>", "html": "<tr><td>Status</td><td>final</td></tr>",
         "md": "**Status:** final"}[kind])


def _caps(b: Block) -> None:
    rng, p = b.rng, b.ctx.p
    first = rng.choice(p.en_female if rng.random() < 0.5 else p.en_male)
    last = rng.choice(p.en_last)
    b.t(rng.choice(("PATIENT: ", "NAME: ", "PT NAME ", "", "Patient: ")))
    b.v(rng.choice((f"{last.upper()}, {first.upper()}", f"{last.upper()} {first.upper()}",
                    f"{first.upper()} {last.upper()}", f"{last}, {first}", f"{last.upper()}^{first.upper()}")), "PERSON")
    b.t(rng.choice(("  ", "\n", " | ")) + rng.choice(("DOB ", "D.O.B. ", "BORN ")))
    b.value("DATE")
    b.t(rng.choice(("  ", "\n")) + rng.choice(("CHEST PA", "CT BRAIN", "L KNEE AP/LAT", "PORTABLE AP", "US ABDOMEN")))


def _foreign(b: Block) -> None:
    rng = b.rng
    firsts, lasts = foreign_names(b.split)
    b.t(rng.choice(("Patient ", "Visitor ", "Tourist ", "Client ", "")))
    b.v(f"{rng.choice(firsts or FOREIGN_FIRST)} {rng.choice(lasts or FOREIGN_LAST)}", "PERSON")
    b.t(rng.choice((", resident at ", " (address: ", ", staying at ", ", home address ")))
    b.v(fresh(lambda: rng.choice(FOREIGN_ADDRESSES).format(n=rng.randint(1, 250), n2=rng.randint(10, 99),
                                                            n3=rng.randint(1, 9)), b.split), "LOCATION")
    if b.pieces[-2][0].endswith("("):
        b.t(")")
    b.t(rng.choice((".", "", ", travel insurance on file.")))


def _prof_free(b: Block) -> None:
    rng = b.rng
    template = rng.choice(FREE_PROF)
    head, _, rest = template.partition("{prof}")
    b.t(rng.choice(("Patient ", "Her husband ", "His daughter ", "The informant ", "She ", "He ")) + head)
    b.v(val.profession(rng, b.ctx.p, "en"), "PROFESSION")
    if "{company}" in rest:
        pre, _, post = rest.partition("{company}")
        b.t(pre)
        b.v(val.company(rng, b.ctx.p, "en"), "ORGANIZATION")
        b.t(post + ".")
    else:
        b.t(rest.replace("{n}", str(rng.randint(2, 30))) + ".")


def _negatives(b: Block) -> None:
    rng = b.rng
    options = (
        lambda: rng.choice(HEADINGS) + rng.choice((":\n", "\n", "")),
        lambda: rng.choice(HEADINGS).upper() + "\n",
        lambda: rng.choice(FORM_LABELS) + rng.choice((": ______\n", ":\n", " ", " N/A\n")),
        lambda: f"History of {rng.choice(EPONYMS)}. ",
        lambda: f"Culture grew {rng.choice(ORGANISMS)}. ",
        lambda: f"{rng.choice(ANALYTES)} {rng.uniform(1, 9):.1f} ",
        lambda: f"Referred to {rng.choice(DEPARTMENTS)}. ",
        lambda: f"Started {neg.drug(rng, 'en')}. ",
        lambda: f"Complains of {rng.choice(SYMPTOMS)}. ",
        lambda: f"{rng.choice(KIN_ROLES).capitalize()} {rng.choice(ROLE_ONLY_TAILS)}. ",
    )
    for _ in range(rng.randint(2, 5)):
        b.t(rng.choice(options)())


STRUCTURES: dict[str, Callable[[Block], None]] = {
    "form": _form,
    "role_name": _role_name,
    "list": _list,
    "table": _table,
    "chat": _chat,
    "email": _email,
    "export": _export,
    "caps": _caps,
    "foreign": _foreign,
    "prof_free": _prof_free,
    "negatives": _negatives,
}


def block(name: str, ctx, rng: random.Random) -> list:
    """The pieces ``(text, label, kind)`` of one structure block, trailing whitespace dropped."""
    b = Block(ctx, rng)
    STRUCTURES[name](b)
    return b.finished()
