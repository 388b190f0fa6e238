"""Collecting input files (links handled safely) and decoding text in UTF-8/16/32, TIS-620 or CP874."""
from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ..ocr.sources import IMAGE_SUFFIXES, PDF_SUFFIXES

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".csv", ".tsv", ".note", ""})
DICOM_SUFFIXES = (".dcm", ".dicom")
KNOWN_SUFFIXES = frozenset(TEXT_SUFFIXES - {""} | set(IMAGE_SUFFIXES) | set(PDF_SUFFIXES)
                           | set(DICOM_SUFFIXES))
ENCODINGS = ("auto", "utf-8", "utf-16", "tis-620", "cp874")
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """A file that cannot be read as a document; the message never holds its content or name."""


@dataclass(frozen=True)
class Input:
    """One document: its path (None = stdin), relative output path, and why it is skipped."""

    path: Path | None
    relative: PurePosixPath
    skipped: str | None = None

    @cached_property
    def suffix(self) -> str:
        """The name's suffix; ``.dcm`` for a file of another suffix (or none) that starts
        with the DICOM preamble (``DICM`` at byte 128), as DICOM folders hold them."""
        suffix = self.relative.suffix.lower()
        if suffix in KNOWN_SUFFIXES or self.path is None or self.skipped:
            return suffix
        return ".dcm" if _is_dicom(self.path) else suffix


def _is_dicom(path: Path) -> bool:
    try:
        if not path.is_file():  # a FIFO or device is never opened here
            return False
        with path.open("rb") as handle:
            return handle.read(132)[128:] == b"DICM"
    except OSError:
        return False


def collect_inputs(args: Sequence[str], follow_links: bool = False) -> Iterator[Input]:
    """Files given directly keep their name; files inside a folder keep their path below it.

    Hidden files and folders (".name") inside folders are left out. Inside a folder, a link to
    a file of the same folder tree is followed; a link to a folder, or one pointing outside the
    tree, is yielded as skipped (so the audit records it) unless ``follow_links``. Missing paths
    are yielded so that they are reported as failures.
    """
    for arg in args:
        if arg == "-":
            yield Input(None, PurePosixPath("stdin"))
            continue
        path = Path(arg)
        if path.is_dir():
            yield from _walk(path, follow_links)
        else:
            yield Input(path, PurePosixPath(path.name))


def _walk(top: Path, follow_links: bool) -> Iterator[Input]:
    root = top.resolve()
    seen = {root}
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError:
            yield Input(folder, _relative(folder, top), skipped="the folder cannot be read")
            continue
        files, folders = [], []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            full = Path(entry.path)
            rel = _relative(full, top)
            if entry.is_symlink():
                target = full.resolve()
                inside = target == root or root in target.parents
                if target.is_dir():
                    if not follow_links:
                        files.append(Input(full, rel, skipped="a link to a folder is not followed"))
                        continue
                    if target not in seen:
                        seen.add(target)
                        folders.append(full)
                    continue
                if not inside and not follow_links:
                    files.append(Input(full, rel, skipped="a link pointing outside the input "
                                       "folder is not followed (see --follow-links)"))
                    continue
                files.append(Input(full, rel))
            elif entry.is_dir(follow_symlinks=False):
                seen.add(full.resolve())
                folders.append(full)
            else:
                files.append(Input(full, rel))
        yield from reversed(files)
        stack.extend(folders)  # popped in name order: reversed above


def _relative(path: Path, top: Path) -> PurePosixPath:
    return PurePosixPath(path.relative_to(top).as_posix())


def decode_text(data: bytes, encoding: str = "auto") -> str:
    """Decode bytes; ``auto`` honours a UTF-8/16/32 byte-order mark, then tries UTF-8 and the
    Thai code pages TIS-620/CP874."""
    for bom, codec in _BOMS:
        if data.startswith(bom) and (encoding == "auto" or codec.startswith(encoding)):
            return _checked(_decode(data[len(bom):], codec))
    if not data or data.isspace():  # not data.strip(): no copy of a large file
        raise InputError("the file is empty")
    if b"\x00" in data and encoding != "utf-16":
        raise InputError("the file looks binary (NUL bytes); it is not a text document")
    if encoding != "auto":
        return _checked(_decode(data, encoding))
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        raise InputError("the file is neither UTF-8 nor TIS-620/CP874; pass --encoding") from None
    high = _count(_ASCII_RE, text)  # counted slice by slice: no list of characters
    thai = _count(_NOT_THAI_RE, text)
    if not high or thai / high < 0.9:
        raise InputError("the file's encoding could not be detected; pass --encoding")
    return text


_ASCII_RE = re.compile("[\x00-\x7f]+")
_NOT_THAI_RE = re.compile("[^\u0e00-\u0e7f]+")


def _count(drop: re.Pattern[str], text: str, step: int = 1 << 20) -> int:
    """How many characters of ``text`` the pattern ``drop`` does not match (``drop`` matches
    runs of one character class, so slices add up to the whole)."""
    return sum(len(drop.sub("", text[i : i + step])) for i in range(0, len(text), step))


def _decode(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"the file cannot be decoded as {codec}") from None


def _checked(text: str) -> str:
    if not text or text.isspace():
        raise InputError("the file is empty")
    if "\x00" in text:
        raise InputError("the file looks binary (NUL characters); it is not a text document")
    return text


def read_bytes(item: Input, max_bytes: int | None = None) -> bytes:
    """The raw bytes of one input (stdin when ``item.path`` is None); an input over
    ``max_bytes`` fails before it is read into memory (its size is taken from the open file)."""
    if item.path is None:
        return _read_limited(sys.stdin.buffer, max_bytes)
    if not item.path.exists():
        raise InputError("the file does not exist")
    if not item.path.is_file():
        raise InputError("not a regular file")
    try:
        with item.path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            _check_size(size, max_bytes)
            return _read_limited(handle, max_bytes, size + 1)  # it may grow while being read
    except OSError:
        raise InputError("the file cannot be read") from None


def _read_limited(handle: BinaryIO, max_bytes: int | None, first: int = 1 << 20) -> bytes:
    """All of ``handle``, failing once it passes ``max_bytes``; read in chunks, the first of
    ``first`` bytes (``read(n)`` reserves ``n`` bytes, so ``read(max_bytes + 1)`` took the
    whole limit, 200 MB, for any file; a file read in one chunk is not copied)."""
    if max_bytes is None:
        return handle.read()
    parts: list[bytes] = []
    size, chunk = 0, first
    while True:
        part = handle.read(min(chunk, max_bytes + 1 - size))
        chunk = 1 << 24
        if not part:
            return b"".join(parts)
        parts.append(part)
        size += len(part)
        _check_size(size, max_bytes)


def _check_size(size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise InputError(f"the file is larger than the text size limit ({max_bytes:,} bytes, "
                         "see --max-text-bytes)")


def read_text(item: Input, encoding: str = "auto") -> str:
    """Read and decode one text input."""
    return decode_text(read_bytes(item), encoding)
