"""The PS3.15 Basic Application Level Confidentiality Profile, Table E.1-1, as a lookup.

The table is not written by hand here: it comes from the ``dicom-anonymizer`` package
(KitwareMedical, BSD-3-Clause), whose ``dicomfields_2026c`` module is generated from the
standard's own Table E.1-1 (DICOM 2026c, https://dicom.nema.org/medical/dicom/current/output/
chtml/part15/chapter_e.html). Each attribute gets its action code as the standard writes it:
``D`` dummy, ``Z`` zero-length, ``X`` remove, ``U`` new UID, and the combinations
``Z/D``, ``X/Z``, ``X/D``, ``X/Z/D``, ``X/Z/U*``.
"""
from __future__ import annotations

from functools import cache

TABLE_VERSION = "2026c"
_GROUPS = {  # dicomfields list name -> action code of Table E.1-1
    "D_TAGS": "D", "Z_TAGS": "Z", "X_TAGS": "X", "U_TAGS": "U", "Z_D_TAGS": "Z/D",
    "X_Z_TAGS": "X/Z", "X_D_TAGS": "X/D", "X_Z_D_TAGS": "X/Z/D", "X_Z_U_STAR_TAGS": "X/Z/U*",
}


@cache
def _table() -> tuple[dict[int, str], list[tuple[int, int, str]]]:
    """Exact tags -> action, and (value, mask, action) for repeating groups (50xx, 60xx)."""
    from dicomanonymizer.dicom_anonymization_databases import dicomfields_2026c as fields

    exact: dict[int, str] = {}
    masked: list[tuple[int, int, str]] = []
    for name, action in _GROUPS.items():
        for entry in getattr(fields, name):
            if len(entry) == 2:
                exact[(entry[0] << 16) | entry[1]] = action
            else:  # (group, element, group mask, element mask)
                group, element, gmask, emask = entry
                masked.append(((group << 16) | element, (gmask << 16) | emask, action))
    return exact, masked


def action_for(tag: int) -> str | None:
    """Table E.1-1's action for ``tag`` (an int such as 0x00100010), None if not listed."""
    exact, masked = _table()
    if tag in exact:
        return exact[tag]
    for value, mask, action in masked:
        if tag & mask == value:
            return action
    return None


def table_size() -> int:
    """How many attributes (and repeating-group patterns) the table lists."""
    exact, masked = _table()
    return len(exact) + len(masked)
