"""The de-identification view: PHI-character recall, leaked entities, over-redaction, P/R/F."""
import pytest

from spacy_deid.metrics import DeidScorer

TEXT = "Jane Roe called 555 0132 today"
GOLD = [(0, 8, "PERSON"), (16, 24, "PHONE")]


def test_exact_prediction_is_perfect():
    scorer = DeidScorer()
    scorer.add(TEXT, GOLD, GOLD)
    result = scorer.result()
    assert result["phi_char_recall"] == 1.0 and result["leaked_entities"] == 0.0
    assert result["over_redaction"] == 0.0 and result["ents_f"] == 1.0


def test_partial_coverage_leaks_and_over_redaction_counts():
    scorer = DeidScorer()
    # "Jane" only (4 of 7 PERSON chars), the phone with the wrong label, and "today" wrongly
    scorer.add(TEXT, GOLD, [(0, 4, "PERSON"), (16, 24, "ID"), (25, 30, "DATE")])
    result = scorer.result()
    assert result["phi_char_recall"] == pytest.approx((4 + 7) / (7 + 7))
    assert result["leaked_count"] == 0  # 4/7 of the name is covered: not less than half
    assert result["over_redaction"] == pytest.approx(5 / len("calledtoday"))
    assert result["ents_p"] == 0.0 and result["unlabeled_p"] == pytest.approx(1 / 3)
    assert result["ents_per_type"]["PERSON"]["support"] == 1


def test_less_than_half_covered_is_leaked():
    scorer = DeidScorer()
    scorer.add(TEXT, GOLD, [(16, 19, "PHONE")])
    result = scorer.result()
    assert result["leaked_count"] == 2 and result["leaked_entities"] == 1.0
    assert result["ents_per_type"]["PHONE"]["leaked"] == 1


def test_separate_character_gold_for_the_privacy_view():
    scorer = DeidScorer()
    scorer.add(TEXT, [(0, 8, "PERSON")], [(0, 4, "PERSON")], phi=[(0, 4, "PERSON")])
    result = scorer.result()
    assert result["phi_char_recall"] == 1.0 and result["ents_r"] == 0.0


def test_hidden_ranges_drive_the_deid_view_and_pred_the_entity_scores():
    text = "age (51) ok"
    gold = [(4, 7, "AGE")]  # token-aligned "(51"
    phi = [(5, 7, "AGE")]  # the annotators' "51"
    scorer = DeidScorer()
    scorer.add(text, gold, [(4, 7, "AGE")], phi=phi, hidden=[(5, 7, "AGE")])
    r = scorer.result()
    assert r["ents_f"] == 1.0  # the span matches the aligned gold
    assert r["phi_char_recall"] == 1.0 and r["over_redaction"] == 0.0  # "(" stays visible
    plain = DeidScorer()
    plain.add(text, gold, [(4, 7, "AGE")], phi=phi)
    assert plain.result()["over_redaction"] > 0.0
