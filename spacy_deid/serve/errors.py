"""JSON error responses, all of one shape: ``{"error": {"status": 413, "message": "..."}}``.

Messages are the service's own and never hold request content: validation errors keep the
field's location and what was wrong, never the value that was sent.
"""
from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def error_body(status: int, message: str, details: list[dict[str, Any]] | None = None) -> bytes:
    """The JSON body of an error response."""
    error: dict[str, Any] = {"status": status, "message": message}
    if details:
        error["details"] = details
    return json.dumps({"error": error}, ensure_ascii=False).encode("utf-8")


async def send_error(send: Send, status: int, message: str, headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    """Send a whole JSON error response on a raw ASGI ``send`` (for middleware)."""
    body = error_body(status, message)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


def validation_details(errors: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic/FastAPI validation errors without the ``input`` and ``ctx`` they carry."""
    return [{"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", "")),
             "type": str(error.get("type", ""))} for error in errors]
