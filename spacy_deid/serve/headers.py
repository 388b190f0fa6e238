"""Security headers on every response: no caching, no sniffing, no framing, a strict CSP.

The review page may load only the app's own scripts, styles and images (``data:``/``blob:``
images for redacted pages shown from a response) and talk only to the app; API responses get
``default-src 'none'``. Nothing is cached (results are PHI-free but reviews are not).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
API_CSP = "default-src 'none'; frame-ancestors 'none'"
_COMMON = [
    (b"cache-control", b"no-store"),
    (b"pragma", b"no-cache"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
PAGE_PATHS = ("/", "/docs")
_PAGE_HEADERS = _COMMON + [(b"content-security-policy", PAGE_CSP.encode())]
_API_HEADERS = _COMMON + [(b"content-security-policy", API_CSP.encode())]
_NAMES = {name for name, _ in _PAGE_HEADERS}


class SecurityHeaders:
    """ASGI middleware adding the headers above (replacing any the app set)."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[..., Awaitable[Any]],
                       send: Callable[[MutableMapping[str, Any]], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page = scope.get("path") in PAGE_PATHS or str(scope.get("path", "")).startswith("/static/")
        ours = _PAGE_HEADERS if page else _API_HEADERS

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                kept = [(n, v) for n, v in message.get("headers", []) if n.lower() not in _NAMES]
                message["headers"] = kept + ours
            await send(message)

        await self.app(scope, receive, with_headers)
