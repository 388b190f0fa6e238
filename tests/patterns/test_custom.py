"""Recognizers users add: regex rows, token patterns, deny and allow lists (docs/patterns.md)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from spacy_deid.patterns.custom import PatternsError, read_patterns
from spacy_deid.patterns.terms import read_allow_list, read_deny_list
from spacy_deid.pipelines import load_pipeline, rules_pipeline

WARD = {"label": "ID", "kind": "HOSPITAL_NUMBER", "regex": r"(?<![A-Z0-9])WD-\d{4}(?![0-9])",
        "name": "ward_code"}
BED = {"label": "LOCATION", "pattern": [{"LOWER": "bed"}, {"IS_DIGIT": True}], "name": "bed"}


def pipeline(lang: str, patterns=(), deny=(), allow=()) -> spacy.language.Language:
    nlp = rules_pipeline(lang)
    nlp.get_pipe("deid_patterns").initialize(patterns=list(patterns), deny=list(deny))
    nlp.get_pipe("deid_anonymizer").initialize(allow=list(allow))
    return nlp


def found(doc: Doc) -> list:
    group = doc.spans["deid_patterns"]
    return [(s.text, s.label_, s.kb_id_, name) for s, name in zip(group, group.attrs["recognizers"])]


def write(path: Path, lines: list) -> Path:
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) if isinstance(x, dict) else x
                              for x in lines) + "\n", encoding="utf-8")
    return path


def test_regex_row_and_token_pattern_are_found():
    nlp = pipeline("en", [WARD, BED])
    doc = nlp("Moved to bed 12, ward code WD-0042; WD-00421 is no code.")
    assert found(doc) == [("bed 12", "LOCATION", "", "bed"),
                          ("WD-0042", "ID", "HOSPITAL_NUMBER", "ward_code")]
    assert doc._.deid_text == "Moved to [LOCATION], ward code [ID]; WD-00421 is no code."
    (item,) = [i for i in doc._.deid_items if i["label"] == "ID"]
    assert (item["kind"], item["source"]) == ("HOSPITAL_NUMBER", "deid_patterns") and "text" not in item


def test_validator_context_and_normalised_view():
    card = {"label": "ID", "kind": "CREDIT_CARD", "regex": r"\d{4}-\d{4}-\d{4}-\d{4}", "validator": "luhn"}
    staff = {"label": "ID", "regex": r"S\d{5}", "context": ["staff", "พนักงาน"], "context_required": True}
    engine = pipeline("th", [card, staff]).get_pipe("deid_patterns").engine
    assert [f.recognizer for f in engine.find("card 4111-1111-1111-1111")] == ["custom_1"]
    assert not [f for f in engine.find("card 4111-1111-1111-1112") if f.recognizer == "custom_1"]
    assert [(f.kind, f.recognizer) for f in engine.find("รหัสพนักงานS12345")] == [("OTHER_ID", "custom_2")]
    assert not engine.find("S12345")
    # Thai digits and an invisible character inside: found on the view, mapped back whole
    text = "บัตร ๔๑๑๑-๑๑๑๑-๑๑๑๑\u200b-๑๑๑๑"
    (f,) = engine.find(text)
    assert text[f.start : f.end] == "๔๑๑๑-๑๑๑๑-๑๑๑๑\u200b-๑๑๑๑"


def test_config_initialize_serialize_and_reload(tmp_path: Path):
    patterns = write(tmp_path / "site.jsonl", [WARD, BED])
    deny = write(tmp_path / "staff.txt", ["# label: PERSON", "Somchai Jaidee"])
    allow = write(tmp_path / "own.txt", ["02-419-7000"])
    config = spacy.util.load_config_from_str(f"""
[nlp]
lang = "en"
pipeline = ["deid_patterns","deid_anonymizer"]
[components]
[components.deid_patterns]
factory = "deid_patterns"
[components.deid_anonymizer]
factory = "deid_anonymizer"
[initialize]
[initialize.components]
[initialize.components.deid_patterns]
[initialize.components.deid_patterns.patterns]
@readers = "spacy_deid.read_patterns.v1"
path = "{patterns}"
[initialize.components.deid_patterns.deny]
@readers = "spacy_deid.read_deny_list.v1"
path = "{deny}"
[initialize.components.deid_anonymizer]
[initialize.components.deid_anonymizer.allow]
@readers = "spacy_deid.read_allow_list.v1"
path = "{allow}"
""")
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    nlp.initialize()
    text = "SOMCHAI JAIDEE, bed 4, WD-1234, call 02-419-7000 or 02-419-7001"
    expected = "[PERSON], [LOCATION], [ID], call 02-419-7000 or [PHONE]"
    assert nlp(text)._.deid_text == expected
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "deid_patterns" / "patterns.jsonl").exists()
    reloaded = spacy.load(tmp_path / "pipe")
    assert reloaded(text)._.deid_text == expected
    assert [r for _, _, _, r in found(reloaded(text))][:3] == ["deny_list", "bed", "ward_code"]
    fresh = spacy.blank("en")
    fresh.add_pipe("deid_patterns")
    fresh.add_pipe("deid_anonymizer")
    assert fresh(text)._.deid_text != expected
    fresh.from_bytes(nlp.to_bytes())
    assert fresh(text)._.deid_text == expected
    # operators given at load time rebuild the anonymizer: its allow list stays
    over = load_pipeline(str(tmp_path / "pipe"), "en", {"operators": {"PHONE": {"operator": "mask"}}})
    assert over(text)._.deid_text.endswith("call 02-419-7000 or " + "*" * 11)


SECRET = "สมชายลับ"


@pytest.mark.parametrize("line, message", [
    ({"label": "NAME", "regex": "x\\d"}, "line 2: unknown or missing label"),
    ({"label": "ID", "kind": "WARD", "regex": "x\\d"}, "line 2: unknown kind"),
    ({"label": "PERSON", "kind": "OTHER_ID", "regex": "x\\d"}, "line 2: only label ID takes a kind"),
    ({"label": "ID", "regex": SECRET + "(\\d"}, "line 2: regex does not compile"),
    ({"label": "ID", "regex": SECRET + "|"}, "line 2: regex matches the empty string"),
    ({"label": "ID", "regex": SECRET, "validator": "mod97"}, "line 2: unknown validator"),
    ({"label": "ID", "regex": SECRET, "score": 1.5}, "line 2: score must be"),
    ({"label": "ID", "regex": SECRET, "colour": SECRET}, "line 2: unknown field"),
    ({"label": "PERSON", "pattern": [{"LOWERR": SECRET}]}, "line 2: 'pattern' is not a valid"),
    ({"label": "ID", "regex": SECRET, "pattern": []}, "line 2: give either"),
    ('{"label": "ID", "regex": "' + SECRET, "line 2: not JSON"),
])
def test_bad_patterns_name_the_line_not_the_value(tmp_path: Path, line, message):
    path = write(tmp_path / "p.jsonl", [WARD, line])
    with pytest.raises(PatternsError) as error:
        read_patterns(path)
    assert str(error.value).startswith(message) and SECRET not in str(error.value)


def test_bad_lists_name_the_line(tmp_path: Path):
    with pytest.raises(PatternsError, match=r"^line 1: no label"):
        read_deny_list(write(tmp_path / "d.txt", [SECRET]))
    with pytest.raises(PatternsError, match=r"^line 3: unknown or missing label") as error:
        read_deny_list(write(tmp_path / "d.txt", ["# label: PERSON", SECRET, "NAME\t" + SECRET]))
    assert SECRET not in str(error.value)
    with pytest.raises(PatternsError, match=r"^line 2: an entry needs at least 2"):
        read_allow_list(write(tmp_path / "a.txt", ["โรงพยาบาลศิริราช", "ก"]))
    nlp = pipeline("en")
    with pytest.raises(ValueError, match="name is already taken"):
        nlp.get_pipe("deid_patterns").add_patterns([{"label": "ID", "regex": "x\\d", "name": "email"}])
    assert nlp.get_pipe("deid_patterns").patterns == []  # a failed add leaves nothing behind


def test_deny_list_file_format(tmp_path: Path):
    path = write(tmp_path / "d.txt", ["# staff", "# label: PERSON", "Jane  Doe", "",
                                      "ID/HOSPITAL_NUMBER\tX-991", "# label = LOCATION", "ตึกสิรินธร"])
    assert read_deny_list(path) == [
        {"label": "PERSON", "kind": "", "text": "Jane Doe"},
        {"label": "ID", "kind": "HOSPITAL_NUMBER", "text": "X-991"},
        {"label": "LOCATION", "kind": "", "text": "ตึกสิรินธร"},
    ]


DENY = [{"label": "PERSON", "text": t} for t in ("แพรวา", "ดาว", "ดง", "สมชาย ใจดี", "Ann Lee", "Bo")]


@pytest.mark.parametrize("text, expected", [
    # glued to Thai words on both sides: found, the neighbours stay
    ("พี่แพรวาไปตลาดกับน้องดาวเมื่อวาน", "พี่[PERSON]ไปตลาดกับน้อง[PERSON]เมื่อวาน"),
    # inside a longer Thai word (one token): only the name goes
    ("ดาวเทียมดวงใหม่", "[PERSON]เทียมดวงใหม่"),
    # a syllable is never cut: ดง is not in แดง
    ("เสื้อสีแดง", "เสื้อสีแดง"),
    # whitespace runs, invisible characters inside (normalised view)
    ("ผู้ป่วย สม\u200bชาย   ใจดี มาตรวจ", "ผู้ป่วย [PERSON] มาตรวจ"),
    # Latin edges need a boundary; case is ignored
    ("ANN LEE and Anne Leeds; Bo, Bob", "[PERSON] and Anne Leeds; [PERSON], Bob"),
])
def test_deny_list_thai_safe(text, expected):
    assert pipeline("th", deny=DENY)(text)._.deid_text == expected


def test_deny_split_keeps_token_extensions_and_span_groups():
    nlp = pipeline("th", deny=DENY)
    doc = nlp.make_doc("ดาวเทียมดวงใหม่")
    doc[0]._.deid_bbox, doc[0]._.deid_page = [1, 2, 30, 12], 0
    doc.spans["earlier"] = [doc[0:2]]
    doc = nlp(doc)
    assert [t.text for t in doc[:2]] == ["ดาว", "เทียม"]
    assert [t._.deid_bbox for t in doc[:2]] == [[1, 2, 30, 12]] * 2
    assert [s.text for s in doc.spans["earlier"]] == ["ดาวเทียมดวง"]


def test_allow_list_applies_to_final_spans_of_every_source():
    nlp = pipeline("th", allow=["โรงพยาบาลศิริราช", "02-419-7000"])
    # a stand-in for the trained ner: doc.ents is one of the anonymizer's sources
    ruler = nlp.add_pipe("entity_ruler", before="deid_anonymizer")
    ruler.add_patterns([{"label": "ORGANIZATION", "pattern": "ศิริราช"},
                        {"label": "PERSON", "pattern": "สมศรี"}])
    nlp.replace_pipe("deid_anonymizer", "deid_anonymizer", config={"sources": ["deid_patterns", "ents"]})
    nlp.get_pipe("deid_anonymizer").initialize(allow=["โรงพยาบาลศิริราช", "02-419-7000"])
    doc = nlp("คุณสมศรี มาที่โรงพยาบาลศิริราช โทร 02-419-7000 หรือ 081-234-5678")
    assert "ศิริราช" in [e.text for e in doc.ents]  # found by the ner stand-in, then allowed
    assert doc._.deid_text == "คุณ[PERSON] มาที่โรงพยาบาลศิริราช โทร 02-419-7000 หรือ [PHONE]"
    assert [s.label_ for s in doc.spans["deid"]] == ["PERSON", "PHONE"] == [i["label"] for i in doc._.deid_items]
    # English; a span reaching past the allowed string is kept whole
    en = pipeline("en", allow=["Siriraj Hospital", "02-419-7000"])
    text = "Call 02-419-7000 at Siriraj Hospital, or 02-419-70001"
    assert en(text)._.deid_text == text
    assert en("Phone 02-419-7000 ext 12")._.deid_text == "Phone [PHONE]"


def test_gazetteer_is_read_on_first_use_once():
    code = (
        "import spacy_deid.patterns as p\n"
        "from spacy_deid.patterns import gazetteer as g\n"
        "assert g.province_names.cache_info().currsize == 0\n"
        "p.PatternEngine(); p.PatternEngine()\n"
        "assert g.province_names.cache_info().misses == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
