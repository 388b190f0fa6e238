"""The tiny local transformer models (see ``tests/tiny_transformer.py``)."""
from ..tiny_transformer import i2b2_dir, name_records, oracle_dir, tiny_base, tokenizer  # noqa: F401
