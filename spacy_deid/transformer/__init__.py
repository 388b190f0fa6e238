"""The deid_transformer_ner component: local Hugging Face token classifiers in spaCy."""
