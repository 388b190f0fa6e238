"""Thai structure blocks: role words from the dictionary, split-disjoint; names without
titles after role words, glued names that end at the name, nicknames after forms of
address, English-script names, free-text professions, unlabelled hard negatives."""
import itertools
import random
import re

import pytest

from spacy_deid.text import strip_title
from spacy_deid.workflow.synth import generate, pools
from spacy_deid.workflow.synth.corpus import DocContext
from spacy_deid.workflow.synth.structures_th import (
    ADDRESS_FORMS,
    ANALYTES,
    DEPARTMENTS,
    EPONYMS,
    KIN_ROLES,
    ORGANISMS,
    STRUCTURES,
    VERBS,
    block,
    job_words,
    role_words,
)

SPLITS = ("train", "dev", "test")


@pytest.fixture(scope="module")
def blocks():
    out = {}
    for split in SPLITS:
        for name in STRUCTURES:
            items = []
            for i in range(60):
                rng = random.Random(f"t/{split}/{name}/{i}")
                items.append(block(name, DocContext("th", pools(split), rng), rng))
            out[split, name] = items
    return out


def rendered(pieces):
    text, spans, pos = "", [], 0
    for piece, label, _kind in pieces:
        if label:
            spans.append((pos, pos + len(piece), label))
        text += piece
        pos += len(piece)
    return text, spans


def test_role_words_come_from_the_dictionary_and_are_split_disjoint():
    sets = {s: set(role_words(s)) - set(KIN_ROLES) for s in SPLITS}
    assert all(len(v) > 50 for v in sets.values())
    for a, b in itertools.combinations(SPLITS, 2):
        assert not sets[a] & sets[b]
        assert not set(job_words(a)) & set(job_words(b))
    assert any(w.startswith("ผู้") for w in sets["dev"]) and any(w.startswith("นัก") for w in sets["train"])


def test_names_after_role_words_have_no_title_and_end_at_the_name(blocks):
    n_glued = 0
    for split in SPLITS:
        for pieces in blocks[split, "role_name"] + blocks[split, "glued"]:
            text, spans = rendered(pieces)
            for s, e, label in spans:
                assert label == "PERSON"
                value = text[s:e]
                assert value == value.strip() and strip_title(value) == value
                after = text[e:]
                if after and not after[0].isspace() and after[0] not in ")":
                    # glued to the next word: the span stops before a known clause
                    assert any(after.startswith(v) for v in VERBS), after[:12]
                    n_glued += 1
    assert n_glued > 50


def test_role_words_also_appear_without_a_name(blocks):
    without = sum(1 for pieces in blocks["train", "role_name"] if not any(p[1] for p in pieces))
    assert without > 0


def test_chat_nicknames_follow_forms_of_address_outside_the_span(blocks):
    n = 0
    for pieces in blocks["dev", "chat"]:
        text, spans = rendered(pieces)
        for s, e, label in spans:
            if label == "PERSON" and any(text[:s].endswith(f) for f in ADDRESS_FORMS):
                n += 1
                assert not any(text[s:e].startswith(f) for f in ADDRESS_FORMS if text[s:e] != f)
    assert n > 30


def test_english_script_names_inside_thai(blocks):
    latin = [
        rendered(p)[0][s:e] for p in blocks["train", "latin"] for s, e, label in rendered(p)[1] if label == "PERSON"
    ]
    assert latin and all(re.fullmatch(r"[A-Za-z][A-Za-z' .-]*", v) for v in latin)
    assert any(v.isupper() for v in latin) and any(v.islower() for v in latin)


def test_tables_lists_forms_and_free_professions_carry_labels(blocks):
    labels = {label for name in ("list", "table", "form", "prof_free") for p in blocks["train", name] for _, _, label in rendered(p)[1]}
    assert {"PERSON", "PROFESSION", "AGE", "PHONE"} <= labels


def test_hard_negatives_are_never_labelled(blocks):
    for split in SPLITS:
        for pieces in blocks[split, "negatives"]:
            assert not any(label for _, label, _ in pieces)
    text = " ".join(rendered(p)[0] for p in blocks["train", "negatives"])
    assert any(w in text for w in EPONYMS + ORGANISMS + ANALYTES + DEPARTMENTS)


def test_documents_carry_structure_blocks_in_every_split():
    for split in SPLITS:
        docs = list(generate("th", split, 60, seed=11))
        used = {t.split("/")[-1] for d in docs for t in d["meta"]["template"].split("+") if "/struct/" in t}
        assert len(used) >= 6
