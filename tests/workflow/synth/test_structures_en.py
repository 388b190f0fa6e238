"""English structure blocks: form labels at line starts are never labelled, values on the
label's line or the next, names without titles after role words, lists/tables/chat/e-mail,
JSON/XML/HTML/markdown exports, ALL-CAPS and lower-case names, foreign names and
addresses, free-text professions, unlabelled hard negatives; role words split-disjoint."""
import itertools
import random
import re

import pytest

from spacy_deid.text import strip_title
from spacy_deid.workflow.synth import generate, pools
from spacy_deid.workflow.synth.corpus import DocContext
from spacy_deid.workflow.synth.structures_en import (
    FORM_LABELS,
    HEADINGS,
    STRUCTURES,
    block,
    foreign_names,
    form_roles,
)

SPLITS = ("train", "dev", "test")


@pytest.fixture(scope="module")
def blocks():
    out = {}
    for split in SPLITS:
        for name in STRUCTURES:
            items = []
            for i in range(60):
                rng = random.Random(f"en/{split}/{name}/{i}")
                items.append(block(name, DocContext("en", pools(split), rng), rng))
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


def labelled(text, spans):
    covered = [False] * len(text)
    for s, e, _ in spans:
        covered[s:e] = [True] * (e - s)
    return covered


def test_role_words_and_foreign_names_are_split_disjoint():
    for a, b in itertools.combinations(SPLITS, 2):
        assert not set(form_roles(a)) & set(form_roles(b))
        assert not set(foreign_names(a)[0]) & set(foreign_names(b)[0])
    assert all(form_roles(s) for s in SPLITS)


def test_form_labels_at_line_starts_are_never_labelled(blocks):
    n_label_lines = n_next_line = 0
    for split in SPLITS:
        for pieces in blocks[split, "form"] + blocks[split, "negatives"]:
            text, spans = rendered(pieces)
            covered = labelled(text, spans)
            pos = 0
            for line in text.split("\n"):
                head = line.split(":")[0].strip()
                if head in FORM_LABELS or head in HEADINGS:
                    start = pos + line.index(head)
                    assert not any(covered[start:start + len(head)]), head
                    n_label_lines += 1
                pos += len(line) + 1
            n_next_line += sum(1 for s, _, _ in spans if s > 0 and text[s - 1] == "\n")
    assert n_label_lines > 200 and n_next_line > 20


def test_spans_are_trimmed_and_names_carry_no_title(blocks):
    for split in SPLITS:
        for name in STRUCTURES:
            for pieces in blocks[split, name]:
                text, spans = rendered(pieces)
                for s, e, label in spans:
                    value = text[s:e]
                    assert value and value == value.strip() and "\n" not in value
                    if label == "PERSON":
                        assert strip_title(value) == value


def test_layouts_and_name_shapes(blocks):
    texts = [rendered(p)[0] for p in blocks["train", "export"]]
    assert any(t.startswith('"') for t in texts) and any("</td>" in t for t in texts)
    assert any(re.search(r"</\w+>", t) for t in texts) and any("**" in t for t in texts)
    names = [rendered(p)[0][s:e] for name in ("role_name", "list", "chat", "caps")
             for p in blocks["train", name] for s, e, label in rendered(p)[1] if label == "PERSON"]
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() for n in names)
    assert any("," in n for n in names)  # LAST, FIRST
    email = rendered(blocks["train", "email"][0])
    assert email[0].startswith("From: ") and {"PERSON", "EMAIL"} <= {label for *_, label in email[1]}
    locations = [rendered(p)[0][s:e] for p in blocks["dev", "foreign"] for s, e, label in rendered(p)[1]
                 if label == "LOCATION"]
    assert len(locations) == 60


def test_role_words_also_appear_without_a_name(blocks):
    without = sum(1 for pieces in blocks["train", "role_name"] if not any(p[1] for p in pieces))
    assert without > 0


def test_hard_negatives_are_never_labelled(blocks):
    for split in SPLITS:
        for pieces in blocks[split, "negatives"]:
            assert not any(label for _, label, _ in pieces)


def test_english_documents_carry_structure_blocks_in_every_split():
    for split in SPLITS:
        docs = list(generate("en", split, 60, seed=11))
        used = {t.split("/")[-1] for d in docs for t in d["meta"]["template"].split("+") if "/struct/" in t}
        assert len(used) >= 8
