"""A last check of a de-identified DICOM file: read it back and look for the header's PHI
values in every element (sequences and file meta included), and for what must be gone."""
from __future__ import annotations

import io

from pydicom import dcmread

from .header import HeaderValues
from .matching import normal

_TEXT_VRS = {"LO", "SH", "ST", "LT", "UT", "UC", "PN", "AE", "UR"}
MIN_SUBSTRING = 4  # shorter values must match a whole element value


def leaks(data: bytes, values: HeaderValues) -> list[str]:
    """Where the file still holds a header PHI value or a private or overlay element, by tag
    (never the value); empty when clean."""
    ds = dcmread(io.BytesIO(data))
    wanted = {normal(v) for v in values.names | values.ids | values.texts}
    wanted |= {normal(p) for v in values.names for group in v.split("=")
               for p in group.split("^")[:3]}
    wanted = {w for w in wanted if len(w) >= 3}
    dates = {d.strftime("%Y%m%d") for d in values.dates}
    found: list[str] = []
    if ds.get("PatientIdentityRemoved") != "YES":
        found.append("PatientIdentityRemoved")
    for elem in [*ds.file_meta, *ds.iterall()]:
        tag = f"{int(elem.tag):08X}"
        group = int(elem.tag) >> 16
        if group % 2 or 0x6000 <= group <= 0x601E or 0x5000 <= group <= 0x501E:
            found.append(tag)
            continue
        if elem.VR in ("DA", "DT"):
            text = " ".join(str(v) for v in (elem.value if elem.VM > 1 else [elem.value]) if v)
            if any(d in text for d in dates):
                found.append(tag)
            continue
        if elem.VR not in _TEXT_VRS or not elem.value:
            continue
        text = normal(" ".join(str(v) for v in (elem.value if elem.VM > 1 else [elem.value])))
        if any(w == text or (len(w) >= MIN_SUBSTRING and w in text) for w in wanted):
            found.append(tag)
    return sorted(set(found))
