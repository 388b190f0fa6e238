"""Train, dev and test share no PHI value, no pool value and no template."""
import itertools

import pytest

from spacy_deid.workflow.synth import SPLITS, generate, pools, template_ids, value_key
from spacy_deid.workflow.synth.corpus import LANGS

N = 400


@pytest.fixture(scope="module")
def corpus():
    return {
        (lang, split): list(generate(lang, split, N, seed=5))
        for lang in ("th", "en")
        for split in SPLITS
    }


def test_pools_are_disjoint():
    parts = {split: pools(split) for split in SPLITS}
    for field in parts["train"].sizes():
        for a, b in itertools.combinations(SPLITS, 2):
            assert not set(getattr(parts[a], field)) & set(getattr(parts[b], field)), field
    # Large pools keep a useful share in every split.
    for split in SPLITS:
        sizes = parts[split].sizes()
        assert sizes["th_male"] > 300 and sizes["th_family"] > 500 and sizes["provinces"] >= 5


def test_phi_values_are_disjoint(corpus):
    for lang in ("th", "en"):
        values = {
            split: {value_key(d["text"][s:e]) for d in corpus[lang, split] for s, e, _, _ in d["spans"]}
            for split in SPLITS
        }
        for a, b in itertools.combinations(SPLITS, 2):
            assert values[a] and values[b]
            assert not values[a] & values[b], (lang, a, b)


def test_templates_are_disjoint(corpus):
    for lang in LANGS:
        ids = {split: set(template_ids(lang, split)) for split in SPLITS}
        for a, b in itertools.combinations(SPLITS, 2):
            assert not ids[a] & ids[b]
        for split in SPLITS:
            # structure blocks (structures_th) share their layouts across splits; their role
            # words and values are split-disjoint (tests/synth/test_structures.py)
            used = {t for d in corpus[lang, split] for t in d["meta"]["template"].split("+") if "/struct/" not in t}
            assert used <= ids[split]
            assert len(used) > 20


def test_dev_and_test_have_their_own_document_types(corpus):
    for lang in ("th", "en"):
        types = {split: {d["meta"]["doc_type"] for d in corpus[lang, split]} for split in SPLITS}
        assert {"chat_message", "insurance_claim"} <= types["dev"] - types["train"] - types["test"]
        assert types["test"] - types["train"] - types["dev"]
