"""Shared fixtures. Everything runs offline: no model hub, no PyThaiNLP downloads."""
import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import pytest
import spacy


@pytest.fixture(scope="session")
def nlp_th():
    return spacy.blank("th")


@pytest.fixture(scope="session")
def nlp_en():
    return spacy.blank("en")
