"""Errors of the OCR reader. Messages describe the file, never its content or path."""


class OCRInputError(ValueError):
    """The input is not a readable image or PDF (empty, corrupt, unsupported, too large,
    encrypted)."""


class OCRLimitError(OCRInputError):
    """The document is over one of the reader's limits (pixels, pages, bytes, time)."""
