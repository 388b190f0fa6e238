"""``spacy-deid spark INPUT --out OUT``: the ``redact`` command as a Spark job.

Tables (``--format parquet|csv|json|text``) go through :func:`redact_text` and are written as
Parquet to OUT with the text column replaced by the outputs (``deid_items`` is the audit).
Folders of files (``--format binary``) go through :func:`redact_files`; the driver writes the
same file tree as ``spacy-deid redact`` below OUT (atomic, private, no links followed, through
:class:`spacy_deid.cli.outputs.OutputDir`) and the audit as ``OUT/audit.jsonl``. The key comes
from ``$SPACY_DEID_KEY`` on the workers (local masters inherit it from this process).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath
from typing import Any

from ..labels import SCHEMES

FORMATS = ("parquet", "csv", "json", "text", "binary")


def add_parser(commands: Any) -> None:
    """Add the ``spark`` subcommand to the CLI's subparsers (pyspark is not imported here)."""
    spark = commands.add_parser(
        "spark", help="de-identify a table of notes or a folder of files on Apache Spark",
        description="De-identify INPUT on Spark (extra [spark]): a table (parquet, csv with a "
        "header, json lines, text lines) into a Parquet table at --out, or a folder of files "
        "(--format binary) into the same file tree as 'redact', with audit.jsonl.")
    spark.add_argument("input", metavar="INPUT")
    spark.add_argument("--out", type=Path, required=True, help="output folder (must not exist "
                       "for tables)")
    spark.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    spark.add_argument("--format", choices=FORMATS, default="parquet", help="what INPUT is")
    spark.add_argument("--text-col", default=None, help="column of the notes (default text; "
                       "value for --format text)")
    spark.add_argument("--lang", choices=("auto", "th", "en"), default="auto")
    spark.add_argument("--lang-col", default=None, help="column of th/en/auto per row")
    spark.add_argument("--group-col", default=None, help="date-shift group column (e.g. patient id)")
    spark.add_argument("--pipeline", action="append", default=[], metavar="[LANG=]SPEC",
                       help="as for redact (default: default)")
    spark.add_argument("--operator", action="append", default=[], metavar="LABEL=OPERATOR",
                       help="e.g. PERSON=surrogate, DATE=date_shift")
    spark.add_argument("--label-scheme", choices=sorted(SCHEMES), default=None)
    spark.add_argument("--partitions", type=int, default=None,
                       help="repartition the input into N partitions first")
    spark.add_argument("--forward-key", action="store_true",
                       help="copy $SPACY_DEID_KEY into spark.executorEnv for a cluster master "
                       "without a secret store (local masters never need it)")


def run(args: argparse.Namespace) -> int:
    """Run the job; returns the exit code (1 when any row or file failed)."""
    from ..cli.options import UsageError, anonymizer_overrides, check_out, parse_pipelines

    if args.out.exists() and (args.format != "binary" or not args.out.is_dir()):
        raise UsageError("--out exists; tables are written to a new folder")
    if "://" not in args.input:
        if not Path(args.input).exists():
            raise UsageError("INPUT does not exist")
        check_out(args.out, [], [args.input])  # not the input, nor inside it, nor around it
    overrides = anonymizer_overrides(argparse.Namespace(
        operator=args.operator, label_scheme=args.label_scheme, audit_values=False, key_file=None))
    pipelines = parse_pipelines(args.pipeline)
    from .frames import redact_files, redact_text, settings
    from .session import build_session
    from .worker import check_pipelines

    common: dict[str, Any] = {"lang": args.lang, "pipeline": pipelines,
                              "operators": overrides.pop("operators", None),
                              "group_col": args.group_col, "anonymizer": overrides, "check": False}
    # a pipeline that cannot load stops here (exit 2), before Spark starts
    check_pipelines(settings(pipelines, args.lang, common["operators"], overrides), args.lang_col)
    spark = build_session(args.master, forward_key=args.forward_key)
    if args.format == "binary":
        df = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(args.input)
        if args.partitions:
            df = df.repartition(args.partitions)
        root = str(Path(args.input).resolve()) if Path(args.input).is_dir() else None
        return write_tree(redact_files(df, root=root, **common), args.out)
    text_col = args.text_col or ("value" if args.format == "text" else "text")
    reader = spark.read.format(args.format)
    if args.format == "csv":
        reader = reader.option("header", "true").option("multiLine", "true")
    df = reader.load(args.input)
    if text_col not in df.columns:
        raise UsageError(f"the input has no column {text_col!r} (see --text-col)")
    if args.partitions:
        df = df.repartition(args.partitions)
    out = redact_text(df, text_col=text_col, lang_col=args.lang_col, **common).drop(text_col)
    out.write.parquet(str(args.out))
    written = spark.read.parquet(str(args.out))  # counted from what was written: no second run
    total = written.count()
    failed = written.filter(written.deid_status != "ok").count()
    print(f"spacy-deid: {total} rows: {total - failed} de-identified, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def write_tree(df: Any, out: Path) -> int:
    """Write every file of the redacted rows below ``out`` and their audit records to
    ``out/audit.jsonl``, streaming rows to the driver one partition at a time."""
    import json

    from ..cli.outputs import OutputDir, OutputError

    counts = {"ok": 0, "failed": 0}
    with OutputDir(out, 0o600) as folder:
        for row in df.select("deid_files", "deid_audit", "deid_status").toLocalIterator():
            record = json.loads(row["deid_audit"])
            written: list[PurePosixPath] = []
            try:
                for item in row["deid_files"] or []:
                    folder.write(PurePosixPath(item["path"]), bytes(item["content"]))
                    written.append(PurePosixPath(item["path"]))
            except OutputError as error:
                for rel in written:
                    folder.remove(rel)
                record.update(status="failed", error=str(error), items=[], outputs=[])
            counts["ok" if record.get("status") == "ok" else "failed"] += 1
            folder.append_audit(record)
    print(f"spacy-deid: {sum(counts.values())} documents: {counts['ok']} de-identified, "
          f"{counts['failed']} failed", file=sys.stderr)
    return 1 if counts["failed"] else 0
