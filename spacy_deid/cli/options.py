"""The CLI's option checks shared by its subcommands (redact, serve, spark)."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..labels import operator_settings
from .inputs import Input


class UsageError(Exception):
    """A run-level problem found before any output is written (exit code 2)."""


def parse_pipelines(values: list[str]) -> dict[str, str]:
    """``--pipeline`` values (``SPEC`` or ``LANG=SPEC``) → {lang or "*": spec}."""
    pipelines: dict[str, str] = {}
    for value in values or ["default"]:
        lang, sep, spec = value.partition("=")
        if sep and lang in ("th", "en"):
            pipelines[lang] = spec
        else:
            pipelines["*"] = value
    return pipelines


def anonymizer_overrides(args: argparse.Namespace) -> dict[str, object]:
    """The anonymizer settings the options ask for (operators, label scheme, audit values, key)."""
    overrides: dict[str, object] = {}
    if args.operator:
        operators = {}
        for value in args.operator:
            label, sep, name = value.partition("=")
            if not sep or not label.strip() or not name.strip():
                raise UsageError(f"--operator wants LABEL=OPERATOR, got {value!r}")
            operators[label] = name.strip()
        overrides["operators"] = operator_settings(operators)
    if args.label_scheme:
        overrides["label_scheme"] = args.label_scheme
    if args.audit_values:
        overrides["audit_values"] = True
    if args.key_file:
        overrides["key_file"] = str(args.key_file)
    return overrides


def check_out(out: Path, inputs: list[Input], args: list[str]) -> None:
    """Refuse an output folder that is a file, or is, contains or lies inside an input."""
    if out.exists() and not out.is_dir():
        raise UsageError("--out names a file, not a folder")
    target = out.resolve()
    roots = [Path(a).resolve() for a in args if a != "-"]
    roots += [i.path.resolve() for i in inputs if i.path is not None and not i.skipped]
    for root in roots:
        if target == root or root in target.parents or target in root.parents:
            raise UsageError("--out may not be, contain or lie inside an input; choose a "
                             "separate output folder")


def read_recognizer_files(args: argparse.Namespace) -> dict[str, list[Any]]:
    """``--patterns``, ``--deny`` and ``--allow`` files read and checked: ``{"patterns": [...],
    "deny": [...], "allow": [...]}``. A bad file is a :class:`UsageError` naming the option,
    the file and the line, never a value from it (a list entry may be PHI)."""
    from ..patterns.custom import PatternsError, parse_patterns, read_patterns
    from ..patterns.terms import read_allow_list, read_deny_list

    readers = {"patterns": read_patterns, "deny": read_deny_list, "allow": read_allow_list}
    found: dict[str, list[Any]] = {name: [] for name in readers}
    for name, reader in readers.items():
        for path in getattr(args, name, None) or []:
            try:
                found[name] += reader(path)
            except PatternsError as error:
                raise UsageError(f"--{name} {path}: {error}") from None
    try:
        parse_patterns(found["patterns"])  # names unique across the files
    except PatternsError as error:
        raise UsageError(f"--patterns: {error}") from None
    return found
