"""Request and response bodies of the API (pydantic models: the OpenAPI page is built from them)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..labels import operator_settings

Lang = Literal["auto", "th", "en"]
Scheme = Literal["ours", "jsl", "thai_deid"]
OperatorValue = str | dict[str, str | int | float | bool]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class RedactRequest(_Strict):
    """One text (``text``) or a batch (``texts``), with optional operators and label scheme."""

    text: str | None = Field(None, description="one document")
    texts: list[str] | None = Field(None, description="a batch of documents (instead of text)")
    lang: Lang = "auto"
    operators: dict[str, OperatorValue] = Field(
        default_factory=dict,
        description='per label: an operator name ("surrogate") or its settings '
                    '({"operator": "mask", "char": "#"}); DEFAULT for the rest, ID/<KIND> for an ID kind')
    label_scheme: Scheme | None = None

    @model_validator(mode="after")
    def _one_form(self) -> RedactRequest:
        if (self.text is None) == (self.texts is None):
            raise ValueError("give exactly one of text or texts")
        return self

    def overrides(self) -> dict[str, Any]:
        """The anonymizer settings this request asks for (empty: the pipeline's own)."""
        return anonymizer_overrides(self.operators, self.label_scheme)


def anonymizer_overrides(operators: dict[str, OperatorValue], label_scheme: str | None) -> dict[str, Any]:
    """The anonymizer overrides of a request: its operators keyed and shaped as the CLI's
    ``--operator`` and Spark give them (:func:`spacy_deid.labels.operator_settings`)."""
    overrides: dict[str, Any] = {}
    if operators:
        overrides["operators"] = operator_settings(operators)
    if label_scheme:
        overrides["label_scheme"] = label_scheme
    return overrides


class Item(BaseModel):
    """One replaced span: offsets into the input text, label (in the output scheme), ID kind,
    the detector it came from, its score and the operator applied."""

    start: int
    end: int
    label: str
    kind: str
    source: str
    score: float
    operator: str


class Result(BaseModel):
    text: str
    items: list[Item]
    lang: str


class BatchResult(BaseModel):
    results: list[Result]


class ReviewedSpan(_Strict):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: str
    kind: str | None = None


class RenderRequest(_Strict):
    """A text and its reviewed spans (labels ours), rendered with the request's operators."""

    text: str
    lang: Literal["th", "en"]
    spans: list[ReviewedSpan]
    operators: dict[str, OperatorValue] = Field(default_factory=dict)
    label_scheme: Scheme | None = None

    def overrides(self) -> dict[str, Any]:
        return anonymizer_overrides(self.operators, self.label_scheme)


class ReviewedDoc(BaseModel):
    """One reviewed document as the review page exports it (JSONL line)."""

    model_config = ConfigDict(extra="ignore")
    text: str
    lang: Literal["th", "en"]
    spans: list[ReviewedSpan]


class ExportRequest(_Strict):
    docs: list[ReviewedDoc] = Field(min_length=1)
