"""Header de-identification by PS3.15 Table E.1-1, keyed UIDs and dates, the read-back check,
and the matching of header values in OCR text (no OCR here)."""
import datetime as dt
import io
import json
import re

import pydicom
import pytest
from build import BIRTH, NAME, PATIENT_ID, STUDY, make_dataset, to_bytes

from spacy_deid.dicom.header import HeaderDeidentifier, HeaderValues, keyed_uid, shift_da, shift_dt
from spacy_deid.dicom.matching import date_forms, find, needles, normal
from spacy_deid.dicom.pixels import dicom_bytes
from spacy_deid.dicom.profile import action_for, table_size
from spacy_deid.dicom.verify import leaks

KEY = b"k" * 32
PHI = [NAME[0], NAME[1], PATIENT_ID, BIRTH, STUDY, "ACC778899", "Mary Hospital", "Rama IV",
       "WATSON", "NURSE", "CT-ROOM-3", "HOUSE", "RP5566", "1101700208361", "081-234-5678",
       "STMARY_PACS"]


def deidentified(days=40, key=KEY, **kw):
    ds, _ = make_dataset(**kw)
    original = pydicom.dcmread(io.BytesIO(to_bytes(ds)))
    result = HeaderDeidentifier(key, days).run(ds)
    return original, pydicom.dcmread(io.BytesIO(dicom_bytes(ds, "1.2.840.10008.1.2.1"))), result


def test_table_comes_from_the_standard():
    assert table_size() > 600
    assert action_for(0x00100010) == "Z"  # Patient's Name
    assert action_for(0x00100020) == "Z/D"  # Patient ID
    assert action_for(0x00080018) == "U"  # SOP Instance UID
    assert action_for(0x00204000) == "X"  # Image Comments
    assert action_for(0x60023000) == "X"  # Overlay Data, any 60xx group
    assert action_for(0x00080016) is None  # SOP Class UID is kept


def test_no_header_tag_keeps_phi():
    original, out, result = deidentified()
    raw = to_bytes(out)
    for value in PHI:
        assert value.encode() not in raw, value
    assert leaks(raw, result.values) == []
    assert not [e for e in out.iterall() if e.tag.is_private or e.tag.group in range(0x6000, 0x6020)]
    assert "SourceApplicationEntityTitle" not in out.file_meta
    assert out.PatientIdentityRemoved == "YES"
    assert "Basic Profile" in out.DeidentificationMethod[0]
    assert [c.CodeValue for c in out.DeidentificationMethodCodeSequence] == ["113100", "113107"]
    assert out.PatientName == "" and out.PatientBirthDate == ""
    assert out.preamble == b"\0" * 128
    assert out.Modality == "CT" and out.SOPClassUID == original.SOPClassUID  # kept


def test_dates_shift_by_the_offset_and_uids_are_keyed():
    original, out, _ = deidentified(days=-17)
    assert out.StudyDate == (dt.date(2024, 1, 5) - dt.timedelta(days=17)).strftime("%Y%m%d")
    assert out.StudyDate == out.SeriesDate == out.ContentDate
    for name in ("SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID", "FrameOfReferenceUID"):
        new = str(out[name].value)
        assert re.fullmatch(r"2\.25\.[1-9][0-9]*", new) and len(new) <= 64
        assert new == keyed_uid(KEY, str(original[name].value))
        assert pydicom.uid.UID(new).is_valid
    assert out.file_meta.MediaStorageSOPInstanceUID == out.SOPInstanceUID
    ref = out.ReferencedStudySequence[0] if "ReferencedStudySequence" in out else None
    assert ref is None or ref.ReferencedSOPInstanceUID != \
        original.ReferencedStudySequence[0].ReferencedSOPInstanceUID
    assert keyed_uid(KEY, "1.2.3") == keyed_uid(KEY, "1.2.3") != keyed_uid(b"other", "1.2.3")


def test_audit_lists_tags_never_values():
    _, _, result = deidentified()
    text = json.dumps(result.actions)
    for value in PHI:
        assert value not in text
    by_tag = {a["tag"]: a["action"] for a in result.actions}
    assert by_tag["00100010"] == "Z" and by_tag["00091011"] == "X (private)"
    assert by_tag["60003000"].startswith("X") and by_tag["00080020"] == "C (date shifted)"
    assert by_tag["00204000"] == "X"  # Image Comments


def test_values_collected_for_burned_in_matching():
    _, _, result = deidentified()
    values = result.values
    assert any(NAME[0] in n for n in values.names) and PATIENT_ID in values.ids
    assert dt.date(1960, 3, 12) in values.dates


@pytest.mark.parametrize("written", ["12/03/1960", "1960-03-12", "12 Mar 1960", "March 12, 1960",
                                     "12.03.60", "12 มีนาคม 2503", "12 มี.ค. 2503", "03/12/1960"])
def test_dates_in_common_formats_are_matched(written):
    assert normal(written) in date_forms(dt.date(1960, 3, 12))


def test_find_marks_header_values_in_ocr_text():
    values = HeaderValues(names={"JAIDEE^SOMCHAI"}, ids={"HN6412345"},
                          dates={dt.date(1960, 3, 12)})
    text = "Name: SOMCHAl JAIDEE  HN 64-12345 DOB 12/03/1960 CHEST PA"
    spans = find(text, [(m.start(), m.end()) for m in re.finditer(r"\S+", text)], needles(values))
    hidden = {text[s:e] for s, e in spans}
    assert {"SOMCHAl", "JAIDEE", "12/03/1960"} <= hidden
    assert any("64-12345" in h for h in hidden)
    assert not any("CHEST" in text[s:e] for s, e in spans)


def test_shift_helpers():
    assert shift_da("20240105", 30) == "20240204"
    assert shift_da("20240101-20240131", 1) == "20240102-20240201"
    assert shift_da("2024", 1) is None
    assert shift_dt("20240105101500.000+0700", -5) == "20231231101500.000+0700"
    assert shift_dt("20240105-20240107", 1) == "20240106-20240108"


def test_a_leak_is_found_by_the_read_back_check():
    ds, _ = make_dataset()
    result = HeaderDeidentifier(KEY, 10).run(ds)
    ds.SeriesDescription = f"for {NAME[0]}"  # planted after the profile ran
    assert leaks(dicom_bytes(ds, "1.2.840.10008.1.2.1"), result.values) == ["0008103E"]
