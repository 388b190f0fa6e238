"""Settings through the environment, and the token file."""
import pytest

from spacy_deid.serve.settings import Limits, ServeSettings, TokenFileError, read_token


def test_settings_round_trip_through_json():
    settings = ServeSettings(pipelines={"th": "rules", "*": "default"}, token_file="/run/token",
                             cors_origins=("http://a.local",), limits=Limits(max_pages=3, max_seconds=9.5))
    assert ServeSettings.from_json(settings.to_env()) == settings


def test_token_file(tmp_path):
    path = tmp_path / "token"
    path.write_text("  s3cret-token-value-1234\n")
    assert read_token(str(path)) == b"s3cret-token-value-1234"
    for content in ("short", "has a space in the middle!!", ""):
        path.write_text(content)
        with pytest.raises(TokenFileError):
            read_token(str(path))
    with pytest.raises(TokenFileError, match="cannot be read"):
        read_token(str(tmp_path / "missing"))
