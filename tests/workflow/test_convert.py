"""JSONL → DocBin conversion: token alignment by expansion, counted; overlaps; kinds."""
import json
from collections import Counter

import pytest
from spacy.tokens import DocBin

from spacy_deid.spans import record_to_doc
from spacy_deid.workflow.convert import convert


def write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def test_thai_spans_expand_to_tokens_and_are_counted(nlp_th, tmp_path):
    text = "ผู้ป่วยชื่อ สมชาย ใจดี อายุ 45 ปี"
    start = text.index("สมชาย")
    records = [
        # exact name (aligned), a span cut inside a word (expanded), an age
        {"text": text, "spans": [[start, start + len("สมชาย ใจดี"), "PERSON", None],
                                 [text.index("45"), text.index("45") + 5, "AGE", None]]},
        {"text": "โทร 081-234-5678 ค่ะ", "spans": [[4, 9, "PHONE", None]]},
    ]
    src = tmp_path / "x.jsonl"
    write(src, records)
    out = tmp_path / "x.spacy"
    n, stats = convert("th", [src], out)
    assert n == 2 and stats["spans"] == 3
    docs = list(DocBin().from_disk(out).get_docs(nlp_th.vocab))
    assert [(e.text, e.label_) for e in docs[0].ents] == [("สมชาย ใจดี", "PERSON"), ("45 ปี", "AGE")]
    phone = docs[1].ents[0]
    assert phone.label_ == "PHONE" and phone.start_char == 4 and phone.end_char >= 9
    assert stats["expanded"] == 1 and stats["overlap_dropped"] == 0


def test_overlaps_after_expansion_keep_the_longer_span(nlp_en):
    stats = Counter()
    doc = record_to_doc(
        nlp_en,
        {"text": "Seen at Mercy Hospital Boston today.",
         "spans": [[8, 22, "ORGANIZATION", None], [15, 35, "LOCATION", None]]},
        stats,
    )
    assert [(e.text, e.label_) for e in doc.ents] == [("Hospital Boston today", "LOCATION")]
    assert stats["overlap_dropped"] == 1 and stats["expanded"] == 1


def test_id_kind_goes_to_kb_id(nlp_en):
    doc = record_to_doc(
        nlp_en, {"text": "HN 12345678 seen", "spans": [[3, 11, "ID", "HOSPITAL_NUMBER"]]},
        Counter(),
    )
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [("12345678", "ID", "HOSPITAL_NUMBER")]


def test_unknown_label_is_refused(nlp_en):
    with pytest.raises(ValueError, match="unknown label"):
        record_to_doc(nlp_en, {"text": "Bob", "spans": [[0, 3, "NAME", None]]},
                      Counter())


def test_labels_keep_only_the_ner_labels(nlp_en):
    stats = Counter()
    record = {"text": "Mr. John Smith, call 555-0100, email js@x.org",
              "spans": [[4, 14, "PERSON", None], [21, 29, "PHONE", None], [37, 45, "EMAIL", None]]}
    doc = record_to_doc(nlp_en, record, stats, labels={"PERSON"})
    assert [(e.text, e.label_) for e in doc.ents] == [("John Smith", "PERSON")]
    assert stats["other_label"] == 2 and stats["spans"] == 1


def test_cli_rejects_unknown_labels(tmp_path):
    from spacy_deid.workflow.convert import main

    src = tmp_path / "x.jsonl"
    write(src, [{"text": "x", "spans": []}])
    with pytest.raises(SystemExit):
        main(["en", str(tmp_path / "x.spacy"), str(src), "--labels", "PERSON,NAME"])


def test_read_jsonl_takes_spans_written_as_objects(tmp_path):
    import json

    from spacy_deid.workflow.convert import read_jsonl

    path = tmp_path / "set.jsonl"
    record = {"text": "HN 12345 call 081", "spans": [
        {"start": 3, "end": 8, "label": "ID", "kind": "hospital_number"},
        {"start": 14, "end": 17, "label": "PHONE", "kind": ""}]}
    path.write_text(json.dumps(record) + "\n" + json.dumps({"text": "x", "spans": [[0, 1, "AGE", None]]}) + "\n")
    first, second = read_jsonl([path])
    assert first["spans"] == [[3, 8, "ID", "hospital_number"], [14, 17, "PHONE", None]]
    assert second["spans"] == [[0, 1, "AGE", None]]
