"""Seeded synthetic Thai and English clinical documents with gold PHI spans."""
from .corpus import generate, generate_doc, template_ids
from .pools import SPLITS, pools, split_of, value_key

__all__ = ["SPLITS", "generate", "generate_doc", "pools", "split_of", "template_ids", "value_key"]
