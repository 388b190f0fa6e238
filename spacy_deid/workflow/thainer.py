"""ThaiNER 1.5 → our labels: the ONE tag mapping, the inline-format parser, the dev split.

ThaiNER marks entities inline, ``[PERSON]นายสมชาย ใจดี[/PERSON]``, one paragraph per
line (with stray byte-order marks). Every command and benchmark that reads ThaiNER goes
through :func:`read_thainer`, so the mapping below is the only one.

Mapping decisions (for de-identification):

- PERSON → PERSON, with leading titles/honorifics/ranks trimmed (``spacy_deid.text``).
- LOCATION, ZIP → LOCATION, with a leading administrative prefix (``จังหวัด``, ``จ.``,
  ``อำเภอ``, ``ตำบล``, ``เขต``, ``แขวง``, ``ประเทศ``...) left outside, as in our synthetic
  data and the ``place_after_prefix_th`` recognizer (ThaiNER puts it inside ≈ 900 of its
  ≈ 3,300 LOCATION spans; left in, the ner learnt to hide ``จังหวัด`` too).
- ORGANIZATION → ORGANIZATION.
- FACILITY → ORGANIZATION when it names an institution (hospital, clinic, school,
  university, centre, office, company, station ...: employers and care providers),
  otherwise LOCATION (caves, temples, markets, rooms, monuments: places). Both are PHI,
  only the label differs.
- DATE → DATE when it names a calendar date (a digit or a month name); relative and
  weekday words (``วันนี้``, ``พรุ่งนี้``, ``ปีหน้า``, ``วันจันทร์``: 346 of the 1,387 DATE
  entities of train.txt's train split) identify no one and are not PHI.
- PHONE, EMAIL, URL keep their names.
- AGO → AGE only where it is a person's age (``อายุ``/``วัย``/``เด็ก``/``ทารก`` just
  before it, or ``ขวบ`` in it); otherwise it is a duration and not PHI.
- TIME, MONEY, PERCENT, LEN, LAW, T (temperature) → not PHI (plain text).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from spacy_deid.patterns.dates import EN_MONTH, TH_MONTH
from spacy_deid.text import title_length

# The one table: ThaiNER tag → our label (None: not PHI). FACILITY and AGO have a rule
# on top, see map_entity().
TAG_MAP: dict[str, str | None] = {
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "ZIP": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
    "FACILITY": "ORGANIZATION",
    "DATE": "DATE",
    "AGO": "AGE",
    "PHONE": "PHONE",
    "EMAIL": "EMAIL",
    "URL": "URL",
    "TIME": None,
    "MONEY": None,
    "PERCENT": None,
    "LEN": None,
    "LAW": None,
    "T": None,
}

INSTITUTION_RE = re.compile(
    r"^(?:โรงพยาบาล|รพ\.|ร\.พ\.|โรงเรียน|ร\.ร\.|มหาวิทยาลัย|ม\.|วิทยาลัย|คลินิก|ศูนย์|"
    r"สถาบัน|สถานี|สำนักงาน|สำนัก|บริษัท|บ\.|ธนาคาร|กอง|กรม|องค์การ|สถานพยาบาล|"
    r"สถานศึกษา|ห้างหุ้นส่วน|โรงงาน|Hospital|Clinic|School|University)",
    re.IGNORECASE,
)
ADMIN_PREFIX_RE = re.compile(r"(?:จังหวัด|อำเภอ|ตำบล|เขต|แขวง|ประเทศ|จ\.|อ\.|ต\.)")
CALENDAR_RE = re.compile(r"[0-9๐-๙]|" + TH_MONTH + "|" + EN_MONTH)
AGE_CONTEXT_RE = re.compile(r"(?:อายุ|วัย|เด็ก|ทารก)[^\d\n]{0,12}$")
TAG_RE = re.compile(r"\[(/?)([A-Z_]+)\]")
BOM = "\ufeff"

Span = tuple[int, int, str]


def map_entity(tag: str, text: str, before: str) -> tuple[int, int, str] | None:
    """Map one ThaiNER entity to ``(start, end, label)`` relative to ``text``, or None.

    ``before`` is the line's text just before the entity (for the AGO age rule).
    Raises KeyError for a tag the table does not know.
    """
    label = TAG_MAP[tag]
    if label is None:
        return None
    start, end = 0, len(text)
    if tag == "PERSON":
        start = title_length(text)
    elif tag == "LOCATION" and (prefix := ADMIN_PREFIX_RE.match(text)):
        start = prefix.end()
    elif tag == "FACILITY" and not INSTITUTION_RE.match(text.strip()):
        label = "LOCATION"
    elif tag == "AGO" and "ขวบ" not in text and not AGE_CONTEXT_RE.search(before):
        return None
    elif tag == "DATE" and not CALENDAR_RE.search(text):
        return None
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return start, end, label


def parse_line(line: str) -> tuple[str, list[Span]]:
    """Plain text and our ``(start, end, label)`` spans of one ThaiNER line.

    Byte-order marks are removed anywhere in the line. Raises ValueError for nested or
    unbalanced tags.
    """
    line = line.replace(BOM, "").rstrip("\r\n")
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    open_tag: tuple[str, int] | None = None
    for match in TAG_RE.finditer(line):
        if match.group(2) not in TAG_MAP:
            continue  # a literal "[ABC]" in the text
        chunk = line[pos : match.start()]
        out.append(chunk)
        length += len(chunk)
        pos = match.end()
        closing, tag = match.group(1) == "/", match.group(2)
        if not closing:
            if open_tag is not None:
                raise ValueError(f"nested tag {tag} at offset {match.start()}")
            open_tag = (tag, length)
            continue
        if open_tag is None or open_tag[0] != tag:
            raise ValueError(f"unbalanced closing tag {tag} at offset {match.start()}")
        start = open_tag[1]
        open_tag = None
        text = "".join(out)
        mapped = map_entity(tag, text[start:], text[:start])
        if mapped is not None:
            spans.append((start + mapped[0], start + mapped[1], mapped[2]))
    if open_tag is not None:
        raise ValueError(f"unclosed tag {open_tag[0]}")
    out.append(line[pos:])
    return "".join(out), spans


def is_dev(line: str, percent: int = 10) -> bool:
    """Deterministic dev-split membership from a hash of the (BOM-free) line."""
    digest = hashlib.sha1(line.replace(BOM, "").strip().encode("utf-8")).hexdigest()
    return int(digest, 16) % 100 < percent


def read_thainer(
    path: Path, split: str = "all", percent: int = 10, skipped: list[int] | None = None
) -> Iterator[dict]:
    """Records ``{"text", "spans", "meta"}`` (our JSONL format) of a ThaiNER file.

    Lines are deduplicated (after removing BOMs) and blank lines skipped; ``split`` is
    "train", "dev" (≈ ``percent`` % by line hash) or "all". A malformed line raises,
    unless a ``skipped`` list is given: then its line number is appended to it.
    """
    if split not in ("train", "dev", "all"):
        raise ValueError(f"split must be train, dev or all, not {split!r}")
    seen = set()
    with Path(path).open(encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            key = raw.replace(BOM, "").strip()
            if not key or key in seen:
                continue
            seen.add(key)
            if split != "all" and is_dev(key, percent) != (split == "dev"):
                continue
            try:
                text, spans = parse_line(raw)
            except ValueError as err:
                if skipped is None:
                    raise ValueError(f"{path}:{number}: {err}") from None
                skipped.append(number)
                continue
            yield {
                "text": text,
                "spans": [[s, e, label, None] for s, e, label in spans],
                "meta": {"source": "thainer-1.5", "line": number},
            }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path, help="ThaiNER train.txt")
    parser.add_argument("out_dir", type=Path, help="writes thainer_train.jsonl, thainer_dev.jsonl")
    parser.add_argument("--dev-percent", type=int, default=10)
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        out = args.out_dir / f"thainer_{split}.jsonl"
        n_docs = n_spans = 0
        skipped: list[int] = []
        with out.open("w", encoding="utf-8") as f:
            for record in read_thainer(args.src, split, args.dev_percent, skipped):
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
                n_docs += 1
                n_spans += len(record["spans"])
        print(f"{out}: {n_docs} docs, {n_spans} entities, malformed lines skipped: {skipped}")


if __name__ == "__main__":
    main()
