import numpy
import pytest
import spacy
from spacy.training import Example
from thinc.api import NumpyOps

from spacy_deid.numpy_matmul import NUMPY_MATMUL, create_numpy_matmul

TRAIN = [
    ("Patient John Smith seen today", [(8, 18, "PERSON")]),
    ("Seen by Mary Jones at noon", [(8, 18, "PERSON")]),
]
TEXTS = ["Patient Mary Smith seen at noon", "John Jones", "Seen by John Smith today"]


@pytest.fixture
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("ner").add_label("PERSON")
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in TRAIN]
    nlp.initialize(lambda: examples)
    for _ in range(10):
        nlp.update(examples)
    return nlp


def ops_of(nlp):
    return {(type(n.ops), n.ops.use_blis) for n in nlp.get_pipe("ner").model.walk()}


def ents(nlp):
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(TEXTS)]


def test_every_node_switches_and_the_numbers_stay(nlp):
    tok2vec = nlp.get_pipe("ner").model.get_ref("tok2vec")
    docs = [nlp.make_doc(t) for t in TEXTS]
    vectors_blis, ents_blis = tok2vec.predict(docs), ents(nlp)
    assert any(ents_blis)  # the tiny ner finds something, so the comparison below means something
    assert ops_of(nlp) == {(NumpyOps, True)}
    create_numpy_matmul(["ner", "excluded_pipe"])(nlp)
    assert ops_of(nlp) == {(NumpyOps, False)}
    for a, b in zip(tok2vec.predict(docs), vectors_blis):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    assert ents(nlp) == ents_blis


def test_a_saved_pipeline_applies_it_on_load(nlp, tmp_path):
    expected = ents(nlp)
    nlp.config["nlp"]["after_pipeline_creation"] = {"@callbacks": NUMPY_MATMUL, "components": ["ner"]}
    nlp.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    assert ops_of(loaded) == {(NumpyOps, False)}
    assert ents(loaded) == expected
