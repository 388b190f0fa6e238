"""The token-classification fine-tuning command, at smoke scale on a tiny local encoder."""
import json

import spacy

from spacy_deid.workflow.finetune import IGNORE, TAGS, label_pieces, main


def test_label_pieces_marks_b_i_and_ignores_blank_pieces():
    text = "Dr. John Smith  met Mary"
    ents = [(4, 14, "PERSON"), (20, 24, "PERSON")]
    offsets = [(0, 3), (3, 8), (8, 14), (14, 15), (15, 16), (16, 19), (19, 24)]
    tags = label_pieces(text, ents, offsets)
    names = [TAGS[t] if t != IGNORE else None for t in tags]
    assert names == ["O", "B-PERSON", "I-PERSON", None, None, "O", "B-PERSON"]


def test_adjacent_entities_get_their_own_b():
    text = "สมชายสมหญิง"
    tags = label_pieces(text, [(0, 5, "PERSON"), (5, 11, "PERSON")], [(0, 2), (2, 5), (5, 7), (7, 11)])
    assert [TAGS[t] for t in tags] == ["B-PERSON", "I-PERSON", "B-PERSON", "I-PERSON"]


def test_smoke_finetune_learns_and_resumes(tiny_base, name_records, tmp_path):
    records = name_records
    train = tmp_path / "train.jsonl"
    train.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    out = tmp_path / "out"
    args = [str(tiny_base), str(out), "--lang", "th", "--train", str(train),
            "--dev", f"names={train}", "--max-length", "32", "--batch-size", "16",
            "--lr", "1e-3", "--head-lr", "1e-2", "--warmup", "5", "--eval-every", "20",
            "--patience", "5", "--threads", "1"]
    main(args + ["--max-steps", "60", "--layers", "1"])
    log = [json.loads(line) for line in (out / "log.jsonl").read_text().splitlines()]
    assert [e["step"] for e in log] == [20, 40, 60]
    assert log[-1]["loss"] < log[0]["loss"]
    assert max(e["mean_phi_char_recall"] for e in log) > 0.5
    nlp = spacy.blank("th")
    nlp.add_pipe("deid_transformer_ner", config={"model": str(out / "best"), "label_preset": "ours"})
    nlp.initialize()
    pipe = nlp.get_pipe("deid_transformer_ner")
    assert "PERSON" in pipe.labels
    assert len(pipe.classifier.model.bert.encoder.layer) == 1  # --layers kept the first layer
    # resume: continues from OUT/last at step 60 up to the new cap
    main(args + ["--max-steps", "80", "--resume"])
    log = [json.loads(line) for line in (out / "log.jsonl").read_text().splitlines()]
    assert [e["step"] for e in log] == [20, 40, 60, 80]


def test_best_selection_rule():
    from spacy_deid.workflow.finetune import is_improvement

    fresh = {"best": None}
    assert is_improvement(fresh, 0.2, qualified=False)  # something is always kept
    unqualified_best = {"best": 1.0, "best_qualified": False}
    assert is_improvement(unqualified_best, 0.5, qualified=True)
    assert not is_improvement(unqualified_best, 1.0, qualified=False)
    qualified_best = {"best": 0.9, "best_qualified": True}
    assert is_improvement(qualified_best, 0.95, qualified=True)
    assert not is_improvement(qualified_best, 0.95, qualified=False)
    assert not is_improvement(qualified_best, 0.9, qualified=True)
