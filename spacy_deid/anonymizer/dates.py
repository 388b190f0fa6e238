"""Parse dates in Thai and English notations and shift them, keeping the input's format.

Supported: ``d/m/yyyy`` (also ``-`` or ``.``, 2- or 4-digit years; ``m/d/yyyy`` when
asked or when the day-first reading is impossible), ISO ``yyyy-mm-dd``, ``12 มกราคม 2567``, ``12 ม.ค. 67``,
``5 Jan 2024``, ``21st of March 2024``, ``January 5, 2024``, ``12 มกราคม`` and
``January 2024`` (no day). Thai
digits, Buddhist-era years (4-digit years above 2400, and 2-digit years in a Thai context)
and the month-name style (Thai full/abbreviated, English full/abbreviated, letter case)
are kept on output.
"""
from __future__ import annotations

import datetime as dt
import re

from ..text import EN_MONTHS, TH_MONTHS, TH_MONTHS_ABBR, THAI_DIGITS, to_arabic_digits, to_thai_digits

BE_OFFSET = 543

MONTH_STYLES: dict[str, tuple[str, ...]] = {
    "th_full": TH_MONTHS,
    "th_abbr": TH_MONTHS_ABBR,
    "th_abbr_nodot": tuple(m.replace(".", "") for m in TH_MONTHS_ABBR),
    "en_full": EN_MONTHS,
    "en_abbr": tuple(m[:3] for m in EN_MONTHS),
}
_MONTHS: dict[str, tuple[str, int]] = {}
for _style, _names in MONTH_STYLES.items():
    for _i, _name in enumerate(_names):
        _MONTHS.setdefault(_name.casefold(), (_style, _i + 1))
_MONTHS.setdefault("sept", ("en_abbr", 9))

_D = r"[0-9๐-๙]"
_NOT_D = r"(?<![0-9๐-๙])"
_NOT_D_AFTER = r"(?![0-9๐-๙])"
_MONTH = "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True))
_ERA = r"(?:(?:พ\.ศ\.|ค\.ศ\.|พ\.ศ|ค\.ศ)\s*)?"
# Month names must not run into further letters ("Mayor", "มกราคมที่" is fine in Thai).
_MONTH_END = r"(?![A-Za-z])"
_ORD = r"(?P<o>st|nd|rd|th)?"

PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # ISO 2024-01-05
        rf"{_NOT_D}(?P<y>{_D}{{4}})(?P<s>[-/.])(?P<m>{_D}{{1,2}})(?P=s)(?P<d>{_D}{{1,2}}){_NOT_D_AFTER}",
        # 5/1/2024, 05-01-67
        rf"{_NOT_D}(?P<a>{_D}{{1,2}})(?P<s>[-/.])(?P<b>{_D}{{1,2}})(?P=s)(?P<y>{_D}{{4}}|{_D}{{2}}){_NOT_D_AFTER}",
        # 12 มกราคม 2567, 5 Jan. 2024, 5th January 2024, 12ม.ค.67, 12 มกราคม พ.ศ. 2567
        rf"{_NOT_D}(?P<d>{_D}{{1,2}}){_ORD}\s*(?:of\s+)?(?P<mn>{_MONTH}){_MONTH_END}\.?,?\s*{_ERA}(?P<y>{_D}{{4}}|{_D}{{2}}){_NOT_D_AFTER}",
        # January 5, 2024
        rf"(?<![A-Za-z])(?P<mn>{_MONTH}){_MONTH_END}\.?\s*(?P<d>{_D}{{1,2}}){_ORD},?\s*(?P<y>{_D}{{4}}){_NOT_D_AFTER}",
        # January 2024, มกราคม 2567 (no day)
        rf"(?<![A-Za-z0-9๐-๙])(?P<mn>{_MONTH}){_MONTH_END}\.?,?\s*{_ERA}(?P<y>{_D}{{4}}){_NOT_D_AFTER}",
        # 12 มกราคม, 5 Jan (no year)
        rf"{_NOT_D}(?P<d>{_D}{{1,2}}){_ORD}\s*(?P<mn>{_MONTH}){_MONTH_END}",
    )
]


WEEKDAY_STYLES: dict[str, tuple[str, ...]] = {
    "th": ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์"),
    "en_full": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "en_abbr": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_WEEKDAYS: dict[str, tuple[str, int]] = {
    name.casefold(): (style, i)
    for style, names in WEEKDAY_STYLES.items()
    for i, name in enumerate(names)
}
_WEEKDAYS.update({"พฤหัส": ("th", 3), "tues": ("en_abbr", 1), "thur": ("en_abbr", 3), "thurs": ("en_abbr", 3)})
WEEKDAY_RE = re.compile(
    "(?<![A-Za-z])(?:"
    + "|".join(re.escape(w) for w in sorted(_WEEKDAYS, key=len, reverse=True))
    + ")(?![A-Za-z])",
    re.IGNORECASE,
)


def _to_int(text: str) -> int:
    return int(to_arabic_digits(text))


def _render_number(value: int, original: str, pad: bool) -> str:
    out = str(value).zfill(len(original)) if pad else str(value)
    return to_thai_digits(out) if any(ch in THAI_DIGITS for ch in original) else out


def _render_month(month: int, original: str) -> str:
    style, _ = _MONTHS[original.casefold()]
    return _same_case(MONTH_STYLES[style][month - 1], original)


def _render_ordinal(day: int, original: str) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return _same_case(suffix, original)


def _render_weekday(weekday: int, original: str) -> str:
    style, _ = _WEEKDAYS[original.casefold()]
    return _same_case(WEEKDAY_STYLES[style][weekday], original)


def _same_case(name: str, original: str) -> str:
    if original.isupper():
        return name.upper()
    if original.islower():
        return name.lower()
    return name


class _Year:
    """A year as written: 2- or 4-digit, Buddhist or Common era."""

    def __init__(self, text: str, thai: bool):
        self.text = text
        value = _to_int(text)
        if len(text) == 4:
            self.be = value > 2400
            self.ce = value - BE_OFFSET if self.be else value
        elif thai:
            self.be = True
            self.ce = 2500 + value - BE_OFFSET
        else:
            self.be = False
            self.ce = 2000 + value if value < 70 else 1900 + value

    def render(self, ce: int) -> str:
        value = ce + BE_OFFSET if self.be else ce
        out = str(value % 100 if len(self.text) == 2 else value).zfill(len(self.text))
        return to_thai_digits(out) if any(ch in THAI_DIGITS for ch in self.text) else out


Edits = list[tuple[int, int, str]]


def _shift_match(
    m: re.Match, days: int, thai: bool, day_first: bool
) -> tuple[Edits, dt.date | None] | None:
    """Replacement (start, end, text) triples for the groups of one match, and the new
    date when the match names a full date (None for "12 มกราคม", "January 2024");
    None when the match is no valid date."""
    groups = m.groupdict()
    month_name = groups.get("mn")
    if month_name and month_name.casefold() not in _MONTHS:
        return None  # a look-alike spelling that case-insensitive re accepts ("aprİl")
    thai = thai or bool(month_name and _MONTHS[month_name.casefold()][0].startswith("th"))
    year = _Year(groups["y"], thai) if groups.get("y") else None
    if month_name:
        month = _MONTHS[month_name.casefold()][1]
        day = _to_int(groups["d"]) if groups.get("d") else None
    elif "a" in groups and groups["a"] is not None:
        a, b = _to_int(groups["a"]), _to_int(groups["b"])
        if a > 12 or (day_first and b <= 12):
            day, month, day_group, month_group = a, b, "a", "b"
        else:
            day, month, day_group, month_group = b, a, "b", "a"
    else:
        day, month = _to_int(groups["d"]), _to_int(groups["m"])
    try:
        # A missing year is computed in a leap year, a missing day mid-month.
        base = dt.date(year.ce if year else 2000, month, day if day is not None else 15)
        new = base + dt.timedelta(days=days)
    except (ValueError, OverflowError):  # no such date, or shifted out of years 1..9999
        return None
    fields = [groups[g] for g in ("d", "m", "a", "b") if groups.get(g)]
    # Zero-padded output when the input shows padding ("05", or "31/12" style fields).
    pad = any(f[0] in "0๐" for f in fields) or (len(fields) > 1 and all(len(f) == 2 for f in fields))
    out: Edits = []
    if groups.get("o"):
        out.append((m.start("o"), m.end("o"), _render_ordinal(new.day, groups["o"])))
    if year is not None:
        out.append((m.start("y"), m.end("y"), year.render(new.year)))
    if month_name:
        out.append((m.start("mn"), m.end("mn"), _render_month(new.month, month_name)))
        if groups.get("d"):
            out.append((m.start("d"), m.end("d"), _render_number(new.day, groups["d"], pad)))
    elif groups.get("a") is not None:
        out.append((m.start(day_group), m.end(day_group), _render_number(new.day, groups[day_group], pad)))
        out.append((m.start(month_group), m.end(month_group), _render_number(new.month, groups[month_group], pad)))
    else:
        out.append((m.start("m"), m.end("m"), _render_number(new.month, groups["m"], pad)))
        out.append((m.start("d"), m.end("d"), _render_number(new.day, groups["d"], pad)))
    return out, new if year is not None and day is not None else None


def shift_date_text(text: str, days: int, thai: bool = False, day_first: bool = True) -> str | None:
    """``text`` with every date in it shifted by ``days``, in the same format.

    ``thai``: 2-digit years are Buddhist era. ``day_first``: ``03/04/2024`` is 3 April
    (else 4 March); the other reading is used when the first is impossible.

    A weekday name ("Monday", "วันจันทร์") is rewritten to match the new date. Returns
    None when no date is found, digits remain outside the dates found, a weekday goes
    with anything but one full date, or a month or weekday name is spelled with letters
    that case-insensitive matching takes for others ("aprİl", "Frİday"; the caller then
    falls back to another operator instead of leaking them).
    """
    taken: list[tuple[int, int]] = []
    edits: Edits = []
    full_dates: list[dt.date | None] = []
    for pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            shifted = _shift_match(m, days, thai, day_first)
            if shifted is None:
                return None
            taken.append((m.start(), m.end()))
            edits.extend(shifted[0])
            full_dates.append(shifted[1])
    if not taken:
        return None
    rest = "".join(ch for i, ch in enumerate(text) if not any(s <= i < e for s, e in taken))
    if any(ch.isdigit() for ch in rest):
        return None
    weekdays = list(WEEKDAY_RE.finditer(text))
    if weekdays:
        if len(full_dates) != 1 or full_dates[0] is None:
            return None
        if any(w.group().casefold() not in _WEEKDAYS for w in weekdays):
            return None  # "Frİday": it cannot be rewritten, and kept it would tell the old date
        edits += [(w.start(), w.end(), _render_weekday(full_dates[0].weekday(), w.group())) for w in weekdays]
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text
