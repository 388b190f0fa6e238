"""The PHI label set, the finer kinds of ID, and output label schemes."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

LABELS = (
    "PERSON",
    "LOCATION",
    "ORGANIZATION",
    "DATE",
    "AGE",
    "PHONE",
    "EMAIL",
    "ID",
    "URL",
    "PROFESSION",
)

# Finer kinds of identifiers, kept on spans as ``span.kb_id_`` (label stays "ID").
ID_KINDS = (
    "NATIONAL_ID",
    "SSN",  # a US Social Security number
    "HOSPITAL_NUMBER",
    "PASSPORT",
    "BANK_ACCOUNT",
    "CREDIT_CARD",
    "MEDICAL_LICENSE",
    "VEHICLE_PLATE",
    "SOCIAL_HANDLE",
    "IP_ADDRESS",
    "STUDENT_ID",
    "OTHER_ID",
)

SchemeName = Literal["ours", "jsl", "thai_deid"]

# Output label schemes: (label, kind) -> output label. A kind-specific entry wins
# over the label entry; a label missing from a scheme keeps our own name.
SCHEMES: dict[str, dict[str, str]] = {
    "ours": {},
    # John Snow Labs' generic de-identification labels.
    "jsl": {
        "PERSON": "NAME",
        "LOCATION": "LOCATION",
        "ORGANIZATION": "LOCATION",
        "PHONE": "CONTACT",
        "EMAIL": "CONTACT",
        "URL": "CONTACT",
        "ID": "ID",
        "DATE": "DATE",
        "AGE": "AGE",
        "PROFESSION": "PROFESSION",
    },
    # The PhayaThaiBERT-based Thai de-identification models' labels.
    "thai_deid": {
        "PERSON": "PERSON",
        "PHONE": "PHONE",
        "EMAIL": "EMAIL",
        "LOCATION": "ADDRESS",
        "DATE": "DATE",
        "ID": "HOSPITAL_IDS",
        "ID/NATIONAL_ID": "NATIONAL_ID",
    },
}


def output_label(label: str, kind: str | None, scheme: str = "ours") -> str:
    """Map one of our labels (plus its finer ID kind) to a scheme's label name."""
    try:
        table = SCHEMES[scheme]
    except KeyError:
        raise ValueError(
            f"Unknown label scheme {scheme!r}: use one of {sorted(SCHEMES)}."
        ) from None
    if kind and f"{label}/{kind}" in table:
        return table[f"{label}/{kind}"]
    return table.get(label, label)


def operator_settings(operators: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Operator settings keyed as ``deid_anonymizer`` wants them, from what a user wrote: a
    label (``person`` → ``PERSON``), ``ID/<kind>`` (``id/ssn`` → ``ID/SSN``) or ``DEFAULT`` in
    any case; a value is an operator's name (``"hash"``) or its settings (``{"operator": ...}``).
    The CLI's ``--operator``, the service and Spark all read operators through this."""
    settings: dict[str, dict[str, Any]] = {}
    for key, value in operators.items():
        head, slash, kind = str(key).strip().partition("/")
        spec = {"operator": value} if isinstance(value, str) else dict(value)
        settings[head.strip().upper() + slash + kind.strip().upper()] = spec
    return settings
