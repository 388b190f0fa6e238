"""``deid_transformer_ner``: a local Hugging Face token classifier as a spaCy component.

Writes ``doc.spans[spans_key]`` (default ``deid_trf``) with ``attrs["scores"]``; ID
spans carry their finer kind in ``span.kb_id_``. torch and transformers are only
imported when the model is loaded (``initialize`` / ``from_disk`` / ``from_bytes``).
"""

import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import minibatch

from ..normalize import normalize
from ..overlaps import Candidate, resolve_overlaps
from ..pipe import DeidPipe
from ..scorer import score_weights
from ..spans import expand_span, make_group
from .decode import Aggregation, char_range, decode, entity_types, line_parts, make_windows, merge_windows
from .presets import PresetName, build_mapping

if TYPE_CHECKING:  # torch is imported when the model is loaded
    import numpy as np

    from .model import TokenClassifier

# per Doc: tag probabilities (sub-tokens x tags) and the sub-tokens' character offsets
Prediction = tuple["np.ndarray", list[tuple[int, int]]]

Quantize = Literal["none", "dynamic_int8"]

DEFAULT_CONFIG = {
    "model": "",
    "label_preset": "auto",
    "label_map": {},
    "spans_key": "deid_trf",
    "threshold": 0.5,
    "aggregation": "mean",
    "window": 0,
    "stride": 0,
    "batch_size": 8,
    "torch_threads": 0,
    "quantize": "none",
    "scorer": {"@scorers": "spacy_deid.deid_scorer.v1"},
}


@Language.factory(
    "deid_transformer_ner",
    assigns=["doc.spans"],
    default_config=DEFAULT_CONFIG,
    default_score_weights=score_weights("deid_trf"),
)
def make_deid_transformer_ner(
    nlp: Language,
    name: str,
    model: str,
    label_preset: PresetName,
    label_map: dict[str, str],
    spans_key: str,
    threshold: float,
    aggregation: Aggregation,
    window: int,
    stride: int,
    batch_size: int,
    torch_threads: int,
    quantize: Quantize,
    scorer: Callable | None,
) -> "TransformerDeid":
    """Build the component; the model is loaded by ``initialize`` or ``from_disk``.

    model (str): local folder of a token-classification checkpoint (config.json,
        weights, fast tokenizer). Never downloaded.
    label_preset (str): "auto", "ours", "thai_deid" or "i2b2".
    label_map (Dict[str, str]): entity type → "LABEL" or "LABEL/KIND" ("" ignores it);
        wins over the preset.
    spans_key (str): span group written.
    threshold (float): minimum entity probability (1 − P(O)) of a sub-token.
    aggregation (str): span score from its sub-tokens: "mean" or "min".
    window (int): content sub-tokens per window (0 = the model's maximum).
    stride (int): sub-tokens between window starts (0 = three quarters of window).
    batch_size (int): windows per forward pass.
    torch_threads (int): torch intra-op threads (0 = leave torch's setting).
    quantize (str): "none" or "dynamic_int8" (torch dynamic quantization of Linear layers).
    scorer (Optional[Callable]): the scoring method (``spacy_deid.deid_scorer.v1``).
    """
    return TransformerDeid(
        nlp,
        name,
        model=model,
        label_preset=label_preset,
        label_map=label_map,
        spans_key=spans_key,
        threshold=threshold,
        aggregation=aggregation,
        window=window,
        stride=stride,
        batch_size=batch_size,
        torch_threads=torch_threads,
        quantize=quantize,
        scorer=scorer,
    )


class TransformerDeid(DeidPipe):
    """Token classification over sliding windows of sub-tokens, decoded to spaCy spans.

    Settings are ``cfg`` (the factory's names: ``model``, ``threshold``, ``window``...); a batch
    whose forward pass fails is marked failed and goes to the error handler (``spacy_deid.pipe``).
    """

    bytes_via_disk = True

    def __init__(
        self,
        nlp: Language,
        name: str = "deid_transformer_ner",
        *,
        model: str = "",
        label_preset: PresetName = "auto",
        label_map: dict[str, str] | None = None,
        spans_key: str = "deid_trf",
        threshold: float = 0.5,
        aggregation: Aggregation = "mean",
        window: int = 0,
        stride: int = 0,
        batch_size: int = 8,
        torch_threads: int = 0,
        quantize: Quantize = "none",
        scorer: Callable | None = None,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}.")
        if window < 0 or stride < 0 or (window and stride > window):
            raise ValueError("window and stride must be >= 0, and stride <= window.")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1.")
        super().__init__(
            nlp, name, scorer=scorer, model=model, label_preset=label_preset,
            label_map=dict(label_map or {}), spans_key=spans_key, threshold=threshold,
            aggregation=aggregation, window=window, stride=stride, batch_size=batch_size,
            torch_threads=torch_threads, quantize=quantize,
        )
        self.classifier: TokenClassifier | None = None  # once loaded
        self.mapping: dict[str, tuple[str, str]] = {}
        self.windowing: tuple[int, int] = (0, 0)

    # ----- loading -------------------------------------------------------------
    def _load(self, path: str | Path) -> None:
        from .model import TokenClassifier

        cfg = self.cfg
        classifier = TokenClassifier(path, cfg["torch_threads"], cfg["quantize"])
        if "O" not in classifier.tags:
            raise ValueError("The model's labels have no 'O' tag.")
        mapping = build_mapping(entity_types(classifier.tags), cfg["label_preset"], cfg["label_map"])
        room = classifier.max_length - len(classifier.prefix) - len(classifier.suffix)
        window = cfg["window"] or room
        if window > room:
            raise ValueError(
                f"window={cfg['window']} sub-tokens does not fit the model ({room} plus specials)."
            )
        stride = cfg["stride"] or max(1, window * 3 // 4)
        if stride > window:
            raise ValueError(f"stride={stride} is larger than the window ({window}).")
        self.classifier, self.mapping, self.windowing = classifier, mapping, (window, stride)

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Load the model from the configured local folder (raises if it cannot)."""
        if not self.cfg["model"]:
            raise ValueError(
                f"[components.{self.name}] needs `model = /path/to/local/checkpoint` "
                "(a token-classification folder with a fast tokenizer)."
            )
        self._load(self.cfg["model"])

    @property
    def labels(self) -> tuple[str, ...]:
        """Our labels this component can produce (known once the model is loaded)."""
        return tuple(sorted({label for label, _ in self.mapping.values() if label}))

    # ----- inference -----------------------------------------------------------
    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 32) -> Iterator[Doc]:
        """Annotate Docs; windows of a batch of Docs are run together."""
        return super().pipe(stream, batch_size=batch_size)

    def predict(self, docs: list[Doc]) -> list[Prediction]:
        """Per Doc: tag probabilities (sub-tokens × tags) and the sub-tokens' char offsets."""
        if self.classifier is None:
            raise RuntimeError(
                f"'{self.name}' has no model loaded: run nlp.initialize() or load a saved pipeline."
            )
        window, stride = self.windowing
        encoded = [self._encode(doc.text) for doc in docs]
        jobs: list[tuple[int, tuple[int, int]]] = []  # (doc index, window) for every window of every doc
        for i, (ids, _) in enumerate(encoded):
            jobs.extend((i, w) for w in make_windows(len(ids), window, stride))
        order = sorted(range(len(jobs)), key=lambda j: jobs[j][1][1] - jobs[j][1][0])
        results: list = [None] * len(jobs)
        for chunk in minibatch(order, size=self.cfg["batch_size"]):
            batch = [encoded[jobs[j][0]][0][jobs[j][1][0] : jobs[j][1][1]] for j in chunk]
            for j, probs in zip(chunk, self.classifier.predict(batch)):
                results[j] = probs
        predictions = []
        for i, (ids, offsets) in enumerate(encoded):
            mine = [j for j, job in enumerate(jobs) if job[0] == i]
            probs = merge_windows(len(ids), [jobs[j][1] for j in mine], [results[j] for j in mine])
            predictions.append((probs, offsets))
        return predictions

    _predict = predict

    def _encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Sub-tokens of the normalised view of ``text`` (invisible characters dropped,
        full-width forms and other-script digits folded: ``spacy_deid.normalize``), with
        offsets into ``text`` itself."""
        view = normalize(text)
        ids, offsets = cast("TokenClassifier", self.classifier).encode(view.text)
        if view.text is text:
            return ids, offsets
        return ids, [view.span(a, b) if b > a else (0, 0) for a, b in offsets]

    def set_annotations(self, docs: list[Doc], predictions: Sequence[Prediction]) -> None:
        """Decode ``predict``'s output (at ``cfg["threshold"]``) into ``doc.spans[spans_key]``."""
        for doc, prediction in zip(docs, predictions):
            self._annotate(doc, prediction)

    def _annotate(self, doc: Doc, prediction: Prediction) -> None:
        probs, offsets = prediction
        keep = [k for k, (start, end) in enumerate(offsets) if end > start]
        kept_offsets = [offsets[k] for k in keep]
        tags = cast("TokenClassifier", self.classifier).tags  # predict() ran: the model is loaded
        pieces = decode(probs[keep], tags, self.cfg["threshold"], self.cfg["aggregation"])
        candidates = []
        for piece in pieces:
            label, kind = self.mapping[piece.type]
            if not label:
                continue
            chars = char_range(piece, kept_offsets, doc.text)
            for part in line_parts(doc.text, *chars) if chars else ():
                span = expand_span(doc, *part, label, kb_id=kind)
                if span is not None:
                    candidates.append(Candidate(span.start, span.end, label, kind, piece.score))
        spans, scores = [], []
        for cand in resolve_overlaps(candidates):
            spans.append(Span(doc, cand.start, cand.end, label=cand.label, kb_id=cand.kind))
            scores.append(cand.score)
        doc.spans[self.spans_key] = make_group(doc, self.spans_key, spans, scores)

    # ----- serialization -------------------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        """Store the model and its tokenizer inside the pipeline folder (the settings are the
        pipeline config's)."""
        if self.classifier is None:
            raise RuntimeError(f"'{self.name}' has no model loaded to save.")
        path = Path(path)
        super().to_disk(path, exclude=exclude)
        target = path / "model"
        if target.exists():
            shutil.rmtree(target)
        self.classifier.save(target)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> "TransformerDeid":
        """Load the model stored by ``to_disk`` (raises if it is missing or broken)."""
        super().from_disk(path, exclude=exclude)
        self._load(Path(path) / "model")
        return self
