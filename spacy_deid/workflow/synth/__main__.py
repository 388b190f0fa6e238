"""CLI: ``python -m spacy_deid.workflow.synth --lang th --split train --n 2000 --seed 1 --out PATH.jsonl``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .corpus import LANGS, generate
from .pools import SPLITS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spacy_deid.workflow.synth", description=__doc__)
    parser.add_argument("--lang", choices=sorted(LANGS), required=True)
    parser.add_argument("--split", choices=SPLITS, required=True)
    parser.add_argument("--n", type=int, required=True, help="number of documents")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="output JSONL file")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("--n must be >= 0")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf8") as f:
            for doc in generate(args.lang, args.split, args.n, args.seed):
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")
        tmp.replace(args.out)
    finally:
        tmp.unlink(missing_ok=True)
    print(f"wrote {args.n} {args.lang}/{args.split} documents to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
