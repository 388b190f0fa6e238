"""``nlp.pipe(n_process=2)`` under the spawn start method gives what one process gives.

spaCy starts its workers with ``multiprocessing.Process`` of the default context, so the check
runs in a child interpreter (this file run as a script) that calls
``multiprocessing.set_start_method("spawn")`` first, as a user on Linux would to get spawn (the
default there is fork, which never pickles the pipeline). Each worker then gets the components
by pickling: the trained NER with its CPU-inference forward functions, the patterns, and the
anonymizer with the random surrogate key it made when it was built.

Both shipped default pipelines, on the sample texts and hand-written dev documents: without a
key (every label a surrogate, keyed by that build-time key) and with ``$SPACY_DEID_KEY``
(surrogates, keyed hashes, date shifts, numbered tags). The child records which ``Popen``
started every process, so a run that did not really spawn fails too.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY = "test-key-for-n-process-0123456789"

WITHOUT_KEY = {"operators": {"DEFAULT": {"operator": "surrogate"}}}
WITH_KEY = {"operators": {"DEFAULT": {"operator": "numbered_tag"},
                          "PERSON": {"operator": "surrogate"},
                          "ID": {"operator": "hash"},
                          "DATE": {"operator": "date_shift"},
                          "PHONE": {"operator": "surrogate"}}}


def documents() -> dict[str, list[str]]:
    """Texts per pipeline language: samples, every third hand-written document, edge cases."""
    texts: dict[str, list[str]] = {"th": [], "en": []}
    for path in sorted((ROOT / "assets" / "samples").glob("*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp874")
        texts["en" if path.stem.endswith("_en") else "th"].append(text)
    for name, langs in (("th", ("th",)), ("en", ("en",)), ("mixed", ("th", "en"))):
        lines = (ROOT / "assets" / "dev" / "handwritten" / f"{name}.jsonl").read_text("utf-8").splitlines()
        for line in lines[::3]:
            for lang in langs:
                texts[lang].append(json.loads(line)["text"])
    for lang in texts:
        texts[lang] += ["", "   \n", "081-234-5678", texts[lang][0] * 3]
    return texts


def _child() -> None:
    import multiprocessing
    from multiprocessing.process import BaseProcess

    multiprocessing.set_start_method("spawn")
    started: list[str] = []
    start = BaseProcess.start

    def recording_start(self: BaseProcess) -> None:
        start(self)
        started.append(type(self._popen).__module__)  # type: ignore[attr-defined]

    BaseProcess.start = recording_start  # type: ignore[method-assign]

    from spacy_deid.pipelines import load_pipeline, reconfigure_anonymizer

    report: dict[str, object] = {"start_method": multiprocessing.get_start_method(), "runs": {}}
    texts = documents()
    for lang in ("th", "en"):
        nlp = load_pipeline("default", lang)
        for name, overrides in (("without_key", WITHOUT_KEY), ("with_key", WITH_KEY)):
            if name == "with_key":
                os.environ["SPACY_DEID_KEY"] = KEY  # spawned workers inherit it
            else:
                os.environ.pop("SPACY_DEID_KEY", None)
            reconfigure_anonymizer(nlp, overrides)
            outputs = {}
            for n_process in (1, 2):
                before = len(started)
                docs = nlp.pipe(texts[lang], batch_size=4, n_process=n_process)
                outputs[n_process] = [[doc._.deid_text, doc._.deid_items] for doc in docs]
                outputs[f"started_{n_process}"] = started[before:]
            report["runs"][f"{lang}/{name}"] = outputs  # type: ignore[index]
    json.dump(report, sys.stdout, ensure_ascii=False)


def test_two_spawned_processes_give_what_one_gives() -> None:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    env.pop("SPACY_DEID_KEY", None)
    proc = subprocess.run([sys.executable, __file__], check=False, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["start_method"] == "spawn"
    texts = documents()
    assert set(report["runs"]) == {"th/without_key", "th/with_key", "en/without_key", "en/with_key"}
    for run, outputs in report["runs"].items():
        lang = run.split("/")[0]
        assert outputs["started_1"] == []
        assert outputs["started_2"] == ["multiprocessing.popen_spawn_posix"] * 2, run
        one, two = outputs["1"], outputs["2"]
        assert len(one) == len(texts[lang]) >= 24
        for index, (first, second) in enumerate(zip(one, two)):
            assert first == second, f"{run}: document {index} differs between 1 and 2 processes"
        operators = {item["operator"] for _, items in one for item in items}
        # the keyed and the build-time-keyed operators really ran (not all fell back to tags)
        assert "surrogate" in operators, run
        if run.endswith("with_key"):
            assert {"hash", "date_shift", "numbered_tag"} <= operators, (run, operators)
        assert sum(len(items) for _, items in one) > 5 * len(one), run


if __name__ == "__main__":
    _child()
