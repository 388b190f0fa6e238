"""The review page's files (``spacy_deid/serve/static/``), read once and served from memory."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi.responses import Response

FOLDER = Path(__file__).parent / "static"
STATIC = {"index.html": "text/html; charset=utf-8", "review.js": "text/javascript; charset=utf-8",
          "review.css": "text/css; charset=utf-8", "i18n.js": "text/javascript; charset=utf-8"}


@cache
def _content(name: str) -> bytes:
    return (FOLDER / name).read_bytes()


def static_file(name: str) -> Response:
    """One of :data:`STATIC` as a response."""
    return Response(_content(name), media_type=STATIC[name])
