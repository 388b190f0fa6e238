import numpy
import pytest
import spacy
from spacy.training import Example
from spacy.util import fix_random_seed
from thinc.api import NumpyOps
from thinc.layers.maxout import forward as maxout_forward

from spacy_deid.cpu_inference import (
    CPU_INFERENCE,
    _maxout_forward,
    create_cpu_inference,
    distinct_rows,
)

TRAIN = [
    ("Patient John Smith seen today", [(8, 18, "PERSON")]),
    ("Seen by Mary Jones at noon", [(8, 18, "PERSON")]),
]
TEXTS = ["Patient Mary Smith seen at noon", "John Jones", "Seen by John Smith today"]


@pytest.fixture
def nlp():
    fix_random_seed(0)  # the tests' order must not decide whether the tiny ner learns
    nlp = spacy.blank("en")
    nlp.add_pipe("ner").add_label("PERSON")
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in TRAIN]
    nlp.initialize(lambda: examples)
    for _ in range(20):  # 9-13 updates until it finds all three names, whatever the seed (0-7 tried)
        nlp.update(examples)
    return nlp


def ops_of(nlp):
    return {(type(n.ops), n.ops.use_blis) for n in nlp.get_pipe("ner").model.walk()}


def ents(nlp):
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(TEXTS)]


def test_every_node_switches_and_the_results_stay(nlp):
    tok2vec = nlp.get_pipe("ner").model.get_ref("tok2vec")
    docs = [nlp.make_doc(t) for t in TEXTS]
    vectors_blis, ents_blis = tok2vec.predict(docs), ents(nlp)
    assert any(ents_blis)  # the tiny ner finds something, so the comparison below means something
    assert ops_of(nlp) == {(NumpyOps, True)}
    create_cpu_inference(["ner", "excluded_pipe"])(nlp)
    assert ops_of(nlp) == {(NumpyOps, False)}
    for a, b in zip(tok2vec.predict(docs), vectors_blis):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    assert ents(nlp) == ents_blis


def test_a_saved_pipeline_applies_it_on_load(nlp, tmp_path):
    expected = ents(nlp)
    nlp.config["nlp"]["after_pipeline_creation"] = {"@callbacks": CPU_INFERENCE, "components": ["ner"]}
    nlp.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    assert ops_of(loaded) == {(NumpyOps, False)}
    assert ents(loaded) == expected


def test_distinct_rows():
    rows = numpy.array([[1, 2, 3, 4], [5, 6, 7, 8], [1, 2, 3, 4], [2**64 - 1, 0, 0, 1]], dtype=numpy.uint64)
    distinct, inverse = distinct_rows(rows)
    assert len(distinct) == 3 and numpy.array_equal(distinct[inverse], rows)


def test_distinct_rows_gives_up_on_a_key_collision(monkeypatch):
    import spacy_deid.cpu_inference as cpu

    monkeypatch.setattr(cpu, "_FOLD", numpy.zeros(4, dtype=numpy.uint64))  # every row folds to 0
    assert cpu.distinct_rows(numpy.array([[1, 2], [3, 4]], dtype=numpy.uint64)) is None


def test_repeated_tokens_are_embedded_once_with_the_same_vectors(nlp):
    tok2vec = nlp.get_pipe("ner").model.get_ref("tok2vec")
    docs = [nlp.make_doc(t) for t in TEXTS * 3]
    expected = tok2vec.predict(docs)
    create_cpu_inference(["ner"])(nlp)
    embed = next(n for n in tok2vec.walk() if n.name.startswith("extract_features") and n.name.endswith("ragged2list"))
    mix = embed.layers[3]
    seen = []
    original = mix._func
    mix._func = lambda model, X, is_train: (seen.append(len(X)), original(model, X, is_train))[1]
    got = tok2vec.predict(docs)
    n_tokens = sum(len(d) for d in docs)
    assert seen and seen[0] < n_tokens / 3 + 1  # each text three times: a third of the rows
    for a, b in zip(got, expected):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_training_still_embeds_every_token(nlp):
    create_cpu_inference(["ner"])(nlp)
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in TRAIN]
    losses = nlp.update(examples)
    assert losses["ner"] > 0


def test_maxout_keeps_the_maximum_bit_for_bit(nlp):
    create_cpu_inference(["ner"])(nlp)
    maxouts = [n for n in nlp.get_pipe("ner").model.walk() if n.name == "maxout"]
    assert maxouts and all(getattr(m._func, "func", None) is _maxout_forward for m in maxouts)
    for m in maxouts:
        x = numpy.random.default_rng(0).standard_normal((50, m.get_dim("nI")), dtype="float32")
        assert numpy.array_equal(m.predict(x), maxout_forward(m, x, False)[0])  # thinc's own forward


def test_the_previous_name_still_loads(nlp, tmp_path):
    """Pipelines packaged by the previous release name ``spacy_deid.numpy_matmul.v1``."""
    nlp.config["nlp"]["after_pipeline_creation"] = {"@callbacks": "spacy_deid.numpy_matmul.v1", "components": ["ner"]}
    nlp.to_disk(tmp_path)
    assert ops_of(spacy.load(tmp_path)) == {(NumpyOps, False)}
