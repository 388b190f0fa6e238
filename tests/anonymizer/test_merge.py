"""Every merge rule of deid_anonymizer (README: "Anonymizer: merge rules")."""
import pytest
import spacy

from spacy_deid.anonymizer.merge import MissingSourceError


def test_source_priority_beats_score(run, spans_of):
    doc = run(
        "Seen by Alice Brown today.",
        {"a": [("Alice Brown", "PERSON", "", 0.5)], "b": [("Alice Brown", "LOCATION", "", 0.99)]},
    )
    assert spans_of(doc) == [("Alice Brown", "PERSON")]
    assert doc.spans["deid"].attrs["sources"] == ["a"]
    assert doc.spans["deid"].attrs["scores"] == [0.5]
    # the other order flips the winner
    doc = run(
        "Seen by Alice Brown today.",
        {"b": [("Alice Brown", "LOCATION", "", 0.99)], "a": [("Alice Brown", "PERSON", "", 0.5)]},
    )
    assert spans_of(doc) == [("Alice Brown", "LOCATION")]


def test_score_breaks_priority_ties(run, spans_of):
    doc = run(
        "Seen by Alice Brown today.",
        {"a": [("Alice Brown", "LOCATION", "", 0.6), ("Alice Brown", "PERSON", "", 0.9)]},
    )
    assert spans_of(doc) == [("Alice Brown", "PERSON")]


def test_length_breaks_score_ties(run, spans_of):
    doc = run(
        "Seen by Alice Brown today.",
        {"a": [("Brown", "LOCATION", "", 0.8), ("Alice Brown", "PERSON", "", 0.8)]},
    )
    assert spans_of(doc) == [("Alice Brown", "PERSON")]


def test_coverage_never_shrinks(run, spans_of):
    text = "Patient John Smith Street Clinic"
    doc = run(
        text,
        {
            "a": [("John Smith", "PERSON", "", 0.9)],
            "b": [("Smith Street Clinic", "LOCATION", "", 0.99)],
        },
    )
    assert spans_of(doc) == [("John Smith Street Clinic", "PERSON")]
    assert doc._.deid_text == "Patient [PERSON]"
    item = doc._.deid_items[0]
    assert (item["start"], item["end"]) == (8, len(text))


def test_chain_of_overlaps_is_one_cluster(run, spans_of):
    doc = run(
        "a b c d e f",
        {"x": [("a b c", "ID", "", 1.0), ("c d", "DATE", "", 1.0), ("d e f", "PHONE", "", 1.0)]},
    )
    assert spans_of(doc) == [("a b c d e f", "ID")]


def test_adjacent_same_label_merge_across_space(run, spans_of):
    doc = run("Dr. Alice Brown came", {"a": [("Alice", "PERSON", "", 0.7), ("Brown", "PERSON", "", 0.9)]})
    assert spans_of(doc) == [("Alice Brown", "PERSON")]
    assert doc.spans["deid"].attrs["scores"] == [0.9]
    assert doc._.deid_text == "Dr. [PERSON] came"


def test_adjacent_merge_thai_space_and_no_space(run, spans_of):
    with_space = run(
        "นายสมชาย ใจดี มา", {"a": [("สมชาย", "PERSON", "", 1.0), ("ใจดี", "PERSON", "", 1.0)]}, lang="th"
    )
    assert spans_of(with_space) == [("สมชาย ใจดี", "PERSON")]
    assert with_space._.deid_text == "นาย[PERSON] มา"
    no_space = run(
        "สมชายใจดีมา", {"a": [("สมชาย", "PERSON", "", 1.0), ("ใจดี", "PERSON", "", 1.0)]}, lang="th"
    )
    assert spans_of(no_space) == [("สมชายใจดี", "PERSON")]


def test_adjacent_merge_across_sources_names_both(run, spans_of):
    doc = run("Alice Brown", {"a": [("Alice", "PERSON", "", 1.0)], "b": [("Brown", "PERSON", "", 1.0)]})
    assert spans_of(doc) == [("Alice Brown", "PERSON")]
    assert doc.spans["deid"].attrs["sources"] == ["a+b"]


@pytest.mark.parametrize(
    "text,specs,config",
    [
        # different labels
        ("Alice Paris", [("Alice", "PERSON", "", 1.0), ("Paris", "LOCATION", "", 1.0)], {}),
        # same label, but a line break between
        ("Alice\nBrown", [("Alice", "PERSON", "", 1.0), ("Brown", "PERSON", "", 1.0)], {}),
        # same label, but a word between
        ("Alice and Brown", [("Alice", "PERSON", "", 1.0), ("Brown", "PERSON", "", 1.0)], {}),
        # same label, different ID kinds
        ("12 34", [("12", "ID", "PASSPORT", 1.0), ("34", "ID", "HOSPITAL_NUMBER", 1.0)], {}),
        # adjacency merging switched off
        ("Alice Brown", [("Alice", "PERSON", "", 1.0), ("Brown", "PERSON", "", 1.0)], {"merge_adjacent": False}),
    ],
)
def test_no_adjacent_merge(run, text, specs, config):
    assert len(run(text, {"a": specs}, **config).spans["deid"]) == 2


def test_threshold_per_source(run, spans_of):
    text = "Alice met Bob and Carol"
    doc = run(
        text,
        {
            "rules": [("Carol", "PERSON", "", 0.1)],
            "trf": [("Alice", "PERSON", "", 0.4), ("Bob", "PERSON", "", 0.5)],
        },
        thresholds={"trf": 0.5},
    )
    assert spans_of(doc) == [("Bob", "PERSON"), ("Carol", "PERSON")]
    assert doc._.deid_text == "Alice met [PERSON] and [PERSON]"


def test_threshold_per_source_and_label(run, spans_of):
    text = "Alice Brown is a nurse"
    specs = {"ner": [("Alice Brown", "PERSON", "", 1.0), ("nurse", "PROFESSION", "", 1.0)]}
    # above 1 turns a label of a source off; the source's other labels stay
    doc = run(text, specs, thresholds={"ner/PROFESSION": 2.0})
    assert spans_of(doc) == [("Alice Brown", "PERSON")]
    # source/LABEL wins over the source's own threshold
    doc = run(text, specs, thresholds={"ner": 2.0, "ner/PERSON": 0.5})
    assert spans_of(doc) == [("Alice Brown", "PERSON")]


@pytest.mark.parametrize(
    "thresholds", [{"ner/NAME": 0.5}, {"other/PERSON": 0.5}, {"ner": -0.1}]
)
def test_bad_threshold_keys_and_values_rejected(thresholds):
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="threshold"):
        nlp.add_pipe("deid_anonymizer", config={"sources": ["ner"], "thresholds": thresholds})


def test_markup_tags_are_never_phi_and_stay_outside(run, spans_of):
    from spacy.tokens import Span

    from spacy_deid.markup import create_markup_infixes

    nlp = create_markup_infixes()(spacy.blank("en"))
    nlp.add_pipe("deid_anonymizer", config={"sources": ["ner"]})
    doc = nlp.make_doc("<Patient><Given>Hamid</Given>")
    doc.spans["ner"] = [Span(doc, 0, 1, label="AGE"), Span(doc, 1, 3, label="PERSON")]
    doc = nlp(doc)
    assert doc._.deid_text == "<Patient><Given>[PERSON]</Given>"
    assert [(i["start"], i["end"]) for i in doc._.deid_items] == [(16, 21)]


def test_span_without_letter_or_digit_is_never_phi(run, spans_of):
    doc = run('ID: "A12" } >', {"ner": [('"', "ID", "", 1.0), ("A12", "ID", "", 1.0), ("}", "AGE", "", 1.0)]})
    assert spans_of(doc) == [("A12", "ID")]
    assert doc._.deid_text == 'ID: "[ID]" } >'


def test_title_stays_outside_person(run):
    doc = run("Dr. Alice Brown", {"a": [("Alice Brown", "PERSON", "", 1.0)]})
    assert doc._.deid_text == "Dr. [PERSON]"


def test_missing_source_raises_and_names_it(annotate):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["deid_patterns", "deid_trf"]})
    doc = annotate(nlp.make_doc("Alice Brown"), {"deid_patterns": [("Alice", "PERSON", "", 1.0)]})
    with pytest.raises(MissingSourceError, match="'deid_trf'") as err:
        nlp(doc)
    assert "Alice" not in str(err.value)
    assert doc._.deid_text is None and "deid" not in doc.spans


def test_empty_source_group_is_fine(run):
    doc = run("Nothing to see", {"deid_patterns": []})
    assert doc._.deid_text == "Nothing to see" and doc._.deid_items == []


def test_missing_ents_raises():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["ents"]})
    with pytest.raises(MissingSourceError, match="'ents'"):
        nlp("Alice Brown")
    assert nlp("")._.deid_text == ""  # a Doc with no tokens has nothing to miss


def test_ents_source_with_score_one(run, annotate, spans_of):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["deid_patterns", "ents"]})
    doc = annotate(nlp.make_doc("Alice went to Paris"), {"deid_patterns": [("Alice", "PERSON", "", 0.7)]})
    doc.ents = [doc.char_span(14, 19, label="LOCATION")]
    doc = nlp(doc)
    assert spans_of(doc) == [("Alice", "PERSON"), ("Paris", "LOCATION")]
    assert doc.spans["deid"].attrs["sources"] == ["deid_patterns", "ents"]
    assert doc.spans["deid"].attrs["scores"] == [0.7, 1.0]
    assert [e.text for e in doc.ents] == ["Paris"]  # doc.ents is never written


def test_source_groups_untouched(run, annotate):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["a", "b"]})
    doc = annotate(
        nlp.make_doc("John Smith Street"),
        {"a": [("John Smith", "PERSON", "", 0.9)], "b": [("Smith Street", "LOCATION", "", 0.3)]},
    )
    before = {k: ([(s.start, s.end, s.label_) for s in g], dict(g.attrs)) for k, g in doc.spans.items()}
    nlp(doc)
    after = {k: ([(s.start, s.end, s.label_) for s in g], dict(g.attrs)) for k, g in doc.spans.items() if k != "deid"}
    assert after == before


def test_recognizers_and_kind_carried(run, annotate):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["deid_patterns"]})
    doc = annotate(nlp.make_doc("ID 1234567890123"), {"deid_patterns": [("1234567890123", "ID", "NATIONAL_ID", 0.95)]})
    doc.spans["deid_patterns"].attrs["recognizers"] = ["thai_national_id"]
    doc = nlp(doc)
    assert doc.spans["deid"][0].kb_id_ == "NATIONAL_ID"
    assert doc.spans["deid"].attrs["recognizers"] == ["thai_national_id"]
    assert doc._.deid_items[0]["kind"] == "NATIONAL_ID"


def test_urls_and_emails_need_their_shape(run, spans_of):
    """A bare word (a tag name, a JSON key) labelled URL or EMAIL is dropped; values stay."""
    text = "html td visit_date www.example.org\njohn@example.com\nmary at host dot com"
    doc = run(
        text,
        {"a": [("html", "URL", "", 0.9), ("td", "URL", "", 0.9), ("visit_date", "EMAIL", "", 0.9),
               ("www.example.org", "URL", "", 0.9), ("john@example.com", "EMAIL", "", 0.9),
               ("mary at host dot com", "EMAIL", "", 0.9)]},
    )
    assert spans_of(doc) == [
        ("www.example.org", "URL"), ("john@example.com", "EMAIL"), ("mary at host dot com", "EMAIL")
    ]
