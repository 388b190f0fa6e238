"""Finding and loading de-identification pipelines: shipped default and fast ones, rules-only,
or any path/package."""
from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import spacy
from spacy.language import Language

from .tokenizer import blank

MODELS_DIR = Path(__file__).parent / "models"
DEFAULT_PIPELINES = {"th": "th_deid_trf", "en": "en_deid_cnn"}
# CNN-only pipelines: several times faster, less recall on real text (docs/benchmarks.md)
FAST_PIPELINES = {"th": "th_deid_cnn", "en": "en_deid_cnn"}
SHIPPED = {"default": DEFAULT_PIPELINES, "fast": FAST_PIPELINES}
LANGS = tuple(DEFAULT_PIPELINES)


class PipelineNotFound(RuntimeError):
    """A requested pipeline is neither installed nor shipped."""


def rules_pipeline(lang: str, anonymizer: dict[str, Any] | None = None) -> Language:
    """Pattern recognizers + anonymizer only (no trained NER: names and addresses are missed)."""
    nlp = blank(lang)
    nlp.add_pipe("deid_patterns")
    config = {"sources": ["deid_patterns"], **(anonymizer or {})}
    # like a config override on a loaded pipeline: given operators add to the defaults
    config["operators"] = {"DEFAULT": {"operator": "tag"}, **config.get("operators", {})}
    nlp.add_pipe("deid_anonymizer", config=config)
    return nlp


def default_pipeline_path(lang: str, spec: str = "default") -> Path:
    """Folder of the shipped trained pipeline ``spec`` ("default" or "fast") for ``lang``."""
    if lang not in DEFAULT_PIPELINES:
        raise PipelineNotFound(f"No default pipeline for language {lang!r}; use one of {LANGS}.")
    return MODELS_DIR / SHIPPED[spec][lang]


def load_pipeline(
    spec: str, lang: str, anonymizer: dict[str, Any] | None = None
) -> Language:
    """Load a pipeline by ``spec``: "default", "fast", "rules", an installed package name or a path.

    ``anonymizer`` overrides settings of the ``deid_anonymizer`` component.
    """
    if spec == "rules":
        return rules_pipeline(lang, anonymizer)
    if spec in SHIPPED:
        name = SHIPPED[spec].get(lang)
        if name and spacy.util.is_package(name):
            nlp = spacy.load(name)
        else:
            path = default_pipeline_path(lang, spec)
            if not (path / "config.cfg").exists():
                raise PipelineNotFound(
                    f"The {spec} {lang} pipeline is missing ({path}). Rebuild it with "
                    "`spacy project run all`, or choose one with --pipeline (a path, a package, "
                    "or 'rules' for pattern recognizers only)."
                )
            nlp = spacy.load(path)
    elif Path(spec).exists() or spacy.util.is_package(spec):
        nlp = spacy.load(spec)
    else:
        raise PipelineNotFound(
            f"Pipeline {spec!r} is neither a folder nor an installed package: pass a pipeline "
            "folder, a package name, 'default', 'fast' or 'rules'."
        )
    if anonymizer:
        reconfigure_anonymizer(nlp, anonymizer)
    return nlp


def reconfigure_anonymizer(nlp: Language, overrides: dict[str, Any]) -> None:
    """Rebuild the pipeline's ``deid_anonymizer`` with ``overrides`` (operators add to its own).

    The anonymizer holds no trained state, so rebuilding it from its config is lossless;
    spaCy's config overrides cannot add operator entries the stored config does not have.
    """
    name = anonymizer_name(nlp)
    config = {k: v for k, v in nlp.config["components"][name].items() if k != "factory"}
    allow = cast(Any, nlp.get_pipe(name)).allow  # data, not config: carried over to the new one
    nlp.replace_pipe(name, "deid_anonymizer", config=with_overrides(config, overrides))
    cast(Any, nlp.get_pipe(name)).add_allow(allow)


def anonymizer_name(nlp: Language) -> str:
    """Name of the pipeline's one ``deid_anonymizer`` (raises if it has none or several)."""
    names = [name for name, proc in nlp.pipeline if type(proc).__name__ == "DeidAnonymizer"]
    if len(names) != 1:
        raise PipelineNotFound(
            f"Anonymizer settings were given but the pipeline has {len(names)} deid_anonymizer "
            "components; it needs exactly one."
        )
    return names[0]


def with_overrides(config: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A ``deid_anonymizer`` config with ``overrides`` applied: given operators add to its own."""
    operators = {**config.get("operators", {}), **overrides.get("operators", {})}
    return {**config, **overrides, "operators": operators}
