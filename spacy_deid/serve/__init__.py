"""The de-identification service: ``spacy-deid serve`` (REST API, review page; docs/serve.md).

Needs the ``serve`` extra (FastAPI, uvicorn, python-multipart). :func:`create_app` builds the
ASGI app from :class:`ServeSettings`.
"""
from .settings import Limits, ServeSettings

__all__ = ["Limits", "ServeSettings", "create_app"]


def create_app(settings: ServeSettings, engine=None):
    """The ASGI app (see :mod:`spacy_deid.serve.app`)."""
    from .app import create_app as build

    return build(settings, engine)
