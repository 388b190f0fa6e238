"""The Thai word tokenizer of every spacy_deid pipeline, and blank pipelines that use it.

spaCy's own ``spacy.th.ThaiTokenizer`` runs PyThaiNLP's pure-Python newmm. This one runs
the same algorithm with the same dictionary (PyThaiNLP's ``words_th.txt``) in nlpo3,
PyThaiNLP's Rust port, through ``pythainlp.tokenize.word_tokenize`` (so formatted numbers
are rejoined the same way): about 4× faster on our notes. nlpo3 also cuts runs of Latin
letters, digits and punctuation at the punctuation (``"/dL"`` → ``"/"``, ``"dL"``).
Tokens always rebuild the text exactly (whitespace is kept as tokens).
"""
from collections.abc import Callable
from functools import partial

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer
from spacy.vocab import Vocab

THAI_TOKENIZER = "spacy_deid.ThaiTokenizer.v1"


class ThaiTokenizer(DummyTokenizer):
    """Thai words by nlpo3's newmm; no whitespace is lost."""

    def __init__(self, vocab: Vocab) -> None:
        from pythainlp.tokenize import word_tokenize

        self.vocab = vocab
        self._word_tokenize = partial(word_tokenize, engine="nlpo3")

    def __call__(self, text: str) -> Doc:
        words = self._word_tokenize(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


def create_thai_tokenizer() -> Callable[[Language], ThaiTokenizer]:
    """Registered as ``spacy_deid.ThaiTokenizer.v1`` (``[nlp.tokenizer]`` in a config)."""

    def thai_tokenizer_factory(nlp: Language) -> ThaiTokenizer:
        return ThaiTokenizer(nlp.vocab)

    return thai_tokenizer_factory


def blank(lang: str) -> Language:
    """``spacy.blank(lang)``, with our Thai tokenizer for Thai."""
    if lang == "th":
        return spacy.blank("th", config={"nlp": {"tokenizer": {"@tokenizers": THAI_TOKENIZER}}})
    return spacy.blank(lang)
