"""Every operator, rendered through the component, and their consistency rules."""
import hashlib
import hmac
import re

import pytest
import spacy
from spacy.tokens import Doc, Span

from spacy_deid.anonymizer import hidden_spans
from spacy_deid.anonymizer.keys import MissingKeyError

PEOPLE = "Dr. John Smith saw Mary Jones; later Mr John  Smith left."
PEOPLE_SPANS = {
    "a": [
        ("John Smith", "PERSON", "", 1.0),
        ("Mary Jones", "PERSON", "", 1.0),
        ("John  Smith", "PERSON", "", 1.0),  # double space: same entity
    ]
}


def ops(**per_label):
    return {label: (spec if isinstance(spec, dict) else {"operator": spec}) for label, spec in per_label.items()}


def test_tag(run):
    assert run(PEOPLE, PEOPLE_SPANS)._.deid_text == "Dr. [PERSON] saw [PERSON]; later Mr [PERSON] left."


def test_numbered_tag_same_entity_same_number(run):
    doc = run(PEOPLE, PEOPLE_SPANS, operators=ops(DEFAULT="numbered_tag"))
    assert doc._.deid_text == "Dr. [PERSON_1] saw [PERSON_2]; later Mr [PERSON_1] left."
    assert {i["operator"] for i in doc._.deid_items} == {"numbered_tag"}


def test_numbered_tag_counts_per_label_and_normalises_digits(run):
    text = "HN 64-12345 and HN ๖๔-๑๒๓๔๕ of Ann"
    doc = run(
        text,
        {"a": [("HN 64-12345", "ID", "", 1.0), ("HN ๖๔-๑๒๓๔๕", "ID", "", 1.0), ("Ann", "PERSON", "", 1.0)]},
        operators=ops(DEFAULT="numbered_tag"),
    )
    assert doc._.deid_text == "[ID_1] and [ID_1] of [PERSON_1]"


def test_numbered_tag_restarts_per_document():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["ents"], "operators": ops(DEFAULT="numbered_tag")})
    outputs = []
    for text in ("Ann met Bob", "Bob met Ann"):
        doc = nlp.make_doc(text)
        doc.ents = [doc.char_span(0, 3, "PERSON"), doc.char_span(8, 11, "PERSON")]
        outputs.append(nlp(doc)._.deid_text)
    assert outputs == ["[PERSON_1] met [PERSON_2]", "[PERSON_1] met [PERSON_2]"]


def test_mask_same_length(run):
    doc = run("Call 081-234-5678 now", {"a": [("081-234-5678", "PHONE", "", 1.0)]}, operators=ops(PHONE="mask"))
    assert doc._.deid_text == "Call ************ now"
    doc = run("Call 081-234-5678 now", {"a": [("081-234-5678", "PHONE", "", 1.0)]},
              operators=ops(PHONE={"operator": "mask", "char": "#"}))
    assert doc._.deid_text == "Call ############ now"


def test_redact_removes(run):
    doc = run("Call 081-234-5678 now", {"a": [("081-234-5678", "PHONE", "", 1.0)]}, operators=ops(DEFAULT="redact"))
    assert doc._.deid_text == "Call  now"
    assert doc._.deid_items[0]["operator"] == "redact"


def test_keep_keeps_but_audits(run):
    doc = run("Call 081-234-5678 now", {"a": [("081-234-5678", "PHONE", "", 1.0)]}, operators=ops(PHONE="keep"))
    assert doc._.deid_text == "Call 081-234-5678 now"
    assert doc._.deid_items[0]["operator"] == "keep" and "text" not in doc._.deid_items[0]


def test_hash_is_keyed_hmac_of_entity_key(run, key_env):
    doc = run(PEOPLE, PEOPLE_SPANS, operators=ops(PERSON="hash"))
    expected = hmac.new(key_env.encode(), b"hash\x1fjohnsmith", hashlib.sha256).hexdigest()[:8]
    assert doc._.deid_text.startswith(f"Dr. [PERSON:{expected}] saw [PERSON:")
    assert doc._.deid_text.count(f"[PERSON:{expected}]") == 2
    longer = run(PEOPLE, PEOPLE_SPANS, operators=ops(PERSON={"operator": "hash", "length": 16}))
    assert f"[PERSON:{expected}" in longer._.deid_text
    assert re.search(r"\[PERSON:[0-9a-f]{16}\]", longer._.deid_text)


def test_hash_depends_on_key(run, monkeypatch):
    monkeypatch.setenv("SPACY_DEID_KEY", "key-one")
    one = run(PEOPLE, PEOPLE_SPANS, operators=ops(PERSON="hash"))._.deid_text
    monkeypatch.setenv("SPACY_DEID_KEY", "key-two")
    two = run(PEOPLE, PEOPLE_SPANS, operators=ops(PERSON="hash"))._.deid_text
    assert one != two


@pytest.mark.parametrize("operator", ["hash", "date_shift"])
def test_keyed_operators_fail_clearly_without_key(run, monkeypatch, operator):
    monkeypatch.delenv("SPACY_DEID_KEY", raising=False)
    with pytest.raises(MissingKeyError, match="SPACY_DEID_KEY") as err:
        run("Seen 5 Jan 2024 by Sentinelname", {"a": [("5 Jan 2024", "DATE", "", 1.0), ("Sentinelname", "PERSON", "", 1.0)]},
            operators=ops(DEFAULT=operator))
    assert "Sentinelname" not in str(err.value) and "2024" not in str(err.value)


def test_key_file(run, tmp_path, monkeypatch):
    monkeypatch.delenv("SPACY_DEID_KEY", raising=False)
    key_file = tmp_path / "key"
    key_file.write_text("file-secret\n")
    doc = run(PEOPLE, PEOPLE_SPANS, operators=ops(PERSON="hash"), key_file=str(key_file))
    expected = hmac.new(b"file-secret", b"hash\x1fjohnsmith", hashlib.sha256).hexdigest()[:8]
    assert f"[PERSON:{expected}]" in doc._.deid_text
    with pytest.raises(MissingKeyError, match="does not exist"):
        run(PEOPLE, PEOPLE_SPANS, operators=ops(PERSON="hash"), key_file=str(tmp_path / "nope"))


def test_surrogate_consistent_within_document(run):
    doc = run(PEOPLE, PEOPLE_SPANS, operators=ops(PERSON="surrogate"))
    text = doc._.deid_text
    # no real name part of the document in any fake ("Johnston" may contain one as a substring)
    assert not re.search(r"\b(John|Smith|Mary|Jones)\b", text), text
    m = re.fullmatch(r"Dr\. (.+) saw (.+); later Mr (.+) left\.", text)
    assert m and m.group(1) == m.group(3) != m.group(2)


def test_surrogate_across_documents_with_key(key_env):
    outs = []
    for _ in range(2):  # two separate pipelines: only the key links them
        nlp = spacy.blank("th")
        nlp.add_pipe("deid_anonymizer", config={"sources": ["ents"], "operators": ops(PERSON="surrogate")})
        doc = nlp.make_doc("ผู้ป่วย สมชาย ใจดี")
        doc.ents = [doc.char_span(8, 18, "PERSON")]
        outs.append(nlp(doc)._.deid_text)
    assert outs[0] == outs[1] and "สมชาย" not in outs[0]


def test_surrogate_without_key_only_within_run(monkeypatch):
    monkeypatch.delenv("SPACY_DEID_KEY", raising=False)
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["ents"], "operators": ops(PERSON="surrogate")})

    def render(pipeline):
        doc = pipeline.make_doc("Ann Lee")
        doc.ents = [doc.char_span(0, 7, "PERSON")]
        return pipeline(doc)._.deid_text

    assert render(nlp) == render(nlp) != "Ann Lee"
    others = set()
    for _ in range(3):
        other = spacy.blank("en")
        other.add_pipe("deid_anonymizer", config={"sources": ["ents"], "operators": ops(PERSON="surrogate")})
        others.add(render(other))
    assert len(others | {render(nlp)}) > 1  # a fresh random key per pipeline


def test_surrogate_ids_dates_and_fallback(run, key_env):
    text = "บัตร 1-2345-67890-12-1 โทร 081-234-5678 วันที่ 12 ม.ค. 67 รหัส XYZ"
    doc = run(
        text,
        {"a": [
            ("1-2345-67890-12-1", "ID", "NATIONAL_ID", 1.0),
            ("081-234-5678", "PHONE", "", 1.0),
            ("12 ม.ค. 67", "DATE", "", 1.0),
            ("XYZ", "MISC", "", 1.0),
        ]},
        lang="th",
        operators=ops(DEFAULT="surrogate"),
    )
    out = doc._.deid_text
    m = re.fullmatch(r"บัตร (\d-\d{4}-\d{5}-\d\d-\d) โทร (08\d-\d{3}-\d{4}) วันที่ (\d{1,2} \S+ \d\d) รหัส \[MISC\]", out)
    assert m, out
    assert m.group(1) != "1-2345-67890-12-1" and m.group(3) != "12 ม.ค. 67"
    assert [i["operator"] for i in doc._.deid_items] == ["surrogate"] * 3 + ["tag"]


def test_date_shift_same_group_same_offset(key_env):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["ents"], "operators": ops(DATE="date_shift"),
                                             "max_date_shift_days": 30})

    def shifted(text, group):
        doc = nlp.make_doc(text)
        start = text.index("2024")
        doc.ents = [doc.char_span(start, start + 10, "DATE")]
        doc._.deid_group = group
        return nlp(doc)._.deid_text[start:]

    a1, a2 = shifted("2024-03-01", "patient-1"), shifted("2024-03-11", "patient-1")
    assert a1 != "2024-03-01"
    import datetime as dt

    d = lambda s: dt.date.fromisoformat(s)  # noqa: E731
    assert (d(a2) - d(a1)).days == 10  # the interval survives across documents
    assert 1 <= abs((d(a1) - d("2024-03-01")).days) <= 30
    offsets = {(d(shifted("2024-03-01", f"patient-{i}")) - d("2024-03-01")).days for i in range(8)}
    assert len(offsets) > 1  # other patients get other offsets
    # default group = the document itself: other text, other offset (for this key)
    no_group = {shifted(t, None) for t in ("2024-03-01", "On 2024-03-01", "Seen 2024-03-01")}
    assert len(no_group) > 1


def test_day_first_config(run, key_env):
    def shifted(day_first):
        doc = run("On 03/04/2024 and 04/04/2024", {"a": [("03/04/2024", "DATE", "", 1.0), ("04/04/2024", "DATE", "", 1.0)]},
                  operators=ops(DATE="date_shift"), max_date_shift_days=3, day_first=day_first)
        return doc._.deid_text

    import datetime as dt

    def parse(s, day_first):
        a, b, y = map(int, s.split("/"))
        return dt.date(y, b, a) if day_first else dt.date(y, a, b)

    for day_first in (True, False):
        first, second = shifted(day_first)[3:13], shifted(day_first)[18:28]
        # 3 Apr -> 4 Apr (1 day) or 4 Mar -> 4 Apr (31 days), kept after shifting
        assert (parse(second, day_first) - parse(first, day_first)).days == (1 if day_first else 31)


def test_unparseable_date_falls_back_to_tag(run, key_env):
    doc = run("On day 3 of stay", {"a": [("day 3", "DATE", "", 1.0)]}, operators=ops(DATE="date_shift"))
    assert doc._.deid_text == "On [DATE] of stay"
    assert doc._.deid_items[0]["operator"] == "tag"


def test_output_equal_to_input_falls_back_to_tag(run, key_env):
    # "January 2024" shifted by at most 3 days from mid-month stays "January 2024"
    doc = run("Seen January 2024", {"a": [("January 2024", "DATE", "", 1.0)]},
              operators=ops(DATE="date_shift"), max_date_shift_days=3)
    assert doc._.deid_text == "Seen [DATE]" and doc._.deid_items[0]["operator"] == "tag"
    masked = run("PIN XXXX", {"a": [("XXXX", "ID", "", 1.0)]},
                 operators=ops(ID={"operator": "mask", "char": "X"}))
    assert masked._.deid_text == "PIN [ID]"


def test_kind_specific_operator_wins(run):
    doc = run(
        "IDs 1234567890121 and HN1234",
        {"a": [("1234567890121", "ID", "NATIONAL_ID", 1.0), ("HN1234", "ID", "HOSPITAL_NUMBER", 1.0)]},
        operators={"ID/NATIONAL_ID": {"operator": "mask"}, "ID": {"operator": "tag"}},
    )
    assert doc._.deid_text == "IDs ************* and [ID]"


@pytest.mark.parametrize(
    "scheme,expected",
    [
        ("ours", "[PERSON] [ID] [ID] [LOCATION]"),
        ("jsl", "[NAME] [ID] [ID] [LOCATION]"),
        ("thai_deid", "[PERSON] [NATIONAL_ID] [HOSPITAL_IDS] [ADDRESS]"),
    ],
)
def test_label_schemes(run, scheme, expected):
    doc = run(
        "Ann 1234567890121 HN1234 Paris",
        {"a": [("Ann", "PERSON", "", 1.0), ("1234567890121", "ID", "NATIONAL_ID", 1.0),
               ("HN1234", "ID", "HOSPITAL_NUMBER", 1.0), ("Paris", "LOCATION", "", 1.0)]},
        label_scheme=scheme, merge_adjacent=False,
    )
    assert doc._.deid_text == expected
    assert [i["label"] for i in doc._.deid_items] == re.findall(r"\[(\w+)\]", expected)
    assert [s.label_ for s in doc.spans["deid"]] == ["PERSON", "ID", "ID", "LOCATION"]  # spans keep ours


def test_audit_values_only_when_asked(run):
    plain = run("Ann", {"a": [("Ann", "PERSON", "", 1.0)]})
    assert "Ann" not in repr(plain._.deid_items)
    audited = run("Ann", {"a": [("Ann", "PERSON", "", 1.0)]}, audit_values=True)
    assert audited._.deid_items == [
        {"start": 0, "end": 3, "label": "PERSON", "kind": "", "source": "a", "score": 1.0,
         "operator": "tag", "text": "Ann"}
    ]



@pytest.mark.parametrize(
    "trim, expected, ranges",
    [
        (True, "อายุ ([AGE]) HN=[ID]", [(6, 10, "AGE"), (15, 22, "ID")]),
        (False, "อายุ [AGE]) HN[ID]", [(5, 10, "AGE"), (14, 22, "ID")]),
    ],
)
def test_trim_edges_keeps_brackets_and_separators_in_clear(trim, expected, ranges):
    """Spans stay token-aligned (newmm's ``(51``); the text output and the items leave the
    glued punctuation out unless ``trim_edges = false``."""
    nlp = spacy.blank("xx")
    nlp.add_pipe("deid_anonymizer", config={"trim_edges": trim})
    doc = Doc(nlp.vocab, words=["อายุ", "(51", "ปี", ")", "HN", "=1234567"],
              spaces=[True, False, False, True, False, False])
    doc.spans["deid_patterns"] = [doc.char_span(5, 10, "AGE"), doc.char_span(14, 22, "ID")]
    doc = nlp(doc)
    assert doc._.deid_text == expected
    assert hidden_spans(doc) == ranges
    assert [(s.start_char, s.end_char) for s in doc.spans["deid"]] == [(5, 10), (14, 22)]
    assert [(i["start"], i["end"]) for i in doc._.deid_items] == [r[:2] for r in ranges]


def test_span_of_punctuation_only_is_dropped_before_trimming():
    # no letter or digit: never PHI (merge rule 1), so trim_edges never sees an empty value
    nlp = spacy.blank("xx")
    nlp.add_pipe("deid_anonymizer")
    doc = Doc(nlp.vocab, words=["a", "(:)", "b"], spaces=[True, True, False])
    doc.spans["deid_patterns"] = [Span(doc, 1, 2, label="ID")]
    doc = nlp(doc)
    assert doc._.deid_text == "a (:) b"
    assert hidden_spans(doc) == []


@pytest.mark.parametrize(
    "value, visible",
    [
        ("(51", "51"),
        ("(25-11-2563)", "25-11-2563"),
        ("(217) 555-0198", "(217) 555-0198"),  # the bracket belongs to the number
        ("=1725425", "1725425"),
        ("@warren.52:", "@warren.52"),
        ("สมชาย ใจดี |", "สมชาย ใจดี"),
        ('"John"', "John"),
        ("Co.)", "Co."),
        ("O'Brien", "O'Brien"),
        ("(:)", "(:)"),  # nothing else left: the whole span
        ("สุวิตาคะ", "สุวิตา"),  # a polite particle newmm glued to a name
        ("บ้านท่าเรือนะครับ", "บ้านท่าเรือนะ"),
        ("คะ", "คะ"),
        ("Nakha", "Nakha"),
    ],
)
def test_visible_extent(value, visible):
    from spacy_deid.anonymizer.component import visible_extent

    start, end = visible_extent(value, 0, len(value))
    assert value[start:end] == visible


def test_fake_names_avoid_every_real_name_of_the_document(run, monkeypatch):
    import spacy_deid.anonymizer.surrogates as surrogates

    seen = []
    real = surrogates.fake_person
    monkeypatch.setattr(surrogates, "fake_person", lambda text, fake, avoid: seen.append(avoid) or real(text, fake, avoid))
    run(PEOPLE, PEOPLE_SPANS, operators=ops(PERSON="surrogate"))
    assert seen and all(avoid == {"john", "smith", "mary", "jones"} for avoid in seen)
    assert run(PEOPLE, PEOPLE_SPANS)._.deid_text.count("[PERSON]") == 3  # tags: no names needed


def test_fake_equal_to_original_up_to_case_and_spacing_falls_back_to_tag(run, monkeypatch):
    from spacy_deid.anonymizer.operators import Surrogate

    monkeypatch.setattr(Surrogate, "apply", lambda self, target, ctx: " ".join(target.text.upper().split()))
    doc = run(PEOPLE, PEOPLE_SPANS, operators=ops(PERSON="surrogate"))
    assert doc._.deid_text == "Dr. [PERSON] saw [PERSON]; later Mr [PERSON] left."
    assert {i["operator"] for i in doc._.deid_items} == {"tag"}
