"""``python -m spacy_deid.workflow.benchmarks``: ours vs the peers, written to results.md + .json.

Example (the full run, see docs/benchmarks.md)::

    python -m spacy_deid.workflow.benchmarks --out benchmarks \\
        --set synth-th-test=th:test:corpus/synth_th_test.jsonl --thainer assets/thainer/train.txt
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from .data import EvalSet, jsonl_set, thainer_dev_set
from .report import machine_info, render

DEFAULT_OURS = {"th": ["default", "rules"], "en": ["default", "rules"]}
PEERS_BY_LANG = {"th": ["presidio", "pythainlp"], "en": ["presidio"]}
THAINER_NOTE = (
    "The PyThaiNLP CRF was trained on ThaiNER 1.5's train file, the very file this dev "
    "split is carved from: its numbers here are flattered (it has seen these sentences). "
    "Our pipelines never trained on this split."
)


def parse_set(arg: str, limit: int | None) -> EvalSet:
    """``NAME=LANG:SPLIT:PATH`` → an EvalSet."""
    try:
        name, rest = arg.split("=", 1)
        lang, split, path = rest.split(":", 2)
    except ValueError:
        raise SystemExit(f"--set expects NAME=LANG:SPLIT:PATH, got {arg!r}") from None
    if lang not in PEERS_BY_LANG or split not in ("dev", "test"):
        raise SystemExit(f"--set {arg!r}: LANG must be th or en, SPLIT dev or test")
    return jsonl_set(name, lang, split, Path(path), limit)


def parse_ours(args: Sequence[str]) -> dict[str, list[str]]:
    """``LANG=SPEC[,SPEC...]`` items → our pipeline specs per language."""
    if not args:
        return DEFAULT_OURS
    out: dict[str, list[str]] = {}
    for item in args:
        lang, _, specs = item.partition("=")
        out[lang] = [s for s in specs.split(",") if s]
    return out


def crf_fidelity(train_txt: Path, limit: int | None) -> dict[str, object]:
    """Token-level F1 of the CRF variants on the ThaiNER dev split's lines, as PyThaiNLP reports."""
    from spacy_deid.workflow.thainer import BOM, is_dev

    from .thainer_crf import ThaiNerCrf, token_micro_f1

    lines, seen = [], set()
    for raw in Path(train_txt).read_text(encoding="utf-8").splitlines():
        key = raw.replace(BOM, "").strip()
        if key and key not in seen and is_dev(key):
            seen.add(key)
            lines.append(raw)
    lines = lines[:limit]
    variants = []
    for features, tokenizer in (("pythainlp", "mm"), ("pythainlp", "newmm"),
                                ("training", "mm"), ("training", "newmm")):
        f1 = token_micro_f1(ThaiNerCrf(features, tokenizer), lines)
        variants.append({"features": features, "tokenizer": tokenizer, **f1})
    return {
        "data": f"{train_txt} (dev split lines)",
        "note": (
            f"Token-level micro P/R/F1 over non-O BIO tags, the way PyThaiNLP reports ThaiNER, "
            f"on the {len(lines)} lines of the ThaiNER dev split (lines the CRF was trained on). "
            "Published for this model (thai-ner `model/1.5`, newmm-lst20): 0.98 on ThaiNER's "
            "val.txt, which repeats training lines too, and 0.84 on its held-out test.txt (not "
            "available here). Their words were cut inside entity boundaries and tagged by the "
            "LST20 POS tagger; ours are cut from plain text and tagged ORCHID→LST20. "
            "'pythainlp' features = PyThaiNLP 5.4's own feature code (with its 'mm' words, what "
            "its users run); 'training' = the attribute names stored in the model. The benchmark "
            "uses training/newmm."
        ),
        "variants": variants,
    }


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m spacy_deid.workflow.benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path("benchmarks"), help="writes results.md, results.json")
    p.add_argument("--set", dest="sets", action="append", default=[], help="NAME=LANG:SPLIT:PATH.jsonl")
    p.add_argument("--thainer", type=Path,
                   help="ThaiNER train.txt: adds its dev split (and the CRF fidelity check on it)")
    p.add_argument("--ours", action="append", default=[], help="LANG=SPEC,... (load_pipeline specs)")
    p.add_argument("--peers", default="presidio,pythainlp", help="comma list, or '' for none")
    p.add_argument("--limit", type=int, help="at most this many documents per set")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--warmup-docs", type=int, default=20)
    p.add_argument("--n-process", type=int, default=2, help="also time nlp.pipe(n_process=N); 0: skip")
    p.add_argument("--mp-chars", type=int, default=300_000,
                   help="characters of input for the n_process comparison (first set, repeated)")
    p.add_argument("--lengths", default="1000,10000,100000,1000000", help="scaling: characters; '' skips")
    p.add_argument("--scaling-timeout", type=float, default=300.0,
                   help="seconds before a scaling point is stopped (longer lengths then skipped)")
    p.add_argument("--batch-sizes", default="1,16,64,256", help="scaling: nlp.pipe batch sizes; '' skips")
    return p


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def run(args: argparse.Namespace) -> dict[str, object]:
    """Run everything the arguments ask for; returns the JSON-able report."""
    from . import runner, scaling
    from .peers import build_peer
    from .systems import OurPipeline
    machine = machine_info()
    sets = [parse_set(a, args.limit) for a in args.sets]
    if args.thainer:
        sets.append(thainer_dev_set(args.thainer, args.limit))
    if not sets:
        raise SystemExit("No evaluation set: give --set and/or --thainer.")
    empty = [s.name for s in sets if not s.texts]
    if empty:
        raise SystemExit(f"Empty evaluation set(s): {', '.join(empty)}")
    ours_specs = parse_ours(args.ours)
    peer_names = [p for p in args.peers.split(",") if p]
    systems: dict[str, list] = {}
    for lang in sorted({s.lang for s in sets}):
        ours = [OurPipeline(spec, lang) for spec in ours_specs.get(lang, [])]
        peers = [build_peer(name, lang) for name in PEERS_BY_LANG[lang] if name in peer_names]
        systems[lang] = ours + peers
    report: dict[str, object] = {
        "command": "python -m spacy_deid.workflow.benchmarks " + " ".join(shlex.quote(a) for a in args.argv),
        "machine": machine,
        "repeats": args.repeats,
        "sets": {},
    }
    for evalset in sets:
        print(f"[benchmark] {evalset.name}: {len(evalset.texts)} docs", file=sys.stderr, flush=True)
        results = runner.compare(evalset, systems[evalset.lang], args.repeats, args.warmup_docs)
        block = {
            "set": {"lang": evalset.lang, "split": evalset.split, "source": evalset.source,
                    "docs": len(evalset.texts), "chars": evalset.n_chars,
                    "note": THAINER_NOTE if evalset.name == "thainer-dev" else ""},
            "results": results,
        }
        report["sets"][evalset.name] = block
    if args.n_process > 1:
        report["multiprocess"] = {}
        for lang in sorted(systems):
            first = next(s for s in sets if s.lang == lang)
            texts = runner.repeat_to(first.texts, args.mp_chars)
            print(f"[benchmark] nlp.pipe n_process=1 vs {args.n_process} ({lang})", file=sys.stderr, flush=True)
            report["multiprocess"][lang] = {
                "input": f"{first.name} repeated: {len(texts)} docs, {sum(map(len, texts)):,} characters",
                "results": {s.name: runner.multiprocess_speed(s, texts, args.n_process, args.repeats)
                            for s in systems[lang] if isinstance(s, OurPipeline)},
            }
    if args.thainer and "pythainlp" in peer_names:
        report["crf_fidelity"] = crf_fidelity(args.thainer, args.limit)
    lengths, batch_sizes = _ints(args.lengths), _ints(args.batch_sizes)
    if lengths or batch_sizes:
        report["scaling"] = {"note": (
            "Each point in a fresh process: RSS loaded = resident memory after loading and "
            "warm-up; peak RSS = the maximum during the measured work; `nlp.max_length` raised "
            "to fit. Long documents are the first set's texts concatenated. A point over "
            f"{args.scaling_timeout:.0f} s is stopped and longer documents are skipped for that "
            "system."), "by_length": [], "by_batch_size": []}
        for lang in sorted(systems):
            texts = next(s.texts for s in sets if s.lang == lang)
            specs = [("ours", spec, lang) for spec in ours_specs.get(lang, [])[:1]]
            specs += [("peer", name, lang) for name in PEERS_BY_LANG[lang] if name in peer_names]
            if lengths:
                print(f"[benchmark] scaling by length ({lang})", file=sys.stderr, flush=True)
                report["scaling"]["by_length"] += scaling.by_length(specs, texts, lengths,
                                                                       args.scaling_timeout)
            if batch_sizes and specs and specs[0][0] == "ours":
                print(f"[benchmark] scaling by batch size ({lang})", file=sys.stderr, flush=True)
                report["scaling"]["by_batch_size"] += scaling.by_batch_size(specs[0], texts, batch_sizes,
                                                                              args.scaling_timeout)
    report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    report = run(args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    (args.out / "results.md").write_text(render(report), encoding="utf-8")
    print(f"[benchmark] wrote {args.out / 'results.md'} and results.json", file=sys.stderr)


if __name__ == "__main__":
    main()
