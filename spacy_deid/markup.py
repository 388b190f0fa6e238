"""Tokens of markup exports: a tag is a token of its own.

spaCy's English tokenizer keeps ``Hamid</Given><Family`` as one token, so a name inside an
XML, HTML or FHIR export is hidden together with its tags (the structure is lost) and the
ner sees a word it never learned. ``spacy_deid.markup_infixes.v1`` (an
``[nlp.after_creation]`` callback) makes a tag without attributes (``<Given>``,
``</Given>``, ``<br/>``) a prefix, suffix and infix token, and cuts a ``>`` that closes
an attribute's quote: ``<Given>Hamid</Given>`` → ``<Given>``, ``Hamid``, ``</Given>``.
Text without angle brackets is tokenized as before.
"""
import re
from collections.abc import Callable
from typing import Any, cast

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

TAG = re.compile(r"</?[A-Za-z][\w:.-]*/?>")
QUOTE_CLOSE = r"(?<=[\"'])>(?=\S)"


@registry.callbacks("spacy_deid.markup_infixes.v1")
def create_markup_infixes() -> Callable[[Language], Language]:
    """The callback: the language's own affixes plus tags."""

    def markup_infixes(nlp: Language) -> Language:
        defaults, tokenizer = nlp.Defaults, cast(Any, nlp.tokenizer)  # spaCy's Tokenizer or one like it
        tokenizer.prefix_search = compile_prefix_regex([TAG.pattern, *(defaults.prefixes or ())]).search
        tokenizer.suffix_search = compile_suffix_regex([TAG.pattern, *(defaults.suffixes or ())]).search
        tokenizer.infix_finditer = compile_infix_regex([TAG.pattern, QUOTE_CLOSE, *(defaults.infixes or ())]).finditer
        return nlp

    return markup_infixes
