"""CI: check README's main command did its job: every sample has its redacted counterpart and
exactly one ok audit record, and nothing is left half-written."""
import json
import sys
from pathlib import Path

samples, out = Path(sys.argv[1]), Path(sys.argv[2])
inputs = sorted(p.relative_to(samples).as_posix() for p in samples.rglob("*")
                if p.is_file() and not p.name.startswith("."))
records = [json.loads(line) for line in (out / "audit.jsonl").read_text("utf-8").splitlines()]
by_input = {}
for record in records:
    by_input.setdefault(record["input"], []).append(record)
problems = []
for rel in inputs:
    got = by_input.get(rel, [])
    if len(got) != 1 or got[0]["status"] != "ok":
        problems.append(f"{rel}: {len(got)} audit records, status {[r['status'] for r in got]}")
        continue
    outputs = got[0].get("outputs") or []
    if not outputs or not all((out / o).is_file() for o in outputs):
        problems.append(f"{rel}: outputs missing {outputs}")
    if not ((out / rel).is_file() or (out / (rel + ".png")).is_file()):
        problems.append(f"{rel}: no redacted counterpart")
    for item in got[0]["items"]:
        if not {"start", "end", "label", "kind", "source", "score", "operator"} <= set(item):
            problems.append(f"{rel}: audit item without the contract's fields")
            break
extra = sorted(set(by_input) - set(inputs))
if extra:
    problems.append(f"audit records for unknown inputs: {extra}")
parts = [p for p in out.rglob("*.part")]
if parts:
    problems.append(f"{len(parts)} .part files left")
if problems:
    print("main command outputs are incomplete:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"main command: {len(inputs)} samples, each with its redacted counterpart and one ok audit record")
