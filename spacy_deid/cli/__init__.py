"""Command line: ``spacy-deid redact INPUT... --out DIR`` (also ``python -m spacy_deid``)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from ..labels import SCHEMES
from .inputs import ENCODINGS, collect_inputs
from .options import UsageError, anonymizer_overrides, check_out, parse_pipelines, read_recognizer_files
from .outputs import FolderBusy, OutputDir, OutputError
from .redact import (
    MAX_TEXT_BYTES,
    OCR_LIMITS,
    PipelineLoadError,
    RedactOptions,
    Redactor,
    Run,
    needed_languages,
    read_group_map,
)

KEY_ENV = "SPACY_DEID_KEY"
_NAMES_NOTE = (
    "Input file and folder names reach the output paths and the audit unless --hash-names is "
    "given; stderr names documents by position and short id unless --log-names is given."
)


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line on stderr (exit code 2), like every other run-level problem."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {' '.join(message.split())} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="spacy-deid", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    redact = commands.add_parser(
        "redact",
        help="de-identify text files, images and PDFs",
        description="De-identify INPUTs (files, folders, or - for stdin) into --out, keeping "
        "relative paths, with an append-only audit.jsonl. Runs are locked per output folder "
        "and resumable: a re-run skips documents already done with the same input and settings. "
        + _NAMES_NOTE,
    )
    redact.add_argument("inputs", nargs="+", metavar="INPUT")
    redact.add_argument("--out", type=Path, help="output folder (required unless the only input "
                        "is -); it may not be, contain or lie inside an input")
    redact.add_argument(
        "--pipeline",
        action="append",
        default=[],
        metavar="[LANG=]SPEC",
        help="'default' (shipped trained pipelines: the Thai one a transformer), 'fast' (the CNN "
        "ones, several times faster, less recall), 'rules' (patterns only), a pipeline folder or "
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
    redact.add_argument("--patterns", action="append", type=Path, default=[], metavar="FILE",
                        help="JSONL file of your own recognizers (regex rows or spaCy token "
                        "patterns; repeatable; docs/patterns.md)")
    redact.add_argument("--deny", action="append", type=Path, default=[], metavar="FILE",
                        help="strings always redacted, one a line, with '# label: PERSON' headers "
                        "or LABEL<TAB>text lines (repeatable)")
    redact.add_argument("--allow", action="append", type=Path, default=[], metavar="FILE",
                        help="strings never redacted, whatever finds them, one a line (repeatable)")
    redact.add_argument("--label-scheme", choices=sorted(SCHEMES), default=None)
    redact.add_argument("--audit-values", action="store_true", help="put raw PHI values in the audit")
    redact.add_argument("--key-file", type=Path, help=f"secret key file (else ${KEY_ENV})")
    redact.add_argument("--hash-names", action="store_true",
                        help="keyed-hash output file and folder names (a known file-type suffix "
                        "is kept); the audit then holds only those")
    redact.add_argument("--log-names", action="store_true",
                        help="name failed documents on stderr by their path (may hold PHI)")
    redact.add_argument("--follow-links", action="store_true",
                        help="inside input folders, follow links to folders and links pointing "
                        "outside the folder (default: skip them, with an audit record)")
    redact.add_argument("--resume", action=argparse.BooleanOptionalAction, default=True,
                        help="skip documents that an earlier run into --out already did with the "
                        "same input and settings (default: on)")
    redact.add_argument("--file-mode", type=_octal, default=0o600, metavar="OCTAL",
                        help="permissions of outputs and the audit (default 600; folders get "
                        "the matching x bits, e.g. 700)")
    redact.add_argument("--group-by", choices=("document", "folder"), default="document",
                        help="date-shift group: each document alone, or all documents of a folder")
    redact.add_argument("--group-map", type=Path, help="CSV with columns path,group (e.g. patient id)")
    redact.add_argument("--failed-pages", choices=("withhold", "blackout"), default="withhold",
                        help="images/PDFs: a page OCR could not read is withheld (the document "
                        "fails) or written fully black")
    redact.add_argument("--outside-page", choices=("blackout", "keep"), default="blackout",
                        help="images: in a photo of a document, what lies around the page found "
                        "in it is painted black (default) or kept as it is (not read)")
    redact.add_argument("--barcodes", choices=("blackout", "off"), default="blackout",
                        help="images/PDFs: QR codes and barcodes are found and blacked out "
                        "(default), or not looked for (then they are ink like any other)")
    redact.add_argument("--pictures", choices=("keep", "unread"), default="keep",
                        help="images/PDFs: pictures (an X-ray, a photo) are kept and do not fail "
                        "the page (default), or count as unread ink like text OCR could not read")
    redact.add_argument("--faces", choices=("blackout", "off"), default="blackout",
                        help="images/PDFs: faces (an ID-card photo) are found and blacked out "
                        "(default), or not looked for")
    redact.add_argument("--show-labels", action="store_true",
                        help="images/PDFs: write the label (e.g. [PERSON]) in each black box")
    redact.add_argument("--burned-in", choices=("detected", "all-text", "drop-pixels"),
                        default="detected",
                        help="DICOM: redact the burned-in text the detectors find or that repeats "
                        "a header value (default), every text OCR reads, or remove the pixel "
                        "data (header only)")
    redact.add_argument("--max-text-bytes", type=_positive, default=MAX_TEXT_BYTES, metavar="N",
                        help="a text input larger than N bytes fails without being read "
                        f"(default {MAX_TEXT_BYTES:,})")
    redact.add_argument("--max-document-pixels", type=_positive, default=None, metavar="N",
                        help="images/PDFs: a document whose pages add up to more than N pixels "
                        "fails before any page is rendered (default 3,000,000,000)")
    redact.add_argument("--max-seconds", type=_seconds, default=None, metavar="S",
                        help="images/PDFs: a document still being read or drawn after S seconds "
                        "fails (default 1800)")
    redact.add_argument("--batch-size", type=_positive, default=32)
    redact.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)
    from ..serve.cli import add_serve_parser  # imports no web library

    add_serve_parser(commands)
    from ..spark.cli import add_parser as add_spark_parser  # needs pyspark only when run

    add_spark_parser(commands)
    return parser


def _octal(value: str) -> int:
    try:
        mode = int(value, 8)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an octal mode: {value!r}") from None
    if not 0o400 <= mode <= 0o777 or not mode & 0o600 == 0o600:
        raise argparse.ArgumentTypeError("the mode must let the owner read and write (e.g. 600, 640)")
    return mode


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError("must be a positive, finite number of seconds")
    return seconds


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        from ..serve.cli import run_serve

        return run_serve(args)
    try:
        if args.command == "spark":
            from ..spark.cli import run as run_spark

            return run_spark(args)
        return redact(args)
    except (UsageError, PipelineLoadError, FolderBusy) as error:
        print(f"spacy-deid: {error}", file=sys.stderr)
        return 2
    except OutputError as error:  # the folder itself, or the audit, cannot be written
        print(f"spacy-deid: {error}; stopping", file=sys.stderr)
        return 2


def redact(args: argparse.Namespace) -> int:
    """Validate everything run-level, then process; returns the exit code."""
    from ..anonymizer.keys import MissingKeyError, load_key

    only_stdin = args.inputs == ["-"]
    if args.out is None and not only_stdin:
        raise UsageError("--out DIR is required for file and folder inputs")
    if args.inputs.count("-") > 1:
        raise UsageError("stdin (-) can be given once")
    try:
        key = load_key(KEY_ENV, str(args.key_file) if args.key_file else None)
    except MissingKeyError:
        raise UsageError("--key-file does not exist, cannot be read or is empty") from None
    if args.hash_names and not key:
        raise UsageError(f"--hash-names needs a secret key: set ${KEY_ENV} or pass --key-file")
    try:
        group_map = read_group_map(args.group_map) if args.group_map else {}
    except (OSError, ValueError, UnicodeDecodeError, KeyError) as error:
        reason = str(error) if isinstance(error, ValueError) else type(error).__name__
        raise UsageError(f"--group-map cannot be read ({reason})") from None
    recognizers = read_recognizer_files(args)
    options = RedactOptions(
        out=args.out,
        pipelines=parse_pipelines(args.pipeline),
        lang=args.lang,
        encoding=args.encoding,
        anonymizer=anonymizer_overrides(args),
        hash_key=key if args.hash_names else None,
        group_by=args.group_by,
        group_map=group_map,
        batch_size=args.batch_size,
        ocr={"failed_pages": args.failed_pages, "show_labels": args.show_labels,
             "outside_page": args.outside_page, "codes": args.barcodes == "blackout",
             "pictures": args.pictures == "keep", "faces": args.faces == "blackout",
             **{name: getattr(args, name) for name in OCR_LIMITS if getattr(args, name) is not None}},
        dicom={"burned_in": args.burned_in},
        max_text_bytes=args.max_text_bytes,
        resume=args.resume,
        log_names=args.log_names,
        patterns=recognizers["patterns"],
        deny=recognizers["deny"],
        allow=recognizers["allow"],
    )
    inputs = list(collect_inputs(args.inputs, follow_links=args.follow_links))
    if args.out is not None:
        check_out(args.out, inputs, args.inputs)
    options.progress = args.progress if args.progress is not None else (
        len(inputs) > 1 and sys.stderr.isatty()
    )
    redactor = Redactor(options)
    redactor.load(needed_languages(options))
    from .handlers import document_handlers

    if args.out is None:  # stdin only: the redacted text goes to stdout, no audit is kept
        run = Run(options, redactor, None, document_handlers(), key)
        run.process(inputs)
    else:
        with OutputDir(args.out, args.file_mode) as out:
            run = Run(options, redactor, out, document_handlers(), key)
            run.process(inputs)
    c = run.counts
    total = sum(c.values())
    print(f"spacy-deid: {total} documents: {c['ok']} de-identified, {c['resumed']} already done "
          f"earlier, {c['failed']} failed, {c['skipped']} skipped", file=sys.stderr)
    return 1 if c["failed"] else 0
