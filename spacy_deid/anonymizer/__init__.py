"""The ``deid_anonymizer`` component: merge detector spans, then anonymize the text."""
