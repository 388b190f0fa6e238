"""One recognizer row (plain data) and the regex helper the tables share."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Recognizer:
    """One row: what to match, what it is, how sure we are (rules: ``recognizers.py``)."""

    name: str
    label: str
    pattern: str
    score: float
    kind: str = ""
    context: tuple[str, ...] = ()
    context_required: bool = False
    context_boost: float = 0.1
    validator: str | None = None
    invalid_score: float | None = None
    ignore_case: bool = False
    starts: str = ""


def one_of(words: Iterable[str]) -> str:
    """A regex for any of the literal ``words``, longest first, factored by common prefix.

    ``re`` tries the branches of an alternation one by one; factored, it tries only
    the words that go on with the text's next character ("กระบี่|กรุงเทพ" becomes
    "กร(?:ะบี่|ุงเทพ)"). Where one word is a prefix of another, the longer is tried
    first, as in a list sorted longest first.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)
