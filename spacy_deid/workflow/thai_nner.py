"""Thai-NNER (scb-nner-th-2022 sample files) → our labels: the ONE type table and the converter.

Thai-NNER (Buaphet et al., Findings of ACL 2022; VISTEC-depa / SCB, **CC BY-SA 3.0**) is
real news and restaurant-review Thai with nested entities (up to 8 levels, 104 fine
types): a ``person`` span holds ``title``, ``firstname``, ``last``, ``nickname``...; an
``address`` holds ``roadname``, ``sub_district``, ``district``, ``province``...

Mapping decisions (for de-identification):

- Every type has an entry in :data:`TYPE_MAP` (None: not PHI); an unknown type raises.
- Only the **outermost PHI-bearing** span of a nest is kept (a ``person`` over its
  ``firstname``/``last``, an ``address`` over its ``province``, a ``date`` over its
  ``day``/``month``/``year``); a PHI type nested in a non-PHI one (a person inside an
  event or a law name) is kept.
- person → PERSON without its leading ``title``/``nicknametitle`` children (``นาย``,
  ``พล.อ.``, ``พ่อ`` in ``พ่อหนิง``) and without a title ``spacy_deid.text`` knows; a
  leading ``role`` child becomes PROFESSION. firstname, last, middle, nickname,
  psudoname (pen names) outside a person → PERSON.
- role → PROFESSION (a position or job title held by a person: ``นายกรัฐมนตรี``,
  ``เลขาธิการ``), as the hand-written guideline's PROFESSION.
- address, roadname, soi, sub_district, district, province, postcode, city, state,
  country, loc_others, river, mountian, island → LOCATION, a leading administrative prefix
  (``จังหวัด``, ``อ.``...) left outside as for ThaiNER; continent, ocean, space → not PHI.
- hospital, org_* , goverment, orgcorp, army, media, band, sports_team, stock_exchange,
  fund, restaurant, hotel → ORGANIZATION.
- facility types (facility_other, building, airport, port, station, bridge, stadium,
  museum) → ORGANIZATION when the name is an institution (ThaiNER's FACILITY rule), else
  LOCATION.
- date, day, month, year → DATE only with a digit or a month name (as for ThaiNER;
  ``rel`` dates such as ``วันนี้`` are not PHI).
- Everything else (numbers, units, money, time, duration, diseases, drugs, products,
  events, laws, works, nationality, religion, language, ...) → not PHI.
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from spacy_deid.text import title_length
from spacy_deid.workflow.thainer import ADMIN_PREFIX_RE, CALENDAR_RE, INSTITUTION_RE

PHI_PERSON = "PERSON"
_PERSON_PARTS = ("firstname", "last", "middle", "nickname", "psudoname")
_LOCATION = (
    "address", "roadname", "soi", "sub_district", "district", "province", "postcode", "city",
    "state", "country", "loc_others", "river", "mountian", "island",
)
_ORGANIZATION = (
    "hospital", "org_edu", "org_other", "org_political", "org_religious", "goverment", "orgcorp",
    "army", "media", "band", "sports_team", "stock_exchange", "fund", "restaurant", "hotel",
)
_FACILITY = ("facility_other", "building", "airport", "port", "station", "bridge", "stadium", "museum")
_DATE = ("date", "day", "month", "year")
_NOT_PHI = (
    "title", "nicknametitle", "namemod", "rel", "cardinal", "unit", "quantity", "money", "percent",
    "mult", "fold", "index", "distance", "weight", "energy", "speed", "temperature", "latitude",
    "longtitude", "time", "duration", "periodic", "season", "continent", "ocean", "space",
    "nationality", "norp_political", "norp_others", "religion", "language", "disease",
    "product_drug", "product_food", "food_ingredient", "sciname", "animal_species", "animate",
    "natural_disaster", "event_others", "sports_event", "war", "concert", "law", "award", "book",
    "song", "film", "tv_show", "woa", "game", "weapon", "vehicle", "electronics", "jargon", "god",
)

# The one table: Thai-NNER type → our label (None: not PHI). "FACILITY" and "DATE" are
# resolved per span by map_type().
TYPE_MAP: dict[str, str | None] = {
    "person": PHI_PERSON,
    **{t: PHI_PERSON for t in _PERSON_PARTS},
    "role": "PROFESSION",
    **{t: "LOCATION" for t in _LOCATION},
    **{t: "ORGANIZATION" for t in _ORGANIZATION},
    **{t: "FACILITY" for t in _FACILITY},
    **{t: "DATE" for t in _DATE},
    **{t: None for t in _NOT_PHI},
}
_TITLE_CHILDREN = ("title", "nicknametitle")

Span = tuple[int, int, str]


def map_type(entity_type: str, text: str) -> str | None:
    """Our label for one Thai-NNER span (before trimming), or None. Unknown types raise KeyError."""
    label = TYPE_MAP[entity_type]
    if label == "FACILITY":
        return "ORGANIZATION" if INSTITUTION_RE.match(text.strip()) else "LOCATION"
    if label == "DATE" and not CALENDAR_RE.search(text):
        return None
    return label


def doc_text(tokens: Sequence[str]) -> tuple[str, list[int]]:
    """The real text of a token list (``"_"`` is a space) and each token's start offset (plus the end)."""
    offsets, parts, pos = [], [], 0
    for token in tokens:
        piece = " " if token == "_" else token
        offsets.append(pos)
        parts.append(piece)
        pos += len(piece)
    offsets.append(pos)
    return "".join(parts), offsets


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def convert_doc(doc: dict) -> tuple[str, list[Span]]:
    """Plain text and our ``(start, end, label)`` character spans of one Thai-NNER document."""
    text, off = doc_text(doc["tokens"])
    ents = [(e["span"][0], e["span"][1], e["entity_type"]) for e in doc["entities"]]
    mapped = []
    for s, e, etype in ents:
        label = map_type(etype, text[off[s]:off[e]])
        if label is not None:
            mapped.append((s, e, etype, label))
    mapped.sort(key=lambda x: (x[0], -x[1]))
    kept: list[tuple[int, int, str, str]] = []
    for s, e, etype, label in mapped:
        if any(ks <= s and e <= ke for ks, ke, _, _ in kept):
            continue  # nested in a kept PHI span
        if any(s < ke and ks < e for ks, ke, _, _ in kept):
            continue  # crosses a kept span (does not occur in the samples)
        kept.append((s, e, etype, label))
    spans: list[Span] = []
    for s, e, etype, label in kept:
        start, end = off[s], off[e]
        if etype == "person":
            # leading title / role children (token offsets), then any title the text module knows
            moved = True
            while moved:
                moved = False
                for cs, ce, ctype in ents:
                    if off[cs] == start and ce <= e and off[ce] < end and ctype in _TITLE_CHILDREN + ("role",):
                        if ctype == "role":
                            rs, re_ = _strip(text, start, off[ce])
                            if rs < re_:
                                spans.append((rs, re_, "PROFESSION"))
                        start, moved = off[ce], True
                        start = _strip(text, start, end)[0]
                        break
            start += title_length(text[start:end])
        elif label == "LOCATION" and (prefix := ADMIN_PREFIX_RE.match(text, start)) and prefix.end() < end:
            start = prefix.end()
        start, end = _strip(text, start, end)
        if start < end:
            spans.append((start, end, label))
    spans.sort()
    return text, spans


def read_thai_nner(path: Path) -> Iterator[dict]:
    """Records ``{"text", "spans", "meta"}`` (our JSONL format) of a Thai-NNER JSON file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for doc in data:
        text, spans = convert_doc(doc)
        yield {
            "text": text,
            "spans": [[s, e, label, None] for s, e, label in spans],
            "meta": {"source": "thai-nner-2022-sample", "file": Path(path).name, "sentence_id": doc.get("sentence_id")},
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path, help="a Thai-NNER JSON file (sample_train.json, sample_dev.json)")
    parser.add_argument("out", type=Path, help="our JSONL")
    parser.add_argument("--repeat", type=int, default=1, help="write every document this many times (upweighting)")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    n_docs = n_spans = 0
    with args.out.open("w", encoding="utf-8") as f:
        for record in read_thai_nner(args.src):
            for _ in range(args.repeat):
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n_docs += 1
            n_spans += len(record["spans"])
    print(f"{args.out}: {n_docs} docs (x{args.repeat}), {n_spans} entities")


if __name__ == "__main__":
    main()
