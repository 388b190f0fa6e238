"""Request size and body-time limits, enforced before the app sees a request.

The body is read in full into memory (uploads are never written to disk) up to
``max_body_bytes``: a ``Content-Length`` above it, or a streamed body growing past it, gets 413
at once; a client still sending after ``body_seconds`` gets 408. The app then gets the body
from memory.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

from .errors import send_error

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]
_CLOSE = [(b"connection", b"close")]


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: 413 for bodies over ``max_bytes``, 408 for bodies slower than ``seconds``."""

    def __init__(self, app: ASGIApp, max_bytes: int, seconds: float) -> None:
        self.app, self.max_bytes, self.seconds = app, max_bytes, seconds

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await send_error(send, 400, "invalid Content-Length", _CLOSE)
                    return
                if declared > self.max_bytes:
                    await send_error(send, 413, self._too_large(), _CLOSE)
                    return
        chunks: list[bytes] = []
        try:
            with anyio.fail_after(self.seconds):
                size = 0
                more = True
                while more:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise _TooLarge
                    chunks.append(chunk)
                    more = message.get("more_body", False)
        except _TooLarge:
            await send_error(send, 413, self._too_large(), _CLOSE)
            return
        except TimeoutError:
            await send_error(send, 408, f"the request body took longer than {self.seconds:g} s to arrive",
                             _CLOSE)
            return
        body = b"".join(chunks)
        del chunks
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return f"the request body is larger than the limit of {self.max_bytes:,} bytes"
