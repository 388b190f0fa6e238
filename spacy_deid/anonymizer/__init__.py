"""The ``deid_anonymizer`` component: merge detector spans, then anonymize the text."""
from .component import hidden_spans

__all__ = ["hidden_spans"]
