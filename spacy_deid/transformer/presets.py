"""Mapping a token classifier's entity types to our labels (and ID kinds).

A target is ``"LABEL"`` or ``"LABEL/KIND"`` (e.g. ``"ID/NATIONAL_ID"``), or ``""`` to
ignore an entity type on purpose. Every entity type of a model must be mapped:
an unmapped type is an error, never silently dropped.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from ..labels import ID_KINDS, LABELS

PresetName = Literal["auto", "ours", "thai_deid", "i2b2"]

PRESETS: dict[str, dict[str, str]] = {
    # Models fine-tuned by ``python -m spacy_deid.workflow.finetune`` (our labels).
    "ours": {label: label for label in LABELS},
    # PhayaThaiBERT-based Thai de-identification token classifiers.
    "thai_deid": {
        "PERSON": "PERSON",
        "PHONE": "PHONE",
        "EMAIL": "EMAIL",
        "ADDRESS": "LOCATION",
        "DATE": "DATE",
        "NATIONAL_ID": "ID/NATIONAL_ID",
        "HOSPITAL_IDS": "ID/HOSPITAL_NUMBER",
    },
    # English de-identification checkpoints trained on i2b2-2014 labels.
    "i2b2": {
        "PATIENT": "PERSON",
        "DOCTOR": "PERSON",
        "USERNAME": "ID/SOCIAL_HANDLE",
        "PROFESSION": "PROFESSION",
        "ROOM": "LOCATION",
        "DEPARTMENT": "ORGANIZATION",
        "HOSPITAL": "ORGANIZATION",
        "ORGANIZATION": "ORGANIZATION",
        "STREET": "LOCATION",
        "CITY": "LOCATION",
        "STATE": "LOCATION",
        "COUNTRY": "LOCATION",
        "ZIP": "LOCATION",
        "LOCATION-OTHER": "LOCATION",
        "AGE": "AGE",
        "DATE": "DATE",
        "PHONE": "PHONE",
        "FAX": "PHONE",
        "EMAIL": "EMAIL",
        "URL": "URL",
        "IPADDR": "ID/IP_ADDRESS",
        "SSN": "ID/NATIONAL_ID",
        "MEDICALRECORD": "ID/HOSPITAL_NUMBER",
        "HEALTHPLAN": "ID/OTHER_ID",
        "ACCOUNT": "ID/BANK_ACCOUNT",
        "LICENSE": "ID/OTHER_ID",
        "VEHICLE": "ID/VEHICLE_PLATE",
        "DEVICE": "ID/OTHER_ID",
        "BIOID": "ID/OTHER_ID",
        "IDNUM": "ID/OTHER_ID",
    },
}


def parse_target(target: str) -> tuple[str, str]:
    """``"ID/NATIONAL_ID"`` → ``("ID", "NATIONAL_ID")``; validates both parts."""
    label, _, kind = target.partition("/")
    if label not in LABELS:
        raise ValueError(f"Unknown target label {label!r}: use one of {list(LABELS)}.")
    if kind and kind not in ID_KINDS:
        raise ValueError(f"Unknown ID kind {kind!r}: use one of {list(ID_KINDS)}.")
    return label, kind


def choose_preset(types: Iterable[str]) -> str:
    """The first preset (ours, thai_deid, i2b2) that maps every entity type."""
    types = set(types)
    for name in ("ours", "thai_deid", "i2b2"):
        if types <= set(PRESETS[name]):
            return name
    raise ValueError(
        "No label preset covers the model's entity types; set label_preset and add the "
        f"missing types to label_map. Types: {sorted(types)}."
    )


def build_mapping(
    types: Iterable[str], preset: str, overrides: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    """Entity type → ``(label, kind)``; ``("", "")`` means ignored on purpose.

    ``overrides`` win over the preset. Raises if a type stays unmapped.
    """
    types = list(types)
    table = dict(PRESETS[choose_preset(set(types) - set(overrides)) if preset == "auto" else preset])
    table.update(overrides)
    missing = [t for t in types if t not in table]
    if missing:
        raise ValueError(
            f"Entity types of the model are not mapped by preset {preset!r}: {missing}. "
            "Add them to label_map (use \"\" to ignore a type on purpose)."
        )
    return {t: parse_target(table[t]) if table[t] else ("", "") for t in types}
