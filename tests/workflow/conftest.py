"""Fixtures the workflow's tests share with the runtime's: tiny local transformers, a rendered page."""
from ..ocr.conftest import en_page  # noqa: F401
from ..tiny_transformer import name_records, oracle_dir, tiny_base, tokenizer  # noqa: F401
