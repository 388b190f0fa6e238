"""OCR document factory: images and PDFs → spaCy Docs with page/box/confidence per token,
and redacted page images rebuilt from pixels.

Importing this package is cheap; Pillow, numpy and pypdfium2 are imported where needed.
"""
