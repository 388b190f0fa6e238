"""``DeidPipe``: what every de-identification component shares (docs/components.md).

**Settings** are ``self.cfg``, a dict of the factory's settings, and the pipeline config
(``config.cfg`` plus any overrides given to ``spacy.load``) is their one source: they are not
saved with the component, as spaCy's ``span_ruler`` does not save its settings. A ``cfg`` file or
key left by an earlier version (which saved them) is not read.

**Data** (custom patterns, an allow list) are the attributes named in ``data_files``, each a list
saved as its own file (``.jsonl`` or ``.json``) when it is not empty and given back to
:meth:`DeidPipe._set_data` on loading (absent or excluded: empty); a component without data saves
nothing, and its folder may be missing. A component holding a model folder extends
``to_disk``/``from_disk`` and sets ``bytes_via_disk``: its bytes are then the files ``to_disk``
writes.

**Failure** is one policy, fail closed. Work on a batch happens in two steps: :meth:`_predict`
for the batch together (a forward pass, a key read once) and :meth:`_annotate` for each Doc. When
either raises, every Doc it concerned loses this component's output (:meth:`_discard`), is marked
failed (``doc._.deid_failed`` gets the component's name) and goes to the pipeline's error handler
(``nlp.set_error_handler``; spaCy's default re-raises). A handler that returns lets the Docs go
on, marked: the anonymizer never writes text for a Doc marked failed.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import srsly
from spacy import util
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from .extensions import install_extensions, mark_failed


class DeidPipe(Pipe):
    """Base of ``deid_patterns``, ``deid_anonymizer``, ``deid_transformer_ner``,
    ``deid_pretrained_ner`` and ``deid_normalized_ner`` (module docstring)."""

    # data attribute -> file name in the component's folder (and key in its bytes)
    data_files: ClassVar[dict[str, str]] = {}
    # bytes are the files of to_disk (a component with a model folder)
    bytes_via_disk: ClassVar[bool] = False

    def __init__(self, nlp: Language, name: str, scorer: Callable | None = None, **cfg: Any) -> None:
        install_extensions()
        self.name = name
        self.vocab = nlp.vocab
        self.scorer = scorer
        self.cfg: dict[str, Any] = cfg

    @property
    def spans_key(self) -> str:
        """The span group this component writes."""
        return self.cfg["spans_key"]

    # ----- processing -----------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc], batch_size=1)))

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Process Docs in batches of ``batch_size``, in order; every Doc is yielded, a failed
        one marked (module docstring)."""
        for batch in util.minibatch(stream, size=batch_size):
            docs = list(batch)
            try:
                predictions = list(self._predict(docs))
                if len(predictions) != len(docs):
                    raise ValueError(f"{self.name}: {len(predictions)} predictions for {len(docs)} Docs.")
            except Exception as error:  # the error handler decides
                self._fail(docs, error)
            else:
                for doc, prediction in zip(docs, predictions):
                    try:
                        self._annotate(doc, prediction)
                    except Exception as error:
                        self._fail([doc], error)
            yield from docs

    def _predict(self, docs: list[Doc]) -> Sequence[Any]:
        """What the batch needs done together, one item per Doc (an error fails the batch)."""
        return [None] * len(docs)

    def _annotate(self, doc: Doc, prediction: Any) -> None:
        """Write this component's output on one Doc (an error fails that Doc alone)."""
        raise NotImplementedError

    def _discard(self, doc: Doc) -> None:
        """Remove what this component writes, so a failed Doc carries none of it."""
        doc.spans.pop(self.spans_key, None)

    def _fail(self, docs: list[Doc], error: Exception) -> None:
        for doc in docs:
            self._discard(doc)
            mark_failed(doc, self.name)
        self.get_error_handler()(self.name, self, docs, error)

    # ----- serialization --------------------------------------------------------------
    def _get_data(self) -> dict[str, list[Any]]:
        return {attr: list(getattr(self, attr)) for attr in self.data_files}

    def _set_data(self, data: dict[str, list[Any]]) -> None:
        """Take loaded data (every attribute of ``data_files``; absent or excluded: empty)."""
        for attr, value in data.items():
            setattr(self, attr, value)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        if self.bytes_via_disk:
            with tempfile.TemporaryDirectory() as tmp:
                self.to_disk(tmp, exclude=exclude)
                files = {str(f.relative_to(tmp)): f.read_bytes()
                         for f in sorted(Path(tmp).rglob("*")) if f.is_file()}
            return srsly.msgpack_dumps(files)
        return srsly.msgpack_dumps({k: v for k, v in self._get_data().items() if k not in exclude})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> DeidPipe:
        saved = srsly.msgpack_loads(bytes_data)
        if self.bytes_via_disk:
            with tempfile.TemporaryDirectory() as tmp:
                for name, content in saved.items():
                    target = Path(tmp) / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(content)
                return self.from_disk(tmp, exclude=exclude)
        self._set_data({k: [] if k in exclude else list(saved.get(k) or []) for k in self.data_files})
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        writers: dict[str, Callable[[Path], None]] = {}
        for attr, value in self._get_data().items():
            file = self.data_files[attr]
            if value:
                write = srsly.write_jsonl if file.endswith(".jsonl") else srsly.write_json
                writers[file] = _writer(write, value)
        util.to_disk(path, writers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DeidPipe:
        path = Path(path)
        data: dict[str, list[Any]] = {}
        for attr, file in self.data_files.items():
            found = path / file
            if attr in exclude or not found.exists():
                data[attr] = []
            else:
                data[attr] = list(srsly.read_jsonl(found) if file.endswith(".jsonl") else srsly.read_json(found))
        self._set_data(data)
        return self


def _writer(write: Callable[[Path, Any], None], value: Any) -> Callable[[Path], None]:
    """A ``util.to_disk`` writer of ``value``."""
    return lambda path: write(path, value)
