"""Anonymization operators: one small class each, and the name → class table ``OPERATORS``."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from ..text import is_thai
from .dates import shift_date_text
from .keys import keyed_digest, keyed_int


@dataclass(frozen=True)
class Target:
    """One merged PHI span to render (its text and entity key stay out of ``repr``)."""

    text: str = field(repr=False)
    label: str  # our label
    kind: str  # finer ID kind or ""
    out_label: str  # label in the output scheme
    key: str = field(repr=False)  # spacy_deid.text.entity_key(text)


@dataclass
class Context:
    """Per-document state: keys, the date-shift group, and numbered-tag counters.

    Keys, the text, the group id and entity keys are left out of ``repr`` (secrets and
    PHI). The group and the script are worked out only when an operator asks for them.
    """

    key: bytes | None = field(repr=False)  # the configured secret (None if not given)
    surrogate_key: bytes = field(repr=False)  # the secret, or a per-run random key
    text: str = field(repr=False)  # the document's text
    given_group: str | None = field(repr=False)  # doc._.deid_group, when set
    max_shift_days: int
    day_first: bool
    numbers: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)
    # casefolded name parts of the document's PERSON spans: fake names avoid them all
    names: frozenset[str] = field(default=frozenset(), repr=False)

    @cached_property
    def group(self) -> str:
        """The date-shift group: the given one, else a keyed digest of the text."""
        if self.given_group is not None:
            return self.given_group
        return keyed_digest(self.surrogate_key, "doc", self.text).hex()

    @cached_property
    def thai(self) -> bool:
        """Whether dates are written back in Thai style."""
        return is_thai(self.text)

    def number(self, target: Target) -> int:
        slot = (target.out_label, target.key)
        if slot not in self.numbers:
            self.numbers[slot] = 1 + sum(1 for lab, _ in self.numbers if lab == target.out_label)
        return self.numbers[slot]

    def shift_days(self, key: bytes) -> int:
        """Nonzero offset in [-max, +max] days, a keyed function of the group id."""
        top = self.max_shift_days
        n = keyed_int(key, "date_shift", self.group) % (2 * top)
        return n - top if n < top else n - top + 1


class Operator:
    """Base: ``apply`` returns the replacement, or None to fall back to a tag."""

    name: ClassVar[str]
    params: ClassVar[dict[str, type]] = {}
    needs_key: ClassVar[bool] = False

    def __init__(self, **params: Any):
        self.validate(params)
        for name, value in params.items():
            setattr(self, name, value)

    def validate(self, params: Mapping[str, Any]) -> None:
        for name, value in params.items():
            if name not in self.params:
                raise ValueError(
                    f"unknown parameter {name!r} for operator {self.name!r}; "
                    f"allowed: {sorted(self.params) or 'none'}"
                )
            expected = self.params[name]
            if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
                raise ValueError(
                    f"parameter {name!r} of operator {self.name!r} must be {expected.__name__}"
                )

    def apply(self, target: Target, ctx: Context) -> str | None:
        raise NotImplementedError


class Tag(Operator):
    """``[PERSON]``"""

    name = "tag"

    def apply(self, target: Target, ctx: Context) -> str:
        return f"[{target.out_label}]"


class NumberedTag(Operator):
    """``[PERSON_1]``: the same entity gets the same number within a document."""

    name = "numbered_tag"

    def apply(self, target: Target, ctx: Context) -> str:
        return f"[{target.out_label}_{ctx.number(target)}]"


class Mask(Operator):
    """Every character replaced by ``char`` (same length)."""

    name = "mask"
    params: ClassVar[dict[str, type]] = {"char": str}
    char = "*"

    def validate(self, params: Mapping[str, Any]) -> None:
        super().validate(params)
        if len(params.get("char", "*")) != 1:
            raise ValueError("parameter 'char' of operator 'mask' must be one character")

    def apply(self, target: Target, ctx: Context) -> str:
        return self.char * len(target.text)


class Redact(Operator):
    """The span is removed."""

    name = "redact"

    def apply(self, target: Target, ctx: Context) -> str:
        return ""


class Hash(Operator):
    """``[PERSON:3fa9c2e1]``: HMAC-SHA256 of the entity key, truncated to ``length`` hex digits."""

    name = "hash"
    params: ClassVar[dict[str, type]] = {"length": int}
    needs_key = True
    length = 8

    def validate(self, params: Mapping[str, Any]) -> None:
        super().validate(params)
        if not 4 <= params.get("length", 8) <= 64:
            raise ValueError("parameter 'length' of operator 'hash' must be 4..64")

    def apply(self, target: Target, ctx: Context) -> str:
        assert ctx.key is not None  # checked by the component before rendering
        digest = keyed_digest(ctx.key, "hash", target.key).hex()
        return f"[{target.out_label}:{digest[: self.length]}]"


class DateShift(Operator):
    """The date moved by the group's keyed offset, written in the input's format."""

    name = "date_shift"
    needs_key = True

    def apply(self, target: Target, ctx: Context) -> str | None:
        assert ctx.key is not None
        return shift_date_text(target.text, ctx.shift_days(ctx.key), ctx.thai, ctx.day_first)


class Surrogate(Operator):
    """A consistent fake (Faker th_TH/en_US, IDs with valid checksums); dates are shifted.

    Keyed by the secret when given (consistent across documents and runs), else by a
    random per-run key (consistent within the run only). A fake name uses no part of
    any real name in the document; where the keyed draw would, it draws again, so that
    name may differ from the same entity's fake in other documents.
    """

    name = "surrogate"

    def apply(self, target: Target, ctx: Context) -> str | None:
        if target.label == "DATE":
            days = ctx.shift_days(ctx.surrogate_key)
            return shift_date_text(target.text, days, ctx.thai, ctx.day_first)
        from .surrogates import make_surrogate  # Faker is imported lazily there

        seed = keyed_int(ctx.surrogate_key, "surrogate", target.label, target.kind, target.key)
        return make_surrogate(target.text, target.label, target.kind, seed, ctx.names)


class Keep(Operator):
    """The span stays in clear (it is still listed in the audit)."""

    name = "keep"

    def apply(self, target: Target, ctx: Context) -> str:
        return target.text


OPERATORS: dict[str, type] = {
    op.name: op for op in (Tag, NumberedTag, Mask, Redact, Hash, DateShift, Surrogate, Keep)
}


def build_operator(spec: Mapping[str, Any]) -> Operator:
    """An operator from its config, e.g. ``{"operator": "mask", "char": "#"}``."""
    if "operator" not in spec:
        raise ValueError('missing "operator" (e.g. {"operator": "tag"})')
    params = dict(spec)
    name = params.pop("operator")
    if name not in OPERATORS:
        raise ValueError(f"unknown operator {name!r}; use one of {sorted(OPERATORS)}")
    return OPERATORS[name](**params)
