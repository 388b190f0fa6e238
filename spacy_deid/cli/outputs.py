"""The output folder of a run: locked, written without following links, whole files only.

Every file is created through descriptors relative to the folder (``O_NOFOLLOW`` on each path
component), written in full to an unnamed (``O_TMPFILE``) or exclusively created temporary file
and then renamed into place, so a kill or a full disk leaves either the old file or the new one,
never a part. ``audit.jsonl`` is only ever appended to, one whole line per record (a failed
write is taken back; a line torn by a kill is cut off when the next run opens the folder).
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from .inputs import KNOWN_SUFFIXES

AUDIT_NAME = "audit.jsonl"
LOCK_NAME = ".spacy-deid.lock"
KEY_NAME = ".spacy-deid.key"  # per-folder secret for the resume digests (never PHI itself)
PART_SUFFIX = ".part"


class OutputError(Exception):
    """A file could not be written; the message names no path (paths can hold PHI)."""


class FolderBusy(OutputError):
    """Another run holds the output folder's lock."""


def describe_os_error(error: OSError) -> str:
    """What went wrong, by errno only (an OSError's text holds the file name)."""
    reasons = {
        errno.ENAMETOOLONG: "the output name is too long for the file system",
        errno.ENOSPC: "no space left on the output device",
        errno.EDQUOT: "the disk quota of the output device is exhausted",
        errno.ELOOP: "a link is in the way inside the output folder (links are never followed)",
        errno.ENOTDIR: "a file is in the way of an output folder",
        errno.EISDIR: "a folder is in the way of an output file",
        errno.EACCES: "permission denied in the output folder",
        errno.EROFS: "the output folder is on a read-only file system",
    }
    code = errno.errorcode.get(error.errno or 0, "OSError")
    return reasons.get(error.errno or 0, f"the output could not be written ({code})")


def hashed_relative(relative: PurePosixPath, key: bytes) -> PurePosixPath:
    """Replace every path component by a keyed hash; only a known file-type suffix is kept."""
    parts = []
    for i, part in enumerate(relative.parts):
        last = i == len(relative.parts) - 1
        suffix = PurePosixPath(part).suffix.lower() if last else ""
        digest = hmac.new(key, "/".join(relative.parts[: i + 1]).encode(), hashlib.sha256)
        parts.append(digest.hexdigest()[:16] + (suffix if suffix in KNOWN_SUFFIXES else ""))
    return PurePosixPath(*parts)


class OutputDir:
    """An output folder held for one run (see the module docstring); use as a context manager."""

    def __init__(self, root: Path, file_mode: int = 0o600) -> None:
        self.root = root
        self.file_mode = file_mode
        self.dir_mode = file_mode | (file_mode & 0o444) >> 2 | 0o700
        self._fd = -1
        self._lock = -1
        self._audit = -1

    def __enter__(self) -> OutputDir:
        try:
            self.root.mkdir(mode=self.dir_mode, parents=True, exist_ok=True)
            self._fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
            self._lock = self._open(LOCK_NAME, os.O_RDWR | os.O_CREAT)
        except OSError as error:
            self.close()
            raise OutputError(describe_os_error(error)) from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.close()
            raise FolderBusy("another spacy-deid run is writing to this output folder") from None
        try:
            self._remove_stale_parts()
            self._audit = self._open(AUDIT_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        except OSError as error:
            self.close()
            raise OutputError(f"the audit cannot be opened: {describe_os_error(error)}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for fd in (self._audit, self._lock, self._fd):
            if fd >= 0:
                os.close(fd)
        self._fd = self._lock = self._audit = -1

    def _open(self, name: str, flags: int, dir_fd: int | None = None) -> int:
        return os.open(name, flags | os.O_NOFOLLOW | os.O_CLOEXEC, self.file_mode,
                       dir_fd=self._fd if dir_fd is None else dir_fd)

    def secret(self) -> bytes:
        """The folder's own random secret (created once, 0600): keys the resume digests."""
        try:
            fd = self._open(KEY_NAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        except FileExistsError:
            fd = self._open(KEY_NAME, os.O_RDONLY)
            with os.fdopen(fd, "rb") as handle:
                key = handle.read()
            if len(key) == 32:
                return key
            raise OutputError("the output folder's key file is damaged; remove it") from None
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key

    # -- files -------------------------------------------------------------------------
    def write(self, rel: PurePosixPath, data: bytes) -> None:
        """Write ``data`` at ``rel`` (whole or not at all); raises :class:`OutputError`."""
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise OutputError("an output path must stay inside the output folder")
        parent = -1
        try:
            parent = self._folder(rel.parts[:-1])
            self._replace(parent, rel.parts[-1], data)
        except OSError as error:
            raise OutputError(describe_os_error(error)) from None
        finally:
            if parent >= 0 and parent != self._fd:
                os.close(parent)

    def remove(self, rel: PurePosixPath) -> None:
        """Remove the file at ``rel`` if it is there (never following a link)."""
        parent = -1
        try:
            parent = self._folder(rel.parts[:-1], create=False)
            os.unlink(rel.parts[-1], dir_fd=parent)
        except OSError:
            pass
        finally:
            if parent >= 0 and parent != self._fd:
                os.close(parent)

    def read(self, rel: PurePosixPath) -> bytes | None:
        """The content of the regular file at ``rel`` (None if absent, a link or not a file)."""
        parent = -1
        try:
            parent = self._folder(rel.parts[:-1], create=False)
            fd = self._open(rel.parts[-1], os.O_RDONLY, dir_fd=parent)
            with os.fdopen(fd, "rb") as handle:
                return handle.read()
        except OSError:
            return None
        finally:
            if parent >= 0 and parent != self._fd:
                os.close(parent)

    def _folder(self, parts: tuple[str, ...], create: bool = True) -> int:
        """A descriptor of the folder ``parts`` below the root, made as needed, links refused."""
        fd = self._fd
        for part in parts:
            if create:
                try:
                    os.mkdir(part, self.dir_mode, dir_fd=fd)
                except FileExistsError:
                    pass
            try:
                child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC,
                                dir_fd=fd)
            except NotADirectoryError:
                if stat.S_ISLNK(os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode):
                    raise OSError(errno.ELOOP, "link") from None
                raise
            finally:
                if fd != self._fd:
                    os.close(fd)
            fd = child
        return fd

    def _replace(self, parent: int, name: str, data: bytes) -> None:
        tmp = f".{secrets.token_hex(8)}{PART_SUFFIX}"
        try:
            fd = os.open(".", os.O_WRONLY | os.O_TMPFILE | os.O_CLOEXEC, self.file_mode,
                         dir_fd=parent)
            unnamed = True
        except OSError:  # no O_TMPFILE on this file system: an exclusive, named temporary
            fd = self._open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, dir_fd=parent)
            unnamed = False
        try:
            try:
                _write_all(fd, data)
                os.fsync(fd)
                if unnamed:
                    os.link(f"/proc/self/fd/{fd}", tmp, dst_dir_fd=parent, follow_symlinks=True)
            finally:
                os.close(fd)
            os.replace(tmp, name, src_dir_fd=parent, dst_dir_fd=parent)
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=parent)
            except OSError:
                pass
            raise

    def _remove_stale_parts(self) -> None:
        """Temporaries left by a run that was killed between writing and renaming."""
        for _, _, files, root_fd in os.fwalk(dir_fd=self._fd, follow_symlinks=False):
            for name in files:
                if name.startswith(".") and name.endswith(PART_SUFFIX):
                    os.unlink(name, dir_fd=root_fd)

    # -- audit -------------------------------------------------------------------------
    def audit_lines(self) -> Iterator[dict[str, Any]]:
        """The records already in ``audit.jsonl`` (a torn last line, from a kill, is cut off)."""
        data = self.read(PurePosixPath(AUDIT_NAME)) or b""
        whole = data[: data.rfind(b"\n") + 1]
        if len(whole) != len(data):
            fd = self._open(AUDIT_NAME, os.O_WRONLY)
            try:
                os.ftruncate(fd, len(whole))
            finally:
                os.close(fd)
        for line in whole.decode("utf-8", "replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record

    def append_audit(self, record: dict[str, Any]) -> None:
        """Append one record as one whole line (written in pieces of about 1 MiB: the line of
        a document with a million items is never held whole; the lock keeps other writers
        out, a failed write is taken back, a kill's torn line is cut off by the next run)."""
        size = -1
        try:
            size = os.fstat(self._audit).st_size
            for piece in audit_line(record):
                _write_all(self._audit, piece)
        except OSError as error:
            if size >= 0:  # a full disk may take part of the line: take it back
                try:
                    os.ftruncate(self._audit, size)
                except OSError:
                    pass
            raise OutputError(f"the audit could not be written: {describe_os_error(error)}") from None


def audit_line(record: dict[str, Any], piece_size: int = 1 << 20) -> Iterator[bytes]:
    """``json.dumps(record, ensure_ascii=False) + "\\n"`` as UTF-8, in pieces of about
    ``piece_size`` bytes; list values are encoded element by element."""
    buffer: list[str] = []
    size = 0

    def add(text: str) -> Iterator[bytes]:
        nonlocal size
        buffer.append(text)
        size += len(text)
        if size >= piece_size:
            yield "".join(buffer).encode()
            buffer.clear()
            size = 0

    yield from add("{")
    for number, (key, value) in enumerate(record.items()):
        yield from add(("" if number == 0 else ", ") + json.dumps(key, ensure_ascii=False) + ": ")
        if isinstance(value, list) and len(value) > 1:
            for index, element in enumerate(value):
                yield from add(("[" if index == 0 else ", ") + json.dumps(element, ensure_ascii=False))
            yield from add("]")
        else:
            yield from add(json.dumps(value, ensure_ascii=False))
    buffer.append("}\n")
    yield "".join(buffer).encode()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
