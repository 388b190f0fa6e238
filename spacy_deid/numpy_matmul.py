"""Run the CNN components' matrix products through numpy's BLAS instead of BLIS.

thinc multiplies matrices with BLIS, which picks its CPU kernels at run time and falls back
to slow generic C kernels on CPUs it does not recognise (AMD Zen 4 here: ``libblis:
selecting sub-configuration 'generic'``; a 2300×144 · 144×144 product takes 2.9 ms vs
0.95 ms with numpy's OpenBLAS on one thread). The shipped pipelines name this callback in
``[nlp.after_pipeline_creation]``: on CPU, the listed components' models get numpy ops
(``NumpyOps(use_blis=False)``), the same arithmetic by another library; on GPU it changes
nothing. The parser's compiled transition loop keeps its own BLIS calls (small products).
"""
from typing import Callable, List

from spacy.language import Language
from thinc.api import NumpyOps

NUMPY_MATMUL = "spacy_deid.numpy_matmul.v1"


def create_numpy_matmul(components: List[str]) -> Callable[[Language], Language]:
    """Registered as ``spacy_deid.numpy_matmul.v1`` (a ``spacy.registry.callbacks`` entry).

    components: pipe names whose models switch; names not in the pipeline (excluded
    when loading) are skipped.
    """

    def numpy_matmul(nlp: Language) -> Language:
        ops = NumpyOps(use_blis=False)
        for name in components:
            if name not in nlp.component_names:
                continue
            model = getattr(nlp.get_pipe(name), "model", None)
            if model is None:
                continue
            for node in model.walk():
                if type(node.ops) is NumpyOps:  # CPU only; GPU/Apple ops stay
                    node.ops = ops
        return nlp

    return numpy_matmul
