"""The table of built-in pattern recognizers: one row per recognizer, plain data.

The rows live in one module per family, in table order: ``ids`` (ID), ``contact`` (PHONE,
EMAIL, URL), ``dates`` (DATE, AGE), ``addresses`` (postcodes, ZIP, house numbers) and ``cues``
(context-cued PERSON, PROFESSION and LOCATION, plus the province gazetteer, read on first use).
Users add their own rows through ``deid_patterns``' ``initialize`` (``custom.py``).

How a row becomes findings (see ``engine.py``):

* ``pattern`` is matched on the text with Thai digits mapped to Arabic ones, so
  every pattern also finds ``๐-๙``. No ``\\b``: boundaries are lookarounds on ASCII
  letters/digits only, so a value glued to Thai letters (``อายุ45ปี``) is found.
* The finding covers the named group ``value`` when the pattern has one, else
  the whole match. Context words that are part of a pattern stay OUTSIDE the
  span: ``HN 64-12345`` → ``64-12345``; ``อายุ 45 ปี`` → ``45 ปี`` (AGE covers the
  number plus its unit: ``45 ปี``, ``45-year-old``, ``45 yo``). Formats whose
  prefix is part of the identifier itself are covered whole: ``ว.12345`` (medical
  licence), ``@handle``, ``พ.ศ. 2567`` (a date expression).
* ``validator`` (a name in ``validators.VALIDATORS``) checks the value: a
  checksum (Thai national ID mod 11, Luhn) or a sanity check (dates, IPs). When
  it fails, the finding is dropped, unless ``invalid_score`` is set and a context
  word is near: then it is kept with ``invalid_score`` (an ID with a mistyped or
  OCR-misread check digit next to "เลขประจำตัวประชาชน" is still an ID).
* ``context`` words are searched within ``context_window`` characters on both
  sides of the value (case-insensitive; Latin words must not be part of a longer
  Latin word, Thai words may touch anything). Found → ``score + context_boost``
  (at most 1.0). ``context_required`` rows report nothing without context.
* ``starts`` lists (as a regex character class) the characters a match can
  start with; it is a speed hint only, checked by the tests: the engine scans a
  text once for all rows led by one script and tries a row only where its class
  holds (rows with backreferences or ``ignore_case`` run alone, from the first
  character of their class). Rows whose first characters can be listed (``leads.py``
  works them out from the pattern) share scans that skip positions where none starts.
* Context-cued rows find PERSON, PROFESSION and LOCATION values after a real
  cue of Thai/English forms (a title, ``ชื่อ-สกุล``/``Name:``, a role such as
  ``ผู้บันทึก:``, ``อาชีพ``/``occupation:``, an address prefix ``จังหวัด``/``อ.``)
  with the cue outside the span, plus Thailand's province names (a closed, public
  list bundled with PyThaiNLP). A Thai value is a bounded run of Thai letters, so
  a name glued to the next word over-redacts that word, never a line.
* ID rows carry their finer kind (``labels.ID_KINDS``), written to ``span.kb_id_``.
* Overlaps: a finding inside another finding of the same label is dropped (the
  outer one keeps the higher score; for equal extents the earlier row wins, so
  rows are ordered specific → generic, e.g. NATIONAL_ID before OTHER_ID). The
  component also keeps one span per token extent (the higher score). All other
  overlaps are kept for the anonymizer to merge.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from . import addresses, contact, cues, dates, ids
from .dates import EN_MONTH, TH_MONTH
from .rows import Recognizer, one_of

__all__ = ["EN_MONTH", "TH_MONTH", "Recognizer", "builtin_recognizers", "one_of"]


@cache
def builtin_recognizers() -> tuple[Recognizer, ...]:
    """The built-in table in its order (ties between equal findings keep the earlier row);
    built, and the gazetteer read, on first call."""
    return ids.ROWS + contact.ROWS + dates.ROWS + addresses.ROWS + cues.ROWS + cues.province_rows()


def __getattr__(name: str) -> Any:
    """``RECOGNIZERS``: the built-in table, built on first access (not at import)."""
    if name == "RECOGNIZERS":
        return builtin_recognizers()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
