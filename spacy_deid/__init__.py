"""spacy_deid: find and remove PHI from Thai and English clinical documents.

Importing this package is cheap: heavy libraries (torch, transformers, pytesseract,
Pillow, Faker) are only imported by the components that need them, when they need them.
"""
from .about import __version__
from .extensions import install_extensions

__all__ = ["__version__", "install_extensions"]
