"""A local Hugging Face token classifier behind a small interface (torch imported here)."""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # transformers is imported when a model is loaded
    from transformers import PretrainedConfig, PreTrainedTokenizerBase


class ModelLoadError(RuntimeError):
    """The model folder is missing, incomplete or unreadable."""


def model_limit(config: PretrainedConfig, tokenizer: PreTrainedTokenizerBase) -> int:
    """The longest input (sub-tokens, specials included) the model accepts."""
    limit = int(getattr(config, "max_position_embeddings", 0) or 0)
    if config.model_type in ("roberta", "xlm-roberta", "camembert", "xlm-roberta-xl"):
        limit -= (config.pad_token_id or 0) + 1  # positions start after padding_idx
    if 0 < getattr(tokenizer, "model_max_length", 0) < 1_000_000:
        limit = min(limit, tokenizer.model_max_length) if limit > 0 else tokenizer.model_max_length
    if limit <= 0:
        raise ModelLoadError("Cannot tell the model's maximum input length.")
    return limit


def stored_dtype(path: Path) -> str:
    """The dtype the folder's weights are stored in (``torch_dtype`` of its config.json)."""
    try:
        dtype = json.loads((path / "config.json").read_text(encoding="utf-8")).get("torch_dtype")
    except (OSError, ValueError, AttributeError):
        return "float32"
    return str(dtype or "float32").removeprefix("torch.")


@contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """Run the block with ``n`` torch intra-op threads (0: leave torch's setting), then
    give the process its previous setting back.

    torch's thread count is process-wide, so this scopes it to the block, not to the
    thread: a torch call made by another Python thread during the block gets ``n`` too.
    """
    import torch

    before = torch.get_num_threads()
    if n <= 0 or n == before:
        yield
        return
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class TokenClassifier:
    """A fast tokenizer plus ``AutoModelForTokenClassification`` loaded from a folder.

    Never downloads: ``local_files_only=True``. Computation is float32 whatever the stored
    weights are; ``save`` writes them back in the dtype the folder stored them in (a
    float16 folder stays half the size). ``quantize="dynamic_int8"`` applies torch dynamic
    int8 quantization to the Linear layers after loading.
    ``torch_threads`` (> 0) is the torch thread count of this model's forward passes
    only (see :func:`torch_threads`); the rest of the process keeps its own.
    """

    def __init__(self, path: str | Path, torch_threads: int = 0, quantize: str = "none"):
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        self.path = Path(path)
        if not (self.path / "config.json").is_file():
            raise ModelLoadError(
                f"No token-classification model at {str(self.path)!r} (config.json missing). "
                "Set the component's `model` to a local folder with config.json, weights and "
                "a fast tokenizer."
            )
        self.threads = torch_threads
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
            self.model = AutoModelForTokenClassification.from_pretrained(
                self.path, local_files_only=True
            )
        except Exception as err:  # any loader error: say which folder, keep the cause
            raise ModelLoadError(
                f"Could not load the token classifier at {str(self.path)!r}: "
                f"{type(err).__name__}: {err}"
            ) from err
        if not self.tokenizer.is_fast:
            raise ModelLoadError("The model's tokenizer is not a fast tokenizer (no offsets).")
        self.model.eval()
        self.float_model = self.model  # what ``save`` writes, in ``stored_dtype``
        self.stored_dtype = stored_dtype(self.path)
        if quantize == "dynamic_int8":
            self.model = torch.ao.quantization.quantize_dynamic(
                self.model, {torch.nn.Linear}, dtype=torch.qint8
            )
        config = self.model.config
        self.tags = [config.id2label[i] for i in range(config.num_labels)]
        self.max_length = model_limit(config, self.tokenizer)
        probe = self.tokenizer("a", return_special_tokens_mask=True)
        mask, ids = probe["special_tokens_mask"], probe["input_ids"]
        first = mask.index(0)
        last = len(mask) - 1 - mask[::-1].index(0)
        self.prefix, self.suffix = ids[:first], ids[last + 1 :]
        pad = self.tokenizer.pad_token_id
        self.pad_id = 0 if pad is None else pad

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Sub-token ids and character offsets of ``text`` (no specials, no truncation)."""
        enc = self.tokenizer(
            text, add_special_tokens=False, return_offsets_mapping=True, verbose=False
        )
        ids = list(enc["input_ids"])
        pieces = self.tokenizer.convert_ids_to_tokens(ids)
        # A bare SentencePiece "▁" carries no text of its own (its offsets may
        # point at the next character): give it an empty range.
        offsets = [
            (start, start) if not piece.strip("▁") else (start, end)
            for piece, (start, end) in zip(pieces, enc["offset_mapping"])
        ]
        return ids, offsets

    def predict(self, windows: Sequence[Sequence[int]]) -> list[np.ndarray]:
        """Tag probabilities (len × n_tags) for each window of content sub-token ids."""
        import torch

        if not windows:
            return []
        inputs = [self.prefix + list(w) + self.suffix for w in windows]
        width = max(len(x) for x in inputs)
        ids = torch.full((len(inputs), width), self.pad_id, dtype=torch.long)
        attention = torch.zeros((len(inputs), width), dtype=torch.long)
        for row, x in enumerate(inputs):
            ids[row, : len(x)] = torch.tensor(x, dtype=torch.long)
            attention[row, : len(x)] = 1
        with torch_threads(self.threads), torch.inference_mode():
            logits = self.model(input_ids=ids, attention_mask=attention).logits
            probs = torch.softmax(logits.float(), dim=-1).numpy()
        start = len(self.prefix)
        return [probs[row, start : start + len(w)] for row, w in enumerate(windows)]

    def save(self, dest: Path) -> None:
        """Write the (unquantized) model, in its stored dtype, and the tokenizer to ``dest``."""
        save_model(self.float_model, self.tokenizer, dest, self.stored_dtype)


def save_model(model: Any, tokenizer: Any, dest: Path, dtype: str = "float32") -> None:
    """Write a Hugging Face ``model`` with its weights in ``dtype`` ("float16" halves the size)
    and its ``tokenizer`` to ``dest``; ``model`` itself is left as it was."""
    import copy

    import torch

    dest.mkdir(parents=True, exist_ok=True)
    if dtype == "float16" and model.dtype != torch.float16:
        model = copy.deepcopy(model).to(torch.float16)
    model.save_pretrained(dest)
    tokenizer.save_pretrained(dest)
