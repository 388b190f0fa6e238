"""``spacy-deid serve``: its options, and starting uvicorn with them.

This module imports no web library at import time, so ``spacy-deid redact`` works without the
``serve`` extra; ``serve`` without it stops with exit code 2 and the install command.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import fields

from .settings import ENV_VAR, Limits, ServeSettings, TokenFileError, read_token

_LIMIT_HELP = {
    "max_body_bytes": "request body size (413 over it)",
    "max_chars": "characters of all texts in one request (413)",
    "max_texts": "texts in one batch (413)",
    "max_pages": "pages or frames of an uploaded image/PDF (413)",
    "max_seconds": "seconds to de-identify one request (408)",
    "body_seconds": "seconds for a client to send its body (408)",
}


def add_serve_parser(commands: argparse._SubParsersAction) -> None:
    """The ``serve`` subcommand's options."""
    serve = commands.add_parser(
        "serve", help="run the de-identification service and its review page",
        description="Serve the REST API (POST /v1/redact, /v1/redact/file), the review page (GET /) "
        "and the API page (GET /docs). Bound to loopback unless --host says otherwise. Needs the "
        "'serve' extra: pip install 'spacy-deid[serve]'. See docs/serve.md.")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=1,
                       help="processes, each with its own pipelines (default 1)")
    serve.add_argument("--token-file", help="require 'Authorization: Bearer <token in this file>'")
    serve.add_argument("--pipeline", action="append", default=[], metavar="[LANG=]SPEC",
                       help="as for redact: default, rules, a folder or package (default: default)")
    serve.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                       help="allow this browser origin (default: no CORS)")
    for limit in fields(Limits):
        serve.add_argument("--" + limit.name.replace("_", "-"), type=type(limit.default),
                           default=limit.default, help=f"{_LIMIT_HELP[limit.name]} (default {limit.default:,})")


def run_serve(args: argparse.Namespace) -> int:
    """Check the settings, then run uvicorn until it is stopped; returns the exit code."""
    from ..cli.options import parse_pipelines

    try:
        import uvicorn
    except ImportError:
        print("spacy-deid: serve needs the serve extra: pip install 'spacy-deid[serve]'", file=sys.stderr)
        return 2
    if args.workers < 1 or not 0 < args.port < 65536:
        print("spacy-deid: --workers must be at least 1 and --port between 1 and 65535", file=sys.stderr)
        return 2
    limits = Limits(**{f.name: getattr(args, f.name) for f in fields(Limits)})
    if min(getattr(limits, f.name) for f in fields(Limits)) <= 0:
        print("spacy-deid: the limits must be positive", file=sys.stderr)
        return 2
    if args.token_file:
        try:
            read_token(args.token_file)
        except TokenFileError as error:
            print(f"spacy-deid: --token-file: {error}", file=sys.stderr)
            return 2
    settings = ServeSettings(pipelines=parse_pipelines(args.pipeline), token_file=args.token_file,
                             cors_origins=tuple(args.cors_origin), limits=limits)
    os.environ[ENV_VAR] = settings.to_env()
    from .logs import LOG_CONFIG

    uvicorn.run("spacy_deid.serve.app:app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.workers, access_log=False, log_config=LOG_CONFIG, server_header=False,
                date_header=False, proxy_headers=False, timeout_graceful_shutdown=10)
    return 0
