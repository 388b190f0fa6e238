"""De-identify a DICOM header by PS3.15 Table E.1-1 (:mod:`spacy_deid.dicom.profile`).

Actions, applied to every element, in sequences too:

- private elements (odd groups), overlay (60xx) and curve (50xx) groups, and public elements
  the data dictionary does not know: removed;
- ``U`` (and any UID that is not a registered DICOM UID): replaced by ``2.25.<int>``, the
  int an HMAC of the old UID under the run's key, so the same UID maps to the same new one
  in every file of a run (and of every run with the same key);
- dates (DA, DT) the table does not remove: shifted by the keyed offset of the document's
  date-shift group, the one text dates get (Retain Longitudinal Temporal Information with
  Modified Dates Option); a date the table removes is removed; Patient's Birth Date is emptied;
- ``X`` and combinations starting with it: removed; ``Z``, ``Z/D``: emptied; ``D``: a dummy
  value of the element's VR;
- person names (PN) the table does not list: emptied.

The audit gets each action by tag path and keyword, never a value. The values removed are
kept in memory (:class:`HeaderValues`) so that burned-in text repeating them can be found.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pydicom.datadict import dictionary_has_tag
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import UID_dictionary

from ..anonymizer.keys import keyed_digest
from .profile import TABLE_VERSION, action_for

BIRTH_DATE = 0x00100030
_KEEP_FRAME = {0x7FE00010}  # Pixel Data: handled by spacy_deid.dicom.pixels
_TEXT_VRS = {"LO", "SH", "ST", "LT", "UT", "UC", "PN", "AE"}  # CS: codes, no PHI
_DUMMY = {"PN": "ANONYMOUS", "TM": "000000", "IS": "0", "DS": "0"}
_NUMERIC = {"US", "SS", "UL", "SL", "FL", "FD", "UV", "SV"}
_BINARY = {"OB", "OW", "OF", "OD", "OL", "OV", "UN"}


@dataclass
class HeaderValues:
    """PHI values taken out of the header (kept in memory only, never audited)."""

    names: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    dates: set[dt.date] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)


@dataclass
class HeaderResult:
    actions: list[dict[str, str]]
    values: HeaderValues


def keyed_uid(key: bytes, uid: str) -> str:
    """A valid UID (``2.25.`` + a 128-bit int) from an HMAC of ``uid`` under ``key``."""
    return "2.25." + str(int.from_bytes(keyed_digest(key, "dicom-uid", uid.strip())[:16], "big"))


def shift_da(value: str, days: int) -> str | None:
    """A DA value (``YYYYMMDD``, or a range ``A-B``) moved by ``days``; None if unparseable."""
    parts = value.strip().split("-")
    out = []
    for part in parts:
        if not part and len(parts) == 2:
            out.append("")
            continue
        try:
            date = dt.datetime.strptime(part, "%Y%m%d").date() + dt.timedelta(days=days)
        except (ValueError, OverflowError):
            return None
        out.append(date.strftime("%Y%m%d"))
    return "-".join(out)


def shift_dt(value: str, days: int) -> str | None:
    """A DT value's date part (each end of a range ``A-B``) moved by ``days``, time and UTC
    offset kept; None if a part has no full date."""
    value = value.strip()
    parts = value.split("-")
    if len(parts) == 2 and (len(parts[1]) >= 8 or not parts[1]) and len(parts[0]) != 4:
        ends = [shift_dt(p, days) if p else "" for p in parts]
        return None if None in ends else "-".join(e or "" for e in ends)
    if len(value) < 8 or not value[:8].isdigit():
        return None
    head = shift_da(value[:8], days)
    return None if head is None else head + value[8:]


def _date_of(vr: str, value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value.strip()[:8], "%Y%m%d").date()
    except ValueError:
        return None


class HeaderDeidentifier:
    """One dataset's header: ``run(ds)`` changes it in place and returns the audit."""

    def __init__(self, key: bytes, shift_days: int) -> None:
        self.key = key
        self.days = shift_days
        self.actions: list[dict[str, str]] = []
        self.values = HeaderValues()

    def run(self, ds: Dataset) -> HeaderResult:
        self._dataset(ds, "")
        self._mark(ds)
        return HeaderResult(self.actions, self.values)

    def _dataset(self, ds: Dataset, path: str) -> None:
        for elem in list(ds):
            self._element(ds, elem, path)

    def _log(self, path: str, elem: DataElement, action: str) -> None:
        self.actions.append({"tag": f"{path}{elem.tag:08X}", "keyword": elem.keyword or "",
                             "action": action})

    def _element(self, ds: Dataset, elem: DataElement, path: str) -> None:
        tag = int(elem.tag)
        if tag in _KEEP_FRAME and not path:
            return
        group = tag >> 16
        if group % 2:
            return self._remove(ds, elem, path, "X (private)")
        if 0x5000 <= group <= 0x501E or 0x6000 <= group <= 0x601E:
            return self._remove(ds, elem, path, "X (overlay or curve group)")
        if (tag & 0xFFFF) == 0 and group != 0x0002:
            return self._remove(ds, elem, path, "X (group length)")
        action = action_for(tag)
        if action is None and not dictionary_has_tag(tag):
            return self._remove(ds, elem, path, "X (not in the data dictionary)")
        vr = elem.VR
        self._collect(elem, action)
        if vr == "UI":
            return self._uid(elem, path, action)
        if vr in ("DA", "DT") and action != "X" and tag != BIRTH_DATE:
            return self._date(elem, path, action)
        if action is None:
            if vr == "SQ":
                for i, item in enumerate(elem.value):
                    self._dataset(item, f"{path}{tag:08X}/{i}/")
            elif vr == "PN" and elem.value:
                elem.value = ""
                self._log(path, elem, "Z (person name not in Table E.1-1)")
            return None
        if action.startswith("X"):
            return self._remove(ds, elem, path, action)
        if action.startswith("Z") or vr == "SQ" or tag == BIRTH_DATE:
            _empty(elem)
            return self._log(path, elem, action)
        _dummy(elem)
        return self._log(path, elem, action)

    def _remove(self, ds: Dataset, elem: DataElement, path: str, action: str) -> None:
        self._collect(elem, "X")
        del ds[elem.tag]
        self._log(path, elem, action)

    def _uid(self, elem: DataElement, path: str, action: str | None) -> None:
        values = elem.value if elem.VM > 1 else [elem.value]
        values = [str(v) for v in values if v]
        if action is not None and action.startswith("X") and not action.endswith("U*"):
            elem.value = ""
            return self._log(path, elem, "Z (UID the table removes)")
        if action is None and all(v in UID_dictionary for v in values):
            return None  # registered UIDs (SOP classes, transfer syntaxes, ...): no PHI
        new = [v if v in UID_dictionary else keyed_uid(self.key, v) for v in values]
        elem.value = new if elem.VM > 1 else (new[0] if new else "")
        self._log(path, elem, "U" if action is not None else "U (not a registered UID)")
        return None

    def _date(self, elem: DataElement, path: str, action: str | None) -> None:
        values = elem.value if elem.VM > 1 else [elem.value]
        shift = shift_da if elem.VR == "DA" else shift_dt
        out = [shift(str(v), self.days) for v in values if v]
        if any(v is None for v in out):
            elem.value = ""
            return self._log(path, elem, "Z (unparseable date)")
        elem.value = out if elem.VM > 1 else (out[0] if out else "")
        self._log(path, elem, "C (date shifted)" if action else "C (date shifted, not in Table E.1-1)")
        return None

    def _collect(self, elem: DataElement, action: str | None) -> None:
        """Keep what burned-in text could repeat: names, IDs, dates and text the table
        takes out (whatever the action)."""
        vr = elem.VR
        if elem.value is None or vr in _BINARY or vr in _NUMERIC or vr in ("SQ", "UI"):
            return
        if action is None and vr not in ("PN", "DA", "DT"):
            return
        values = elem.value if elem.VM > 1 else [elem.value]
        for value in values:
            text = str(value).strip()
            if not text:
                continue
            if vr in ("DA", "DT"):
                date = _date_of(vr, text)
                if date is not None:
                    self.values.dates.add(date)
            elif vr == "PN":
                self.values.names.add(text)
            elif vr in ("LO", "SH", "CS") and _is_id(elem.keyword):
                self.values.ids.add(text)
            elif vr in _TEXT_VRS:
                self.values.texts.add(text)

    def _mark(self, ds: Dataset) -> None:
        ds.PatientIdentityRemoved = "YES"
        ds.LongitudinalTemporalInformationModified = "MODIFIED"
        methods = [f"PS3.15 Table E.1-1 Basic Profile {TABLE_VERSION}",
                   "Retain Longitudinal Modified Dates", "spacy-deid"]
        ds.DeidentificationMethod = methods
        ds.DeidentificationMethodCodeSequence = Sequence(
            [_code("113100", "Basic Application Confidentiality Profile"),
             _code("113107", "Retain Longitudinal Temporal Information Modified Dates Option")])

    def mark_clean_pixels(self, ds: Dataset, how: str) -> None:
        """Record the Clean Pixel Data Option (burned-in text redacted)."""
        ds.DeidentificationMethod = list(ds.DeidentificationMethod) + [how[:64]]
        ds.DeidentificationMethodCodeSequence.append(_code("113101", "Clean Pixel Data Option"))


def _is_id(keyword: str) -> bool:
    return keyword.endswith(("ID", "IDs", "Number", "Identifier")) or "Accession" in keyword


def _code(value: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue = value
    item.CodingSchemeDesignator = "DCM"
    item.CodeMeaning = meaning
    return item


def _empty(elem: DataElement) -> None:
    if elem.VR == "SQ":
        elem.value = Sequence()
    elif elem.VR in _BINARY:
        elem.value = b""
    else:
        elem.value = None if elem.VR in _NUMERIC else ""


def _dummy(elem: DataElement) -> None:
    vr = elem.VR
    if vr in _NUMERIC:
        elem.value = 0
    elif vr in _BINARY:
        elem.value = b""
    elif vr == "AS":
        elem.value = "000Y"
    else:
        elem.value = _DUMMY.get(vr, "ANONYMIZED")
