"""PyThaiNLP's Thai NER (the ThaiNER 1.5.1 CRF) driven offline, as faithfully as we can.

PyThaiNLP's ``ThaiNameTagger(version="1.5")`` needs two downloads at run time (the CRF
model and the "blackboard" perceptron POS tagger), so none of its NER engines runs
offline as shipped. Its wheel does bundle the CRF itself,
``pythainlp/corpus/thainer_crf_1_5_1.model``. This module drives that file directly with
python-crfsuite, the way ``ThaiNameTagger.get_ner`` does:

1. words: ``word_tokenize(text, engine="mm")`` (PyThaiNLP's own choice for this tagger;
   the model was trained on ``newmm`` words, selectable with ``tokenizer``);
2. POS: the model wants blackboard/LST20 tags (NN, VV, PU, ...), whose tagger is not
   bundled. We tag with the bundled ORCHID perceptron and map ORCHID's 47 tags to the 15
   LST20 tags seen in the model (:data:`ORCHID_TO_LST20`): the approximation;
3. features: ``features="pythainlp"`` uses PyThaiNLP 5.4's own feature function
   (``ThaiNameTagger._extract_features``), i.e. exactly what its users run. Note that two of
   its attribute names differ from the ones stored in the model (``word.prevpostag`` vs
   ``word.prepostag``, ``word.isdigit`` vs ``word.isdigit()``), so the model never sees
   those two features. ``features="training"`` emits the attribute names the model was
   trained with (read from the model file) instead;
4. the CRF's BIO tags become character spans; :func:`crf_to_ours` maps them to our labels
   with the ONE ThaiNER table (``spacy_deid.workflow.thainer.map_entity``).

The model was trained on the ThaiNER 1.5 corpus (its ``train.txt``), so scores on any
split of that file flatter it.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from spacy_deid.workflow.thainer import map_entity

MODEL_FILE = "thainer_crf_1_5_1.model"
FeatureSet = Literal["pythainlp", "training"]
Token = tuple[int, int, str]  # start, end, text

# ORCHID (47 tags) → blackboard / LST20 (15 tags). LST20: NN noun (incl. proper nouns),
# VV verb, AJ adjective/determiner-like modifiers, AV adverb, AX auxiliary, CC
# conjunction, CL classifier, FX prefix, IJ interjection, NG negator, NU number,
# PA particle, PR pronoun, PS preposition, PU punctuation, XX other.
ORCHID_TO_LST20: dict[str, str] = {
    "NPRP": "NN", "NCMN": "NN", "NTTL": "NN", "NLBL": "NN",
    "NCNM": "NU", "NONM": "NU", "DCNM": "NU", "DONM": "NU",
    "PPRS": "PR", "PDMN": "PR", "PNTR": "PR", "PREL": "PR",
    "VACT": "VV", "VSTA": "VV", "VATT": "AJ",
    "XVBM": "AX", "XVAM": "AX", "XVMM": "AX", "XVBB": "AX", "XVAE": "AX",
    "DDAN": "AJ", "DDAC": "AJ", "DDBQ": "AJ", "DDAQ": "AJ",
    "DIAC": "AJ", "DIBQ": "AJ", "DIAQ": "AJ",
    "ADVN": "AV", "ADVI": "AV", "ADVP": "AV", "ADVS": "AV",
    "CNIT": "CL", "CLTV": "CL", "CMTR": "CL", "CFQC": "CL", "CVBL": "CL",
    "JCRG": "CC", "JCMP": "CC", "JSBR": "CC",
    "RPRE": "PS",
    "INT": "IJ",
    "FIXN": "FX", "FIXV": "FX",
    "EAFF": "PA", "EITT": "PA",
    "NEG": "NG",
    "PUNC": "PU",
}


def model_path() -> Path:
    """The CRF file bundled in the installed pythainlp wheel (raises if absent)."""
    from pythainlp.corpus import corpus_path

    path = Path(corpus_path()) / MODEL_FILE
    if not path.exists():
        raise FileNotFoundError(f"{MODEL_FILE} is not bundled with this pythainlp ({path}).")
    return path


def _is_thai_word(word: str) -> bool:
    """Thai block characters (or '.') only, as in the model's training features."""
    return all("\u0e00" <= ch <= "\u0e7f" or ch == "." for ch in word)


def training_features(
    tagged: Sequence[tuple[str, str]], stopwords: frozenset
) -> list[dict[str, str | bool]]:
    """Per-word features under the attribute names stored in the model file."""
    out = []
    last = len(tagged) - 1
    for i, (word, pos) in enumerate(tagged):
        f: dict[str, str | bool] = {
            "word.word": word,
            "word.stopword": word in stopwords,
            "word.isthai": _is_thai_word(word),
            "word.isspace": word.isspace(),
            "postag": pos,
            "word.isdigit()": word.isdigit(),
        }
        if word.isdigit() and len(word) == 5:
            f["word.islen5"] = True
        if i > 0:
            prev, prev_pos = tagged[i - 1]
            f.update({
                "word.prevword": prev,
                "word.previsspace": prev.isspace(),
                "word.previsthai": _is_thai_word(prev),
                "word.prevstopword": prev in stopwords,
                "word.prepostag": prev_pos,
                "word.prevwordisdigit": prev.isdigit(),
            })
        else:
            f["BOS"] = True
        if i < last:
            nxt, next_pos = tagged[i + 1]
            f.update({
                "word.nextword": nxt,
                "word.nextisspace": nxt.isspace(),
                "word.nextpostag": next_pos,
                "word.nextisthai": _is_thai_word(nxt),
                "word.nextstopword": nxt in stopwords,
                "word.nextwordisdigit": nxt.isdigit(),
            })
        else:
            f["EOS"] = True
        out.append(f)
    return out


def bio_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Character spans ``(start, end, tag)`` of BIO-tagged tokens, outer whitespace trimmed."""
    spans: list[tuple[int, int, str]] = []
    current = None  # [start, end, tag]
    for (start, end, _), tag in zip(tokens, tags):
        prefix, _, name = tag.partition("-")
        if prefix == "I" and current is not None and current[2] == name:
            current[1] = end
            continue
        if current is not None:
            spans.append(tuple(current))
        current = [start, end, name] if prefix in ("B", "I") else None
    if current is not None:
        spans.append(tuple(current))
    return spans


class ThaiNerCrf:
    """The bundled ThaiNER 1.5.1 CRF with an ORCHID→LST20 POS approximation."""

    def __init__(self, features: FeatureSet = "pythainlp", tokenizer: str = "mm") -> None:
        import pycrfsuite
        from pythainlp.corpus import thai_stopwords

        if features not in ("pythainlp", "training"):
            raise ValueError(f"features must be 'pythainlp' or 'training', not {features!r}")
        self.features = features
        self.tokenizer = tokenizer
        self.stopwords = frozenset(thai_stopwords())
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path()))

    def tokenize(self, text: str) -> list[Token]:
        """PyThaiNLP words with character offsets (whitespace kept, as the tagger does)."""
        from pythainlp.tokenize import word_tokenize

        tokens: list[Token] = []
        pos = 0
        for word in word_tokenize(text, engine=self.tokenizer, keep_whitespace=True):
            start = text.find(word, pos)
            if start < 0:  # the tokenizer altered the text: skip, never misalign
                continue
            tokens.append((start, start + len(word), word))
            pos = start + len(word)
        return tokens

    def tag_tokens(self, tokens: Sequence[Token]) -> list[str]:
        """BIO tags (ThaiNER's tag set) for the tokens."""
        from pythainlp.tag import pos_tag

        words = [t[2] for t in tokens]
        if not words:
            return []
        tagged = [
            (w, ORCHID_TO_LST20.get(p, "XX"))
            for w, p in pos_tag(words, engine="perceptron", corpus="orchid")
        ]
        if self.features == "pythainlp":
            from pythainlp.tag.thainer import ThaiNameTagger

            feats = ThaiNameTagger._extract_features(tagged)
        else:
            feats = training_features(tagged, self.stopwords)
        return list(self.tagger.tag(feats))

    def entities(self, text: str) -> list[tuple[int, int, str]]:
        """ThaiNER-labelled character spans found in ``text``."""
        tokens = self.tokenize(text)
        spans = bio_to_spans(tokens, self.tag_tokens(tokens))
        out = []
        for start, end, tag in spans:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                out.append((start, end, tag))
        return out


def crf_to_ours(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """ThaiNER-labelled spans → our labels via the one ThaiNER table (non-PHI dropped)."""
    out = []
    for start, end, tag in spans:
        mapped = map_entity(tag, text[start:end], text[:start])
        if mapped is not None:
            out.append((start + mapped[0], start + mapped[1], mapped[2]))
    return out


def native_gold(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and ThaiNER spans of one corpus line, in the CRF's own tag set.

    As in the model's training data: FACILITY counts as LOCATION; AGO and T are not
    tags of the model and are dropped. Used only to check our reproduction against
    PyThaiNLP's published token-level scores, never to score against our labels.
    """
    from spacy_deid.workflow.thainer import BOM, TAG_MAP, TAG_RE

    line = line.replace(BOM, "").rstrip("\r\n")
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = length = 0
    opened: tuple[str, int] | None = None
    for match in TAG_RE.finditer(line):
        if match.group(2) not in TAG_MAP:
            continue
        out.append(line[pos : match.start()])
        length += match.start() - pos
        pos = match.end()
        if match.group(1) != "/":
            opened = (match.group(2), length)
        elif opened is not None:
            tag = {"FACILITY": "LOCATION"}.get(opened[0], opened[0])
            if tag not in ("AGO", "T") and length > opened[1]:
                spans.append((opened[1], length, tag))
            opened = None
    out.append(line[pos:])
    return "".join(out), spans


def token_micro_f1(crf: ThaiNerCrf, lines: Sequence[str]) -> dict[str, float]:
    """Token-level micro P/R/F over non-O BIO tags (how PyThaiNLP reports ThaiNER).

    Gold tags come from :func:`native_gold` projected on the CRF's own words (a word
    takes the tag of the entity holding its first character; B on the first such word).
    """
    tp = n_pred = n_gold = 0
    for line in lines:
        text, spans = native_gold(line)
        if not text.strip():
            continue
        tokens = crf.tokenize(text)
        pred = crf.tag_tokens(tokens)
        gold = []
        for start, _, _ in tokens:
            hit = next((s for s in spans if s[0] <= start < s[1]), None)
            if hit is None:
                gold.append("O")
            else:
                first = gold and gold[-1] != "O" and gold[-1][2:] == hit[2] and start > hit[0]
                gold.append(("I-" if first else "B-") + hit[2])
        for g, p in zip(gold, pred):
            n_gold += g != "O"
            n_pred += p != "O"
            tp += g != "O" and g == p
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f": f, "support": n_gold}
