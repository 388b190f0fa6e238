"""Seeded synthetic Thai and English clinical documents with gold PHI spans."""
from .corpus import generate, generate_doc, template_ids
from .pools import SPLITS, pools, split_of, value_key

__all__ = ["generate", "generate_doc", "template_ids", "pools", "split_of", "value_key", "SPLITS"]
