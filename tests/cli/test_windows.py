"""Documents too long for one Doc: windows with overlap, one render over the whole text."""
import json
from itertools import pairwise
from pathlib import Path

import pytest

from spacy_deid.cli import main
from spacy_deid.cli.windows import CharSpan, cores, unite, windows
from spacy_deid.pipelines import load_pipeline


def test_cores_cover_the_text_and_prefer_line_breaks():
    text = ("line of words\n" * 50) + "x" * 300
    bounds = cores(text, 100)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(bounds))
    assert all(end - start <= 100 for start, end in bounds)
    assert all(text[end - 1] == "\n" for _, end in bounds[:5])


def test_windows_add_context_on_both_sides():
    text = "a " * 500
    parts = list(windows(text, 200, 30))
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    for w_start, w_end, c_start, c_end in parts[1:-1]:
        assert w_start == c_start - 30 and w_end == c_end + 30


def test_unite_merges_overlaps_keeping_coverage():
    spans = [CharSpan(10, 20, "PHONE", "", "p", 1.0), CharSpan(15, 30, "PHONE", "", "p", 1.0),
             CharSpan(40, 45, "EMAIL", "", "p", 1.0)]
    assert [(s.start, s.end) for s in unite(spans)] == [(10, 30), (40, 45)]


def _values_at_every_offset(size: int) -> str:
    """Phone numbers and e-mails at shifting offsets, so that many straddle window borders."""
    pieces, i = [], 0
    while sum(map(len, pieces)) < size:
        pieces.append(f"note {i} {'y' * (i % 37)} call 081-234-{i % 10000:04d} or jane{i}@example.com\n")
        i += 1
    return "".join(pieces)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_windowed_output_equals_the_whole_document(lang, tmp_path: Path):
    """Rendered in windows of 1,000 characters or in one Doc: the same text and items."""
    from spacy_deid.cli.redact import RedactOptions, Redactor

    text = _values_at_every_offset(20_000)
    if lang == "th":
        text = text.replace("note", "ผู้ป่วยโทร")
    nlp = load_pipeline("rules", lang, {"operators": {"DEFAULT": {"operator": "numbered_tag"}}})
    whole = nlp(text)
    redactor = Redactor(RedactOptions(out=None, pipelines={"*": "rules"}, window_chars=1_000,
                                      anonymizer={"operators": {"DEFAULT": {"operator": "numbered_tag"}}}))
    (result,) = redactor.pipe(lang, [(text, 0, None)]).values()
    deid, items = result
    assert deid == whole._.deid_text
    assert items == whole._.deid_items
    assert "081-234-" not in deid and "@example.com" not in deid


def test_a_two_million_character_line_is_processed(tmp_path: Path):
    line = ("x" * 997 + " ") * 2_000 + "call 415-555-0132 now"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(line)
    out = tmp_path / "out"
    assert main(["redact", str(tmp_path / "in"), "--out", str(out), "--pipeline", "rules"]) == 0
    redacted = (out / "long.txt").read_text()
    assert "415-555-0132" not in redacted and len(redacted) > 1_990_000
    (record,) = [json.loads(x) for x in (out / "audit.jsonl").read_text().splitlines()]
    assert record["chars"] == len(line) and record["items"][-1]["label"] == "PHONE"
    assert line[record["items"][-1]["start"]:record["items"][-1]["end"]] == "415-555-0132"


def test_a_failing_window_fails_the_whole_document(tmp_path: Path):
    from spacy_deid.cli.redact import RedactOptions, Redactor

    redactor = Redactor(RedactOptions(out=None, pipelines={"*": "rules"}, window_chars=500))
    nlp = redactor.nlp_for("en")
    anonymizer = nlp.get_pipe("deid_anonymizer")
    calls = []
    original = anonymizer._annotate

    def flaky(doc, key):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return original(doc, key)

    anonymizer._annotate = flaky
    text = "call 415-555-0132 " * 300
    assert redactor.pipe("en", [(text, 0, None)]) == {}
    assert "RuntimeError" in redactor.last_error()
