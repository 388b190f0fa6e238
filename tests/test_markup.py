"""spacy_deid.markup_infixes.v1: tags split from the words they touch, nothing else changes."""
import json
from pathlib import Path

import spacy

from spacy_deid.markup import create_markup_infixes
from spacy_deid.pipelines import load_pipeline


def words(nlp, text):
    return [t.text for t in nlp.make_doc(text)]


def test_tags_split_from_words():
    nlp = create_markup_infixes()(spacy.blank("en"))
    assert words(nlp, "<Given>Hamid</Given><Family>Karimi</Family>") == [
        "<Given>", "Hamid", "</Given>", "<Family>", "Karimi", "</Family>"
    ]
    assert words(nlp, "<li>Dr Smith</li><br/>") == ["<li>", "Dr", "Smith", "</li>", "<br/>"]
    assert words(nlp, '<Patient id="x1">Jo</Patient>') == ["<", "Patient", 'id="x1"', ">", "Jo", "</Patient>"]


def test_text_without_angle_brackets_is_tokenized_as_before():
    plain, markup = spacy.blank("en"), create_markup_infixes()(spacy.blank("en"))
    handwritten = Path(__file__).parents[1] / "assets" / "dev" / "handwritten" / "en.jsonl"
    texts = [json.loads(line)["text"] for line in handwritten.read_text(encoding="utf-8").splitlines()]
    texts += ["Call 1-800-555-0114, e-mail jo.smith@example.org, see https://x.org/a?b=1&c=2."]
    for text in texts:
        text = text.replace("<", " ").replace(">", " ")
        assert words(markup, text) == words(plain, text)


def test_shipped_english_pipeline_keeps_the_tags_around_a_name():
    nlp = load_pipeline("default", "en")
    doc = nlp("<Patient><Given>Hamid</Given><Family>Karimi</Family></Patient>")
    assert doc._.deid_text == "<Patient><Given>[PERSON]</Given><Family>[PERSON]</Family></Patient>"
