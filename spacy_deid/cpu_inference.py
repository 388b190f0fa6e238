"""Faster CPU inference for the shipped pipelines' CNN components, with the same results.

The shipped configs name ``spacy_deid.cpu_inference.v1`` in ``[nlp.after_pipeline_creation]``;
for the listed components it changes how the model computes, never what:

* **Matrix products through numpy.** thinc multiplies matrices with BLIS, which picks its
  CPU kernels at run time and falls back to slow generic C kernels on CPUs it does not
  recognise (AMD Zen 4 here: ``libblis: selecting sub-configuration 'generic'``; a 2300×144 ·
  144×144 product takes 2.9 ms vs 0.95 ms with numpy's OpenBLAS on one thread). The models
  get ``NumpyOps(use_blis=False)``: the same arithmetic by another library. The parser's
  compiled transition loop keeps its own BLIS calls (small products).
* **Each distinct token embedded once per batch.** A token's embedding (hash embeddings of
  NORM, PREFIX, SUFFIX, SHAPE, mixed by a maxout layer) depends on those four values only,
  and a batch repeats most of them (59 % of the tokens of the ThaiNER dev lines, 83 % of our
  Thai notes). Outside training, ``MultiHashEmbed`` embeds each distinct row of features
  once and copies the result to its repeats; row for row the numbers are the same.
* **Maxout without the argmax.** Outside training a maxout layer needs the largest of its
  pieces, not which piece won (that is for gradients): numpy's elementwise maximum over the
  pieces replaces thinc's loop that finds both (0.14 vs 1.0 ms for 2400×48×3 values here).

GPU (and other non-numpy) ops are left alone. The changed forward functions are module-level
(``functools.partial`` of them), so the pipeline still pickles: ``nlp.pipe(n_process=...)``
under the spawn start method sends the components to its workers that way.
"""
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy
from spacy.language import Language
from thinc.api import Model, NumpyOps, Ragged
from thinc.layers.maxout import forward as maxout_forward

CPU_INFERENCE = "spacy_deid.cpu_inference.v1"

# Odd 64-bit constants: a row of feature hashes folds into one key, so that finding the
# distinct rows is a 1-d sort (a 2-d ``numpy.unique`` is several times slower).
_FOLD = numpy.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=numpy.uint64
)


def distinct_rows(rows: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray] | None:
    """(distinct rows, index of each input row among them), or None on a key collision."""
    width = rows.shape[1]
    if width > len(_FOLD):
        return None
    keys = (rows * _FOLD[:width]).sum(axis=1, dtype=numpy.uint64)  # wraps around: a hash
    _, first, inverse = numpy.unique(keys, return_index=True, return_inverse=True)
    distinct = rows[first]
    inverse = inverse.reshape(-1)
    if not numpy.array_equal(distinct[inverse], rows):  # two rows shared a key
        return None
    return distinct, inverse


def _is_multi_hash_embed(node: Model) -> bool:
    """spaCy's MultiHashEmbed: extract_features >> list2ragged >> with_array(concatenate
    of hash embeddings) >> with_array(maxout >> layernorm >> dropout) >> ragged2list."""
    names = [layer.name for layer in node.layers]
    return len(names) == 5 and names[:2] == ["extract_features", "list2ragged"] and names[4] == "ragged2list"


def _embed_distinct_rows(node: Model) -> None:
    """Outside training, ``node`` (a MultiHashEmbed) embeds each distinct row of features once."""
    node._func = partial(_distinct_rows_forward, node._func)


def _distinct_rows_forward(
    full_forward: Callable, model: Model, docs: Sequence[Any], is_train: bool
) -> tuple[Any, Callable]:
    if is_train:
        return full_forward(model, docs, is_train)
    extract, to_ragged, embed, mix, to_list = model.layers
    features = to_ragged.predict(extract.predict(docs))
    found = distinct_rows(features.data) if len(features.data) else None
    if found is None:
        return full_forward(model, docs, is_train)
    distinct, inverse = found
    vectors = mix.predict(embed.predict(distinct))[inverse]
    return to_list.predict(Ragged(vectors, features.lengths)), _no_backprop


def _maxout_without_argmax(node: Model) -> None:
    """Outside training, ``node`` (thinc's Maxout) keeps the maximum and skips the argmax."""
    node._func = partial(_maxout_forward, node._func)


def _maxout_forward(
    full_forward: Callable, model: Model, X: numpy.ndarray, is_train: bool
) -> tuple[numpy.ndarray, Callable]:
    if is_train:
        return full_forward(model, X, is_train)
    nO, nP, nI = model.get_dim("nO"), model.get_dim("nP"), model.get_dim("nI")
    # the same products as thinc's Maxout.forward
    Y = model.ops.gemm(X, model.ops.reshape2f(model.get_param("W"), nO * nP, nI), trans2=True)
    Y += model.ops.reshape1f(model.get_param("b"), nO * nP)
    pieces = model.ops.reshape3f(Y, Y.shape[0], nO, nP)
    best = pieces[..., 0].copy()
    for piece in range(1, nP):
        numpy.maximum(best, pieces[..., piece], out=best)
    return best, _no_backprop


def _no_backprop(d_output: Any) -> Any:
    raise ValueError("cpu_inference: this forward pass ran outside training; it has no gradient.")


def create_cpu_inference(components: list[str]) -> Callable[[Language], Language]:
    """Registered as ``spacy_deid.cpu_inference.v1`` (a ``spacy.registry.callbacks`` entry).

    components: pipe names whose models change; names not in the pipeline (excluded
    when loading) are skipped.
    """

    def cpu_inference(nlp: Language) -> Language:
        ops = NumpyOps(use_blis=False)
        for name in components:
            if name not in nlp.component_names:
                continue
            model = getattr(nlp.get_pipe(name), "model", None)
            if model is None:
                continue
            for node in model.walk():
                if type(node.ops) is not NumpyOps:  # CPU only; GPU/Apple ops stay
                    continue
                node.ops = ops
                if _is_multi_hash_embed(node):
                    _embed_distinct_rows(node)
                elif node._func is maxout_forward:
                    _maxout_without_argmax(node)
        return nlp

    return cpu_inference
