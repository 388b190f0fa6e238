"""The de-identification service: ``spacy-deid serve`` (REST API, review page; docs/serve.md).

Needs the ``serve`` extra (FastAPI, uvicorn, python-multipart). :func:`create_app` builds the
ASGI app from :class:`ServeSettings`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .settings import Limits, ServeSettings

if TYPE_CHECKING:  # FastAPI is imported only when the app is built
    from .engine import Engine
    from .process import EngineProcess

__all__ = ["Limits", "ServeSettings", "create_app"]


def create_app(settings: ServeSettings, engine: Engine | EngineProcess | None = None) -> Any:
    """The ASGI app (see :mod:`spacy_deid.serve.app`)."""
    from .app import create_app as build

    return build(settings, engine)
