"""Fine-tune a local encoder as a token classifier for ``deid_transformer_ner``.

Reads the training workflow's data (JSONL records ``{"text", "spans": [[start, end,
label, kind], ...]}`` or ``.spacy`` DocBins with ``doc.ents``), labels model
sub-tokens B-/I-<our label> through the tokenizer's character offsets, and trains
with AdamW (separate learning rates for encoder and head, linear warm-up and decay,
gradient clipping). Every ``--eval-every`` steps it saves ``OUT/last`` (weights,
tokenizer, optimizer and scheduler state: ``--resume`` continues from it), scores the
dev sets through the real component (``deid_transformer_ner``, ``doc.spans["deid_trf"]``)
with the de-id view of ``spacy_deid.metrics``, appends a line to ``OUT/log.jsonl`` and
copies the model to ``OUT/best`` when the mean dev PHI-character recall improves (with
over-redaction at most ``--max-over-redaction``; the first evaluation is always kept). It
stops after ``--patience`` evaluations without improvement or at ``--max-steps``.

    python -m spacy_deid.workflow.finetune BASE OUT --lang th \\
        --train corpus/thainer_train.jsonl corpus/synth_th_train.jsonl \\
        --dev thainer_dev=corpus/thainer_dev.jsonl synth_th_dev=corpus/synth_th_dev.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from spacy_deid.labels import LABELS
from spacy_deid.transformer.decode import make_windows
from spacy_deid.transformer.model import model_limit

TAGS = ["O"] + [f"{prefix}-{label}" for label in LABELS for prefix in "BI"]
IGNORE = -100
Record = tuple[str, list[tuple[int, int, str]]]


def read_records(path: Path) -> Iterator[Record]:
    """(text, [(start, end, label)]) from a JSONL file or a ``.spacy`` DocBin."""
    if path.suffix == ".spacy":
        import spacy
        from spacy.tokens import DocBin

        for doc in DocBin().from_disk(path).get_docs(spacy.blank("xx").vocab):
            yield doc.text, [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        return
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                yield record["text"], [(s, e, label) for s, e, label, *_ in record["spans"]]


def label_pieces(text: str, ents: Sequence[tuple[int, int, str]],
                 offsets: Sequence[tuple[int, int]]) -> list[int]:
    """Tag ids per sub-token: B- on an entity's first piece, I- after; blank pieces ignored."""
    owner = np.full(len(text) + 1, -1, dtype=np.int64)
    for i, (start, end, label) in enumerate(ents):
        if label not in LABELS:
            raise ValueError(f"Unknown label {label!r} in the training data.")
        owner[start:end] = i
    tags, previous = [], -1
    for start, end in offsets:
        chars = [k for k in range(start, end) if not text[k].isspace()]
        if not chars:
            tags.append(IGNORE)
            continue
        ent = int(owner[chars[0]])
        if ent < 0:
            tags.append(0)
        else:
            prefix = "I" if ent == previous else "B"
            tags.append(TAGS.index(f"{prefix}-{ents[ent][2]}"))
        previous = ent
    return tags


def make_examples(tokenizer, records: Sequence[Record], window: int) -> list[tuple[list[int], list[int]]]:
    """(sub-token ids, tag ids) per window of every record (windows do not overlap)."""
    examples = []
    for text, ents in records:
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        pieces = tokenizer.convert_ids_to_tokens(enc["input_ids"])
        offsets = [(a, a) if not p.strip("▁") else (a, b) for p, (a, b) in zip(pieces, enc["offset_mapping"])]
        tags = label_pieces(text, ents, offsets)
        for start, end in make_windows(len(tags), window, window):
            examples.append((enc["input_ids"][start:end], tags[start:end]))
    return examples


def batches(examples, batch_size: int, rng: random.Random) -> Iterator[list]:
    """Endless shuffled batches of similar length (sorted within pools of 50 batches)."""
    while True:
        order = list(range(len(examples)))
        rng.shuffle(order)
        pool = 50 * batch_size
        chunks: list[list[int]] = []
        for i in range(0, len(order), pool):
            part = sorted(order[i : i + pool], key=lambda j: len(examples[j][0]))
            chunks.extend(part[k : k + batch_size] for k in range(0, len(part), batch_size))
        rng.shuffle(chunks)
        for chunk in chunks:
            yield [examples[j] for j in chunk]


def collate(batch, prefix: list[int], suffix: list[int], pad_id: int):
    import torch

    width = max(len(ids) for ids, _ in batch) + len(prefix) + len(suffix)
    input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(batch), width), dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    for row, (ids, tags) in enumerate(batch):
        full = prefix + list(ids) + suffix
        input_ids[row, : len(full)] = torch.tensor(full)
        attention[row, : len(full)] = 1
        labels[row, len(prefix) : len(prefix) + len(tags)] = torch.tensor(tags)
    return input_ids, attention, labels


def evaluate(model_dir: Path, lang: str, dev: dict[str, list[dict]], window: int) -> dict[str, dict]:
    """The de-id view of the component with this checkpoint on each dev set."""
    from spacy_deid.tokenizer import blank
    from spacy_deid.workflow.evaluate import score_pipeline

    nlp = blank(lang)
    nlp.add_pipe("deid_transformer_ner", config={"model": str(model_dir), "window": window})
    nlp.initialize()
    keep = ("phi_char_recall", "leaked_entities", "over_redaction", "ents_p", "ents_r", "ents_f",
            "words_per_second")
    return {
        name: {k: v for k, v in score_pipeline(nlp, records, "deid_trf").items() if k in keep}
        for name, records in dev.items()
    }


def is_improvement(state: dict, recall: float, qualified: bool) -> bool:
    """Whether an evaluation becomes ``best``.

    The first evaluation always does (so ``best`` exists even at smoke scale); after it,
    only a qualified one (over-redaction within the limit) can, and it must beat a
    qualified best's recall.
    """
    if state["best"] is None:
        return True
    if not qualified:
        return False
    return not state.get("best_qualified", True) or recall > state["best"]


def save_checkpoint(out: Path, model, tokenizer, optimizer, scheduler, state: dict) -> None:
    import torch

    tmp = out / "last.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()},
               tmp / "training_state.pt")
    (tmp / "trainer_state.json").write_text(json.dumps(state, indent=2))
    if (out / "last").exists():
        shutil.rmtree(out / "last")
    tmp.rename(out / "last")


def finetune(args: argparse.Namespace) -> dict:
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    resume = args.resume and (out / "last" / "trainer_state.json").is_file()
    source = out / "last" if resume else args.base
    tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
    model = AutoModelForTokenClassification.from_pretrained(
        source, local_files_only=True, num_labels=len(TAGS),
        id2label=dict(enumerate(TAGS)), label2id={t: i for i, t in enumerate(TAGS)},
    )
    if args.layers and not resume:  # keep the lower encoder layers only (cheaper on CPU)
        encoder = model.base_model.encoder
        encoder.layer = encoder.layer[: args.layers]
        model.config.num_hidden_layers = len(encoder.layer)
    limit = min(args.max_length, model_limit(model.config, tokenizer))
    room = limit - tokenizer.num_special_tokens_to_add()
    probe = tokenizer("a", return_special_tokens_mask=True)
    mask = probe["special_tokens_mask"]
    first, last = mask.index(0), len(mask) - 1 - mask[::-1].index(0)
    prefix, suffix = probe["input_ids"][:first], probe["input_ids"][last + 1 :]
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0

    train = [r for path in args.train for r in read_records(path)]
    examples = make_examples(tokenizer, train, room)
    dev = {}
    for item in args.dev:
        name, _, path = item.partition("=")
        dev[name] = [{"text": t, "spans": [[s, e, label, None] for s, e, label in ents]}
                     for t, ents in read_records(Path(path))]

    head = [p for n, p in model.named_parameters() if n.startswith("classifier")]
    body = [(n, p) for n, p in model.named_parameters() if not n.startswith("classifier")]
    if args.freeze_embeddings:
        for n, p in body:
            if "embeddings" in n:
                p.requires_grad_(False)
    no_decay = ("bias", "LayerNorm")
    groups = [
        {"params": [p for n, p in body if p.requires_grad and not any(k in n for k in no_decay)],
         "lr": args.lr, "weight_decay": 0.01},
        {"params": [p for n, p in body if p.requires_grad and any(k in n for k in no_decay)],
         "lr": args.lr, "weight_decay": 0.0},
        {"params": head, "lr": args.head_lr, "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups)
    warmup, total = args.warmup, args.max_steps

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total - step) / max(1, total - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    state = {"step": 0, "best": None, "best_step": None, "bad_evals": 0, "seconds": 0.0}
    if resume:
        saved = torch.load(out / "last" / "training_state.pt", weights_only=False)
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        state = json.loads((out / "last" / "trainer_state.json").read_text())
        rng = random.Random(args.seed + state["step"])  # a fresh shuffle from here on
    print(f"train windows: {len(examples)}, tags: {len(TAGS)}, start step {state['step']}", flush=True)

    stream = batches(examples, args.batch_size, rng)
    losses: list[float] = []
    started = time.perf_counter() - state["seconds"]
    model.train()
    while state["step"] < args.max_steps:
        input_ids, attention, labels = collate(next(stream), prefix, suffix, pad_id)
        loss = model(input_ids=input_ids, attention_mask=attention, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        losses.append(loss.item())
        state["step"] += 1
        if state["step"] % 50 == 0:
            seconds = time.perf_counter() - started
            print(f"step {state['step']}: loss {np.mean(losses[-50:]):.4f}, "
                  f"{seconds / 60:.1f} min", flush=True)
        if state["step"] % args.eval_every and state["step"] < args.max_steps:
            continue
        state["seconds"] = time.perf_counter() - started
        model.eval()
        save_checkpoint(out, model, tokenizer, optimizer, scheduler, state)
        scores = evaluate(out / "last", args.lang, dev, room) if dev else {}
        model.train()
        recall = float(np.mean([s["phi_char_recall"] for s in scores.values()])) if scores else 0.0
        over = max((s["over_redaction"] for s in scores.values()), default=0.0)
        improved = is_improvement(state, recall, over <= args.max_over_redaction)
        if improved:
            state.update(best=recall, best_step=state["step"], bad_evals=0,
                         best_qualified=over <= args.max_over_redaction)
            if (out / "best").exists():
                shutil.rmtree(out / "best")
            shutil.copytree(out / "last", out / "best",
                            ignore=shutil.ignore_patterns("training_state.pt", "trainer_state.json"))
        else:
            state["bad_evals"] += 1
        entry = {"step": state["step"], "loss": round(float(np.mean(losses)), 4),
                 "minutes": round(state["seconds"] / 60, 2), "mean_phi_char_recall": recall,
                 "best": improved, "dev": scores}
        losses = []
        with (out / "log.jsonl").open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
        print(json.dumps(entry), flush=True)
        (out / "last" / "trainer_state.json").write_text(json.dumps(state, indent=2))
        if state["bad_evals"] >= args.patience:
            break
    return state


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m spacy_deid.workflow.finetune", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("base", type=Path, help="local encoder folder (HF format, fast tokenizer)")
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="th", help="spaCy language of the dev evaluation")
    parser.add_argument("--train", type=Path, nargs="+", required=True)
    parser.add_argument("--dev", nargs="*", default=[], help="NAME=PATH (.jsonl or .spacy)")
    parser.add_argument("--max-length", type=int, default=256, help="sub-tokens per window, specials included")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=5e-5, help="encoder learning rate")
    parser.add_argument("--head-lr", type=float, default=1e-3, help="classifier learning rate")
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--max-steps", type=int, default=2000)
    parser.add_argument("--eval-every", type=int, default=200)
    parser.add_argument("--patience", type=int, default=3)
    parser.add_argument("--max-over-redaction", type=float, default=0.05)
    parser.add_argument("--layers", type=int, default=0, help="keep only the first N encoder layers (0 = all)")
    parser.add_argument("--freeze-embeddings", action="store_true")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--resume", action="store_true", help="continue from OUT/last if present")
    state = finetune(parser.parse_args(argv))
    print(f"stopped at step {state['step']}; best mean PHI-char recall {state['best']} "
          f"at step {state['best_step']}")


if __name__ == "__main__":
    main()
