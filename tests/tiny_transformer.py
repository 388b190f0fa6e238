"""Tiny local transformer models for the tests (fixtures imported by the conftests that use them).

The tokenizer is a SentencePiece-style BPE (``▁`` word pieces) trained on the fly on a
few Thai and English sentences. The "oracle" token classifiers are real 2-layer
``BertForTokenClassification`` checkpoints whose weights are set so that each
sub-token's tag depends on its id only (attention and feed-forward outputs are zero,
so each position is the layer-normed word embedding): their output is known
exactly, whatever the window, which lets the tests check alignment, windows and
serialization precisely.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

FIRST = ["สมชาย", "สมหญิง", "วิชัย", "John", "Mary", "Peter"]
LAST = ["ใจดี", "รักษา", "Smith", "Jones", "Brown"]
TEMPLATES = [
    "ผู้ป่วย ชื่อ {f} {l} อายุ 45 ปี โทร 081-234-5678",
    "นาย {f} {l} มา ตรวจ ที่ โรงพยาบาล ศิริราช วันนี้",
    "Patient {f} {l} was seen on 12 March 2024 in Boston .",
    "{f} {l} lives in Boston , phone 555-0100 .",
]
THAI_DEID_TAGS = ["O"] + [
    f"{p}-{t}"
    for t in ("PERSON", "PHONE", "EMAIL", "ADDRESS", "DATE", "NATIONAL_ID", "HOSPITAL_IDS")
    for p in "BI"
]
I2B2_TYPES = (
    "PATIENT DOCTOR USERNAME PROFESSION ROOM DEPARTMENT HOSPITAL ORGANIZATION STREET CITY "
    "STATE COUNTRY ZIP LOCATION-OTHER AGE DATE PHONE FAX EMAIL URL IPADDR SSN MEDICALRECORD "
    "HEALTHPLAN ACCOUNT LICENSE VEHICLE DEVICE BIOID IDNUM"
).split()
I2B2_TAGS = ["O"] + [f"{p}-{t}" for t in I2B2_TYPES for p in "BI"]


def corpus() -> list[str]:
    return [t.format(f=f, l=last) for t in TEMPLATES for f in FIRST for last in LAST]


def build_tokenizer(max_length: int):
    """A fast tokenizer with offsets, trained here on ``corpus()``."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok = Tokenizer(models.BPE(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    tok.train_from_iterator(corpus(), trainers.BpeTrainer(vocab_size=300, special_tokens=specials))
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=max_length,
    )


def piece_tags(tokenizer, examples: Sequence[tuple[str, list[tuple[int, int, str]]]]) -> dict[int, str]:
    """Sub-token id → tag: pieces inside a gold ``(start, end, type)`` get ``I-type``."""
    tags: dict[int, str] = {}
    for text, ents in examples:
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        for tid, (a, b) in zip(enc["input_ids"], enc["offset_mapping"]):
            for start, end, etype in ents:
                if a < end and b > start and text[a:b].strip():
                    tags[tid] = f"I-{etype}"
    return tags


def build_oracle(path: Path, tokenizer, tags: Sequence[str], id_tags: dict[int, str],
                 half: Sequence[int] = ()) -> Path:
    """Save a BertForTokenClassification whose tag for sub-token id ``i`` is ``id_tags[i]``
    (``"O"`` otherwise); ids in ``half`` get P(O) ≈ P(tag) ≈ 0.5."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    hidden = 64
    assert len(tags) < hidden
    config = BertConfig(
        vocab_size=len(tokenizer), hidden_size=hidden, num_hidden_layers=2,
        num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=tokenizer.model_max_length,
        id2label=dict(enumerate(tags)), label2id={t: i for i, t in enumerate(tags)},
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(0)
    model = BertForTokenClassification(config)
    with torch.no_grad():
        emb = torch.zeros(len(tokenizer), hidden)
        for i in range(len(tokenizer)):
            col = tags.index(id_tags.get(i, "O"))
            emb[i, col] = 1.0
            if i in half:
                emb[i, tags.index("O")] = 1.0
        model.bert.embeddings.word_embeddings.weight.copy_(emb)
        model.bert.embeddings.position_embeddings.weight.zero_()
        model.bert.embeddings.token_type_embeddings.weight.zero_()
        for layer in model.bert.encoder.layer:
            for dense in (layer.attention.output.dense, layer.output.dense):
                dense.weight.zero_()
                dense.bias.zero_()
        model.classifier.weight.copy_(10.0 * torch.eye(len(tags), hidden))
        model.classifier.bias.zero_()
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


# Texts the oracles are built for: (text, [(start, end, type)]).
def _ents(text: str, *parts: tuple[str, str]) -> tuple[str, list[tuple[int, int, str]]]:
    ents = []
    for part, etype in parts:
        start = text.index(part)
        ents.append((start, start + len(part), etype))
    return text, ents


ORACLE_TEXTS = [
    _ents("ผู้ป่วยชื่อสมชาย ใจดี อายุ 45 ปี", ("สมชาย ใจดี", "PERSON")),
    _ents("Patient John Smith was seen in Boston", ("John Smith", "PERSON")),
    _ents("โทร 081-234-5678 ครับ", ("081-234-5678", "PHONE")),
]


@pytest.fixture(scope="session")
def tokenizer():
    return build_tokenizer(max_length=24)


@pytest.fixture(scope="session")
def oracle_dir(tmp_path_factory, tokenizer) -> Path:
    """Oracle with the Thai de-id tags; "Boston" is a 50/50 ADDRESS."""
    id_tags = piece_tags(tokenizer, ORACLE_TEXTS)
    boston = tokenizer("in Boston", add_special_tokens=False)["input_ids"][-1]
    id_tags[boston] = "B-ADDRESS"
    return build_oracle(tmp_path_factory.mktemp("oracle"), tokenizer, THAI_DEID_TAGS, id_tags,
                        half=[boston])


@pytest.fixture(scope="session")
def i2b2_dir(tmp_path_factory, tokenizer) -> Path:
    """Oracle with i2b2-2014 tags: names are PATIENT, phones PHONE."""
    id_tags = {
        i: tag.replace("PERSON", "PATIENT")
        for i, tag in piece_tags(tokenizer, ORACLE_TEXTS).items()
    }
    return build_oracle(tmp_path_factory.mktemp("i2b2"), tokenizer, I2B2_TAGS, id_tags)


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory, tokenizer) -> Path:
    """A randomly initialised 2-layer BertModel (hidden 32) with the fixture tokenizer."""
    import torch
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=64, pad_token_id=tokenizer.pad_token_id,
    )
    path = tmp_path_factory.mktemp("tiny_base")
    BertModel(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def name_records() -> list[dict]:
    """Training/dev records in the workflow's JSONL format: names are PERSON."""
    records = []
    for text in corpus():
        spans = []
        for f in FIRST:
            for last in LAST:
                name = f"{f} {last}"
                if name in text:
                    start = text.index(name)
                    spans.append([start, start + len(name), "PERSON", None])
        records.append({"text": text, "spans": spans})
    return records
