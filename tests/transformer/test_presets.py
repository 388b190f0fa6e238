"""Label mapping presets for the Thai de-id and i2b2-2014 label sets."""
import pytest

from spacy_deid.labels import ID_KINDS, LABELS
from spacy_deid.transformer.presets import PRESETS, build_mapping, choose_preset, parse_target

THAI_TYPES = ["PERSON", "PHONE", "EMAIL", "ADDRESS", "DATE", "NATIONAL_ID", "HOSPITAL_IDS"]
I2B2_TYPES = (
    "PATIENT DOCTOR USERNAME PROFESSION ROOM DEPARTMENT HOSPITAL ORGANIZATION STREET CITY "
    "STATE COUNTRY ZIP LOCATION-OTHER AGE DATE PHONE FAX EMAIL URL IPADDR SSN MEDICALRECORD "
    "HEALTHPLAN ACCOUNT LICENSE VEHICLE DEVICE BIOID IDNUM"
).split()


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_target_is_valid(name):
    for target in PRESETS[name].values():
        label, kind = parse_target(target)
        assert label in LABELS and (not kind or kind in ID_KINDS)


def test_presets_cover_the_published_label_sets():
    assert set(PRESETS["thai_deid"]) == set(THAI_TYPES)
    assert set(PRESETS["i2b2"]) == set(I2B2_TYPES)


@pytest.mark.parametrize(
    "types,preset",
    [(THAI_TYPES, "thai_deid"), (I2B2_TYPES, "i2b2"), (["PERSON", "ID", "LOCATION"], "ours")],
)
def test_auto_picks_the_covering_preset(types, preset):
    assert choose_preset(types) == preset


def test_mapping_details():
    thai = build_mapping(THAI_TYPES, "auto", {})
    assert thai["ADDRESS"] == ("LOCATION", "")
    assert thai["NATIONAL_ID"] == ("ID", "NATIONAL_ID")
    assert thai["HOSPITAL_IDS"] == ("ID", "HOSPITAL_NUMBER")
    i2b2 = build_mapping(I2B2_TYPES, "i2b2", {})
    assert i2b2["DOCTOR"] == ("PERSON", "") and i2b2["FAX"] == ("PHONE", "")
    assert i2b2["SSN"] == ("ID", "NATIONAL_ID") and i2b2["MEDICALRECORD"] == ("ID", "HOSPITAL_NUMBER")


def test_overrides_win_and_can_ignore():
    mapping = build_mapping(["PERSON", "MONEY"], "ours", {"MONEY": "", "PERSON": "ID/OTHER_ID"})
    assert mapping == {"PERSON": ("ID", "OTHER_ID"), "MONEY": ("", "")}
    assert build_mapping(["PER", "MONEY"], "auto", {"PER": "PERSON", "MONEY": ""})["PER"] == ("PERSON", "")


def test_unmapped_types_fail():
    with pytest.raises(ValueError, match="not mapped"):
        build_mapping(["PERSON", "MONEY"], "ours", {})
    with pytest.raises(ValueError, match="No label preset"):
        build_mapping(["PER"], "auto", {})
    with pytest.raises(ValueError, match="Unknown target label"):
        build_mapping(["PER"], "ours", {"PER": "NAME"})
    with pytest.raises(ValueError, match="Unknown ID kind"):
        build_mapping(["PER"], "ours", {"PER": "ID/SHOE_SIZE"})
