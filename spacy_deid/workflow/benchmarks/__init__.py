"""Side-by-side benchmarks of our pipelines and the peers (Presidio, PyThaiNLP's Thai NER).

Run ``python -m spacy_deid.workflow.benchmarks --help``. Peers are optional: ``pip install -e ".[peers]"``.
"""
