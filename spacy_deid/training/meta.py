"""Write name, version, licence and data attribution into an assembled pipeline's meta.json."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Dict, List, Optional

from ..about import __version__

THAINER = {
    "name": "ThaiNER 1.5",
    "url": "https://github.com/wannaphong/thai-ner",
    "license": "CC BY 3.0",
    "author": "Wannaphong Phatthiyaphaibun / PyThaiNLP",
    "attribution": "ThaiNER corpus by Wannaphong Phatthiyaphaibun / PyThaiNLP, CC BY 3.0",
}
SYNTH = {
    "name": "spacy_deid synthetic clinical notes",
    "url": "spacy_deid.synth (generated at training time)",
    "license": "MIT",
    "author": "spacy_deid contributors",
}
LANGS: Dict[str, Dict[str, object]] = {
    "th": {
        "description": (
            "Thai clinical de-identification: deid_patterns + CNN ner (trained on ThaiNER 1.5 "
            "mapped to spacy_deid labels, and synthetic Thai clinical notes) + deid_anonymizer. "
            "Data attribution: ThaiNER corpus by Wannaphong Phatthiyaphaibun / PyThaiNLP, CC BY 3.0."
        ),
        "license": "CC BY 3.0 (model trained on ThaiNER); spacy_deid code MIT",
        "sources": [THAINER, SYNTH],
    },
    "en": {
        "description": (
            "English clinical de-identification: deid_patterns + CNN ner (trained on synthetic "
            "English clinical notes) + deid_anonymizer."
        ),
        "license": "MIT",
        "sources": [SYNTH],
    },
}


def write_meta(path: Path, lang: str) -> Dict[str, object]:
    """Update ``path/meta.json`` in place for the ``lang`` pipeline; returns the new meta."""
    meta_path = Path(path) / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("lang") != lang:
        raise ValueError(f"{path} is a {meta.get('lang')!r} pipeline, not {lang!r}")
    meta.update(
        {
            "name": "deid_cnn",
            "version": __version__,
            "author": "spacy_deid contributors",
            **LANGS[lang],
        }
    )
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return meta


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pipeline", type=Path)
    parser.add_argument("lang", choices=sorted(LANGS))
    args = parser.parse_args(argv)
    meta = write_meta(args.pipeline, args.lang)
    print(f"{args.pipeline}/meta.json: {meta['lang']}_{meta['name']} {meta['version']}, license {meta['license']}")


if __name__ == "__main__":
    main()
