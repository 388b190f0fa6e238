"""Thailand's province names, read once, when a table that needs them is first built."""
from __future__ import annotations

import csv
from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def province_names() -> tuple[str, ...]:
    """Thai and English names of Thailand's 77 provinces (a closed, public list,
    read from the ``thailand_provinces_th.csv`` bundled with PyThaiNLP; read directly, not
    through ``pythainlp.corpus.provinces``, so importing the patterns does not import
    PyThaiNLP, as tests/patterns/test_component.py checks)."""
    spec = find_spec("pythainlp")
    if spec is None or not spec.submodule_search_locations:
        return ()
    path = Path(next(iter(spec.submodule_search_locations))) / "corpus" / "thailand_provinces_th.csv"
    if not path.exists():
        return ()
    with path.open(encoding="utf-8") as f:
        return tuple(name for row in csv.reader(f) if len(row) >= 3 for name in (row[0], row[2]))


@cache
def provinces() -> tuple[str, ...]:
    """The province names matched without a cue, longest first.

    Short province names are ordinary words (เลย, แพร่, ตาก "to dry", Nan): only
    names of five characters or more are matched without a cue.
    """
    return tuple(sorted((p for p in province_names() if len(p) >= 5), key=len, reverse=True))
