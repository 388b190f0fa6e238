"""The worker side without Spark: settings, group ids, failures and items, on pandas batches."""
import json

import pandas as pd
import pytest

from spacy_deid.spark.frames import settings
from spacy_deid.spark.worker import Settings, group_value, redactor_for, text_batches

RULES = Settings(pipelines={"*": "rules"})


def test_group_value_does_not_depend_on_the_batch():
    assert group_value(7) == group_value(7.0) == "7"  # an int column with a null arrives as floats
    assert group_value("HN-1") == "HN-1"
    assert group_value(None) is None and group_value(float("nan")) is None and group_value(pd.NA) is None


def test_settings_reject_raw_values_and_keys():
    with pytest.raises(ValueError):
        settings("rules", anonymizer={"audit_values": True})
    with pytest.raises(ValueError):
        settings("rules", anonymizer={"key": "abc"})
    with pytest.raises(ValueError):
        settings("rules", lang="fr")
    assert settings("rules", operators={"DATE": "date_shift"}).anonymizer == {
        "operators": {"DATE": {"operator": "date_shift"}}}
    assert settings("rules", operators={"date": "date_shift", "id/ssn": {"operator": "mask"}}).anonymizer == {
        "operators": {"DATE": {"operator": "date_shift"}, "ID/SSN": {"operator": "mask"}}}


def test_one_redactor_per_worker_and_settings():
    assert redactor_for(RULES) is redactor_for(Settings(pipelines={"*": "rules"}))
    assert redactor_for(RULES) is not redactor_for(Settings(pipelines={"*": "rules"}, lang="en"))


def test_batch_rows_fail_alone_without_text_in_errors(monkeypatch):
    monkeypatch.delenv("SPACY_DEID_TEST_UNSET_KEY", raising=False)
    worker = settings("rules", lang="en", operators={"DATE": "date_shift"},
                      anonymizer={"key_env": "SPACY_DEID_TEST_UNSET_KEY"})
    frame = pd.DataFrame({"text": ["Call 415-555-0132", None, "Seen 12/03/2024 by Ann", 5],
                          "n": [1, 2, 3, 4]})
    [out] = list(text_batches(iter([frame]), worker, "text", None, None))
    assert out["n"].tolist() == [1, 2, 3, 4]
    assert out["deid_status"].tolist() == ["ok", "failed", "failed", "failed"]
    assert out["deid_text"][0] == "Call [PHONE]"
    assert json.loads(out["deid_items"][0])[0]["label"] == "PHONE"
    assert out["deid_error"][1] == "the text is null"
    assert out["deid_error"][3] == "the text is not a string"
    assert "MissingKeyError" in out["deid_error"][2] and "12/03" not in out["deid_error"][2]
    assert out["deid_text"][1:].isna().all() and out["deid_items"][1:].isna().all()


def test_unknown_row_language_fails_that_row():
    frame = pd.DataFrame({"text": ["Call 415-555-0132", "Call 415-555-0132"], "lang": ["fr", None]})
    [out] = list(text_batches(iter([frame]), RULES, "text", "lang", None))
    assert out["deid_status"].tolist() == ["failed", "ok"]
    assert out["deid_lang"][1] == "en"
