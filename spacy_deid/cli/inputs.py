"""Collecting input files and reading text in UTF-8, TIS-620 or CP874."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator, Sequence

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".csv", ".tsv", ".note", ""})
ENCODINGS = ("auto", "utf-8", "tis-620", "cp874")


class InputError(Exception):
    """A file that cannot be read as a document; the message never holds its content."""


@dataclass(frozen=True)
class Input:
    """One document to de-identify: its path (None = stdin) and relative output path."""

    path: Path | None
    relative: PurePosixPath

    @property
    def suffix(self) -> str:
        return self.relative.suffix.lower()


def collect_inputs(args: Sequence[str]) -> Iterator[Input]:
    """Files given directly keep their name; files inside a folder keep their path below it.

    Hidden files and folders (".name") inside folders are skipped; missing paths are yielded so
    that they are reported as failures.
    """
    for arg in args:
        if arg == "-":
            yield Input(None, PurePosixPath("stdin"))
            continue
        path = Path(arg)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        full = Path(root) / name
                        yield Input(full, PurePosixPath(full.relative_to(path).as_posix()))
        else:
            yield Input(path, PurePosixPath(path.name))


def decode_text(data: bytes, encoding: str = "auto") -> str:
    """Decode bytes; ``auto`` tries UTF-8 (BOM allowed), then the Thai code pages TIS-620/CP874."""
    if not data.strip():
        raise InputError("the file is empty")
    if b"\x00" in data:
        raise InputError("the file looks binary (NUL bytes); it is not a text document")
    if encoding != "auto":
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            raise InputError(f"the file cannot be decoded as {encoding}") from None
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        raise InputError(
            "the file is neither UTF-8 nor TIS-620/CP874; pass --encoding"
        ) from None
    high = [ch for ch in text if ord(ch) > 127]
    thai = sum("\u0e00" <= ch <= "\u0e7f" for ch in high)
    if not high or thai / len(high) < 0.9:
        raise InputError("the file's encoding could not be detected; pass --encoding")
    return text


def read_text(item: Input, encoding: str = "auto") -> str:
    """Read one text input (stdin when ``item.path`` is None)."""
    import sys

    if item.path is None:
        data = sys.stdin.buffer.read()
    else:
        if not item.path.exists():
            raise InputError("the file does not exist")
        if not item.path.is_file():
            raise InputError("not a regular file")
        data = item.path.read_bytes()
    return decode_text(data, encoding)
