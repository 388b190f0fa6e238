"""The one overlap rule shared by deid_anonymizer and deid_transformer_ner."""
from __future__ import annotations

from spacy_deid.overlaps import Candidate, resolve_overlaps


def test_each_cluster_becomes_its_union_with_the_best_scored_label():
    spans = [Candidate(0, 2, "PERSON", "", 0.9), Candidate(1, 4, "LOCATION", "", 0.95),
             Candidate(5, 6, "ID", "OTHER_ID", 0.5), Candidate(6, 7, "ID", "NATIONAL_ID", 0.8)]
    assert resolve_overlaps(spans) == [
        Candidate(0, 4, "LOCATION", "", 0.95), Candidate(5, 6, "ID", "OTHER_ID", 0.5),
        Candidate(6, 7, "ID", "NATIONAL_ID", 0.8),
    ]


def test_chained_overlaps_form_one_cluster():
    spans = [Candidate(0, 3, "A", "", 0.5), Candidate(2, 5, "B", "", 0.9), Candidate(4, 8, "C", "", 0.6)]
    assert resolve_overlaps(spans) == [Candidate(0, 8, "B", "", 0.9)]


def test_source_rank_beats_score_then_score_beats_length():
    spans = [Candidate(0, 2, "A", "", 0.5, "patterns", 0), Candidate(0, 5, "B", "", 0.99, "ner", 1)]
    assert resolve_overlaps(spans) == [Candidate(0, 5, "A", "", 0.5, "patterns", 0)]
    spans = [Candidate(0, 2, "A", "", 0.6), Candidate(0, 5, "B", "", 0.5)]
    assert resolve_overlaps(spans)[0].label == "A"


def test_equal_scores_go_to_the_longer_then_the_earlier():
    assert resolve_overlaps([Candidate(0, 2, "A", "", 0.5), Candidate(1, 5, "B", "", 0.5)]) == [
        Candidate(0, 5, "B", "", 0.5)
    ]
    assert resolve_overlaps([Candidate(0, 3, "A", "", 0.5), Candidate(1, 4, "B", "", 0.5)]) == [
        Candidate(0, 4, "A", "", 0.5)
    ]


def test_touching_spans_stay_apart_and_input_order_does_not_matter():
    spans = [Candidate(3, 5, "B", "", 0.5), Candidate(0, 3, "A", "", 0.5)]
    assert resolve_overlaps(spans) == [Candidate(0, 3, "A", "", 0.5), Candidate(3, 5, "B", "", 0.5)]
    assert resolve_overlaps([]) == []
