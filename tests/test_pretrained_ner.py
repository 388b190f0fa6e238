"""deid_pretrained_ner: another pipeline's ner on our tokens, mapped to our labels."""
import numpy
import pytest
import spacy
from spacy.training import Example

from spacy_deid.pretrained_ner import carry_ner, keep

TRAIN = [
    ("John Smith lives in Boston .", [(0, 10, "PERSON"), (20, 26, "GPE")]),
    ("Mary Jones visited Chicago in March 2024 .", [(0, 10, "PERSON"), (19, 26, "GPE"), (30, 40, "DATE")]),
    ("Acme Corp hired Tom Brown for 2 weeks .", [(0, 9, "ORG"), (16, 25, "PERSON"), (30, 37, "DATE")]),
    ("We paid 300 dollars .", [(8, 11, "CARDINAL")]),
]


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A tiny OntoNotes-style pipeline: a ner with its own tok2vec reading static vectors."""
    nlp = spacy.blank("en")
    rng = numpy.random.default_rng(0)
    for word in "John Smith Mary Jones Tom Brown Boston Chicago March Acme".split():
        nlp.vocab.set_vector(word, rng.normal(size=8).astype("float32"))
    nlp.add_pipe("ner", config={"model": {"tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 16,
                  "attrs": ["NORM", "SHAPE"], "rows": [200, 50], "include_static_vectors": True},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 16, "depth": 1,
                   "window_size": 1, "maxout_pieces": 2},
    }}})
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(60):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("onto") / "model"
    nlp.to_disk(path)
    return path


@pytest.fixture(scope="module")
def pipeline(source, tmp_path_factory):
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_pretrained_ner").initialize(source=str(source))
    path = tmp_path_factory.mktemp("pipe") / "nlp"
    nlp.to_disk(path)
    return spacy.load(path)


def spans(doc, key="deid_pretrained"):
    return [(s.text, s.label_) for s in doc.spans[key]]


def test_carried_ner_predicts_what_the_source_predicts(source):
    original = spacy.load(source)
    carried = carry_ner(original)
    assert carried.pipe_names == ["ner"]
    assert carried.vocab.vectors.shape == original.vocab.vectors.shape
    assert len(carried.vocab.strings) < len(original.vocab.strings) + 20
    for text, _ in TRAIN:
        doc = carried.make_doc(text)
        got = [(e.text, e.label_) for e in carried.get_pipe("ner")(doc).ents]
        assert got == [(e.text, e.label_) for e in original(text).ents]


def test_saved_and_loaded_component_keeps_predictions(pipeline, source):
    original = spacy.load(source)
    text = TRAIN[1][0]
    assert original(text).ents  # the fixture learned something
    doc = pipeline(text)
    expected = {"PERSON": "PERSON", "GPE": "LOCATION", "DATE": "DATE"}
    assert spans(doc) == [(e.text, expected[e.label_]) for e in original(text).ents]
    assert doc.spans["deid_pretrained"].attrs["scores"] == [0.9] * len(doc.spans["deid_pretrained"])


def ruled(patterns, **config):
    """The component with an entity ruler as its ner: deterministic entities to map."""
    inner = spacy.blank("en")
    inner.add_pipe("entity_ruler").add_patterns(patterns)
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_pretrained_ner", config=config).inner = inner
    return nlp


def test_titles_punctuation_and_line_breaks_stay_outside():
    nlp = ruled([
        {"label": "PERSON", "pattern": "Dr. Alice Brown ,"},
        {"label": "ORG", "pattern": [{"TEXT": "City"}, {"TEXT": "Hospital"}, {"TEXT": "\n"}, {"TEXT": "Patient"}]},
    ])
    doc = nlp("Seen by Dr. Alice Brown , at City Hospital\nPatient")
    assert spans(doc) == [("Alice Brown", "PERSON"), ("City Hospital", "ORGANIZATION")]


def test_labels_map_to_ours_and_unmapped_are_dropped():
    nlp = ruled([
        {"label": "ORG", "pattern": "Acme Corp"},
        {"label": "GPE", "pattern": "Boston"},
        {"label": "FAC", "pattern": "Logan Airport"},
        {"label": "CARDINAL", "pattern": "300"},
        {"label": "NORP", "pattern": "Thai"},
    ])
    doc = nlp("Acme Corp paid 300 Thai staff in Boston near Logan Airport")
    assert spans(doc) == [
        ("Acme Corp", "ORGANIZATION"), ("Boston", "LOCATION"), ("Logan Airport", "LOCATION")
    ]


@pytest.mark.parametrize(
    "label, text, kept",
    [
        ("DATE", "March 3, 2024", True),
        ("DATE", "2019", True),
        ("DATE", "2 weeks", False),
        ("DATE", "daily", False),
        ("DATE", "45-year-old", False),
        ("DATE", "Mayor", False),
        ("ORGANIZATION", "GP", False),
        ("LOCATION", "M.D.", False),
        ("ORGANIZATION", "NHS Trust", True),
        ("PERSON", "Li", True),
        ("ORGANIZATION", "Apixaban", False),
        ("ORGANIZATION", "IV Furosemide 80", False),
        ("PERSON", "Metformin 1", False),
        ("PERSON", "April Jones", True),
        ("ORGANIZATION", "Pfizer", True),
    ],
)
def test_keep(label, text, kept):
    assert keep(label, text) is kept


def test_bad_config_rejected():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="not ours"):
        nlp.add_pipe("deid_pretrained_ner", config={"label_map": {"PERSON": "NAME"}})
    with pytest.raises(ValueError, match="score"):
        nlp.add_pipe("deid_pretrained_ner", name="x", config={"score": 1.5})


def test_uninitialized_component_fails_closed():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_pretrained_ner")
    nlp.add_pipe("deid_anonymizer", config={"sources": ["deid_pretrained"]})
    with pytest.raises(ValueError, match="no ner"):
        nlp("John Smith")
    # with an error handler that lets the Doc through, the Doc has no span group, is marked
    # failed, and the anonymizer writes nothing for it (the error is reported once)
    failed = []
    nlp.set_error_handler(lambda name, proc, docs, e: failed.append(name))
    doc = nlp("John Smith")
    assert failed == ["deid_pretrained_ner"]
    assert doc._.deid_failed == ("deid_pretrained_ner", "deid_anonymizer")
    assert doc._.deid_text is None and "deid_pretrained" not in doc.spans


def test_bytes_round_trip(pipeline):
    """The component's bytes carry its ner (the files of to_disk): nlp.to_bytes() keeps it."""
    pipe = pipeline.get_pipe("deid_pretrained_ner")
    other = spacy.blank("en")
    other.add_pipe("deid_pretrained_ner").from_bytes(pipe.to_bytes())
    for text, _ in TRAIN:
        assert spans(other(text)) == spans(pipeline(text))
    again = spacy.blank("en")
    again.add_pipe("deid_pretrained_ner")
    again.from_bytes(pipeline.to_bytes())
    assert spans(again(TRAIN[0][0])) == spans(pipeline(TRAIN[0][0]))
