"""Logging without request content: an access log of method, route, status and time only (no
query string, no body, no client-supplied path: an unmatched path is logged as ``-``), and
exceptions reduced to their type before anything is logged or sent.

uvicorn's own access log is turned off (it prints the path with its query string) and its
error logger gets :data:`LOG_CONFIG`.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .errors import send_error

ACCESS = logging.getLogger("spacy_deid.serve.access")
ERRORS = logging.getLogger("spacy_deid.serve.errors")
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain",
                            "stream": "ext://sys.stderr"}},
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "spacy_deid": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
Scope = MutableMapping[str, Any]


def route_of(scope: Scope) -> str:
    """The matched route's template (``/v1/redact``), or ``-``: never the path as sent."""
    route = scope.get("route")
    return getattr(route, "path", None) or "-"


class AccessLog:
    """ASGI middleware: one line per request, ``METHOD route status ms``."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Callable[..., Awaitable[Any]],
                       send: Callable[[MutableMapping[str, Any]], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [0]

        async def recording(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording)
        finally:
            method = str(scope.get("method", "-"))
            method = method if method.isalpha() and len(method) <= 10 else "-"
            ACCESS.info("%s %s %d %.0fms", method, route_of(scope), status[0],
                        (time.perf_counter() - started) * 1000)


class ScrubbedErrors:
    """Outermost ASGI wrapper: an exception is logged by its type only (never its message or
    traceback, which may quote a document) and answered with a generic 500."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Callable[..., Awaitable[Any]],
                       send: Callable[[MutableMapping[str, Any]], Awaitable[None]]) -> None:
        started = [False]

        async def tracking(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started[0] = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as error:  # every error, scrubbed
            ERRORS.error("unhandled %s in %s", type(error).__name__, route_of(scope))
            if scope["type"] == "http" and not started[0]:
                await send_error(send, 500, "internal error")
