"""Settings of one ``spacy-deid serve`` service, and how they reach uvicorn's worker processes.

Workers are separate processes that build the app from :func:`spacy_deid.serve.app.app_from_env`;
the settings travel as JSON in one environment variable. They hold no secret: the bearer token
stays in its file, which every worker reads itself.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

ENV_VAR = "SPACY_DEID_SERVE_SETTINGS"


@dataclass(frozen=True)
class Limits:
    """Per-request limits (over them: 413, or 408 for time)."""

    max_body_bytes: int = 20_000_000  # the whole request body, JSON or multipart
    max_chars: int = 1_000_000  # all texts of one JSON request together
    max_texts: int = 256  # texts in one batch request
    max_pages: int = 20  # pages or frames of one uploaded image/PDF
    max_seconds: float = 120.0  # reading the body, then de-identifying
    body_seconds: float = 30.0  # a client still sending its body after this gets 408


@dataclass(frozen=True)
class ServeSettings:
    """What one service runs with (see ``spacy-deid serve --help``)."""

    pipelines: dict[str, str] = field(default_factory=lambda: {"*": "default"})
    token_file: str | None = None
    cors_origins: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)

    def to_env(self) -> str:
        """JSON for :data:`ENV_VAR`."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ServeSettings:
        data = json.loads(text)
        return cls(pipelines=dict(data["pipelines"]), token_file=data.get("token_file"),
                   cors_origins=tuple(data.get("cors_origins") or ()),
                   limits=Limits(**data.get("limits", {})))

    @classmethod
    def from_env(cls) -> ServeSettings:
        """The settings the ``serve`` command put in the environment (defaults without it)."""
        text = os.environ.get(ENV_VAR)
        return cls.from_json(text) if text else cls()


class TokenFileError(ValueError):
    """The token file is missing, unreadable, empty or too short (a run-level problem)."""


def read_token(path: str) -> bytes:
    """The bearer token in ``path`` (surrounding whitespace dropped; at least 16 characters)."""
    try:
        with open(path, "rb") as handle:
            token = handle.read(4096).strip()
    except OSError as error:
        raise TokenFileError(f"the token file cannot be read ({type(error).__name__})") from None
    if len(token) < 16:
        raise TokenFileError("the token file must hold a token of at least 16 characters")
    if any(byte < 0x21 or byte > 0x7E for byte in token):
        raise TokenFileError("the token may hold only printable ASCII characters without spaces")
    return token
