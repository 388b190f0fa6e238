"""Documents too long for one Doc: detect in overlapping windows, render the whole text once.

The text is cut into cores of about ``size`` characters (at a line break or space when one is
near); each window is its core plus ``overlap`` characters of context on both sides. A span
belongs to the window whose core holds its first character, so a span across a core border is
found whole in the window that starts it. Spans of neighbouring windows that still overlap are
united (coverage never shrinks), and the anonymizer renders the full text in one pass, so
numbered tags, surrogates and date shifts are the same as for a short document. Only the
windows of one batch are held as Docs at once: each batch goes through its own ``nlp.pipe``
call, whatever batch size the components use inside.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.language import Language

from ..anonymizer.component import CharSpan
from ..extensions import is_deidentified

WINDOW_CHARS = 100_000
OVERLAP_CHARS = 2_000


def cores(text: str, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive cores covering ``text``, each at most ``size`` long."""
    bounds, start = [], 0
    while len(text) - start > size:
        end = start + size
        cut = max(text.rfind("\n", start + size // 2, end), text.rfind(" ", start + size // 2, end))
        end = cut + 1 if cut > 0 else end
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def windows(text: str, size: int, overlap: int) -> Iterator[tuple[int, int, int, int]]:
    """``(window_start, window_end, core_start, core_end)`` for each core."""
    for start, end in cores(text, size):
        yield max(0, start - overlap), min(len(text), end + overlap), start, end


def find_spans(
    nlp: Language, anonymizer: Any, text: str, group: str | None, *,
    size: int = WINDOW_CHARS, overlap: int = OVERLAP_CHARS, batch_size: int = 1,
) -> list[CharSpan]:
    """The merged spans of ``text`` in its own character offsets (raises on a failed window)."""
    parts = list(windows(text, size, overlap))

    def docs() -> Iterator[tuple[Any, int]]:
        # batch by batch, each through its own nlp.pipe call: a component that batches by
        # its own size (as deid_pretrained_ner once did, 256 Docs whatever nlp.pipe's
        # batch_size) would otherwise pull hundreds of windows at once (50 MB of English
        # notes went past 16 GB; 2 MB took 5 GB)
        for first in range(0, len(parts), batch_size):
            batch = []
            for index in range(first, min(first + batch_size, len(parts))):
                w_start, w_end = parts[index][:2]
                doc = nlp.make_doc(text[w_start:w_end])
                doc._.deid_group = group
                batch.append((doc, index))
            yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
            del batch

    found: list[CharSpan] = []
    done = 0
    key = anonymizer.cfg["spans_key"]
    # A span's label, kind, source and score repeat across the document: keep one object of
    # each (a fresh ``span.label_`` string and score per span cost ~120 bytes a span on top
    # of the span itself; 10 MB of notes have 333k spans).
    shared: dict[tuple[type, Any], Any] = {}

    def one(value: Any) -> Any:
        return shared.setdefault((type(value), value), value)

    for doc, index in docs():
        w_start, _, c_start, c_end = parts[index]
        if index != done or not is_deidentified(doc):
            raise RuntimeError("a window of the document failed")  # fail closed: all or nothing
        done += 1
        for span, item in zip(doc.spans[key], doc._.deid_items):
            start = w_start + item["start"]
            if c_start <= start < c_end:
                found.append(CharSpan(start, w_start + item["end"], one(span.label_),
                                      one(span.kb_id_), one(item["source"]), one(item["score"])))
    if done != len(parts):
        raise RuntimeError("a window of the document failed")
    return unite(found)


def unite(spans: list[CharSpan]) -> list[CharSpan]:
    """Sorted spans with overlapping ones united (the first one's label and kind kept)."""
    out: list[CharSpan] = []
    for span in sorted(spans):
        if out and span.start < out[-1].end:
            out[-1] = out[-1]._replace(end=max(out[-1].end, span.end))
        else:
            out.append(span)
    return out
