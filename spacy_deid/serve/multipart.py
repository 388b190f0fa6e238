"""``multipart/form-data`` parsed in memory (uploads never touch the disk).

Starlette's form parser spools files above 1 MB to a temporary file; the service already holds
the whole body in memory (bounded by its size limit), so it parses it there with
python-multipart's streaming parser instead.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header

MAX_PARTS = 8
# its warnings quote bytes of the body ("Expected boundary character 45, got 103")
logging.getLogger("python_multipart").setLevel(logging.CRITICAL + 1)


class FormError(ValueError):
    """The body is not a well-formed multipart form (the message holds no content)."""


@dataclass
class Part:
    """One form field: its name, the file name it was sent with (None for a plain field), its
    content type and bytes."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class _Building:
    headers: dict[str, str] = field(default_factory=dict)
    chunks: list[bytes] = field(default_factory=list)
    field_name: bytes = b""
    value: bytes = b""


def parse_form(content_type: str, body: bytes) -> dict[str, Part]:
    """The parts of a form body by field name (a repeated name: the first one)."""
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data" or not params.get(b"boundary"):
        raise FormError("the request must be multipart/form-data with a boundary")
    parts: list[_Building] = []
    current = _Building()

    def begin() -> None:
        nonlocal current
        current = _Building()
        if len(parts) >= MAX_PARTS:
            raise FormError(f"the form has more than {MAX_PARTS} parts")
        parts.append(current)

    def header_field(data: bytes, start: int, end: int) -> None:
        current.field_name += data[start:end]

    def header_value(data: bytes, start: int, end: int) -> None:
        current.value += data[start:end]

    def header_end() -> None:
        current.headers[current.field_name.decode("latin-1").lower()] = current.value.decode("latin-1")
        current.field_name, current.value = b"", b""

    def part_data(data: bytes, start: int, end: int) -> None:
        current.chunks.append(data[start:end])

    parser = MultipartParser(params[b"boundary"], {
        "on_part_begin": begin, "on_header_field": header_field, "on_header_value": header_value,
        "on_header_end": header_end, "on_part_data": part_data,
    })
    try:
        parser.write(body)
        parser.finalize()
    except FormError:
        raise
    except Exception:
        raise FormError("the multipart body is malformed") from None
    found: dict[str, Part] = {}
    for part in parts:
        disposition, options = parse_options_header(part.headers.get("content-disposition", ""))
        if disposition != b"form-data" or b"name" not in options:
            raise FormError("a form part has no name")
        name = options[b"name"].decode("utf-8", "replace")
        filename = options.get(b"filename")
        found.setdefault(name, Part(
            name, None if filename is None else filename.decode("utf-8", "replace"),
            part.headers.get("content-type", "application/octet-stream"), b"".join(part.chunks)))
    return found
