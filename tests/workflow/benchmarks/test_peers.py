"""Peer adapters: label table, overlap resolution, and the peers themselves."""
from types import SimpleNamespace

import pytest

from spacy_deid.labels import LABELS
from spacy_deid.workflow.benchmarks.peers import (
    PRESIDIO_LABELS,
    ThaiNerCrfPeer,
    build_peer,
    presidio_label,
    resolve_overlaps,
)

PEERS_MISSING = (
    "PEERS NOT INSTALLED: the Presidio adapter is untested here. Install the peers extra "
    "(pip install -e '.[test,peers]') - CI's test command must include it."
)


def test_presidio_label_table_maps_to_our_labels():
    assert {v for v in PRESIDIO_LABELS.values() if v is not None} <= set(LABELS)
    assert presidio_label("EMAIL_ADDRESS") == "EMAIL"
    assert presidio_label("NRP") is None
    assert presidio_label("SG_NRIC_FIN") == "ID"


def test_resolve_overlaps_keeps_best_label_and_all_coverage():
    def r(s, e, t, score):
        return SimpleNamespace(start=s, end=e, entity_type=t, score=score)

    out = resolve_overlaps([r(0, 12, "UK_NHS", 1.0), r(0, 12, "PHONE_NUMBER", 0.75),
                            r(20, 30, "PERSON", 0.85), r(25, 40, "NRP", 0.85)])
    assert out == [(0, 12, "ID"), (0, 12, None), (20, 30, "PERSON"), (25, 40, None)]


def test_crf_peer_redacts_only_phi_labels():
    peer = ThaiNerCrfPeer()
    text = "นายสมชาย ใจดี จ่ายเงิน 500 บาท เมื่อวันที่ 12 มีนาคม 2567"
    [spans] = peer.process([text])
    assert spans and {label for _, _, label in spans} <= set(LABELS)
    assert not any("บาท" in text[s:e] for s, e, _ in spans)  # MONEY is not PHI


def test_unknown_peer_and_english_crf_rejected():
    with pytest.raises(ValueError):
        build_peer("nope", "th")
    with pytest.raises(ValueError):
        build_peer("pythainlp", "en")


def test_presidio_peer_offline():
    pytest.importorskip("presidio_analyzer", reason=PEERS_MISSING)
    en, th = build_peer("presidio", "en"), build_peer("presidio", "th")
    assert en.name == "presidio" and th.name == "presidio+ThTnin"
    assert "ThTninRecognizer" in th.describe()["recognizers"]
    text = "Patient John Smith, email john.smith@example.com, seen on 12/03/2024."
    [spans] = en.process([text])
    found = {(text[s:e], label) for s, e, label in spans}
    assert ("john.smith@example.com", "EMAIL") in found
    assert ("John Smith", "PERSON") in found
    tnin = "1101700230708"  # valid TNIN checksum
    [spans] = th.process([f"เลขบัตรประชาชน {tnin}"])
    assert any(label == "ID" for _, _, label in spans)
