"""leads.py without re's private parser (or with a changed one): no leads, same findings."""
from __future__ import annotations

import builtins
import importlib.util
import types

import pytest

from spacy_deid.normalize import normalize
from spacy_deid.patterns import PatternEngine, engine, leads
from spacy_deid.text import to_arabic_digits

from .test_engine import reference_find
from .test_table import corpus

PRIVATE = {"re._parser", "re._constants", "sre_parse", "sre_constants"}


def fresh_leads() -> types.ModuleType:
    """A new copy of leads.py, imported under the current (patched) imports."""
    spec = importlib.util.spec_from_file_location("spacy_deid.patterns._leads_copy", leads.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def without_private_parser(monkeypatch):
    real_import = builtins.__import__

    def fake_import(name, globals=None, locals=None, fromlist=(), level=0):
        wanted = {name} | {f"{name}.{item}" for item in fromlist or ()}
        if level == 0 and wanted & PRIVATE:
            raise ImportError(f"no {name}")
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    module = fresh_leads()
    monkeypatch.setattr(builtins, "__import__", real_import)
    return module


def test_the_real_parser_is_used_here():
    assert leads.parser_works()
    assert leads.literal_leads("ab|cd") == frozenset({"ab", "cd"})


def test_missing_private_parser_gives_no_leads(without_private_parser):
    assert without_private_parser._PARSER is None
    assert not without_private_parser.parser_works()
    assert without_private_parser.literal_leads("ab|cd") is None


def test_a_changed_parser_is_caught_by_the_probes(monkeypatch):
    module = fresh_leads()
    monkeypatch.setattr(module, "sre_parse", types.SimpleNamespace(parse=lambda pattern: []))
    assert not module.parser_works()
    assert module.literal_leads("ab|cd") is None
    module = fresh_leads()
    monkeypatch.setattr(module, "sre_parse", types.SimpleNamespace(parse=lambda pattern: 1 / 0 or []))
    assert not module.parser_works()  # whatever it raises
    assert module.literal_leads("ab|cd") is None


def test_engine_without_leads_finds_the_same(without_private_parser, monkeypatch):
    listed = PatternEngine()
    monkeypatch.setattr(engine, "literal_leads", without_private_parser.literal_leads)
    plain = PatternEngine()
    assert 0 < len(plain.scans) < len(listed.scans)  # rows with leads no longer scan apart
    lines = [line for line in corpus().splitlines() if line.strip()][::3]
    for line in lines:
        view = to_arabic_digits(normalize(line).text)
        assert plain.find_in_view(view) == reference_find(plain, view), line
