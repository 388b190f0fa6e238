"""deid_transformer_ner's torch_threads holds for its own forward passes only."""
from __future__ import annotations

import pytest
import spacy
import torch

from spacy_deid.transformer.model import torch_threads


@pytest.fixture
def process_threads():
    before = torch.get_num_threads()
    yield before
    torch.set_num_threads(before)


def test_forward_passes_use_the_setting_and_the_process_keeps_its_own(oracle_dir, process_threads):
    wanted = process_threads + 1
    nlp = spacy.blank("en")
    trf = nlp.add_pipe("deid_transformer_ner", config={"model": str(oracle_dir), "torch_threads": wanted})
    nlp.initialize()
    assert torch.get_num_threads() == process_threads  # loading leaves the process alone
    seen: list[int] = []
    trf.classifier.model.register_forward_pre_hook(lambda module, args: seen.append(torch.get_num_threads()))
    docs = list(nlp.pipe(["Patient John Smith was seen in Boston", "Call 081-234-5678"], batch_size=1))
    assert "John Smith" in [s.text for s in docs[0].spans["deid_trf"]]
    assert seen and set(seen) == {wanted}
    assert torch.get_num_threads() == process_threads


def test_zero_leaves_torch_alone(oracle_dir, process_threads):
    nlp = spacy.blank("en")
    trf = nlp.add_pipe("deid_transformer_ner", config={"model": str(oracle_dir)})
    nlp.initialize()
    seen: list[int] = []
    trf.classifier.model.register_forward_pre_hook(lambda module, args: seen.append(torch.get_num_threads()))
    nlp("Patient John Smith")
    assert seen == [process_threads]


def test_the_setting_is_given_back_after_an_error(process_threads):
    with pytest.raises(RuntimeError), torch_threads(process_threads + 2):
        assert torch.get_num_threads() == process_threads + 2
        raise RuntimeError("forward failed")
    assert torch.get_num_threads() == process_threads
