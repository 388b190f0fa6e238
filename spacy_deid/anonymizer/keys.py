"""The secret key: read at runtime from an environment variable or a key file, never from config."""
from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path


class MissingKeyError(RuntimeError):
    """An operator needs the secret key and none was given."""


def load_key(key_env: str, key_file: str | None) -> bytes | None:
    """The secret key from ``key_file`` (if set) or the environment variable ``key_env``.

    A key file that is set but unreadable or empty raises; a missing env var gives None.
    """
    if key_file:
        path = Path(key_file).expanduser()
        if not path.is_file():
            raise MissingKeyError(
                f"deid_anonymizer: key_file {str(path)!r} does not exist. Create it with a "
                "random secret (e.g. `python -c \"import secrets; print(secrets.token_hex(32))\"`)."
            )
        key = path.read_bytes().strip()
        if not key:
            raise MissingKeyError(f"deid_anonymizer: key_file {str(path)!r} is empty.")
        return key
    value = os.environ.get(key_env, "").strip()
    return value.encode("utf8") if value else None


def missing_key_error(operator: str, label: str, key_env: str) -> MissingKeyError:
    return MissingKeyError(
        f"deid_anonymizer: operator {operator!r} (label {label!r}) needs a secret key. "
        f"Set the environment variable {key_env} or `key_file` in [components.<name>] to a "
        "file holding the key. The key never goes into the config itself."
    )


def keyed_digest(key: bytes, *parts: str) -> bytes:
    """HMAC-SHA256 of the parts (joined by a unit separator) under ``key``."""
    return hmac.new(key, "\x1f".join(parts).encode("utf8"), hashlib.sha256).digest()


def keyed_int(key: bytes, *parts: str) -> int:
    """A non-negative integer derived from :func:`keyed_digest`."""
    return int.from_bytes(keyed_digest(key, *parts)[:8], "big")
