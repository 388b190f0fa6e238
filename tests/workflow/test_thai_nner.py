"""Thai-NNER: the type table, outermost PHI spans of a nest, titles outside PERSON, the files."""
import json
from pathlib import Path

import pytest

from spacy_deid.labels import LABELS
from spacy_deid.workflow.thai_nner import TYPE_MAP, convert_doc, doc_text, map_type, read_thai_nner

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "thai_nner"


def doc(tokens, entities):
    return {"tokens": tokens, "entities": [{"span": [s, e], "entity_type": t} for s, e, t in entities]}


def spans_text(d):
    text, spans = convert_doc(d)
    return [(text[s:e], label) for s, e, label in spans]


def test_every_mapped_type_is_one_of_our_labels():
    resolved = {v for v in TYPE_MAP.values() if v} - {"FACILITY"}
    assert resolved <= set(LABELS)
    for t in ("title", "nicknametitle", "cardinal", "disease", "product_drug", "rel", "nationality"):
        assert TYPE_MAP[t] is None
    with pytest.raises(KeyError):
        map_type("no_such_type", "x")


def test_every_type_of_the_sample_files_is_in_the_table():
    for name in ("sample_train.json", "sample_dev.json"):
        data = json.loads((ASSETS / name).read_text(encoding="utf-8"))
        types = {e["entity_type"] for d in data for e in d["entities"]}
        assert types <= set(TYPE_MAP), sorted(types - set(TYPE_MAP))


def test_text_rebuilds_spaces_from_underscores():
    text, off = doc_text(["นาย", "สมปอง", "_", "มา", "แล้ว"])
    assert text == "นายสมปอง มาแล้ว" and off == [0, 3, 8, 9, 11, 15]


def test_person_drops_its_title_and_keeps_the_outermost_span():
    d = doc(["นาย", "สมปอง", "_", "ทองดี", "_", "มา"],
            [(0, 4, "person"), (0, 1, "title"), (1, 2, "firstname"), (3, 4, "last")])
    assert spans_text(d) == [("สมปอง ทองดี", "PERSON")]


def test_nickname_title_stays_outside_and_a_leading_role_is_a_profession():
    d = doc(["พี่", "ต้อย", "_", "บอก"], [(0, 2, "person"), (0, 1, "nicknametitle"), (1, 2, "nickname")])
    assert spans_text(d) == [("ต้อย", "PERSON")]
    d = doc(["ผู้ว่าราชการ", "_", "นาย", "ก้องเกียรติ"],
            [(0, 4, "person"), (0, 1, "role"), (2, 3, "title"), (3, 4, "firstname")])
    assert spans_text(d) == [("ผู้ว่าราชการ", "PROFESSION"), ("ก้องเกียรติ", "PERSON")]


def test_a_title_only_person_is_dropped_and_loose_name_parts_are_persons():
    assert spans_text(doc(["นาย", "ไม่"], [(0, 1, "person"), (0, 1, "title")])) == []
    assert spans_text(doc(["ชื่อ", "มานี"], [(1, 2, "firstname")])) == [("มานี", "PERSON")]


def test_locations_leave_the_admin_prefix_outside_and_addresses_stay_whole():
    d = doc(["ที่", "จังหวัด", "ลำปาง"], [(1, 3, "province")])
    assert spans_text(d) == [("ลำปาง", "LOCATION")]
    d = doc(["บ้าน", "_", "ต.", "ป่าแดด", "_", "อ.", "เมือง"],
            [(0, 7, "address"), (2, 4, "sub_district"), (5, 7, "district")])
    assert spans_text(d) == [("บ้าน ต.ป่าแดด อ.เมือง", "LOCATION")]


def test_facilities_split_like_thainer_and_dates_need_a_calendar_word():
    assert spans_text(doc(["โรงพยาบาล", "ลำพูน"], [(0, 2, "facility_other")])) == [("โรงพยาบาลลำพูน", "ORGANIZATION")]
    assert spans_text(doc(["ตลาด", "น้ำ"], [(0, 2, "facility_other")])) == [("ตลาดน้ำ", "LOCATION")]
    d = doc(["วันที่", "_", "3", "_", "มี.ค."], [(0, 5, "date"), (2, 3, "day"), (4, 5, "month")])
    assert spans_text(d) == [("วันที่ 3 มี.ค.", "DATE")]
    assert spans_text(doc(["วันนี้"], [(0, 1, "date")])) == []


def test_a_person_inside_a_non_phi_span_is_kept():
    d = doc(["รางวัล", "สมหมาย"], [(0, 2, "award"), (1, 2, "person")])
    assert spans_text(d) == [("สมหมาย", "PERSON")]


def test_the_sample_files_convert_to_valid_records():
    for name in ("sample_train.json", "sample_dev.json"):
        records = list(read_thai_nner(ASSETS / name))
        assert records and all(r["spans"] for r in records[:5])
        for r in records:
            end = 0
            for s, e, label, _ in r["spans"]:
                value = r["text"][s:e]
                assert label in LABELS and value == value.strip() and value and s >= end
                end = e
