"""Command line: ``spacy-deid redact INPUT... --out DIR`` (also ``python -m spacy_deid``)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Dict, List, Optional

from ..labels import SCHEMES
from .inputs import ENCODINGS, collect_inputs
from .outputs import AuditLog
from .redact import RedactOptions, read_group_map, run_redact

KEY_ENV = "SPACY_DEID_KEY"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spacy-deid", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    redact = commands.add_parser(
        "redact",
        help="de-identify text files, images and PDFs",
        description="De-identify INPUTs (files, folders, or - for stdin) into --out, "
        "keeping relative paths, with one audit.jsonl per run.",
    )
    redact.add_argument("inputs", nargs="+", metavar="INPUT")
    redact.add_argument("--out", type=Path, help="output folder (required unless the only input is -)")
    redact.add_argument(
        "--pipeline",
        action="append",
        default=[],
        metavar="[LANG=]SPEC",
        help="'default' (shipped trained pipelines), 'rules' (patterns only), a pipeline folder or "
        "package; LANG=SPEC sets it for one language (th, en). Default: default.",
    )
    redact.add_argument("--lang", choices=("auto", "th", "en"), default="auto")
    redact.add_argument("--encoding", choices=ENCODINGS, default="auto", help="of text inputs")
    redact.add_argument(
        "--operator",
        action="append",
        default=[],
        metavar="LABEL=OPERATOR",
        help="e.g. PERSON=surrogate, DATE=date_shift, DEFAULT=numbered_tag",
    )
    redact.add_argument("--label-scheme", choices=sorted(SCHEMES), default=None)
    redact.add_argument("--audit-values", action="store_true", help="put raw PHI values in the audit")
    redact.add_argument("--key-file", type=Path, help=f"secret key file (else ${KEY_ENV})")
    redact.add_argument("--hash-names", action="store_true", help="keyed-hash output file names")
    redact.add_argument("--group-by", choices=("document", "folder"), default="document",
                        help="date-shift group: each document alone, or all documents of a folder")
    redact.add_argument("--group-map", type=Path, help="CSV with columns path,group (e.g. patient id)")
    redact.add_argument("--failed-pages", choices=("withhold", "blackout"), default="withhold",
                        help="images/PDFs: a page OCR could not read is withheld (the document "
                        "fails) or written fully black")
    redact.add_argument("--show-labels", action="store_true",
                        help="images/PDFs: write the label (e.g. [PERSON]) in each black box")
    redact.add_argument("--batch-size", type=int, default=32)
    redact.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)
    return parser


def parse_pipelines(values: List[str]) -> Dict[str, str]:
    pipelines: Dict[str, str] = {}
    for value in values or ["default"]:
        lang, sep, spec = value.partition("=")
        if sep and lang in ("th", "en"):
            pipelines[lang] = spec
        else:
            pipelines["*"] = value
    return pipelines


def anonymizer_overrides(args: argparse.Namespace) -> Dict[str, object]:
    overrides: Dict[str, object] = {}
    if args.operator:
        operators = {}
        for value in args.operator:
            label, sep, name = value.partition("=")
            if not sep or not label or not name:
                raise SystemExit(f"--operator wants LABEL=OPERATOR, got {value!r}")
            operators[label.upper() if label.upper() != "DEFAULT" else "DEFAULT"] = {"operator": name}
        overrides["operators"] = operators
    if args.label_scheme:
        overrides["label_scheme"] = args.label_scheme
    if args.audit_values:
        overrides["audit_values"] = True
    if args.key_file:
        overrides["key_file"] = str(args.key_file)
    return overrides


def main(argv: Optional[List[str]] = None) -> int:
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    only_stdin = args.inputs == ["-"]
    if args.out is None and not only_stdin:
        parser.error("--out DIR is required for file and folder inputs")
    if args.inputs.count("-") > 1:
        parser.error("stdin (-) can be given once")
    hash_key = None
    if args.hash_names:
        from ..anonymizer.keys import load_key

        hash_key = load_key(KEY_ENV, str(args.key_file) if args.key_file else None)
        if not hash_key:
            parser.error(f"--hash-names needs a secret key: set ${KEY_ENV} or pass --key-file")
    options = RedactOptions(
        out=args.out,
        pipelines=parse_pipelines(args.pipeline),
        lang=args.lang,
        encoding=args.encoding,
        anonymizer=anonymizer_overrides(args),
        hash_key=hash_key,
        group_by=args.group_by,
        group_map=read_group_map(args.group_map) if args.group_map else {},
        batch_size=args.batch_size,
        ocr={"failed_pages": args.failed_pages, "show_labels": args.show_labels},
    )
    inputs = list(collect_inputs(args.inputs))
    options.progress = args.progress if args.progress is not None else (
        len(inputs) > 1 and sys.stderr.isatty()
    )
    from ..pipelines import PipelineNotFound
    from .handlers import document_handlers

    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        audit_stream = (args.out / "audit.jsonl").open("w", encoding="utf-8")
    else:  # stdin only, no --out: the redacted text goes to stdout and no audit file is kept
        audit_stream = open(os.devnull, "w", encoding="utf-8")
    with audit_stream:
        audit = AuditLog(audit_stream)
        try:
            failed = run_redact(inputs, options, audit, document_handlers())
        except PipelineNotFound as error:
            print(f"spacy-deid: {error}", file=sys.stderr)
            return 2
    total = audit.ok + audit.failed
    print(f"spacy-deid: {audit.ok} of {total} documents de-identified, {failed} failed", file=sys.stderr)
    return 1 if failed else 0
