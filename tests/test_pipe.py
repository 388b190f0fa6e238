"""The component contract (spacy_deid/pipe.py, docs/components.md), for every component.

A component that fails on a Doc hands it to the pipeline's error handler and the Doc is marked
failed (``doc._.deid_failed``), without the component's output; the anonymizer never writes
``deid_text`` for it. Without a handler the error is raised (spaCy's default, raise_error).
"""
import json

import pytest
import spacy
import srsly

from spacy_deid.extensions import is_deidentified
from spacy_deid.pipe import DeidPipe
from spacy_deid.pipelines import MODELS_DIR

SENTINEL = "Zebulonqx"  # a name that must never come out in clear


class Boom(RuntimeError):
    pass


def _boom(*args, **kwargs):
    raise Boom("forced failure")


def _patterns(nlp):
    pipe = nlp.add_pipe("deid_patterns")
    pipe.engine.find = _boom
    return pipe


def _anonymizer(nlp):
    return None  # the anonymizer's own failure: its source is missing


def _transformer(nlp):
    return nlp.add_pipe("deid_transformer_ner")  # no model loaded: predict raises


def _pretrained(nlp):
    return nlp.add_pipe("deid_pretrained_ner")  # no ner carried: raises


def _normalized(nlp):
    return nlp.add_pipe("deid_normalized_ner", config={"ner": "missing"})  # no such ner: raises


# (failing component, its spans key, how it is added, the error it raises)
CASES = {
    "deid_patterns": ("deid_patterns", _patterns, Boom),
    "deid_anonymizer": ("deid_patterns", _anonymizer, ValueError),
    "deid_transformer_ner": ("deid_trf", _transformer, RuntimeError),
    "deid_pretrained_ner": ("deid_pretrained", _pretrained, ValueError),
    "deid_normalized_ner": ("deid_normalized_ner", _normalized, ValueError),
}


def build(name):
    key, add, _ = CASES[name]
    nlp = spacy.blank("en")
    add(nlp)
    nlp.add_pipe("deid_anonymizer", config={"sources": [key]})
    return nlp


@pytest.mark.parametrize("name", CASES)
def test_a_failure_reaches_the_handler_and_the_doc_comes_out_failed(name):
    nlp = build(name)
    key = CASES[name][0]
    seen = []
    nlp.set_error_handler(lambda component, proc, docs, error: seen.append((component, len(docs), type(error))))
    texts = [f"Patient {SENTINEL} Smith, call 415-555-0132", "No PHI here"]
    docs = list(nlp.pipe(texts, batch_size=2)) + [nlp(texts[0])]
    assert [doc.text for doc in docs] == texts + texts[:1]  # every Doc comes out, in order
    error = CASES[name][2]
    assert all(component == name and issubclass(kind, error) for component, _, kind in seen)
    assert sum(n for _, n, _ in seen) == 3  # each Doc reported once
    for doc in docs:
        assert doc._.deid_failed == ((name,) if name == "deid_anonymizer" else (name, "deid_anonymizer"))
        assert doc._.deid_text is None and doc._.deid_items is None and not is_deidentified(doc)
        assert "deid" not in doc.spans and (name == "deid_anonymizer" or key not in doc.spans)


@pytest.mark.parametrize("name", CASES)
def test_without_a_handler_the_error_is_raised(name):
    nlp = build(name)
    error = CASES[name][2]
    with pytest.raises(error) as raised:
        nlp(f"Patient {SENTINEL} Smith")
    assert SENTINEL not in str(raised.value)
    with pytest.raises(error):
        list(nlp.pipe([f"Patient {SENTINEL} Smith", "No PHI here"]))


@pytest.mark.parametrize("name", CASES)
def test_the_component_alone_keeps_the_policy(name):
    """Calling the component itself (not through nlp) follows the same policy."""
    nlp = build(name)
    proc = nlp.get_pipe(name)
    doc = nlp.make_doc(f"Patient {SENTINEL} Smith")
    with pytest.raises(CASES[name][2]):
        proc(doc)
    assert doc._.deid_failed == (name,)
    seen = []
    proc.set_error_handler(lambda component, proc, docs, error: seen.extend([component] * len(docs)))
    doc = nlp.make_doc(f"Patient {SENTINEL} Smith")
    assert proc(doc) is doc and doc._.deid_failed == (name,) and seen == [name]
    docs = list(proc.pipe([nlp.make_doc("a"), nlp.make_doc("b")]))
    assert [d._.deid_failed for d in docs] == [(name,)] * 2 and seen == [name] * 3


def test_one_bad_doc_fails_alone_where_the_work_is_per_doc():
    """deid_patterns and the anonymizer work Doc by Doc: the other Docs of a batch go on."""
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("deid_patterns")
    nlp.add_pipe("deid_anonymizer")
    find = pipe.engine.find
    pipe.engine.find = lambda text: _boom() if "BOOM" in text else find(text)
    seen = []
    nlp.set_error_handler(lambda component, proc, docs, error: seen.append([d.text for d in docs]))
    docs = list(nlp.pipe(["call 415-555-0132", f"BOOM {SENTINEL}", "mail a@b.com"], batch_size=3))
    assert seen == [[f"BOOM {SENTINEL}"]]
    assert [doc._.deid_text for doc in docs] == ["call [PHONE]", None, "mail [EMAIL]"]
    assert [doc._.deid_failed for doc in docs] == [(), ("deid_patterns", "deid_anonymizer"), ()]


def test_a_batch_that_fails_together_is_reported_together():
    """The anonymizer's key is read once per batch: if reading it fails, the batch fails."""
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns")
    anonymizer = nlp.add_pipe("deid_anonymizer")
    anonymizer._load_key = _boom
    seen = []
    nlp.set_error_handler(lambda component, proc, docs, error: seen.append(len(docs)))
    docs = list(nlp.pipe(["call 415-555-0132", "mail a@b.com", "x"], batch_size=2))
    assert seen == [2, 1] and all(d._.deid_failed == ("deid_anonymizer",) for d in docs)
    assert all(d._.deid_text is None and "deid" not in d.spans for d in docs)


def test_stale_output_is_removed_from_a_failed_doc():
    nlp = build("deid_patterns")
    nlp.set_error_handler(lambda *args: None)
    doc = nlp.make_doc(f"Patient {SENTINEL}")
    doc.spans["deid_patterns"] = [doc[1:2]]
    doc._.deid_text, doc._.deid_items = doc.text, []  # left from elsewhere
    nlp(doc)
    assert "deid_patterns" not in doc.spans and doc._.deid_text is None and doc._.deid_items is None


def test_successful_docs_are_not_marked():
    nlp = spacy.blank("en")
    nlp.add_pipe("deid_patterns")
    nlp.add_pipe("deid_anonymizer")
    doc = nlp("call 415-555-0132")
    assert doc._.deid_failed == () and is_deidentified(doc) and doc._.deid_text == "call [PHONE]"


def test_the_mark_survives_serialization():
    nlp = build("deid_patterns")
    nlp.set_error_handler(lambda *args: None)
    doc = nlp("x")
    again = spacy.tokens.Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert list(again._.deid_failed) == ["deid_patterns", "deid_anonymizer"] and not is_deidentified(again)


def test_settings_are_the_configs_and_only_data_is_saved(tmp_path):
    """The pipeline config is the one source of the settings: to_disk/to_bytes store data only
    (a component without data stores nothing), overrides given at load time win, and a ``cfg``
    left by an earlier version (which saved the settings) is not read."""
    nlp = spacy.blank("en")
    patterns = nlp.add_pipe("deid_patterns", config={"min_score": 0.25})
    anonymizer = nlp.add_pipe("deid_anonymizer", config={"label_scheme": "jsl"})
    nlp.to_disk(tmp_path / "bare")
    assert not any(any((tmp_path / "bare" / name).iterdir()) for name in ("deid_patterns", "deid_anonymizer"))
    assert srsly.msgpack_loads(patterns.to_bytes()) == {"patterns": [], "deny": []}
    patterns.initialize(deny=[{"label": "PERSON", "text": SENTINEL}])
    anonymizer.initialize(allow=["Bangkok Hospital"])
    nlp.to_disk(tmp_path / "pipe")
    for name in ("deid_patterns", "deid_anonymizer"):
        pipe = nlp.get_pipe(name)
        saved = sorted(f.name for f in (tmp_path / "pipe" / name).iterdir())
        assert saved and set(saved) <= set(pipe.data_files.values()), saved
        assert set(srsly.msgpack_loads(pipe.to_bytes())) == set(pipe.data_files)
        assert pipe.from_bytes(pipe.to_bytes()).cfg == pipe.cfg
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.get_pipe("deid_patterns").cfg == patterns.cfg
    assert loaded.get_pipe("deid_anonymizer").cfg["label_scheme"] == "jsl"
    text = f"{SENTINEL} called from Bangkok Hospital"
    assert loaded(text)._.deid_text == nlp(text)._.deid_text
    assert SENTINEL not in nlp(text)._.deid_text and "Bangkok Hospital" in nlp(text)._.deid_text
    override = {"components": {"deid_patterns": {"min_score": 0.5}}}
    assert spacy.load(tmp_path / "pipe", config=override).get_pipe("deid_patterns").cfg["min_score"] == 0.5
    # what an earlier version saved: other values and a setting that no longer exists
    for name in ("deid_patterns", "deid_anonymizer"):
        (tmp_path / "pipe" / name / "cfg").write_text(json.dumps({"min_score": 0.9, "gone": 1}))
    again = spacy.load(tmp_path / "pipe")
    assert again.get_pipe("deid_patterns").cfg == patterns.cfg
    assert again.get_pipe("deid_patterns").deny == patterns.deny and again.get_pipe("deid_anonymizer").allow
    old_bytes = srsly.msgpack_dumps({"cfg": {"min_score": 0.9}, **srsly.msgpack_loads(patterns.to_bytes())})
    fresh = spacy.blank("en").add_pipe("deid_patterns", config={"min_score": 0.25})
    assert fresh.from_bytes(old_bytes).cfg["min_score"] == 0.25 and fresh.deny == patterns.deny


@pytest.mark.parametrize("path", sorted(MODELS_DIR.glob("*/config.cfg")), ids=lambda p: p.parent.name)
def test_shipped_pipelines_hold_what_their_components_save(path, tmp_path):
    """A shipped pipeline's component folders hold exactly the files their components save
    today: no stale copy of the settings (config.cfg has them), nothing left by an earlier version."""
    nlp = spacy.load(path.parent)
    ours = [name for name, proc in nlp.pipeline if isinstance(proc, DeidPipe)]
    assert {"deid_patterns", "deid_anonymizer"} <= set(ours)
    for name in ours:
        nlp.get_pipe(name).to_disk(tmp_path / name)
        shipped = path.parent / name
        listed = sorted(f.name for f in shipped.iterdir()) if shipped.exists() else []
        assert listed == sorted(f.name for f in (tmp_path / name).iterdir()), name
        assert "cfg" not in listed, name
